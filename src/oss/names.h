// The naming rules of buckets and object keys (oss-protocol.md §1.2,
// s3-protocol.md §1.1),
// checked before a request is sent so the error names the problem.
#ifndef OSSXFER_OSS_NAMES_H_
#define OSSXFER_OSS_NAMES_H_

#include <string_view>

#include "ossxfer/status.h"

namespace ossxfer::oss {

// 3 to 63 characters of [a-z0-9-], starting and ending with a letter or a
// digit. With `dots_allowed` (S3's rule, s3-protocol.md §1.1) '.' is a
// fourth kind of character, never two in a row nor next to a '-', and the
// name must not look like an IPv4 address.
Status ValidateBucketName(std::string_view bucket, bool dots_allowed = false);

// 1 to 1023 bytes of valid UTF-8, not starting with '/' or '\'.
Status ValidateObjectKey(std::string_view key);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_NAMES_H_
