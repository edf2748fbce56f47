// The worker pool every transfer uses: parts taken in order by up to
// `parallel` threads (the calling thread itself when one would do and
// there is nothing to flush), progress made durable by the calling thread as
// parts complete (coalesced), when a worker asks for it, and, optionally, at a
// fixed interval in between.
#ifndef OSSXFER_TRANSFER_PART_RUNNER_H_
#define OSSXFER_TRANSFER_PART_RUNNER_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "ossxfer/status.h"

namespace ossxfer::transfer {

class PartRunner {
 public:
  int parallel = 1;
  // Does one part; kCancelled ends that worker quietly, any other error is
  // handed to `fail` (which should make `stopping` true).
  std::function<Status(size_t index)> work;
  std::function<bool()> stopping;
  std::function<void(const Status&)> fail;
  // Run on the calling thread after parts complete (several completions
  // may share one call), after RequestFlush, every `flush_interval` if
  // non-zero, and once at the end. Empty: never. An error goes to `fail`.
  std::function<Status()> flush;
  std::chrono::milliseconds flush_interval{0};

  // Returns when every worker has stopped: all of `pending` done, or
  // stopping() became true.
  void Run(const std::vector<size_t>& pending);

  // From `work`, while Run runs: has the calling thread flush as soon as it
  // can, while the workers go on. Returns at once; requests made before a
  // flush starts share it.
  void RequestFlush();

 private:
  std::mutex mutex_;
  std::condition_variable wakeup_;
  size_t finished_ = 0;
  bool flush_due_ = false;  // a part completed, or a worker asked
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_PART_RUNNER_H_
