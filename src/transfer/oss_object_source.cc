#include "transfer/oss_object_source.h"

#include <fmt/format.h>

#include "oss/storage_class.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {

Result<SourceObject> OssObjectSource::Probe(
    const std::function<bool()>& cancelled) const {
  HeadObjectRequest head_request;
  head_request.bucket = request_.bucket;
  head_request.key = request_.key;
  head_request.version_id = request_.version_id;
  head_request.cancelled = cancelled;
  // An S3 store's own checksum of the object (a CRC-32C or CRC-32 boto3 or
  // awscli had it keep), when ossxfer recorded no CRC-64 at upload: the
  // download is then checked by it rather than by the ETag.
  head_request.checksum_mode = true;
  Result<ObjectMetadata> head = client_.HeadObject(head_request);
  if (!head.ok()) return head.status();
  SourceObject object;
  object.metadata = std::move(*head);
  const ObjectMetadata& metadata = object.metadata;
  if (oss::IsArchiveClass(metadata.storage_class) &&
      metadata.restore.find("ongoing-request=\"false\"") == std::string::npos) {
    return Status::FromServiceError(ServiceError{
        403, "InvalidObjectState",
        fmt::format(
            "{} is an {} object that is not restored{}: "
            "restore it first "
            "(POST ?restore) and download once x-oss-restore says "
            "ongoing-request=\"false\"",
            client_.ObjectUrl(request_.bucket, request_.key),
            metadata.storage_class,
            metadata.restore.empty() ? "" : " yet (" + metadata.restore + ")"),
        "", "", ""});
  }
  return StoreObject(std::move(object));
}

std::optional<SourceObject> OssObjectSource::Listed() const {
  if (!request_.listed || oss::IsArchiveClass(request_.listed->storage_class)) {
    return std::nullopt;
  }
  SourceObject object;
  object.metadata.size = request_.listed->size;
  object.metadata.etag = request_.listed->etag;
  object.metadata.last_modified = request_.listed->last_modified;
  object.metadata.storage_class = request_.listed->storage_class;
  return StoreObject(std::move(object));
}

SourceObject OssObjectSource::StoreObject(SourceObject object) {
  // OSS always sends an ETag, and every GET carries If-Match with it; a
  // checkpoint is matched against it too.
  object.validator = "ETag " + object.metadata.etag;
  object.store_etag = true;
  return object;
}

GetObjectRequest OssObjectSource::GetOf(
    const SourceObject& seen, const std::function<bool()>& cancelled) const {
  GetObjectRequest get;
  get.bucket = request_.bucket;
  get.key = request_.key;
  get.version_id = request_.version_id;
  get.if_match = seen.metadata.etag;
  get.traffic_limit_bits_per_second = request_.traffic_limit_bits_per_second;
  get.cancelled = cancelled;
  // The engine retries the part from where it stopped (RetryPart).
  get.max_attempts = 1;
  return get;
}

Status OssObjectSource::Fetch(const SourceObject& seen, uint64_t first,
                              uint64_t last, BodySink& sink,
                              const std::function<bool()>& cancelled) const {
  GetObjectRequest get = GetOf(seen, cancelled);
  // Sent with x-oss-range-behavior: standard (Client::GetObject), so OSS
  // answers exactly this range or an error, never the whole object.
  get.range = ByteRange{first, last};
  return client_.GetObject(get, sink).status();
}

Result<ObjectMetadata> OssObjectSource::FetchWhole(
    const SourceObject& seen, BodySink& sink,
    const std::function<bool()>& cancelled) const {
  ASSIGN_OR_RETURN(GetObjectResult got,
                   client_.GetObject(GetOf(seen, cancelled), sink));
  return std::move(got.metadata);
}

Result<std::optional<ObjectPartHead>> OssObjectSource::HeadFirstPart(
    const SourceObject& seen, const std::function<bool()>& cancelled) const {
  // No If-Match: a part size of another version could only keep the check
  // from reproducing the ETag of `seen`, never make it pass.
  (void)seen;
  HeadObjectPartRequest head;
  head.bucket = request_.bucket;
  head.key = request_.key;
  head.version_id = request_.version_id;
  head.part_number = 1;
  head.cancelled = cancelled;
  ASSIGN_OR_RETURN(ObjectPartHead part, client_.HeadObjectPart(head));
  return std::optional<ObjectPartHead>(std::move(part));
}

SourceIdentity OssObjectSource::Identity() const {
  return SourceIdentity{client_.endpoint(), request_.bucket, request_.key,
                        request_.version_id};
}

std::string OssObjectSource::CheckpointKey() const {
  return request_.bucket + "/" + request_.key + "\n" + request_.version_id;
}

std::string OssObjectSource::Describe() const {
  return client_.ObjectUrl(request_.bucket, request_.key);
}

}  // namespace ossxfer::transfer
