#include "transfer/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace ossxfer::transfer {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// Each sleep is at most this long, so cancellation is noticed promptly.
constexpr auto kMaxSleep = std::chrono::milliseconds(100);
// A cap on a single wait, so an absurd request cannot overflow the clock
// arithmetic; ~3 years is forever for a transfer.
constexpr double kMaxWaitSeconds = 1e8;

}  // namespace

RateLimiter::RateLimiter(uint64_t bytes_per_second)
    : bytes_per_second_(bytes_per_second),
      // Start full: the first quarter second of a transfer need not wait.
      tokens_(static_cast<double>(bytes_per_second) / 4),
      refilled_(Clock::now()) {}

// Reservation, not polling: the caller takes its bytes at once, possibly
// driving the bucket into debt, and sleeps until the debt (its own and
// that of every caller before it) is paid at the configured rate. Callers
// are thus served in arrival order, the total rate holds across threads,
// and a request larger than the bucket is not starved.
bool RateLimiter::Acquire(uint64_t bytes,
                          const std::function<bool()>& cancelled) {
  if (bytes_per_second_ == 0 || bytes == 0) return true;
  const double rate = static_cast<double>(bytes_per_second_);
  const double amount = static_cast<double>(bytes);
  Clock::time_point deadline;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Clock::time_point now = Clock::now();
    const double capacity = rate / 4;
    tokens_ =
        std::min(capacity, tokens_ + Seconds(now - refilled_).count() * rate);
    refilled_ = now;
    tokens_ -= amount;
    if (tokens_ >= 0) return true;
    const double wait = std::min(-tokens_ / rate, kMaxWaitSeconds);
    deadline = now + std::chrono::duration_cast<Clock::duration>(Seconds(wait));
  }
  for (Clock::time_point now = Clock::now(); now < deadline;
       now = Clock::now()) {
    if (cancelled && cancelled()) {
      // Give the reservation back so later callers need not wait for bytes
      // that will never be sent.
      std::lock_guard<std::mutex> lock(mutex_);
      tokens_ = std::min(rate / 4, tokens_ + amount);
      return false;
    }
    std::this_thread::sleep_until(std::min(deadline, now + kMaxSleep));
  }
  return true;
}

}  // namespace ossxfer::transfer
