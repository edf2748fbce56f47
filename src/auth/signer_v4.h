// Signature V4, in the Authorization header and in presigned URLs, for the
// dialect its V4Parameters name: OSS V4 (OSS4-HMAC-SHA256: x-oss-date,
// x-oss-credential, ...) or AWS SigV4 (AWS4-HMAC-SHA256: x-amz-date,
// X-Amz-Credential, ...). The pieces are public because `ossxfer serve`
// recomputes signatures with them.
// References: ../shared/oss-protocol.md §4, ../shared/s3-protocol.md §2.
#ifndef OSSXFER_AUTH_SIGNER_V4_H_
#define OSSXFER_AUTH_SIGNER_V4_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/signable_request.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {

struct SignerV4Scope {
  std::string region;  // bare region id, e.g. "cn-hangzhou", "us-east-1"
  // Empty: the parameter set's service ("oss", "s3"). CloudBox signs with
  // "oss-cloudbox".
  std::string service;
};

class SignerV4 {
 public:
  explicit SignerV4(const V4Parameters& parameters) : parameters_(parameters) {}

  const V4Parameters& parameters() const { return parameters_; }

  // The list of header names the signature carries (see HeaderListRule),
  // lowercased, deduplicated, sorted. kAdditionalHeaders:
  // `additional_headers` without the names signed anyway (the prefix's,
  // content-type, content-md5) and without names the request does not
  // carry. kSignedHeaders: every header the request carries except the
  // hop-by-hop ones and User-Agent; `additional_headers` adds nothing.
  std::vector<std::string> HeaderList(
      const SignableRequest& request,
      const std::vector<std::string>& additional_headers) const;

  // kBucketAndKey: "/bucket/key" URI-encoded with '/' kept ("/" alone for
  // the service, "/bucket/" for a bucket-level call). kRequestPath: the
  // request's path, encoded the same way.
  std::string CanonicalUri(const SignableRequest& request) const;

  // Every query parameter, RFC 3986 encoded, sorted by the encoded name;
  // "name=value", and for an empty value "name=" or the bare name as the
  // parameters say. The signature parameter is left out.
  std::string CanonicalQueryString(const SignableRequest& request) const;

  // VERB \n URI \n query \n headers \n header list \n payload hash. The
  // payload hash is the content-sha256 header, or UNSIGNED-PAYLOAD.
  // `header_list` must already be what HeaderList gives (or what a
  // received signature names).
  std::string CanonicalRequest(
      const SignableRequest& request,
      const std::vector<std::string>& header_list) const;
  // The same with the payload hash given: AWS's generic SigV4 test suite
  // signs the body's hash in presigned requests, where S3 and OSS sign
  // UNSIGNED-PAYLOAD.
  std::string CanonicalRequest(const SignableRequest& request,
                               const std::vector<std::string>& header_list,
                               std::string_view payload_hash) const;

  // "20231216/cn-hangzhou/oss/aliyun_v4_request"
  std::string Scope(std::string_view yyyymmdd,
                    const SignerV4Scope& scope) const;

  // "<algorithm>\n<date>\n<scope>\n<hex sha256(canonical)>"
  std::string StringToSign(std::string_view iso8601_basic_time,
                           std::string_view scope,
                           std::string_view canonical_request) const;

  // The raw 32-byte kSigning key (oss-protocol.md §4.3,
  // s3-protocol.md §2.3).
  std::string SigningKey(std::string_view access_key_secret,
                         std::string_view yyyymmdd,
                         const SignerV4Scope& scope) const;

  // Lowercase hex HMAC-SHA256(signing_key, string_to_sign).
  static std::string Signature(std::string_view signing_key,
                               std::string_view string_to_sign);

  // Sets the date header (from `now`), the content-sha256 header
  // (UNSIGNED-PAYLOAD unless already set), the security-token header (with
  // a token), Date when the parameters say so, and Authorization (with the
  // header list when the rule asks for it). Anonymous credentials leave the
  // request as is.
  void SignHeaders(
      SignableRequest& request, const Credentials& credentials,
      const SignerV4Scope& scope, util::SystemTime now,
      const std::vector<std::string>& additional_headers = {}) const;

  // Adds the presign query parameters (algorithm, credential, date,
  // expires in seconds clamped to 1..604800, the header list when the rule
  // asks for it, the security token with a token) and then the signature to
  // request.query.
  void Presign(SignableRequest& request, const Credentials& credentials,
               const SignerV4Scope& scope, util::SystemTime now,
               int64_t expires_seconds,
               const std::vector<std::string>& additional_headers = {}) const;

 private:
  V4Parameters parameters_;
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_SIGNER_V4_H_
