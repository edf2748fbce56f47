// What makes a V4 signature OSS's or AWS's. OSS V4 (OSS4-HMAC-SHA256) and
// AWS SigV4 (AWS4-HMAC-SHA256) are one algorithm: a canonical request, a
// string to sign over its SHA-256, an HMAC-SHA256 key chain over date,
// region, service and a terminator. They differ only in the names and rules
// gathered here, so SignerV4 takes one of these values and has no dialect
// of its own. References: ../shared/oss-protocol.md §4,
// ../shared/s3-protocol.md §1.3 and §2.
#ifndef OSSXFER_AUTH_V4_PARAMETERS_H_
#define OSSXFER_AUTH_V4_PARAMETERS_H_

#include <string>
#include <string_view>

namespace ossxfer::auth {

// Where the canonical URI comes from.
enum class CanonicalUriRule {
  // "/bucket/key" URI-encoded with '/' kept, whatever the URL style: a
  // virtual-hosted request signs its bucket too (OSS, oss-protocol.md §4.2).
  kBucketAndKey,
  // SignableRequest::path, the path as addressed ("/key" virtual-hosted,
  // "/bucket/key" path style), URI-encoded once with '/' kept and never
  // normalised: "//a/../b" is signed as it is (S3, s3-protocol.md §1.3).
  kRequestPath,
};

// Which headers are signed, and what the list in the signature names.
enum class HeaderListRule {
  // OSS: headers with the dialect's prefix, Content-Type and Content-MD5
  // are signed whenever the request carries them and are never listed; the
  // list (AdditionalHeaders) names only the other headers a signer chose to
  // add, and is left out of the signature when it is empty.
  kAdditionalHeaders,
  // AWS: nothing is signed unless listed; the list (SignedHeaders) names
  // every signed header and is always present. A signer lists every header
  // it sends except the hop-by-hop ones and User-Agent, which proxies and
  // HTTP libraries add or change on the way (botocore's rule).
  kSignedHeaders,
};

// The query parameters of a presigned URL, by role.
struct PresignQueryNames {
  std::string_view algorithm;       // its value is V4Parameters::algorithm
  std::string_view credential;      // "<id>/<scope>"
  std::string_view date;            // yyyymmddTHHMMSSZ
  std::string_view expires;         // seconds from `date`
  std::string_view header_list;     // the HeaderListRule's list, ';'-joined
  std::string_view security_token;  // with temporary credentials only
  std::string_view signature;       // the only one not signed
};

// Every field views a string literal: a value of this type is a constant
// of the program, copied freely.
struct V4Parameters {
  std::string_view algorithm;         // first word of Authorization
  std::string_view key_prefix;        // put before the secret in kDate
  std::string_view scope_terminator;  // the scope's last part
  // The scope's service when SignerV4Scope names none. (OSS calls it the
  // product; CloudBox's "oss-cloudbox" is given in the scope.)
  std::string_view service;
  // Of the date, content-sha256 and security-token headers the signer sets,
  // and (kAdditionalHeaders) of the headers signed without being listed.
  std::string_view header_prefix;
  CanonicalUriRule canonical_uri;
  HeaderListRule header_list;
  std::string_view header_list_field;  // its name in Authorization
  // How a query parameter with an empty value ("?uploads") is written in
  // the canonical query: "uploads=" (AWS) or the bare "uploads" (OSS).
  bool empty_query_value_keeps_equals;
  // Whether runs of spaces inside a header value become one space in the
  // canonical headers (AWS); both trim the value's ends.
  bool collapses_header_value_spaces;
  // Whether SignHeaders also sets Date. OSS SDKs send it beside x-oss-date
  // (oss-protocol.md §4.1); AWS SDKs send only x-amz-date, and since AWS
  // signs every header sent, an extra Date would change what is signed.
  bool sends_date_header;
  PresignQueryNames presign;

  std::string DateHeader() const { return Prefixed("date"); }
  std::string ContentSha256Header() const { return Prefixed("content-sha256"); }
  std::string SecurityTokenHeader() const { return Prefixed("security-token"); }

 private:
  std::string Prefixed(std::string_view name) const {
    return std::string(header_prefix) + std::string(name);
  }
};

// OSS signature V4: OSS4-HMAC-SHA256 (oss-protocol.md §4).
inline constexpr V4Parameters kOssV4Parameters{
    .algorithm = "OSS4-HMAC-SHA256",
    .key_prefix = "aliyun_v4",
    .scope_terminator = "aliyun_v4_request",
    .service = "oss",
    .header_prefix = "x-oss-",
    .canonical_uri = CanonicalUriRule::kBucketAndKey,
    .header_list = HeaderListRule::kAdditionalHeaders,
    .header_list_field = "AdditionalHeaders",
    .empty_query_value_keeps_equals = false,
    .collapses_header_value_spaces = false,
    .sends_date_header = true,
    .presign = {.algorithm = "x-oss-signature-version",
                .credential = "x-oss-credential",
                .date = "x-oss-date",
                .expires = "x-oss-expires",
                .header_list = "x-oss-additional-headers",
                .security_token = "x-oss-security-token",
                .signature = "x-oss-signature"},
};

// AWS Signature Version 4 as S3 uses it: AWS4-HMAC-SHA256 with S3's
// unnormalised canonical URI (s3-protocol.md §2). AWS requires Host to be
// signed, so a request signed with this set carries its Host header in
// SignableRequest::headers (OSS signs without it: the executor leaves Host
// to libcurl today), and its path in SignableRequest::path.
inline constexpr V4Parameters kAwsV4Parameters{
    .algorithm = "AWS4-HMAC-SHA256",
    .key_prefix = "AWS4",
    .scope_terminator = "aws4_request",
    .service = "s3",
    .header_prefix = "x-amz-",
    .canonical_uri = CanonicalUriRule::kRequestPath,
    .header_list = HeaderListRule::kSignedHeaders,
    .header_list_field = "SignedHeaders",
    .empty_query_value_keeps_equals = true,
    .collapses_header_value_spaces = true,
    .sends_date_header = false,
    .presign = {.algorithm = "X-Amz-Algorithm",
                .credential = "X-Amz-Credential",
                .date = "X-Amz-Date",
                .expires = "X-Amz-Expires",
                .header_list = "X-Amz-SignedHeaders",
                .security_token = "X-Amz-Security-Token",
                .signature = "X-Amz-Signature"},
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_V4_PARAMETERS_H_
