#include "server/temp_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "server/random_id.h"
#include "util/status_macros.h"

namespace ossxfer::server {
namespace {

// Random 128-bit names collide only by a bug; a few retries make even that
// survivable instead of fatal.
constexpr int kNameAttempts = 4;

}  // namespace

Result<std::unique_ptr<TempFile>> TempFile::Create(
    const std::filesystem::path& tmp_dir) {
  Status last;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    std::filesystem::path path = tmp_dir / RandomHexId();
    Result<UniqueFd> fd = CreateExclusive(path);
    if (fd.ok()) {
      UniqueFd direct_fd = OpenDirectForWriting(path);
      return std::unique_ptr<TempFile>(new TempFile(
          std::move(fd).value(), std::move(direct_fd), std::move(path)));
    }
    last = fd.status();
    std::error_code error;
    if (!std::filesystem::exists(path, error)) break;  // not a collision
  }
  return last;
}

TempFile::~TempFile() {
  fd_.Reset();
  if (!published_) (void)RemoveFile(path_);  // nothing to report it to
}

Status TempFile::Write(const char* data, size_t size) {
  if (published_) return Status::Internal("write to a published file");
  while (size > 0) {
    if (!direct_fd_.valid()) {
      RETURN_IF_ERROR(WriteGathered());
      return WriteThrough(data, size);
    }
    if (!block_) {
      block_ = util::BlockPool::Shared().Take(kBlockBytes);
      if (!block_) {
        // Out of memory for a block: the ordinary way needs none.
        direct_fd_.Reset();
        continue;
      }
    }
    const size_t take = std::min(size, kBlockBytes - gathered_);
    std::memcpy(block_.get() + gathered_, data, take);
    gathered_ += take;
    data += take;
    size -= take;
    if (gathered_ == kBlockBytes) RETURN_IF_ERROR(WriteBlock());
  }
  return Status::Ok();
}

Status TempFile::WriteBlock() {
  size_t done = 0;
  while (done < gathered_) {
    const ssize_t n =
        pwrite(direct_fd_.get(), block_.get() + done, gathered_ - done,
               static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EINVAL) return ErrnoError("write", path_, errno);
    if (n <= 0 || static_cast<size_t>(n) % util::kDirectIoAlignment != 0) {
      // EINVAL (an alignment this file system refuses after all) or a short
      // write that left the rest unaligned: the ordinary descriptor takes
      // the rest of this block and every later byte.
      if (n > 0) done += static_cast<size_t>(n);
      direct_fd_.Reset();
      break;
    }
    done += static_cast<size_t>(n);
  }
  written_ += done;
  direct_bytes_ += done;
  const size_t rest = gathered_ - done;
  gathered_ = 0;
  return WriteThrough(block_.get() + done, rest);
}

Status TempFile::WriteGathered() {
  const size_t size = gathered_;
  gathered_ = 0;
  return WriteThrough(block_.get(), size);
}

Status TempFile::WriteThrough(const char* data, size_t size) {
  if (size == 0) return Status::Ok();
  RETURN_IF_ERROR(WriteFullyAt(fd_.get(), data, size, written_, path_));
  written_ += size;
  return Status::Ok();
}

Result<std::string> TempFile::Publish(const std::filesystem::path& dir) {
  if (published_) return Status::Internal("file published twice");
  RETURN_IF_ERROR(WriteGathered());
  block_.reset();  // back to the pool: the body is all in the file
  direct_fd_.Reset();
  Status synced = SyncFile(fd_.get(), path_);
  if (!synced.ok()) return synced;
  Status last;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    std::string name = RandomHexId();
    bool exists = false;
    Status renamed = RenameNoReplace(path_, dir / name, &exists);
    if (renamed.ok()) {
      published_ = true;
      fd_.Reset();
      // The rename is durable only once the directory is: without this a
      // crash could lose a file whose metadata is already committed.
      Status dir_synced = SyncDirectory(dir);
      if (!dir_synced.ok()) {
        (void)RemoveFile(dir / name);
        return dir_synced;
      }
      path_ = dir / name;
      return name;
    }
    last = renamed;
    if (!exists) break;
  }
  return last;
}

}  // namespace ossxfer::server
