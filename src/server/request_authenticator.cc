#include "server/request_authenticator.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "auth/signer_v1.h"
#include "auth/signer_v4.h"
#include "server/store_errors.h"
#include "util/numbers.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

constexpr auto kMaxSkew = std::chrono::minutes(15);

Status Mismatch(std::string_view ec) {
  return Status::FromServiceError(ServiceError{
      403, "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you "
      "provided. Check your key and signing method.",
      "", "", std::string(ec)});
}

Status Skewed() {
  return OssError(
      403, "RequestTimeTooSkewed",
      "The difference between the request time and the current time "
      "is too large.");
}

bool WithinSkew(util::SystemTime sent, util::SystemTime now) {
  auto difference = sent > now ? sent - now : now - sent;
  return difference <= kMaxSkew;
}

std::vector<std::string> SplitList(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    size_t at = text.find(separator);
    // Spaces only: the separators a signer writes are ", " and ";".
    std::string_view part = util::Trim(text.substr(0, at), " ");
    if (!part.empty()) parts.emplace_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

// A constant-time comparison, so response timing does not reveal how much
// of a guessed signature was right.
bool SameSignature(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= a[i] ^ b[i];
  return difference == 0;
}

}  // namespace

auth::SignableRequest RequestAuthenticator::SignableWithQueryHeaders(
    const ServerRequest& request) const {
  auth::SignableRequest signable = request.ToSignable();
  if (v1_.subresources != auth::SubresourceList::kS3) return signable;
  // An S3 V2 presigned URL carries in its query the headers it signed
  // (botocore's HmacV1QueryAuth moves x-amz-*, Content-MD5 and Content-Type
  // there, the security token too): they sign as headers.
  for (const auto& [name, value] : request.query) {
    const std::string lower = util::AsciiLower(name);
    if (lower.starts_with(v1_.header_prefix) || lower == "content-md5" ||
        lower == "content-type") {
      std::erase_if(signable.headers, [&](const auto& header) {
        return util::AsciiLower(header.first) == lower;
      });
      signable.headers.emplace_back(lower, value);
    }
  }
  return signable;
}

std::optional<V4Credential> RequestAuthenticator::ParseV4Credential(
    std::string_view text) const {
  std::vector<std::string> parts = SplitList(text, '/');
  if (parts.size() != 5 ||
      parts[4] != signer_v4_.parameters().scope_terminator ||
      parts[1].size() != 8) {
    return std::nullopt;
  }
  return V4Credential{parts[0], parts[1],
                      auth::SignerV4Scope{parts[2], parts[3]}};
}

// Recomputes the V4 signature (header or query form: the canonical request
// covers both) and compares it with the one provided.
Status RequestAuthenticator::CompareV4(
    const ServerRequest& request, std::string_view date,
    const V4Credential& credential, const std::vector<std::string>& header_list,
    std::string_view provided, AuthenticationFailure* failure) const {
  // AWS signs only the headers it lists, so a list without Host would let
  // a signature be replayed against another host.
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  if (v4.header_list == auth::HeaderListRule::kSignedHeaders &&
      std::find(header_list.begin(), header_list.end(), "host") ==
          header_list.end()) {
    return OssError(400, "AuthorizationHeaderMalformed",
                    fmt::format("{} must include host", v4.header_list_field));
  }
  std::string canonical =
      signer_v4_.CanonicalRequest(request.ToSignable(), header_list);
  std::string string_to_sign = signer_v4_.StringToSign(
      date, signer_v4_.Scope(credential.date, credential.scope), canonical);
  std::string expected = auth::SignerV4::Signature(
      signer_v4_.SigningKey(credentials_.access_key_secret, credential.date,
                            credential.scope),
      string_to_sign);
  if (SameSignature(expected, provided)) return Status();
  if (failure) {
    *failure =
        AuthenticationFailure{string_to_sign, canonical,
                              credential.access_key_id, std::string(provided)};
  }
  return Mismatch("0002-00000201");
}

Status RequestAuthenticator::CheckAccessKeyAndToken(
    std::string_view access_key_id,
    const std::optional<std::string>& token) const {
  if (access_key_id != credentials_.access_key_id) {
    return OssError(
        403, "InvalidAccessKeyId",
        "The OSS Access Key Id you provided does not exist in our records.");
  }
  if (!credentials_.security_token.empty() &&
      token.value_or("") != credentials_.security_token) {
    return OssError(403, "InvalidSecurityToken",
                    "The security token you provided is invalid.");
  }
  return Status();
}

Status RequestAuthenticator::Authenticate(
    const ServerRequest& request, util::SystemTime now,
    AuthenticationFailure* failure) const {
  if (anonymous_) return Status();
  std::optional<std::string> authorization = request.Header("Authorization");
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  bool v1_query = request.HasQuery(v1_.access_key_id_query) ||
                  request.HasQuery("Signature");
  bool v4_query = request.HasQuery(v4.presign.signature);
  if (authorization && (v1_query || v4_query)) {
    return OssError(
        400, "InvalidArgument",
        "Only one auth mechanism allowed; only the X-OSS-Signature query "
        "parameter or the Authorization header should be specified");
  }
  if (authorization) {
    if (authorization->starts_with(std::string(v4.algorithm) + " ")) {
      return CheckV4Header(request, *authorization, now, failure);
    }
    if (authorization->starts_with(std::string(v1_.authorization_word) + " ")) {
      return CheckV1Header(request, *authorization, now, failure);
    }
    return OssError(400, "InvalidArgument",
                    fmt::format("Authorization header is invalid: expected "
                                "\"{} <id>:<signature>\" or \"{} "
                                "Credential=...\"",
                                v1_.authorization_word, v4.algorithm));
  }
  if (v4_query) return CheckV4Query(request, now, failure);
  if (v1_query) return CheckV1Query(request, now, failure);
  return OssError(
      403, "AccessDenied",
      "You have no right to access this object because of bucket acl.");
}

Status RequestAuthenticator::CheckV1Header(
    const ServerRequest& request, std::string_view authorization,
    util::SystemTime now, AuthenticationFailure* failure) const {
  std::string_view credential =
      authorization.substr(v1_.authorization_word.size() + 1);
  size_t colon = credential.rfind(':');
  if (colon == std::string_view::npos) {
    return OssError(400, "InvalidArgument",
                    "Authorization header is invalid: no ':'");
  }
  std::string_view access_key_id = credential.substr(0, colon);
  std::string_view provided = credential.substr(colon + 1);
  const std::string prefix(v1_.header_prefix);
  Status identity = CheckAccessKeyAndToken(
      access_key_id, request.Header(prefix + "security-token"));
  if (!identity.ok()) return identity;

  // CPP SDKs sign x-oss-date, GO2 signs Date: a match against either counts.
  std::vector<std::string> date_lines;
  if (auto date = request.Header("Date")) date_lines.push_back(*date);
  if (auto prefixed_date = request.Header(prefix + "date"))
    date_lines.push_back(*prefixed_date);
  if (date_lines.empty()) {
    return OssError(403, "AccessDenied",
                    "Date header is missing from a signed request.");
  }
  std::optional<util::SystemTime> sent =
      util::ParseHttpDate(date_lines.front());
  if (!sent) {
    return OssError(
        403, "AccessDenied",
        "Date header is not a valid RFC 1123 date: " + date_lines.front());
  }
  if (!WithinSkew(*sent, now)) return Skewed();

  auth::SignableRequest signable = request.ToSignable();
  std::string first_string_to_sign;
  for (const std::string& date_line : date_lines) {
    std::string string_to_sign =
        auth::SignerV1::StringToSign(signable, date_line, v1_);
    if (first_string_to_sign.empty()) first_string_to_sign = string_to_sign;
    if (SameSignature(auth::SignerV1::Signature(credentials_.access_key_secret,
                                                string_to_sign),
                      provided)) {
      return Status();
    }
  }
  if (failure) {
    *failure = AuthenticationFailure{first_string_to_sign, "",
                                     std::string(access_key_id),
                                     std::string(provided)};
  }
  return Mismatch("0002-00000040");
}

Result<RequestAuthenticator::V4Authorization>
RequestAuthenticator::ParseV4Authorization(
    std::string_view authorization) const {
  // "<algorithm> Credential=..,<header list field>=..,Signature=.." (for
  // OSS "OSS4-HMAC-SHA256 Credential=..,AdditionalHeaders=..,Signature=..")
  // with optional spaces after the commas.
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  V4Authorization parsed;
  for (const std::string& field :
       SplitList(authorization.substr(v4.algorithm.size() + 1), ',')) {
    size_t equals = field.find('=');
    std::string name = field.substr(0, equals);
    std::string value =
        equals == std::string::npos ? "" : field.substr(equals + 1);
    if (name == "Credential") {
      parsed.credential = ParseV4Credential(value);
    } else if (name == v4.header_list_field) {
      if (value.empty()) {
        return OssError(
            400, "InvalidArgument",
            fmt::format("{} is empty in Authorization", v4.header_list_field));
      }
      parsed.header_list = SplitList(value, ';');
    } else if (name == "Signature") {
      parsed.signature = value;
    }
  }
  if (!parsed.credential || parsed.signature.empty()) {
    return OssError(400, "InvalidArgument",
                    fmt::format("Authorization header is invalid: it needs "
                                "Credential=<id>/<date>/<region>/{}/{} and "
                                "Signature=<hex>",
                                v4.service, v4.scope_terminator));
  }
  return parsed;
}

std::optional<ChunkSigning> RequestAuthenticator::ChunkSigningOf(
    const ServerRequest& request) const {
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  std::optional<std::string> authorization = request.Header("Authorization");
  std::optional<std::string> date = request.Header(v4.DateHeader());
  if (anonymous_ || !authorization || !date ||
      !authorization->starts_with(std::string(v4.algorithm) + " ")) {
    return std::nullopt;
  }
  Result<V4Authorization> parsed = ParseV4Authorization(*authorization);
  if (!parsed.ok()) return std::nullopt;
  const V4Credential& credential = *parsed->credential;
  return ChunkSigning{signer_v4_.SigningKey(credentials_.access_key_secret,
                                            credential.date, credential.scope),
                      *date,
                      signer_v4_.Scope(credential.date, credential.scope),
                      parsed->signature};
}

Status RequestAuthenticator::CheckV4Header(
    const ServerRequest& request, std::string_view authorization,
    util::SystemTime now, AuthenticationFailure* failure) const {
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  Result<V4Authorization> parsed = ParseV4Authorization(authorization);
  if (!parsed.ok()) return parsed.status();
  std::optional<V4Credential>& credential = parsed->credential;
  const std::vector<std::string>& header_list = parsed->header_list;
  const std::string& provided = parsed->signature;
  Status identity = CheckAccessKeyAndToken(
      credential->access_key_id, request.Header(v4.SecurityTokenHeader()));
  if (!identity.ok()) return identity;
  const std::string date_header = v4.DateHeader();
  std::optional<std::string> date = request.Header(date_header);
  std::optional<util::SystemTime> sent =
      date ? util::ParseIso8601Basic(*date) : std::nullopt;
  if (!sent) {
    return OssError(
        403, "AccessDenied",
        fmt::format("{} is missing or not yyyyMMddTHHmmssZ", date_header));
  }
  if (date->substr(0, 8) != credential->date) {
    return OssError(
        403, "AccessDenied",
        "The date in the credential scope differs from " + date_header);
  }
  if (!WithinSkew(*sent, now)) return Skewed();
  const std::string content_sha256 = v4.ContentSha256Header();
  if (!request.Header(content_sha256)) {
    return OssError(403, "AccessDenied",
                    content_sha256 + " is required with V4 signatures");
  }
  return CompareV4(request, *date, *credential, header_list, provided, failure);
}

Status RequestAuthenticator::CheckV1Query(
    const ServerRequest& request, util::SystemTime now,
    AuthenticationFailure* failure) const {
  std::optional<std::string> access_key_id =
      request.Query(v1_.access_key_id_query);
  std::optional<std::string> expires = request.Query("Expires");
  std::optional<std::string> provided = request.Query("Signature");
  if (!access_key_id || !expires || !provided) {
    return OssError(400, "InvalidArgument",
                    fmt::format("A {} presigned URL needs {}, Expires and "
                                "Signature",
                                v1_.name, v1_.access_key_id_query));
  }
  Status identity = CheckAccessKeyAndToken(
      *access_key_id, request.Query(v1_.security_token_query));
  if (!identity.ok()) return identity;
  std::optional<uint64_t> expiry = util::ParseUint64(*expires);
  if (!expiry)
    return OssError(400, "InvalidArgument",
                    "Expires is not a number: " + *expires);
  if (static_cast<int64_t>(*expiry) < util::ToUnixSeconds(now)) {
    return OssError(403, "AccessDenied", "Request has expired.");
  }
  std::string string_to_sign = auth::SignerV1::StringToSign(
      SignableWithQueryHeaders(request), *expires, v1_);
  if (SameSignature(auth::SignerV1::Signature(credentials_.access_key_secret,
                                              string_to_sign),
                    *provided)) {
    return Status();
  }
  if (failure)
    *failure =
        AuthenticationFailure{string_to_sign, "", *access_key_id, *provided};
  return Mismatch("0002-00000040");
}

Status RequestAuthenticator::CheckV4Query(
    const ServerRequest& request, util::SystemTime now,
    AuthenticationFailure* failure) const {
  const auth::V4Parameters& v4 = signer_v4_.parameters();
  const auth::PresignQueryNames& names = v4.presign;
  std::optional<std::string> version = request.Query(names.algorithm);
  std::optional<std::string> credential_text = request.Query(names.credential);
  std::optional<std::string> date = request.Query(names.date);
  std::optional<std::string> expires = request.Query(names.expires);
  std::optional<std::string> provided = request.Query(names.signature);
  if (!version || !credential_text || !date || !expires || !provided) {
    return OssError(
        400, "InvalidArgument",
        fmt::format("A V4 presigned URL needs {}, {}, {}, {} and {}",
                    names.algorithm, names.credential, names.date,
                    names.expires, names.signature));
  }
  if (*version != v4.algorithm) {
    return OssError(
        400, "InvalidArgument",
        fmt::format("{} must be {}", names.algorithm, v4.algorithm));
  }
  std::optional<V4Credential> credential = ParseV4Credential(*credential_text);
  if (!credential) {
    return OssError(400, "InvalidArgument",
                    fmt::format("{} is malformed", names.credential));
  }
  Status identity = CheckAccessKeyAndToken(credential->access_key_id,
                                           request.Query(names.security_token));
  if (!identity.ok()) return identity;
  std::optional<util::SystemTime> signed_at = util::ParseIso8601Basic(*date);
  std::optional<uint64_t> lifetime = util::ParseUint64(*expires);
  if (!signed_at || !lifetime || *lifetime < 1 || *lifetime > 604800) {
    return OssError(400, "InvalidArgument",
                    fmt::format("{} must be yyyyMMddTHHmmssZ and {} "
                                "1..604800 seconds",
                                names.date, names.expires));
  }
  if (*signed_at > now + kMaxSkew) return Skewed();
  if (now > *signed_at + std::chrono::seconds(*lifetime)) {
    return OssError(403, "AccessDenied", "Request has expired.");
  }
  std::vector<std::string> header_list =
      SplitList(request.Query(names.header_list).value_or(""), ';');
  return CompareV4(request, *date, *credential, header_list, *provided,
                   failure);
}

}  // namespace ossxfer::server
