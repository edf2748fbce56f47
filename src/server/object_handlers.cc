// GetObject / HeadObject / GetObjectMeta, PutObject, DeleteObject and
// RestoreObject, with OSS's range, conditional and archive semantics.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <utility>

#include "oss/content_headers.h"
#include "oss/dialect.h"
#include "oss/storage_class.h"
#include "ossxfer/object_metadata.h"
#include "server/object_conditions.h"
#include "server/object_data_reader.h"
#include "server/part_number_request.h"
#include "server/range_request.h"
#include "server/request_router.h"
#include "server/s3_checksums.h"
#include "server/store_errors.h"
#include "server/synthetic_object.h"
#include "server/upload_body.h"
#include "server/upload_callback.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::server {
namespace {

util::SystemTime FromMs(int64_t ms) {
  return util::SystemTime(std::chrono::milliseconds(ms));
}

class SyntheticReader : public BodyReader {
 public:
  explicit SyntheticReader(const SyntheticObject& object) : object_(object) {}
  BodySpan Locate(uint64_t) const override { return BodySpan{}; }
  Status Read(uint64_t offset, char* out, size_t length) override {
    object_.Read(offset, out, length);
    return Status();
  }

 private:
  const SyntheticObject& object_;
};

// What GET and HEAD answer about an object, whatever stores it.
struct ObjectView {
  uint64_t size = 0;
  std::string etag;
  uint64_t crc64 = 0;
  int64_t last_modified_ms = 0;
  std::string object_type = "Normal";
  ObjectAttributes attributes;
  std::optional<int64_t> restore_ready_ms;
  std::optional<int64_t> restore_expiry_ms;
  std::string version_id = "null";
  StoredChecksum checksum;
  std::vector<uint64_t> part_sizes;
};

// Tags are stored in canonical x-oss-tagging form: one '&' between two.
size_t TagCount(const std::string& tagging) {
  if (tagging.empty()) return 0;
  return 1 +
         static_cast<size_t>(std::count(tagging.begin(), tagging.end(), '&'));
}

ResponseHeaders MetadataHeaders(const ObjectView& object,
                                bool object_meta_only) {
  ResponseHeaders headers = {
      {"ETag", object.etag},
      {"Last-Modified", util::FormatHttpDate(FromMs(object.last_modified_ms))},
      {"x-oss-hash-crc64ecma", std::to_string(object.crc64)},
  };
  if (object.version_id != "null") {
    headers.emplace_back("x-oss-version-id", object.version_id);
  }
  if (object_meta_only) return headers;
  const ObjectAttributes& attributes = object.attributes;
  oss::AppendContentHeaders(oss::kOssDialect, attributes, headers);
  headers.emplace_back("Accept-Ranges", "bytes");
  headers.emplace_back("x-oss-object-type", object.object_type);
  if (object.object_type == "Appendable") {
    headers.emplace_back("x-oss-next-append-position",
                         std::to_string(object.size));
  }
  if (size_t tags = TagCount(attributes.tagging); tags > 0) {
    headers.emplace_back("x-oss-tagging-count", std::to_string(tags));
  }
  headers.emplace_back("x-oss-storage-class", attributes.storage_class.empty()
                                                  ? "Standard"
                                                  : attributes.storage_class);
  if (object.restore_ready_ms) {
    if (util::NowUnixMillis() < *object.restore_ready_ms) {
      headers.emplace_back("x-oss-restore", "ongoing-request=\"true\"");
    } else {
      headers.emplace_back(
          "x-oss-restore",
          fmt::format("ongoing-request=\"false\", expiry-date=\"{}\"",
                      util::FormatHttpDate(
                          FromMs(object.restore_expiry_ms.value_or(0)))));
    }
  }
  return headers;
}

// response-content-type and friends override headers of a 200/206.
void ApplyResponseOverrides(const ServerRequest& request,
                            ResponseHeaders& headers) {
  static const std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},
      {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},
      {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"},
      {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [parameter, header] : kOverrides) {
    std::optional<std::string> value = request.Query(parameter);
    if (!value) continue;
    std::erase_if(headers, [name = std::string(header)](const auto& h) {
      return h.first == name;
    });
    headers.emplace_back(header, *value);
  }
}

// x-oss-traffic-limit in bit/s, 819200..838860800 (100 KB/s .. 100 MB/s).
Result<uint64_t> TrafficLimitBytesPerSecond(const ServerRequest& request) {
  std::optional<std::string> text = request.Header("x-oss-traffic-limit");
  if (!text) text = request.Query("x-oss-traffic-limit");
  if (!text) return uint64_t{0};
  std::optional<uint64_t> bits = util::ParseUint64(*text);
  if (!bits || *bits < 819200 || *bits > 838860800) {
    return Status::FromServiceError(ServiceError{
        400, "InvalidArgument",
        "x-oss-traffic-limit must be from 819200 to 838860800 bit/s", "", "",
        "0004-00000502"});
  }
  return *bits / 8;
}

// The Range of a GET as it applies to an object of `size` bytes.
RangeOutcome RequestedRange(const ServerRequest& request, uint64_t size) {
  const bool standard = request.Header("x-oss-range-behavior") == "standard";
  return ResolveRange(request.Header("Range"), size, standard);
}

// Opens what serves the object bytes [begin, end) of an answer's body.
using BodyOpener =
    std::function<Result<std::unique_ptr<BodyReader>>(uint64_t, uint64_t)>;

// The shared part of GET and HEAD once the object is known. The body is
// opened only when the answer carries one, after the conditions and the
// range are settled (a 412 or 304 opens no file), and before any header
// goes out, so the body is whole. Returns the opener's kNotFound, with
// nothing sent, for the caller to look the object up again; anything else
// is answered here.
Status ServeObject(
    const ServerRequest& request, HttpExchange& exchange,
    const ObjectView& object, const BodyOpener& open_body,
    FaultInjector& faults, int not_implemented_status,
    const std::function<void(uint64_t, const FaultPlan&)>& on_progress) {
  const bool object_meta =
      request.method == "HEAD" && request.HasQuery("objectMeta");
  if (oss::IsArchiveClass(object.attributes.storage_class) &&
      request.method == "GET") {
    int64_t now = util::NowUnixMillis();
    bool readable = object.restore_ready_ms &&
                    now >= *object.restore_ready_ms &&
                    now < object.restore_expiry_ms.value_or(INT64_MAX);
    if (!readable) {
      exchange.SendError(
          OssError(403, "InvalidObjectState",
                   "The operation is not valid for the object's state. Restore "
                   "the archive object first (POST ?restore) and wait until "
                   "x-oss-restore says ongoing-request=\"false\"."));
      return Status();
    }
  }
  Status conditions =
      CheckConditions(request, "", object.etag, object.last_modified_ms);
  if (!conditions.ok()) {
    if (conditions.service_error()->http_status == 304) {
      exchange.SendEmpty(304, {{"ETag", object.etag}});
    } else {
      exchange.SendError(conditions);
    }
    return Status();
  }
  Result<uint64_t> traffic_limit = TrafficLimitBytesPerSecond(request);
  if (!traffic_limit.ok()) {
    exchange.SendError(traffic_limit.status());
    return Status();
  }
  ResponseHeaders headers = MetadataHeaders(object, object_meta);
  const bool head = request.method == "HEAD";
  // S3's ?partNumber (routed here for S3 requests only) reads one part, as
  // a range the part sizes give; HEAD answers the part's length.
  std::optional<PartSelection> part;
  if (std::optional<std::string> number = request.Query("partNumber")) {
    Result<PartSelection> selected =
        SelectPart(*number, request.Header("Range").has_value(), object.size,
                   object.part_sizes, object.etag, not_implemented_status);
    if (!selected.ok()) {
      exchange.SendError(selected.status());
      return Status();
    }
    part = *selected;
    if (part->parts_count > 0) {
      headers.emplace_back("x-amz-mp-parts-count",
                           std::to_string(part->parts_count));
    }
  }
  const RangeOutcome range =
      head || part ? RangeOutcome{} : RequestedRange(request, object.size);
  if (range.kind == RangeOutcome::kUnsatisfiable) {
    exchange.SendError(OssError(416, "InvalidRange",
                                "The requested range cannot be satisfied"));
    return Status();
  }
  const bool partial =
      range.kind == RangeOutcome::kPartial || (part && object.size > 0);
  const uint64_t first = part ? part->first : partial ? range.first : 0;
  const uint64_t length = part      ? part->length
                          : partial ? range.last - range.first + 1
                                    : object.size;
  if (partial) {
    headers.emplace_back(
        "Content-Range",
        fmt::format("bytes {}-{}/{}", first, first + length - 1, object.size));
  } else if (WantsChecksums(request)) {
    // The stored checksum is the whole object's: a range gets none.
    std::ranges::copy(ChecksumResponseHeaders(object.checksum),
                      std::back_inserter(headers));
  }
  // A HEAD's Content-Length is the object's (or the part's) size, but it
  // sends no body.
  Result<std::unique_ptr<BodyReader>> reader =
      head ? open_body(0, 0) : open_body(first, first + length);
  if (!reader.ok() && IsVanished(reader.status())) {
    return reader.status();
  }
  if (!reader.ok()) {
    exchange.SendError(reader.status());
    return Status();
  }
  if (head) {
    exchange.SendBody(part && partial ? 206 : 200, headers, **reader, 0, length,
                      {});
    return Status();
  }
  ApplyResponseOverrides(request, headers);
  // Only now is a body certain to be sent: decide its faults here, so a
  // rule's count is not used up by answers without one.
  FaultPlan plan = faults.Plan("GET", request.key, FaultInjector::Phase::kBody);
  if (*traffic_limit > 0 &&
      (plan.bytes_per_second == 0 || *traffic_limit < plan.bytes_per_second)) {
    plan.bytes_per_second = *traffic_limit;
  }
  auto progress = [&](uint64_t sent) {
    if (on_progress) on_progress(sent, plan);
  };
  exchange.SendBody(partial ? 206 : 200, headers, **reader, first, length, plan,
                    progress);
  return Status();
}

}  // namespace

void RequestRouter::GetObject(const ServerRequest& request,
                              HttpExchange& exchange) {
  // Opening can race with an overwrite or delete that unlinks the files
  // just looked up: look the object up again then.
  Result<std::optional<std::string>> version = VersionIdOf(request);
  if (!version.ok()) return exchange.SendError(version.status());
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<StoredObject> object =
        store_.GetObject(request.bucket, request.key, *version);
    if (!object.ok())
      return SendObjectLookupError(request, object.status(), exchange);
    if (object->delete_marker) {
      // A delete marker named by its id (§10.3).
      return exchange.SendError(
          DeleteMarkerError(),
          {{"ResourceType", "DeleteMarker"}, {"Method", request.method}},
          {{"x-oss-delete-marker", "true"},
           {"x-oss-version-id", object->version_id}});
    }
    if (object->object_type == "Symlink") {
      object = ResolveSymlink(*object);
      if (!object.ok()) return exchange.SendError(object.status());
    }
    auto open_body = [&](uint64_t begin,
                         uint64_t end) -> Result<std::unique_ptr<BodyReader>> {
      ASSIGN_OR_RETURN(std::unique_ptr<ObjectDataReader> reader,
                       ObjectDataReader::Open(object->segments, begin, end));
      return std::unique_ptr<BodyReader>(std::move(reader));
    };
    ObjectView view{object->size,
                    object->etag,
                    object->crc64,
                    object->last_modified_ms,
                    object->object_type,
                    object->attributes,
                    object->restore_ready_ms,
                    object->restore_expiry_ms,
                    object->version_id,
                    object->checksum,
                    object->part_sizes};
    bool replaced = false;
    auto on_progress = [&](uint64_t sent, const FaultPlan& plan) {
      if (plan.replace_after && !replaced && sent >= *plan.replace_after) {
        replaced = true;
        ReplaceContent(*object);
      }
    };
    Status vanished = ServeObject(request, exchange, view, open_body, faults_,
                                  options_.not_implemented_status, on_progress);
    if (vanished.ok()) return;
  }
  exchange.SendError(StillChangingError("The object"));
}

Result<StoredObject> RequestRouter::ResolveSymlink(const StoredObject& link) {
  Result<StoredObject> target =
      store_.GetObject(link.bucket, link.symlink_target);
  if (!target.ok()) {
    const ServiceError* error = target.status().service_error();
    if (error == nullptr || error->code != "NoSuchKey") return target;
    // Status and message UNVERIFIED (oss-protocol-2.md §7.3).
    return OssError(
        404, "SymlinkTargetNotExist",
        "The symlink target object does not exist: " + link.symlink_target);
  }
  if (target->object_type == "Symlink") {
    return OssError(400, "InvalidTargetType",
                    "The symbolic's target file type is invalid");
  }
  // The target's bytes, ETag and size; the link's type and user metadata;
  // the later of the two Last-Modified (§7.3).
  StoredObject served = std::move(*target);
  served.object_type = "Symlink";
  served.attributes.user_metadata = link.attributes.user_metadata;
  served.last_modified_ms =
      std::max(served.last_modified_ms, link.last_modified_ms);
  return served;
}

void RequestRouter::SendObjectLookupError(const ServerRequest& request,
                                          const Status& status,
                                          HttpExchange& exchange) {
  const ServiceError* error = status.service_error();
  if (error != nullptr && error->code == "NoSuchKey") {
    // A key whose current version is a delete marker says so (§10.3).
    Result<std::optional<std::string>> marker =
        store_.CurrentDeleteMarker(request.bucket, request.key);
    if (marker.ok() && marker->has_value()) {
      return exchange.SendError(
          status, {},
          {{"x-oss-delete-marker", "true"}, {"x-oss-version-id", **marker}});
    }
  }
  exchange.SendError(status);
}

void RequestRouter::GetSyntheticObject(const ServerRequest& request,
                                       HttpExchange& exchange) {
  std::optional<SyntheticObject> object = SyntheticObject::FromKey(request.key);
  if (!object) {
    return exchange.SendError(
        OssError(404, "NoSuchKey",
                 "The synthetic bucket serves keys that are "
                 "sizes in bytes, e.g. 1073741824 or "
                 "1073741824.bin."));
  }
  ObjectView view;
  view.size = object->size();
  view.etag = object->etag();
  view.crc64 = object->crc64();
  view.object_type = "Multipart";
  view.attributes.content_type = "application/octet-stream";
  view.attributes.storage_class = "Standard";
  auto open_body = [&](uint64_t,
                       uint64_t) -> Result<std::unique_ptr<BodyReader>> {
    return std::unique_ptr<BodyReader>(
        std::make_unique<SyntheticReader>(*object));
  };
  // Generated bytes never vanish: the status is always ok.
  (void)ServeObject(request, exchange, view, open_body, faults_,
                    options_.not_implemented_status, {});
}

void RequestRouter::ReplaceContent(const StoredObject& object) {
  Result<std::unique_ptr<ObjectWriter>> writer =
      store_.BeginPut(object.bucket, object.key, object.attributes);
  if (!writer.ok()) return;
  Result<std::unique_ptr<ObjectDataReader>> reader =
      ObjectDataReader::Open(object.segments, 0, object.size);
  if (!reader.ok()) return;
  std::vector<char> chunk(1 << 20);
  for (uint64_t offset = 0; offset < object.size; offset += chunk.size()) {
    size_t count = static_cast<size_t>(
        std::min<uint64_t>(chunk.size(), object.size - offset));
    if (!(*reader)->Read(offset, chunk.data(), count).ok()) return;
    if (offset == 0) chunk[0] ^= 0x5A;  // a different object, same size
    if (!(*writer)->Append(chunk.data(), count).ok()) return;
  }
  if (object.size == 0) (void)(*writer)->Append("x", 1);
  if ((*writer)->Commit(false, std::nullopt).ok())
    faults_.CountFired(FaultAction::kReplace);
}

void RequestRouter::PutObject(const ServerRequest& request,
                              HttpExchange& exchange) {
  if (!request.Header("Content-Length") &&
      !request.Header("Transfer-Encoding")) {
    return exchange.SendError(
        OssError(411, "MissingContentLength",
                 "You must provide the Content-Length HTTP header."));
  }
  if (auto length = request.Header("Content-Length")) {
    std::optional<uint64_t> size = util::ParseUint64(*length);
    if (size && *size > (uint64_t{5} << 30)) {
      return exchange.SendError(
          OssError(400, "EntityTooLarge",
                   "Your proposed upload exceeds the maximum allowed size."));
    }
  }
  // A bad callback is refused before any byte is stored.
  Result<std::optional<UploadCallback>> callback = ParseUploadCallback(
      request.Header("x-oss-callback"), request.Header("x-oss-callback-var"));
  if (!callback.ok()) return exchange.SendError(callback.status());
  Result<ObjectAttributes> attributes = AttributesFromHeaders(request);
  if (!attributes.ok()) return exchange.SendError(attributes.status());
  Result<std::unique_ptr<ObjectWriter>> writer =
      store_.BeginPut(request.bucket, request.key, *attributes);
  if (!writer.ok()) return exchange.SendError(writer.status());
  Result<std::unique_ptr<UploadBody>> body =
      UploadBody::Open(request, s3_authenticator_, **writer);
  if (!body.ok()) return exchange.SendError(body.status());
  Status read = exchange.ReadBody((*body)->writer());
  if (!read.ok()) return exchange.SendError(read);
  if (Status finished = (*body)->Finish(); !finished.ok()) {
    return exchange.SendError(finished);
  }
  (*writer)->RecordChecksum(
      FullObjectChecksum((*body)->checksum_algorithm(), (*body)->checksum()));
  bool forbid_overwrite = request.Header("x-oss-forbid-overwrite") == "true";
  Result<StoredObject> stored =
      (*writer)->Commit(forbid_overwrite, (*body)->md5());
  if (!stored.ok()) return exchange.SendError(stored.status());
  // The ETag of a PutObject is the MD5 in hex: Content-MD5 is its base64.
  std::string md5 = *util::HexDecode(UnquotedEtag(stored->etag));
  ResponseHeaders headers = {
      {"ETag", stored->etag},
      {"Content-MD5", util::Base64Encode(md5)},
      {"x-oss-hash-crc64ecma", std::to_string(stored->crc64)}};
  std::ranges::copy((*body)->ChecksumHeaders(), std::back_inserter(headers));
  AddVersionHeader(*stored, headers);
  if (*callback)
    return AnswerWithCallback(exchange, **callback, *stored, headers);
  exchange.SendEmpty(200, headers);
}

void RequestRouter::DeleteObject(const ServerRequest& request,
                                 HttpExchange& exchange) {
  Result<std::optional<std::string>> version = VersionIdOf(request);
  if (!version.ok()) return exchange.SendError(version.status());
  Result<DeleteOutcome> deleted =
      store_.DeleteVersion(request.bucket, request.key, *version);
  if (!deleted.ok()) return exchange.SendError(deleted.status());
  ResponseHeaders headers;
  if (deleted->delete_marker)
    headers.emplace_back("x-oss-delete-marker", "true");
  // The id of the version removed or of the marker added; a bucket that
  // never had versioning has only "null" versions and says nothing.
  if (deleted->version_id && (*deleted->version_id != "null" || *version)) {
    headers.emplace_back("x-oss-version-id", *deleted->version_id);
  }
  exchange.SendEmpty(204, headers);
}

void RequestRouter::RestoreObject(const ServerRequest& request,
                                  HttpExchange& exchange) {
  exchange.DiscardBody();  // <RestoreRequest><Days>..: one day is assumed
  Result<StoredObject> object = store_.GetObject(request.bucket, request.key);
  if (!object.ok()) return exchange.SendError(object.status());
  int64_t now = util::NowUnixMillis();
  if (object->restore_ready_ms) {
    if (now < *object->restore_ready_ms) {
      return exchange.SendError(
          OssError(409, "RestoreAlreadyInProgress",
                   "The restore operation is in progress."));
    }
    if (now < object->restore_expiry_ms.value_or(0))
      return exchange.SendEmpty(200);
  }
  int64_t ready = now + options_.restore_delay.count();
  Status restored =
      store_.SetRestore(request.bucket, request.key, ready, ready + 86'400'000);
  if (!restored.ok()) return exchange.SendError(restored);
  exchange.SendEmpty(202);
}

void RequestRouter::AppendObject(const ServerRequest& request,
                                 HttpExchange& exchange) {
  const std::string position_text = request.Query("position").value_or("");
  std::optional<uint64_t> position = util::ParseUint64(position_text);
  if (!position) {
    return exchange.SendError(InvalidArgumentError(
        "AppendObject needs ?position=<the object's current length> "
        "(0 to create it), not '" +
        position_text + "'"));
  }
  std::optional<std::string> expected_md5;
  if (auto content_md5 = request.Header("Content-MD5")) {
    expected_md5 = util::Base64Decode(*content_md5);
    if (!expected_md5 || expected_md5->size() != 16) {
      return exchange.SendError(OssError(
          400, "InvalidDigest", "The Content-MD5 you specified was invalid."));
    }
  }
  Result<ObjectAttributes> attributes = AttributesFromHeaders(request);
  if (!attributes.ok()) return exchange.SendError(attributes.status());
  Result<std::unique_ptr<AppendWriter>> writer =
      store_.BeginAppend(request.bucket, request.key, *attributes);
  if (!writer.ok()) return exchange.SendError(writer.status());
  Status read = exchange.ReadBody(**writer);
  if (!read.ok()) return exchange.SendError(read);
  if (*position + (*writer)->bytes_written() > (uint64_t{5} << 30)) {
    return exchange.SendError(OssError(
        400, "EntityTooLarge", "An appendable object cannot grow past 5 GiB."));
  }
  Result<StoredObject> appended = (*writer)->Commit(*position, expected_md5);
  if (!appended.ok()) {
    const ServiceError* error = appended.status().service_error();
    if (error != nullptr && error->code == "PositionNotEqualToLength") {
      // The length a client needs to resume (PY2's writer relies on it to
      // see that a retried append had succeeded).
      Result<StoredObject> now = store_.GetObject(request.bucket, request.key);
      if (now.ok()) {
        return exchange.SendError(
            appended.status(), {},
            {{"x-oss-next-append-position", std::to_string(now->size)}});
      }
    }
    return exchange.SendError(appended.status());
  }
  ResponseHeaders headers = {
      {"ETag", appended->etag},
      {"x-oss-next-append-position", std::to_string(appended->size)},
      {"x-oss-hash-crc64ecma", std::to_string(appended->crc64)}};
  AddVersionHeader(*appended, headers);
  exchange.SendEmpty(200, headers);
}

}  // namespace ossxfer::server
