// Where a download writes: the destination, its temp file and checkpoint.
#ifndef OSSXFER_TRANSFER_DOWNLOAD_PATHS_H_
#define OSSXFER_TRANSFER_DOWNLOAD_PATHS_H_

#include <filesystem>
#include <string_view>

#include "ossxfer/download.h"
#include "ossxfer/result.h"

namespace ossxfer::transfer {

struct DownloadPaths {
  std::filesystem::path destination;  // absolute
  std::filesystem::path temp;         // == destination without temp files
  std::filesystem::path checkpoint;   // empty with the checkpoint off
  // The destination is a character device such as /dev/null: bytes are
  // written to it directly (verified, then dropped) with no temp file, no
  // checkpoint, no preallocation, no fsync, no lock and never a removal.
  bool device = false;
};

// Checks that the destination is not a directory and that its directory
// exists (a character device is used as is); creates a checkpoint directory
// when one is named. `object_key` names the object
// (ObjectSource::CheckpointKey) for the checkpoint's file name in a shared
// checkpoint directory.
Result<DownloadPaths> ResolveDownloadPaths(const DownloadRequest& request,
                                           std::string_view object_key);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_DOWNLOAD_PATHS_H_
