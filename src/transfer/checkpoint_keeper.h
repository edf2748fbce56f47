// The checkpoint of one transfer, kept across runs the same way for every
// transfer kind (download, upload, copy): read once at the start, where a
// damaged file is discarded with a notice that names it and why; written by
// one flush at a time from a snapshot taken *before* what it claims is made
// durable, so it never claims more than a crash leaves, into the slot of
// the file not holding the newest checkpoint (checkpoint_slots.h, which
// says why a slot needs no fsync of its own); removed when the
// transfer is done or can no longer resume. It also keeps the crash budget:
// how much progress the transfer may hold that the last checkpoint does not
// record before its workers wait for a flush. What a checkpoint contains
// and when it still matches the transfer are the kind's business.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_KEEPER_H_
#define OSSXFER_TRANSFER_CHECKPOINT_KEEPER_H_

#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ossxfer/result.h"
#include "transfer/checkpoint_file.h"
#include "transfer/checkpoint_slots.h"
#include "transfer/transfer_core.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

template <typename Checkpoint>
class CheckpointKeeper {
 public:
  // How the checkpoint is read and written: the sealed envelope of
  // checkpoint_file.h under the kind's format name.
  struct Format {
    Result<std::optional<Checkpoint>> (*load)(const std::filesystem::path&);
    std::string (*serialize)(const Checkpoint&);
  };

  // What a flush records, from the transfer kind.
  struct Recorder {
    // The progress to record. Everything it claims must be durable once
    // `make_durable` returns, which is why it is taken first.
    std::function<Checkpoint()> snapshot;
    // May be empty (an upload's parts are durable on the server already).
    std::function<Status()> make_durable;
    // Once `checkpoint` is saved: marks what it records as recorded and
    // returns the progress still unrecorded (the crash budget's exact
    // recount). May be empty when the kind keeps no budget.
    std::function<uint64_t(const Checkpoint&)> recorded;
  };

  // `path` empty: the transfer keeps no checkpoint. Every write goes
  // through `file_system` (util/file_system.h).
  CheckpointKeeper(std::filesystem::path path, Format format,
                   TransferCore& core, util::FileSystem& file_system)
      : path_(std::move(path)),
        format_(format),
        core_(core),
        slots_(path_, file_system),
        keeping_(!path_.empty()) {}

  void SetRecorder(Recorder recorder) { recorder_ = std::move(recorder); }

  const std::filesystem::path& path() const { return path_; }
  // Progress goes to the checkpoint file.
  bool keeping() const { return keeping_; }
  // Whether progress goes to the checkpoint from now on (never without a
  // path). Keeping none removes what an earlier run left: it cannot
  // describe what this run writes.
  void Keep(bool keep) {
    keeping_ = keep && !path_.empty();
    if (!keeping_) Remove();
  }
  // Removes the file, and what a run killed while replacing it left.
  void Remove() {
    if (path_.empty()) return;
    std::lock_guard flushing(flush_mutex_);
    slots_.Reset();
    RemoveCheckpointFile(path_);
  }

  // The checkpoint an earlier run left, if any and readable. A damaged or
  // unreadable one is discarded with a notice: the transfer starts over.
  std::optional<Checkpoint> Load() {
    if (!keeping_) return std::nullopt;
    Result<std::optional<Checkpoint>> loaded = format_.load(path_);
    if (!loaded.ok()) {
      Discard(loaded.status().message());
      return std::nullopt;
    }
    return std::move(*loaded);
  }

  // Says that the checkpoint is not used, and why.
  void Discard(std::string_view why) {
    core_.Notice(fmt::format("discarded checkpoint {}: {}; starting over",
                             path_.string(), why));
  }

  // Records the recorder's snapshot. The coordinator and a worker over its
  // budget may both flush; they take turns.
  Status Flush() {
    if (!keeping_) return Status();
    std::lock_guard flushing(flush_mutex_);
    return FlushLocked();
  }
  // A flush that is durable when it returns, for a record that must
  // outlive a power loss before the next step (an upload's intent, before
  // the upload exists).
  Status FlushDurably() {
    if (!keeping_) return Status();
    std::lock_guard flushing(flush_mutex_);
    return FlushLocked(/*sync_now=*/true);
  }

  // --- The crash budget. With a budget of 0 there is none.
  void SetUnrecordedBudget(uint64_t bytes) { budget_ = bytes; }
  // `bytes` more progress that no checkpoint records yet.
  void AddUnrecorded(uint64_t bytes) { unrecorded_ += bytes; }
  // Before taking on `size` more bytes: past half the budget asks the
  // coordinator for a flush (the workers go on); when they would pass the
  // budget, waits for one. Workers that arrive while a flush runs wait for
  // it and flush again only if it did not make room. Workers check at
  // once, so the budget can be passed by what each is about to add.
  Status BoundUnrecorded(uint64_t size) {
    if (!keeping_ || budget_ == 0) return Status();
    const uint64_t after = unrecorded_.load() + size;
    if (after >= budget_ / 2 && !flush_requested_.exchange(true)) {
      core_.RequestFlush();
    }
    if (after <= budget_) return Status();
    std::lock_guard flushing(flush_mutex_);
    if (unrecorded_.load() + size <= budget_) return Status();
    return FlushLocked();
  }

 private:
  Status FlushLocked(bool sync_now = false) {
    if (!keeping_) return Status();
    Checkpoint checkpoint = recorder_.snapshot();
    if (recorder_.make_durable) {
      Status durable = recorder_.make_durable();
      if (!durable.ok()) return durable;
    }
    Status saved = slots_.Write(format_.serialize(checkpoint), sync_now);
    if (!saved.ok()) return saved;
    flush_requested_ = false;
    if (recorder_.recorded) unrecorded_ = recorder_.recorded(checkpoint);
    return Status();
  }

  const std::filesystem::path path_;
  const Format format_;
  TransferCore& core_;
  CheckpointSlots slots_;  // written under flush_mutex_
  Recorder recorder_;
  bool keeping_;  // set before the parts run, read by them

  std::mutex flush_mutex_;  // one flush at a time
  // Progress not in the last checkpoint: added to as it is made, recounted
  // exactly by each flush.
  std::atomic<uint64_t> unrecorded_{0};
  std::atomic<bool> flush_requested_{false};
  uint64_t budget_ = 0;  // set before the parts run
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_KEEPER_H_
