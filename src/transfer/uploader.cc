// The resumable parallel upload (ossxfer/upload.h): a local file as the
// source of a multipart session (multipart_session.h), or of one PutObject
// when it is smaller than a part. What is specific to a file lives here:
// its identity (a change means the parts are stale), pread slices as part
// bodies, and the local checksum that vouches for a part no checkpoint
// recorded.
#include "transfer/uploader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <optional>

#include "ossxfer/upload.h"
#include "ossxfer/work_files.h"
#include "transfer/checkpoint_lock.h"
#include "transfer/checkpoint_path.h"
#include "transfer/content_type.h"
#include "transfer/file_range_checksum.h"
#include "transfer/multipart_session.h"
#include "transfer/part_plan.h"
#include "transfer/transfer_core.h"
#include "util/file.h"
#include "util/status_macros.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using transfer::UploadCheckpoint;

// What tells one state of the source file from another.
struct LocalFileIdentity {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  bool operator==(const LocalFileIdentity&) const = default;
};

Result<LocalFileIdentity> Identify(const util::File& file) {
  struct stat info;
  if (::fstat(file.fd(), &info) != 0) {
    return Status::IoError("cannot stat " + file.path().string());
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidArgument(file.path().string() +
                                   " is not a regular file");
  }
  return LocalFileIdentity{
      static_cast<uint64_t>(info.st_size),
      int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec,
      static_cast<uint64_t>(info.st_ino)};
}

// A slice of the source as a request body: pread straight into libcurl's
// buffer, under the shared rate limit. Nothing else is buffered.
class FileSliceSource : public BodySource {
 public:
  FileSliceSource(const util::File& file, uint64_t offset, uint64_t size,
                  transfer::TransferCore& core)
      : file_(file), offset_(offset), size_(size), core_(core) {}
  uint64_t Size() const override { return size_; }
  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(capacity, size_ - position_));
    if (count == 0) return size_t{0};
    if (!core_.AcquireBandwidth(count))
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
  transfer::TransferCore& core_;
};

class FileUpload {
 public:
  FileUpload(const Client& client, const UploadRequest& request,
             util::File source, LocalFileIdentity identity, fs::path checkpoint,
             util::FileSystem& file_system)
      : client_(client),
        request_(request),
        source_(std::move(source)),
        identity_(identity),
        source_path_(fs::absolute(request.source).string()),
        core_(transfer::TransferSettings{
            request.parallel > 0 ? request.parallel : kDefaultUploadParallel,
            request.rate_limit_bytes_per_second, request.progress,
            request.cancellation, client.retry_policy(),
            request.shared_rate_limit}),
        target_(client),
        session_(target_, core_, Destination(), Source(), std::move(checkpoint),
                 file_system) {}

  Result<UploadResult> Run();

 private:
  std::string Description() const {
    return fmt::format("upload of {} to {}", request_.source.string(),
                       client_.ObjectUrl(request_.bucket, request_.key));
  }
  transfer::MultipartDestination Destination() const;
  transfer::MultipartSource Source();
  Result<UploadCheckpoint::Part> SendPart(const std::string& upload_id,
                                          int number,
                                          const transfer::PartRange& range);
  Result<UploadResult> PutWhole(uint64_t part_size);

  const Client& client_;
  const UploadRequest& request_;
  const util::File source_;
  const LocalFileIdentity identity_;
  const std::string source_path_;  // absolute
  transfer::TransferCore core_;
  transfer::ClientMultipartTarget target_;
  transfer::MultipartSession session_;
};

transfer::MultipartDestination FileUpload::Destination() const {
  transfer::MultipartDestination destination;
  destination.bucket = request_.bucket;
  destination.key = request_.key;
  destination.attributes = request_.attributes;
  if (destination.attributes.content_type.empty()) {
    destination.attributes.content_type =
        transfer::GuessContentType(request_.source.filename().string());
  }
  destination.callback = request_.callback;
  destination.callback_var = request_.callback_var;
  destination.verify_crc64 = request_.verify_crc64;
  destination.discard_on_cancel = request_.discard_on_cancel;
  return destination;
}

transfer::MultipartSource FileUpload::Source() {
  transfer::MultipartSource source;
  source.description = Description();
  source.describe = [this](UploadCheckpoint& checkpoint) {
    checkpoint.source_path = source_path_;
    checkpoint.source_size = identity_.size;
    checkpoint.source_mtime_ns = identity_.mtime_ns;
    checkpoint.source_inode = identity_.inode;
  };
  source.compare = [this](const UploadCheckpoint& saved,
                          transfer::CheckpointComparison& comparison) {
    comparison.Differs(saved.source_path != source_path_, "source path");
    comparison.Differs(saved.source_size != identity_.size ||
                           saved.source_mtime_ns != identity_.mtime_ns ||
                           saved.source_inode != identity_.inode,
                       "source file (size, modification time or inode)");
  };
  source.send_part = [this](const std::string& upload_id, int number,
                            const transfer::PartRange& range) {
    return SendPart(upload_id, number, range);
  };
  source.matches_unrecorded = [this](const transfer::PartRange& range,
                                     const Checksum& server) -> Result<bool> {
    ASSIGN_OR_RETURN(uint64_t local,
                     transfer::ChecksumOfFileRange(server.algorithm, source_,
                                                   range.first, range.size));
    return local == server.value;
  };
  // The source must still be the file we read: a writer elsewhere would
  // have made the parts inconsistent.
  source.unchanged = [this]() -> Status {
    ASSIGN_OR_RETURN(LocalFileIdentity now, Identify(source_));
    if (now == identity_) return Status();
    return Status::IoError(
        fmt::format("{} changed while it was being uploaded (size {} -> {}); "
                    "the parts sent may mix old and new content, so the "
                    "upload was not completed",
                    request_.source.string(), identity_.size, now.size));
  };
  return source;
}

Result<UploadCheckpoint::Part> FileUpload::SendPart(
    const std::string& upload_id, int number,
    const transfer::PartRange& range) {
  FileSliceSource body(source_, range.first, range.size, core_);
  UploadPartRequest part;
  part.bucket = request_.bucket;
  part.key = request_.key;
  part.upload_id = upload_id;
  part.part_number = number;
  part.traffic_limit_bits_per_second = request_.traffic_limit_bits_per_second;
  part.verify_crc64 = request_.verify_crc64;
  if (client_.ChecksContentMd5()) {
    ASSIGN_OR_RETURN(part.content_md5, transfer::Md5OfFileRange(
                                           source_, range.first, range.size));
  }
  part.cancelled = [this] { return core_.Stopping(); };
  part.max_attempts = 1;  // the session retries the part (RetryPart)
  ASSIGN_OR_RETURN(UploadPartResult sent, client_.UploadPart(part, body));
  return UploadCheckpoint::Part{number, range.size, sent.etag, sent.checksum};
}

Result<UploadResult> FileUpload::PutWhole(uint64_t part_size) {
  FileSliceSource body(source_, 0, identity_.size, core_);
  PutObjectRequest put;
  put.bucket = request_.bucket;
  put.key = request_.key;
  put.attributes = Destination().attributes;
  put.callback = request_.callback;
  put.callback_var = request_.callback_var;
  put.traffic_limit_bits_per_second = request_.traffic_limit_bits_per_second;
  put.verify_crc64 = request_.verify_crc64;
  if (client_.ChecksContentMd5()) {
    ASSIGN_OR_RETURN(put.content_md5,
                     transfer::Md5OfFileRange(source_, 0, identity_.size));
  }
  put.cancelled = [this] { return core_.Stopping(); };
  Result<PutObjectResult> stored = client_.PutObject(put, body);
  if (!stored.ok()) return stored.status().WithContext(Description());
  core_.BeginProgress(0, identity_.size);
  core_.Advance(identity_.size);
  UploadResult result;
  result.etag = stored->etag;
  result.checksum = stored->checksum;
  result.version_id = stored->version_id;
  result.callback_response = stored->callback_response;
  result.bytes_transferred = identity_.size;
  result.part_size = part_size;
  result.crc64_verified = request_.verify_crc64 && stored->checksum.has_value();
  result.etag_verified = stored->etag_verified;
  result.notices = core_.notices();
  return result;
}

Result<UploadResult> FileUpload::Run() {
  ASSIGN_OR_RETURN(transfer::MultipartPlan plan,
                   session_.Plan(identity_.size, request_.part_size,
                                 kDefaultUploadPartSize));
  const uint64_t part_size = plan.layout.part_size;
  if (plan.whole) return PutWhole(part_size);
  ASSIGN_OR_RETURN(transfer::MultipartOutcome outcome,
                   session_.Run(std::move(plan)));
  UploadResult result;
  result.etag = outcome.completed.etag;
  result.checksum = outcome.completed.checksum;
  result.version_id = outcome.completed.version_id;
  result.callback_response = outcome.completed.callback_response;
  result.upload_id = outcome.upload_id;
  result.crc64_verified = outcome.crc64_verified;
  result.etag_verified = outcome.completed.etag_verified;
  result.bytes_transferred = core_.transferred;
  result.bytes_reused = outcome.bytes_reused;
  result.part_size = part_size;
  result.parts = outcome.parts;
  result.notices = core_.notices();
  return result;
}

Status ValidateRequest(const UploadRequest& request) {
  RETURN_IF_ERROR(transfer::ValidatePartSettings(
      request.part_size, request.parallel, kDefaultUploadParallel));
  if (request.bucket.empty() || request.key.empty()) {
    return Status::InvalidArgument("an upload needs a bucket and a key");
  }
  if (request.source.empty())
    return Status::InvalidArgument("the upload source is empty");
  return Status();
}

}  // namespace

namespace transfer {

Result<UploadResult> RunUpload(const Client& client,
                               const UploadRequest& request,
                               util::FileSystem& file_system) {
  RETURN_IF_ERROR(ValidateRequest(request));
  // Non-blocking, so that a FIFO named as the source is refused (Identify)
  // rather than waited on; for a regular file the flag changes nothing.
  Result<util::File> source =
      util::File::Open(request.source, O_RDONLY | O_NONBLOCK, 0, file_system);
  if (!source.ok())
    return source.status().WithContext("cannot open the upload source");
  ASSIGN_OR_RETURN(LocalFileIdentity identity, Identify(*source));
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
    ASSIGN_OR_RETURN(transfer::CheckpointLock acquired,
                     transfer::CheckpointLock::Acquire(checkpoint));
    lock.emplace(std::move(acquired));
    // The lock makes the checkpoint ours: what a run killed while
    // replacing it left behind can go.
    util::RemoveAtomicWriteLeftover(checkpoint);
  }
  // A store that computes no CRC-64 gets the file's in the object's
  // metadata, set when the upload starts: what later downloads verify
  // against. It costs one read of the file before the parts are sent
  // (again on a resume, which must name the same value).
  UploadRequest recorded = request;
  if (const std::string name = client.RecordedChecksumMetadata();
      !name.empty()) {
    ASSIGN_OR_RETURN(uint64_t crc64, transfer::ChecksumOfFileRange(
                                         ChecksumAlgorithm::kCrc64Ecma, *source,
                                         0, identity.size));
    recorded.attributes.user_metadata[name] = std::to_string(crc64);
  }
  FileUpload upload(client, recorded, std::move(*source), identity,
                    std::move(checkpoint), file_system);
  return upload.Run();
}

}  // namespace transfer

Result<UploadResult> Upload(const Client& client,
                            const UploadRequest& request) {
  return transfer::RunUpload(client, request);
}

}  // namespace ossxfer
