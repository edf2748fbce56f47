// Facts about OSS storage classes (x-oss-storage-class: Standard, IA,
// Archive, ColdArchive, DeepColdArchive) that both the client and serve act
// on. Reference: ../shared/oss-protocol.md §5.4.
#ifndef OSSXFER_OSS_STORAGE_CLASS_H_
#define OSSXFER_OSS_STORAGE_CLASS_H_

#include <string_view>

namespace ossxfer::oss {

// Archive, ColdArchive and DeepColdArchive: an object of these classes must
// be restored (POST ?restore) before a GET may read it; until then OSS
// answers 403 InvalidObjectState.
bool IsArchiveClass(std::string_view storage_class);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_STORAGE_CLASS_H_
