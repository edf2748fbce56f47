#include "transfer/part_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace ossxfer::transfer {

void PartRunner::Run(const std::vector<size_t>& pending) const {
  if (pending.empty()) return;
  size_t workers = std::min<size_t>(static_cast<size_t>(std::max(parallel, 1)),
                                    pending.size());
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable wakeup;
  size_t finished = 0;
  bool part_completed = false;
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      while (!stopping()) {
        size_t i = next++;
        if (i >= pending.size()) break;
        Status done = work(pending[i]);
        if (!done.ok()) {
          if (done.code() != StatusCode::kCancelled) fail(done);
          break;
        }
        std::lock_guard lock(mutex);
        part_completed = true;
        wakeup.notify_all();
      }
      std::lock_guard lock(mutex);
      ++finished;
      wakeup.notify_all();
    });
  }
  auto flush_now = [&](std::unique_lock<std::mutex>& lock) {
    if (!flush) return;
    lock.unlock();
    Status flushed = flush();
    if (!flushed.ok()) fail(flushed);
    lock.lock();
  };
  {
    std::unique_lock lock(mutex);
    auto woken = [&] { return part_completed || finished == workers; };
    while (finished < workers) {
      if (flush_interval.count() > 0) {
        wakeup.wait_for(lock, flush_interval, woken);
      } else {
        wakeup.wait(lock, woken);
      }
      if (finished == workers) break;
      part_completed = false;
      flush_now(lock);
    }
    flush_now(lock);
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace ossxfer::transfer
