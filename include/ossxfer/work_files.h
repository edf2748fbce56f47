// The files a transfer keeps beside its data while it runs: a download's
// temp file and checkpoint, an upload's checkpoint, and the lock of a
// checkpoint. Named here once, for the transfers that make them and for
// callers that walk a directory and must not take them for data (cp -r).
#ifndef OSSXFER_WORK_FILES_H_
#define OSSXFER_WORK_FILES_H_

#include <filesystem>
#include <string_view>

namespace ossxfer {

inline constexpr std::string_view kDownloadTempSuffix = ".ossxfer-tmp";
inline constexpr std::string_view kDownloadCheckpointSuffix = ".dcp";
inline constexpr std::string_view kUploadCheckpointSuffix = ".ucp";
inline constexpr std::string_view kCheckpointLockSuffix = ".lock";

// True for a name ending in one of the suffixes above (a checkpoint's lock
// is "<checkpoint>.lock").
bool IsTransferWorkFile(const std::filesystem::path& path);

}  // namespace ossxfer

#endif  // OSSXFER_WORK_FILES_H_
