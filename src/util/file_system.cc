#include "util/file_system.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "util/file.h"

namespace ossxfer::util {
namespace {

// `call` until it is not interrupted by a signal; 0 or its errno.
template <typename Call>
int RetryingEintr(Call call) {
  while (true) {
    if (call() == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

// Offsets and sizes reach here checked by util::File (they fit off_t).
class PosixFileSystem : public FileSystem {
 public:
  int ReadAt(const File& file, void* buffer, size_t size, uint64_t offset,
             size_t& done) override {
    done = 0;
    while (true) {
      ssize_t n = ::pread(file.fd(), buffer, size, static_cast<off_t>(offset));
      if (n >= 0) {
        done = static_cast<size_t>(n);
        return 0;
      }
      if (errno != EINTR) return errno;
    }
  }

  int WriteAt(const File& file, const void* data, size_t size, uint64_t offset,
              size_t& done) override {
    done = 0;
    while (true) {
      ssize_t n = ::pwrite(file.fd(), data, size, static_cast<off_t>(offset));
      if (n >= 0) {
        done = static_cast<size_t>(n);
        return 0;
      }
      if (errno != EINTR) return errno;
    }
  }

  int DataSync(const File& file) override {
    return RetryingEintr([&] { return ::fdatasync(file.fd()); });
  }

  int Sync(const File& file) override {
    return RetryingEintr([&] { return ::fsync(file.fd()); });
  }

  int Truncate(const File& file, uint64_t size) override {
    return RetryingEintr(
        [&] { return ::ftruncate(file.fd(), static_cast<off_t>(size)); });
  }

  int Allocate(const File& file, uint64_t size) override {
#ifdef __linux__
    // fallocate(2), not posix_fallocate: where the file system cannot
    // reserve space, glibc's posix_fallocate emulates it by writing every
    // block, which is slow and gains nothing over the sparse file.
    return RetryingEintr(
        [&] { return ::fallocate(file.fd(), 0, 0, static_cast<off_t>(size)); });
#else
    // posix_fallocate returns its error instead of setting errno.
    return ::posix_fallocate(file.fd(), 0, static_cast<off_t>(size));
#endif
  }

  int Rename(const std::filesystem::path& from,
             const std::filesystem::path& to) override {
    return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
  }
};

}  // namespace

FileSystem& FileSystem::Posix() {
  // Never destroyed: files may still use it while statics are torn down.
  static PosixFileSystem* const posix = new PosixFileSystem();
  return *posix;
}

}  // namespace ossxfer::util
