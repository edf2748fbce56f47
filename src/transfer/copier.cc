// Copy() (ossxfer/copy.h): the source object as the source of a multipart
// session (multipart_session.h), or of one CopyObject when it is smaller
// than a part. What is specific to a copy lives here: the source is an
// object named by its ETag, a part is an UploadPartCopy range guarded by
// it, and the check at the end compares the destination's checksum with the
// source's.
#include "transfer/copier.h"

#include <fmt/format.h>

#include <cstdlib>
#include <optional>

#include "ossxfer/copy.h"
#include "ossxfer/object_tagging.h"
#include "ossxfer/work_files.h"
#include "transfer/checkpoint_lock.h"
#include "transfer/checkpoint_path.h"
#include "transfer/checksum_check.h"
#include "transfer/multipart_session.h"
#include "transfer/part_plan.h"
#include "transfer/transfer_core.h"
#include "util/file.h"
#include "util/state_directory.h"
#include "util/status_macros.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using transfer::UploadCheckpoint;

class ObjectCopy {
 public:
  ObjectCopy(const Client& client, const CopyRequest& request,
             ObjectMetadata source, std::string tagging, fs::path checkpoint,
             util::FileSystem& file_system)
      : client_(client),
        request_(request),
        source_(std::move(source)),
        tagging_(std::move(tagging)),
        core_(transfer::TransferSettings{
            request.parallel > 0 ? request.parallel : kDefaultCopyParallel, 0,
            request.progress, request.cancellation, client.retry_policy()}),
        target_(client),
        session_(target_, core_, Destination(), Source(), std::move(checkpoint),
                 file_system) {}

  Result<CopyResult> Run();

 private:
  std::string SourceUrl() const {
    std::string url =
        client_.ObjectUrl(request_.source_bucket, request_.source_key);
    if (!request_.source_version_id.empty())
      url += "?versionId=" + request_.source_version_id;
    return url;
  }
  std::string Description() const {
    return fmt::format("copy of {} to {}", SourceUrl(),
                       client_.ObjectUrl(request_.bucket, request_.key));
  }
  CopySource Named() const {
    return CopySource{request_.source_bucket, request_.source_key,
                      request_.source_version_id};
  }
  transfer::MultipartDestination Destination() const;
  transfer::MultipartSource Source();
  Result<UploadCheckpoint::Part> CopyPart(const std::string& upload_id,
                                          int number,
                                          const transfer::PartRange& range);
  Result<CopyResult> CopyWhole(uint64_t part_size);
  // The one comparison of the destination's checksum with the source's,
  // when both are of the same algorithm: sets crc64_verified,
  // kDataCorruption when they differ, a notice when either is unknown or
  // they are of different algorithms.
  Status CheckChecksum(CopyResult& result);

  const Client& client_;
  const CopyRequest& request_;
  const ObjectMetadata source_;  // as HEAD saw it at the start
  const std::string tagging_;    // the source's tags, as x-oss-tagging
  transfer::TransferCore core_;
  transfer::ClientMultipartTarget target_;
  transfer::MultipartSession session_;
};

transfer::MultipartDestination ObjectCopy::Destination() const {
  transfer::MultipartDestination destination;
  destination.bucket = request_.bucket;
  destination.key = request_.key;
  // What CopyObject's COPY directives would carry over.
  ObjectAttributes& attributes = destination.attributes;
  attributes.content_type = source_.content_type;
  attributes.cache_control = source_.cache_control;
  attributes.content_disposition = source_.content_disposition;
  attributes.content_encoding = source_.content_encoding;
  attributes.expires = source_.expires;
  attributes.user_metadata = source_.user_metadata;
  attributes.tagging = tagging_;
  attributes.acl = request_.acl;
  attributes.storage_class = request_.storage_class;
  attributes.forbid_overwrite = request_.forbid_overwrite;
  // The parts' checksums are the server's word for bytes we never see; the
  // check that matters is the destination's against the source's (Run).
  destination.verify_crc64 = false;
  destination.discard_on_cancel = request_.discard_on_cancel;
  return destination;
}

transfer::MultipartSource ObjectCopy::Source() {
  transfer::MultipartSource source;
  source.description = Description();
  source.describe = [this](UploadCheckpoint& checkpoint) {
    checkpoint.source_path = SourceUrl();
    checkpoint.source_size = source_.size;
    checkpoint.source_etag = source_.etag;
  };
  source.compare = [this](const UploadCheckpoint& saved,
                          transfer::CheckpointComparison& comparison) {
    comparison.Differs(saved.source_path != SourceUrl(), "source object");
    comparison.Differs(
        saved.source_size != source_.size || saved.source_etag != source_.etag,
        "source content (size or ETag)");
  };
  source.send_part = [this](const std::string& upload_id, int number,
                            const transfer::PartRange& range) {
    return CopyPart(upload_id, number, range);
  };
  // A part listed but never recorded is copied again: the server's checksum
  // of it could only be checked against the source by reading the source.
  return source;
}

Result<UploadCheckpoint::Part> ObjectCopy::CopyPart(
    const std::string& upload_id, int number,
    const transfer::PartRange& range) {
  UploadPartCopyRequest part;
  part.bucket = request_.bucket;
  part.key = request_.key;
  part.upload_id = upload_id;
  part.part_number = number;
  part.source = Named();
  part.range = CopyRange{range.first, range.size};
  // Every part of exactly the version the copy started from.
  part.conditions.if_match = source_.etag;
  part.cancelled = [this] { return core_.Stopping(); };
  part.max_attempts = 1;  // the session retries the part (RetryPart)
  ASSIGN_OR_RETURN(UploadPartResult copied, client_.UploadPartCopy(part));
  return UploadCheckpoint::Part{number, range.size, copied.etag,
                                copied.checksum};
}

Status ObjectCopy::CheckChecksum(CopyResult& result) {
  if (!request_.verify_crc64) return Status();
  const std::optional<Checksum>& source = source_.checksum;
  const std::optional<Checksum>& destination = result.checksum;
  switch (transfer::CheckChecksum(destination, source)) {
    case transfer::ChecksumVerdict::kVerified:
      result.crc64_verified = true;
      return Status();
    case transfer::ChecksumVerdict::kNoReported:
    case transfer::ChecksumVerdict::kNoExpected:
      core_.Notice(fmt::format(
          "the copy is not CRC64-checked: the server sent no CRC64 for the {}",
          source ? "destination" : "source"));
      return Status();
    case transfer::ChecksumVerdict::kDifferentAlgorithms:
      core_.Notice(fmt::format(
          "the copy is not checked: the server's checksum of the source is a "
          "{}, of the destination a {}",
          ChecksumAlgorithmLabel(source->algorithm),
          ChecksumAlgorithmLabel(destination->algorithm)));
      return Status();
    case transfer::ChecksumVerdict::kMismatch:
      break;
  }
  return Status::DataCorruption(
      fmt::format("{} completed, but the destination's {} {} differs from the "
                  "source's {}: delete {} and copy again",
                  Description(), ChecksumAlgorithmLabel(destination->algorithm),
                  destination->value, source->value,
                  client_.ObjectUrl(request_.bucket, request_.key)));
}

Result<CopyResult> ObjectCopy::CopyWhole(uint64_t part_size) {
  CopyObjectRequest copy;
  copy.source = Named();
  copy.bucket = request_.bucket;
  copy.key = request_.key;
  copy.conditions.if_match = source_.etag;
  copy.attributes.acl = request_.acl;
  copy.attributes.storage_class = request_.storage_class;
  copy.attributes.forbid_overwrite = request_.forbid_overwrite;
  copy.cancelled = [this] { return core_.Stopping(); };
  core_.BeginProgress(0, source_.size);
  Result<CopyObjectResult> copied = client_.CopyObject(copy);
  if (!copied.ok()) return copied.status().WithContext(Description());
  core_.Advance(source_.size);
  CopyResult result;
  result.etag = copied->etag;
  result.checksum = copied->checksum;
  result.version_id = copied->version_id;
  result.bytes_copied = source_.size;
  result.part_size = part_size;
  return result;
}

Result<CopyResult> ObjectCopy::Run() {
  ASSIGN_OR_RETURN(
      transfer::MultipartPlan plan,
      session_.Plan(source_.size, request_.part_size, kDefaultCopyPartSize));
  const uint64_t part_size = plan.layout.part_size;
  CopyResult result;
  if (plan.whole) {
    ASSIGN_OR_RETURN(result, CopyWhole(part_size));
  } else {
    ASSIGN_OR_RETURN(transfer::MultipartOutcome outcome,
                     session_.Run(std::move(plan)));
    result.etag = outcome.completed.etag;
    result.checksum = outcome.completed.checksum;
    result.version_id = outcome.completed.version_id;
    result.upload_id = outcome.upload_id;
    result.bytes_copied = core_.transferred;
    result.bytes_reused = outcome.bytes_reused;
    result.part_size = part_size;
    result.parts = outcome.parts;
  }
  RETURN_IF_ERROR(CheckChecksum(result));
  result.notices = core_.notices();
  return result;
}

Status ValidateRequest(const CopyRequest& request) {
  RETURN_IF_ERROR(transfer::ValidatePartSettings(
      request.part_size, request.parallel, kDefaultCopyParallel));
  if (request.source_bucket.empty() || request.source_key.empty()) {
    return Status::InvalidArgument("a copy needs a source bucket and key");
  }
  if (request.bucket.empty() || request.key.empty()) {
    return Status::InvalidArgument("a copy needs a destination bucket and key");
  }
  return Status();
}

Result<fs::path> CheckpointPathFor(const Client& client,
                                   const CopyRequest& request) {
  fs::path given = request.checkpoint_path;
  if (given.empty()) {
    fs::path directory = DefaultCopyCheckpointDirectory();
    if (directory.empty()) {
      return Status::InvalidArgument(
          "a copy keeps its checkpoint under $XDG_STATE_HOME or $HOME, and "
          "neither is set: name a checkpoint path, or turn the checkpoint "
          "off");
    }
    given = directory / "";  // a directory, created when missing
  }
  // The same source and destination (at the same endpoint) is the same
  // copy, whatever else differs.
  std::string identity =
      fmt::format("{}\n{}/{}?versionId={}\n{}/{}", client.endpoint(),
                  request.source_bucket, request.source_key,
                  request.source_version_id, request.bucket, request.key);
  fs::path anchor = fs::path(request.key).filename();
  if (anchor.empty() || anchor == "." || anchor == "..") anchor = "copy";
  return transfer::ResolveCheckpointPath(given, anchor, identity,
                                         kCopyCheckpointSuffix);
}

}  // namespace

fs::path DefaultCopyCheckpointDirectory() {
  const fs::path state = util::OssxferStateDirectory();
  return state.empty() ? state : state / "copy";
}

namespace transfer {

Result<CopyResult> RunCopy(const Client& client, const CopyRequest& request,
                           util::FileSystem& file_system) {
  RETURN_IF_ERROR(ValidateRequest(request));
  HeadObjectRequest head;
  head.bucket = request.source_bucket;
  head.key = request.source_key;
  head.version_id = request.source_version_id;
  Result<ObjectMetadata> source = client.HeadObject(head);
  if (!source.ok()) {
    return source.status().WithContext(fmt::format(
        "copy from {}",
        client.ObjectUrl(request.source_bucket, request.source_key)));
  }
  std::string tagging;
  if (source->tagging_count > 0) {
    ObjectTaggingRequest tags{request.source_bucket, request.source_key,
                              request.source_version_id};
    ASSIGN_OR_RETURN(std::vector<ObjectTag> listed,
                     client.GetObjectTagging(tags));
    tagging = TaggingHeaderValue(listed);
  }
  fs::path checkpoint;
  std::optional<transfer::CheckpointLock> lock;
  if (request.checkpoint) {
    ASSIGN_OR_RETURN(checkpoint, CheckpointPathFor(client, request));
    // Held until the copy ends: a second process with the same checkpoint
    // would drive the same multipart upload.
    ASSIGN_OR_RETURN(transfer::CheckpointLock acquired,
                     transfer::CheckpointLock::Acquire(checkpoint));
    lock.emplace(std::move(acquired));
    util::RemoveAtomicWriteLeftover(checkpoint);
  }
  ObjectCopy copy(client, request, std::move(*source), std::move(tagging),
                  std::move(checkpoint), file_system);
  return copy.Run();
}

}  // namespace transfer

Result<CopyResult> Copy(const Client& client, const CopyRequest& request) {
  return transfer::RunCopy(client, request);
}

}  // namespace ossxfer
