// Object tags (oss-protocol-2.md §6): set, read and removed as a whole, or
// given to a write in ObjectAttributes::tagging.
#ifndef OSSXFER_OBJECT_TAGGING_H_
#define OSSXFER_OBJECT_TAGGING_H_

#include <string>
#include <vector>

namespace ossxfer {

// OSS's limits (checked by the server, which answers 400 InvalidTag,
// BadRequest or InvalidArgument): at most 10 tags, unique keys of 1 to 128
// bytes, values of 0 to 256 bytes, letters, digits, spaces and
// `+ - = . _ : /` only.
struct ObjectTag {
  std::string key;
  std::string value;

  bool operator==(const ObjectTag&) const = default;
};

struct PutObjectTaggingRequest {
  std::string bucket;
  std::string key;
  std::string version_id;  // empty: the current version
  // Replaces the whole tag set; empty removes every tag.
  std::vector<ObjectTag> tags;
};

// For GetObjectTagging and DeleteObjectTagging.
struct ObjectTaggingRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
};

// The x-oss-tagging form of `tags`, for ObjectAttributes::tagging:
// "k1=v1&k2=v2", keys and values percent-encoded (every byte but
// A-Z a-z 0-9 - _ . ~, a space as %20), a bare key for an empty value.
std::string TaggingHeaderValue(const std::vector<ObjectTag>& tags);

}  // namespace ossxfer

#endif  // OSSXFER_OBJECT_TAGGING_H_
