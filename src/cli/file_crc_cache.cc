#include "cli/file_crc_cache.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <array>
#include <optional>
#include <string>

#include "ossxfer/checksum.h"
#include "transfer/file_range_checksum.h"
#include "util/file.h"
#include "util/numbers.h"

namespace ossxfer::cli {
namespace {

// "1 <size> <mtime ns> <inode> <crc64>": version 1 of the value.
std::string CacheKey(const struct stat& info) {
  return "1 " + LocalFileVersion(info) + " ";
}

}  // namespace

std::string LocalFileVersion(const struct stat& info) {
  const int64_t mtime_ns =
      static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
      info.st_mtim.tv_nsec;
  return fmt::format("{} {} {}", static_cast<uint64_t>(info.st_size), mtime_ns,
                     static_cast<uint64_t>(info.st_ino));
}

std::string LocalFileVersion(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return "";
  return LocalFileVersion(info);
}

Result<FileCrc> FileCrc64(const std::filesystem::path& file) {
  Result<util::File> opened = util::File::Open(file, O_RDONLY);
  if (!opened.ok()) return opened.status();
  struct stat info {};
  if (::fstat(opened->fd(), &info) != 0) {
    return Status::IoError(fmt::format("cannot stat {}", file.string()));
  }
  const std::string key = CacheKey(info);
  std::array<char, 128> cached{};
  const ssize_t length = ::fgetxattr(opened->fd(), kCrcAttribute, cached.data(),
                                     cached.size() - 1);
  if (length > 0) {
    const std::string value(cached.data(), static_cast<size_t>(length));
    if (value.starts_with(key)) {
      if (std::optional<uint64_t> crc =
              util::ParseUint64(std::string_view(value).substr(key.size()))) {
        return FileCrc{*crc, true};
      }
    }
  }
  Result<uint64_t> computed =
      transfer::ChecksumOfFileRange(ChecksumAlgorithm::kCrc64Ecma, *opened, 0,
                                    static_cast<uint64_t>(info.st_size));
  if (!computed.ok()) return computed.status().WithContext(file.string());
  const uint64_t crc = *computed;
  // Cached only if the file did not change while it was read; a file
  // system without user attributes keeps nothing, which costs a re-read.
  struct stat after {};
  if (::fstat(opened->fd(), &after) == 0 && CacheKey(after) == key) {
    const std::string value = key + std::to_string(crc);
    (void)::fsetxattr(opened->fd(), kCrcAttribute, value.data(), value.size(),
                      0);
  }
  return FileCrc{crc, false};
}

}  // namespace ossxfer::cli
