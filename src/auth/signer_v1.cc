#include "auth/signer_v1.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "util/digest.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::auth {
namespace {

// The union of the sub-resource lists of GO2, CPP and JAVA (§3.1), kept
// sorted so that a lookup is a binary search. The server builds its resource
// from the union too, so signing a name that one SDK leaves out is harmless,
// while leaving out a name the server signs breaks the signature.
// "resourceGroup" is one of GO2's operation-specific extras; the §3.2
// vectors sign it on a bucket-level GET.
constexpr auto kSignedSubresources = std::to_array<std::string_view>({
    "acl",
    "append",
    "asyncFetch",
    "bucketInfo",
    "callback",
    "callback-var",
    "cloudboxes",
    "cname",
    "comp",
    "continuation-token",
    "cors",
    "delete",
    "encryption",
    "endTime",
    "img",
    "inventory",
    "inventoryId",
    "lifecycle",
    "live",
    "location",
    "logging",
    "objectMeta",
    "partNumber",
    "policy",
    "position",
    "processConfiguration",
    "qos",
    "qosInfo",
    "referer",
    "regionList",
    "replication",
    "replicationLocation",
    "replicationProgress",
    "requestPayment",
    "resourceGroup",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "security-token",
    "sequential",
    "startTime",
    "stat",
    "status",
    "style",
    "styleName",
    "symlink",
    "tagging",
    // JAVA's "udf*" family.
    "udf",
    "udfApplication",
    "udfApplicationLog",
    "udfImage",
    "udfImageDesc",
    "udfName",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "vip",
    "vod",
    "vpcip",
    "website",
    "worm",
    "wormExtend",
    "wormId",
});
static_assert(std::is_sorted(kSignedSubresources.begin(),
                             kSignedSubresources.end()));

// botocore's HmacV1Auth.QSAOfInterest (s3-protocol.md §2.7), sorted: the
// query parameters an S3 V2 signature covers.
constexpr auto kS3SignedSubresources = std::to_array<std::string_view>({
    "accelerate",
    "acl",
    "analytics",
    "cors",
    "defaultObjectAcl",
    "delete",
    "inventory",
    "lifecycle",
    "location",
    "logging",
    "metrics",
    "notification",
    "object-lock",
    "partNumber",
    "policy",
    "replication",
    "requestPayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "select",
    "select-type",
    "storageClass",
    "tagging",
    "torrent",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "website",
});
static_assert(std::is_sorted(kS3SignedSubresources.begin(),
                             kS3SignedSubresources.end()));

// The presigned-URL authentication parameters. None of them is in the list
// above, but they are excluded explicitly so that adding an "Expires"-like
// name to the list later can never make a URL sign its own signature.
constexpr auto kPresignParameters = std::to_array<std::string_view>({
    "AWSAccessKeyId",
    "Expires",
    "OSSAccessKeyId",
    "Signature",
});

bool IsPresignParameter(std::string_view name) {
  return std::find(kPresignParameters.begin(), kPresignParameters.end(),
                   name) != kPresignParameters.end();
}

}  // namespace

bool SignerV1::IsSignedSubresource(std::string_view name,
                                   const V1Parameters& parameters) {
  if (parameters.subresources == SubresourceList::kS3) {
    return std::binary_search(kS3SignedSubresources.begin(),
                              kS3SignedSubresources.end(), name);
  }
  if (name.starts_with("x-oss-")) return true;
  return std::binary_search(kSignedSubresources.begin(),
                            kSignedSubresources.end(), name);
}

std::string SignerV1::CanonicalizedResource(const SignableRequest& request,
                                            const V1Parameters& parameters) {
  std::string resource = "/";
  if (parameters.encodes_resource_path) {
    // S3 signs the path as sent, the bucket always in it: "/bucket" or
    // "/bucket/" as a path-style client wrote it, "/bucket/" for a
    // virtual-hosted one, and "/bucket/<encoded key>" either way.
    if (!request.key.empty()) {
      resource += request.bucket + "/" +
                  util::UriEncode(request.key, /*keep_slash=*/true);
    } else if (!request.bucket.empty()) {
      resource =
          request.path.size() > 1 ? request.path : "/" + request.bucket + "/";
    }
  } else if (!request.bucket.empty()) {
    resource += request.bucket;
    resource += '/';
    resource += request.key;
  }

  std::vector<std::pair<std::string_view, std::string_view>> signed_parameters;
  for (const auto& [name, value] : request.query) {
    if (IsPresignParameter(name) || !IsSignedSubresource(name, parameters)) {
      continue;
    }
    signed_parameters.emplace_back(name, value);
  }
  // Sorting on the value too keeps a repeated name deterministic.
  std::sort(signed_parameters.begin(), signed_parameters.end());

  char separator = '?';
  for (const auto& [name, value] : signed_parameters) {
    resource += separator;
    separator = '&';
    resource += name;
    if (!value.empty()) {
      resource += '=';
      resource += value;
    }
  }
  return resource;
}

std::string SignerV1::CanonicalizedHeaders(const SignableRequest& request,
                                           const V1Parameters& parameters) {
  // Values of one name stay in the order they were sent.
  std::map<std::string, std::vector<std::string_view>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = util::AsciiLower(name);
    if (!lower.starts_with(parameters.header_prefix)) continue;
    headers[std::move(lower)].push_back(
        util::Trim(value, util::kHttpWhitespace));
  }

  std::string out;
  for (const auto& [name, values] : headers) {
    out += name;
    out += ':';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      out += values[i];
    }
    out += '\n';
  }
  return out;
}

std::string SignerV1::StringToSign(const SignableRequest& request,
                                   std::string_view date_line,
                                   const V1Parameters& parameters) {
  std::string out = request.method;
  out += '\n';
  out += request.Header("Content-MD5").value_or("");
  out += '\n';
  out += request.Header("Content-Type").value_or("");
  out += '\n';
  out += date_line;
  out += '\n';
  out += CanonicalizedHeaders(request, parameters);
  out += CanonicalizedResource(request, parameters);
  return out;
}

std::string SignerV1::Signature(std::string_view access_key_secret,
                                std::string_view string_to_sign) {
  return util::Base64Encode(util::HmacSha1(access_key_secret, string_to_sign));
}

void SignerV1::SignHeaders(SignableRequest& request,
                           const Credentials& credentials,
                           util::SystemTime now) {
  if (credentials.anonymous()) return;

  // CPP would sign x-oss-date here instead; GO2 signs Date, and the server
  // accepts either, so the simpler GO2 rule is used.
  std::string date = util::FormatHttpDate(now);
  request.SetHeader("Date", date);
  if (!credentials.security_token.empty()) {
    // Set before the string to sign is built: the token is an x-oss-*
    // header and therefore signed.
    request.SetHeader("x-oss-security-token", credentials.security_token);
  }

  std::string signature =
      Signature(credentials.access_key_secret, StringToSign(request, date));
  request.SetHeader("Authorization",
                    "OSS " + credentials.access_key_id + ":" + signature);
}

void SignerV1::Presign(SignableRequest& request, const Credentials& credentials,
                       int64_t expires_unix_seconds) {
  if (credentials.anonymous()) return;

  // A stale token from an earlier presign must not stay signed.
  std::erase_if(request.query, [](const auto& parameter) {
    return parameter.first == "security-token";
  });
  if (!credentials.security_token.empty()) {
    // The token is a signed sub-resource, so it must be in the query before
    // the string to sign is built.
    request.SetQuery("security-token", credentials.security_token);
  }

  std::string expires = std::to_string(expires_unix_seconds);
  std::string signature =
      Signature(credentials.access_key_secret, StringToSign(request, expires));
  request.SetQuery("OSSAccessKeyId", credentials.access_key_id);
  request.SetQuery("Expires", std::move(expires));
  request.SetQuery("Signature", std::move(signature));
}

}  // namespace ossxfer::auth
