#include "cli/item_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "cli/error_report.h"
#include "cli/interrupt.h"

namespace ossxfer::cli {
namespace {

// The items between the producer and the workers.
class ItemQueue {
 public:
  explicit ItemQueue(size_t capacity) : capacity_(capacity) {}

  // Waits while the queue is full.
  void Push(CopyItem item) {
    std::unique_lock lock(mutex_);
    ++waiting_for_room_;
    room_.wait(lock, [&] { return queue_.size() < capacity_; });
    --waiting_for_room_;
    queue_.push_back(std::move(item));
    ++pushed_;
    bytes_pushed_ += queue_.back().size;
    // Only a waiter needs waking: a million items must not cost a million
    // futex calls.
    if (waiting_for_items_ > 0) ready_.notify_one();
  }
  // No more items will come.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  // The next item; nullopt once the queue is closed and empty.
  std::optional<CopyItem> Pop() {
    std::unique_lock lock(mutex_);
    ++waiting_for_items_;
    ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
    --waiting_for_items_;
    if (queue_.empty()) return std::nullopt;
    CopyItem item = std::move(queue_.front());
    queue_.pop_front();
    if (waiting_for_room_ > 0) room_.notify_one();
    return item;
  }
  // Items and bytes emitted so far.
  std::pair<uint64_t, uint64_t> Pushed() const {
    std::lock_guard lock(mutex_);
    return {pushed_, bytes_pushed_};
  }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<CopyItem> queue_;
  bool closed_ = false;
  int waiting_for_items_ = 0;
  int waiting_for_room_ = 0;
  uint64_t pushed_ = 0;
  uint64_t bytes_pushed_ = 0;
};

struct Tally {
  std::atomic<uint64_t> done{0}, skipped{0}, failed{0}, finished{0};
  std::atomic<uint64_t> bytes_done{0};
};

}  // namespace

ItemStreamResult RunItemStream(
    const std::function<Status(const EmitItem&)>& produce, int jobs,
    const TransferContext& context, CommandOutput& output,
    const std::function<uint64_t()>& left_out) {
  const size_t workers = static_cast<size_t>(std::max(jobs, 1));
  ItemQueue queue(kQueuedItems + workers);
  Tally tally;
  std::mutex print_mutex;
  const bool json = output.json();
  auto record = [&](const TransferOutcome& outcome, uint64_t size) {
    switch (outcome.state) {
      case TransferOutcome::State::kDone:
        ++tally.done;
        break;
      case TransferOutcome::State::kSkipped:
        ++tally.skipped;
        break;
      case TransferOutcome::State::kFailed:
        ++tally.failed;
        break;
    }
    tally.bytes_done += size;
    const uint64_t finished = ++tally.finished;
    std::lock_guard lock(print_mutex);
    output.Report(outcome);
    if (outcome.state == TransferOutcome::State::kFailed && !json &&
        outcome.error.code() != StatusCode::kCancelled) {
      output.Error("ossxfer: error: " +
                   ErrorLine(fmt::format("{} -> {}", outcome.source,
                                         outcome.destination),
                             outcome.error));
    }
    if (context.display != nullptr) {
      // The totals grow as the listing goes on.
      const auto [seen, bytes_seen] = queue.Pushed();
      context.display->SetOverall(finished, seen, tally.bytes_done, bytes_seen);
    }
  };
  auto work = [&] {
    while (std::optional<CopyItem> item = queue.Pop()) {
      if (item->settled) {
        record(*item->settled, 0);
        continue;
      }
      if (context.cancellation.cancelled()) continue;
      record(item->transfer(), item->size);
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) threads.emplace_back(work);
  ItemStreamResult result;
  result.produced =
      produce([&](CopyItem item) { queue.Push(std::move(item)); });
  queue.Close();
  for (std::thread& thread : threads) thread.join();

  const uint64_t not_started = queue.Pushed().first - tally.finished;
  const uint64_t filtered_out = left_out ? left_out() : 0;
  if (json) {
    nlohmann::json summary = {{"type", "summary"},
                              {"done", tally.done.load()},
                              {"skipped", tally.skipped.load()},
                              {"failed", tally.failed.load()},
                              {"not_started", not_started},
                              {"filtered_out", filtered_out},
                              {"interrupted", Interrupted()}};
    output.PrintJson(summary);
  } else {
    // A summary, not an error: -q silences it (each failed file's error
    // was said as it failed, and the exit code says there were failures).
    output.Notice(fmt::format(
        "ossxfer: {} done, {} skipped, {} failed{}{}", tally.done.load(),
        tally.skipped.load(), tally.failed.load(),
        not_started > 0 ? fmt::format(", {} not started", not_started) : "",
        filtered_out > 0
            ? fmt::format(", {} left out by the filters", filtered_out)
            : ""));
  }
  if (Interrupted()) {
    result.code = kExitInterrupted;
  } else {
    result.code = tally.failed > 0 ? kExitPartialFailure : kExitOk;
  }
  return result;
}

}  // namespace ossxfer::cli
