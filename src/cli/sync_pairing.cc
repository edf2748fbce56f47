#include "cli/sync_pairing.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <array>
#include <string>

#include "cli/file_crc_cache.h"
#include "util/file.h"

namespace ossxfer::cli {
namespace {

// "1 <size> <mtime ns> <inode> <t|c> <etag>": version 1 of the value; t
// for SameBy::kSizeAndTime, c for kContent.
std::string PairValue(const struct stat& info, SameBy by,
                      std::string_view etag) {
  return fmt::format("1 {} {} {}", LocalFileVersion(info),
                     by == SameBy::kContent ? 'c' : 't', etag);
}

}  // namespace

void RecordSyncedPair(const std::filesystem::path& file, std::string_view etag,
                      SameBy by, uint64_t size, SystemTime modified) {
  if (etag.empty()) return;
  Result<util::File> opened = util::File::Open(file, O_RDONLY);
  if (!opened.ok()) return;
  struct stat info {};
  if (::fstat(opened->fd(), &info) != 0 ||
      static_cast<uint64_t>(info.st_size) != size ||
      FileModified(info) != modified) {
    return;
  }
  const std::string value = PairValue(info, by, etag);
  (void)::fsetxattr(opened->fd(), kSyncedAttribute, value.data(), value.size(),
                    0);
}

bool SyncedWith(const std::filesystem::path& file, std::string_view etag,
                SyncCompare compare) {
  if (etag.empty()) return false;
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return false;
  // An ETag is at most a few dozen characters; a longer value is not ours.
  std::array<char, 256> recorded{};
  const ssize_t length = ::getxattr(file.c_str(), kSyncedAttribute,
                                    recorded.data(), recorded.size());
  if (length <= 0) return false;
  const std::string_view value(recorded.data(), static_cast<size_t>(length));
  if (value == PairValue(info, SameBy::kContent, etag)) return true;
  return compare != SyncCompare::kChecksum &&
         value == PairValue(info, SameBy::kSizeAndTime, etag);
}

}  // namespace ossxfer::cli
