// How a tree job runs its files: the listing (or the walk of a directory)
// produces them on the calling thread, and --jobs workers take them from a
// bounded queue as they come. The job holds the queue, never the whole
// listing: a tree of a million objects costs what a few hundred queued
// entries cost, and the first transfer starts with the first page.
#ifndef OSSXFER_CLI_ITEM_STREAM_H_
#define OSSXFER_CLI_ITEM_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "cli/command_output.h"
#include "cli/exit_codes.h"
#include "cli/transfer_runner.h"
#include "ossxfer/status.h"

namespace ossxfer::cli {

// One file of the job: either settled while planning (skipped, refused)
// or a transfer to run.
struct CopyItem {
  std::optional<TransferOutcome> settled;
  std::function<TransferOutcome()> transfer;
  uint64_t size = 0;
};

using EmitItem = std::function<void(CopyItem)>;

struct ItemStreamResult {
  // kExitOk, kExitPartialFailure when a file failed, kExitInterrupted.
  ExitCode code = kExitOk;
  // What `produce` returned: an error means part of the tree was never
  // listed, and the job has not done all it was asked.
  Status produced;
};

// Entries the queue holds at most beyond one per worker: enough that no
// worker waits for the next page of a listing, few enough to not matter.
inline constexpr size_t kQueuedItems = 256;

// Calls `produce`, which emits the job's items, and runs them `jobs` at a
// time while it does; prints each outcome as it comes and a summary at the
// end (`left_out` is asked then: the entries the filters did not take).
// After Ctrl-C no new transfer starts.
ItemStreamResult RunItemStream(
    const std::function<Status(const EmitItem&)>& produce, int jobs,
    const TransferContext& context, CommandOutput& output,
    const std::function<uint64_t()>& left_out);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_ITEM_STREAM_H_
