// Server-side copies: CopyObject (a whole object) and UploadPartCopy (a
// range of an object as one part of a multipart upload). No byte passes
// through the client. Reference: ../shared/oss-protocol-2.md §3, §4.
#ifndef OSSXFER_COPY_OPERATIONS_H_
#define OSSXFER_COPY_OPERATIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"

namespace ossxfer {

// The object copied from. Sent as x-oss-copy-source:
// "/<bucket>/<key percent-encoded, '/' included>[?versionId=<id>]", the
// form of the C++ SDK, which every OSS-compatible server decodes.
struct CopySource {
  std::string bucket;
  std::string key;
  std::string version_id;  // empty: the current version
};

// Conditions on the source, checked by the server before it copies; an
// unset one is not sent. A failed if_match / if_unmodified_since is a 412,
// a failed if_none_match / if_modified_since a 304: both are
// kPreconditionFailed, and nothing was copied.
struct CopySourceConditions {
  std::string if_match;  // the source's ETag must equal it
  std::string if_none_match;
  std::optional<SystemTime> if_modified_since;
  std::optional<SystemTime> if_unmodified_since;
};

// x-oss-metadata-directive.
enum class MetadataDirective {
  kCopy,     // the destination keeps the source's content headers and
             // user metadata
  kReplace,  // the destination gets the request's (attributes)
};

// x-oss-tagging-directive.
enum class TaggingDirective {
  kCopy,     // the destination keeps the source's tags
  kReplace,  // the destination gets attributes.tagging (none when empty)
};

struct CopyObjectRequest {
  CopySource source;
  std::string bucket;  // the destination
  std::string key;
  CopySourceConditions conditions;
  MetadataDirective metadata_directive = MetadataDirective::kCopy;
  TaggingDirective tagging_directive = TaggingDirective::kCopy;
  // The destination's acl, storage_class and forbid_overwrite always
  // apply. Content-Type, the other content headers and user_metadata are
  // sent only with MetadataDirective::kReplace, tagging only with
  // TaggingDirective::kReplace: setting them with kCopy is refused
  // (kInvalidArgument) rather than silently ignored by the server.
  ObjectAttributes attributes;
  uint64_t traffic_limit_bits_per_second = 0;  // x-oss-traffic-limit
  std::function<bool()> cancelled;             // as in GetObjectRequest
  int max_attempts = 0;                        // as in UploadPartCopyRequest
};

struct CopyObjectResult {
  std::string etag;  // of the destination, with its quotes
  std::optional<SystemTime> last_modified;
  std::optional<Checksum> checksum;  // of the destination (= the source's)
  std::string version_id;            // of the destination, when versioned
  std::string source_version_id;     // the source version read, when versioned
};

// A byte range of the source: `size` bytes from `first`.
struct CopyRange {
  uint64_t first = 0;
  uint64_t size = 0;  // at least 1
};

// UploadPartCopy: the part is stored as if its bytes had been uploaded
// with UploadPart; its ETag goes into CompleteMultipartUpload like any
// other part's. The result is an UploadPartResult (a checksum when the server
// sends one: ossxfer serve does, OSS is not known to).
struct UploadPartCopyRequest {
  std::string bucket;  // the destination of the multipart upload
  std::string key;
  std::string upload_id;
  int part_number = 0;  // 1..10000
  CopySource source;
  // Sent as x-oss-copy-source-range: bytes=first-(first+size-1); unset:
  // the whole source. A range past the end of the source is the server's
  // error (400 InvalidArgument on ossxfer serve).
  std::optional<CopyRange> range;
  CopySourceConditions conditions;
  uint64_t traffic_limit_bits_per_second = 0;
  std::function<bool()> cancelled;  // as in GetObjectRequest
  // At most this many attempts (0: as the client's RetryPolicy says; never
  // more than it allows). The transfer engine sends its parts with 1 and
  // retries them itself (see RetryPolicy).
  int max_attempts = 0;
};

}  // namespace ossxfer

#endif  // OSSXFER_COPY_OPERATIONS_H_
