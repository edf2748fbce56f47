// What lets a sync with nothing to do cost its listing alone: a local file
// remembers the object a sync last found it the same as (after a
// download, an upload, or a comparison that settled "the same"), in its
// extended attribute user.ossxfer.synced: the file's version (size,
// modification time in ns, inode: file_crc_cache.h's LocalFileVersion),
// what the sameness rested on (SameBy) and the object's ETag. A later sync
// that finds the file at that version and the listing giving that ETag
// knows the two are still the same without the object's HEAD; --checksum
// takes only a pairing that rested on the bytes. The same ETag means the same
// bytes (OSS's and S3's ETags are digests of the content or unique to a write);
// what it does not see is a change of the object's metadata alone (its recorded
// time), which leaves the file's time as it was. Without user attributes
// nothing is kept and every sync HEADs as before.
#ifndef OSSXFER_CLI_SYNC_PAIRING_H_
#define OSSXFER_CLI_SYNC_PAIRING_H_

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "cli/sync_rules.h"
#include "ossxfer/object_metadata.h"

namespace ossxfer::cli {

inline constexpr char kSyncedAttribute[] = "user.ossxfer.synced";

// Records, best effort, that `file` is the same as the object with
// `etag`, found so `by`, provided the file still has `size` and `modified`
// (what the comparison or the transfer saw): a file changed since is never
// paired. An empty ETag records nothing.
void RecordSyncedPair(const std::filesystem::path& file, std::string_view etag,
                      SameBy by, uint64_t size, SystemTime modified);

// Whether `file`, as it is now, was recorded the same as the object with
// `etag` by a comparison at least as strong as `compare` asks for.
bool SyncedWith(const std::filesystem::path& file, std::string_view etag,
                SyncCompare compare);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SYNC_PAIRING_H_
