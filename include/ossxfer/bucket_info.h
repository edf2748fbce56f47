// What GetBucketInfo says about a bucket (oss-protocol-2.md §9.1).
#ifndef OSSXFER_BUCKET_INFO_H_
#define OSSXFER_BUCKET_INFO_H_

#include <optional>
#include <string>

#include "ossxfer/object_metadata.h"

namespace ossxfer {

struct BucketInfo {
  std::string name;
  // The region as OSS writes it, with its "oss-" prefix ("oss-cn-hangzhou");
  // ClientOptions::region takes it as it is.
  std::string location;
  std::optional<SystemTime> creation_date;
  std::string acl;            // private | public-read | public-read-write
  std::string storage_class;  // Standard | IA | Archive | ...
};

}  // namespace ossxfer

#endif  // OSSXFER_BUCKET_INFO_H_
