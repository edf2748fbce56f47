#include "util/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "util/status_macros.h"

namespace ossxfer::util {
namespace {

std::string ErrnoText(int error) {
  // std::error_code uses strerror_r, so this is safe from any thread.
  return std::error_code(error, std::generic_category()).message();
}

// off_t is signed; an offset it cannot hold is a caller bug, reported as
// such rather than wrapped into a negative offset.
bool FitsOffT(uint64_t value) {
  return value <= static_cast<uint64_t>(std::numeric_limits<off_t>::max());
}

Status OffsetTooLarge(const std::filesystem::path& path, uint64_t value) {
  return Status::InvalidArgument(fmt::format(
      "{}: offset {} is beyond the largest file offset", path.string(), value));
}

// The directory that holds `path`; "." for a bare file name.
std::filesystem::path ParentOf(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// What is at a path instead of a regular file, for an error message.
std::string_view KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

int OpenRetryingEintr(const char* path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Refuses what a regular-file reader or writer must not touch: the open was
// non-blocking (a FIFO does not wait for a peer), and is made blocking again
// for the file's ordinary use.
Status RequireRegularFile(const File& file, bool single_link) {
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) {
    return ErrnoStatus(errno, "cannot stat", file.path());
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::IoError(fmt::format(
        "{} is {}, not a regular file: ossxfer will not use it; remove it",
        file.path().string(), KindOf(info.st_mode)));
  }
  if (single_link && info.st_nlink > 1) {
    return Status::IoError(
        fmt::format("{} has {} hard links: it is also a file elsewhere, which "
                    "ossxfer would overwrite; remove it",
                    file.path().string(), info.st_nlink));
  }
  int flags = ::fcntl(file.fd(), F_GETFL);
  if (flags < 0 || ::fcntl(file.fd(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return ErrnoStatus(errno, "cannot make blocking", file.path());
  }
  return Status::Ok();
}

}  // namespace

Status ErrnoStatus(int error, std::string_view what,
                   const std::filesystem::path& path) {
  std::string message =
      fmt::format("{} {}: {}", what, path.string(), ErrnoText(error));
  switch (error) {
    case ENOENT:
      return Status::NotFound(std::move(message));
    case EACCES:
    case EPERM:
      return Status::PermissionDenied(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

Result<File> File::Open(const std::filesystem::path& path, int flags,
                        mode_t mode, FileSystem& file_system) {
  int fd = OpenRetryingEintr(path.c_str(), flags, mode);
  if (fd < 0) return ErrnoStatus(errno, "cannot open", path);
  return File(fd, path, file_system);
}

Result<File> File::OpenWorkFile(const std::filesystem::path& path, int flags,
                                mode_t mode, FileSystem& file_system) {
  int fd =
      OpenRetryingEintr(path.c_str(), flags | O_NOFOLLOW | O_NONBLOCK, mode);
  if (fd < 0) {
    // ELOOP is how O_NOFOLLOW reports a symbolic link in the last component.
    if (errno == ELOOP) {
      return Status::IoError(fmt::format(
          "{} is a symbolic link: ossxfer never writes through a link where "
          "it keeps its own files; remove it",
          path.string()));
    }
    // A FIFO opened for writing without a reader, or a device without its
    // driver: either way not a file of ours.
    struct stat info {};
    if (errno == ENXIO && ::lstat(path.c_str(), &info) == 0) {
      return Status::IoError(fmt::format(
          "{} is {}, not a regular file: ossxfer will not use it; remove it",
          path.string(), KindOf(info.st_mode)));
    }
    return ErrnoStatus(errno, "cannot open", path);
  }
  File file(fd, path, file_system);
  RETURN_IF_ERROR(RequireRegularFile(file, /*single_link=*/true));
  return file;
}

Result<File> File::Reopen(int flags) const {
  const std::string by_descriptor = fmt::format("/proc/self/fd/{}", fd_);
  int fd = OpenRetryingEintr(by_descriptor.c_str(), flags, 0);
  if (fd < 0) return ErrnoStatus(errno, "cannot reopen", path_);
  return File(fd, path_, *file_system_);
}

File::File(File&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      file_system_(other.file_system_),
      sync_failure_(std::move(other.sync_failure_)) {}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    file_system_ = other.file_system_;
    sync_failure_ = std::move(other.sync_failure_);
  }
  return *this;
}

File::~File() {
  // close(2) must not be retried on EINTR on Linux: the descriptor is gone
  // either way. Data that matters was made durable with Sync beforehand.
  if (fd_ >= 0) ::close(fd_);
}

Status File::ReadAt(void* buffer, size_t size, uint64_t offset) const {
  if (!FitsOffT(offset) || !FitsOffT(offset + size)) {
    return OffsetTooLarge(path_, offset);
  }
  auto* out = static_cast<char*>(buffer);
  size_t done = 0;
  while (done < size) {
    size_t n = 0;
    int error =
        file_system_->ReadAt(*this, out + done, size - done, offset + done, n);
    if (error != 0) {
      return ErrnoStatus(error, fmt::format("read at offset {} of", offset),
                         path_);
    }
    if (n == 0) {
      return Status::IoError(fmt::format(
          "read at offset {} of {}: the file ends after {} of {} bytes", offset,
          path_.string(), done, size));
    }
    done += n;
  }
  return Status::Ok();
}

Status File::WriteAt(const void* data, size_t size, uint64_t offset) {
  if (!FitsOffT(offset) || !FitsOffT(offset + size)) {
    return OffsetTooLarge(path_, offset);
  }
  const auto* in = static_cast<const char*>(data);
  size_t done = 0;
  while (done < size) {
    size_t n = 0;
    int error =
        file_system_->WriteAt(*this, in + done, size - done, offset + done, n);
    if (error != 0) {
      return ErrnoStatus(error, fmt::format("write at offset {} of", offset),
                         path_);
    }
    // pwrite of a non-zero size never returns 0 on a working file system;
    // treat it as a full disk instead of looping forever.
    if (n == 0) {
      return ErrnoStatus(ENOSPC, fmt::format("write at offset {} of", offset),
                         path_);
    }
    done += n;
  }
  return Status::Ok();
}

Status File::Allocate(uint64_t size) {
  if (!FitsOffT(size)) return OffsetTooLarge(path_, size);
  // ftruncate first: fallocate only ever grows a file, and a file that was
  // longer (an old, bigger download) must end up exactly `size` bytes.
  if (int error = file_system_->Truncate(*this, size); error != 0) {
    return ErrnoStatus(error, fmt::format("cannot resize to {} bytes", size),
                       path_);
  }
  if (size == 0) return Status::Ok();  // fallocate rejects a zero length
  int error = file_system_->Allocate(*this, size);
  if (error == 0 || error == EOPNOTSUPP || error == ENOSYS || error == EINVAL) {
    // Unsupported here: the truncated (sparse) file is still exactly
    // `size` bytes, so the download can go on; a full disk shows at write.
    return Status::Ok();
  }
  return ErrnoStatus(error, fmt::format("cannot allocate {} bytes for", size),
                     path_);
}

Result<uint64_t> File::Size() const {
  struct stat info;
  if (::fstat(fd_, &info) != 0) return ErrnoStatus(errno, "cannot stat", path_);
  return static_cast<uint64_t>(info.st_size);
}

Status File::Synced(int error, std::string_view what) {
  if (error != 0 && sync_failure_.ok()) {
    sync_failure_ = ErrnoStatus(error, what, path_);
  }
  return sync_failure_;
}

Status File::DataSync() {
  // Checked before the call, not only after: a sync after a failed one
  // could succeed over pages the kernel already gave up on (see file.h).
  if (!sync_failure_.ok()) return sync_failure_;
  return Synced(file_system_->DataSync(*this), "fdatasync");
}

Status File::Sync() {
  if (!sync_failure_.ok()) return sync_failure_;
  return Synced(file_system_->Sync(*this), "fsync");
}

Status File::TryLock() {
  int result;
  do {
    result = ::flock(fd_, LOCK_EX | LOCK_NB);
  } while (result != 0 && errno == EINTR);
  if (result == 0) return Status::Ok();
  if (errno == EWOULDBLOCK) {
    return Status::Busy(
        fmt::format("{} is locked by another ossxfer process", path_.string()));
  }
  return ErrnoStatus(errno, "cannot lock", path_);
}

Status SyncDirectory(const std::filesystem::path& directory,
                     FileSystem& file_system) {
  ASSIGN_OR_RETURN(
      File dir, File::Open(directory, O_RDONLY | O_DIRECTORY, 0, file_system));
  int error = file_system.Sync(dir);
  // Some file systems (certain FUSE and network ones) cannot fsync a
  // directory and say EINVAL; there is nothing more to make durable there.
  if (error != 0 && error != EINVAL) {
    return ErrnoStatus(error, "fsync directory", directory);
  }
  return Status::Ok();
}

std::filesystem::path AtomicWriteTempPath(const std::filesystem::path& path) {
  // Same directory, so the rename stays on one file system and is atomic;
  // a leading dot keeps the temp file out of casual listings.
  return ParentOf(path) / ("." + path.filename().string() + ".tmp");
}

void RemoveIfPresent(const std::filesystem::path& path) {
  // unlink(2) locks the directory for writing even to find nothing there,
  // and every small file of a tree asks about its checkpoint's leftovers:
  // with several workers in one work directory they queued on that lock.
  // A look first costs no lock.
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 && errno == ENOENT) return;
  // unlink(2) removes a symbolic link itself, never what it points to.
  ::unlink(path.c_str());
}

void RemoveAtomicWriteLeftover(const std::filesystem::path& path) {
  RemoveIfPresent(AtomicWriteTempPath(path));
}

Status WriteFileAtomically(const std::filesystem::path& path,
                           std::string_view content, FileSystem& file_system) {
  if (path.filename().empty()) {
    return Status::InvalidArgument(
        fmt::format("{}: not a file name", path.string()));
  }
  const std::filesystem::path temp = AtomicWriteTempPath(path);
  // What a killed writer left (or anything planted there) goes first, so
  // the O_EXCL create below makes a new file and follows no link.
  RemoveAtomicWriteLeftover(path);
  bool created = false;
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(File file,
                     File::Open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
                                0600, file_system));
    created = true;
    RETURN_IF_ERROR(file.WriteAt(content.data(), content.size(), 0));
    // Durable before the rename publishes it: otherwise a crash could leave
    // `path` naming an empty or partial file.
    RETURN_IF_ERROR(file.Sync());
    if (int error = file_system.Rename(temp, path); error != 0) {
      return ErrnoStatus(
          error, fmt::format("cannot rename {} to", temp.string()), path);
    }
    return Status::Ok();
  }();
  if (!status.ok()) {
    if (created) ::unlink(temp.c_str());
    return status.WithContext(fmt::format("replacing {}", path.string()));
  }
  return SyncDirectory(ParentOf(path), file_system);
}

Status RenameDurably(const std::filesystem::path& from,
                     const std::filesystem::path& to, FileSystem& file_system,
                     DirectorySyncBatch* deferred) {
  if (int error = file_system.Rename(from, to); error != 0) {
    return ErrnoStatus(error, fmt::format("cannot rename {} to", from.string()),
                       to);
  }
  auto sync = [&](const std::filesystem::path& directory) {
    if (deferred == nullptr) return SyncDirectory(directory, file_system);
    deferred->Add(directory);
    return Status::Ok();
  };
  const std::filesystem::path to_directory = ParentOf(to);
  RETURN_IF_ERROR(sync(to_directory));
  // A move between directories also changed the source directory.
  const std::filesystem::path from_directory = ParentOf(from);
  if (from_directory != to_directory) RETURN_IF_ERROR(sync(from_directory));
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(File file, File::Open(path, O_RDONLY | O_NONBLOCK));
  RETURN_IF_ERROR(RequireRegularFile(file, /*single_link=*/false));
  ASSIGN_OR_RETURN(uint64_t size, file.Size());
  if (size > kMaxWholeFileSize) {
    return Status::IoError(fmt::format(
        "{} is {} bytes, more than the {} MiB expected of it at most",
        path.string(), size, kMaxWholeFileSize >> 20));
  }
  // Read to the end rather than trusting the size: the file may have
  // changed since fstat. The limit still holds for what is read.
  std::string content;
  content.reserve(static_cast<size_t>(size));
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(file.fd(), buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot read", path);
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > kMaxWholeFileSize) {
      return Status::IoError(
          fmt::format("{} grew beyond {} MiB while being read", path.string(),
                      kMaxWholeFileSize >> 20));
    }
  }
  return content;
}

}  // namespace ossxfer::util
