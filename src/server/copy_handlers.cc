// CopyObject (oss-protocol-2.md §3) and the copy source both it and
// UploadPartCopy (§4, in multipart_handlers.cc) read. A copy within serve
// references the source's bytes instead of writing them again.
#include <strings.h>

#include "server/copy_source.h"
#include "server/object_conditions.h"
#include "server/object_tags.h"
#include "server/request_router.h"
#include "server/store_errors.h"
#include "util/status_macros.h"

namespace ossxfer::server {
namespace {

bool EqualsIgnoringCase(const std::optional<std::string>& value,
                        const char* expected) {
  return value && strcasecmp(value->c_str(), expected) == 0;
}

}  // namespace

Result<StoredObject> RequestRouter::LookUpCopySource(
    const ServerRequest& request) {
  ASSIGN_OR_RETURN(CopySource source,
                   ParseCopySource(*request.Header("x-oss-copy-source")));
  ASSIGN_OR_RETURN(
      StoredObject object,
      store_.GetObject(source.bucket, source.key, source.version_id));
  if (object.delete_marker) {
    // CopyObject answers 404, UploadPartCopy 400 (§3.2, §4.2).
    const bool part = request.HasQuery("uploadId");
    return OssError(
        part ? 400 : 404, part ? "InvalidArgument" : "NoSuchKey",
        "The copy source version is a delete marker: it has no bytes.");
  }
  if (object.object_type == "Appendable") {
    // "The CopyObject operation cannot be performed on appendable objects"
    // (oss-protocol-2.md §3.2; the code is UNVERIFIED there).
    return OssError(
        400, "OperationNotSupported",
        "An appendable object cannot be copied; read it and write a new "
        "object instead.");
  }
  RETURN_IF_ERROR(CheckConditions(request, "x-oss-copy-source-", object.etag,
                                  object.last_modified_ms));
  return object;
}

void RequestRouter::CopyObject(const ServerRequest& request,
                               HttpExchange& exchange) {
  exchange.DiscardBody();
  const std::optional<std::string> directive =
      request.Header("x-oss-metadata-directive");
  if (directive && !EqualsIgnoringCase(directive, "COPY") &&
      !EqualsIgnoringCase(directive, "REPLACE")) {
    return exchange.SendError(InvalidArgumentError(
        "x-oss-metadata-directive must be COPY or REPLACE, not '" + *directive +
        "'"));
  }
  const std::optional<std::string> tagging_directive =
      request.Header("x-oss-tagging-directive");
  if (tagging_directive && !EqualsIgnoringCase(tagging_directive, "Copy") &&
      !EqualsIgnoringCase(tagging_directive, "Replace")) {
    return exchange.SendError(InvalidArgumentError(
        "x-oss-tagging-directive must be Copy or Replace, not '" +
        *tagging_directive + "'"));
  }
  Result<ObjectAttributes> requested = AttributesFromHeaders(request);
  if (!requested.ok()) return exchange.SendError(requested.status());
  const bool forbid_overwrite =
      request.Header("x-oss-forbid-overwrite") == "true";
  // The source may be replaced between its lookup and the copy; the store
  // then refuses (kNotFound) and the lookup is done again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<StoredObject> source = LookUpCopySource(request);
    if (!source.ok()) return SendCopySourceError(source.status(), exchange);
    StoredObject destination;
    destination.bucket = request.bucket;
    destination.key = request.key;
    if (EqualsIgnoringCase(directive, "REPLACE")) {
      destination.attributes = *requested;
    } else {
      destination.attributes = source->attributes;
      // The ACL and storage class are the destination's own (§3.1).
      destination.attributes.acl = requested->acl;
      if (request.Header("x-oss-storage-class")) {
        destination.attributes.storage_class = requested->storage_class;
      }
    }
    destination.attributes.tagging =
        EqualsIgnoringCase(tagging_directive, "Replace")
            ? requested->tagging
            : source->attributes.tagging;
    Result<StoredObject> copied =
        store_.CopyObject(*source, std::move(destination), forbid_overwrite);
    if (!copied.ok() && IsVanished(copied.status())) continue;
    if (!copied.ok()) return exchange.SendError(copied.status());
    ResponseHeaders headers = {
        {"ETag", copied->etag},
        {"x-oss-hash-crc64ecma", std::to_string(copied->crc64)}};
    AddVersionHeader(*copied, headers);
    AddSourceVersionHeader(*source, headers);
    return exchange.SendXml(200,
                            CopyResultXml("CopyObjectResult", copied->etag,
                                          copied->last_modified_ms),
                            headers);
  }
  exchange.SendError(StillChangingError("The copy source"));
}

void AddSourceVersionHeader(const StoredObject& source,
                            ResponseHeaders& headers) {
  if (source.version_id != "null") {
    headers.emplace_back("x-oss-copy-source-version-id", source.version_id);
  }
}

void RequestRouter::SendCopySourceError(const Status& status,
                                        HttpExchange& exchange) {
  const ServiceError* error = status.service_error();
  if (error != nullptr && error->http_status == 304) {
    return exchange.SendEmpty(304);
  }
  exchange.SendError(status);
}

}  // namespace ossxfer::server
