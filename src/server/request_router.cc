#include "server/request_router.h"

#include <strings.h>

#include "oss/names.h"

namespace ossxfer::server {
namespace {

Status MethodNotAllowed() {
  return Status::FromServiceError(
      ServiceError{405, "MethodNotAllowed",
                   "The specified method is not allowed against this resource.",
                   "", "", ""});
}

}  // namespace

ObjectAttributes AttributesFromHeaders(const ServerRequest& request) {
  ObjectAttributes attributes;
  attributes.content_type =
      request.Header("Content-Type").value_or("application/octet-stream");
  attributes.cache_control = request.Header("Cache-Control").value_or("");
  attributes.content_disposition =
      request.Header("Content-Disposition").value_or("");
  attributes.content_encoding = request.Header("Content-Encoding").value_or("");
  attributes.expires = request.Header("Expires").value_or("");
  attributes.acl = request.Header("x-oss-object-acl").value_or("");
  attributes.storage_class =
      request.Header("x-oss-storage-class").value_or("Standard");
  for (const auto& [name, value] : request.headers) {
    if (name.size() > 11 && strncasecmp(name.c_str(), "x-oss-meta-", 11) == 0) {
      std::string lower = name.substr(11);
      for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      attributes.user_metadata[lower] = value;
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
  AuthenticationFailure failure;
  Status authenticated = authenticator_.Authenticate(
      request, std::chrono::system_clock::now(), &failure);
  if (!authenticated.ok()) {
    XmlFields extra;
    if (!failure.string_to_sign.empty()) {
      extra = {{"OSSAccessKeyId", failure.access_key_id},
               {"SignatureProvided", failure.signature_provided},
               {"StringToSign", failure.string_to_sign}};
      if (!failure.canonical_request.empty()) {
        extra.emplace_back("CanonicalRequest", failure.canonical_request);
      }
    }
    exchange.SendError(authenticated, extra);
    return;
  }

  const std::string& method = request.method;
  if (request.bucket.empty()) {
    if (method == "GET") return ListBuckets(request, exchange);
    return exchange.SendError(MethodNotAllowed());
  }
  if (request.bucket != options_.synthetic_bucket ||
      options_.synthetic_bucket.empty()) {
    Status bucket_name = oss::ValidateBucketName(request.bucket);
    if (!bucket_name.ok()) {
      return exchange.SendError(Status::FromServiceError(ServiceError{
          400, "InvalidBucketName", bucket_name.message(), "", "", ""}));
    }
  }
  if (request.key.empty()) {
    if (method == "PUT") return CreateBucket(request, exchange);
    if (method == "DELETE") return DeleteBucket(request, exchange);
    if (method == "GET" && request.HasQuery("uploads"))
      return ListUploads(request, exchange);
    if (method == "GET") return ListObjects(request, exchange);
    return exchange.SendError(MethodNotAllowed());
  }
  Status key_name = oss::ValidateObjectKey(request.key);
  if (!key_name.ok()) {
    return exchange.SendError(Status::FromServiceError(ServiceError{
        400, "InvalidObjectName", key_name.message(), "", "", ""}));
  }

  FaultPlan plan =
      faults_.Plan(method, request.key, FaultInjector::Phase::kRequest);
  if (plan.error) {
    faults_.CountFired(FaultAction::kError);
    std::string message = plan.error->second == "SlowDown"
                              ? "Please reduce your request rate."
                              : "Injected fault.";
    return exchange.SendError(Status::FromServiceError(ServiceError{
        plan.error->first, plan.error->second, message, "", "", ""}));
  }
  bool has_upload_id = request.HasQuery("uploadId");
  if (method == "GET" || method == "HEAD") {
    if (method == "GET" && has_upload_id) return ListParts(request, exchange);
    if (request.bucket == options_.synthetic_bucket) {
      return GetSyntheticObject(request, exchange);
    }
    return GetObject(request, exchange);
  }
  if (method == "PUT") {
    if (has_upload_id || request.HasQuery("partNumber")) {
      return UploadPart(request, exchange, plan);
    }
    return PutObject(request, exchange);
  }
  if (method == "POST") {
    if (request.HasQuery("uploads")) return InitiateUpload(request, exchange);
    if (has_upload_id) return CompleteUpload(request, exchange);
    if (request.HasQuery("restore")) return RestoreObject(request, exchange);
    return exchange.SendError(MethodNotAllowed());
  }
  if (method == "DELETE") {
    if (has_upload_id) return AbortUpload(request, exchange);
    return DeleteObject(request, exchange);
  }
  exchange.SendError(MethodNotAllowed());
}

}  // namespace ossxfer::server
