// The directory fsyncs a whole job owes, taken once each at its end.
//
// A download ends by renaming its temp file into place and fsyncing the
// directories the rename changed, so that the file survives a power loss
// once Download returns. For a tree of small files those fsyncs were two
// of the three each file cost. A job that gives every DownloadRequest the
// same batch (DownloadRequest::directory_syncs; cp -r and sync do) defers
// them: each directory that received files is fsynced once, by SyncAll,
// which the job must call, and check, before it reports success. Until
// then a power loss can lose a finished file's new name, never its bytes
// (they were fsynced before the rename, so no torn or empty file appears):
// the destination keeps what it had, and a re-run fetches the file again.
#ifndef OSSXFER_DIRECTORY_SYNC_BATCH_H_
#define OSSXFER_DIRECTORY_SYNC_BATCH_H_

#include <filesystem>
#include <mutex>
#include <set>

#include "ossxfer/status.h"

namespace ossxfer {

class DirectorySyncBatch {
 public:
  // A directory to fsync at SyncAll. Thread-safe.
  void Add(const std::filesystem::path& directory);
  // Fsyncs every directory added since the last call, once each; the first
  // failure is returned after all were tried (a directory that no longer
  // exists is skipped: nothing in it needs to last).
  Status SyncAll();
  // Directories waiting for SyncAll.
  size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::set<std::filesystem::path> directories_;
};

}  // namespace ossxfer

#endif  // OSSXFER_DIRECTORY_SYNC_BATCH_H_
