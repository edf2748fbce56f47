// The naming rules of buckets and object keys (oss-protocol.md §1.2),
// checked before a request is sent so the error names the problem.
#ifndef OSSXFER_OSS_NAMES_H_
#define OSSXFER_OSS_NAMES_H_

#include <string_view>

#include "ossxfer/status.h"

namespace ossxfer::oss {

// 3 to 63 characters of [a-z0-9-], starting and ending with a letter or a
// digit.
Status ValidateBucketName(std::string_view bucket);

// 1 to 1023 bytes of valid UTF-8, not starting with '/' or '\'.
Status ValidateObjectKey(std::string_view key);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_NAMES_H_
