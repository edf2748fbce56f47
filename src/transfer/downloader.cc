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

#include "ossxfer/checksum.h"
#include "ossxfer/download.h"
#include "transfer/checkpoint_comparison.h"
#include "transfer/checkpoint_keeper.h"
#include "transfer/checksum_check.h"
#include "transfer/download_checkpoint.h"
#include "transfer/download_paths.h"
#include "transfer/etag_check.h"
#include "transfer/file_range_checksum.h"
#include "transfer/oss_object_source.h"
#include "transfer/part_plan.h"
#include "transfer/transfer_core.h"
#include "util/file.h"
#include "util/part_writer.h"
#include "util/status_macros.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using transfer::DownloadCheckpoint;
using transfer::DownloadPaths;
using transfer::ObjectSource;
using transfer::PartAttempt;
using transfer::SourceIdentity;
using transfer::SourceObject;

constexpr auto kCheckpointInterval = std::chrono::seconds(1);
constexpr int kMaxRepairRounds = 2;

// A part's progress. `first` and `size` come from the layout; the rest is
// guarded by the session's progress_mutex_.
struct PartState {
  uint64_t first = 0;  // offset in the object
  uint64_t size = 0;
  uint64_t done = 0;      // bytes from `first` written
  uint64_t crc = 0;       // checksum of those bytes, in PartsAlgorithm()
  uint64_t recorded = 0;  // `done` as the last durable checkpoint has it
};

class DownloadSession {
 public:
  DownloadSession(const ObjectSource& source, const DownloadRequest& request,
                  const RetryPolicy& retry, DownloadPaths paths,
                  util::File temp, std::optional<util::DirectFile> direct,
                  util::FileSystem& file_system)
      : source_(source),
        request_(request),
        paths_(std::move(paths)),
        temp_(std::move(temp)),
        direct_(std::move(direct)),
        file_system_(file_system),
        core_(transfer::TransferSettings{
            request.parallel > 0 ? request.parallel : kDefaultDownloadParallel,
            request.rate_limit_bytes_per_second, request.progress,
            request.cancellation, retry, request.shared_rate_limit}),
        keeper_(paths_.checkpoint,
                {transfer::LoadDownloadCheckpoint,
                 transfer::SerializeDownloadCheckpoint},
                core_, file_system) {
    keeper_.SetRecorder({[this] { return Snapshot(); },
                         [this] { return temp_.DataSync(); },
                         [this](const DownloadCheckpoint& checkpoint) {
                           return MarkRecorded(checkpoint);
                         }});
  }

  Result<DownloadResult> Run();

 private:
  Status Prepare(bool restarting);
  Status LayOut(const std::optional<DownloadCheckpoint>& saved);
  Status AdoptCheckpoint(const DownloadCheckpoint& checkpoint);
  Status FetchAndVerify();
  // The last check when the store sent no checksum: the file against the
  // object's ETag (transfer/etag_check.h). A single-part MD5 that differs
  // is kDataCorruption; what cannot be checked is a notice.
  Status CheckEtag();
  Status FetchParts(std::vector<PartState>& parts,
                    const std::vector<size_t>& pending, bool store);
  Status FetchPart(PartState& part, bool store);
  // One ranged GET from where the part stands (a listed object: one GET of
  // all of it).
  PartAttempt FetchOnce(PartState& part, bool store);
  // Whether the listing may stand in for a probe (see
  // DownloadRequest::listed).
  bool TakesListing(const SourceObject& listed) const;
  // A listed object's metadata from its whole GET's `answer`; the part's
  // running checksum follows when the answer names another algorithm.
  Status Learn(PartState& part, ObjectMetadata answer);
  // `writer` is null when the bytes are only checked against the CRC64.
  Status Store(PartState& part, util::PartWriter* writer, const char* data,
               size_t size);
  // The part's next `size` bytes are in the file (or checked).
  void Written(PartState& part, const char* data, size_t size);
  // What a checkpoint flush records (see CheckpointKeeper::Recorder).
  DownloadCheckpoint Snapshot() const;
  uint64_t MarkRecorded(const DownloadCheckpoint& checkpoint);
  bool Stopping() const { return core_.Stopping(); }
  uint64_t PartDone(const PartState& part) const;
  // The parts' checksums combined: the whole file's once every part is done.
  std::optional<Checksum> CombinedChecksum() const;
  // The algorithm of the parts' running checksums: the object's, and
  // CRC-64/ECMA when it has none (a checkpoint then still vouches for the
  // parts).
  ChecksumAlgorithm PartsAlgorithm() const {
    return metadata_.checksum ? metadata_.checksum->algorithm
                              : ChecksumAlgorithm::kCrc64Ecma;
  }
  std::string ResumeHint() const;

  // Set at construction.
  const ObjectSource& source_;
  const DownloadRequest& request_;
  const DownloadPaths paths_;
  util::File temp_;
  std::optional<util::DirectFile> direct_;  // see part_writer.h
  util::FileSystem& file_system_;  // the checkpoint's and the final rename's
  transfer::TransferCore core_;
  transfer::CheckpointKeeper<DownloadCheckpoint> keeper_;

  // Set by Prepare at each (re)start, read by the workers.
  SourceObject object_;  // as probed
  const ObjectMetadata& metadata_ = object_.metadata;
  transfer::PartLayout layout_;
  bool whole_object_ = true;
  uint64_t reused_ = 0;  // taken from the checkpoint
  // object_ is the listing's (no HEAD was sent): its one part is fetched
  // whole, and that answer completes its metadata.
  bool listed_ = false;

  // Guards the progress of parts_ (done, crc, recorded) and of a check
  // round's parts.
  mutable std::mutex progress_mutex_;
  std::vector<PartState> parts_;  // one per layout_.parts

  std::atomic<bool> object_changed_{false};
  bool crc64_verified_ = false;  // by FetchAndVerify
  bool etag_verified_ = false;   // by CheckEtag
  uint64_t etag_part_size_ = 0;  // the multipart layout that verified it
  EtagPartSizeSource etag_part_size_source_ = EtagPartSizeSource::kNone;
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

uint64_t DownloadSession::PartDone(const PartState& part) const {
  std::lock_guard lock(progress_mutex_);
  return part.done;
}

std::optional<Checksum> DownloadSession::CombinedChecksum() const {
  std::vector<transfer::PartChecksum> parts;
  {
    std::lock_guard lock(progress_mutex_);
    for (const PartState& part : parts_)
      parts.push_back({Checksum{PartsAlgorithm(), part.crc}, part.done});
  }
  return transfer::CombinePartChecksums(PartsAlgorithm(), parts);
}

std::string DownloadSession::ResumeHint() const {
  if (!keeper_.keeping()) return "";
  return fmt::format(
      " (progress is kept in {}: run the same download again to resume)",
      keeper_.path().string());
}

Status DownloadSession::Store(PartState& part, util::PartWriter* writer,
                              const char* data, size_t size) {
  if (Stopping()) return Status::Cancelled("download stopped");
  if (!core_.AcquireBandwidth(size)) {
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
  core_.transferred += size;
  if (writer == nullptr) {
    Written(part, data, size);
    return Status();
  }
  // A crash (kill -9) costs little even when the disk's write-back lags
  // behind the network: the bytes written but not yet recorded stay within
  // the layout's budget (the bound includes what each worker is about to
  // write: its gathered block and this chunk, DownloadCrashRefetchBound).
  RETURN_IF_ERROR(keeper_.BoundUnrecorded(size));
  RETURN_IF_ERROR(writer->Write(data, size));
  core_.Advance(size);
  return Status();
}

void DownloadSession::Written(PartState& part, const char* data, size_t size) {
  // Only this part's worker changes its done and crc: reading them needs no
  // lock, publishing them (for Flush) does. With verification off there is
  // no CRC64 to keep (the checkpoint says so).
  uint64_t crc = request_.verify_crc64
                     ? ChecksumUpdate(PartsAlgorithm(), data, size, part.crc)
                     : 0;
  std::lock_guard lock(progress_mutex_);
  part.done += size;
  part.crc = crc;
  keeper_.AddUnrecorded(size);
}

Status DownloadSession::FetchPart(PartState& part, bool store) {
  return core_.RetryPart([&] { return FetchOnce(part, store); });
}

PartAttempt DownloadSession::FetchOnce(PartState& part, bool store) {
  uint64_t done = PartDone(part);
  if (done == part.size) return {};
  if (done > 0 && (!object_.ranges || listed_)) {
    // One stream of the whole object cannot continue where it broke (and a
    // listed object's metadata comes only with a whole answer).
    std::lock_guard lock(progress_mutex_);
    part.done = part.crc = 0;
    done = 0;
  }
  std::optional<util::PartWriter> writer;
  if (store) {
    writer.emplace(temp_, direct_ ? &*direct_ : nullptr, layout_.block_size,
                   part.first - layout_.first + done,
                   [this, &part](const char* data, size_t size) {
                     Written(part, data, size);
                   });
  }
  PartSink sink([&](const char* data, size_t size) {
    return Store(part, writer ? &*writer : nullptr, data, size);
  });
  Status got;
  std::optional<ObjectMetadata> answer;
  if (listed_) {
    Result<ObjectMetadata> whole =
        source_.FetchWhole(object_, sink, [this] { return Stopping(); });
    got = whole.status();
    if (whole.ok()) answer = std::move(*whole);
  } else {
    got = source_.Fetch(object_, part.first + done, part.first + part.size - 1,
                        sink, [this] { return Stopping(); });
  }
  // However the fetch ended, what arrived goes to the file (and so into the
  // next checkpoint).
  if (writer) {
    Status finished = writer->Finish();
    if (!finished.ok()) return {finished};
  }
  const uint64_t now_done = PartDone(part);
  if (answer && now_done == part.size) {
    Status learnt = Learn(part, std::move(*answer));
    if (!learnt.ok()) return {learnt};
  }
  if (got.ok() && now_done == part.size) return {};
  if (got.code() == StatusCode::kPreconditionFailed) object_changed_ = true;
  // A body that ended early is a broken connection too. A broken
  // connection resumes from the last byte received, so an attempt that
  // received some starts the count again (never for a stream that starts
  // over each time).
  return PartAttempt{
      got.ok() ? Status::NetworkError(fmt::format(
                     "the body for offset {} ended after {} of {} bytes",
                     part.first, now_done - done, part.size - done))
               : got,
      now_done > done && object_.ranges && !listed_};
}

bool DownloadSession::TakesListing(const SourceObject& listed) const {
  const uint64_t part_size =
      request_.part_size > 0 ? request_.part_size : kDefaultDownloadPartSize;
  std::error_code ignored;
  return !request_.range && listed.metadata.size > 0 &&
         listed.metadata.size <= part_size &&
         (paths_.checkpoint.empty() ||
          !std::filesystem::exists(paths_.checkpoint, ignored));
}

Status DownloadSession::Learn(PartState& part, ObjectMetadata answer) {
  if (answer.size != metadata_.size) {
    // If-Match held, so this is the listed version; a store that answers
    // another length for it is not to be trusted with the bytes either.
    return Status::MalformedResponse(fmt::format(
        "{} answered {} bytes for the {}-byte object its listing gave",
        source_.Describe(), answer.size, metadata_.size));
  }
  const ChecksumAlgorithm written = PartsAlgorithm();
  object_.metadata = std::move(answer);
  if (!request_.verify_crc64 || PartsAlgorithm() == written) return Status();
  ASSIGN_OR_RETURN(
      uint64_t crc,
      transfer::ChecksumOfFileRange(
          PartsAlgorithm(), temp_, part.first - layout_.first, PartDone(part)));
  std::lock_guard lock(progress_mutex_);
  part.crc = crc;
  return Status();
}

Status DownloadSession::FetchParts(std::vector<PartState>& parts,
                                   const std::vector<size_t>& pending,
                                   bool store) {
  // Progress becomes durable at once when a part completes (a crash loses
  // at most the parts in flight) and at least once a second.
  return core_.RunParts(
      pending, [&](size_t i) { return FetchPart(parts[i], store); },
      store && keeper_.keeping()
          ? std::function<Status()>([this] { return keeper_.Flush(); })
          : nullptr,
      kCheckpointInterval);
}

DownloadCheckpoint DownloadSession::Snapshot() const {
  SourceIdentity identity = source_.Identity();
  DownloadCheckpoint checkpoint;
  checkpoint.endpoint = identity.endpoint;
  checkpoint.bucket = identity.bucket;
  checkpoint.key = identity.key;
  checkpoint.version_id = identity.version_id;
  checkpoint.range_first = layout_.first;
  checkpoint.range_last =
      layout_.length > 0 ? layout_.first + layout_.length - 1 : 0;
  checkpoint.destination = paths_.destination.string();
  checkpoint.part_size = layout_.part_size;
  checkpoint.object_size = metadata_.size;
  checkpoint.etag = metadata_.etag;
  checkpoint.last_modified_unix =
      metadata_.last_modified
          ? std::chrono::duration_cast<std::chrono::seconds>(
                metadata_.last_modified->time_since_epoch())
                .count()
          : 0;
  checkpoint.object_checksum = metadata_.checksum;
  checkpoint.parts_algorithm =
      request_.verify_crc64 ? std::optional(PartsAlgorithm()) : std::nullopt;
  std::lock_guard lock(progress_mutex_);
  for (const PartState& part : parts_)
    checkpoint.parts.push_back({part.done, part.crc});
  return checkpoint;
}

uint64_t DownloadSession::MarkRecorded(const DownloadCheckpoint& checkpoint) {
  std::lock_guard lock(progress_mutex_);
  uint64_t unrecorded = 0;
  for (size_t i = 0; i < parts_.size(); ++i) {
    parts_[i].recorded = checkpoint.parts[i].done;
    if (parts_[i].done > parts_[i].recorded) {
      unrecorded += parts_[i].done - parts_[i].recorded;
    }
  }
  return unrecorded;
}

Status DownloadSession::AdoptCheckpoint(const DownloadCheckpoint& saved) {
  // Same request, same object version, same layout, or nothing.
  transfer::CheckpointComparison comparison;
  SourceIdentity identity = source_.Identity();
  comparison.Differs(saved.endpoint != identity.endpoint,
                     identity.bucket.empty() ? "URL" : "endpoint");
  comparison.Differs(
      saved.bucket != identity.bucket || saved.key != identity.key, "object");
  comparison.Differs(saved.version_id != identity.version_id, "version");
  comparison.Differs(saved.destination != paths_.destination.string(),
                     "destination");
  comparison.Differs(
      saved.range_first != layout_.first ||
          (layout_.length > 0 &&
           saved.range_last != layout_.first + layout_.length - 1),
      "range");
  comparison.Differs(saved.part_size != layout_.part_size, "part size");
  comparison.Differs(saved.object_size != metadata_.size ||
                         saved.etag != metadata_.etag ||
                         saved.object_checksum != metadata_.checksum,
                     "object content (size, ETag or CRC64)");
  comparison.Differs(metadata_.last_modified &&
                         saved.last_modified_unix !=
                             std::chrono::duration_cast<std::chrono::seconds>(
                                 metadata_.last_modified->time_since_epoch())
                                 .count(),
                     "last-modified time");
  comparison.Differs(saved.parts.size() != parts_.size(), "part count");
  if (!comparison.matches()) {
    return Status::PreconditionFailed(
        "it no longer matches: " + comparison.Summary() + " changed");
  }
  Result<uint64_t> temp_size = temp_.Size();
  if (!temp_size.ok()) return temp_size.status();
  if (*temp_size != layout_.length) {
    return Status::PreconditionFailed(
        fmt::format("the temp file {} is {} bytes, not {}",
                    paths_.temp.string(), *temp_size, layout_.length));
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
  // Parts recorded in another algorithm than the object's are checked in
  // the recorded one, then summed in the object's.
  const ChecksumAlgorithm algorithm = PartsAlgorithm();
  const bool other_algorithm =
      saved.parts_algorithm && *saved.parts_algorithm != algorithm;
  if (other_algorithm) {
    core_.Notice(fmt::format(
        "checkpoint {} records the parts' {} checksums, but this download "
        "sums them in {}: the parts are re-read and checked with both",
        keeper_.path().string(), ChecksumAlgorithmLabel(*saved.parts_algorithm),
        ChecksumAlgorithmLabel(algorithm)));
  }
  for (size_t i = 0; i < parts_.size(); ++i) {
    const DownloadCheckpoint::Part& recorded = saved.parts[i];
    ASSIGN_OR_RETURN(
        uint64_t crc,
        transfer::ChecksumOfFileRange(
            algorithm, temp_, parts_[i].first - layout_.first, recorded.done));
    uint64_t as_recorded = crc;
    if (other_algorithm) {
      ASSIGN_OR_RETURN(as_recorded,
                       transfer::ChecksumOfFileRange(
                           *saved.parts_algorithm, temp_,
                           parts_[i].first - layout_.first, recorded.done));
    }
    if (!saved.parts_algorithm || as_recorded == recorded.checksum) {
      parts_[i].done = recorded.done;
      parts_[i].recorded = recorded.done;
      parts_[i].crc = crc;
      reused_ += recorded.done;
    } else {
      ++rejected;
    }
  }
  if (rejected > 0) {
    core_.Notice(
        fmt::format("{} part(s) in the temp file failed their CRC64 check and "
                    "will be fetched again",
                    rejected));
  }
  return Status();
}

Status DownloadSession::LayOut(const std::optional<DownloadCheckpoint>& saved) {
  uint64_t first = request_.range ? request_.range->first : 0;
  uint64_t length = 0;
  whole_object_ = !request_.range;
  if (metadata_.size > 0) {
    if (first >= metadata_.size) {
      return Status::InvalidArgument(fmt::format(
          "the range starts at byte {}, past the end of the {}-byte object",
          first, metadata_.size));
    }
    uint64_t last =
        std::min(request_.range && request_.range->last ? *request_.range->last
                                                        : metadata_.size - 1,
                 metadata_.size - 1);
    length = last - first + 1;
    whole_object_ = first == 0 && length == metadata_.size;
  }
  if (object_.ranges) {
    ASSIGN_OR_RETURN(layout_,
                     transfer::LayOutParts(
                         first, length, request_.part_size,
                         saved ? std::optional(saved->part_size) : std::nullopt,
                         kDefaultDownloadPartSize));
  } else {
    layout_ = transfer::OneStreamLayout(length);
  }
  layout_.block_size = util::PartWriter::BlockBytesFor(layout_.part_size);
  layout_.unrecorded_budget =
      DownloadUnrecordedBudget(core_.settings().parallel, layout_.part_size);
  keeper_.SetUnrecordedBudget(layout_.unrecorded_budget);
  std::lock_guard lock(progress_mutex_);
  parts_.clear();
  for (const transfer::PartRange& range : layout_.parts)
    parts_.push_back(PartState{range.first, range.size});
  return Status();
}

Status DownloadSession::Prepare(bool restarting) {
  // A restart (the object changed since it was listed or probed) probes.
  std::optional<SourceObject> listed =
      restarting ? std::nullopt : source_.Listed();
  listed_ = listed && TakesListing(*listed);
  if (listed_) {
    object_ = std::move(*listed);
  } else {
    Result<SourceObject> probed =
        source_.Probe([this] { return request_.cancellation.cancelled(); });
    if (!probed.ok()) return probed.status();
    object_ = std::move(*probed);
  }
  for (std::string& notice : object_.notices) core_.Notice(std::move(notice));
  if (!object_.ranges && request_.range) {
    return Status::InvalidArgument(fmt::format(
        "{} ignores Range requests, so only the whole object can be "
        "downloaded: leave the range out",
        source_.Describe()));
  }
  keeper_.Keep(object_.ranges && object_.resumable);
  if (!paths_.checkpoint.empty() && !object_.resumable) {
    core_.Notice(fmt::format(
        "{} sends neither an ETag nor a Last-Modified time, so a checkpoint "
        "could not tell its versions apart: none is kept, and an "
        "interrupted download starts over",
        source_.Describe()));
  }
  // A restart (the object changed) never resumes what the run before it
  // recorded.
  std::optional<DownloadCheckpoint> saved;
  if (!restarting) saved = keeper_.Load();
  RETURN_IF_ERROR(LayOut(saved));
  reused_ = 0;
  if (saved) {
    Status adopted = AdoptCheckpoint(*saved);
    if (!adopted.ok()) {
      if (adopted.code() != StatusCode::kPreconditionFailed) return adopted;
      keeper_.Discard(adopted.message());
      for (PartState& part : parts_) part.done = part.crc = part.recorded = 0;
      reused_ = 0;
      saved.reset();
    }
  }
  if (!saved && parts_.size() <= 1) {
    // A checkpoint could save at most this one part, no more than a crash
    // may cost anyway; not keeping one spares each small file two fsynced
    // checkpoint replacements. An interrupted run starts over.
    keeper_.Keep(false);
  }
  if (!saved && !paths_.device) {
    // A fresh temp file of exactly the range's size: a longer leftover can
    // never leave trailing bytes.
    RETURN_IF_ERROR(temp_.Allocate(0));
    Status allocated = temp_.Allocate(layout_.length);
    if (!allocated.ok()) {
      // A full disk: not even a sparse file of the full size stays behind
      // (RunDownload removes the empty one this leaves).
      (void)temp_.Allocate(0);
      return allocated;
    }
  }
  core_.BeginProgress(reused_, layout_.length);
  return keeper_.Flush();
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
      core_.Notice(
          "a ranged download is not CRC64-checked against the object (the "
          "object's CRC64 "
          "covers all of it); only transport-level checks applied");
      return Status();
    }
    if (!metadata_.checksum) return CheckEtag();
    if (transfer::CheckChecksum(metadata_.checksum, CombinedChecksum()) ==
        transfer::ChecksumVerdict::kVerified) {
      crc64_verified_ = true;
      return Status();
    }
    if (round >= kMaxRepairRounds) {
      return Status::DataCorruption(
          fmt::format("the CRC64 of the downloaded data still differs from the "
                      "object's ({}) after {} "
                      "repair rounds; the temp file is kept for inspection",
                      metadata_.checksum->value, round));
    }
    // Until the repair knows which parts are bad, no checkpoint may claim
    // any of them (a run killed meanwhile must not trust them, and one
    // without verification could not tell); the next round records the
    // good ones again.
    keeper_.Remove();
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
          "({}): the server's checksum does not describe its data",
          metadata_.checksum->value));
    }
    core_.Notice(
        fmt::format("{} part(s) failed the CRC64 check (corrupted in transit) "
                    "and were fetched again",
                    corrupted));
  }
}

Status DownloadSession::CheckEtag() {
  if (layout_.length == 0) return Status();
  transfer::EtagCheck check;
  if (!object_.store_etag) {
    check.detail =
        "its ETag is a web server's, which says nothing of the bytes";
  } else if (paths_.device) {
    // A device (/dev/null) keeps nothing to read back.
    check.detail = "the destination is a device, which cannot be read back";
  } else {
    // A multipart ETag is checked at the part size the store answers to
    // HEAD ?partNumber=1: one round trip, only for such an object.
    std::optional<ObjectPartHead> first_part;
    if (transfer::EtagCheckNeedsPartLayout(metadata_)) {
      Result<std::optional<ObjectPartHead>> head = source_.HeadFirstPart(
          object_, [this] { return request_.cancellation.cancelled(); });
      if (head.ok()) {
        first_part = std::move(*head);
      } else if (head.status().code() == StatusCode::kCancelled) {
        return head.status();
      }
    }
    ASSIGN_OR_RETURN(check, transfer::CheckEtagOfFile(temp_, layout_.length,
                                                      metadata_, first_part));
  }
  if (check.verdict == transfer::EtagVerdict::kVerified) {
    etag_verified_ = true;
    etag_part_size_ = check.part_size;
    etag_part_size_source_ = check.part_size_source;
    return Status();
  }
  if (check.verdict == transfer::EtagVerdict::kMismatch) {
    return Status::DataCorruption(fmt::format(
        "{} sent no checksum, and the downloaded bytes do not give its ETag "
        "{}: {} (the ETag of a single-part object unencrypted or with AES256 "
        "is the MD5 of its bytes)",
        source_.Describe(), metadata_.etag, check.detail));
  }
  core_.Notice(fmt::format(
      "{} sent no CRC64 (nor any whole-object checksum), and {}, so the file "
      "is not checked against the object: its integrity rests on the lengths "
      "and the {}",
      source_.Describe(), check.detail, object_.validator));
  return Status();
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
      core_.Notice(
          fmt::format("{} changed during the download ({} no "
                      "longer matches); starting over",
                      source_.Describe(), object_.validator));
      object_changed_ = false;
      core_.ClearFailure();
      continue;
    }
    if (!fetched.ok()) {
      if (fetched.code() == StatusCode::kDataCorruption && keeper_.keeping()) {
        // The temp file stays for inspection, but no checkpoint may vouch
        // for bytes that failed their check: a later run, even one that
        // does not verify, starts over.
        keeper_.Keep(false);
        return fetched.WithContext(fmt::format(
            "download of {} to {} (the temp file {} is kept for inspection; "
            "its checkpoint is removed, so running again starts over)",
            source_.Describe(), paths_.destination.string(),
            paths_.temp.string()));
      }
      // Without a checkpoint nothing could resume from the partial file,
      // which this download created: remove it.
      if (!keeper_.keeping() && !paths_.device) {
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
    RETURN_IF_ERROR(util::RenameDurably(paths_.temp, paths_.destination,
                                        file_system_,
                                        request_.directory_syncs.get()));
  }
  keeper_.Remove();
  DownloadResult result;
  result.metadata = metadata_;
  result.bytes_transferred = core_.transferred;
  result.bytes_reused = reused_;
  result.part_size = layout_.part_size;
  result.parts = parts_.size();
  result.crc64_verified = crc64_verified_;
  result.etag_verified = etag_verified_;
  result.etag_part_size = etag_part_size_;
  result.etag_part_size_source = etag_part_size_source_;
  result.notices = core_.notices();
  return result;
}

Status ValidateRequest(const DownloadRequest& request) {
  RETURN_IF_ERROR(transfer::ValidatePartSettings(
      request.part_size, request.parallel, kDefaultDownloadParallel));
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
                                   const DownloadRequest& request,
                                   const RetryPolicy& retry,
                                   util::FileSystem& file_system) {
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
      paths.device ? util::File::Open(paths.temp, O_RDWR, 0, file_system)
                   : util::File::OpenWorkFile(paths.temp, O_RDWR | O_CREAT,
                                              0644, file_system);
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
  std::optional<util::DirectFile> direct;
  if (!paths.device && request.direct_io)
    direct = util::DirectFile::Open(*temp);
  DownloadSession session(source, request, retry, std::move(paths),
                          std::move(*temp), std::move(direct), file_system);
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
  return transfer::RunDownload(source, request, client.retry_policy());
}

}  // namespace ossxfer
