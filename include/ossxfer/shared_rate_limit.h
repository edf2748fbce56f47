// A bandwidth budget that several transfers share: give the same one to
// every request of a job (DownloadRequest/UploadRequest::shared_rate_limit)
// and all their connections together stay under it, however many files
// and parts are in flight (`cp -r --limit-rate`). A request's own
// rate_limit_bytes_per_second still applies to it as well.
#ifndef OSSXFER_SHARED_RATE_LIMIT_H_
#define OSSXFER_SHARED_RATE_LIMIT_H_

#include <cstdint>
#include <functional>
#include <memory>

namespace ossxfer {
namespace transfer {
class RateLimiter;
}

class SharedRateLimit {
 public:
  // 0: unlimited.
  explicit SharedRateLimit(uint64_t bytes_per_second);
  ~SharedRateLimit();
  SharedRateLimit(const SharedRateLimit&) = delete;
  SharedRateLimit& operator=(const SharedRateLimit&) = delete;

  uint64_t bytes_per_second() const;
  // Blocks until `bytes` may go (the transfers call it before sending or
  // after receiving each block); false if `cancelled` said so while
  // waiting. Thread-safe.
  bool Acquire(uint64_t bytes, const std::function<bool()>& cancelled = {});

 private:
  std::unique_ptr<transfer::RateLimiter> limiter_;
};

}  // namespace ossxfer

#endif  // OSSXFER_SHARED_RATE_LIMIT_H_
