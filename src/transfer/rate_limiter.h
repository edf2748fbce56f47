// One budget of bytes per second shared by every connection of a transfer
// (a token bucket holding at most a quarter second of tokens, so bursts
// stay small and the average holds over any second).
#ifndef OSSXFER_TRANSFER_RATE_LIMITER_H_
#define OSSXFER_TRANSFER_RATE_LIMITER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

namespace ossxfer::transfer {

class RateLimiter {
 public:
  // 0: unlimited (Acquire returns at once).
  explicit RateLimiter(uint64_t bytes_per_second);

  // Blocks until `bytes` may go, in sleeps of at most 100 ms that check
  // `cancelled`; returns false if cancelled while waiting. Thread-safe.
  bool Acquire(uint64_t bytes, const std::function<bool()>& cancelled = {});

  uint64_t bytes_per_second() const { return bytes_per_second_; }

 private:
  const uint64_t bytes_per_second_;
  std::mutex mutex_;
  double tokens_;
  std::chrono::steady_clock::time_point refilled_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_RATE_LIMITER_H_
