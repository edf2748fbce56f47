// A POSIX file descriptor with the operations transfers need: positional
// reads and writes, exact-size allocation, durability, and locking.
// Errors name the path and the system's reason ("No space left on device").
// The calls whose failure can lose data go through the util::FileSystem
// the file was opened with (file_system.h), so tests can make them fail.
#ifndef OSSXFER_UTIL_FILE_H_
#define OSSXFER_UTIL_FILE_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "ossxfer/directory_sync_batch.h"
#include "ossxfer/result.h"
#include "util/file_system.h"

namespace ossxfer::util {

class File {
 public:
  // open(2) with O_CLOEXEC added. ENOENT gives kNotFound, EACCES/EPERM
  // kPermissionDenied, anything else kIoError.
  // Reads, writes, syncs and resizes go through `file_system`, which must
  // outlive the File.
  static Result<File> Open(const std::filesystem::path& path, int flags,
                           mode_t mode = 0644,
                           FileSystem& file_system = FileSystem::Posix());
  // Open() for a file ossxfer keeps for itself (a temp file, a checkpoint,
  // a lock), at a path that someone else may have prepared: a symbolic
  // link there is refused, not followed (O_NOFOLLOW), and so is anything
  // but a regular file with a single name (a FIFO, a device, a directory,
  // a hard link to a file elsewhere). The open never blocks on a FIFO.
  // kIoError naming the path, what is there and what to do.
  static Result<File> OpenWorkFile(
      const std::filesystem::path& path, int flags, mode_t mode = 0644,
      FileSystem& file_system = FileSystem::Posix());
  // The same file opened again, with a file description of its own and
  // `flags` (O_DIRECT, say), through /proc/self/fd: no path lookup, so
  // nothing renamed or planted meanwhile can be opened instead. The same
  // FileSystem.
  Result<File> Reopen(int flags) const;
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  ~File();  // closes (a lock held with TryLock goes with it)

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  FileSystem& file_system() const { return *file_system_; }

  // Exactly `size` bytes at `offset`, retrying short reads; reading past
  // the end is an error naming the offset.
  Status ReadAt(void* buffer, size_t size, uint64_t offset) const;
  // All `size` bytes at `offset`, retrying short writes.
  Status WriteAt(const void* data, size_t size, uint64_t offset);
  // Makes the file exactly `size` bytes: ftruncate, then fallocate for the
  // whole length where the file system supports it (so a full disk fails
  // now, not mid-download), silently skipped where it does not.
  Status Allocate(uint64_t size);
  Result<uint64_t> Size() const;
  // fdatasync and fsync. Once either has failed, both fail for the rest of
  // the File's life with that first error: Linux reports a failed
  // write-back once and then marks the pages clean (their data may be
  // gone), so a later sync that succeeds proves nothing about the bytes
  // written before it. Not to be called from two threads at once.
  Status DataSync();
  Status Sync();
  // flock(LOCK_EX | LOCK_NB). kBusy when another process (or another
  // descriptor) holds it, so the caller can say who to wait for.
  Status TryLock();

 private:
  File(int fd, std::filesystem::path path, FileSystem& file_system)
      : fd_(fd), path_(std::move(path)), file_system_(&file_system) {}
  Status Synced(int error, std::string_view what);

  int fd_ = -1;
  std::filesystem::path path_;
  FileSystem* file_system_;
  Status sync_failure_;  // the first failed DataSync or Sync; ok if none
};

// "<what> <path>: <strerror>", with the code a caller can act on: ENOENT
// kNotFound, EACCES/EPERM kPermissionDenied (a missing file and a refused
// one are different problems from a failing disk), anything else kIoError.
Status ErrnoStatus(int error, std::string_view what,
                   const std::filesystem::path& path);

// fsync of a directory, so a rename or create in it is durable.
Status SyncDirectory(const std::filesystem::path& directory,
                     FileSystem& file_system = FileSystem::Posix());

// Replaces `path` with `content` atomically and durably: a temp file in the
// same directory (AtomicWriteTempPath), written, fsynced, renamed over
// `path`, then the directory fsynced. A crash leaves the old content or the
// new, never a mix, and at most the temp file, which the next write to
// `path` replaces (RemoveAtomicWriteLeftover removes it sooner). The temp
// name is fixed, so writers of one path must take turns: checkpoints are
// written under their transfer's lock.
// Every write, sync and rename goes through `file_system`. On failure the
// temp file is removed and `path` is as it was (unless the rename itself
// succeeded and only the directory's fsync failed: then `path` holds the
// new content, already durable as a file).
Status WriteFileAtomically(const std::filesystem::path& path,
                           std::string_view content,
                           FileSystem& file_system = FileSystem::Posix());

// ".<name>.tmp" beside `path`: where WriteFileAtomically stages its content.
std::filesystem::path AtomicWriteTempPath(const std::filesystem::path& path);

// Removes what a WriteFileAtomically of `path` killed mid-way left behind.
void RemoveAtomicWriteLeftover(const std::filesystem::path& path);

// Removes `path` (a link itself, never what it points to) if there is
// anything there; best effort, as a leftover's removal is.
void RemoveIfPresent(const std::filesystem::path& path);

// Renames `from` over `to` (same file system) and fsyncs the directories
// it changed; given `deferred`, adds them to it instead, for the job to
// fsync once at its end (ossxfer/directory_sync_batch.h).
Status RenameDurably(const std::filesystem::path& from,
                     const std::filesystem::path& to,
                     FileSystem& file_system = FileSystem::Posix(),
                     DirectorySyncBatch* deferred = nullptr);

// The most ReadWholeFile reads. Checkpoints and similar files are small;
// anything this big is not one.
inline constexpr uint64_t kMaxWholeFileSize = uint64_t{64} << 20;

// The whole file as a string (for small files such as checkpoints).
// kNotFound when it does not exist; kIoError for anything but a regular
// file (a FIFO is refused without blocking).
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_FILE_H_
