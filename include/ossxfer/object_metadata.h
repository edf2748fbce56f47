// What OSS says about an object: the headers of HeadObject/GetObject.
#ifndef OSSXFER_OBJECT_METADATA_H_
#define OSSXFER_OBJECT_METADATA_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ossxfer/checksum.h"

namespace ossxfer {

using SystemTime = std::chrono::system_clock::time_point;

struct ObjectMetadata {
  uint64_t size = 0;  // Content-Length of the whole object
  std::string etag;   // as sent, with its quotes
  std::optional<SystemTime> last_modified;
  // The store's checksum of the whole object: OSS's x-oss-hash-crc64ecma
  // as kCrc64Ecma. Absent when the store sent none.
  std::optional<Checksum> checksum;
  std::string version_id;  // x-oss-version-id
  std::string content_type;
  std::string content_md5;
  std::string object_type;    // Normal | Multipart | Appendable
  std::string storage_class;  // Standard | IA | Archive | ...
  std::string restore;        // x-oss-restore, for archive objects
  // x-oss-/x-amz-server-side-encryption: AES256, KMS, aws:kms, ...; with
  // one the store manages keys for, the ETag is not the MD5 of the bytes.
  std::string server_side_encryption;
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string expires;
  // x-oss-tagging-count: how many tags the object has (0 when the header is
  // absent, as OSS leaves it out for an object without tags).
  uint32_t tagging_count = 0;
  // x-oss-meta-* headers, with the prefix removed and the name lowercased.
  std::map<std::string, std::string> user_metadata;
};

// The ETag without its surrounding quotes: the form to compare.
std::string UnquotedEtag(const std::string& etag);

}  // namespace ossxfer

#endif  // OSSXFER_OBJECT_METADATA_H_
