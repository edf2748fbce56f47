// The POSIX file operations the object store builds its durability on
// (besides util::File, which temp files are written through): an owning
// descriptor, fsync of directories, an exclusive rename. Errors are kIoError
// Status values naming the path and the strerror text.
#ifndef OSSXFER_SERVER_POSIX_FILE_H_
#define OSSXFER_SERVER_POSIX_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "ossxfer/result.h"
#include "ossxfer/status.h"

namespace ossxfer::server {

// Owns one file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept;
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_ = -1;
};

// "<action> <path>: <strerror(error)>".
Status ErrnoError(std::string_view action, const std::filesystem::path& path,
                  int error);

Status SyncFile(int fd, const std::filesystem::path& path);
// Makes the directory's entries (a rename, a new file) durable.
Status SyncDirectory(const std::filesystem::path& dir);

// Moves `from` to `to`, failing with EEXIST (ok() false, `*exists` true)
// instead of replacing an existing `to`.
Status RenameNoReplace(const std::filesystem::path& from,
                       const std::filesystem::path& to, bool* exists);

// Unlinks a file; a file that is already gone is fine.
Status RemoveFile(const std::filesystem::path& path);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_POSIX_FILE_H_
