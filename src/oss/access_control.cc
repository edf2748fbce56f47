#include "ossxfer/access_control.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

namespace ossxfer {
namespace {

// The value is quoted in the message as given: the caller wrote it.
Status CheckAcl(std::string_view acl, std::string_view what,
                std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), acl) != allowed.end()) {
    return Status::Ok();
  }
  std::string names;
  for (std::string_view name : allowed) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return Status::InvalidArgument(
      fmt::format("invalid {} ACL \"{}\": use one of {}", what, acl, names));
}

}  // namespace

Status ValidateObjectAcl(std::string_view acl) {
  return CheckAcl(
      acl, "object",
      {kAclPrivate, kAclPublicRead, kAclPublicReadWrite, kAclDefault});
}

Status ValidateBucketAcl(std::string_view acl) {
  return CheckAcl(acl, "bucket",
                  {kAclPrivate, kAclPublicRead, kAclPublicReadWrite});
}

}  // namespace ossxfer
