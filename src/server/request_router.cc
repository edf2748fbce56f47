#include "server/request_router.h"

#include <strings.h>

#include <algorithm>
#include <cctype>

#include "oss/names.h"
#include "server/object_tags.h"
#include "server/operation.h"
#include "server/s3_wire.h"
#include "server/store_errors.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

Status MethodNotAllowed() {
  return OssError(405, "MethodNotAllowed",
                  "The specified method is not allowed against this resource.");
}

}  // namespace

Result<std::optional<std::string>> VersionIdOf(const ServerRequest& request) {
  std::optional<std::string> id = request.Query("versionId");
  if (!id) return id;
  const bool valid = !id->empty() && id->size() <= 256 &&
                     std::all_of(id->begin(), id->end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) ||
                              c == '.' || c == '_' || c == '-';
                     });
  if (!valid) {
    ServiceError error{400,
                       "InvalidArgument",
                       "versionId must be a version id (letters, digits, "
                       "'.', '_', '-') or null, not '" +
                           *id + "'",
                       "",
                       "",
                       ""};
    error.ec = id->empty() ? "0012-00000201" : "0012-00000202";
    return Status::FromServiceError(std::move(error));
  }
  return id;
}

void AddVersionHeader(const StoredObject& object, ResponseHeaders& headers) {
  if (object.version_id != "null") {
    headers.emplace_back("x-oss-version-id", object.version_id);
  }
}

Result<ObjectAttributes> AttributesFromHeaders(const ServerRequest& request) {
  ObjectAttributes attributes;
  if (std::optional<std::string> acl = request.Header("x-oss-object-acl")) {
    ASSIGN_OR_RETURN(attributes.acl, CheckedAcl(acl, "x-oss-object-acl",
                                                /*allow_default=*/true));
  }
  if (std::optional<std::string> tagging = request.Header("x-oss-tagging")) {
    ASSIGN_OR_RETURN(TagSet tags, ParseTaggingHeader(*tagging));
    attributes.tagging = TaggingHeaderValue(tags);
  }
  attributes.content_type =
      request.Header("Content-Type").value_or("application/octet-stream");
  attributes.cache_control = request.Header("Cache-Control").value_or("");
  attributes.content_disposition =
      request.Header("Content-Disposition").value_or("");
  attributes.content_encoding = request.Header("Content-Encoding").value_or("");
  attributes.expires = request.Header("Expires").value_or("");
  attributes.storage_class =
      request.Header("x-oss-storage-class").value_or("Standard");
  for (const auto& [name, value] : request.headers) {
    if (name.size() > 11 && strncasecmp(name.c_str(), "x-oss-meta-", 11) == 0) {
      attributes.user_metadata[util::AsciiLower(name.substr(11))] = value;
    }
  }
  return attributes;
}

void RequestRouter::Handle(const ServerRequest& request,
                           HttpExchange& exchange) {
  if (request.target.starts_with("/_ossxfer/")) {
    HandleAdmin(request, exchange);
    return;
  }
  const bool s3 = request.dialect == WireDialect::kS3;
  AuthenticationFailure failure;
  Status authenticated =
      (s3 ? s3_authenticator_ : authenticator_)
          .Authenticate(request, std::chrono::system_clock::now(), &failure);
  if (!authenticated.ok()) {
    XmlFields extra;
    if (!failure.string_to_sign.empty()) {
      extra = {
          {s3 ? "AWSAccessKeyId" : "OSSAccessKeyId", failure.access_key_id},
          {"SignatureProvided", failure.signature_provided},
          {"StringToSign", failure.string_to_sign}};
      if (!failure.canonical_request.empty()) {
        extra.emplace_back("CanonicalRequest", failure.canonical_request);
      }
    }
    exchange.SendError(authenticated, extra);
    return;
  }
  if (!s3) return HandleOperation(request, exchange);
  ServerRequest translated = request;
  Status translation =
      TranslateS3Request(translated, options_.not_implemented_status);
  if (!translation.ok()) return exchange.SendError(translation);
  HandleOperation(translated, exchange);
}

void RequestRouter::HandleOperation(const ServerRequest& request,
                                    HttpExchange& exchange) {
  faults_.CountRequest(request.method);
  const RoutedRequest routed = RouteRequest(request);
  if (routed.operation == Operation::kNotImplemented) {
    return exchange.SendError(NotImplementedError(routed));
  }
  if (routed.operation == Operation::kMethodNotAllowed) {
    return exchange.SendError(MethodNotAllowed());
  }
  if (routed.operation == Operation::kListBuckets) {
    return ListBuckets(request, exchange);
  }
  if (request.bucket != options_.synthetic_bucket ||
      options_.synthetic_bucket.empty()) {
    // S3 bucket names may have dots (s3-protocol.md §1.1); OSS's may not.
    Status bucket_name = oss::ValidateBucketName(
        request.bucket, request.dialect == WireDialect::kS3);
    if (!bucket_name.ok()) {
      return exchange.SendError(
          OssError(400, "InvalidBucketName", bucket_name.message()));
    }
  }
  switch (routed.operation) {
    case Operation::kCreateBucket:
      return CreateBucket(request, exchange);
    case Operation::kDeleteBucket:
      return DeleteBucket(request, exchange);
    case Operation::kListUploads:
      return ListUploads(request, exchange);
    case Operation::kListObjects:
      return ListObjects(request, exchange);
    case Operation::kDeleteMultipleObjects:
      return DeleteMultipleObjects(request, exchange);
    case Operation::kGetBucketAcl:
      return GetBucketAcl(request, exchange);
    case Operation::kPutBucketAcl:
      return PutBucketAcl(request, exchange);
    case Operation::kGetBucketInfo:
      return GetBucketInfo(request, exchange);
    case Operation::kGetBucketLocation:
      return GetBucketLocation(request, exchange);
    case Operation::kGetBucketVersioning:
      return GetBucketVersioning(request, exchange);
    case Operation::kPutBucketVersioning:
      return PutBucketVersioning(request, exchange);
    case Operation::kListObjectVersions:
      return ListObjectVersions(request, exchange);
    default:
      break;
  }
  Status key_name = oss::ValidateObjectKey(request.key);
  if (!key_name.ok()) {
    return exchange.SendError(
        OssError(400, "InvalidObjectName", key_name.message()));
  }

  FaultPlan plan =
      faults_.Plan(request.method, request.key, FaultInjector::Phase::kRequest);
  if (plan.error) {
    faults_.CountFired(FaultAction::kError);
    std::string message = plan.error->second == "SlowDown"
                              ? "Please reduce your request rate."
                              : "Injected fault.";
    return exchange.SendError(
        OssError(plan.error->first, plan.error->second, message));
  }
  switch (routed.operation) {
    case Operation::kGetObject:
      if (request.bucket == options_.synthetic_bucket) {
        return GetSyntheticObject(request, exchange);
      }
      return GetObject(request, exchange);
    case Operation::kPutObject:
      return PutObject(request, exchange);
    case Operation::kDeleteObject:
      return DeleteObject(request, exchange);
    case Operation::kRestoreObject:
      return RestoreObject(request, exchange);
    case Operation::kInitiateUpload:
      return InitiateUpload(request, exchange);
    case Operation::kUploadPart:
      return UploadPart(request, exchange, plan);
    case Operation::kCompleteUpload:
      return CompleteUpload(request, exchange);
    case Operation::kListParts:
      return ListParts(request, exchange);
    case Operation::kAbortUpload:
      return AbortUpload(request, exchange);
    case Operation::kUploadPartCopy:
      return UploadPartCopy(request, exchange);
    case Operation::kCopyObject:
      return CopyObject(request, exchange);
    case Operation::kAppendObject:
      return AppendObject(request, exchange);
    case Operation::kGetObjectAcl:
      return GetObjectAcl(request, exchange);
    case Operation::kPutObjectAcl:
      return PutObjectAcl(request, exchange);
    case Operation::kGetObjectTagging:
      return GetObjectTagging(request, exchange);
    case Operation::kPutObjectTagging:
      return PutObjectTagging(request, exchange);
    case Operation::kDeleteObjectTagging:
      return DeleteObjectTagging(request, exchange);
    case Operation::kGetSymlink:
      return GetSymlink(request, exchange);
    case Operation::kPutSymlink:
      return PutSymlink(request, exchange);
    default:
      return exchange.SendError(MethodNotAllowed());
  }
}

Status RequestRouter::NotImplementedError(const RoutedRequest& routed) const {
  // OSS's own answer to a header it does not implement (§11.5); for a
  // sub-resource no OSS answer is known, and serve's default, 501, is what
  // HTTP means (SDKs that retry every 5xx then retry it; --not-implemented
  // -status 400 avoids that).
  const int status = routed.header ? 400 : options_.not_implemented_status;
  const std::string message =
      routed.header ? "A header you provided implies functionality that is not "
                      "implemented by ossxfer serve: " +
                          routed.what
                    : "ossxfer serve does not implement " + routed.what +
                          "; nothing was changed";
  return OssError(status, "NotImplemented", message);
}

}  // namespace ossxfer::server
