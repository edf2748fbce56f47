// When and how soon to try a failed request again.
#ifndef OSSXFER_RETRY_POLICY_H_
#define OSSXFER_RETRY_POLICY_H_

#include <chrono>
#include <cstdint>

#include "ossxfer/status.h"

namespace ossxfer {

// Exponential backoff with full jitter: before retry n (n = 1 for the first
// retry) wait a uniformly random time in [0, min(max_delay, base_delay *
// 2^(n-1))]. Full jitter spreads out clients that failed together, which is
// what a server that said SlowDown needs.
//
// The contract, for every request the library sends:
// - A request is sent at most `max_attempts` times in a row without
//   progress. Only this policy decides: there is no second retry loop
//   stacked on it (the request executor retries a single request; the
//   transfer engine sends each part with one attempt per request and
//   retries the part itself by this same policy).
// - Progress starts the count again: a download part that received bytes
//   before its connection broke resumes from the next byte with a fresh
//   count. An upload or copy part is all or nothing, so each of its
//   attempts counts.
// - Between attempts: the full-jitter backoff below (none after
//   RequestTimeTooSkewed, once the client has corrected its clock).
// - A cancel (CancellationToken, or a request's `cancelled`) ends a backoff
//   within about 10 ms.
// - With max_attempts = 2 and a server answering 503 to every GET, each
//   part GET is sent exactly twice (tests/transfer/retry_contract_test.cc).
struct RetryPolicy {
  int max_attempts = 4;  // the first try included; 1 disables retries
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{20000};

  // Whether a failure is worth trying again: transport errors (connect,
  // reset, timeout), HTTP 5xx but 501, 408, 429, the OSS codes SlowDown,
  // RequestTimeTooSkewed (the client corrects its clock first) and
  // RequestTimeout. Never: 4xx answers about the request itself (bad
  // signature, no such key, precondition failed), 501 Not Implemented (the
  // server lacks the operation), local I/O, checksums left to the caller,
  // cancellation.
  bool IsRetryable(const Status& status) const;

  // The wait before retry `retry` (1-based), given a uniform random number
  // in [0, 1) so the choice is testable.
  std::chrono::milliseconds Backoff(int retry, double uniform_random) const;

  // kInvalidArgument naming the field and the valid range when a value is
  // out of range (max_attempts 1..100, delays >= 0, base <= max).
  Status Validate() const;
};

}  // namespace ossxfer

#endif  // OSSXFER_RETRY_POLICY_H_
