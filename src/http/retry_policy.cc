#include "ossxfer/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace ossxfer {

bool RetryPolicy::IsRetryable(const Status& status) const {
  if (status.ok()) return false;
  if (status.code() == StatusCode::kNetworkError) return true;
  const ServiceError* error = status.service_error();
  if (error == nullptr) return false;
  // 501 is the server saying it lacks the operation: no retry changes that
  // (OSS-compatible servers answer NotImplemented so).
  if (error->http_status == 501) return false;
  if (error->http_status >= 500 || error->http_status == 408 ||
      error->http_status == 429) {
    return true;
  }
  return error->code == "SlowDown" || error->code == "RequestTimeTooSkewed" ||
         error->code == "RequestTimeout";
}

std::chrono::milliseconds RetryPolicy::Backoff(int retry,
                                               double uniform_random) const {
  if (retry < 1) return std::chrono::milliseconds(0);
  // 2^(retry-1) overflows nothing: the exponent is capped well below the
  // point where the ceiling is already max_delay.
  double ceiling = static_cast<double>(base_delay.count()) *
                   std::ldexp(1.0, std::min(retry - 1, 40));
  ceiling = std::min(ceiling, static_cast<double>(max_delay.count()));
  double fraction = std::clamp(uniform_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(ceiling * fraction));
}

Status RetryPolicy::Validate() const {
  if (max_attempts < 1 || max_attempts > 100) {
    return Status::InvalidArgument(
        "retry max_attempts must be between 1 and 100, got " +
        std::to_string(max_attempts));
  }
  if (base_delay.count() < 0 || max_delay.count() < 0) {
    return Status::InvalidArgument("retry delays must not be negative");
  }
  if (base_delay > max_delay) {
    return Status::InvalidArgument("retry base_delay (" +
                                   std::to_string(base_delay.count()) +
                                   " ms) must not exceed max_delay (" +
                                   std::to_string(max_delay.count()) + " ms)");
  }
  return Status();
}

}  // namespace ossxfer
