// The resumable parallel upload (ossxfer/upload.h). One UploadSession per
// call: it reconciles the checkpoint with what the server lists, uploads the
// missing parts from pread slices of the source, records each stored part,
// and completes the object once every part is verified.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "ossxfer/crc64.h"
#include "ossxfer/upload.h"
#include "ossxfer/work_files.h"
#include "transfer/checkpoint_file.h"
#include "transfer/checkpoint_lock.h"
#include "transfer/checkpoint_path.h"
#include "transfer/content_type.h"
#include "transfer/part_plan.h"
#include "transfer/part_runner.h"
#include "transfer/rate_limiter.h"
#include "transfer/upload_checkpoint.h"
#include "util/file.h"
#include "util/status_macros.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using transfer::UploadCheckpoint;

constexpr int kMaxPartAttempts = 6;

struct SourceIdentity {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  bool operator==(const SourceIdentity&) const = default;
};

Result<SourceIdentity> Identify(const util::File& file) {
  struct stat info;
  if (::fstat(file.fd(), &info) != 0) {
    return Status::IoError("cannot stat " + file.path().string());
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidArgument(file.path().string() +
                                   " is not a regular file");
  }
  return SourceIdentity{
      static_cast<uint64_t>(info.st_size),
      int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec,
      static_cast<uint64_t>(info.st_ino)};
}

// A slice of the source as a request body: pread straight into libcurl's
// buffer, under the shared rate limit. Nothing else is buffered.
class FileSliceSource : public BodySource {
 public:
  FileSliceSource(const util::File& file, uint64_t offset, uint64_t size,
                  transfer::RateLimiter& limiter,
                  std::function<bool()> stopping)
      : file_(file),
        offset_(offset),
        size_(size),
        limiter_(limiter),
        stopping_(std::move(stopping)) {}
  uint64_t Size() const override { return size_; }
  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(capacity, size_ - position_));
    if (count == 0) return size_t{0};
    if (!limiter_.Acquire(count, stopping_))
      return Status::Cancelled("upload stopped");
    RETURN_IF_ERROR(file_.ReadAt(buffer, count, offset_ + position_));
    position_ += count;
    return count;
  }
  Status Rewind() override {
    position_ = 0;
    return Status();
  }

 private:
  const util::File& file_;
  uint64_t offset_, size_, position_ = 0;
  transfer::RateLimiter& limiter_;
  std::function<bool()> stopping_;
};

class UploadSession {
 public:
  UploadSession(const Client& client, const UploadRequest& request,
                util::File source, SourceIdentity identity, fs::path checkpoint)
      : client_(client),
        request_(request),
        source_(std::move(source)),
        identity_(identity),
        checkpoint_path_(std::move(checkpoint)),
        limiter_(request.rate_limit_bytes_per_second) {}

  Result<UploadResult> Run();

 private:
  Result<UploadResult> PutWhole();
  Status Reconcile();
  Status StartFresh();
  Status UploadPending();
  Status UploadOnePart(size_t index);
  Result<UploadResult> Complete();
  Status Flush();
  void Fail(const Status& status);
  bool Stopping() const { return stop_ || request_.cancellation.cancelled(); }
  ObjectAttributes Attributes() const;
  Status Abandon(const Status& failure);
  void AbortQuietly(const std::string& upload_id);
  // A run killed between writing its intent (a checkpoint without an id)
  // and recording the upload id may have left a multipart upload: find
  // the ones of this key initiated around the intent's time with no parts,
  // and abort them.
  Status AbortUploadsLeftBy(const UploadCheckpoint& intent);

  const Client& client_;
  const UploadRequest& request_;
  util::File source_;
  SourceIdentity identity_;
  fs::path checkpoint_path_;  // empty with the checkpoint off
  transfer::RateLimiter limiter_;

  uint64_t part_size_ = 0;
  std::vector<transfer::PartRange> ranges_;
  std::string upload_id_;
  uint64_t initiating_unix_ms_ = 0;  // while InitiateMultipartUpload runs
  mutable std::mutex mutex_;
  std::map<int, UploadCheckpoint::Part> stored_;  // by part number
  Status first_error_;
  std::atomic<bool> stop_{false};
  std::mutex progress_mutex_;
  uint64_t reported_ = 0;
  uint64_t reused_ = 0;
  std::atomic<uint64_t> transferred_{0};
  std::vector<std::string> notices_;
};

ObjectAttributes UploadSession::Attributes() const {
  ObjectAttributes attributes = request_.attributes;
  if (attributes.content_type.empty()) {
    attributes.content_type =
        transfer::GuessContentType(request_.source.filename().string());
  }
  return attributes;
}

void UploadSession::Fail(const Status& status) {
  std::lock_guard lock(mutex_);
  if (first_error_.ok()) first_error_ = status;
  stop_ = true;
}

void UploadSession::AbortQuietly(const std::string& upload_id) {
  AbortMultipartUploadRequest abort;
  abort.bucket = request_.bucket;
  abort.key = request_.key;
  abort.upload_id = upload_id;
  (void)client_.AbortMultipartUpload(abort);
}

Status UploadSession::Flush() {
  if (checkpoint_path_.empty()) return Status();
  UploadCheckpoint checkpoint;
  checkpoint.source_path = fs::absolute(request_.source).string();
  checkpoint.source_size = identity_.size;
  checkpoint.source_mtime_ns = identity_.mtime_ns;
  checkpoint.source_inode = identity_.inode;
  checkpoint.endpoint = client_.endpoint();
  checkpoint.bucket = request_.bucket;
  checkpoint.key = request_.key;
  checkpoint.part_size = part_size_;
  checkpoint.upload_id = upload_id_;
  checkpoint.initiating_unix_ms = initiating_unix_ms_;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [number, part] : stored_) checkpoint.parts.push_back(part);
  }
  return transfer::SaveUploadCheckpoint(checkpoint_path_, checkpoint);
}

Result<UploadResult> UploadSession::PutWhole() {
  FileSliceSource body(source_, 0, identity_.size, limiter_,
                       [this] { return Stopping(); });
  PutObjectRequest put;
  put.bucket = request_.bucket;
  put.key = request_.key;
  put.attributes = Attributes();
  put.callback = request_.callback;
  put.callback_var = request_.callback_var;
  put.traffic_limit_bits_per_second = request_.traffic_limit_bits_per_second;
  put.verify_crc64 = request_.verify_crc64;
  put.cancelled = [this] { return Stopping(); };
  Result<PutObjectResult> stored = client_.PutObject(put, body);
  if (!stored.ok()) return stored.status();
  if (request_.progress) {
    request_.progress(
        TransferProgress{identity_.size, identity_.size, identity_.size});
  }
  UploadResult result;
  result.etag = stored->etag;
  result.crc64 = stored->crc64;
  result.version_id = stored->version_id;
  result.callback_response = stored->callback_response;
  result.bytes_transferred = identity_.size;
  result.part_size = part_size_;
  result.crc64_verified = request_.verify_crc64 && stored->crc64.has_value();
  return result;
}

Status UploadSession::StartFresh() {
  {
    std::lock_guard lock(mutex_);
    stored_.clear();
    reused_ = 0;
  }
  upload_id_.clear();
  if (!checkpoint_path_.empty()) {
    // The intent is durable before the upload exists: a crash in between
    // leaves a checkpoint that says where to look for it.
    initiating_unix_ms_ = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    Status recorded = Flush();
    if (!recorded.ok()) {
      return recorded.WithContext(
          "cannot write the checkpoint, so no multipart upload was started");
    }
  }
  InitiateMultipartUploadRequest initiate;
  initiate.bucket = request_.bucket;
  initiate.key = request_.key;
  initiate.attributes = Attributes();
  Result<InitiateMultipartUploadResult> started =
      client_.InitiateMultipartUpload(initiate);
  if (!started.ok()) return started.status();
  upload_id_ = started->upload_id;
  initiating_unix_ms_ = 0;
  Status recorded = Flush();
  if (!recorded.ok()) {
    // An upload no checkpoint names would be found by no rerun.
    AbortQuietly(upload_id_);
    return recorded.WithContext(fmt::format(
        "cannot record multipart upload {} in the checkpoint, so it was "
        "aborted",
        upload_id_));
  }
  return Status();
}

Status UploadSession::AbortUploadsLeftBy(const UploadCheckpoint& intent) {
  // OSS refuses requests whose clock is more than 15 minutes off, and an
  // initiation (with its retries) ends within minutes of its intent: an
  // upload of ours was initiated inside this window by the server's clock.
  constexpr auto kWindow = std::chrono::minutes(15);
  const SystemTime intended{
      std::chrono::milliseconds(intent.initiating_unix_ms)};
  ListMultipartUploadsRequest list;
  list.bucket = request_.bucket;
  list.prefix = request_.key;
  std::vector<MultipartUploadSummary> candidates;
  while (true) {
    Result<ListMultipartUploadsResult> page =
        client_.ListMultipartUploads(list);
    if (!page.ok()) {
      return page.status().WithContext(
          "looking for a multipart upload an interrupted run may have left");
    }
    for (const MultipartUploadSummary& upload : page->uploads) {
      if (upload.key == request_.key && upload.initiated &&
          *upload.initiated >= intended - kWindow &&
          *upload.initiated <= intended + kWindow) {
        candidates.push_back(upload);
      }
    }
    if (!page->is_truncated) break;
    list.key_marker = page->next_key_marker;
    list.upload_id_marker = page->next_upload_id_marker;
  }
  for (const MultipartUploadSummary& upload : candidates) {
    // Parts are only ever sent once the id is in the checkpoint: an upload
    // with parts is somebody else's.
    ListPartsRequest parts;
    parts.bucket = request_.bucket;
    parts.key = request_.key;
    parts.upload_id = upload.upload_id;
    parts.max_parts = 1;
    Result<ListPartsResult> listed = client_.ListParts(parts);
    if (!listed.ok() || !listed->parts.empty()) continue;
    AbortQuietly(upload.upload_id);
    notices_.push_back(fmt::format(
        "aborted multipart upload {} of oss://{}/{}: an interrupted run "
        "initiated it but was stopped before its checkpoint named it",
        upload.upload_id, request_.bucket, request_.key));
  }
  return Status();
}

// Trusts a part the server lists only when it agrees with what we recorded
// or, for parts we never recorded (killed between upload and checkpoint),
// with the CRC64 of the local bytes.
Status UploadSession::Reconcile() {
  std::map<int, PartSummary> listed;
  ListPartsRequest list;
  list.bucket = request_.bucket;
  list.key = request_.key;
  list.upload_id = upload_id_;
  while (true) {
    Result<ListPartsResult> page = client_.ListParts(list);
    if (!page.ok()) return page.status();
    for (const PartSummary& part : page->parts) listed[part.part_number] = part;
    if (!page->is_truncated) break;
    list.part_number_marker = page->next_part_number_marker;
  }
  std::map<int, UploadCheckpoint::Part> recorded;
  {
    std::lock_guard lock(mutex_);
    recorded.swap(stored_);
  }
  std::vector<char> buffer(1 << 20);
  for (size_t i = 0; i < ranges_.size(); ++i) {
    int number = static_cast<int>(i + 1);
    auto on_server = listed.find(number);
    if (on_server == listed.end() || !on_server->second.crc64 ||
        on_server->second.size != ranges_[i].size) {
      continue;
    }
    const PartSummary& server = on_server->second;
    auto mine = recorded.find(number);
    bool trusted = false;
    if (mine != recorded.end()) {
      trusted = mine->second.size == server.size &&
                mine->second.crc64 == *server.crc64 &&
                UnquotedEtag(mine->second.etag) == UnquotedEtag(server.etag);
    } else {
      uint64_t crc = 0;
      for (uint64_t offset = 0; offset < ranges_[i].size;) {
        size_t count = static_cast<size_t>(
            std::min<uint64_t>(buffer.size(), ranges_[i].size - offset));
        RETURN_IF_ERROR(
            source_.ReadAt(buffer.data(), count, ranges_[i].first + offset));
        crc = Crc64(buffer.data(), count, crc);
        offset += count;
      }
      trusted = crc == *server.crc64;
    }
    if (trusted) {
      std::lock_guard lock(mutex_);
      stored_[number] = UploadCheckpoint::Part{number, server.size, server.etag,
                                               *server.crc64};
      reused_ += server.size;
    }
  }
  return Status();
}

Status UploadSession::UploadOnePart(size_t index) {
  const int number = static_cast<int>(index + 1);
  const transfer::PartRange& range = ranges_[index];
  Status last_failure;
  for (int attempt = 1; attempt <= kMaxPartAttempts; ++attempt) {
    if (Stopping()) return Status::Cancelled("upload stopped");
    FileSliceSource body(source_, range.first, range.size, limiter_,
                         [this] { return Stopping(); });
    UploadPartRequest part;
    part.bucket = request_.bucket;
    part.key = request_.key;
    part.upload_id = upload_id_;
    part.part_number = number;
    part.traffic_limit_bits_per_second = request_.traffic_limit_bits_per_second;
    part.verify_crc64 = request_.verify_crc64;
    part.cancelled = [this] { return Stopping(); };
    Result<UploadPartResult> sent = client_.UploadPart(part, body);
    transferred_ += range.size;
    if (sent.ok()) {
      uint64_t crc = sent->crc64.value_or(0);
      {
        std::lock_guard lock(mutex_);
        stored_[number] =
            UploadCheckpoint::Part{number, range.size, sent->etag, crc};
      }
      if (request_.progress) {
        std::lock_guard lock(progress_mutex_);
        reported_ += range.size;
        request_.progress(
            TransferProgress{range.size, reported_, identity_.size});
      }
      return Status();
    }
    last_failure = sent.status();
    StatusCode code = last_failure.code();
    // A part the server received differently (kDataCorruption) is sent
    // again, like a broken connection; anything else ends the upload.
    bool again = code == StatusCode::kDataCorruption ||
                 code == StatusCode::kNetworkError ||
                 RetryPolicy().IsRetryable(last_failure);
    if (!again) return last_failure;
    auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(std::min(5000, 100 << std::min(attempt, 6)));
    while (std::chrono::steady_clock::now() < deadline && !Stopping()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return last_failure.WithContext(
      fmt::format("part {} failed {} times", number, kMaxPartAttempts));
}

Status UploadSession::UploadPending() {
  std::vector<size_t> pending;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < ranges_.size(); ++i) {
      if (!stored_.contains(static_cast<int>(i + 1))) pending.push_back(i);
    }
  }
  transfer::PartRunner runner;
  runner.parallel =
      request_.parallel > 0 ? request_.parallel : kDefaultUploadParallel;
  runner.work = [this](size_t i) { return UploadOnePart(i); };
  runner.stopping = [this] { return Stopping(); };
  runner.fail = [this](const Status& status) { Fail(status); };
  // Each stored part is recorded at once (coalesced): a crash re-sends at
  // most the parts in flight.
  runner.flush = [this] { return Flush(); };
  runner.Run(pending);
  std::lock_guard lock(mutex_);
  return first_error_;
}

Result<UploadResult> UploadSession::Complete() {
  // The source must still be the file we read: a writer elsewhere would
  // have made the parts inconsistent.
  Result<SourceIdentity> now = Identify(source_);
  if (!now.ok()) return now.status();
  if (!(*now == identity_)) {
    return Status::IoError(
        fmt::format("{} changed while it was being uploaded (size {} -> {}); "
                    "the parts sent may mix old "
                    "and new content, so the upload was not completed",
                    request_.source.string(), identity_.size, now->size));
  }
  CompleteMultipartUploadRequest complete;
  complete.bucket = request_.bucket;
  complete.key = request_.key;
  complete.upload_id = upload_id_;
  complete.acl = request_.attributes.acl;
  complete.forbid_overwrite = request_.attributes.forbid_overwrite;
  complete.callback = request_.callback;
  complete.callback_var = request_.callback_var;
  uint64_t combined = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [number, part] : stored_) {
      complete.parts.push_back(CompletedPart{number, part.etag});
      combined = Crc64Combine(combined, part.crc64, part.size);
    }
  }
  Result<CompleteMultipartUploadResult> done =
      client_.CompleteMultipartUpload(complete);
  if (!done.ok()) return done.status();
  UploadResult result;
  if (request_.verify_crc64 && done->crc64) {
    if (*done->crc64 != combined) {
      return Status::DataCorruption(
          fmt::format("oss://{}/{} was completed but its CRC64 {} differs from "
                      "the combination of the "
                      "parts' {}: delete it and upload again",
                      request_.bucket, request_.key, *done->crc64, combined));
    }
    result.crc64_verified = true;
  }
  result.etag = done->etag;
  result.crc64 = done->crc64;
  result.version_id = done->version_id;
  result.callback_response = done->callback_response;
  result.upload_id = upload_id_;
  return result;
}

Status UploadSession::Abandon(const Status& failure) {
  bool cancelled = failure.code() == StatusCode::kCancelled;
  bool discard =
      checkpoint_path_.empty() || (cancelled && request_.discard_on_cancel);
  if (discard && !upload_id_.empty()) {
    // No orphaned parts billed to the user.
    AbortQuietly(upload_id_);
    transfer::RemoveCheckpointFile(checkpoint_path_);
    return failure.WithContext(fmt::format(
        "upload of {} to oss://{}/{} (multipart upload {} aborted)",
        request_.source.string(), request_.bucket, request_.key, upload_id_));
  }
  if (upload_id_.empty()) return failure;
  return failure.WithContext(
      fmt::format("upload of {} to oss://{}/{} (kept: multipart upload {} and "
                  "checkpoint {}; run the same "
                  "upload again to resume, or abort upload {} to discard it)",
                  request_.source.string(), request_.bucket, request_.key,
                  upload_id_, checkpoint_path_.string(), upload_id_));
}

Result<UploadResult> UploadSession::Run() {
  uint64_t requested = request_.part_size;
  std::optional<UploadCheckpoint> saved;
  if (!checkpoint_path_.empty()) {
    Result<std::optional<UploadCheckpoint>> loaded =
        transfer::LoadUploadCheckpoint(checkpoint_path_);
    if (!loaded.ok()) {
      notices_.push_back(
          fmt::format("discarded checkpoint {}: {}; starting over",
                      checkpoint_path_.string(), loaded.status().message()));
    } else {
      saved = std::move(*loaded);
    }
  }
  if (saved && saved->upload_id.empty()) {
    RETURN_IF_ERROR(AbortUploadsLeftBy(*saved));
    // Settled: whatever this run does next writes its own checkpoint (or,
    // going up in one PutObject, needs none).
    transfer::RemoveCheckpointFile(checkpoint_path_);
    saved.reset();
  }
  if (requested == 0) {
    requested = saved && transfer::ValidatePartSize(saved->part_size).ok()
                    ? saved->part_size
                    : kDefaultUploadPartSize;
  }
  ASSIGN_OR_RETURN(part_size_,
                   transfer::EffectivePartSize(identity_.size, requested));
  if (identity_.size < part_size_ && !saved) {
    Result<UploadResult> whole = PutWhole();
    if (!whole.ok()) {
      return whole.status().WithContext(
          fmt::format("upload of {} to oss://{}/{}", request_.source.string(),
                      request_.bucket, request_.key));
    }
    whole->notices = notices_;
    return whole;
  }
  ranges_ = transfer::PlanParts(0, identity_.size, part_size_);

  if (saved) {
    std::vector<std::string> differences;
    if (saved->source_path != fs::absolute(request_.source).string())
      differences.push_back("source path");
    if (saved->source_size != identity_.size ||
        saved->source_mtime_ns != identity_.mtime_ns ||
        saved->source_inode != identity_.inode) {
      differences.push_back("source file (size, modification time or inode)");
    }
    if (saved->endpoint != client_.endpoint() ||
        saved->bucket != request_.bucket || saved->key != request_.key) {
      differences.push_back("destination");
    }
    if (saved->part_size != part_size_) differences.push_back("part size");
    if (!differences.empty()) {
      std::string list;
      for (const std::string& d : differences)
        list += (list.empty() ? "" : ", ") + d;
      notices_.push_back(
          fmt::format("checkpoint {} no longer matches ({} changed): aborted "
                      "multipart upload {} and "
                      "started over",
                      checkpoint_path_.string(), list, saved->upload_id));
      if (saved->bucket == request_.bucket && saved->key == request_.key) {
        AbortQuietly(saved->upload_id);
      }
      saved.reset();
    }
  }
  if (saved) {
    upload_id_ = saved->upload_id;
    for (const UploadCheckpoint::Part& part : saved->parts)
      stored_[part.number] = part;
    Status reconciled = Reconcile();
    if (!reconciled.ok()) {
      const ServiceError* error = reconciled.service_error();
      if (error == nullptr || error->code != "NoSuchUpload")
        return Abandon(reconciled);
      notices_.push_back(
          fmt::format("multipart upload {} no longer exists (aborted or "
                      "completed elsewhere); started a new "
                      "one",
                      upload_id_));
      upload_id_.clear();
      saved.reset();
    }
  }
  if (saved) {
    RETURN_IF_ERROR(Flush());
  } else {
    RETURN_IF_ERROR(StartFresh());
  }
  if (request_.progress)
    request_.progress(TransferProgress{0, reused_, identity_.size});
  {
    std::lock_guard lock(progress_mutex_);
    reported_ = reused_;
  }
  Status uploaded = UploadPending();
  if (uploaded.ok() && request_.cancellation.cancelled()) {
    uploaded = Status::Cancelled("upload cancelled");
  }
  if (!uploaded.ok()) return Abandon(uploaded);
  Result<UploadResult> result = Complete();
  const ServiceError* error =
      result.ok() ? nullptr : result.status().service_error();
  if (error != nullptr && error->code == "InvalidPart") {
    // The server no longer has a part it acknowledged: find out what it
    // has, send the rest again, and complete once more.
    notices_.push_back(
        fmt::format("the server lost a part it had acknowledged ({}); re-sent "
                    "the missing parts",
                    error->message));
    uint64_t reused_at_start = reused_;  // Reconcile counts what it trusts
    Status repaired = Reconcile();
    reused_ = reused_at_start;
    if (repaired.ok()) repaired = UploadPending();
    if (!repaired.ok()) return Abandon(repaired);
    result = Complete();
  }
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kDataCorruption)
      return result.status();
    return Abandon(result.status());
  }
  transfer::RemoveCheckpointFile(checkpoint_path_);
  result->bytes_transferred = transferred_;
  result->bytes_reused = reused_;
  result->part_size = part_size_;
  result->parts = ranges_.size();
  result->notices = notices_;
  return result;
}

Status ValidateRequest(const UploadRequest& request) {
  if (request.part_size != 0)
    RETURN_IF_ERROR(transfer::ValidatePartSize(request.part_size));
  if (request.parallel < 0 || request.parallel > 256) {
    return Status::InvalidArgument(fmt::format(
        "parallel parts must be from 1 to 256 (0 for the default {}), got {}",
        kDefaultUploadParallel, request.parallel));
  }
  if (request.bucket.empty() || request.key.empty()) {
    return Status::InvalidArgument("an upload needs a bucket and a key");
  }
  if (request.source.empty())
    return Status::InvalidArgument("the upload source is empty");
  return Status();
}

}  // namespace

Result<UploadResult> Upload(const Client& client,
                            const UploadRequest& request) {
  RETURN_IF_ERROR(ValidateRequest(request));
  // Non-blocking, so that a FIFO named as the source is refused (Identify)
  // rather than waited on; for a regular file the flag changes nothing.
  Result<util::File> source =
      util::File::Open(request.source, O_RDONLY | O_NONBLOCK);
  if (!source.ok())
    return source.status().WithContext("cannot open the upload source");
  ASSIGN_OR_RETURN(SourceIdentity identity, Identify(*source));
  fs::path checkpoint;
  if (request.checkpoint) {
    std::string identity_text = fs::absolute(request.source).string() + "\n" +
                                request.bucket + "/" + request.key;
    ASSIGN_OR_RETURN(checkpoint,
                     transfer::ResolveCheckpointPath(
                         request.checkpoint_path, fs::absolute(request.source),
                         identity_text, kUploadCheckpointSuffix));
  }
  // Held until the upload ends: a second process with the same checkpoint
  // would drive the same multipart upload.
  std::optional<transfer::CheckpointLock> lock;
  if (!checkpoint.empty()) {
    Result<transfer::CheckpointLock> acquired =
        transfer::CheckpointLock::Acquire(checkpoint);
    if (!acquired.ok()) return acquired.status();
    lock.emplace(std::move(*acquired));
    // The lock makes the checkpoint ours: what a run killed while
    // replacing it left behind can go.
    util::RemoveAtomicWriteLeftover(checkpoint);
  }
  UploadSession session(client, request, std::move(*source), identity,
                        std::move(checkpoint));
  return session.Run();
}

}  // namespace ossxfer
