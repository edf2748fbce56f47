#include "auth/signer_v4.h"

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

constexpr std::string_view kAlgorithm = "OSS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aliyun_v4_request";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kContentSha256 = "x-oss-content-sha256";
constexpr std::string_view kSecurityToken = "x-oss-security-token";
constexpr std::string_view kSignatureParameter = "x-oss-signature";
// Lifetime bounds of a presigned URL, in seconds (§4.5).
constexpr int64_t kMinExpires = 1;
constexpr int64_t kMaxExpires = 604800;

constexpr auto kPresignParameters = std::to_array<std::string_view>({
    "x-oss-signature-version",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-additional-headers",
    "x-oss-security-token",
    "x-oss-signature",
});

// Headers that are signed whether or not AdditionalHeaders names them.
bool IsSignedByDefault(std::string_view lower_name) {
  return lower_name.starts_with("x-oss-") || lower_name == "content-type" ||
         lower_name == "content-md5";
}

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string CanonicalHeaders(const SignableRequest& request,
                             const std::vector<std::string>& additional) {
  // Values of one name stay in the order they were sent.
  std::map<std::string, std::vector<std::string_view>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = util::AsciiLower(name);
    if (!IsSignedByDefault(lower) &&
        std::find(additional.begin(), additional.end(), lower) ==
            additional.end()) {
      continue;
    }
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

// The signature proper, shared by the header and the query forms once the
// request carries every signed value.
std::string ComputeSignature(const SignableRequest& request,
                             const Credentials& credentials,
                             const SignerV4Scope& scope,
                             std::string_view iso8601_basic_time,
                             const std::vector<std::string>& additional) {
  std::string_view day = iso8601_basic_time.substr(0, 8);
  std::string string_to_sign =
      SignerV4::StringToSign(iso8601_basic_time, SignerV4::Scope(day, scope),
                             SignerV4::CanonicalRequest(request, additional));
  return SignerV4::Signature(
      SignerV4::SigningKey(credentials.access_key_secret, day, scope),
      string_to_sign);
}

}  // namespace

std::vector<std::string> SignerV4::EffectiveAdditionalHeaders(
    const SignableRequest& request,
    const std::vector<std::string>& additional_headers) {
  std::vector<std::string> effective;
  for (const std::string& name : additional_headers) {
    std::string lower = util::AsciiLower(name);
    // Listing a default-signed name would sign it twice in the server's
    // eyes, and listing an absent one makes the server expect a header that
    // never arrives; both break the signature, so they are dropped.
    if (IsSignedByDefault(lower) || !request.Header(lower).has_value()) {
      continue;
    }
    effective.push_back(std::move(lower));
  }
  std::sort(effective.begin(), effective.end());
  effective.erase(std::unique(effective.begin(), effective.end()),
                  effective.end());
  return effective;
}

std::string SignerV4::CanonicalUri(const SignableRequest& request) {
  if (request.bucket.empty()) return "/";
  return util::UriEncode("/" + request.bucket + "/" + request.key,
                         /*keep_slash=*/true);
}

std::string SignerV4::CanonicalQueryString(const SignableRequest& request) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(request.query.size());
  for (const auto& [name, value] : request.query) {
    if (name == kSignatureParameter) continue;
    encoded.emplace_back(util::UriEncode(name), util::UriEncode(value));
  }
  // The order is that of the encoded names: "%2Bp" < "%7Cp" < "p", which
  // the decoded names ("+p", "p", "|p") would not give.
  std::sort(encoded.begin(), encoded.end());

  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    if (!value.empty()) {
      out += '=';
      out += value;
    }
  }
  return out;
}

std::string SignerV4::CanonicalRequest(
    const SignableRequest& request,
    const std::vector<std::string>& additional_headers) {
  std::string out = request.method;
  out += '\n';
  out += CanonicalUri(request);
  out += '\n';
  out += CanonicalQueryString(request);
  out += '\n';
  out += CanonicalHeaders(request, additional_headers);
  out += '\n';
  out += Join(additional_headers, ';');
  out += '\n';
  out += request.Header(kContentSha256).value_or(std::string(kUnsignedPayload));
  return out;
}

std::string SignerV4::Scope(std::string_view yyyymmdd,
                            const SignerV4Scope& scope) {
  std::string out(yyyymmdd);
  out += '/';
  out += scope.region;
  out += '/';
  out += scope.product;
  out += '/';
  out += kTerminator;
  return out;
}

std::string SignerV4::StringToSign(std::string_view iso8601_basic_time,
                                   std::string_view scope,
                                   std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out += '\n';
  out += iso8601_basic_time;
  out += '\n';
  out += scope;
  out += '\n';
  out += util::HexLower(util::Sha256(canonical_request));
  return out;
}

std::string SignerV4::SigningKey(std::string_view access_key_secret,
                                 std::string_view yyyymmdd,
                                 const SignerV4Scope& scope) {
  std::string secret = "aliyun_v4";
  secret += access_key_secret;
  std::string key = util::HmacSha256(secret, yyyymmdd);
  key = util::HmacSha256(key, scope.region);
  key = util::HmacSha256(key, scope.product);
  return util::HmacSha256(key, kTerminator);
}

std::string SignerV4::Signature(std::string_view signing_key,
                                std::string_view string_to_sign) {
  return util::HexLower(util::HmacSha256(signing_key, string_to_sign));
}

void SignerV4::SignHeaders(SignableRequest& request,
                           const Credentials& credentials,
                           const SignerV4Scope& scope, util::SystemTime now,
                           const std::vector<std::string>& additional_headers) {
  if (credentials.anonymous()) return;

  // A request signed again (a retry) must not sign its old Authorization
  // should the caller list it as an additional header.
  std::erase_if(request.headers, [](const auto& header) {
    return util::AsciiLower(header.first) == "authorization";
  });

  std::string timestamp = util::FormatIso8601Basic(now);
  request.SetHeader("x-oss-date", timestamp);
  // Not signed unless listed, but the SDKs send it (§4.1); it is set before
  // the additional list is resolved so that listing "date" works.
  request.SetHeader("Date", util::FormatHttpDate(now));
  if (!request.Header(kContentSha256).has_value()) {
    request.SetHeader(kContentSha256, std::string(kUnsignedPayload));
  }
  if (!credentials.security_token.empty()) {
    request.SetHeader(kSecurityToken, credentials.security_token);
  }

  std::vector<std::string> additional =
      EffectiveAdditionalHeaders(request, additional_headers);
  std::string signature =
      ComputeSignature(request, credentials, scope, timestamp, additional);

  std::string authorization(kAlgorithm);
  authorization += " Credential=";
  authorization += credentials.access_key_id;
  authorization += '/';
  authorization += Scope(std::string_view(timestamp).substr(0, 8), scope);
  // An empty "AdditionalHeaders=" is rejected by the server (§4.1).
  if (!additional.empty()) {
    authorization += ",AdditionalHeaders=";
    authorization += Join(additional, ';');
  }
  authorization += ",Signature=";
  authorization += signature;
  request.SetHeader("Authorization", std::move(authorization));
}

void SignerV4::Presign(SignableRequest& request, const Credentials& credentials,
                       const SignerV4Scope& scope, util::SystemTime now,
                       int64_t expires_seconds,
                       const std::vector<std::string>& additional_headers) {
  if (credentials.anonymous()) return;

  // Presigning again must not leave parameters of the previous signature
  // (an old token or header list) in the new one.
  std::erase_if(request.query, [](const auto& parameter) {
    return std::find(kPresignParameters.begin(), kPresignParameters.end(),
                     parameter.first) != kPresignParameters.end();
  });

  std::string timestamp = util::FormatIso8601Basic(now);
  std::vector<std::string> additional =
      EffectiveAdditionalHeaders(request, additional_headers);
  // The server refuses any lifetime outside 1..604800 outright, so a URL
  // signed with one would be useless; callers that care validate first.
  int64_t expires = std::clamp(expires_seconds, kMinExpires, kMaxExpires);

  request.SetQuery("x-oss-signature-version", std::string(kAlgorithm));
  request.SetQuery("x-oss-credential",
                   credentials.access_key_id + "/" +
                       Scope(std::string_view(timestamp).substr(0, 8), scope));
  request.SetQuery("x-oss-date", timestamp);
  request.SetQuery("x-oss-expires", std::to_string(expires));
  if (!additional.empty()) {
    request.SetQuery("x-oss-additional-headers", Join(additional, ';'));
  }
  if (!credentials.security_token.empty()) {
    request.SetQuery(kSecurityToken, credentials.security_token);
  }

  request.SetQuery(
      kSignatureParameter,
      ComputeSignature(request, credentials, scope, timestamp, additional));
}

}  // namespace ossxfer::auth
