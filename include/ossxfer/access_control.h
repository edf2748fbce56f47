// Access control lists of objects and buckets (oss-protocol-2.md §5).
#ifndef OSSXFER_ACCESS_CONTROL_H_
#define OSSXFER_ACCESS_CONTROL_H_

#include <string>
#include <string_view>

#include "ossxfer/status.h"

namespace ossxfer {

// The canned ACLs. An object may also have kAclDefault: "use the bucket's
// ACL", what every object has until one is set; a bucket may not.
inline constexpr std::string_view kAclPrivate = "private";
inline constexpr std::string_view kAclPublicRead = "public-read";
inline constexpr std::string_view kAclPublicReadWrite = "public-read-write";
inline constexpr std::string_view kAclDefault = "default";

// kInvalidArgument naming the values allowed, for anything else. Every
// client operation that sends an ACL (PutObjectAcl, PutBucketAcl, and
// ObjectAttributes::acl on the writes) checks it this way before sending.
Status ValidateObjectAcl(std::string_view acl);
Status ValidateBucketAcl(std::string_view acl);

struct PutObjectAclRequest {
  std::string bucket;
  std::string key;
  std::string version_id;  // empty: the current version
  std::string acl;         // private, public-read, public-read-write, default
};

struct GetObjectAclRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
};

// The AccessControlPolicy answer of GetObjectAcl and GetBucketAcl.
struct AccessControlPolicy {
  std::string grant;  // one of the values above, as the server sent it
  std::string owner_id;
  std::string owner_display_name;
};

}  // namespace ossxfer

#endif  // OSSXFER_ACCESS_CONTROL_H_
