// What a caller uses to watch and stop a transfer: progress callbacks and
// a cancellation token. Shared by downloads and uploads.
#ifndef OSSXFER_TRANSFER_CONTROL_H_
#define OSSXFER_TRANSFER_CONTROL_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace ossxfer {

// Copies share one flag: hand a copy to the transfer, keep one to cancel
// from another thread or a signal handler (Cancel() is async-signal-safe:
// one lock-free atomic store).
class CancellationToken {
 public:
  CancellationToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void Cancel() const { flag_->store(true); }
  bool cancelled() const { return flag_->load(); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

struct TransferProgress {
  uint64_t increment = 0;    // bytes in this event
  uint64_t transferred = 0;  // bytes in place so far, reused ones included
  uint64_t total = 0;        // bytes the transfer will have in place at the end
};

// Called from the transfer's worker threads, one call at a time (the
// transfer serialises them), so it needs no locking of its own; keep it
// cheap: it runs on the data path.
using ProgressCallback = std::function<void(const TransferProgress&)>;

}  // namespace ossxfer

#endif  // OSSXFER_TRANSFER_CONTROL_H_
