// OSS signature V4: OSS4-HMAC-SHA256, in the Authorization header and in
// presigned URLs (x-oss-signature-version, x-oss-credential, ...).
// Reference: ../shared/oss-protocol.md §4.
#ifndef OSSXFER_AUTH_SIGNER_V4_H_
#define OSSXFER_AUTH_SIGNER_V4_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/signable_request.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {

struct SignerV4Scope {
  std::string region;           // bare region id, e.g. "cn-hangzhou"
  std::string product = "oss";  // "oss-cloudbox" for CloudBox
};

class SignerV4 {
 public:
  // The AdditionalHeaders list as it is signed: lowercased, deduplicated,
  // sorted, without names signed anyway (x-oss-*, content-type,
  // content-md5) and without names the request does not carry.
  static std::vector<std::string> EffectiveAdditionalHeaders(
      const SignableRequest& request,
      const std::vector<std::string>& additional_headers);

  // "/bucket/key" URI-encoded with '/' kept ("/" alone for the service,
  // "/bucket/" for a bucket-level call).
  static std::string CanonicalUri(const SignableRequest& request);

  // Every query parameter, RFC 3986 encoded, sorted by the encoded name;
  // "name=value" or the bare name when the value is empty. The
  // x-oss-signature parameter is left out.
  static std::string CanonicalQueryString(const SignableRequest& request);

  // VERB \n URI \n query \n headers \n additional \n payload hash. The
  // payload hash is the x-oss-content-sha256 header, or UNSIGNED-PAYLOAD.
  // `additional_headers` must already be effective (see above).
  static std::string CanonicalRequest(
      const SignableRequest& request,
      const std::vector<std::string>& additional_headers);

  // "20231216/cn-hangzhou/oss/aliyun_v4_request"
  static std::string Scope(std::string_view yyyymmdd,
                           const SignerV4Scope& scope);

  // "OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\n<hex sha256(canonical)>"
  static std::string StringToSign(std::string_view iso8601_basic_time,
                                  std::string_view scope,
                                  std::string_view canonical_request);

  // The raw 32-byte kSigning key (§4.3).
  static std::string SigningKey(std::string_view access_key_secret,
                                std::string_view yyyymmdd,
                                const SignerV4Scope& scope);

  // Lowercase hex HMAC-SHA256(signing_key, string_to_sign).
  static std::string Signature(std::string_view signing_key,
                               std::string_view string_to_sign);

  // Sets x-oss-date (from `now`), x-oss-content-sha256 (UNSIGNED-PAYLOAD
  // unless already set), x-oss-security-token (with a token) and
  // Authorization (with AdditionalHeaders= only when the effective list is
  // non-empty). Anonymous credentials leave the request as is.
  static void SignHeaders(
      SignableRequest& request, const Credentials& credentials,
      const SignerV4Scope& scope, util::SystemTime now,
      const std::vector<std::string>& additional_headers = {});

  // Adds x-oss-signature-version, x-oss-credential, x-oss-date,
  // x-oss-expires (seconds, 1..604800), x-oss-additional-headers (when
  // non-empty), x-oss-security-token (with a token) and x-oss-signature to
  // request.query.
  static void Presign(SignableRequest& request, const Credentials& credentials,
                      const SignerV4Scope& scope, util::SystemTime now,
                      int64_t expires_seconds,
                      const std::vector<std::string>& additional_headers = {});
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_SIGNER_V4_H_
