#include "oss/storage_class.h"

namespace ossxfer::oss {

bool IsArchiveClass(std::string_view storage_class) {
  return storage_class == "Archive" || storage_class == "ColdArchive" ||
         storage_class == "DeepColdArchive";
}

}  // namespace ossxfer::oss
