// The worker pool every transfer uses: parts taken in order by up to
// `parallel` threads, progress made durable by the calling thread as parts
// complete (coalesced) and, optionally, at a fixed interval in between.
#ifndef OSSXFER_TRANSFER_PART_RUNNER_H_
#define OSSXFER_TRANSFER_PART_RUNNER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "ossxfer/status.h"

namespace ossxfer::transfer {

struct PartRunner {
  int parallel = 1;
  // Does one part; kCancelled ends that worker quietly, any other error is
  // handed to `fail` (which should make `stopping` true).
  std::function<Status(size_t index)> work;
  std::function<bool()> stopping;
  std::function<void(const Status&)> fail;
  // Run on the calling thread after parts complete (several completions
  // may share one call), every `flush_interval` if non-zero, and once at the
  // end. Empty: never. An error goes to `fail`.
  std::function<Status()> flush;
  std::chrono::milliseconds flush_interval{0};

  // Returns when every worker has stopped: all of `pending` done, or
  // stopping() became true.
  void Run(const std::vector<size_t>& pending) const;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_PART_RUNNER_H_
