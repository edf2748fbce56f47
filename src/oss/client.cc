// The public Client: validates input, maps each operation onto an HTTP
// request (oss-protocol.md §5-§7), and decodes the answer.
#include "ossxfer/client.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "oss/checksum_body.h"
#include "oss/content_headers.h"
#include "oss/dialect.h"
#include "oss/multipart_etag.h"
#include "oss/names.h"
#include "oss/request_executor.h"
#include "oss/response_headers.h"
#include "oss/stored_checksum.h"
#include "oss/xml_responses.h"
#include "ossxfer/crc64.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/text.h"
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

// versionId=<id> when the request names a version (OSS reads the current
// one otherwise).
void AddVersionId(const std::string& version_id, OssRequest& call) {
  if (!version_id.empty()) call.query.emplace_back("versionId", version_id);
}

// A request on a sub-resource of an object or bucket (?acl, ?tagging,
// ?symlink, ?bucketInfo, ...), of the version asked for.
OssRequest SubresourceCall(std::string operation, std::string method,
                           std::string bucket, std::string key,
                           const char* subresource,
                           const std::string& version_id = "") {
  OssRequest call = MakeCall(std::move(operation), std::move(method),
                             std::move(bucket), std::move(key));
  call.query = {{subresource, ""}};
  AddVersionId(version_id, call);
  return call;
}

// An XML body (`body` reads `xml`) with the Content-MD5 OSS requires of
// the requests that change several things at once (DeleteMultipleObjects,
// PutObjectTagging).
void SetXmlBodyWithMd5(const std::string& xml, StringSource& body,
                       OssRequest& call) {
  call.headers.emplace_back("Content-Type", "application/xml");
  call.headers.emplace_back("Content-MD5", util::Base64Encode(util::Md5(xml)));
  call.body = &body;
}

Status ValidateBucket(const oss::Dialect& dialect, std::string_view bucket) {
  return oss::ValidateBucketName(bucket, dialect.bucket_names_may_have_dots);
}

Status ValidateObject(const oss::Dialect& dialect, const std::string& bucket,
                      const std::string& key) {
  RETURN_IF_ERROR(ValidateBucket(dialect, bucket));
  return oss::ValidateObjectKey(key);
}

// Refuses, before anything is sent, a request that needs one of OSS's
// extensions (Dialect::has_oss_extensions) of a store that lacks them.
Status RequireOssExtension(const oss::Dialect& dialect, std::string_view what) {
  if (dialect.has_oss_extensions) return Status();
  return Status::InvalidArgument(
      fmt::format("{} is an OSS extension: {} has no such thing", what,
                  dialect.store_name));
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

Status ValidatePartNumber(int part_number) {
  if (part_number < 1 || part_number > 10000) {
    return Status::InvalidArgument(fmt::format(
        "part number must be from 1 to 10000, got {}", part_number));
  }
  return Status();
}

// What the client can check of a new object's attributes: the ACL value.
Status ValidateAttributes(const ObjectAttributes& attributes) {
  if (attributes.acl.empty()) return Status();
  return ValidateObjectAcl(attributes.acl);
}

// "Fail if the key exists": OSS's x-oss-forbid-overwrite; S3's conditional
// write, If-None-Match: * (AWS since 2024; stores that predate it, such as
// Ceph RGW 16, ignore it and overwrite).
void AddForbidOverwrite(const oss::Dialect& dialect,
                        auth::NameValueList& headers) {
  if (dialect.has_oss_extensions) {
    headers.emplace_back(dialect.Header("forbid-overwrite"), "true");
  } else {
    headers.emplace_back("If-None-Match", "*");
  }
}

// The headers of a new object that do not describe its content: a copy
// sends them whatever its metadata directive.
void AddObjectSettingHeaders(const oss::Dialect& dialect,
                             const ObjectAttributes& attributes,
                             auth::NameValueList& headers) {
  if (!attributes.acl.empty()) {
    headers.emplace_back(dialect.object_acl_header, attributes.acl);
  }
  if (!attributes.storage_class.empty()) {
    headers.emplace_back(dialect.Header("storage-class"),
                         attributes.storage_class);
  }
  if (attributes.forbid_overwrite) AddForbidOverwrite(dialect, headers);
}

// x-oss-tagging stays out of AppendContentHeaders, which serve also uses
// for its GET answers: OSS answers a tag count there, not the tags.
void AddTaggingHeader(const oss::Dialect& dialect,
                      const ObjectAttributes& attributes,
                      auth::NameValueList& headers) {
  if (!attributes.tagging.empty()) {
    headers.emplace_back(dialect.Header("tagging"), attributes.tagging);
  }
}

void AddAttributeHeaders(const oss::Dialect& dialect,
                         const ObjectAttributes& attributes,
                         auth::NameValueList& headers) {
  oss::AppendContentHeaders(dialect, attributes, headers);
  AddTaggingHeader(dialect, attributes, headers);
  AddObjectSettingHeaders(dialect, attributes, headers);
}

// The names GetObject and the copies send their four conditions under.
struct ConditionHeaderNames {
  std::string if_match;
  std::string if_none_match;
  std::string if_modified_since;
  std::string if_unmodified_since;
};

void AddConditionHeaders(const ConditionHeaderNames& names,
                         const std::string& if_match,
                         const std::string& if_none_match,
                         const std::optional<SystemTime>& if_modified_since,
                         const std::optional<SystemTime>& if_unmodified_since,
                         auth::NameValueList& headers) {
  if (!if_match.empty()) headers.emplace_back(names.if_match, if_match);
  if (!if_none_match.empty()) {
    headers.emplace_back(names.if_none_match, if_none_match);
  }
  if (if_modified_since) {
    headers.emplace_back(names.if_modified_since,
                         util::FormatHttpDate(*if_modified_since));
  }
  if (if_unmodified_since) {
    headers.emplace_back(names.if_unmodified_since,
                         util::FormatHttpDate(*if_unmodified_since));
  }
}

// OSS refuses control characters in tags, and XML cannot carry them all
// (a carriage return comes back as a line feed): they are refused here,
// naming the tag, rather than sent changed. The other rules (count,
// lengths, characters) are the server's to apply.
Status ValidateTagCharacters(const std::vector<ObjectTag>& tags) {
  auto has_control = [](const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
  };
  for (size_t i = 0; i < tags.size(); ++i) {
    if (has_control(tags[i].key) || has_control(tags[i].value)) {
      return Status::InvalidArgument(fmt::format(
          "tag {} (key \"{}\") holds a control character; OSS allows "
          "letters, digits, spaces and + - = . _ : / in tags",
          i + 1, util::UriEncode(tags[i].key)));
    }
  }
  return Status();
}

Status ValidateCopySource(const oss::Dialect& dialect,
                          const CopySource& source) {
  Status valid = ValidateObject(dialect, source.bucket, source.key);
  return valid.ok() ? valid : valid.WithContext("copy source");
}

// The copy source and its conditions, as CopyObject and UploadPartCopy
// send them. The key is encoded with '/' as %2F, as the C++ SDK does: a
// server decodes the whole key, so every SDK's form names the same object.
void AddCopySourceHeaders(const oss::Dialect& dialect, const CopySource& source,
                          const CopySourceConditions& conditions,
                          auth::NameValueList& headers) {
  std::string header = "/" + source.bucket + "/" + util::UriEncode(source.key);
  if (!source.version_id.empty()) header += "?versionId=" + source.version_id;
  headers.emplace_back(dialect.Header("copy-source"), std::move(header));
  AddConditionHeaders({dialect.Header("copy-source-if-match"),
                       dialect.Header("copy-source-if-none-match"),
                       dialect.Header("copy-source-if-modified-since"),
                       dialect.Header("copy-source-if-unmodified-since")},
                      conditions.if_match, conditions.if_none_match,
                      conditions.if_modified_since,
                      conditions.if_unmodified_since, headers);
}

// A 304 to a copy is a source condition that did not hold; the executor's
// wording speaks of reading an object, so say what it means here.
Status NothingCopied(const Status& status) {
  const ServiceError* error = status.service_error();
  if (error == nullptr || error->http_status != 304) return status;
  return Status::FromServiceError(
      *error, status.message() +
                  ": nothing was copied (the source matched "
                  "if_none_match, or was not modified since "
                  "if_modified_since)");
}

Status AddCallbackHeaders(const oss::Dialect& dialect,
                          const std::string& callback,
                          const std::string& callback_var,
                          auth::NameValueList& headers) {
  if (callback.empty() && callback_var.empty()) return Status();
  RETURN_IF_ERROR(RequireOssExtension(dialect, "an upload callback"));
  if (!callback.empty())
    headers.emplace_back(dialect.Header("callback"), callback);
  if (!callback_var.empty()) {
    headers.emplace_back(dialect.Header("callback-var"), callback_var);
  }
  return Status();
}

Status AddTrafficLimit(const oss::Dialect& dialect, uint64_t bits_per_second,
                       auth::NameValueList& headers) {
  if (bits_per_second == 0) return Status();
  RETURN_IF_ERROR(RequireOssExtension(
      dialect, "a server-side traffic limit (x-oss-traffic-limit)"));
  headers.emplace_back(dialect.Header("traffic-limit"),
                       std::to_string(bits_per_second));
  return Status();
}

// Content-MD5 from the request's raw digest, when it has one.
Status AddContentMd5(const std::string& md5, auth::NameValueList& headers) {
  if (md5.empty()) return Status();
  if (md5.size() != 16) {
    return Status::InvalidArgument(fmt::format(
        "content_md5 must be the 16 raw bytes of an MD5 digest, got {} bytes",
        md5.size()));
  }
  headers.emplace_back("Content-MD5", util::Base64Encode(md5));
  return Status();
}

// The server's checksum of what it stored against that of what we sent
// (both in the dialect's algorithm).
Status CheckUploadChecksum(const std::optional<Checksum>& server,
                           const Checksum& local, std::string_view what) {
  if (server && *server != local) {
    const std::string_view label = ChecksumAlgorithmLabel(local.algorithm);
    return Status::DataCorruption(fmt::format(
        "{}: the server's {} {} differs from the {} {} of the bytes "
        "sent; the data was corrupted in transit",
        what, ChecksumAlgorithmLabel(server->algorithm), server->value, label,
        local.value));
  }
  return Status();
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

// S3: a completed upload's ETag against the one its parts give
// (kDataCorruption when they differ); an empty ETag is filled from a HEAD.
Status CheckCompositeEtag(const Client& client,
                          const CompleteMultipartUploadRequest& request,
                          CompleteMultipartUploadResult& result) {
  const std::optional<std::string> expected =
      oss::CompositeMultipartEtag(request.parts);
  if (!expected) return Status();  // parts whose ETags are not their MD5s
  if (UnquotedEtag(result.etag).empty()) {
    // Ceph RGW 16 answers the first Complete with an empty <ETag>
    // (s3-protocol.md §3.13): the object's own HEAD says it.
    ASSIGN_OR_RETURN(ObjectMetadata head,
                     client.HeadObject({request.bucket, request.key, ""}));
    result.etag = head.etag;
  }
  if (util::AsciiLower(UnquotedEtag(result.etag)) == *expected) {
    result.etag_verified = true;
    return Status();
  }
  return Status::DataCorruption(fmt::format(
      "CompleteMultipartUpload {}: the object's ETag {} is not the one its "
      "{} parts give ({}): the server assembled other bytes than the parts "
      "sent, or another writer replaced the object; delete it and upload "
      "again",
      client.ObjectUrl(request.bucket, request.key), result.etag,
      request.parts.size(), *expected));
}

}  // namespace

class Client::Impl {
 public:
  explicit Impl(std::unique_ptr<oss::RequestExecutor> request_executor)
      : executor(std::move(request_executor)) {}
  const oss::Dialect& dialect() const { return executor->dialect(); }
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

StoreDialect Client::dialect() const { return impl_->dialect().kind; }

bool Client::ChecksContentMd5() const {
  return impl_->dialect().sends_content_md5;
}

std::string Client::RecordedChecksumMetadata() const {
  return std::string(impl_->dialect().recorded_checksum_metadata);
}

std::string Client::ObjectUrl(std::string_view bucket,
                              std::string_view key) const {
  return fmt::format("{}://{}/{}", impl_->dialect().url_scheme, bucket, key);
}

const RetryPolicy& Client::retry_policy() const {
  return impl_->executor->retry_policy();
}

Result<ObjectMetadata> Client::HeadObject(
    const HeadObjectRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call = MakeCall("HeadObject", "HEAD", request.bucket, request.key);
  AddVersionId(request.version_id, call);
  const bool checksum_mode =
      request.checksum_mode && !dialect.checksum_mode_header.empty();
  if (checksum_mode) {
    call.headers.emplace_back(dialect.checksum_mode_header, "ENABLED");
  }
  call.cancelled = request.cancelled;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  ASSIGN_OR_RETURN(ObjectMetadata metadata,
                   oss::ParseObjectMetadata(response, dialect));
  // The CRC-64 ossxfer recorded at upload (the dialect's checksum header)
  // comes first: ossxfer's own uploads are verified by it on every store.
  // Else the checksum the store keeps, when it is the whole object's; read
  // only when asked for, so that what a store may echo unasked (moto
  // returns stored request headers) changes no other caller.
  if (checksum_mode && !metadata.checksum) {
    ASSIGN_OR_RETURN(metadata.checksum,
                     oss::ParseStoredChecksum(response, metadata.etag));
  }
  return metadata;
}

Result<ObjectPartHead> Client::HeadObjectPart(
    const HeadObjectPartRequest& request) const {
  const oss::Dialect& dialect = impl_->dialect();
  RETURN_IF_ERROR(ValidateObject(dialect, request.bucket, request.key));
  if (!dialect.has_part_number_reads) {
    return Status::InvalidArgument(
        fmt::format("HEAD ?partNumber is S3's: {} has no read of one part",
                    dialect.store_name));
  }
  if (request.part_number < 1 || request.part_number > 10000) {
    return Status::InvalidArgument(
        fmt::format("part number {} is outside 1..10000", request.part_number));
  }
  OssRequest call =
      MakeCall("HeadObjectPart", "HEAD", request.bucket, request.key);
  AddVersionId(request.version_id, call);
  call.query.emplace_back("partNumber", std::to_string(request.part_number));
  call.cancelled = request.cancelled;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  ObjectPartHead head;
  head.http_status = response.status;
  ASSIGN_OR_RETURN(std::optional<uint64_t> size,
                   oss::ParseNumberHeader(response, "Content-Length"));
  if (!size) {
    return Status::MalformedResponse(
        "the answer to HEAD ?partNumber has no Content-Length");
  }
  head.size = *size;
  ASSIGN_OR_RETURN(
      head.parts_count,
      oss::ParseNumberHeader(response, dialect.Header("mp-parts-count")));
  head.etag = response.Header("ETag").value_or("");
  return head;
}

Result<ObjectMetadata> Client::GetObjectMeta(
    const HeadObjectRequest& request) const {
  // S3 has no lighter HEAD: the plain one answers the same fields.
  if (!impl_->dialect().has_oss_extensions) return HeadObject(request);
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call =
      SubresourceCall("GetObjectMeta", "HEAD", request.bucket, request.key,
                      "objectMeta", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseObjectMetadata(response, impl_->dialect());
}

Result<GetObjectResult> Client::GetObject(const GetObjectRequest& request,
                                          BodySink& sink) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call = MakeCall("GetObject", "GET", request.bucket, request.key);
  AddVersionId(request.version_id, call);
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
    // OSS answers a range it cannot satisfy with the whole object unless
    // asked for the standard behaviour; S3 always behaves so.
    if (dialect.has_oss_extensions) {
      call.headers.emplace_back(dialect.Header("range-behavior"), "standard");
    }
  }
  AddConditionHeaders(
      {"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"},
      request.if_match, request.if_none_match, request.if_modified_since,
      request.if_unmodified_since, call.headers);
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  call.max_attempts = request.max_attempts;
  call.sink = &sink;
  if (request.range) {
    call.accept_body = [range = *request.range,
                        uri = ObjectUrl(request.bucket, request.key)](
                           const http::HttpResponse& response) {
      return CheckRangeAnswer(range, response, uri);
    };
  }
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  GetObjectResult result;
  result.http_status = response.status;
  ASSIGN_OR_RETURN(result.metadata,
                   oss::ParseObjectMetadata(response, dialect));
  if (auto header = response.Header("Content-Range")) {
    std::optional<oss::ContentRange> range = oss::ParseContentRange(*header);
    if (range) result.content_range = ByteRange{range->first, range->last};
  }
  result.bytes_received = response.streamed_bytes;
  return result;
}

Result<PutObjectResult> Client::PutObject(const PutObjectRequest& request,
                                          BodySource& body) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateAttributes(request.attributes));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call = MakeCall("PutObject", "PUT", request.bucket, request.key);
  AddAttributeHeaders(dialect, request.attributes, call.headers);
  RETURN_IF_ERROR(AddCallbackHeaders(dialect, request.callback,
                                     request.callback_var, call.headers));
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  RETURN_IF_ERROR(AddContentMd5(request.content_md5, call.headers));
  // The bytes' checksum is computed only where it is compared: not for a
  // store that returns none of an upload (S3).
  const bool compare = request.verify_crc64 && dialect.ReturnsChecksums();
  oss::ChecksumSource checked(&body, dialect.checksum_algorithm);
  call.body = compare ? static_cast<BodySource*>(&checked) : &body;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  PutObjectResult result;
  result.etag = response.Header("ETag").value_or("");
  // An encrypted object's ETag (SSE-KMS, SSE-C) is not its MD5: not
  // verified, which is not an error.
  result.etag_verified = !request.content_md5.empty() &&
                         util::AsciiLower(UnquotedEtag(result.etag)) ==
                             util::HexLower(request.content_md5);
  ASSIGN_OR_RETURN(result.checksum,
                   oss::ParseChecksumHeader(response, dialect));
  result.version_id =
      response.Header(dialect.Header("version-id")).value_or("");
  if (!request.callback.empty()) result.callback_response = response.body;
  if (compare) {
    RETURN_IF_ERROR(CheckUploadChecksum(
        result.checksum, checked.checksum(),
        "PutObject " + ObjectUrl(request.bucket, request.key)));
  }
  return result;
}

Status Client::DeleteObject(const DeleteObjectRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call =
      MakeCall("DeleteObject", "DELETE", request.bucket, request.key);
  AddVersionId(request.version_id, call);
  return impl_->executor->Execute(call).status();
}

Result<DeleteObjectsResult> Client::DeleteObjects(
    const DeleteObjectsRequest& request) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), request.bucket));
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
  StringSource body(xml);
  SetXmlBodyWithMd5(xml, body, call);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseDeleteResult(response.body);
}

Result<ListObjectsV2Result> Client::ListObjectsV2(
    const ListObjectsV2Request& request) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), request.bucket));
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

Result<CopyObjectResult> Client::CopyObject(
    const CopyObjectRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateCopySource(impl_->dialect(), request.source));
  RETURN_IF_ERROR(ValidateAttributes(request.attributes));
  const oss::Dialect& dialect = impl_->dialect();
  const ObjectAttributes& attributes = request.attributes;
  const bool replace_metadata =
      request.metadata_directive == MetadataDirective::kReplace;
  const bool replace_tags =
      request.tagging_directive == TaggingDirective::kReplace;
  // With COPY the server ignores these; a caller who set them meant
  // something, so say so rather than lose them.
  if (!replace_metadata &&
      (!attributes.content_type.empty() || !attributes.cache_control.empty() ||
       !attributes.content_disposition.empty() ||
       !attributes.content_encoding.empty() || !attributes.expires.empty() ||
       !attributes.user_metadata.empty())) {
    return Status::InvalidArgument(
        "CopyObject: content headers or user metadata are set but the "
        "metadata directive is kCopy (the destination takes the source's); "
        "use MetadataDirective::kReplace");
  }
  if (!replace_tags && !attributes.tagging.empty()) {
    return Status::InvalidArgument(
        "CopyObject: tagging is set but the tagging directive is kCopy (the "
        "destination takes the source's tags); use TaggingDirective::kReplace");
  }
  OssRequest call = MakeCall("CopyObject", "PUT", request.bucket, request.key);
  AddCopySourceHeaders(dialect, request.source, request.conditions,
                       call.headers);
  call.headers.emplace_back(dialect.Header("metadata-directive"),
                            replace_metadata ? "REPLACE" : "COPY");
  if (replace_metadata) {
    oss::AppendContentHeaders(dialect, attributes, call.headers);
  }
  if (replace_tags) {
    call.headers.emplace_back(dialect.Header("tagging-directive"), "Replace");
    AddTaggingHeader(dialect, attributes, call.headers);
  }
  AddObjectSettingHeaders(dialect, attributes, call.headers);
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  call.max_attempts = request.max_attempts;
  Result<http::HttpResponse> response = impl_->executor->Execute(call);
  if (!response.ok()) return NothingCopied(response.status());
  ASSIGN_OR_RETURN(CopyObjectResult result,
                   oss::ParseCopyObjectResult(response->body));
  ASSIGN_OR_RETURN(result.checksum,
                   oss::ParseChecksumHeader(*response, dialect));
  result.version_id =
      response->Header(dialect.Header("version-id")).value_or("");
  result.source_version_id =
      response->Header(dialect.Header("copy-source-version-id")).value_or("");
  return result;
}

Result<AppendObjectResult> Client::AppendObject(
    const AppendObjectRequest& request, BodySource& body) const {
  RETURN_IF_ERROR(RequireOssExtension(impl_->dialect(), "AppendObject"));
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateAttributes(request.attributes));
  const std::string what =
      fmt::format("AppendObject {} at position {}",
                  ObjectUrl(request.bucket, request.key), request.position);
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call =
      MakeCall("AppendObject", "POST", request.bucket, request.key);
  call.query = {{"append", ""}, {"position", std::to_string(request.position)}};
  AddAttributeHeaders(dialect, request.attributes, call.headers);
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  call.idempotent = false;
  const std::string next_position = dialect.Header("next-append-position");
  call.amend_error = [what, next_position](const http::HttpResponse& response,
                                           Status status) {
    const ServiceError* error = status.service_error();
    std::optional<std::string> next = response.Header(next_position);
    if (error == nullptr || error->code != "PositionNotEqualToLength" ||
        !next) {
      return status;
    }
    return Status::FromServiceError(
        *error, fmt::format("{}: the object is {} bytes long, so the next "
                            "append must be at position {} ({})",
                            what, *next, *next, next_position));
  };
  // AppendObject is OSS's alone, and its contract is the CRC-64 chain.
  oss::ChecksumSource checked(&body, ChecksumAlgorithm::kCrc64Ecma);
  call.body = &checked;
  Result<http::HttpResponse> response = impl_->executor->Execute(call);
  if (!response.ok()) {
    if (response.status().code() != StatusCode::kNetworkError) {
      return response.status();
    }
    return response.status().WithContext(fmt::format(
        "{} (an append is not sent again once its bytes may have reached "
        "the server; the object's size from HeadObject says whether they "
        "went in)",
        what));
  }
  AppendObjectResult result;
  ASSIGN_OR_RETURN(std::optional<uint64_t> next,
                   oss::ParseNumberHeader(*response, next_position));
  if (!next) {
    return Status::MalformedResponse(what + ": the answer has no " +
                                     next_position + " header");
  }
  result.next_position = *next;
  ASSIGN_OR_RETURN(std::optional<Checksum> stored,
                   oss::ParseChecksumHeader(*response, dialect));
  if (stored && stored->algorithm == ChecksumAlgorithm::kCrc64Ecma) {
    result.crc64 = stored->value;
  }
  result.etag = response->Header("ETag").value_or("");
  result.version_id =
      response->Header(dialect.Header("version-id")).value_or("");
  const uint64_t sent = checked.Size();
  if (result.next_position != request.position + sent) {
    return Status::DataCorruption(fmt::format(
        "{}: the server says the object is {} bytes long after {} bytes "
        "were appended; its bytes are not what was sent",
        what, result.next_position, sent));
  }
  // At position 0 the object before was empty: its CRC64 is 0.
  std::optional<uint64_t> previous = request.previous_crc64;
  if (!previous && request.position == 0) previous = 0;
  if (previous && result.crc64) {
    const uint64_t expected =
        Crc64Combine(*previous, checked.checksum().value, sent);
    if (*result.crc64 != expected) {
      return Status::DataCorruption(fmt::format(
          "{}: the server's CRC64 of the object, {}, differs from {}, the "
          "CRC64 {} of the object before combined with that of the {} bytes "
          "sent; the object does not hold what was written",
          what, *result.crc64, expected, *previous, sent));
    }
  }
  return result;
}

Status Client::PutObjectAcl(const PutObjectAclRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateObjectAcl(request.acl));
  OssRequest call = SubresourceCall("PutObjectAcl", "PUT", request.bucket,
                                    request.key, "acl", request.version_id);
  call.headers.emplace_back(impl_->dialect().object_acl_header, request.acl);
  return impl_->executor->Execute(call).status();
}

Result<AccessControlPolicy> Client::GetObjectAcl(
    const GetObjectAclRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call = SubresourceCall("GetObjectAcl", "GET", request.bucket,
                                    request.key, "acl", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseAccessControlPolicy(response.body);
}

Status Client::PutObjectTagging(const PutObjectTaggingRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateTagCharacters(request.tags));
  OssRequest call = SubresourceCall("PutObjectTagging", "PUT", request.bucket,
                                    request.key, "tagging", request.version_id);
  const std::string xml = oss::BuildTaggingXml(request.tags);
  StringSource body(xml);
  SetXmlBodyWithMd5(xml, body, call);
  return impl_->executor->Execute(call).status();
}

Result<std::vector<ObjectTag>> Client::GetObjectTagging(
    const ObjectTaggingRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call = SubresourceCall("GetObjectTagging", "GET", request.bucket,
                                    request.key, "tagging", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseTagging(response.body);
}

Status Client::DeleteObjectTagging(const ObjectTaggingRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call =
      SubresourceCall("DeleteObjectTagging", "DELETE", request.bucket,
                      request.key, "tagging", request.version_id);
  return impl_->executor->Execute(call).status();
}

Status Client::PutSymlink(const PutSymlinkRequest& request) const {
  RETURN_IF_ERROR(RequireOssExtension(impl_->dialect(), "a symlink"));
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  Status target = oss::ValidateObjectKey(request.target);
  if (!target.ok()) return target.WithContext("symlink target");
  RETURN_IF_ERROR(ValidateAttributes(request.attributes));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call = SubresourceCall("PutSymlink", "PUT", request.bucket,
                                    request.key, "symlink");
  // Percent-encoded as OSS asks ("like the object name"); servers decode
  // %XX, so the encoding every SDK uses names the same target.
  call.headers.emplace_back(dialect.Header("symlink-target"),
                            util::UriEncode(request.target));
  AddAttributeHeaders(dialect, request.attributes, call.headers);
  return impl_->executor->Execute(call).status();
}

Result<std::string> Client::GetSymlink(const GetSymlinkRequest& request) const {
  RETURN_IF_ERROR(RequireOssExtension(impl_->dialect(), "a symlink"));
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  OssRequest call = SubresourceCall("GetSymlink", "GET", request.bucket,
                                    request.key, "symlink", request.version_id);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseSymlinkTarget(response, impl_->dialect());
}

Result<InitiateMultipartUploadResult> Client::InitiateMultipartUpload(
    const InitiateMultipartUploadRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateAttributes(request.attributes));
  OssRequest call =
      MakeCall("InitiateMultipartUpload", "POST", request.bucket, request.key);
  call.query = {{"uploads", ""}, {"encoding-type", "url"}};
  AddAttributeHeaders(impl_->dialect(), request.attributes, call.headers);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseInitiateMultipartUploadResult(response.body);
}

Result<UploadPartResult> Client::UploadPart(const UploadPartRequest& request,
                                            BodySource& body) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  RETURN_IF_ERROR(ValidatePartNumber(request.part_number));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call = MakeCall("UploadPart", "PUT", request.bucket, request.key);
  call.query = {{"partNumber", std::to_string(request.part_number)},
                {"uploadId", request.upload_id}};
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  call.max_attempts = request.max_attempts;
  RETURN_IF_ERROR(AddContentMd5(request.content_md5, call.headers));
  // The bytes' checksum is computed only where it is compared: not for a
  // store that returns none of an upload (S3).
  const bool compare = request.verify_crc64 && dialect.ReturnsChecksums();
  oss::ChecksumSource checked(&body, dialect.checksum_algorithm);
  call.body = compare ? static_cast<BodySource*>(&checked) : &body;
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  UploadPartResult result;
  result.etag = response.Header("ETag").value_or("");
  ASSIGN_OR_RETURN(result.checksum,
                   oss::ParseChecksumHeader(response, dialect));
  if (compare) {
    RETURN_IF_ERROR(CheckUploadChecksum(
        result.checksum, checked.checksum(),
        fmt::format("UploadPart {} of {}", request.part_number,
                    ObjectUrl(request.bucket, request.key))));
  }
  return result;
}

Result<CompleteMultipartUploadResult> Client::CompleteMultipartUpload(
    const CompleteMultipartUploadRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
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
  if (!request.acl.empty()) RETURN_IF_ERROR(ValidateObjectAcl(request.acl));
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call =
      MakeCall("CompleteMultipartUpload", "POST", request.bucket, request.key);
  call.query = {{"uploadId", request.upload_id}, {"encoding-type", "url"}};
  std::string xml;
  if (request.complete_all) {
    RETURN_IF_ERROR(RequireOssExtension(dialect, "complete-all"));
    call.headers.emplace_back(dialect.Header("complete-all"), "yes");
  } else {
    xml = oss::BuildCompleteMultipartUploadXml(request.parts);
    call.headers.emplace_back("Content-Type", "application/xml");
  }
  if (!request.acl.empty())
    call.headers.emplace_back(dialect.object_acl_header, request.acl);
  if (request.forbid_overwrite) AddForbidOverwrite(dialect, call.headers);
  RETURN_IF_ERROR(AddCallbackHeaders(dialect, request.callback,
                                     request.callback_var, call.headers));
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
  ASSIGN_OR_RETURN(result.checksum,
                   oss::ParseChecksumHeader(response, dialect));
  result.version_id =
      response.Header(dialect.Header("version-id")).value_or("");
  if (dialect.composite_multipart_etag) {
    RETURN_IF_ERROR(CheckCompositeEtag(*this, request, result));
  }
  return result;
}

Result<ListPartsResult> Client::ListParts(
    const ListPartsRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
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
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  OssRequest call =
      MakeCall("AbortMultipartUpload", "DELETE", request.bucket, request.key);
  call.query = {{"uploadId", request.upload_id}};
  return impl_->executor->Execute(call).status();
}

Result<ListMultipartUploadsResult> Client::ListMultipartUploads(
    const ListMultipartUploadsRequest& request) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), request.bucket));
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

Result<UploadPartResult> Client::UploadPartCopy(
    const UploadPartCopyRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  RETURN_IF_ERROR(ValidateUploadId(request.upload_id));
  RETURN_IF_ERROR(ValidatePartNumber(request.part_number));
  RETURN_IF_ERROR(ValidateCopySource(impl_->dialect(), request.source));
  if (request.range && request.range->size == 0) {
    return Status::InvalidArgument(
        "UploadPartCopy: the copy range is empty (size 0); leave the range "
        "unset to copy the whole source");
  }
  if (request.range &&
      request.range->size - 1 >
          std::numeric_limits<uint64_t>::max() - request.range->first) {
    return Status::InvalidArgument(fmt::format(
        "UploadPartCopy: the copy range of {} bytes from {} ends past the "
        "largest byte position",
        request.range->size, request.range->first));
  }
  const oss::Dialect& dialect = impl_->dialect();
  OssRequest call =
      MakeCall("UploadPartCopy", "PUT", request.bucket, request.key);
  call.query = {{"partNumber", std::to_string(request.part_number)},
                {"uploadId", request.upload_id}};
  AddCopySourceHeaders(dialect, request.source, request.conditions,
                       call.headers);
  if (request.range) {
    const CopyRange& range = *request.range;
    call.headers.emplace_back(
        dialect.Header("copy-source-range"),
        fmt::format("bytes={}-{}", range.first, range.first + range.size - 1));
  }
  RETURN_IF_ERROR(AddTrafficLimit(
      dialect, request.traffic_limit_bits_per_second, call.headers));
  call.cancelled = request.cancelled;
  call.max_attempts = request.max_attempts;
  Result<http::HttpResponse> response = impl_->executor->Execute(call);
  if (!response.ok()) return NothingCopied(response.status());
  ASSIGN_OR_RETURN(UploadPartResult result,
                   oss::ParseCopyPartResult(response->body));
  ASSIGN_OR_RETURN(result.checksum,
                   oss::ParseChecksumHeader(*response, dialect));
  return result;
}

Status Client::CreateBucket(const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call = MakeCall("CreateBucket", "PUT", bucket, "");
  return impl_->executor->Execute(call).status();
}

Status Client::DeleteBucket(const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call = MakeCall("DeleteBucket", "DELETE", bucket, "");
  return impl_->executor->Execute(call).status();
}

Result<std::vector<BucketSummary>> Client::ListBuckets() const {
  OssRequest call = MakeCall("ListBuckets", "GET", "", "");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListAllMyBucketsResult(response.body);
}

Result<BucketInfo> Client::GetBucketInfo(const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call =
      SubresourceCall("GetBucketInfo", "GET", bucket, "", "bucketInfo");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseBucketInfo(response.body);
}

Result<std::string> Client::GetBucketLocation(const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call =
      SubresourceCall("GetBucketLocation", "GET", bucket, "", "location");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseLocationConstraint(response.body);
}

Status Client::PutBucketAcl(const std::string& bucket,
                            const std::string& acl) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  RETURN_IF_ERROR(ValidateBucketAcl(acl));
  OssRequest call = SubresourceCall("PutBucketAcl", "PUT", bucket, "", "acl");
  call.headers.emplace_back(impl_->dialect().Header("acl"), acl);
  return impl_->executor->Execute(call).status();
}

Result<AccessControlPolicy> Client::GetBucketAcl(
    const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call = SubresourceCall("GetBucketAcl", "GET", bucket, "", "acl");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseAccessControlPolicy(response.body);
}

Status Client::PutBucketVersioning(const std::string& bucket,
                                   const std::string& status) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  if (status != "Enabled" && status != "Suspended") {
    return Status::InvalidArgument(
        "bucket versioning is Enabled or Suspended (there is no way back to "
        "never versioned), not '" +
        status + "'");
  }
  OssRequest call =
      SubresourceCall("PutBucketVersioning", "PUT", bucket, "", "versioning");
  const std::string xml = oss::BuildVersioningConfigurationXml(status);
  StringSource body(xml);
  SetXmlBodyWithMd5(xml, body, call);
  return impl_->executor->Execute(call).status();
}

Result<std::string> Client::GetBucketVersioning(
    const std::string& bucket) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), bucket));
  OssRequest call =
      SubresourceCall("GetBucketVersioning", "GET", bucket, "", "versioning");
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseVersioningConfiguration(response.body);
}

Result<ListObjectVersionsResult> Client::ListObjectVersions(
    const ListObjectVersionsRequest& request) const {
  RETURN_IF_ERROR(ValidateBucket(impl_->dialect(), request.bucket));
  RETURN_IF_ERROR(ValidatePageSize("max_keys", request.max_keys));
  if (!request.version_id_marker.empty() && request.key_marker.empty()) {
    return Status::InvalidArgument(
        "version_id_marker needs key_marker: it continues within that key");
  }
  OssRequest call = SubresourceCall("ListObjectVersions", "GET", request.bucket,
                                    "", "versions");
  call.query.emplace_back("encoding-type", "url");
  call.query.emplace_back("max-keys", std::to_string(request.max_keys));
  auto add = [&call](const char* name, const std::string& value) {
    if (!value.empty()) call.query.emplace_back(name, value);
  };
  add("prefix", request.prefix);
  add("delimiter", request.delimiter);
  add("key-marker", request.key_marker);
  add("version-id-marker", request.version_id_marker);
  ASSIGN_OR_RETURN(http::HttpResponse response, impl_->executor->Execute(call));
  return oss::ParseListVersionsResult(response.body);
}

Result<std::string> Client::PresignUrl(const PresignRequest& request) const {
  RETURN_IF_ERROR(
      ValidateObject(impl_->dialect(), request.bucket, request.key));
  // The executor sets the path: it depends on its endpoint's URL style.
  auth::SignableRequest signable{
      request.method, request.bucket, request.key, {}, request.headers, ""};
  if (!request.version_id.empty())
    signable.query.emplace_back("versionId", request.version_id);
  return impl_->executor->Presign(std::move(signable), request.expires);
}

}  // namespace ossxfer
