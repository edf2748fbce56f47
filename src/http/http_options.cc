#include "ossxfer/http_options.h"

namespace ossxfer {

Status HttpOptions::Validate() const {
  Status retry_valid = retry.Validate();
  if (!retry_valid.ok()) return retry_valid;
  if (low_speed_time.count() < 1) {
    return Status::InvalidArgument("low_speed_time must be at least 1 second");
  }
  return Status::Ok();
}

}  // namespace ossxfer
