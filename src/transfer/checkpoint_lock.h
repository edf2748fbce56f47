// An exclusive lock for one checkpoint, held for the length of a transfer,
// so that two processes never drive the same checkpoint (and the same
// multipart upload) at once: the second fails at once, saying who to wait
// for. The lock is a file "<checkpoint>.lock" beside the checkpoint,
// removed when the lock is released.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_LOCK_H_
#define OSSXFER_TRANSFER_CHECKPOINT_LOCK_H_

#include <filesystem>

#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::transfer {

class CheckpointLock {
 public:
  // kPreconditionFailed when another process holds it.
  static Result<CheckpointLock> Acquire(
      const std::filesystem::path& checkpoint);

  CheckpointLock(CheckpointLock&&) = default;
  CheckpointLock& operator=(CheckpointLock&&) = delete;
  ~CheckpointLock();

 private:
  explicit CheckpointLock(util::File file) : file_(std::move(file)) {}
  util::File file_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_LOCK_H_
