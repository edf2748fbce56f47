// Listing objects and buckets.
#ifndef OSSXFER_LISTING_H_
#define OSSXFER_LISTING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/object_metadata.h"

namespace ossxfer {

struct ListObjectsV2Request {
  std::string bucket;
  std::string prefix;
  std::string delimiter;           // "/" groups keys into common prefixes
  std::string continuation_token;  // from the previous page
  std::string start_after;
  int max_keys = 1000;  // 1..1000
};

struct ObjectSummary {
  std::string key;
  uint64_t size = 0;
  std::string etag;
  std::optional<SystemTime> last_modified;
  std::string storage_class;
  std::string type;  // Normal | Multipart | Appendable
};

// One page. Call again with next_continuation_token while is_truncated.
struct ListObjectsV2Result {
  std::string bucket;
  std::string prefix;
  std::vector<ObjectSummary> objects;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;
};

// ListObjectVersions (GET /?versions): every version and delete marker.
struct ListObjectVersionsRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;
  std::string key_marker;         // from the previous page
  std::string version_id_marker;  // from the previous page, with key_marker
  int max_keys = 1000;            // 1..1000
};

struct ObjectVersionSummary {
  ObjectSummary object;  // a delete marker has only key and last_modified
  std::string version_id;
  bool is_latest = false;
  bool delete_marker = false;
};

// One page, versions and delete markers in the server's order (by key,
// newest first). Call again with next_key_marker and
// next_version_id_marker while is_truncated.
struct ListObjectVersionsResult {
  std::string bucket;
  std::string prefix;
  std::vector<ObjectVersionSummary> versions;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_version_id_marker;
};

struct BucketSummary {
  std::string name;
  std::optional<SystemTime> creation_date;
  std::string location;
  std::string storage_class;
};

}  // namespace ossxfer

#endif  // OSSXFER_LISTING_H_
