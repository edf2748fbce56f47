#include "server/s3_wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <pugixml.hpp>
#include <sstream>
#include <utility>

#include "server/operation.h"
#include "server/s3_checksums.h"
#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

// An S3 name and the OSS name of the same thing, in that order.
using NamePair = std::pair<std::string_view, std::string_view>;

// S3 request headers with an OSS counterpart that serve implements: the
// handler reads the OSS name.
constexpr auto kRenamedRequestHeaders = std::to_array<NamePair>({
    {"x-amz-copy-source", "x-oss-copy-source"},
    {"x-amz-copy-source-range", "x-oss-copy-source-range"},
    {"x-amz-copy-source-if-match", "x-oss-copy-source-if-match"},
    {"x-amz-copy-source-if-none-match", "x-oss-copy-source-if-none-match"},
    {"x-amz-copy-source-if-modified-since",
     "x-oss-copy-source-if-modified-since"},
    {"x-amz-copy-source-if-unmodified-since",
     "x-oss-copy-source-if-unmodified-since"},
    {"x-amz-metadata-directive", "x-oss-metadata-directive"},
    {"x-amz-tagging", "x-oss-tagging"},
    {"x-amz-tagging-directive", "x-oss-tagging-directive"},
});

// S3 request headers that change nothing serve stores or answers: the
// signature's own (checked before the translation), the account checks
// serve's one account always passes, and the SDKs' bookkeeping.
constexpr auto kDroppedRequestHeaders = std::to_array<std::string_view>({
    "x-amz-security-token",
    "x-amz-expected-bucket-owner",
    "x-amz-source-expected-bucket-owner",
    "x-amz-request-payer",
    "x-amz-user-agent",
});

// Integrity headers: kept under their S3 names for the body's check
// (server/upload_body.h); x-amz-date with them, as an aws-chunked body's
// chunk signatures are computed at it.
constexpr auto kIntegrityRequestHeaders = std::to_array<std::string_view>({
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-sha1",
    "x-amz-checksum-sha256",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-checksum-algorithm",
    "x-amz-checksum-type",
    "x-amz-trailer",
    "x-amz-decoded-content-length",
    // A GET or HEAD asks for the stored checksum (server/s3_checksums.h).
    "x-amz-checksum-mode",
});

// The aws-chunked bodies serve decodes (server/aws_chunked.h).
constexpr auto kStreamingPayloads = std::to_array<std::string_view>({
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
});

// S3 sub-resources that OSS does not have, so operation.cc does not know
// them: each is NotImplemented rather than, say, a PutObject of an empty
// body (PUT /k?retention).
constexpr auto kS3OnlySubResources = std::to_array<std::string_view>(
    {"accelerate", "analytics", "attributes", "intelligent-tiering",
     "legal-hold", "metadataTable", "metrics", "notification", "object-lock",
     "ownershipControls", "renameObject", "select", "select-type", "session",
     "torrent"});

// The sub-resources and modifiers serve implements for S3 (a subset of what
// operation.cc routes: OSS's own, such as ?symlink or ?append, are not
// S3's, and S3 clients never send them).
constexpr auto kS3SubResources = std::to_array<std::string_view>({
    "acl",
    "delete",
    "location",
    "partNumber",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "tagging",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
});

// S3's storage class names and OSS's for the classes both have.
constexpr auto kStorageClasses = std::to_array<NamePair>({
    {"STANDARD", "Standard"},
    {"STANDARD_IA", "IA"},
    {"GLACIER", "Archive"},
    {"DEEP_ARCHIVE", "ColdArchive"},
});

// Response headers S3 has: S3's name, then OSS's.
constexpr auto kRenamedResponseHeaders = std::to_array<NamePair>({
    {"x-amz-version-id", "x-oss-version-id"},
    {"x-amz-delete-marker", "x-oss-delete-marker"},
    {"x-amz-copy-source-version-id", "x-oss-copy-source-version-id"},
    {"x-amz-tagging-count", "x-oss-tagging-count"},
    {"x-amz-restore", "x-oss-restore"},
    {"x-amz-server-side-encryption", "x-oss-server-side-encryption"},
});

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names,
              std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <size_t N>
std::optional<std::string_view> OssNameOf(const std::array<NamePair, N>& pairs,
                                          std::string_view s3) {
  for (const auto& [s3_name, oss_name] : pairs) {
    if (s3_name == s3) return oss_name;
  }
  return std::nullopt;
}

template <size_t N>
std::optional<std::string_view> S3NameOf(const std::array<NamePair, N>& pairs,
                                         std::string_view oss) {
  for (const auto& [s3_name, oss_name] : pairs) {
    if (oss_name == oss) return s3_name;
  }
  return std::nullopt;
}

// A Content-Encoding without its aws-chunked token: "aws-chunked,gzip" is
// stored as "gzip", "aws-chunked" as nothing.
std::string WithoutAwsChunked(std::string_view value) {
  std::string kept;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view token =
        util::Trim(value.substr(0, comma), util::kHttpWhitespace);
    if (!token.empty() &&
        !util::EqualsIgnoringAsciiCase(token, "aws-chunked")) {
      if (!kept.empty()) kept += ",";
      kept += token;
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return kept;
}

Status NotImplemented(int status, std::string what) {
  return OssError(status, "NotImplemented",
                  "ossxfer serve does not implement " + what +
                      " for S3 clients; nothing was changed");
}

// The OSS header an x-amz-acl becomes: a bucket's or an object's ACL.
Result<std::string> AclHeader(const ServerRequest& request,
                              std::string_view value, int status) {
  if (value != "private" && value != "public-read" &&
      value != "public-read-write") {
    return NotImplemented(
        status, fmt::format("the canned ACL x-amz-acl: {} (serve has private, "
                            "public-read and public-read-write)",
                            value));
  }
  return std::string(request.key.empty() ? "x-oss-acl" : "x-oss-object-acl");
}

Status CheckSubResources(const ServerRequest& request, int status) {
  for (const auto& [name, value] : request.query) {
    if (Contains(kS3SubResources, name)) continue;
    const auto& known = KnownSubResources();
    if (Contains(kS3OnlySubResources, name) ||
        std::find(known.begin(), known.end(), name) != known.end()) {
      return NotImplemented(status, "the sub-resource ?" + name);
    }
  }
  return Status();
}

// The rules of S3 that depend on the operation, decided by the router
// that will run it (operation.h) once the headers have their OSS names:
// If-None-Match: * on a PutObject or a CompleteMultipartUpload is S3's
// conditional create; a conditional overwrite (If-Match) and a whole-object
// checksum on Complete are not implemented; listings page by S3's 1000
// (OSS's default is 100).
Status ApplyOperationRules(ServerRequest& request, int not_implemented_status) {
  const Operation operation = RouteRequest(request).operation;
  const bool conditional_write = operation == Operation::kPutObject ||
                                 operation == Operation::kCompleteUpload;
  auth::NameValueList headers;
  for (auto& [name, value] : request.headers) {
    const std::string lower = util::AsciiLower(name);
    if (conditional_write && lower == "if-none-match") {
      if (value != "*") {
        return NotImplemented(not_implemented_status,
                              "If-None-Match other than * on a write");
      }
      headers.emplace_back("x-oss-forbid-overwrite", "true");
      continue;
    }
    if (conditional_write && lower == "if-match") {
      return NotImplemented(not_implemented_status,
                            "If-Match on a write (a conditional overwrite)");
    }
    // On Complete a checksum header is the whole object's, not the body's:
    // the store checks it against the parts' (CheckClaimedObjectChecksum)
    // for an algorithm serve computes; another (CRC64NVME) must not pass
    // unchecked.
    if (operation == Operation::kCompleteUpload &&
        lower.starts_with("x-amz-checksum-") &&
        lower != "x-amz-checksum-type" && lower != "x-amz-checksum-algorithm" &&
        FindS3ChecksumKind(std::string_view(lower).substr(
            sizeof("x-amz-checksum-") - 1)) == nullptr) {
      return NotImplemented(
          not_implemented_status,
          "a whole-object checksum (" + name + ") on CompleteMultipartUpload");
    }
    headers.emplace_back(std::move(name), std::move(value));
  }
  request.headers = std::move(headers);
  const bool lists = operation == Operation::kListObjects ||
                     operation == Operation::kListBuckets;
  if (lists && !request.HasQuery("max-keys")) {
    request.query.emplace_back("max-keys", "1000");
  }
  return Status();
}

}  // namespace

WireDialect DetectWireDialect(const ServerRequest& request, DialectRule rule) {
  if (rule == DialectRule::kOss) return WireDialect::kOss;
  if (rule == DialectRule::kS3) return WireDialect::kS3;
  const std::string authorization =
      request.Header("Authorization").value_or("");
  const bool aws_header = authorization.starts_with("AWS4-HMAC-SHA256 ") ||
                          authorization.starts_with("AWS ");
  const bool aws_query =
      request.HasQuery("X-Amz-Signature") || request.HasQuery("AWSAccessKeyId");
  return aws_header || aws_query ? WireDialect::kS3 : WireDialect::kOss;
}

Status TranslateS3Request(ServerRequest& request, int not_implemented_status) {
  if (Status sub_resources = CheckSubResources(request, not_implemented_status);
      !sub_resources.ok()) {
    return sub_resources;
  }
  const std::string payload =
      request.Header("x-amz-content-sha256").value_or("");
  if (payload.starts_with("STREAMING-") &&
      !Contains(kStreamingPayloads, payload)) {
    return NotImplemented(not_implemented_status,
                          "the aws-chunked variant " + payload +
                              " (serve takes SigV4's, not SigV4a's)");
  }
  auth::NameValueList translated;
  for (const auto& [name, value] : request.headers) {
    const std::string lower = util::AsciiLower(name);
    if (lower.starts_with("x-oss-")) {
      return OssError(400, "InvalidArgument",
                      "the header " + name +
                          " is OSS's, and this request is signed for S3 "
                          "(AWS4-HMAC-SHA256): send S3's header or sign the "
                          "request for OSS");
    }
    if (lower == "content-encoding") {
      // aws-chunked is how the body travels, not how the object is stored.
      const std::string stored = WithoutAwsChunked(value);
      if (!stored.empty()) translated.emplace_back(name, stored);
      continue;
    }
    if (!lower.starts_with("x-amz-")) {
      translated.emplace_back(name, value);
      continue;
    }
    if (lower.starts_with("x-amz-meta-")) {
      translated.emplace_back("x-oss-meta-" + lower.substr(11), value);
    } else if (std::optional<std::string_view> oss_name =
                   OssNameOf(kRenamedRequestHeaders, lower)) {
      std::string renamed_value = value;
      // S3 names a copy source "bucket/key"; OSS "/bucket/key".
      if (lower == "x-amz-copy-source" && !value.starts_with("/")) {
        renamed_value = "/" + value;
      }
      translated.emplace_back(*oss_name, renamed_value);
    } else if (lower == "x-amz-acl") {
      Result<std::string> header =
          AclHeader(request, value, not_implemented_status);
      if (!header.ok()) return header.status();
      translated.emplace_back(*header, value);
    } else if (lower == "x-amz-storage-class") {
      std::optional<std::string_view> oss_class =
          OssNameOf(kStorageClasses, value);
      if (!oss_class) {
        return NotImplemented(not_implemented_status,
                              "the storage class " + value);
      }
      translated.emplace_back("x-oss-storage-class", *oss_class);
    } else if (Contains(kIntegrityRequestHeaders, lower)) {
      translated.emplace_back(lower, value);
    } else if (!Contains(kDroppedRequestHeaders, lower)) {
      return NotImplemented(not_implemented_status, "the header " + name);
    }
  }
  request.headers = std::move(translated);
  return ApplyOperationRules(request, not_implemented_status);
}

ResponseHeaders S3ResponseHeaders(const ResponseHeaders& headers) {
  ResponseHeaders s3;
  s3.reserve(headers.size() + 1);
  for (const auto& [name, value] : headers) {
    const std::string lower = util::AsciiLower(name);
    if (lower == "etag") {
      s3.emplace_back(name, util::AsciiLower(value));
    } else if (lower == "x-oss-request-id") {
      s3.emplace_back("x-amz-request-id", value);
      s3.emplace_back("x-amz-id-2", S3HostId(value));
    } else if (lower.starts_with("x-oss-meta-")) {
      s3.emplace_back("x-amz-meta-" + lower.substr(11), value);
    } else if (lower == "x-oss-storage-class") {
      std::optional<std::string_view> class_name =
          S3NameOf(kStorageClasses, value);
      if (class_name) s3.emplace_back("x-amz-storage-class", *class_name);
    } else if (std::optional<std::string_view> s3_name =
                   S3NameOf(kRenamedResponseHeaders, lower)) {
      s3.emplace_back(*s3_name, value);
    } else if (!lower.starts_with("x-oss-")) {
      s3.emplace_back(name, value);
    }
  }
  return s3;
}

ServiceError S3Error(ServiceError error) {
  error.ec.clear();
  if (error.code == "FileAlreadyExists") {
    // OSS's answer to x-oss-forbid-overwrite, which an S3 If-None-Match: *
    // became.
    error.http_status = 412;
    error.code = "PreconditionFailed";
    error.message =
        "At least one of the pre-conditions you specified did not hold "
        "(If-None-Match: *, and the object exists)";
  } else if (error.code == "InvalidDigest" &&
             error.message == kDigestMismatchMessage) {
    error.code = "BadDigest";
  } else if (error.code == "InvalidAccessKeyId") {
    error.message =
        "The AWS Access Key Id you provided does not exist in our records.";
  }
  return error;
}

std::string S3Xml(std::string_view oss_xml) {
  pugi::xml_document document;
  if (!document.load_buffer(oss_xml.data(), oss_xml.size(),
                            pugi::parse_default | pugi::parse_declaration)) {
    return std::string(oss_xml);
  }
  pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "Error") {
    root.prepend_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  }
  struct Rewriter : pugi::xml_tree_walker {
    bool for_each(pugi::xml_node& node) override {
      const std::string_view name = node.name();
      if (name == "ETag") {
        node.text().set(util::AsciiLower(node.text().get()).c_str());
      } else if (name == "StorageClass") {
        std::optional<std::string_view> s3 =
            S3NameOf(kStorageClasses, node.text().get());
        if (s3) node.text().set(std::string(*s3).c_str());
      }
      return true;
    }
  } rewriter;
  document.traverse(rewriter);
  std::ostringstream out;
  document.save(out, "", pugi::format_raw);
  return out.str();
}

std::string S3HostId(std::string_view request_id) {
  return util::Base64Encode(util::Sha256(request_id));
}

}  // namespace ossxfer::server
