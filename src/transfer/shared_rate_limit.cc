#include "ossxfer/shared_rate_limit.h"

#include "transfer/rate_limiter.h"

namespace ossxfer {

SharedRateLimit::SharedRateLimit(uint64_t bytes_per_second)
    : limiter_(std::make_unique<transfer::RateLimiter>(bytes_per_second)) {}

SharedRateLimit::~SharedRateLimit() = default;

uint64_t SharedRateLimit::bytes_per_second() const {
  return limiter_->bytes_per_second();
}

bool SharedRateLimit::Acquire(uint64_t bytes,
                              const std::function<bool()>& cancelled) {
  return limiter_->Acquire(bytes, cancelled);
}

}  // namespace ossxfer
