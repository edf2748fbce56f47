#include "transfer/transfer_core.h"

#include <algorithm>

#include "http/retry_schedule.h"

namespace ossxfer::transfer {

TransferCore::TransferCore(TransferSettings settings)
    : settings_(std::move(settings)),
      limiter_(settings_.rate_limit_bytes_per_second) {}

bool TransferCore::AcquireBandwidth(uint64_t bytes) {
  auto stopping = [this] { return Stopping(); };
  if (!limiter_.Acquire(bytes, stopping)) return false;
  return settings_.shared_rate_limit == nullptr ||
         settings_.shared_rate_limit->Acquire(bytes, stopping);
}

void TransferCore::Fail(const Status& status) {
  std::lock_guard lock(error_mutex_);
  if (first_error_.ok()) first_error_ = status;
  stop_ = true;
}

Status TransferCore::FirstError() const {
  std::lock_guard lock(error_mutex_);
  return first_error_;
}

void TransferCore::ClearFailure() {
  std::lock_guard lock(error_mutex_);
  first_error_ = Status();
  stop_ = false;
}

void TransferCore::Notice(std::string notice) {
  std::lock_guard lock(notices_mutex_);
  // A restart probes again: the same notice is not worth saying twice.
  if (std::find(notices_.begin(), notices_.end(), notice) == notices_.end())
    notices_.push_back(std::move(notice));
}

std::vector<std::string> TransferCore::notices() const {
  std::lock_guard lock(notices_mutex_);
  return notices_;
}

void TransferCore::BeginProgress(uint64_t in_place, uint64_t total) {
  std::lock_guard lock(progress_mutex_);
  reported_ = in_place;
  total_ = total;
  if (settings_.progress)
    settings_.progress(TransferProgress{0, in_place, total});
}

void TransferCore::Advance(uint64_t bytes) {
  if (!settings_.progress) return;
  std::lock_guard lock(progress_mutex_);
  reported_ += bytes;
  settings_.progress(
      TransferProgress{bytes, std::min(reported_, total_), total_});
}

Status TransferCore::RunParts(const std::vector<size_t>& pending,
                              std::function<Status(size_t)> work,
                              std::function<Status()> flush,
                              std::chrono::milliseconds flush_interval) {
  PartRunner runner;
  runner.parallel = settings_.parallel;
  runner.work = std::move(work);
  runner.stopping = [this] { return Stopping(); };
  runner.fail = [this](const Status& status) { Fail(status); };
  runner.flush = std::move(flush);
  runner.flush_interval = flush_interval;
  if (runner.flush) {
    std::lock_guard lock(runner_mutex_);
    runner_ = &runner;
  }
  runner.Run(pending);
  {
    std::lock_guard lock(runner_mutex_);
    runner_ = nullptr;
  }
  return FirstError();
}

void TransferCore::RequestFlush() {
  std::lock_guard lock(runner_mutex_);
  if (runner_ != nullptr) runner_->RequestFlush();
}

Status TransferCore::RetryPart(const std::function<PartAttempt()>& attempt) {
  http::RetrySchedule schedule(settings_.retry, [this] { return Stopping(); });
  while (true) {
    if (Stopping()) return Status::Cancelled("transfer stopped");
    PartAttempt tried = attempt();
    if (tried.status.ok()) return Status();
    if (tried.status.code() == StatusCode::kCancelled) return tried.status;
    bool retryable =
        tried.retryable || settings_.retry.IsRetryable(tried.status);
    Status next =
        schedule.BeforeRetry(tried.status, retryable, tried.progressed);
    if (!next.ok()) return next;
  }
}

}  // namespace ossxfer::transfer
