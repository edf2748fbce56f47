#include "server/object_conditions.h"

#include <chrono>

#include "ossxfer/object_metadata.h"
#include "ossxfer/service_error.h"
#include "server/store_errors.h"
#include "util/text.h"
#include "util/time_format.h"

namespace ossxfer::server {

Status CheckConditions(const ServerRequest& request, std::string_view prefix,
                       const std::string& etag, int64_t last_modified_ms) {
  const std::string unquoted = UnquotedEtag(etag);
  const util::SystemTime modified =
      std::chrono::time_point_cast<std::chrono::seconds>(
          util::SystemTime(std::chrono::milliseconds(last_modified_ms)));
  auto header = [&](std::string_view name) {
    return request.Header(std::string(prefix) + std::string(name));
  };
  auto precondition_failed = [] {
    return OssError(
        412, "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold");
  };
  if (auto match = header("If-Match")) {
    // ETags are hex: OSS writes them in upper case, S3 in lower case, and a
    // client may send back either.
    if (*match != "*" &&
        !util::EqualsIgnoringAsciiCase(UnquotedEtag(*match), unquoted))
      return precondition_failed();
  }
  if (auto since = header("If-Unmodified-Since")) {
    auto time = util::ParseHttpDate(*since);
    if (time && modified > *time) return precondition_failed();
  }
  if (auto none_match = header("If-None-Match")) {
    if (*none_match == "*" ||
        util::EqualsIgnoringAsciiCase(UnquotedEtag(*none_match), unquoted)) {
      return OssError(304, "NotModified", "");
    }
  }
  if (auto since = header("If-Modified-Since")) {
    auto time = util::ParseHttpDate(*since);
    if (time && modified <= *time) return OssError(304, "NotModified", "");
  }
  return Status();
}

}  // namespace ossxfer::server
