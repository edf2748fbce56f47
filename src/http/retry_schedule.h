// The one place where ossxfer decides whether to try a failed request again
// and how long to wait first. The request executor runs one schedule per
// request; the transfer engine runs one per part, sending each part request
// with a single attempt so that the two never stack.
#ifndef OSSXFER_HTTP_RETRY_SCHEDULE_H_
#define OSSXFER_HTTP_RETRY_SCHEDULE_H_

#include <chrono>
#include <functional>
#include <string>

#include "ossxfer/retry_policy.h"
#include "ossxfer/status.h"

namespace ossxfer::http {

// A uniform random number in [0, 1), from a per-thread generator: the
// jitter of every backoff.
double UniformRandom();

// Waits `delay`, waking at least every 10 ms to ask `cancelled` (empty: never
// cancelled). False when cancelled, at once or during the wait.
bool SleepUnlessCancelled(std::chrono::milliseconds delay,
                          const std::function<bool()>& cancelled);

class RetrySchedule {
 public:
  RetrySchedule(const RetryPolicy& policy, std::function<bool()> cancelled,
                std::function<void(const std::string&)> log = {});

  // After a failed attempt. `retryable` is the caller's judgement (usually
  // policy.IsRetryable, plus what only the caller knows: a body cut short);
  // `progressed` says the attempt moved the work forward (bytes arrived), so
  // it starts the count of attempts again. Returns OK once the backoff has
  // passed and another attempt may go; otherwise what to return: `failure`
  // itself (with the attempt count after several) when it is not retryable
  // or the policy's max_attempts attempts in a row made no progress, or
  // kCancelled when cancelled while waiting. After RequestTimeTooSkewed the
  // client corrected its clock, so the retry goes at once.
  Status BeforeRetry(const Status& failure, bool retryable,
                     bool progressed = false);

  // Attempts made since the last one that progressed.
  int attempts() const { return attempts_; }

 private:
  const RetryPolicy& policy_;
  std::function<bool()> cancelled_;
  std::function<void(const std::string&)> log_;
  int attempts_ = 1;  // the one whose failure BeforeRetry is told about
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_RETRY_SCHEDULE_H_
