#include "transfer/checkpoint_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "ossxfer/work_files.h"

namespace ossxfer::transfer {
namespace {

// True when `path` still names the file open as `fd`: the lock was not
// taken on a lock file that its previous holder unlinked meanwhile.
bool StillNamesTheFile(const std::filesystem::path& path, int fd) {
  struct stat by_path {};
  struct stat by_fd {};
  return ::stat(path.c_str(), &by_path) == 0 && ::fstat(fd, &by_fd) == 0 &&
         by_path.st_dev == by_fd.st_dev && by_path.st_ino == by_fd.st_ino;
}

}  // namespace

Result<CheckpointLock> CheckpointLock::Acquire(
    const std::filesystem::path& checkpoint) {
  const std::filesystem::path path =
      checkpoint.string() + std::string(kCheckpointLockSuffix);
  // A holder that finishes unlinks its lock file; whoever locked that
  // unlinked file opens the new one and tries again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    Result<util::File> file =
        util::File::OpenWorkFile(path, O_RDWR | O_CREAT, 0600);
    if (!file.ok()) {
      return file.status().WithContext("cannot create the checkpoint's lock");
    }
    Status locked = file->TryLock();
    if (!locked.ok()) {
      if (locked.code() != StatusCode::kBusy) return locked;
      return Status::Busy(
          "another ossxfer process is running this transfer (checkpoint " +
          checkpoint.string() + " is locked); wait for it or stop it");
    }
    if (StillNamesTheFile(path, file->fd())) {
      return CheckpointLock(std::move(*file));
    }
  }
  return Status::Busy("the lock of checkpoint " + checkpoint.string() +
                      " keeps changing hands; try again");
}

CheckpointLock::~CheckpointLock() {
  if (file_.fd() < 0) return;
  // Unlinked while still held, so nobody can lock it between the unlink
  // and the close.
  ::unlink(file_.path().c_str());
}

}  // namespace ossxfer::transfer
