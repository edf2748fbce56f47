// The public Client: validates input, maps each operation onto an HTTP
// request (oss-protocol.md §5-§7), and decodes the answer.
#include "ossxfer/client.h"

#include <fmt/format.h>

#include "oss/checksum_body.h"
#include "oss/content_headers.h"
#include "oss/names.h"
#include "oss/request_executor.h"
#include "oss/response_headers.h"
#include "oss/xml_responses.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer {
namespace {

using oss::OssRequest;

OssRequest MakeCall(std::string operation, std::string method,
                    std::string bucket, std::string key) {
  OssRequest call;
  call.operation = std::move(operation);
  call.method = std::move(method);
  call.bucket = std::move(bucket);
  call.key = std::move(key);
  return call;
}

Status ValidateObject(const std::string& bucket, const std::string& key) {
  RETURN_IF_ERROR(oss::ValidateBucketName(bucket));
  return oss::ValidateObjectKey(key);
}

Status ValidateUploadId(const std::string& upload_id) {
  if (upload_id.empty()) {
    return Status::InvalidArgument("the multipart upload id is empty");
  }
  return Status();
}

Status ValidatePageSize(std::string_view name, int value) {
  if (value < 1 || value > 1000) {
    return Status::InvalidArgument(
        fmt::format("{} must be from 1 to 1000, got {}", name, value));
  }
  return Status();
}

void AddAttributeHeaders(const ObjectAttributes& attributes,
                         auth::NameValueList& headers) {
  oss::AppendContentHeaders(attributes, headers);
  if (!attributes.acl.empty()) {
    headers.emplace_back("x-oss-object-acl", attributes.acl);
  }
  if (!attributes.storage_class.empty()) {
    headers.emplace_back("x-oss-storage-class", attributes.storage_class);
  }
  if (attributes.forbid_overwrite) {
    headers.emplace_back("x-oss-forbid-overwrite", "true");
  }
}

void AddCallbackHeaders(const std::string& callback,
                        const std::string& callback_var,
                        auth::NameValueList& headers) {
  if (!callback.empty()) headers.emplace_back("x-oss-callback", callback);
  if (!callback_var.empty()) {
    headers.emplace_back("x-oss-callback-var", callback_var);
  }
}

void AddTrafficLimit(uint64_t bits_per_second, auth::NameValueList& headers) {
  if (bits_per_second > 0) {
    headers.emplace_back("x-oss-traffic-limit",
                         std::to_string(bits_per_second));
  }
}

// The server's CRC64 of what it stored against the CRC of what we sent.
Status CheckUploadCrc(const std::optional<uint64_t>& server_crc,
                      uint64_t local_crc, std::string_view what) {
  if (server_crc && *server_crc != local_crc) {
    return Status::DataCorruption(fmt::format(
        "{}: the server's CRC64 {} differs from the CRC64 {} of the bytes "
        "sent; the data was corrupted in transit",
        what, *server_crc, local_crc));
  }
  return Status();
}

std::string ObjectUri(const std::string& bucket, const std::string& key) {
  return fmt::format("oss://{}/{}", bucket, key);
}

// A ranged GET's body may reach the caller only when it is the range asked
// for: 206 with a Content-Range that starts where asked and ends where asked
// (or at the object's end, for a range reaching past it). A server that
// answers other bytes must not have them written at the requested offset.
Status CheckRangeAnswer(const ByteRange& asked,
                        const http::HttpResponse& response,
                        const std::string& uri) {
  const std::string wanted =
      asked.last ? fmt::format("bytes {}-{}", asked.first, *asked.last)
                 : fmt::format("bytes {}-", asked.first);
  if (response.status != 206) {
    return Status::MalformedResponse(
        fmt::format("GetObject {}: answered HTTP {} instead of 206 to a "
                    "request for {}; nothing of it was written",
                    uri, response.status, wanted));
  }
  std::optional<std::string> header = response.Header("Content-Range");
  std::optional<oss::ContentRange> range =
      header ? oss::ParseContentRange(*header) : std::nullopt;
  bool matches = false;
  if (range && range->total > 0) {
    const uint64_t end =
        asked.last ? std::min(*asked.last, range->total - 1) : range->total - 1;
    matches = range->first == asked.first && range->last == end;
  }
  if (!matches) {
    return Status::MalformedResponse(fmt::format(
        "GetObject {}: answered {} to a request for {}; nothing of it was "
        "written",
        uri,
        header ? "Content-Range \"" + *header + "\""
               : std::string("206 without a Content-Range"),
        wanted));
  }
  return Status();
}

}  // namespace

class Client::Impl {
 public:
  explicit Impl(std::unique_ptr<oss::RequestExecutor> request_executor)
      : executor(std::move(request_executor)) {}
  std::unique_ptr<oss::RequestExecutor> executor;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::Create(ClientOptions options) {
  ASSIGN_OR_RETURN(auto executor,
                   oss::RequestExecutor::Create(std::move(options)));
  return Client(std::make_unique<Impl>(std::move(executor)));
}

std::string Client::endpoint() const {
  const oss::Endpoint& endpoint = impl_->executor->endpoint();
  std::string text = endpoint.scheme() + "://" + endpoint.host();
  if (endpoint.port()) text += ":" + std::to_string(*endpoint.port());
  return text;
}

std::string Client::region() const { return impl_->executor->region(); }

Result<ObjectMetadata> Client::HeadObject(
    const HeadObjectRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call = MakeCall("HeadObject", "HEAD", request.bucket, request.key);
  if (!request.version_id.empty())
    call.query.emplace_back("versionId", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseObjectMetadata(response);
}

Result<ObjectMetadata> Client::GetObjectMeta(
    const HeadObjectRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call =
      MakeCall("GetObjectMeta", "HEAD", request.bucket, request.key);
  call.query.emplace_back("objectMeta", "");
  if (!request.version_id.empty())
    call.query.emplace_back("versionId", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseObjectMetadata(response);
}

Result<GetObjectResult> Client::GetObject(const GetObjectRequest& request,
                                          BodySink& sink) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call = MakeCall("GetObject", "GET", request.bucket, request.key);
  if (!request.version_id.empty())
    call.query.emplace_back("versionId", request.version_id);
  if (request.range) {
    const ByteRange& range = *request.range;
    if (range.last && *range.last < range.first) {
      return Status::InvalidArgument(fmt::format(
          "invalid byte range {}-{}: the last byte is before the first",
          range.first, *range.last));
    }
    call.headers.emplace_back(
        "Range", range.last
                     ? fmt::format("bytes={}-{}", range.first, *range.last)
                     : fmt::format("bytes={}-", range.first));
    call.headers.emplace_back("x-oss-range-behavior", "standard");
  }
  if (!request.if_match.empty())
    call.headers.emplace_back("If-Match", request.if_match);
  if (!request.if_none_match.empty()) {
    call.headers.emplace_back("If-None-Match", request.if_none_match);
  }
  if (request.if_modified_since) {
    call.headers.emplace_back("If-Modified-Since",
                              util::FormatHttpDate(*request.if_modified_since));
  }
  if (request.if_unmodified_since) {
    call.headers.emplace_back(
        "If-Unmodified-Since",
        util::FormatHttpDate(*request.if_unmodified_since));
  }
  AddTrafficLimit(request.traffic_limit_bits_per_second, call.headers);
  call.cancelled = request.cancelled;
  call.sink = &sink;
  if (request.range) {
    call.accept_body = [range = *request.range,
                        uri = ObjectUri(request.bucket, request.key)](
                           const http::HttpResponse& response) {
      return CheckRangeAnswer(range, response, uri);
    };
  }
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  GetObjectResult result;
  result.http_status = response.status;
  ASSIGN_OR_RETURN(result.metadata, oss::ParseObjectMetadata(response));
  if (auto header = response.Header("Content-Range")) {
    std::optional<oss::ContentRange> range = oss::ParseContentRange(*header);
    if (range) result.content_range = ByteRange{range->first, range->last};
  }
  result.bytes_received = response.streamed_bytes;
  return result;
}

Result<PutObjectResult> Client::PutObject(const PutObjectRequest& request,
                                          BodySource& body) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call = MakeCall("PutObject", "PUT", request.bucket, request.key);
  AddAttributeHeaders(request.attributes, call.headers);
  AddCallbackHeaders(request.callback, request.callback_var, call.headers);
  AddTrafficLimit(request.traffic_limit_bits_per_second, call.headers);
  call.cancelled = request.cancelled;
  oss::Crc64Source checked(&body);
  call.body = &checked;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  PutObjectResult result;
  result.etag = response.Header("ETag").value_or("");
  ASSIGN_OR_RETURN(result.crc64, oss::ParseCrc64Header(response));
  result.version_id = response.Header("x-oss-version-id").value_or("");
  if (!request.callback.empty()) result.callback_response = response.body;
  if (request.verify_crc64) {
    RETURN_IF_ERROR(
        CheckUploadCrc(result.crc64, checked.crc(),
                       "PutObject " + ObjectUri(request.bucket, request.key)));
  }
  return result;
}

Status Client::DeleteObject(const DeleteObjectRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call =
      MakeCall("DeleteObject", "DELETE", request.bucket, request.key);
  if (!request.version_id.empty())
    call.query.emplace_back("versionId", request.version_id);
  return impl_->executor->Execute(call).status();
}

Result<DeleteObjectsResult> Client::DeleteObjects(
    const DeleteObjectsRequest& request) const {
  RETURN_IF_ERROR(oss::ValidateBucketName(request.bucket));
  if (request.keys.empty() || request.keys.size() > kMaxDeleteObjectsKeys) {
    return Status::InvalidArgument(
        fmt::format("DeleteObjects takes 1 to {} keys, got {}",
                    kMaxDeleteObjectsKeys, request.keys.size()));
  }
  for (const std::string& key : request.keys) {
    RETURN_IF_ERROR(oss::ValidateObjectKey(key));
  }
  OssRequest call =
      MakeCall("DeleteMultipleObjects", "POST", request.bucket, "");
  call.query = {{"delete", ""}, {"encoding-type", "url"}};
  const std::string xml = oss::BuildDeleteXml(request);
  call.headers.emplace_back("Content-Type", "application/xml");
  call.headers.emplace_back("Content-MD5", util::Base64Encode(util::Md5(xml)));
  StringSource body(xml);
  call.body = &body;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseDeleteResult(response.body);
}

Result<ListObjectsV2Result> Client::ListObjectsV2(
    const ListObjectsV2Request& request) const {
  RETURN_IF_ERROR(oss::ValidateBucketName(request.bucket));
  RETURN_IF_ERROR(ValidatePageSize("max_keys", request.max_keys));
  OssRequest call = MakeCall("ListObjectsV2", "GET", request.bucket, "");
  call.query = {{"list-type", "2"},
                {"encoding-type", "url"},
                {"max-keys", std::to_string(request.max_keys)}};
  auto add = [&call](const char* name, const std::string& value) {
    if (!value.empty()) call.query.emplace_back(name, value);
  };
  add("prefix", request.prefix);
  add("delimiter", request.delimiter);
  add("continuation-token", request.continuation_token);
  add("start-after", request.start_after);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListObjectsV2Result(response.body);
}

Result<InitiateMultipartUploadResult> Client::InitiateMultipartUpload(
    const InitiateMultipartUploadRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  OssRequest call =
      MakeCall("InitiateMultipartUpload", "POST", request.bucket, request.key);
  call.query = {{"uploads", ""}, {"encoding-type", "url"}};
  AddAttributeHeaders(request.attributes, call.headers);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseInitiateMultipartUploadResult(response.body);
}

Result<UploadPartResult> Client::UploadPart(const UploadPartRequest& request,
                                            BodySource& body) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  if (request.part_number < 1 || request.part_number > 10000) {
    return Status::InvalidArgument(fmt::format(
        "part number must be from 1 to 10000, got {}", request.part_number));
  }
  OssRequest call = MakeCall("UploadPart", "PUT", request.bucket, request.key);
  call.query = {{"partNumber", std::to_string(request.part_number)},
                {"uploadId", request.upload_id}};
  AddTrafficLimit(request.traffic_limit_bits_per_second, call.headers);
  call.cancelled = request.cancelled;
  oss::Crc64Source checked(&body);
  call.body = &checked;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  UploadPartResult result;
  result.etag = response.Header("ETag").value_or("");
  ASSIGN_OR_RETURN(result.crc64, oss::ParseCrc64Header(response));
  if (request.verify_crc64) {
    RETURN_IF_ERROR(
        CheckUploadCrc(result.crc64, checked.crc(),
                       fmt::format("UploadPart {} of {}", request.part_number,
                                   ObjectUri(request.bucket, request.key))));
  }
  return result;
}

Result<CompleteMultipartUploadResult> Client::CompleteMultipartUpload(
    const CompleteMultipartUploadRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  if (request.complete_all != request.parts.empty()) {
    return Status::InvalidArgument(
        request.complete_all
            ? "complete_all takes no part list: the server uses every part "
              "it has"
            : "CompleteMultipartUpload needs the list of parts (or "
              "complete_all)");
  }
  for (size_t i = 1; i < request.parts.size(); ++i) {
    if (request.parts[i].part_number <= request.parts[i - 1].part_number) {
      return Status::InvalidArgument(
          "CompleteMultipartUpload parts must be in ascending part-number "
          "order");
    }
  }
  OssRequest call =
      MakeCall("CompleteMultipartUpload", "POST", request.bucket, request.key);
  call.query = {{"uploadId", request.upload_id}, {"encoding-type", "url"}};
  std::string xml;
  if (request.complete_all) {
    call.headers.emplace_back("x-oss-complete-all", "yes");
  } else {
    xml = oss::BuildCompleteMultipartUploadXml(request.parts);
    call.headers.emplace_back("Content-Type", "application/xml");
  }
  if (!request.acl.empty())
    call.headers.emplace_back("x-oss-object-acl", request.acl);
  if (request.forbid_overwrite) {
    call.headers.emplace_back("x-oss-forbid-overwrite", "true");
  }
  AddCallbackHeaders(request.callback, request.callback_var, call.headers);
  StringSource body(xml);
  call.body = &body;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  CompleteMultipartUploadResult result;
  if (request.callback.empty()) {
    ASSIGN_OR_RETURN(result,
                     oss::ParseCompleteMultipartUploadResult(response.body));
  } else {
    // With a callback, the body is the callback server's answer, not XML.
    result.bucket = request.bucket;
    result.key = request.key;
    result.etag = response.Header("ETag").value_or("");
    result.callback_response = response.body;
  }
  ASSIGN_OR_RETURN(result.crc64, oss::ParseCrc64Header(response));
  result.version_id = response.Header("x-oss-version-id").value_or("");
  return result;
}

Result<ListPartsResult> Client::ListParts(
    const ListPartsRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  RETURN_IF_ERROR(ValidatePageSize("max_parts", request.max_parts));
  OssRequest call = MakeCall("ListParts", "GET", request.bucket, request.key);
  call.query = {{"uploadId", request.upload_id},
                {"encoding-type", "url"},
                {"max-parts", std::to_string(request.max_parts)}};
  if (request.part_number_marker > 0) {
    call.query.emplace_back("part-number-marker",
                            std::to_string(request.part_number_marker));
  }
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListPartsResult(response.body);
}

Status Client::AbortMultipartUpload(
    const AbortMultipartUploadRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  OssRequest call =
      MakeCall("AbortMultipartUpload", "DELETE", request.bucket, request.key);
  call.query = {{"uploadId", request.upload_id}};
  return impl_->executor->Execute(call).status();
}

Result<ListMultipartUploadsResult> Client::ListMultipartUploads(
    const ListMultipartUploadsRequest& request) const {
  RETURN_IF_ERROR(oss::ValidateBucketName(request.bucket));
  RETURN_IF_ERROR(ValidatePageSize("max_uploads", request.max_uploads));
  OssRequest call = MakeCall("ListMultipartUploads", "GET", request.bucket, "");
  call.query = {{"uploads", ""},
                {"encoding-type", "url"},
                {"max-uploads", std::to_string(request.max_uploads)}};
  auto add = [&call](const char* name, const std::string& value) {
    if (!value.empty()) call.query.emplace_back(name, value);
  };
  add("prefix", request.prefix);
  add("delimiter", request.delimiter);
  add("key-marker", request.key_marker);
  add("upload-id-marker", request.upload_id_marker);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListMultipartUploadsResult(response.body);
}

Status Client::CreateBucket(const std::string& bucket) const {
  RETURN_IF_ERROR(oss::ValidateBucketName(bucket));
  OssRequest call = MakeCall("CreateBucket", "PUT", bucket, "");
  return impl_->executor->Execute(call).status();
}

Status Client::DeleteBucket(const std::string& bucket) const {
  RETURN_IF_ERROR(oss::ValidateBucketName(bucket));
  OssRequest call = MakeCall("DeleteBucket", "DELETE", bucket, "");
  return impl_->executor->Execute(call).status();
}

Result<std::vector<BucketSummary>> Client::ListBuckets() const {
  OssRequest call = MakeCall("ListBuckets", "GET", "", "");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListAllMyBucketsResult(response.body);
}

Result<std::string> Client::PresignUrl(const PresignRequest& request) const {
  RETURN_IF_ERROR(ValidateObject(request.bucket, request.key));
  auth::SignableRequest signable{
      request.method, request.bucket, request.key, {}, request.headers};
  if (!request.version_id.empty())
    signable.query.emplace_back("versionId", request.version_id);
  return impl_->executor->Presign(std::move(signable), request.expires);
}

}  // namespace ossxfer
