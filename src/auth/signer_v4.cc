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

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
// Lifetime bounds of a presigned URL, in seconds (oss-protocol.md §4.5,
// s3-protocol.md §2.7).
constexpr int64_t kMinExpires = 1;
constexpr int64_t kMaxExpires = 604800;

// Headers an AWS signer never signs: hop-by-hop headers and User-Agent,
// which a proxy or the HTTP library may add, drop or change after signing
// (botocore's SIGNED_HEADERS_BLACKLIST, s3-protocol.md §2.1), and
// Authorization, which holds the signature.
constexpr auto kNeverSigned = std::to_array<std::string_view>({
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
});

// Headers that are signed whether or not the header list names them.
bool IsSignedByDefault(const V4Parameters& parameters,
                       std::string_view lower_name) {
  if (parameters.header_list != HeaderListRule::kAdditionalHeaders) {
    return false;
  }
  return lower_name.starts_with(parameters.header_prefix) ||
         lower_name == "content-type" || lower_name == "content-md5";
}

// Names a signer leaves out of the header list: for OSS those signed
// anyway (listing one would sign it twice in the server's eyes), for AWS
// those it never signs.
bool IsNeverListed(const V4Parameters& parameters,
                   std::string_view lower_name) {
  if (parameters.header_list == HeaderListRule::kAdditionalHeaders) {
    return IsSignedByDefault(parameters, lower_name);
  }
  return std::find(kNeverSigned.begin(), kNeverSigned.end(), lower_name) !=
         kNeverSigned.end();
}

// The scope's service: the one the scope names, else the dialect's.
std::string_view ServiceOf(const V4Parameters& parameters,
                           const SignerV4Scope& scope) {
  return scope.service.empty() ? parameters.service : scope.service;
}

// Whether the signature carries its header list: OSS rejects an empty
// "AdditionalHeaders=" (oss-protocol.md §4.1), AWS always wants
// SignedHeaders.
bool CarriesHeaderList(const V4Parameters& parameters,
                       const std::vector<std::string>& header_list) {
  return !header_list.empty() ||
         parameters.header_list == HeaderListRule::kSignedHeaders;
}

// "a   b" -> "a b": AWS canonicalises a value's inner runs of spaces.
std::string CollapseSpaces(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string CanonicalHeaders(const V4Parameters& parameters,
                             const SignableRequest& request,
                             const std::vector<std::string>& additional) {
  // Values of one name stay in the order they were sent.
  std::map<std::string, std::vector<std::string_view>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = util::AsciiLower(name);
    if (!IsSignedByDefault(parameters, lower) &&
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
      if (parameters.collapses_header_value_spaces) {
        out += CollapseSpaces(values[i]);
      } else {
        out += values[i];
      }
    }
    out += '\n';
  }
  return out;
}

// The signature proper, shared by the header and the query forms once the
// request carries every signed value.
std::string ComputeSignature(const SignerV4& signer,
                             const SignableRequest& request,
                             const Credentials& credentials,
                             const SignerV4Scope& scope,
                             std::string_view iso8601_basic_time,
                             const std::vector<std::string>& additional) {
  std::string_view day = iso8601_basic_time.substr(0, 8);
  std::string string_to_sign =
      signer.StringToSign(iso8601_basic_time, signer.Scope(day, scope),
                          signer.CanonicalRequest(request, additional));
  return SignerV4::Signature(
      signer.SigningKey(credentials.access_key_secret, day, scope),
      string_to_sign);
}

// "<id>/<yyyymmdd>/<region>/<service>/<terminator>"
std::string Credential(const SignerV4& signer, const Credentials& credentials,
                       std::string_view iso8601_basic_time,
                       const SignerV4Scope& scope) {
  return credentials.access_key_id + "/" +
         signer.Scope(iso8601_basic_time.substr(0, 8), scope);
}

}  // namespace

std::vector<std::string> SignerV4::HeaderList(
    const SignableRequest& request,
    const std::vector<std::string>& additional_headers) const {
  // OSS lists what the caller asks for, AWS every header sent.
  std::vector<std::string> candidates = additional_headers;
  if (parameters_.header_list == HeaderListRule::kSignedHeaders) {
    candidates.clear();
    for (const auto& header : request.headers) {
      candidates.push_back(header.first);
    }
  }
  std::vector<std::string> effective;
  for (const std::string& name : candidates) {
    std::string lower = util::AsciiLower(name);
    // Listing an absent header makes the server expect one that never
    // arrives and so breaks the signature.
    if (IsNeverListed(parameters_, lower) ||
        !request.Header(lower).has_value()) {
      continue;
    }
    effective.push_back(std::move(lower));
  }
  std::sort(effective.begin(), effective.end());
  effective.erase(std::unique(effective.begin(), effective.end()),
                  effective.end());
  return effective;
}

std::string SignerV4::CanonicalUri(const SignableRequest& request) const {
  if (parameters_.canonical_uri == CanonicalUriRule::kRequestPath) {
    return request.path.empty()
               ? "/"
               : util::UriEncode(request.path, /*keep_slash=*/true);
  }
  if (request.bucket.empty()) return "/";
  return util::UriEncode("/" + request.bucket + "/" + request.key,
                         /*keep_slash=*/true);
}

std::string SignerV4::CanonicalQueryString(
    const SignableRequest& request) const {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(request.query.size());
  for (const auto& [name, value] : request.query) {
    if (name == parameters_.presign.signature) continue;
    encoded.emplace_back(util::UriEncode(name), util::UriEncode(value));
  }
  // The order is that of the encoded names: "%2Bp" < "%7Cp" < "p", which
  // the decoded names ("+p", "p", "|p") would not give.
  std::sort(encoded.begin(), encoded.end());

  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    if (!value.empty() || parameters_.empty_query_value_keeps_equals) {
      out += '=';
      out += value;
    }
  }
  return out;
}

std::string SignerV4::CanonicalRequest(
    const SignableRequest& request,
    const std::vector<std::string>& header_list) const {
  return CanonicalRequest(request, header_list,
                          request.Header(parameters_.ContentSha256Header())
                              .value_or(std::string(kUnsignedPayload)));
}

std::string SignerV4::CanonicalRequest(
    const SignableRequest& request, const std::vector<std::string>& header_list,
    std::string_view payload_hash) const {
  std::string out = request.method;
  out += '\n';
  out += CanonicalUri(request);
  out += '\n';
  out += CanonicalQueryString(request);
  out += '\n';
  out += CanonicalHeaders(parameters_, request, header_list);
  out += '\n';
  out += Join(header_list, ';');
  out += '\n';
  out += payload_hash;
  return out;
}

std::string SignerV4::Scope(std::string_view yyyymmdd,
                            const SignerV4Scope& scope) const {
  std::string out(yyyymmdd);
  out += '/';
  out += scope.region;
  out += '/';
  out += ServiceOf(parameters_, scope);
  out += '/';
  out += parameters_.scope_terminator;
  return out;
}

std::string SignerV4::StringToSign(std::string_view iso8601_basic_time,
                                   std::string_view scope,
                                   std::string_view canonical_request) const {
  std::string out(parameters_.algorithm);
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
                                 const SignerV4Scope& scope) const {
  std::string secret(parameters_.key_prefix);
  secret += access_key_secret;
  std::string key = util::HmacSha256(secret, yyyymmdd);
  key = util::HmacSha256(key, scope.region);
  key = util::HmacSha256(key, ServiceOf(parameters_, scope));
  return util::HmacSha256(key, parameters_.scope_terminator);
}

std::string SignerV4::Signature(std::string_view signing_key,
                                std::string_view string_to_sign) {
  return util::HexLower(util::HmacSha256(signing_key, string_to_sign));
}

void SignerV4::SignHeaders(
    SignableRequest& request, const Credentials& credentials,
    const SignerV4Scope& scope, util::SystemTime now,
    const std::vector<std::string>& additional_headers) const {
  if (credentials.anonymous()) return;

  // A request signed again (a retry) must not sign its old Authorization
  // should the caller list it as an additional header.
  std::erase_if(request.headers, [](const auto& header) {
    return util::AsciiLower(header.first) == "authorization";
  });

  std::string timestamp = util::FormatIso8601Basic(now);
  request.SetHeader(parameters_.DateHeader(), timestamp);
  if (parameters_.sends_date_header) {
    // Not signed unless listed, but the OSS SDKs send it (oss-protocol.md
    // §4.1); it is set before the list is resolved so that listing "date"
    // works.
    request.SetHeader("Date", util::FormatHttpDate(now));
  }
  const std::string content_sha256 = parameters_.ContentSha256Header();
  if (!request.Header(content_sha256).has_value()) {
    request.SetHeader(content_sha256, std::string(kUnsignedPayload));
  }
  if (!credentials.security_token.empty()) {
    request.SetHeader(parameters_.SecurityTokenHeader(),
                      credentials.security_token);
  }

  std::vector<std::string> header_list =
      HeaderList(request, additional_headers);
  std::string signature = ComputeSignature(*this, request, credentials, scope,
                                           timestamp, header_list);

  std::string authorization(parameters_.algorithm);
  authorization += " Credential=";
  authorization += Credential(*this, credentials, timestamp, scope);
  if (CarriesHeaderList(parameters_, header_list)) {
    authorization += ',';
    authorization += parameters_.header_list_field;
    authorization += '=';
    authorization += Join(header_list, ';');
  }
  authorization += ",Signature=";
  authorization += signature;
  request.SetHeader("Authorization", std::move(authorization));
}

void SignerV4::Presign(
    SignableRequest& request, const Credentials& credentials,
    const SignerV4Scope& scope, util::SystemTime now, int64_t expires_seconds,
    const std::vector<std::string>& additional_headers) const {
  if (credentials.anonymous()) return;

  // Presigning again must not leave parameters of the previous signature
  // (an old token or header list) in the new one.
  const PresignQueryNames& names = parameters_.presign;
  const auto presign_parameters = std::to_array<std::string_view>(
      {names.algorithm, names.credential, names.date, names.expires,
       names.header_list, names.security_token, names.signature});
  std::erase_if(request.query, [&presign_parameters](const auto& parameter) {
    return std::find(presign_parameters.begin(), presign_parameters.end(),
                     parameter.first) != presign_parameters.end();
  });

  std::string timestamp = util::FormatIso8601Basic(now);
  std::vector<std::string> header_list =
      HeaderList(request, additional_headers);
  // The server refuses any lifetime outside 1..604800 outright, so a URL
  // signed with one would be useless; callers that care validate first.
  int64_t expires = std::clamp(expires_seconds, kMinExpires, kMaxExpires);

  request.SetQuery(names.algorithm, std::string(parameters_.algorithm));
  request.SetQuery(names.credential,
                   Credential(*this, credentials, timestamp, scope));
  request.SetQuery(names.date, timestamp);
  request.SetQuery(names.expires, std::to_string(expires));
  if (CarriesHeaderList(parameters_, header_list)) {
    request.SetQuery(names.header_list, Join(header_list, ';'));
  }
  if (!credentials.security_token.empty()) {
    request.SetQuery(names.security_token, credentials.security_token);
  }

  request.SetQuery(names.signature,
                   ComputeSignature(*this, request, credentials, scope,
                                    timestamp, header_list));
}

}  // namespace ossxfer::auth
