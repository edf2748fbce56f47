// The sub-resources of an object that change no byte of it: ACL (?acl),
// tags (?tagging) and symbolic links (?symlink), oss-protocol-2.md §5-§7,
// and the bucket ACL (§5.3).
#include "server/body_digests.h"
#include "server/object_tags.h"
#include "server/request_router.h"
#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::server {

Result<std::string> CheckedAcl(const std::optional<std::string>& value,
                               const char* header, bool allow_default) {
  if (!value || value->empty()) {
    return InvalidArgumentError(std::string(header) +
                                " is required: private, public-read or "
                                "public-read-write" +
                                (allow_default ? " or default" : ""));
  }
  for (const char* known : {"private", "public-read", "public-read-write"}) {
    if (*value == known) return *value;
  }
  if (allow_default && *value == "default") return *value;
  return InvalidArgumentError("no such access control '" + *value + "' for " +
                              header +
                              ": use private, public-read or "
                              "public-read-write" +
                              (allow_default ? " or default" : ""));
}

Result<StoredObject> RequestRouter::VersionForSubResource(
    const ServerRequest& request) {
  ASSIGN_OR_RETURN(std::optional<std::string> version, VersionIdOf(request));
  ASSIGN_OR_RETURN(StoredObject object,
                   store_.GetObject(request.bucket, request.key, version));
  if (object.delete_marker) return DeleteMarkerError();
  return object;
}

Status RequestRouter::UpdateAttributesOf(
    const ServerRequest& request,
    const std::function<void(ObjectAttributes&)>& change) {
  ASSIGN_OR_RETURN(std::optional<std::string> version, VersionIdOf(request));
  return store_.UpdateAttributes(request.bucket, request.key, version, change);
}

void RequestRouter::GetObjectAcl(const ServerRequest& request,
                                 HttpExchange& exchange) {
  Result<StoredObject> object = VersionForSubResource(request);
  if (!object.ok()) return exchange.SendError(object.status());
  const std::string& acl = object->attributes.acl;
  exchange.SendXml(200, AccessControlPolicyXml(acl.empty() ? "default" : acl));
}

void RequestRouter::PutObjectAcl(const ServerRequest& request,
                                 HttpExchange& exchange) {
  exchange.DiscardBody();
  Result<std::string> acl =
      CheckedAcl(request.Header("x-oss-object-acl"), "x-oss-object-acl", true);
  if (!acl.ok()) return exchange.SendError(acl.status());
  Status changed = UpdateAttributesOf(
      request, [&](ObjectAttributes& attributes) { attributes.acl = *acl; });
  if (!changed.ok()) return exchange.SendError(changed);
  exchange.SendEmpty(200);
}

void RequestRouter::GetBucketAcl(const ServerRequest& request,
                                 HttpExchange& exchange) {
  Result<BucketInfo> bucket = store_.GetBucket(request.bucket);
  if (!bucket.ok()) return exchange.SendError(bucket.status());
  exchange.SendXml(200, AccessControlPolicyXml(bucket->acl));
}

void RequestRouter::PutBucketAcl(const ServerRequest& request,
                                 HttpExchange& exchange) {
  exchange.DiscardBody();
  Result<std::string> acl =
      CheckedAcl(request.Header("x-oss-acl"), "x-oss-acl", false);
  if (!acl.ok()) return exchange.SendError(acl.status());
  Status changed = store_.SetBucketAcl(request.bucket, *acl);
  if (!changed.ok()) return exchange.SendError(changed);
  exchange.SendEmpty(200);
}

void RequestRouter::GetObjectTagging(const ServerRequest& request,
                                     HttpExchange& exchange) {
  Result<StoredObject> object = VersionForSubResource(request);
  if (!object.ok()) return exchange.SendError(object.status());
  // Stored in canonical form: it parses.
  Result<TagSet> tags = ParseTaggingHeader(object->attributes.tagging);
  if (!tags.ok()) return exchange.SendError(tags.status());
  exchange.SendXml(200, TaggingXml(*tags));
}

void RequestRouter::PutObjectTagging(const ServerRequest& request,
                                     HttpExchange& exchange) {
  Result<std::string> body =
      ReadDigestedBody(request, exchange, kMaxTaggingXmlBytes);
  if (!body.ok()) return exchange.SendError(body.status());
  Result<TagSet> tags = ParseTaggingXml(*body);
  if (!tags.ok()) return exchange.SendError(tags.status());
  const std::string tagging = TaggingHeaderValue(*tags);
  Status changed = UpdateAttributesOf(
      request,
      [&](ObjectAttributes& attributes) { attributes.tagging = tagging; });
  if (!changed.ok()) return exchange.SendError(changed);
  exchange.SendEmpty(200);
}

void RequestRouter::DeleteObjectTagging(const ServerRequest& request,
                                        HttpExchange& exchange) {
  Status changed = UpdateAttributesOf(
      request,
      [](ObjectAttributes& attributes) { attributes.tagging.clear(); });
  if (!changed.ok()) return exchange.SendError(changed);
  exchange.SendEmpty(204);
}

void RequestRouter::PutSymlink(const ServerRequest& request,
                               HttpExchange& exchange) {
  exchange.DiscardBody();
  const std::optional<std::string> header =
      request.Header("x-oss-symlink-target");
  // SDKs disagree on encoding the target (§7.1): %XX is decoded, '+' kept.
  std::optional<std::string> target =
      header ? util::UriDecode(*header) : std::nullopt;
  if (!target || target->empty()) {
    return exchange.SendError(InvalidArgumentError(
        "x-oss-symlink-target is required: the key (in this bucket) the "
        "link points to, URL-encoded"));
  }
  Result<ObjectAttributes> attributes = AttributesFromHeaders(request);
  if (!attributes.ok()) return exchange.SendError(attributes.status());
  Result<StoredObject> link =
      store_.PutSymlink(request.bucket, request.key, *target, *attributes,
                        request.Header("x-oss-forbid-overwrite") == "true");
  if (!link.ok()) return exchange.SendError(link.status());
  exchange.SendEmpty(200,
                     {{"ETag", link->etag}, {"x-oss-hash-crc64ecma", "0"}});
}

void RequestRouter::GetSymlink(const ServerRequest& request,
                               HttpExchange& exchange) {
  Result<StoredObject> link = VersionForSubResource(request);
  if (!link.ok()) return exchange.SendError(link.status());
  if (link->object_type != "Symlink") {
    return exchange.SendError(OssError(
        400, "NotSymlink",
        "The object is not a symbolic link; GET it without ?symlink."));
  }
  ResponseHeaders headers = {
      {"ETag", link->etag},
      {"Last-Modified",
       util::FormatHttpDate(util::SystemTime(
           std::chrono::milliseconds(link->last_modified_ms)))},
      {"x-oss-symlink-target", util::UriEncode(link->symlink_target)}};
  for (const auto& [name, value] : link->attributes.user_metadata) {
    headers.emplace_back("x-oss-meta-" + name, value);
  }
  exchange.SendEmpty(200, headers);
}

}  // namespace ossxfer::server
