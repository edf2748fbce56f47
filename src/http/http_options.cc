#include "ossxfer/http_options.h"

namespace ossxfer {

namespace {

// Far above what any store serves one client well; a bigger number is a
// typo, and each connection is a socket and a TLS session.
constexpr uint32_t kMaxConnections = 4096;

}  // namespace

Status HttpOptions::Validate() const {
  Status retry_valid = retry.Validate();
  if (!retry_valid.ok()) return retry_valid;
  if (low_speed_time.count() < 1) {
    return Status::InvalidArgument("low_speed_time must be at least 1 second");
  }
  if (max_connections > kMaxConnections) {
    return Status::InvalidArgument(
        "max_connections must be at most 4096 (0: no cap)");
  }
  return Status::Ok();
}

}  // namespace ossxfer
