#include "transfer/multipart_session.h"

#include <fmt/format.h>

#include <chrono>

#include "oss/multipart_etag.h"
#include "ossxfer/checksum.h"
#include "transfer/checksum_check.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::transfer {

namespace fs = std::filesystem;

MultipartSession::MultipartSession(const MultipartTarget& target,
                                   TransferCore& core,
                                   MultipartDestination destination,
                                   MultipartSource source, fs::path checkpoint,
                                   util::FileSystem& file_system)
    : target_(target),
      core_(core),
      destination_(std::move(destination)),
      source_(std::move(source)),
      keeper_(std::move(checkpoint),
              {LoadUploadCheckpoint, SerializeUploadCheckpoint}, core,
              file_system) {
  keeper_.SetRecorder({[this] { return Snapshot(); }, nullptr, nullptr});
}

std::string MultipartSession::DestinationUrl() const {
  return target_.ObjectUrl(destination_.bucket, destination_.key);
}

void MultipartSession::AbortQuietly(const std::string& upload_id) {
  AbortMultipartUploadRequest abort;
  abort.bucket = destination_.bucket;
  abort.key = destination_.key;
  abort.upload_id = upload_id;
  (void)target_.Abort(abort);
}

UploadCheckpoint MultipartSession::Snapshot() {
  UploadCheckpoint checkpoint;
  source_.describe(checkpoint);
  checkpoint.endpoint = target_.endpoint();
  checkpoint.bucket = destination_.bucket;
  checkpoint.key = destination_.key;
  checkpoint.part_size = layout_.part_size;
  checkpoint.upload_id = upload_id_;
  checkpoint.initiating_unix_ms = initiating_unix_ms_;
  {
    std::lock_guard lock(stored_mutex_);
    for (const auto& [number, part] : stored_) checkpoint.parts.push_back(part);
  }
  return checkpoint;
}

Result<std::optional<UploadCheckpoint>> MultipartSession::LoadCheckpoint() {
  std::optional<UploadCheckpoint> saved = keeper_.Load();
  if (saved && saved->upload_id.empty()) {
    RETURN_IF_ERROR(AbortUploadsLeftBy(*saved));
    // Settled: whatever this run does next writes its own checkpoint (or,
    // going up in one request, needs none).
    keeper_.Remove();
    saved.reset();
  }
  return saved;
}

Result<MultipartPlan> MultipartSession::Plan(uint64_t size,
                                             uint64_t requested_part_size,
                                             uint64_t default_part_size) {
  MultipartPlan plan;
  ASSIGN_OR_RETURN(plan.saved, LoadCheckpoint());
  ASSIGN_OR_RETURN(plan.layout,
                   LayOutParts(0, size, requested_part_size,
                               plan.saved ? std::optional(plan.saved->part_size)
                                          : std::nullopt,
                               default_part_size));
  plan.whole = size < plan.layout.part_size && !plan.saved;
  return plan;
}

Status MultipartSession::StartFresh() {
  {
    std::lock_guard lock(stored_mutex_);
    stored_.clear();
    reused_ = 0;
  }
  upload_id_.clear();
  if (keeper_.keeping()) {
    // The intent is durable before the upload exists: a crash in between
    // leaves a checkpoint that says where to look for it.
    initiating_unix_ms_ = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    Status recorded = keeper_.FlushDurably();
    if (!recorded.ok()) {
      return recorded.WithContext(
          "cannot write the checkpoint, so no multipart upload was started");
    }
  }
  InitiateMultipartUploadRequest initiate;
  initiate.bucket = destination_.bucket;
  initiate.key = destination_.key;
  initiate.attributes = destination_.attributes;
  Result<InitiateMultipartUploadResult> started = target_.Initiate(initiate);
  if (!started.ok()) return started.status();
  upload_id_ = started->upload_id;
  initiating_unix_ms_ = 0;
  Status recorded = keeper_.FlushDurably();
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

Status MultipartSession::AbortUploadsLeftBy(const UploadCheckpoint& intent) {
  // OSS refuses requests whose clock is more than 15 minutes off, and an
  // initiation (with its retries) ends within minutes of its intent: an
  // upload of ours was initiated inside this window by the server's clock.
  constexpr auto kWindow = std::chrono::minutes(15);
  const SystemTime intended{
      std::chrono::milliseconds(intent.initiating_unix_ms)};
  ListMultipartUploadsRequest list;
  list.bucket = destination_.bucket;
  list.prefix = destination_.key;
  std::vector<MultipartUploadSummary> candidates;
  while (true) {
    Result<ListMultipartUploadsResult> page = target_.ListUploads(list);
    if (!page.ok()) {
      return page.status().WithContext(
          "looking for a multipart upload an interrupted run may have left");
    }
    for (const MultipartUploadSummary& upload : page->uploads) {
      if (upload.key == destination_.key && upload.initiated &&
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
    parts.bucket = destination_.bucket;
    parts.key = destination_.key;
    parts.upload_id = upload.upload_id;
    parts.max_parts = 1;
    Result<ListPartsResult> listed = target_.ListParts(parts);
    if (!listed.ok() || !listed->parts.empty()) continue;
    AbortQuietly(upload.upload_id);
    core_.Notice(fmt::format(
        "aborted multipart upload {} of {}: an interrupted run initiated it "
        "but was stopped before its checkpoint named it",
        upload.upload_id, DestinationUrl()));
  }
  return Status();
}

// Trusts a part the server lists only when it agrees with what we recorded
// (size, ETag and checksum, algorithm included) or, for parts we never
// recorded (killed between the part and the checkpoint) and parts recorded
// with another algorithm than the server's, when the source says it holds
// its bytes.
Status MultipartSession::Reconcile() {
  std::map<int, PartSummary> listed;
  ListPartsRequest list;
  list.bucket = destination_.bucket;
  list.key = destination_.key;
  list.upload_id = upload_id_;
  while (true) {
    Result<ListPartsResult> page = target_.ListParts(list);
    if (!page.ok()) return page.status();
    for (const PartSummary& part : page->parts) listed[part.part_number] = part;
    if (!page->is_truncated) break;
    list.part_number_marker = page->next_part_number_marker;
  }
  std::map<int, UploadCheckpoint::Part> recorded;
  {
    std::lock_guard lock(stored_mutex_);
    recorded.swap(stored_);
  }
  for (size_t i = 0; i < layout_.parts.size(); ++i) {
    int number = static_cast<int>(i + 1);
    auto on_server = listed.find(number);
    if (on_server == listed.end() ||
        on_server->second.size != layout_.parts[i].size) {
      continue;
    }
    const PartSummary& server = on_server->second;
    auto mine = recorded.find(number);
    if (!server.checksum) {
      // A store that keeps no checksum of a part (S3) took it only if its
      // Content-MD5 held, and answers the ETag it gave it then. The ETag
      // this checkpoint recorded for the same part is the proof; a part it
      // did not record is sent again.
      if (mine != recorded.end() && mine->second.size == server.size &&
          !UnquotedEtag(server.etag).empty() &&
          UnquotedEtag(mine->second.etag) == UnquotedEtag(server.etag)) {
        std::lock_guard lock(stored_mutex_);
        stored_[number] = mine->second;
        reused_ += server.size;
      }
      continue;
    }
    // A recorded checksum of another algorithm says nothing about the
    // server's: such a part is re-verified like an unrecorded one.
    const bool comparable =
        mine != recorded.end() && mine->second.checksum &&
        mine->second.checksum->algorithm == server.checksum->algorithm;
    if (mine != recorded.end() && mine->second.checksum && !comparable) {
      core_.Notice(fmt::format(
          "part {} of {}: the checkpoint records its {} but the server keeps "
          "a {}; {}",
          number, DestinationUrl(),
          ChecksumAlgorithmLabel(mine->second.checksum->algorithm),
          ChecksumAlgorithmLabel(server.checksum->algorithm),
          source_.matches_unrecorded
              ? "the source's bytes are checked against it"
              : "the part is sent again"));
    }
    bool trusted = false;
    if (comparable) {
      trusted = mine->second.size == server.size &&
                mine->second.checksum == server.checksum &&
                UnquotedEtag(mine->second.etag) == UnquotedEtag(server.etag);
    } else if (source_.matches_unrecorded) {
      ASSIGN_OR_RETURN(trusted, source_.matches_unrecorded(layout_.parts[i],
                                                           *server.checksum));
    }
    if (trusted) {
      std::lock_guard lock(stored_mutex_);
      stored_[number] = UploadCheckpoint::Part{number, server.size, server.etag,
                                               server.checksum};
      reused_ += server.size;
    }
  }
  return Status();
}

Status MultipartSession::SendPart(size_t index) {
  const int number = static_cast<int>(index + 1);
  const PartRange& range = layout_.parts[index];
  Status sent = core_.RetryPart([&] {
    Result<UploadCheckpoint::Part> part =
        source_.send_part(upload_id_, number, range);
    core_.transferred += range.size;
    if (!part.ok()) {
      // A part the server received differently (kDataCorruption) is sent
      // again, like one a broken connection cut.
      return PartAttempt{part.status(), false,
                         part.status().code() == StatusCode::kDataCorruption};
    }
    std::lock_guard lock(stored_mutex_);
    stored_[number] = *part;
    return PartAttempt{};
  });
  if (!sent.ok()) return sent.WithContext(fmt::format("part {}", number));
  core_.Advance(range.size);
  return Status();
}

Status MultipartSession::SendPending() {
  std::vector<size_t> pending;
  {
    std::lock_guard lock(stored_mutex_);
    for (size_t i = 0; i < layout_.parts.size(); ++i) {
      if (!stored_.contains(static_cast<int>(i + 1))) pending.push_back(i);
    }
  }
  // Each stored part is recorded at once (coalesced): a crash sends again
  // at most the parts in flight.
  return core_.RunParts(
      pending, [this](size_t i) { return SendPart(i); },
      [this] { return keeper_.Flush(); });
}

Result<MultipartOutcome> MultipartSession::Complete() {
  if (source_.unchanged) RETURN_IF_ERROR(source_.unchanged());
  CompleteMultipartUploadRequest complete;
  complete.bucket = destination_.bucket;
  complete.key = destination_.key;
  complete.upload_id = upload_id_;
  complete.acl = destination_.attributes.acl;
  complete.forbid_overwrite = destination_.attributes.forbid_overwrite;
  complete.callback = destination_.callback;
  complete.callback_var = destination_.callback_var;
  std::vector<PartChecksum> contributions;
  {
    std::lock_guard lock(stored_mutex_);
    for (const auto& [number, part] : stored_) {
      complete.parts.push_back(CompletedPart{number, part.etag});
      contributions.push_back({part.checksum, part.size});
    }
  }
  Result<CompleteMultipartUploadResult> answered = target_.Complete(complete);
  if (!answered.ok()) {
    const ServiceError* error = answered.status().service_error();
    if (error == nullptr || error->code != "NoSuchUpload") {
      return answered.status();
    }
    answered = SettleNoSuchUpload(complete, contributions, answered.status());
    if (!answered.ok()) return answered.status();
  }
  CompleteMultipartUploadResult done = std::move(*answered);
  MultipartOutcome outcome;
  if (destination_.verify_crc64 && done.checksum) {
    // Combined in the algorithm of the object's checksum; a part without a
    // checksum of that algorithm leaves the object unverified.
    const ChecksumAlgorithm algorithm = done.checksum->algorithm;
    const std::optional<Checksum> combined =
        CombinePartChecksums(algorithm, contributions);
    switch (CheckChecksum(done.checksum, combined)) {
      case ChecksumVerdict::kVerified:
        outcome.crc64_verified = true;
        break;
      case ChecksumVerdict::kMismatch:
        return Status::DataCorruption(fmt::format(
            "{} was completed but its {} {} differs from the combination of "
            "the parts' {}: delete it and transfer again",
            DestinationUrl(), ChecksumAlgorithmLabel(algorithm),
            done.checksum->value, combined->value));
      case ChecksumVerdict::kNoReported:
      case ChecksumVerdict::kNoExpected:
      case ChecksumVerdict::kDifferentAlgorithms:
        core_.Notice(fmt::format(
            "{} is not checked against the parts: the server's checksum of it "
            "is a {}, which not every part has",
            DestinationUrl(), ChecksumAlgorithmLabel(algorithm)));
        break;
    }
  }
  outcome.completed = std::move(done);
  outcome.upload_id = upload_id_;
  return outcome;
}

Result<CompleteMultipartUploadResult> MultipartSession::SettleNoSuchUpload(
    const CompleteMultipartUploadRequest& complete,
    const std::vector<PartChecksum>& contributions, const Status& failure) {
  // With a callback the error stands: the callback's answer went with the
  // lost one, and no HEAD can say what it was.
  if (!complete.callback.empty()) return failure;
  Result<ObjectMetadata> head =
      target_.Head(destination_.bucket, destination_.key);
  if (!head.ok()) return failure;
  uint64_t size = 0;
  for (const PartChecksum& part : contributions) size += part.size;
  std::string proof;
  bool by_checksum = false;
  bool by_etag = false;
  if (head->size == size) {
    // S3's rule (s3-protocol.md §5.2): nullopt when the parts' ETags are
    // not their MD5s, as OSS's need not be.
    const std::optional<std::string> etag =
        oss::CompositeMultipartEtag(complete.parts);
    const std::optional<Checksum>& stored = head->checksum;
    if (etag && util::AsciiLower(UnquotedEtag(head->etag)) == *etag) {
      proof = fmt::format("its ETag {} is the one its parts give", head->etag);
      by_etag = true;
    } else if (stored &&
               CheckChecksum(stored, CombinePartChecksums(stored->algorithm,
                                                          contributions)) ==
                   ChecksumVerdict::kVerified) {
      proof = fmt::format("its {} is the parts' combined",
                          ChecksumAlgorithmLabel(stored->algorithm));
      by_checksum = true;
    }
  }
  if (proof.empty()) return failure;
  core_.Notice(fmt::format(
      "CompleteMultipartUpload of upload {} was answered NoSuchUpload, but "
      "{} is that upload's parts ({} bytes; {}): an earlier attempt "
      "completed it and its answer was lost",
      upload_id_, DestinationUrl(), size, proof));
  CompleteMultipartUploadResult done;
  done.bucket = destination_.bucket;
  done.key = destination_.key;
  done.etag = head->etag;
  done.version_id = head->version_id;
  done.etag_verified = by_etag;
  // The checksum a Complete answers is the store's own (OSS's CRC-64); an
  // S3 store's HEAD answers the one ossxfer recorded, which the parts
  // cannot be checked against.
  if (by_checksum) done.checksum = head->checksum;
  return done;
}

Status MultipartSession::Abandon(const Status& failure) {
  bool cancelled = failure.code() == StatusCode::kCancelled;
  // The source is no longer the version the parts came from: no run could
  // resume them.
  bool stale = failure.code() == StatusCode::kPreconditionFailed;
  bool discard = !keeper_.keeping() || stale ||
                 (cancelled && destination_.discard_on_cancel);
  if (discard && !upload_id_.empty()) {
    // No orphaned parts billed to the user.
    AbortQuietly(upload_id_);
    keeper_.Remove();
    return failure.WithContext(fmt::format("{} (multipart upload {} aborted)",
                                           source_.description, upload_id_));
  }
  if (upload_id_.empty()) return failure;
  return failure.WithContext(fmt::format(
      "{} (kept: multipart upload {} and checkpoint {}; run the same command "
      "again to resume, or abort upload {} to discard it)",
      source_.description, upload_id_, keeper_.path().string(), upload_id_));
}

Result<MultipartOutcome> MultipartSession::Run(MultipartPlan plan) {
  std::optional<UploadCheckpoint>& saved = plan.saved;
  layout_ = std::move(plan.layout);
  if (saved) {
    CheckpointComparison comparison;
    source_.compare(*saved, comparison);
    comparison.Differs(saved->endpoint != target_.endpoint() ||
                           saved->bucket != destination_.bucket ||
                           saved->key != destination_.key,
                       "destination");
    comparison.Differs(saved->part_size != layout_.part_size, "part size");
    if (!comparison.matches()) {
      core_.Notice(fmt::format(
          "checkpoint {} no longer matches ({} changed): aborted "
          "multipart upload {} and started over",
          keeper_.path().string(), comparison.Summary(), saved->upload_id));
      if (saved->bucket == destination_.bucket &&
          saved->key == destination_.key) {
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
      core_.Notice(
          fmt::format("multipart upload {} no longer exists (aborted or "
                      "completed elsewhere); started a new one",
                      upload_id_));
      upload_id_.clear();
      saved.reset();
    }
  }
  if (saved) {
    RETURN_IF_ERROR(keeper_.Flush());
  } else {
    RETURN_IF_ERROR(StartFresh());
  }
  const uint64_t reused_at_start = reused_;
  core_.BeginProgress(reused_at_start, layout_.length);
  Status sent = SendPending();
  if (sent.ok() && core_.settings().cancellation.cancelled()) {
    sent = Status::Cancelled("transfer cancelled");
  }
  if (!sent.ok()) return Abandon(sent);
  Result<MultipartOutcome> outcome = Complete();
  const ServiceError* error =
      outcome.ok() ? nullptr : outcome.status().service_error();
  if (error != nullptr && error->code == "InvalidPart") {
    // The server no longer has a part it acknowledged: find out what it
    // has, send the rest again, and complete once more.
    core_.Notice(
        fmt::format("the server lost a part it had acknowledged ({}); re-sent "
                    "the missing parts",
                    error->message));
    Status repaired = Reconcile();
    if (repaired.ok()) repaired = SendPending();
    if (!repaired.ok()) return Abandon(repaired);
    outcome = Complete();
  }
  if (!outcome.ok()) {
    if (outcome.status().code() == StatusCode::kDataCorruption)
      return outcome.status();
    return Abandon(outcome.status());
  }
  keeper_.Remove();
  outcome->bytes_reused = reused_at_start;
  outcome->parts = layout_.parts.size();
  return outcome;
}

}  // namespace ossxfer::transfer
