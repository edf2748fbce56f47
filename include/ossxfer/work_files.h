// The files a transfer keeps beside its data while it runs: a download's
// temp file and checkpoint, an upload's or a copy's checkpoint, the lock of a
// checkpoint, and the staging file of a checkpoint being replaced. Named
// here once, for the transfers that make them and for callers that walk a
// directory and must not take them for data (cp -r).
#ifndef OSSXFER_WORK_FILES_H_
#define OSSXFER_WORK_FILES_H_

#include <filesystem>
#include <string_view>

namespace ossxfer {

inline constexpr std::string_view kDownloadTempSuffix = ".ossxfer-tmp";
inline constexpr std::string_view kDownloadCheckpointSuffix = ".dcp";
inline constexpr std::string_view kUploadCheckpointSuffix = ".ucp";
inline constexpr std::string_view kCopyCheckpointSuffix = ".ccp";
inline constexpr std::string_view kCheckpointLockSuffix = ".lock";

// The directory `cp -r` keeps every temp file and checkpoint of a tree in,
// at the tree's root, so that no key or file name of the tree can be taken
// for one of them (keys under it are refused; the walk of an upload skips
// it).
inline constexpr std::string_view kWorkDirectoryName = ".ossxfer-work";

// True for a name ending in one of the suffixes above (a checkpoint's lock
// is "<checkpoint>.lock"), and for ".<checkpoint name>.tmp", the staging
// file of a checkpoint replace (earlier releases named it
// ".<checkpoint name>.tmp-<16 hex>").
bool IsTransferWorkFile(const std::filesystem::path& path);

}  // namespace ossxfer

#endif  // OSSXFER_WORK_FILES_H_
