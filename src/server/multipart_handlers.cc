// InitiateMultipartUpload, UploadPart, CompleteMultipartUpload, ListParts
// and AbortMultipartUpload.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "server/body_digests.h"
#include "server/copy_source.h"
#include "server/multipart_rules.h"
#include "server/request_router.h"
#include "server/s3_checksums.h"
#include "server/store_errors.h"
#include "server/upload_body.h"
#include "server/upload_callback.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

// The partNumber of a part PUT: 1..10000, or the error that answers it.
std::optional<int> PartNumberOf(const ServerRequest& request,
                                HttpExchange& exchange) {
  std::string number_text = request.Query("partNumber").value_or("");
  std::optional<uint64_t> number = util::ParseUint64(number_text);
  if (!number || *number < 1 || *number > 10000) {
    exchange.SendError(
        InvalidArgumentError(
            "Part number must be an integer between 1 and 10000, inclusive."),
        {{"ArgumentName", "PartNumber"}, {"ArgumentValue", number_text}});
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

// UploadPartCopy's own EC for an unknown upload (oss-protocol-2.md §4.4).
Status WithUploadPartCopyEc(const Status& status) {
  const ServiceError* error = status.service_error();
  if (error == nullptr || error->code != "NoSuchUpload") return status;
  ServiceError with_ec = *error;
  with_ec.ec = "0042-00000311";
  return Status::FromServiceError(std::move(with_ec));
}

}  // namespace

void RequestRouter::InitiateUpload(const ServerRequest& request,
                                   HttpExchange& exchange) {
  exchange.DiscardBody();
  Result<ObjectAttributes> attributes = AttributesFromHeaders(request);
  if (!attributes.ok()) return exchange.SendError(attributes.status());
  Result<UploadChecksum> checksum =
      UploadChecksumOf(request, options_.not_implemented_status);
  if (!checksum.ok()) return exchange.SendError(checksum.status());
  Result<std::string> upload_id = store_.InitiateUpload(
      request.bucket, request.key, *attributes, *checksum);
  if (!upload_id.ok()) return exchange.SendError(upload_id.status());
  ResponseHeaders headers;
  if (!checksum->algorithm.empty()) {
    headers = {{"x-amz-checksum-algorithm", checksum->algorithm},
               {"x-amz-checksum-type", checksum->type}};
  }
  exchange.SendXml(
      200,
      InitiateMultipartUploadXml(request.bucket, request.key, *upload_id,
                                 IsUrlEncoding(request)),
      headers);
}

void RequestRouter::UploadPart(const ServerRequest& request,
                               HttpExchange& exchange, const FaultPlan& plan) {
  std::optional<int> number = PartNumberOf(request, exchange);
  if (!number) return;
  std::string upload_id = request.Query("uploadId").value_or("");
  Result<std::unique_ptr<UploadPartWriter>> writer =
      store_.BeginPart(request.bucket, request.key, upload_id, *number);
  if (!writer.ok()) return exchange.SendError(writer.status());
  Result<std::unique_ptr<UploadBody>> body =
      UploadBody::Open(request, s3_authenticator_, **writer);
  if (!body.ok()) return exchange.SendError(body.status());
  // A part's checksum must be of the upload's algorithm, if it has one; a
  // part without one is taken, and leaves the object without a checksum.
  const std::string upload_algorithm =
      util::AsciiLower((*writer)->upload_checksum().algorithm);
  const std::string& part_algorithm = (*body)->checksum_algorithm();
  if (!upload_algorithm.empty() && !part_algorithm.empty() &&
      part_algorithm != upload_algorithm) {
    return exchange.SendError(OssError(
        400, "InvalidRequest",
        fmt::format("Checksum Type mismatch occurred, expected checksum Type: "
                    "{}, actual checksum Type: {}",
                    upload_algorithm, part_algorithm)));
  }
  Status read = exchange.ReadBody((*body)->writer(), plan.reset_after);
  if (!read.ok()) return exchange.SendError(read);
  if (Status finished = (*body)->Finish(); !finished.ok()) {
    return exchange.SendError(finished);
  }
  if (!upload_algorithm.empty() && part_algorithm == upload_algorithm) {
    (*writer)->RecordChecksum((*body)->checksum());
  }
  Result<StoredPart> part = (*writer)->Commit((*body)->md5());
  if (!part.ok()) return exchange.SendError(part.status());
  if (plan.drop_part && store_.DropPart(upload_id, part->part_number).ok()) {
    faults_.CountFired(FaultAction::kDropPart);
  }
  ResponseHeaders headers = {
      {"ETag", part->etag},
      {"x-oss-hash-crc64ecma", std::to_string(part->crc64)}};
  std::ranges::copy((*body)->ChecksumHeaders(), std::back_inserter(headers));
  exchange.SendEmpty(200, headers);
}

void RequestRouter::CompleteUpload(const ServerRequest& request,
                                   HttpExchange& exchange) {
  std::string upload_id = request.Query("uploadId").value_or("");
  // A bad callback is refused before the upload is completed.
  Result<std::optional<UploadCallback>> callback = ParseUploadCallback(
      request.Header("x-oss-callback"), request.Header("x-oss-callback-var"));
  if (!callback.ok()) return exchange.SendError(callback.status());
  // Its x-amz-checksum-<algorithm> is the object's, checked by the store.
  Result<std::string> body =
      ReadDigestedBody(request, exchange, 4 << 20, ChecksumHeadersOf::kObject);
  if (!body.ok()) return exchange.SendError(body.status());
  bool complete_all = request.Header("x-oss-complete-all") == "yes";
  std::vector<CompletedPart> parts;
  if (complete_all) {
    if (!body->empty()) {
      return exchange.SendError(InvalidArgumentError(
          "The request body must be empty when x-oss-complete-all is yes."));
    }
  } else {
    std::map<int, std::string> listed_checksums;
    Result<std::vector<CompletedPart>> parsed =
        ParseCompleteMultipartUploadBody(*body, &listed_checksums);
    if (!parsed.ok()) return exchange.SendError(parsed.status());
    parts = std::move(*parsed);
    if (Status held =
            CheckListedChecksums(request, upload_id, listed_checksums);
        !held.ok()) {
      return exchange.SendError(held);
    }
  }
  bool forbid_overwrite = request.Header("x-oss-forbid-overwrite") == "true";
  const std::optional<StoredChecksum> claimed = ClaimedObjectChecksum(request);
  Result<StoredObject> object = store_.CompleteUpload(
      request.bucket, request.key, upload_id, parts, complete_all,
      forbid_overwrite, claimed ? &*claimed : nullptr);
  if (!object.ok()) return exchange.SendError(object.status());
  ResponseHeaders headers = {
      {"ETag", object->etag},
      {"x-oss-hash-crc64ecma", std::to_string(object->crc64)}};
  AddVersionHeader(*object, headers);
  if (*callback)
    return AnswerWithCallback(exchange, **callback, *object, headers);
  std::string location =
      fmt::format("http://{}/{}/{}", request.host, request.bucket, request.key);
  exchange.SendXml(
      200,
      CompleteMultipartUploadXml(*object, location, IsUrlEncoding(request)),
      headers);
}

Status RequestRouter::CheckListedChecksums(
    const ServerRequest& request, const std::string& upload_id,
    const std::map<int, std::string>& listed) {
  if (listed.empty()) return Status();
  ASSIGN_OR_RETURN(std::vector<StoredPart> stored,
                   store_.ListParts(request.bucket, request.key, upload_id, 0,
                                    kMaxPartNumber, nullptr));
  std::map<int, std::string> kept;
  for (StoredPart& part : stored) {
    kept.emplace(part.part_number, util::Base64Encode(part.checksum));
  }
  for (const auto& [number, checksum] : listed) {
    auto part = kept.find(number);
    // A part that is not stored is the store's InvalidPart to give.
    if (part == kept.end() || part->second == checksum) continue;
    return OssError(
        400, "InvalidPart",
        fmt::format("The checksum listed for part {} is not the "
                    "one stored with it ({})",
                    number, part->second.empty() ? "none" : part->second));
  }
  return Status();
}

void RequestRouter::ListParts(const ServerRequest& request,
                              HttpExchange& exchange) {
  ListPartsEcho echo;
  echo.bucket = request.bucket;
  echo.key = request.key;
  echo.upload_id = request.Query("uploadId").value_or("");
  echo.url_encode = IsUrlEncoding(request);
  if (auto text = request.Query("max-parts")) {
    std::optional<uint64_t> value = util::ParseUint64(*text);
    if (!value || *value < 1 || *value > 1000) {
      return exchange.SendError(
          InvalidArgumentError("max-parts must be from 1 to 1000"));
    }
    echo.max_parts = static_cast<int>(*value);
  }
  if (auto text = request.Query("part-number-marker")) {
    std::optional<uint64_t> value = util::ParseUint64(*text);
    if (!value || *value > 10000) {
      return exchange.SendError(
          InvalidArgumentError("part-number-marker must be from 0 to 10000"));
    }
    echo.part_number_marker = static_cast<int>(*value);
  }
  bool truncated = false;
  Result<std::vector<StoredPart>> parts =
      store_.ListParts(request.bucket, request.key, echo.upload_id,
                       echo.part_number_marker, echo.max_parts, &truncated);
  if (!parts.ok()) return exchange.SendError(parts.status());
  exchange.SendXml(200, ListPartsXml(echo, *parts, truncated));
}

void RequestRouter::AbortUpload(const ServerRequest& request,
                                HttpExchange& exchange) {
  Status aborted = store_.AbortUpload(request.bucket, request.key,
                                      request.Query("uploadId").value_or(""));
  if (!aborted.ok()) return exchange.SendError(aborted);
  exchange.SendEmpty(204);
}

void RequestRouter::UploadPartCopy(const ServerRequest& request,
                                   HttpExchange& exchange) {
  exchange.DiscardBody();
  std::optional<int> number = PartNumberOf(request, exchange);
  if (!number) return;
  const std::string upload_id = request.Query("uploadId").value_or("");
  // The source may be replaced between its lookup and the copy; the store
  // then refuses (kNotFound) and the lookup is done again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<StoredObject> source = LookUpCopySource(request);
    if (!source.ok()) return SendCopySourceError(source.status(), exchange);
    Result<ByteRange> range = ParseCopySourceRange(
        request.Header("x-oss-copy-source-range"), source->size);
    if (!range.ok()) return exchange.SendError(range.status());
    Result<StoredPart> part =
        store_.CopyPart(request.bucket, request.key, upload_id, *number,
                        *source, range->first, range->size);
    if (!part.ok() && IsVanished(part.status())) continue;
    if (!part.ok())
      return exchange.SendError(WithUploadPartCopyEc(part.status()));
    ResponseHeaders headers = {
        {"ETag", part->etag},
        {"x-oss-hash-crc64ecma", std::to_string(part->crc64)}};
    AddSourceVersionHeader(*source, headers);
    return exchange.SendXml(
        200,
        CopyResultXml("CopyPartResult", part->etag, part->last_modified_ms),
        headers);
  }
  exchange.SendError(StillChangingError("The copy source"));
}

}  // namespace ossxfer::server
