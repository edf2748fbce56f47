// What `ossxfer sync` counts as "the same" (rclone's rules and flag names):
// size and modification time by default, size alone with --size-only, size
// and CRC-64 with --checksum (the file's cached, cli/file_crc_cache.h; the
// object's x-oss-hash-crc64ecma or the CRC-64 ossxfer recorded on S3);
// --update skips where the destination is newer, --ignore-existing skips
// whatever exists. The modification time of an object is the one an
// upload recorded (x-oss-meta-mtime / x-amz-meta-mtime, in rclone's format:
// seconds since the epoch with a fraction, so rclone and ossxfer read each
// other's), else its Last-Modified; a download gives the file that time.
#ifndef OSSXFER_CLI_SYNC_RULES_H_
#define OSSXFER_CLI_SYNC_RULES_H_

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "ossxfer/object_metadata.h"

namespace ossxfer::cli {

enum class SyncCompare { kSizeAndTime, kSizeOnly, kChecksum };

struct SyncRules {
  SyncCompare compare = SyncCompare::kSizeAndTime;
  bool update = false;             // --update
  bool ignore_existing = false;    // --ignore-existing
  bool delete_extraneous = false;  // --delete
  bool dry_run = false;            // --dry-run
};

// One side's entry, as the comparison sees it.
struct EntryFacts {
  uint64_t size = 0;
  std::optional<SystemTime> modified;
  // A file's own time or a recorded one (to the nanosecond), rather than a
  // store's Last-Modified (to the second, and the time of the write).
  bool exact_time = true;
  // --checksum: the CRC-64/ECMA of the bytes, when known.
  std::optional<uint64_t> crc64;
  // An object's ETag as the listing gave it (cli/sync_pairing.h); empty
  // for a file.
  std::string etag;
};

// What a verdict of "the same" rests on: the quick check (size and
// modification time) or the bytes (CRC-64, or a transfer that copied
// them).
enum class SameBy { kSizeAndTime, kContent };

struct SyncVerdict {
  bool transfer = false;
  std::string reason;  // why, for the report: "new", "size differs", ...
  // Set when the two were found the same, rather than skipped by a flag
  // (--ignore-existing, --update, --size-only).
  std::optional<SameBy> same;
};

SyncVerdict DecideSync(const EntryFacts& source,
                       const std::optional<EntryFacts>& destination,
                       const SyncRules& rules);

// Whether DecideSync would read the times or CRCs of these two: only then
// is an object's HEAD (its recorded time and CRC-64) worth sending, or a
// file's CRC-64 worth reading.
bool SyncNeedsDetails(const EntryFacts& source, const EntryFacts& destination,
                      const SyncRules& rules);

// A local file's modification time as a sync compares it (to the
// nanosecond), of what a link points to; nullopt when it cannot be read.
std::optional<SystemTime> FileModified(const std::filesystem::path& file);
// The same, of a stat(2) already made.
SystemTime FileModified(const struct stat& info);

// The user-metadata key an upload records the file's time under.
inline constexpr char kMtimeMetadataKey[] = "mtime";
// "1700000000.123456789"; nullopt for anything else (a recorded time that
// is not one is ignored, and Last-Modified used).
std::string FormatMtime(SystemTime time);
std::optional<SystemTime> ParseMtime(std::string_view text);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SYNC_RULES_H_
