// The resumable parallel download (ossxfer/download.h, url_download.h). One
// DownloadSession per call: it holds the temp file (locked for the whole
// run), the part states the workers advance, and the checkpoint it flushes
// once a second after an fdatasync, so the checkpoint never claims a byte
// that is not on disk. Where the bytes come from is the ObjectSource's
// business.
#include "transfer/downloader.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "ossxfer/crc64.h"
#include "ossxfer/download.h"
#include "transfer/checkpoint_file.h"
#include "transfer/download_checkpoint.h"
#include "transfer/download_paths.h"
#include "transfer/oss_object_source.h"
#include "transfer/part_plan.h"
#include "transfer/part_runner.h"
#include "transfer/part_writer.h"
#include "transfer/rate_limiter.h"
#include "util/file.h"
#include "util/status_macros.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using transfer::DownloadCheckpoint;
using transfer::DownloadPaths;
using transfer::ObjectSource;
using transfer::SourceIdentity;
using transfer::SourceObject;

constexpr auto kCheckpointInterval = std::chrono::seconds(1);
// Consecutive failures of one part that made no progress before the whole
// download gives up (a failure that moved the part forward resets it).
constexpr int kMaxPartFailures = 6;
constexpr int kMaxRepairRounds = 2;

struct PartState {
  uint64_t first = 0;  // offset in the object
  uint64_t size = 0;
  uint64_t done = 0;      // bytes from `first` written (guarded by the session)
  uint64_t crc = 0;       // CRC64 of those bytes
  uint64_t recorded = 0;  // `done` as the last durable checkpoint has it
};

class DownloadSession {
 public:
  DownloadSession(const ObjectSource& source, const DownloadRequest& request,
                  DownloadPaths paths, util::File temp,
                  std::optional<transfer::DirectFile> direct)
      : source_(source),
        request_(request),
        paths_(std::move(paths)),
        temp_(std::move(temp)),
        direct_(std::move(direct)),
        limiter_(request.rate_limit_bytes_per_second) {}

  Result<DownloadResult> Run();

 private:
  Status Prepare(bool restarting);
  Status AdoptCheckpoint(const DownloadCheckpoint& checkpoint);
  Status FetchAndVerify();
  Status FetchParts(std::vector<PartState>& parts,
                    const std::vector<size_t>& pending, bool store);
  Status FetchPart(PartState& part, bool store);
  // `writer` is null when the bytes are only checked against the CRC64.
  Status Store(PartState& part, transfer::PartWriter* writer, const char* data,
               size_t size);
  Status Flush();
  Status FlushLocked();  // flush_mutex_ held
  // Keeps the bytes written but not yet in the checkpoint under
  // unrecorded_budget_, so that a crash (kill -9) costs little even when
  // the disk's write-back lags behind the network: past half the budget it
  // asks the coordinator for a flush (the workers go on); a write that
  // would pass the budget waits for one. Workers check at once, so the
  // budget can be passed by what each is about to write: its gathered
  // block and this chunk (DownloadCrashRefetchBound, download.h).
  Status BoundUnrecorded(size_t size);
  // The part's next `size` bytes are in the file (or checked).
  void Written(PartState& part, const char* data, size_t size);
  void Fail(const Status& status);
  bool Stopping() const { return stop_ || request_.cancellation.cancelled(); }
  void ReportProgress(uint64_t increment);
  uint64_t CombinedCrc() const;
  std::string ResumeHint() const;
  void Notice(std::string notice);
  // Removes the checkpoint, and what a run killed while replacing it left.
  void DropCheckpoint();

  const ObjectSource& source_;
  const DownloadRequest& request_;
  const DownloadPaths paths_;
  util::File temp_;
  std::optional<transfer::DirectFile> direct_;  // see part_writer.h
  transfer::RateLimiter limiter_;

  SourceObject object_;  // as probed at the start of this (re)start
  const ObjectMetadata& metadata_ = object_.metadata;
  // Progress goes to a checkpoint: the option is on, and the source allows
  // resuming (it honours Range and tells versions apart).
  bool keeps_checkpoint_ = false;
  uint64_t first_ = 0;  // the effective range in the object
  uint64_t length_ = 0;
  uint64_t part_size_ = 0;
  std::vector<PartState> parts_;
  bool whole_object_ = true;

  std::mutex flush_mutex_;                  // one checkpoint flush at a time
  transfer::PartRunner* runner_ = nullptr;  // while FetchParts stores
  // Bytes written (done) but not in the last checkpoint (recorded), over
  // every part: added to as blocks are written, recounted exactly by each
  // flush.
  std::atomic<uint64_t> unrecorded_{0};
  std::atomic<bool> flush_requested_{false};
  // DownloadUnrecordedBudget (download.h): a quarter of parallel x part
  // size. Measured (2 GiB at ~1.1 GiB/s, kill -9 at 50 %, 5 rounds,
  // bench/results/download-resume.md): a half left re-fetches of up to
  // 36 MiB at 4 x 8 MiB, a third 26 MiB, a quarter with 512 KiB blocks
  // 20.5 MiB, at the same throughput within this machine's noise.
  uint64_t unrecorded_budget_ = 0;

  mutable std::mutex mutex_;  // parts_ progress, first_error_
  Status first_error_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> object_changed_{false};

  std::mutex progress_mutex_;
  uint64_t reused_ = 0;
  std::atomic<uint64_t> transferred_{0};
  uint64_t reported_ = 0;
  std::vector<std::string> notices_;
  bool crc64_verified_ = false;
};

// Streams one ranged GET into its part (or, when checking, only into the
// part's running CRC).
class PartSink : public BodySink {
 public:
  PartSink(std::function<Status(const char*, size_t)> store)
      : store_(std::move(store)) {}
  Status Write(const char* data, size_t size) override {
    return store_(data, size);
  }

 private:
  std::function<Status(const char*, size_t)> store_;
};

void DownloadSession::Fail(const Status& status) {
  std::lock_guard lock(mutex_);
  if (first_error_.ok()) first_error_ = status;
  stop_ = true;
}

void DownloadSession::ReportProgress(uint64_t increment) {
  if (!request_.progress) return;
  std::lock_guard lock(progress_mutex_);
  reported_ += increment;
  request_.progress(
      TransferProgress{increment, std::min(reported_, length_), length_});
}

uint64_t DownloadSession::CombinedCrc() const {
  std::lock_guard lock(mutex_);
  uint64_t crc = 0;
  for (const PartState& part : parts_)
    crc = Crc64Combine(crc, part.crc, part.done);
  return crc;
}

void DownloadSession::DropCheckpoint() {
  transfer::RemoveCheckpointFile(paths_.checkpoint);
}

void DownloadSession::Notice(std::string notice) {
  // A restart probes again: the same notice is not worth saying twice.
  if (std::find(notices_.begin(), notices_.end(), notice) == notices_.end())
    notices_.push_back(std::move(notice));
}

std::string DownloadSession::ResumeHint() const {
  if (!keeps_checkpoint_) return "";
  return fmt::format(
      " (progress is kept in {}: run the same download again to resume)",
      paths_.checkpoint.string());
}

Status DownloadSession::Store(PartState& part, transfer::PartWriter* writer,
                              const char* data, size_t size) {
  if (Stopping()) return Status::Cancelled("download stopped");
  if (!limiter_.Acquire(size, [this] { return Stopping(); })) {
    return Status::Cancelled("download stopped");
  }
  // Only this part's worker changes part.done (see Written), so reading it
  // here, once per chunk, needs no lock.
  const uint64_t received = part.done + (writer ? writer->gathered() : 0);
  if (received + size > part.size) {
    return Status::MalformedResponse(fmt::format(
        "the server sent more than the {} bytes asked for at offset {}",
        part.size, part.first));
  }
  transferred_ += size;
  if (writer == nullptr) {
    Written(part, data, size);
    return Status();
  }
  RETURN_IF_ERROR(BoundUnrecorded(size));
  RETURN_IF_ERROR(writer->Write(data, size));
  ReportProgress(size);
  return Status();
}

void DownloadSession::Written(PartState& part, const char* data, size_t size) {
  // Only this part's worker changes its done and crc: reading them needs no
  // lock, publishing them (for Flush) does. With verification off there is
  // no CRC64 to keep (the checkpoint says so).
  uint64_t crc = request_.verify_crc64 ? Crc64(data, size, part.crc) : 0;
  std::lock_guard lock(mutex_);
  part.done += size;
  part.crc = crc;
  unrecorded_ += size;
}

Status DownloadSession::BoundUnrecorded(size_t size) {
  if (!keeps_checkpoint_) return Status();
  const uint64_t after = unrecorded_.load() + size;
  if (after >= unrecorded_budget_ / 2 && runner_ != nullptr &&
      !flush_requested_.exchange(true)) {
    runner_->RequestFlush();
  }
  if (after <= unrecorded_budget_) return Status();
  // This write would pass the budget: wait for a flush. Workers that arrive
  // while one runs wait for it, and flush again only if it did not make
  // room.
  std::lock_guard flushing(flush_mutex_);
  if (unrecorded_.load() + size <= unrecorded_budget_) return Status();
  return FlushLocked();
}

Status DownloadSession::FetchPart(PartState& part, bool store) {
  int failures = 0;
  while (true) {
    uint64_t done;
    {
      std::lock_guard lock(mutex_);
      done = part.done;
    }
    if (done == part.size) return Status();
    if (Stopping()) return Status::Cancelled("download stopped");
    if (done > 0 && !object_.ranges) {
      // One stream of the whole object cannot continue where it broke.
      std::lock_guard lock(mutex_);
      part.done = part.crc = 0;
      done = 0;
    }

    std::optional<transfer::PartWriter> writer;
    if (store) {
      writer.emplace(temp_, direct_ ? &*direct_ : nullptr,
                     transfer::PartWriter::BlockBytesFor(part_size_),
                     part.first - first_ + done,
                     [this, &part](const char* data, size_t size) {
                       Written(part, data, size);
                     });
    }
    PartSink sink([&](const char* data, size_t size) {
      return Store(part, writer ? &*writer : nullptr, data, size);
    });
    Status got =
        source_.Fetch(object_, part.first + done, part.first + part.size - 1,
                      sink, [this] { return Stopping(); });
    // However the fetch ended, what arrived goes to the file (and so into
    // the next checkpoint).
    if (writer) {
      Status finished = writer->Finish();
      if (!finished.ok()) return finished;
    }

    uint64_t now_done;
    {
      std::lock_guard lock(mutex_);
      now_done = part.done;
    }
    if (got.ok() && now_done == part.size) return Status();
    Status failure =
        got.ok() ? Status::NetworkError(fmt::format(
                       "the body for offset {} ended after {} of {} bytes",
                       part.first, now_done - done, part.size - done))
                 : got;
    if (failure.code() == StatusCode::kCancelled) return failure;
    if (failure.code() == StatusCode::kPreconditionFailed) {
      object_changed_ = true;
      stop_ = true;
      return failure;
    }
    bool transient = failure.code() == StatusCode::kNetworkError ||
                     RetryPolicy().IsRetryable(failure);
    if (!transient) return failure;
    // A broken connection resumes from the last byte received; only
    // failures that got nowhere count toward giving up (all of them, for a
    // stream that starts over each time).
    failures = now_done > done && object_.ranges ? 0 : failures + 1;
    if (failures >= kMaxPartFailures) {
      return failure.WithContext(
          fmt::format("offset {}: {} attempts made no progress",
                      part.first + now_done, failures));
    }
    auto delay =
        std::chrono::milliseconds(std::min(5000, 100 << std::min(failures, 6)));
    auto deadline = std::chrono::steady_clock::now() + delay;
    while (std::chrono::steady_clock::now() < deadline && !Stopping()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

Status DownloadSession::FetchParts(std::vector<PartState>& parts,
                                   const std::vector<size_t>& pending,
                                   bool store) {
  transfer::PartRunner runner;
  runner.parallel =
      request_.parallel > 0 ? request_.parallel : kDefaultDownloadParallel;
  unrecorded_budget_ = DownloadUnrecordedBudget(runner.parallel, part_size_);
  runner.work = [&](size_t i) { return FetchPart(parts[i], store); };
  runner.stopping = [this] { return Stopping(); };
  runner.fail = [this](const Status& status) { Fail(status); };
  // Progress becomes durable at once when a part completes (a crash loses
  // at most the parts in flight) and at least once a second.
  if (store) runner.flush = [this] { return Flush(); };
  runner.flush_interval = kCheckpointInterval;
  if (store) runner_ = &runner;
  runner.Run(pending);
  runner_ = nullptr;
  std::lock_guard lock(mutex_);
  return first_error_;
}

Status DownloadSession::Flush() {
  if (!keeps_checkpoint_) return Status();
  // The coordinator and a worker over its budget may both flush.
  std::lock_guard flushing(flush_mutex_);
  return FlushLocked();
}

Status DownloadSession::FlushLocked() {
  if (!keeps_checkpoint_) return Status();
  SourceIdentity identity = source_.Identity();
  DownloadCheckpoint checkpoint;
  checkpoint.endpoint = identity.endpoint;
  checkpoint.bucket = identity.bucket;
  checkpoint.key = identity.key;
  checkpoint.version_id = identity.version_id;
  checkpoint.range_first = first_;
  checkpoint.range_last = length_ > 0 ? first_ + length_ - 1 : 0;
  checkpoint.destination = paths_.destination.string();
  checkpoint.part_size = part_size_;
  checkpoint.object_size = metadata_.size;
  checkpoint.etag = metadata_.etag;
  checkpoint.last_modified_unix =
      metadata_.last_modified
          ? std::chrono::duration_cast<std::chrono::seconds>(
                metadata_.last_modified->time_since_epoch())
                .count()
          : 0;
  checkpoint.object_crc64 = metadata_.crc64;
  checkpoint.parts_have_crc64 = request_.verify_crc64;
  {
    // The snapshot is taken before the fdatasync below, so every byte it
    // claims is durable once the sync returns.
    std::lock_guard lock(mutex_);
    for (const PartState& part : parts_)
      checkpoint.parts.push_back({part.done, part.crc});
  }
  RETURN_IF_ERROR(temp_.DataSync());
  RETURN_IF_ERROR(
      transfer::SaveDownloadCheckpoint(paths_.checkpoint, checkpoint));
  flush_requested_ = false;
  std::lock_guard lock(mutex_);
  uint64_t unrecorded = 0;
  for (size_t i = 0; i < parts_.size(); ++i) {
    parts_[i].recorded = checkpoint.parts[i].done;
    if (parts_[i].done > parts_[i].recorded) {
      unrecorded += parts_[i].done - parts_[i].recorded;
    }
  }
  unrecorded_ = unrecorded;
  return Status();
}

Status DownloadSession::AdoptCheckpoint(const DownloadCheckpoint& saved) {
  // Same request, same object version, same layout, or nothing.
  std::vector<std::string> differences;
  auto differs = [&differences](bool different, const char* what) {
    if (different) differences.push_back(what);
  };
  SourceIdentity identity = source_.Identity();
  differs(saved.endpoint != identity.endpoint,
          identity.bucket.empty() ? "URL" : "endpoint");
  differs(saved.bucket != identity.bucket || saved.key != identity.key,
          "object");
  differs(saved.version_id != identity.version_id, "version");
  differs(saved.destination != paths_.destination.string(), "destination");
  differs(saved.range_first != first_ ||
              (length_ > 0 && saved.range_last != first_ + length_ - 1),
          "range");
  differs(saved.part_size != part_size_, "part size");
  differs(saved.object_size != metadata_.size || saved.etag != metadata_.etag ||
              saved.object_crc64 != metadata_.crc64,
          "object content (size, ETag or CRC64)");
  differs(metadata_.last_modified &&
              saved.last_modified_unix !=
                  std::chrono::duration_cast<std::chrono::seconds>(
                      metadata_.last_modified->time_since_epoch())
                      .count(),
          "last-modified time");
  differs(saved.parts.size() != parts_.size(), "part count");
  if (!differences.empty()) {
    std::string list;
    for (const std::string& difference : differences)
      list += (list.empty() ? "" : ", ") + difference;
    return Status::PreconditionFailed("it no longer matches: " + list +
                                      " changed");
  }
  Result<uint64_t> temp_size = temp_.Size();
  if (!temp_size.ok()) return temp_size.status();
  if (*temp_size != length_) {
    return Status::PreconditionFailed(
        fmt::format("the temp file {} is {} bytes, not {}",
                    paths_.temp.string(), *temp_size, length_));
  }
  // With verification on, recorded bytes are trusted only after re-reading
  // them: a temp file changed behind our back costs just the parts it
  // touched. Parts recorded without a CRC64 (by a run with verification
  // off) are re-read for theirs, and the object's CRC64 at the end checks
  // them. With verification off, the checkpoint is taken at its word.
  int rejected = 0;
  if (!request_.verify_crc64) {
    for (size_t i = 0; i < parts_.size(); ++i) {
      parts_[i].done = parts_[i].recorded = saved.parts[i].done;
      reused_ += saved.parts[i].done;
    }
    return Status();
  }
  std::vector<char> buffer(1 << 20);
  for (size_t i = 0; i < parts_.size(); ++i) {
    const DownloadCheckpoint::Part& recorded = saved.parts[i];
    uint64_t crc = 0;
    for (uint64_t offset = 0; offset < recorded.done;) {
      size_t count = static_cast<size_t>(
          std::min<uint64_t>(buffer.size(), recorded.done - offset));
      RETURN_IF_ERROR(temp_.ReadAt(buffer.data(), count,
                                   parts_[i].first - first_ + offset));
      crc = Crc64(buffer.data(), count, crc);
      offset += count;
    }
    if (!saved.parts_have_crc64 || crc == recorded.crc64) {
      parts_[i].done = recorded.done;
      parts_[i].recorded = recorded.done;
      parts_[i].crc = crc;
      reused_ += recorded.done;
    } else {
      ++rejected;
    }
  }
  if (rejected > 0) {
    Notice(
        fmt::format("{} part(s) in the temp file failed their CRC64 check and "
                    "will be fetched again",
                    rejected));
  }
  return Status();
}

Status DownloadSession::Prepare(bool restarting) {
  Result<SourceObject> probed = source_.Probe();
  if (!probed.ok()) return probed.status();
  object_ = std::move(*probed);
  for (std::string& notice : object_.notices) Notice(std::move(notice));
  if (!object_.ranges && request_.range) {
    return Status::InvalidArgument(fmt::format(
        "{} ignores Range requests, so only the whole object can be "
        "downloaded: leave the range out",
        source_.Describe()));
  }
  keeps_checkpoint_ =
      !paths_.checkpoint.empty() && object_.ranges && object_.resumable;
  if (!paths_.checkpoint.empty() && !keeps_checkpoint_) {
    if (!object_.resumable) {
      Notice(fmt::format(
          "{} sends neither an ETag nor a Last-Modified time, so a checkpoint "
          "could not tell its versions apart: none is kept, and an "
          "interrupted download starts over",
          source_.Describe()));
    }
    // A checkpoint left by an earlier run cannot be used now; the temp file
    // it describes is rewritten from the start.
    DropCheckpoint();
  }

  first_ = request_.range ? request_.range->first : 0;
  whole_object_ = !request_.range;
  if (metadata_.size == 0) {
    length_ = 0;
  } else {
    if (first_ >= metadata_.size) {
      return Status::InvalidArgument(fmt::format(
          "the range starts at byte {}, past the end of the {}-byte object",
          first_, metadata_.size));
    }
    uint64_t last =
        std::min(request_.range && request_.range->last ? *request_.range->last
                                                        : metadata_.size - 1,
                 metadata_.size - 1);
    length_ = last - first_ + 1;
    whole_object_ = first_ == 0 && length_ == metadata_.size;
  }

  std::optional<DownloadCheckpoint> saved;
  if (keeps_checkpoint_ && !restarting) {
    Result<std::optional<DownloadCheckpoint>> loaded =
        transfer::LoadDownloadCheckpoint(paths_.checkpoint);
    if (!loaded.ok()) {
      Notice(fmt::format("discarded checkpoint {}: {}; starting over",
                         paths_.checkpoint.string(),
                         loaded.status().message()));
    } else {
      saved = std::move(*loaded);
    }
  }
  uint64_t requested = request_.part_size;
  if (requested == 0) {
    requested = saved && transfer::ValidatePartSize(saved->part_size).ok()
                    ? saved->part_size
                    : kDefaultDownloadPartSize;
  }
  parts_.clear();
  if (object_.ranges) {
    ASSIGN_OR_RETURN(part_size_,
                     transfer::EffectivePartSize(length_, requested));
    for (const transfer::PartRange& range :
         transfer::PlanParts(first_, length_, part_size_)) {
      parts_.push_back(PartState{range.first, range.size});
    }
  } else {
    // One stream of the whole object: one "part" of any size.
    part_size_ = length_;
    if (length_ > 0) parts_.push_back(PartState{0, length_});
  }
  reused_ = 0;
  if (saved) {
    Status adopted = AdoptCheckpoint(*saved);
    if (!adopted.ok()) {
      if (adopted.code() != StatusCode::kPreconditionFailed) return adopted;
      Notice(fmt::format("discarded checkpoint {}: {}; starting over",
                         paths_.checkpoint.string(), adopted.message()));
      for (PartState& part : parts_) part.done = part.crc = 0;
      reused_ = 0;
      saved.reset();
    }
  }
  if (!saved && keeps_checkpoint_ && parts_.size() <= 1) {
    // A checkpoint could save at most this one part, no more than a crash
    // may cost anyway; not keeping one spares each small file two fsynced
    // checkpoint replacements. An interrupted run starts over.
    keeps_checkpoint_ = false;
    DropCheckpoint();
  }
  if (!saved && !paths_.device) {
    // A fresh temp file of exactly the range's size: a longer leftover can
    // never leave trailing bytes.
    RETURN_IF_ERROR(temp_.Allocate(0));
    Status allocated = temp_.Allocate(length_);
    if (!allocated.ok()) {
      // A full disk: not even a sparse file of the full size stays behind
      // (RunDownload removes the empty one this leaves).
      (void)temp_.Allocate(0);
      return allocated;
    }
  }
  {
    std::lock_guard lock(progress_mutex_);
    reported_ = reused_;
  }
  if (request_.progress)
    request_.progress(TransferProgress{0, reused_, length_});
  return Flush();
}

Status DownloadSession::FetchAndVerify() {
  for (int round = 0;; ++round) {
    std::vector<size_t> pending;
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (parts_[i].done < parts_[i].size) pending.push_back(i);
    }
    RETURN_IF_ERROR(FetchParts(parts_, pending, /*store=*/true));
    if (request_.cancellation.cancelled())
      return Status::Cancelled("download cancelled");
    if (!request_.verify_crc64) return Status();
    if (!whole_object_) {
      Notice(
          "a ranged download is not CRC64-checked against the object (the "
          "object's CRC64 "
          "covers all of it); only transport-level checks applied");
      return Status();
    }
    if (!metadata_.crc64) {
      if (length_ > 0) {
        Notice(fmt::format(
            "{} sent no CRC64 (x-oss-hash-crc64ecma), so the file is not "
            "CRC-checked: its integrity rests on the lengths and the {}",
            source_.Describe(), object_.validator));
      }
      return Status();
    }
    if (CombinedCrc() == *metadata_.crc64) {
      crc64_verified_ = true;
      return Status();
    }
    if (round >= kMaxRepairRounds) {
      return Status::DataCorruption(
          fmt::format("the CRC64 of the downloaded data still differs from the "
                      "object's ({}) after {} "
                      "repair rounds; the temp file is kept for inspection",
                      *metadata_.crc64, round));
    }
    // Until the repair knows which parts are bad, no checkpoint may claim
    // any of them (a run killed meanwhile must not trust them, and one
    // without verification could not tell); the next round records the
    // good ones again.
    DropCheckpoint();
    // Fetch every part again into its CRC only: parts whose bytes differ
    // from what was written are the corrupted ones.
    std::vector<PartState> check(parts_.size());
    std::vector<size_t> all(parts_.size());
    for (size_t i = 0; i < parts_.size(); ++i) {
      check[i] = PartState{parts_[i].first, parts_[i].size};
      all[i] = i;
    }
    RETURN_IF_ERROR(FetchParts(check, all, /*store=*/false));
    int corrupted = 0;
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (check[i].crc != parts_[i].crc) {
        parts_[i].done = parts_[i].crc = 0;
        ++corrupted;
      }
    }
    if (corrupted == 0) {
      return Status::DataCorruption(fmt::format(
          "the parts re-read identically but their CRC64 does not combine to "
          "the object's "
          "({}): the server's x-oss-hash-crc64ecma does not describe its data",
          *metadata_.crc64));
    }
    Notice(
        fmt::format("{} part(s) failed the CRC64 check (corrupted in transit) "
                    "and were fetched again",
                    corrupted));
  }
}

Result<DownloadResult> DownloadSession::Run() {
  for (int restart = 0;; ++restart) {
    Status prepared = Prepare(restart > 0);
    if (!prepared.ok()) return prepared;
    Status fetched = FetchAndVerify();
    if (object_changed_) {
      if (restart > 0) {
        return Status::PreconditionFailed(
            fmt::format("{} changed twice while it was being "
                        "downloaded; try again when it is "
                        "stable",
                        source_.Describe()));
      }
      notices_.push_back(
          fmt::format("{} changed during the download ({} no "
                      "longer matches); starting over",
                      source_.Describe(), object_.validator));
      object_changed_ = false;
      stop_ = false;
      first_error_ = Status();
      continue;
    }
    if (!fetched.ok()) {
      if (fetched.code() == StatusCode::kDataCorruption && keeps_checkpoint_) {
        // The temp file stays for inspection, but no checkpoint may vouch
        // for bytes that failed their check: a later run, even one that
        // does not verify, starts over.
        DropCheckpoint();
        keeps_checkpoint_ = false;
        return fetched.WithContext(fmt::format(
            "download of {} to {} (the temp file {} is kept for inspection; "
            "its checkpoint is removed, so running again starts over)",
            source_.Describe(), paths_.destination.string(),
            paths_.temp.string()));
      }
      // Without a checkpoint nothing could resume from the partial file,
      // which this download created: remove it.
      if (!keeps_checkpoint_ && !paths_.device) {
        std::error_code ignored;
        std::filesystem::remove(paths_.temp, ignored);
      }
      return fetched.WithContext(
          fmt::format("download of {} to {}{}", source_.Describe(),
                      paths_.destination.string(), ResumeHint()));
    }
    break;
  }
  if (!paths_.device) RETURN_IF_ERROR(temp_.Sync());
  if (paths_.temp != paths_.destination) {
    RETURN_IF_ERROR(util::RenameDurably(paths_.temp, paths_.destination));
  }
  DropCheckpoint();
  DownloadResult result;
  result.metadata = metadata_;
  result.bytes_transferred = transferred_;
  result.bytes_reused = reused_;
  result.part_size = part_size_;
  result.parts = parts_.size();
  result.crc64_verified = crc64_verified_;
  result.notices = notices_;
  return result;
}

Status ValidateRequest(const DownloadRequest& request) {
  if (request.part_size != 0)
    RETURN_IF_ERROR(transfer::ValidatePartSize(request.part_size));
  if (request.parallel < 0 || request.parallel > 256) {
    return Status::InvalidArgument(fmt::format(
        "parallel parts must be from 1 to 256 (0 for the default {}), got {}",
        kDefaultDownloadParallel, request.parallel));
  }
  if (request.range && request.range->last &&
      *request.range->last < request.range->first) {
    return Status::InvalidArgument(
        fmt::format("invalid range {}-{}: the end is before the start",
                    request.range->first, *request.range->last));
  }
  return Status();
}

}  // namespace

namespace transfer {

Result<DownloadResult> RunDownload(const ObjectSource& source,
                                   const DownloadRequest& request) {
  RETURN_IF_ERROR(ValidateRequest(request));
  ASSIGN_OR_RETURN(DownloadPaths paths, transfer::ResolveDownloadPaths(
                                            request, source.CheckpointKey()));
  if (!paths.device && !request.use_temp_file &&
      std::filesystem::exists(paths.destination) &&
      (paths.checkpoint.empty() ||
       !std::filesystem::exists(paths.checkpoint))) {
    return Status::InvalidArgument("destination " + paths.destination.string() +
                                   " exists: without a temp file the download "
                                   "writes in place and will not overwrite "
                                   "it; remove it or keep temp files on");
  }
  const bool temp_existed = std::filesystem::exists(paths.temp);
  // A device is opened as it is; every other path must be a regular file of
  // ours (a link planted at the temp path is refused, never followed).
  Result<util::File> temp =
      paths.device
          ? util::File::Open(paths.temp, O_RDWR)
          : util::File::OpenWorkFile(paths.temp, O_RDWR | O_CREAT, 0644);
  if (!temp.ok())
    return temp.status().WithContext("cannot create the download's temp file");
  // Any number of downloads may write to /dev/null at once.
  Status locked = paths.device ? Status() : temp->TryLock();
  if (!locked.ok()) {
    if (locked.code() != StatusCode::kBusy) return locked;
    return Status::Busy("another ossxfer is already downloading to " +
                        paths.destination.string() + " (its temp file " +
                        paths.temp.string() +
                        " is locked); wait for it or stop it");
  }
  // The lock makes the checkpoint ours: what a run killed while replacing
  // it left behind can go.
  if (!paths.checkpoint.empty()) {
    util::RemoveAtomicWriteLeftover(paths.checkpoint);
  }
  const fs::path temp_path = paths.temp;
  const fs::path checkpoint_path = paths.checkpoint;
  const bool device = paths.device;
  std::optional<DirectFile> direct;
  if (!paths.device && request.direct_io) direct = DirectFile::Open(*temp);
  DownloadSession session(source, request, std::move(paths), std::move(*temp),
                          std::move(direct));
  Result<DownloadResult> result = session.Run();
  // A run that failed before writing anything (no such key, archive, bad
  // range, a full disk at allocation) leaves no empty temp file behind; an
  // empty one that an earlier run left is worth nothing either, unless a
  // checkpoint still describes it.
  std::error_code ignored;
  if (!result.ok() && !device && fs::file_size(temp_path, ignored) == 0 &&
      !ignored &&
      (!temp_existed || checkpoint_path.empty() ||
       !fs::exists(checkpoint_path, ignored))) {
    fs::remove(temp_path, ignored);
  }
  return result;
}

}  // namespace transfer

Result<DownloadResult> Download(const Client& client,
                                const DownloadRequest& request) {
  if (request.bucket.empty() || request.key.empty()) {
    return Status::InvalidArgument("a download needs a bucket and a key");
  }
  transfer::OssObjectSource source(client, request);
  return transfer::RunDownload(source, request);
}

}  // namespace ossxfer
