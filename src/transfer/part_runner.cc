#include "transfer/part_runner.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace ossxfer::transfer {

void PartRunner::RequestFlush() {
  std::lock_guard lock(mutex_);
  flush_due_ = true;
  wakeup_.notify_all();
}

void PartRunner::Run(const std::vector<size_t>& pending) {
  if (pending.empty()) return;
  size_t workers = std::min<size_t>(static_cast<size_t>(std::max(parallel, 1)),
                                    pending.size());
  std::atomic<size_t> next{0};
  {
    std::lock_guard lock(mutex_);
    finished_ = 0;
    flush_due_ = false;
  }
  auto worker = [&] {
    while (!stopping()) {
      size_t i = next++;
      if (i >= pending.size()) break;
      Status done = work(pending[i]);
      if (!done.ok()) {
        if (done.code() != StatusCode::kCancelled) fail(done);
        break;
      }
      RequestFlush();
    }
    std::lock_guard lock(mutex_);
    ++finished_;
    wakeup_.notify_all();
  };
  if (workers == 1 && !flush) {
    // Nothing to coordinate: the calling thread does the work itself. A
    // small file's download is one part, and a thread per file (its stack
    // mapped and unmapped, a TLB shootdown on each core) cost more than
    // the file's bytes.
    worker();
    return;
  }
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) threads.emplace_back(worker);
  auto flush_now = [&](std::unique_lock<std::mutex>& lock) {
    if (!flush) return;
    lock.unlock();
    Status flushed = flush();
    if (!flushed.ok()) fail(flushed);
    lock.lock();
  };
  {
    std::unique_lock lock(mutex_);
    auto woken = [&] { return flush_due_ || finished_ == workers; };
    while (finished_ < workers) {
      if (flush_interval.count() > 0) {
        wakeup_.wait_for(lock, flush_interval, woken);
      } else {
        wakeup_.wait(lock, woken);
      }
      if (finished_ == workers) break;
      flush_due_ = false;
      flush_now(lock);
    }
    flush_now(lock);
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace ossxfer::transfer
