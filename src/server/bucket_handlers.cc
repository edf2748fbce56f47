#include <fmt/format.h>
#include <strings.h>

#include "server/body_digests.h"
#include "server/request_router.h"
#include "server/store_errors.h"
#include "server/synthetic_listing.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace ossxfer::server {
namespace {

// max-keys (default 100), max-uploads (default 1000): 1..1000.
Result<int> PageSize(const ServerRequest& request, const char* name,
                     int absent) {
  std::optional<std::string> text = request.Query(name);
  if (!text) return absent;
  std::optional<uint64_t> value = util::ParseUint64(*text);
  if (!value || *value < 1 || *value > 1000) {
    return InvalidArgumentError(fmt::format("{} must be from 1 to 1000", name));
  }
  return static_cast<int>(*value);
}

}  // namespace

bool IsUrlEncoding(const ServerRequest& request) {
  // Compared without case: an SDK test sends encoding-type=URL.
  std::optional<std::string> value = request.Query("encoding-type");
  return value && strcasecmp(value->c_str(), "url") == 0;
}

void RequestRouter::ListBuckets(const ServerRequest& request,
                                HttpExchange& exchange) {
  ListBucketsEcho echo;
  echo.region = options_.region;
  echo.prefix = request.Query("prefix").value_or("");
  echo.marker = request.Query("marker").value_or("");
  echo.paged = request.HasQuery("prefix") || request.HasQuery("marker") ||
               request.HasQuery("max-keys");
  Result<int> max_keys = PageSize(request, "max-keys", 100);
  if (!max_keys.ok()) return exchange.SendError(max_keys.status());
  echo.max_keys = *max_keys;
  Result<std::vector<BucketInfo>> buckets = store_.ListBuckets();
  if (!buckets.ok()) return exchange.SendError(buckets.status());
  // A service has few buckets: filtering the whole list is cheap.
  std::vector<BucketInfo> page;
  bool truncated = false;
  for (BucketInfo& bucket : *buckets) {
    if (!bucket.name.starts_with(echo.prefix) || bucket.name <= echo.marker) {
      continue;
    }
    if (page.size() == static_cast<size_t>(echo.max_keys)) {
      truncated = true;
      break;
    }
    page.push_back(std::move(bucket));
  }
  exchange.SendXml(200, ListBucketsXml(echo, page, truncated));
}

void RequestRouter::CreateBucket(const ServerRequest& request,
                                 HttpExchange& exchange) {
  exchange.DiscardBody();  // an optional CreateBucketConfiguration
  std::optional<std::string> acl = request.Header("x-oss-acl");
  if (acl) {
    Result<std::string> checked = CheckedAcl(acl, "x-oss-acl", false);
    if (!checked.ok()) return exchange.SendError(checked.status());
  }
  Status created = store_.CreateBucket(request.bucket);
  if (!created.ok()) return exchange.SendError(created);
  if (acl) {
    Status set = store_.SetBucketAcl(request.bucket, *acl);
    if (!set.ok()) return exchange.SendError(set);
  }
  exchange.SendEmpty(200, {{"Location", "/" + request.bucket}});
}

void RequestRouter::DeleteBucket(const ServerRequest& request,
                                 HttpExchange& exchange) {
  Status deleted = store_.DeleteBucket(request.bucket);
  if (!deleted.ok()) return exchange.SendError(deleted);
  exchange.SendEmpty(204);
}

void RequestRouter::ListObjects(const ServerRequest& request,
                                HttpExchange& exchange) {
  ListObjectsEcho echo;
  std::optional<std::string> list_type = request.Query("list-type");
  if (list_type && *list_type != "2") {
    return exchange.SendError(InvalidArgumentError(
        "list-type must be 2 (ListObjectsV2), or absent (ListObjects)"));
  }
  echo.v2 = list_type.has_value();
  Result<int> max_keys = PageSize(request, "max-keys", 100);
  if (!max_keys.ok()) return exchange.SendError(max_keys.status());
  echo.bucket = request.bucket;
  echo.prefix = request.Query("prefix").value_or("");
  echo.delimiter = request.Query("delimiter").value_or("");
  echo.marker = request.Query(echo.v2 ? "start-after" : "marker").value_or("");
  echo.max_keys = *max_keys;
  echo.url_encode = IsUrlEncoding(request);
  echo.fetch_owner = request.Query("fetch-owner") == "true";
  std::string marker = echo.marker;
  if (echo.v2) {
    echo.continuation_token = request.Query("continuation-token").value_or("");
  }
  if (!echo.continuation_token.empty()) {
    std::optional<std::string> decoded =
        util::Base64Decode(echo.continuation_token);
    if (!decoded) {
      return exchange.SendError(
          InvalidArgumentError("The continuation token is not valid."));
    }
    // S3 ignores start-after next to a token; OSS is UNVERIFIED: the same.
    marker = *decoded;
  }
  if (request.bucket == options_.synthetic_bucket &&
      !options_.synthetic_bucket.empty()) {
    if (std::optional<ObjectListPage> tree =
            ListSyntheticTree(echo.prefix, marker, echo.max_keys)) {
      return exchange.SendXml(200, ListObjectsXml(echo, *tree));
    }
  }
  Result<ObjectListPage> page = store_.ListObjects(
      request.bucket, echo.prefix, echo.delimiter, marker, echo.max_keys);
  if (!page.ok()) return exchange.SendError(page.status());
  exchange.SendXml(200, ListObjectsXml(echo, *page));
}

void RequestRouter::DeleteMultipleObjects(const ServerRequest& request,
                                          HttpExchange& exchange) {
  // OSS requires the digest of the body here (EC 0016-00000606): a list of
  // keys to delete that arrived damaged must not delete other keys.
  // An S3 client may cover the body with a checksum or the signed payload
  // hash instead (botocore sends x-amz-checksum-crc32 and no Content-MD5).
  Result<ClaimedDigests> claimed = ClaimedDigestsOf(request);
  if (!claimed.ok()) return exchange.SendError(claimed.status());
  if (!claimed->md5 && !claimed->sha256 && claimed->checksum.empty()) {
    ServiceError error{400,
                       "InvalidDigest",
                       request.dialect == WireDialect::kS3
                           ? "DeleteObjects needs a Content-MD5, an "
                             "x-amz-checksum-* or a hex x-amz-content-sha256 "
                             "header."
                           : "DeleteMultipleObjects needs a Content-MD5 "
                             "header.",
                       "",
                       "",
                       ""};
    error.ec = "0016-00000606";
    return exchange.SendError(Status::FromServiceError(std::move(error)));
  }
  // 1000 keys of 1023 bytes, escaped, fit with room to spare.
  Result<std::string> body = ReadDigestedBody(request, exchange, 8 << 20);
  if (!body.ok()) return exchange.SendError(body.status());
  Result<DeleteRequestBody> parsed = ParseDeleteRequestBody(*body);
  if (!parsed.ok()) return exchange.SendError(parsed.status());
  for (const std::string& key : parsed->keys) {
    // A missing bucket fails at the first key, before anything is deleted.
    Status deleted = store_.DeleteObject(request.bucket, key);
    if (!deleted.ok()) return exchange.SendError(deleted);
  }
  exchange.SendXml(200, DeleteResultXml(*parsed, IsUrlEncoding(request)));
}

void RequestRouter::ListUploads(const ServerRequest& request,
                                HttpExchange& exchange) {
  Result<int> max_uploads = PageSize(request, "max-uploads", 1000);
  if (!max_uploads.ok()) return exchange.SendError(max_uploads.status());
  ListUploadsEcho echo;
  echo.bucket = request.bucket;
  echo.prefix = request.Query("prefix").value_or("");
  echo.delimiter = request.Query("delimiter").value_or("");
  echo.key_marker = request.Query("key-marker").value_or("");
  echo.upload_id_marker = request.Query("upload-id-marker").value_or("");
  echo.max_uploads = *max_uploads;
  echo.url_encode = IsUrlEncoding(request);
  Result<UploadListPage> page = store_.ListUploads(
      request.bucket, echo.prefix, echo.delimiter, echo.key_marker,
      echo.upload_id_marker, echo.max_uploads);
  if (!page.ok()) return exchange.SendError(page.status());
  exchange.SendXml(200, ListMultipartUploadsXml(echo, *page));
}

void RequestRouter::GetBucketInfo(const ServerRequest& request,
                                  HttpExchange& exchange) {
  Result<BucketInfo> bucket = store_.GetBucket(request.bucket);
  if (!bucket.ok()) return exchange.SendError(bucket.status());
  exchange.SendXml(200, BucketInfoXml(*bucket, options_.region));
}

void RequestRouter::GetBucketLocation(const ServerRequest& request,
                                      HttpExchange& exchange) {
  Status exists = store_.CheckBucket(request.bucket);
  if (!exists.ok()) return exchange.SendError(exists);
  exchange.SendXml(200, LocationConstraintXml(options_.region));
}

void RequestRouter::GetBucketVersioning(const ServerRequest& request,
                                        HttpExchange& exchange) {
  Result<BucketInfo> bucket = store_.GetBucket(request.bucket);
  if (!bucket.ok()) return exchange.SendError(bucket.status());
  exchange.SendXml(200, VersioningConfigurationXml(bucket->versioning));
}

void RequestRouter::PutBucketVersioning(const ServerRequest& request,
                                        HttpExchange& exchange) {
  Result<std::string> body = ReadDigestedBody(request, exchange, 64 << 10);
  if (!body.ok()) return exchange.SendError(body.status());
  Result<std::string> status = ParseVersioningConfiguration(*body);
  if (!status.ok()) return exchange.SendError(status.status());
  Status set = store_.SetBucketVersioning(request.bucket, *status);
  if (!set.ok()) return exchange.SendError(set);
  exchange.SendEmpty(200);
}

void RequestRouter::ListObjectVersions(const ServerRequest& request,
                                       HttpExchange& exchange) {
  ListVersionsEcho echo;
  echo.bucket = request.bucket;
  echo.prefix = request.Query("prefix").value_or("");
  echo.delimiter = request.Query("delimiter").value_or("");
  echo.key_marker = request.Query("key-marker").value_or("");
  echo.version_id_marker = request.Query("version-id-marker").value_or("");
  echo.url_encode = IsUrlEncoding(request);
  if (!echo.version_id_marker.empty() && echo.key_marker.empty()) {
    return exchange.SendError(InvalidArgumentError(
        "version-id-marker needs a key-marker: it continues within that key"));
  }
  Result<int> max_keys = PageSize(request, "max-keys", 100);
  if (!max_keys.ok()) return exchange.SendError(max_keys.status());
  echo.max_keys = *max_keys;
  Result<VersionListPage> page = store_.ListObjectVersions(
      request.bucket, echo.prefix, echo.delimiter, echo.key_marker,
      echo.version_id_marker, echo.max_keys);
  if (!page.ok()) return exchange.SendError(page.status());
  exchange.SendXml(200, ListVersionsXml(echo, *page));
}

}  // namespace ossxfer::server
