// What every part transfer shares, whatever moves its bytes (a download, an
// upload, a server-side copy): the first error and the stop it causes,
// cancellation, progress, notices, the rate limit, the worker pool with its
// flushes, and each part's retries. A transfer kind is a configuration of
// this core: it says how one part moves and what a flush records.
#ifndef OSSXFER_TRANSFER_TRANSFER_CORE_H_
#define OSSXFER_TRANSFER_TRANSFER_CORE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ossxfer/retry_policy.h"
#include "ossxfer/shared_rate_limit.h"
#include "ossxfer/status.h"
#include "ossxfer/transfer_control.h"
#include "transfer/part_runner.h"
#include "transfer/rate_limiter.h"

namespace ossxfer::transfer {

struct TransferSettings {
  int parallel = 1;                          // parts in flight
  uint64_t rate_limit_bytes_per_second = 0;  // 0: none
  ProgressCallback progress;
  CancellationToken cancellation;
  RetryPolicy retry;  // the client's: every part retries by it
  std::shared_ptr<SharedRateLimit> shared_rate_limit;  // a job's; or null
};

// One attempt at a part, as the transfer kind saw it.
struct PartAttempt {
  Status status;
  // The attempt moved the part forward (bytes arrived and were kept): the
  // count of attempts starts again.
  bool progressed = false;
  // Worth another attempt beyond what the retry policy says (a body cut
  // short, a part the server received differently).
  bool retryable = false;
};

class TransferCore {
 public:
  explicit TransferCore(TransferSettings settings);

  const TransferSettings& settings() const { return settings_; }
  // Blocks until `bytes` may go by the transfer's own limit and the job's
  // shared one; false when the transfer stopped while waiting.
  bool AcquireBandwidth(uint64_t bytes);

  // --- Stopping: the first error wins, and stops every worker.
  bool Stopping() const {
    return stop_.load() || settings_.cancellation.cancelled();
  }
  void Fail(const Status& status);
  Status FirstError() const;
  // Before a restart: forget the failure that caused it.
  void ClearFailure();

  // --- What the user should know; the same notice is said once.
  void Notice(std::string notice);
  std::vector<std::string> notices() const;

  // --- Progress: `in_place` bytes of `total` are there already (reused
  // from an earlier run); Advance reports more.
  void BeginProgress(uint64_t in_place, uint64_t total);
  void Advance(uint64_t bytes);
  std::atomic<uint64_t> transferred{0};  // bytes moved by this run

  // --- The parts. Runs `work` for each of `pending` on up to
  // settings().parallel workers; `flush` (may be empty) makes progress
  // durable as parts complete, when RequestFlush asks, every
  // `flush_interval` (0: only then) and at the end. Returns the first error.
  Status RunParts(const std::vector<size_t>& pending,
                  std::function<Status(size_t)> work,
                  std::function<Status()> flush,
                  std::chrono::milliseconds flush_interval = {});
  // From a worker during RunParts: has the coordinator flush soon. Returns
  // at once; does nothing outside RunParts or without a flush.
  void RequestFlush();

  // One part's attempts (the retry contract, ossxfer/retry_policy.h): runs
  // `attempt` until it succeeds, fails in a way neither the policy nor the
  // attempt calls retryable, or the policy's max_attempts attempts in a row
  // made no progress, waiting the policy's jittered backoff in between; a
  // stop ends a wait at once with kCancelled.
  Status RetryPart(const std::function<PartAttempt()>& attempt);

 private:
  const TransferSettings settings_;
  RateLimiter limiter_;

  mutable std::mutex error_mutex_;  // guards first_error_
  Status first_error_;
  std::atomic<bool> stop_{false};

  mutable std::mutex notices_mutex_;  // guards notices_
  std::vector<std::string> notices_;

  std::mutex progress_mutex_;  // guards reported_, total_; serialises calls
  uint64_t reported_ = 0;
  uint64_t total_ = 0;

  std::mutex runner_mutex_;       // guards runner_
  PartRunner* runner_ = nullptr;  // while RunParts runs with a flush
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_TRANSFER_CORE_H_
