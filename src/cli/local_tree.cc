#include "cli/local_tree.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace ossxfer::cli {
namespace {

// Closes a directory descriptor when the walk moves past it.
class DirectoryFd {
 public:
  explicit DirectoryFd(int fd) : fd_(fd) {}
  DirectoryFd(const DirectoryFd&) = delete;
  DirectoryFd& operator=(const DirectoryFd&) = delete;
  ~DirectoryFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  void Reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

}  // namespace

Status MakeDirectoriesInside(const std::filesystem::path& root,
                             const std::filesystem::path& relative) {
  DirectoryFd current(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (current.get() < 0) {
    return Status::IoError(fmt::format("cannot open directory {}: {}",
                                       root.string(), ErrnoText(errno)));
  }
  std::filesystem::path done = root;
  for (const std::filesystem::path& component : relative) {
    const std::string name = component.string();
    if (name.empty() || name == "." || name == ".." || name == "/") {
      return Status::InvalidArgument(fmt::format(
          "refused: {} has a \"{}\" component", relative.string(), name));
    }
    done /= component;
    if (::mkdirat(current.get(), name.c_str(), 0777) != 0 && errno != EEXIST) {
      return Status::IoError(
          fmt::format("cannot create {}: {}", done.string(), ErrnoText(errno)));
    }
    int next = ::openat(current.get(), name.c_str(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      if (errno == ELOOP || errno == ENOTDIR) {
        // With O_DIRECTORY, Linux reports a link as ENOTDIR: look closer.
        struct stat info {};
        const bool link = ::fstatat(current.get(), name.c_str(), &info,
                                    AT_SYMLINK_NOFOLLOW) == 0 &&
                          S_ISLNK(info.st_mode);
        return Status::InvalidArgument(fmt::format(
            "refused: {} is {}, and ossxfer writes nothing through it",
            done.string(), link ? "a symbolic link" : "not a directory"));
      }
      return Status::IoError(
          fmt::format("cannot open {}: {}", done.string(), ErrnoText(errno)));
    }
    current.Reset(next);
  }
  return Status::Ok();
}

}  // namespace ossxfer::cli
