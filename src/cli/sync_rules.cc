#include "cli/sync_rules.h"

#include <fmt/format.h>

#include <chrono>

#include "util/numbers.h"

namespace ossxfer::cli {
namespace {

using std::chrono::nanoseconds;

// Two exact times are the same within a microsecond (file systems and
// the recorded text keep nanoseconds; some tools round); a store's
// Last-Modified is to the second.
nanoseconds Window(const EntryFacts& a, const EntryFacts& b) {
  return a.exact_time && b.exact_time ? nanoseconds(1000)
                                      : nanoseconds(1'000'000'000);
}

nanoseconds Difference(SystemTime a, SystemTime b) {
  return std::chrono::duration_cast<nanoseconds>(a > b ? a - b : b - a);
}

}  // namespace

bool SyncNeedsDetails(const EntryFacts& source, const EntryFacts& destination,
                      const SyncRules& rules) {
  if (rules.ignore_existing) return false;
  if (rules.update) return true;
  return rules.compare != SyncCompare::kSizeOnly &&
         source.size == destination.size;
}

SyncVerdict DecideSync(const EntryFacts& source,
                       const std::optional<EntryFacts>& destination,
                       const SyncRules& rules) {
  if (!destination) return {true, "new"};
  if (rules.ignore_existing) return {false, "exists (--ignore-existing)"};
  if (rules.update && source.modified && destination->modified &&
      *destination->modified > *source.modified &&
      Difference(*destination->modified, *source.modified) >
          Window(source, *destination)) {
    return {false, "the destination is newer (--update)"};
  }
  if (source.size != destination->size) return {true, "size differs"};
  if (rules.compare == SyncCompare::kSizeOnly) {
    return {false, "same size (--size-only)"};
  }
  if (rules.compare == SyncCompare::kChecksum) {
    if (source.crc64 && destination->crc64) {
      return *source.crc64 == *destination->crc64
                 ? SyncVerdict{false, "same size and CRC-64", SameBy::kContent}
                 : SyncVerdict{true, "CRC-64 differs"};
    }
    // An object no CRC-64 came with (another tool's, on S3): the times.
  }
  if (!source.modified || !destination->modified) {
    return {true, "no modification time to compare"};
  }
  if (Difference(*source.modified, *destination->modified) <=
      Window(source, *destination)) {
    return {false, "same size and modification time", SameBy::kSizeAndTime};
  }
  return {true, "modification time differs"};
}

std::optional<SystemTime> FileModified(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return std::nullopt;
  return FileModified(info);
}

SystemTime FileModified(const struct stat& info) {
  return SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::seconds(info.st_mtim.tv_sec) +
      std::chrono::nanoseconds(info.st_mtim.tv_nsec)));
}

std::string FormatMtime(SystemTime time) {
  const int64_t nanos =
      std::chrono::duration_cast<nanoseconds>(time.time_since_epoch()).count();
  const int64_t seconds = nanos >= 0
                              ? nanos / 1'000'000'000
                              : -((-nanos + 999'999'999) / 1'000'000'000);
  const int64_t fraction = nanos - seconds * 1'000'000'000;
  return fmt::format("{}.{:09d}", seconds, fraction);
}

std::optional<SystemTime> ParseMtime(std::string_view text) {
  const size_t dot = text.find('.');
  std::optional<uint64_t> seconds = util::ParseUint64(text.substr(0, dot));
  // Up to the year 2255: nanoseconds since the epoch must fit in 63 bits.
  if (!seconds || *seconds > 9'000'000'000) return std::nullopt;
  int64_t nanos = 0;
  if (dot != std::string_view::npos) {
    std::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 9) return std::nullopt;
    std::optional<uint64_t> digits = util::ParseUint64(fraction);
    if (!digits) return std::nullopt;
    nanos = static_cast<int64_t>(*digits);
    for (size_t i = fraction.size(); i < 9; ++i) nanos *= 10;
  }
  return SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::seconds(*seconds) + nanoseconds(nanos)));
}

}  // namespace ossxfer::cli
