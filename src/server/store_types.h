// The values the object store hands out and its catalog keeps: objects,
// their data segments, parts, uploads and buckets. They live apart from
// ObjectStore (object_store.h) and StoreCatalog (store_catalog.h) so that
// neither of those headers needs the other.
#ifndef OSSXFER_SERVER_STORE_TYPES_H_
#define OSSXFER_SERVER_STORE_TYPES_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/object_operations.h"

namespace ossxfer::server {

// A run of bytes in one file: the object is its segments' bytes in order.
// Segments of different objects may share a file (a copy references the
// source's bytes instead of duplicating them).
struct DataSegment {
  std::filesystem::path path;
  uint64_t size = 0;
  uint64_t file_offset = 0;  // where in the file the segment's bytes start
};

// A checksum an S3 client gave with the object (x-amz-checksum-*) or
// that serve combined from its parts, kept to be returned to
// x-amz-checksum-mode: ENABLED (s3-protocol.md §5.5). Empty algorithm: none.
struct StoredChecksum {
  std::string algorithm;  // S3's name: CRC32 | CRC32C | SHA1 | SHA256
  std::string type;       // FULL_OBJECT | COMPOSITE
  std::string value;      // as S3 writes it: base64, "-N" after a COMPOSITE
};

struct StoredObject {
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string etag;  // quoted: "\"HEX\"" or "\"HEX-N\""
  uint64_t crc64 = 0;
  int64_t last_modified_ms = 0;  // unix milliseconds
  std::string object_type;       // Normal | Multipart | Appendable | Symlink
  ObjectAttributes attributes;   // content type, metadata, acl, class, ...
  std::string symlink_target;    // the target key of a Symlink
  StoredChecksum checksum;
  // The sizes of the parts a multipart upload assembled it from, in order
  // (GET/HEAD ?partNumber); empty for any other object.
  std::vector<uint64_t> part_sizes;
  // "null" unless written while the bucket's versioning was Enabled.
  std::string version_id = "null";
  bool delete_marker = false;  // a version that says "deleted": no bytes
  bool is_latest = true;       // ListObjectVersions: the current version
  // Where the bytes are, in order; their sizes add up to `size`. Files are
  // never rewritten, only unlinked when the object is replaced or deleted:
  // open them all before reading, and look the object up again if one is
  // gone.
  std::vector<DataSegment> segments;
  // Archive restore: unset until POST ?restore.
  std::optional<int64_t> restore_ready_ms;   // when the restore completes
  std::optional<int64_t> restore_expiry_ms;  // when it freezes again
};

struct BucketInfo {
  std::string name;
  int64_t created_ms = 0;
  std::string acl = "private";  // private | public-read | public-read-write
  std::string versioning;       // "" (never set) | Enabled | Suspended
};

struct StoredPart {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;  // quoted MD5 of the part
  uint64_t crc64 = 0;
  int64_t last_modified_ms = 0;
  // The raw big-endian checksum of the upload's algorithm (its body's,
  // checked as it came), or empty.
  std::string checksum;
};

// How a multipart upload's object checksum is formed: S3's
// x-amz-checksum-algorithm and x-amz-checksum-type of
// CreateMultipartUpload. Empty algorithm: the upload has none.
struct UploadChecksum {
  std::string algorithm;
  std::string type;
};

struct UploadInfo {
  std::string key;
  std::string upload_id;
  int64_t initiated_ms = 0;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_TYPES_H_
