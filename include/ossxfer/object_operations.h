// Requests and results of the single-object operations.
#ifndef OSSXFER_OBJECT_OPERATIONS_H_
#define OSSXFER_OBJECT_OPERATIONS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/object_metadata.h"

namespace ossxfer {

// An inclusive byte range; `last` unset means "to the end of the object".
struct ByteRange {
  uint64_t first = 0;
  std::optional<uint64_t> last;
};

struct HeadObjectRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
  // Polled while the request runs and during a retry's backoff; true ends
  // it with kCancelled.
  std::function<bool()> cancelled;
  // S3: send x-amz-checksum-mode: ENABLED, so that the store answers the
  // checksum it keeps of the object (x-amz-checksum-crc32c, ...), which
  // ObjectMetadata::checksum then holds when it is of the whole object.
  // Off by default: AWS then also asks kms:Decrypt of a caller for an
  // SSE-KMS object. OSS always answers its CRC-64; ignored there.
  bool checksum_mode = false;
};

// HEAD ?partNumber=N (S3, s3-protocol.md §3.1 and §5.3): how big part N of
// a multipart object is and how many parts it has, which is what a check
// of its "<hex>-N" ETag needs to know. Stores differ: AWS answers 206,
// moto 200, both with the part's size and x-amz-mp-parts-count; Ceph RGW
// 16 ignores partNumber (200, the whole object's size, no count).
struct HeadObjectPartRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
  uint32_t part_number = 1;         // 1..10000
  std::function<bool()> cancelled;  // as in HeadObjectRequest
};

struct ObjectPartHead {
  int http_status = 0;
  // Content-Length: the part's size, or the whole object's where the store
  // ignores partNumber.
  uint64_t size = 0;
  // x-amz-mp-parts-count; unset where the store ignores partNumber (or
  // for an object that is not multipart).
  std::optional<uint64_t> parts_count;
  std::string etag;  // as sent (moto sends the part's own)
};

struct GetObjectRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
  // Sent with `x-oss-range-behavior: standard`, so a range past the end is
  // an InvalidRange error (416) rather than the whole object.
  std::optional<ByteRange> range;
  std::string if_match;       // ETag; 412 PreconditionFailed if it differs
  std::string if_none_match;  // ETag; 304 (kPreconditionFailed) if equal
  std::optional<SystemTime> if_modified_since;
  std::optional<SystemTime> if_unmodified_since;
  // Server-side bandwidth cap in bit/s (x-oss-traffic-limit); 0 = none.
  uint64_t traffic_limit_bits_per_second = 0;
  // Polled while the request runs (about once a second even when no data
  // flows); true aborts it with kCancelled.
  std::function<bool()> cancelled;
  // At most this many attempts (0: as the client's RetryPolicy says; never
  // more than it allows). The transfer engine sends its parts with 1 and
  // retries them itself (see RetryPolicy).
  int max_attempts = 0;
};

struct GetObjectResult {
  int http_status = 0;  // 200 or 206
  ObjectMetadata metadata;
  // From Content-Range on a 206: the bytes actually sent.
  std::optional<ByteRange> content_range;
  uint64_t bytes_received = 0;
};

// Everything a caller can set on a new object (PutObject,
// InitiateMultipartUpload, CopyObject, AppendObject, PutSymlink).
struct ObjectAttributes {
  std::string content_type;  // empty: application/octet-stream
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string expires;
  // x-oss-object-acl: private | public-read | public-read-write | default
  // (access_control.h); anything else is refused before sending.
  std::string acl;
  std::string storage_class;  // x-oss-storage-class: Standard | IA | Archive
  std::map<std::string, std::string> user_metadata;  // sent as x-oss-meta-*
  // x-oss-tagging: the object's tags, "k1=v1&k2=v2" with keys and values
  // URL-encoded (TaggingHeaderValue in object_tagging.h); empty: none.
  std::string tagging;
  bool forbid_overwrite = false;  // x-oss-forbid-overwrite
};

struct PutObjectRequest {
  std::string bucket;
  std::string key;
  ObjectAttributes attributes;
  // base64 JSON for x-oss-callback / x-oss-callback-var; empty: none.
  std::string callback;
  std::string callback_var;
  uint64_t traffic_limit_bits_per_second = 0;
  // Compare the checksum the server computed (CRC64 on OSS) with the one of
  // the bytes sent; a mismatch is kDataCorruption.
  bool verify_crc64 = true;
  // The MD5 of the body (16 raw bytes), sent as Content-MD5: the server
  // refuses a body that does not match it (400 BadDigest on S3). Empty:
  // none is sent. Upload() sets it where Client::ChecksContentMd5().
  std::string content_md5;
  std::function<bool()> cancelled;  // as in GetObjectRequest
};

struct PutObjectResult {
  std::string etag;
  std::optional<Checksum> checksum;  // the server's, of the object
  // A content_md5 was sent (the store refuses a body that does not match
  // it) and the answered ETag is that MD5: the object is the bytes sent.
  bool etag_verified = false;
  std::string version_id;
  std::string callback_response;  // the callback server's body, if any
};

struct DeleteObjectRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
};

// DeleteMultipleObjects: up to kMaxDeleteObjectsKeys keys in one request.
inline constexpr size_t kMaxDeleteObjectsKeys = 1000;
struct DeleteObjectsRequest {
  std::string bucket;
  std::vector<std::string> keys;  // 1 to 1000
  // Quiet: the server lists no key back (only failures, which OSS does not
  // report per key either); verbose: every key it deleted.
  bool quiet = false;
};
struct DeleteObjectsResult {
  std::vector<std::string> deleted;  // verbose mode: as the server listed them
};

// AppendObject (oss-protocol-2.md §8): adds the body at the end of an
// Appendable object, creating it at position 0.
struct AppendObjectRequest {
  std::string bucket;
  std::string key;
  // The object's current length (the next_position of the previous
  // append); 0 creates the object. Any other value is the server's 409
  // PositionNotEqualToLength, whose Status message gives the length to
  // append at instead.
  uint64_t position = 0;
  // Used by the append that creates the object, ignored by later ones.
  ObjectAttributes attributes;
  // AppendObject is OSS's alone, so it speaks CRC-64/ECMA only.
  // The object's CRC64 before this append (the crc64 of the previous
  // AppendObjectResult): the server's CRC64 of the whole object must then
  // equal its combination with the CRC64 of the bytes sent, else
  // kDataCorruption. At position 0 the object before is empty (CRC64 0),
  // so the first append is always checked. Unset at another position:
  // not checked.
  std::optional<uint64_t> previous_crc64;
  uint64_t traffic_limit_bits_per_second = 0;
  std::function<bool()> cancelled;  // as in GetObjectRequest
};

struct AppendObjectResult {
  // The object's length now: the position of the next append.
  uint64_t next_position = 0;
  std::optional<uint64_t> crc64;  // of the whole object
  std::string etag;
  std::string version_id;
};

// PutSymlink (oss-protocol-2.md §7): `key` becomes a link to `target`, a
// key in the same bucket that need not exist yet. GET and HEAD of the link
// serve the target.
struct PutSymlinkRequest {
  std::string bucket;
  std::string key;
  std::string target;
  // Of the link itself: ACL, storage class, user metadata, tags,
  // forbid_overwrite, content headers.
  ObjectAttributes attributes;
};

struct GetSymlinkRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
};

}  // namespace ossxfer

#endif  // OSSXFER_OBJECT_OPERATIONS_H_
