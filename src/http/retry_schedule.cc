#include "http/retry_schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <thread>

namespace ossxfer::http {

double UniformRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

bool SleepUnlessCancelled(std::chrono::milliseconds delay,
                          const std::function<bool()>& cancelled) {
  // Short slices keep a cancel during a long backoff well under 100 ms.
  constexpr std::chrono::milliseconds kSlice{10};
  auto deadline = std::chrono::steady_clock::now() + delay;
  while (true) {
    if (cancelled && cancelled()) return false;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, kSlice));
  }
}

RetrySchedule::RetrySchedule(const RetryPolicy& policy,
                             std::function<bool()> cancelled,
                             std::function<void(const std::string&)> log)
    : policy_(policy), cancelled_(std::move(cancelled)), log_(std::move(log)) {}

Status RetrySchedule::BeforeRetry(const Status& failure, bool retryable,
                                  bool progressed) {
  if (progressed) attempts_ = 1;
  if (!retryable || attempts_ >= policy_.max_attempts) {
    if (attempts_ > 1) {
      return failure.WithContext(fmt::format("after {} attempts", attempts_));
    }
    return failure;
  }
  const ServiceError* error = failure.service_error();
  bool skew = error != nullptr && error->code == "RequestTimeTooSkewed";
  std::chrono::milliseconds delay =
      skew ? std::chrono::milliseconds(0)
           : policy_.Backoff(attempts_, UniformRandom());
  if (log_) {
    log_(fmt::format("retrying in {} ms after: {}", delay.count(),
                     failure.ToString()));
  }
  if (!SleepUnlessCancelled(delay, cancelled_)) {
    return Status::Cancelled("transfer cancelled while waiting to retry");
  }
  ++attempts_;
  return Status();
}

}  // namespace ossxfer::http
