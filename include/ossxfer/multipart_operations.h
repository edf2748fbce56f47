// Requests and results of the multipart upload family.
#ifndef OSSXFER_MULTIPART_OPERATIONS_H_
#define OSSXFER_MULTIPART_OPERATIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"

namespace ossxfer {

struct InitiateMultipartUploadRequest {
  std::string bucket;
  std::string key;
  ObjectAttributes attributes;
};

struct InitiateMultipartUploadResult {
  std::string bucket;
  std::string key;
  std::string upload_id;
};

struct UploadPartRequest {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int part_number = 0;  // 1..10000
  uint64_t traffic_limit_bits_per_second = 0;
  // Compare the part's CRC64 from the server with the bytes sent.
  bool verify_crc64 = true;
  // The MD5 of the body (16 raw bytes), sent as Content-MD5: the server
  // refuses a body that does not match it (400 BadDigest on S3). Empty:
  // none is sent. Upload() sets it where Client::ChecksContentMd5().
  std::string content_md5;
  std::function<bool()> cancelled;  // as in GetObjectRequest
  // At most this many attempts (0: as the client's RetryPolicy says; never
  // more than it allows). The transfer engine sends its parts with 1 and
  // retries them itself (see RetryPolicy).
  int max_attempts = 0;
};

struct UploadPartResult {
  std::string etag;
  std::optional<Checksum> checksum;  // of the part, as the server reported it
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;
};

struct CompleteMultipartUploadRequest {
  std::string bucket;
  std::string key;
  std::string upload_id;
  // In ascending part-number order. Empty together with complete_all.
  std::vector<CompletedPart> parts;
  // x-oss-complete-all: yes: the server completes with every part it has.
  bool complete_all = false;
  std::string acl;
  bool forbid_overwrite = false;
  std::string callback;
  std::string callback_var;
};

struct CompleteMultipartUploadResult {
  std::string bucket;
  std::string key;
  std::string etag;
  std::string location;
  std::optional<Checksum> checksum;  // of the whole object
  std::string version_id;
  std::string callback_response;
  // S3: the object's ETag is the MD5 of the parts' MD5s (the ETags the
  // parts were answered, each checked by its Content-MD5), so the object
  // is the parts listed. A mismatch is an error, not false.
  bool etag_verified = false;
};

struct ListPartsRequest {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int max_parts = 1000;  // 1..1000
  int part_number_marker = 0;
};

struct PartSummary {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;
  std::optional<Checksum> checksum;  // OSS: <HashCrc64ecma>
  std::optional<SystemTime> last_modified;
};

struct ListPartsResult {
  std::string bucket;
  std::string key;
  std::string upload_id;
  std::vector<PartSummary> parts;
  bool is_truncated = false;
  int next_part_number_marker = 0;
};

struct AbortMultipartUploadRequest {
  std::string bucket;
  std::string key;
  std::string upload_id;
};

struct ListMultipartUploadsRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;
  std::string key_marker;
  std::string upload_id_marker;
  int max_uploads = 1000;  // 1..1000
};

struct MultipartUploadSummary {
  std::string key;
  std::string upload_id;
  std::optional<SystemTime> initiated;
};

struct ListMultipartUploadsResult {
  std::string bucket;
  std::vector<MultipartUploadSummary> uploads;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

}  // namespace ossxfer

#endif  // OSSXFER_MULTIPART_OPERATIONS_H_
