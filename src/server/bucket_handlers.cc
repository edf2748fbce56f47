#include <fmt/format.h>

#include "server/request_router.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace ossxfer::server {
namespace {

Status InvalidArgument(std::string message) {
  return Status::FromServiceError(
      ServiceError{400, "InvalidArgument", std::move(message), "", "", ""});
}

// max-keys, max-uploads: 1..1000, default 1000.
Result<int> PageSize(const ServerRequest& request, const char* name) {
  std::optional<std::string> text = request.Query(name);
  if (!text) return 1000;
  std::optional<uint64_t> value = util::ParseUint64(*text);
  if (!value || *value < 1 || *value > 1000) {
    return InvalidArgument(fmt::format("{} must be from 1 to 1000", name));
  }
  return static_cast<int>(*value);
}

}  // namespace

void RequestRouter::ListBuckets(const ServerRequest&, HttpExchange& exchange) {
  Result<std::vector<BucketInfo>> buckets = store_.ListBuckets();
  if (!buckets.ok()) return exchange.SendError(buckets.status());
  exchange.SendXml(200, ListBucketsXml(*buckets));
}

void RequestRouter::CreateBucket(const ServerRequest& request,
                                 HttpExchange& exchange) {
  exchange.DiscardBody();  // an optional CreateBucketConfiguration
  Status created = store_.CreateBucket(request.bucket);
  if (!created.ok()) return exchange.SendError(created);
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
  Result<int> max_keys = PageSize(request, "max-keys");
  if (!max_keys.ok()) return exchange.SendError(max_keys.status());
  ListObjectsV2Echo echo;
  echo.bucket = request.bucket;
  echo.prefix = request.Query("prefix").value_or("");
  echo.delimiter = request.Query("delimiter").value_or("");
  echo.start_after = request.Query("start-after")
                         .value_or(request.Query("marker").value_or(""));
  echo.continuation_token = request.Query("continuation-token").value_or("");
  echo.max_keys = *max_keys;
  echo.url_encode = request.Query("encoding-type") == "url";
  std::string marker = echo.start_after;
  if (!echo.continuation_token.empty()) {
    std::optional<std::string> decoded =
        util::Base64Decode(echo.continuation_token);
    if (!decoded) {
      return exchange.SendError(
          InvalidArgument("The continuation token is not valid."));
    }
    marker = std::max(marker, *decoded);
  }
  Result<ObjectListPage> page = store_.ListObjects(
      request.bucket, echo.prefix, echo.delimiter, marker, echo.max_keys);
  if (!page.ok()) return exchange.SendError(page.status());
  exchange.SendXml(200, ListObjectsV2Xml(echo, *page));
}

void RequestRouter::ListUploads(const ServerRequest& request,
                                HttpExchange& exchange) {
  Result<int> max_uploads = PageSize(request, "max-uploads");
  if (!max_uploads.ok()) return exchange.SendError(max_uploads.status());
  ListUploadsEcho echo;
  echo.bucket = request.bucket;
  echo.prefix = request.Query("prefix").value_or("");
  echo.delimiter = request.Query("delimiter").value_or("");
  echo.key_marker = request.Query("key-marker").value_or("");
  echo.upload_id_marker = request.Query("upload-id-marker").value_or("");
  echo.max_uploads = *max_uploads;
  echo.url_encode = request.Query("encoding-type") == "url";
  Result<UploadListPage> page = store_.ListUploads(
      request.bucket, echo.prefix, echo.delimiter, echo.key_marker,
      echo.upload_id_marker, echo.max_uploads);
  if (!page.ok()) return exchange.SendError(page.status());
  exchange.SendXml(200, ListMultipartUploadsXml(echo, *page));
}

}  // namespace ossxfer::server
