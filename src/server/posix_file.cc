#include "server/posix_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace ossxfer::server {

UniqueFd::UniqueFd(UniqueFd&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() { Reset(); }

void UniqueFd::Reset() {
  // No retry on EINTR: on Linux the descriptor is released regardless.
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Status ErrnoError(std::string_view action, const std::filesystem::path& path,
                  int error) {
  std::string message(action);
  message += ' ';
  message += path.string();
  message += ": ";
  message += std::strerror(error);
  return Status::IoError(std::move(message));
}

Status SyncFile(int fd, const std::filesystem::path& path) {
  if (fsync(fd) != 0) return ErrnoError("fsync", path, errno);
  return Status::Ok();
}

Status SyncDirectory(const std::filesystem::path& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open directory", dir, errno);
  UniqueFd owner(fd);
  return SyncFile(fd, dir);
}

Status RenameNoReplace(const std::filesystem::path& from,
                       const std::filesystem::path& to, bool* exists) {
  *exists = false;
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(),
                RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  const int rename_error = errno;
  if (rename_error == EEXIST) {
    *exists = true;
    return ErrnoError("rename to", to, EEXIST);
  }
  if (rename_error != EINVAL && rename_error != ENOSYS) {
    return ErrnoError("rename " + from.string() + " to", to, rename_error);
  }
  // The file system cannot refuse to replace: link() can, and the second
  // name is dropped right after (a crash in between leaves a temp file,
  // which Open removes).
  if (link(from.c_str(), to.c_str()) != 0) {
    const int link_error = errno;
    *exists = link_error == EEXIST;
    return ErrnoError("link " + from.string() + " to", to, link_error);
  }
  return RemoveFile(from);
}

Status RemoveFile(const std::filesystem::path& path) {
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoError("unlink", path, errno);
  }
  return Status::Ok();
}

}  // namespace ossxfer::server
