// OSS signature V1: HMAC-SHA1, `Authorization: OSS <id>:<signature>`, and
// presigned URLs with OSSAccessKeyId/Expires/Signature; with
// kAwsV2Parameters the string to sign of AWS's V2, which serve checks for
// S3 clients. Reference: ../shared/oss-protocol.md §3, s3-protocol.md §2.7.
#ifndef OSSXFER_AUTH_SIGNER_V1_H_
#define OSSXFER_AUTH_SIGNER_V1_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/signable_request.h"
#include "auth/v1_parameters.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {

class SignerV1 {
 public:
  // Whether a query parameter takes part in CanonicalizedResource: the union
  // of the GO2, CPP and JAVA sub-resource lists, plus any name starting with
  // "x-oss-".
  static bool IsSignedSubresource(
      std::string_view name, const V1Parameters& parameters = kOssV1Parameters);

  // "/bucket/key?acl&uploadId=..": the raw (unencoded) key (S3: the
  // URI-encoded one), then the signed sub-resources sorted by name, with
  // decoded values. The presign parameters are skipped.
  static std::string CanonicalizedResource(
      const SignableRequest& request,
      const V1Parameters& parameters = kOssV1Parameters);

  // "x-oss-a:1\nx-oss-b:2\n": every header of the prefix (x-oss-, x-amz-),
  // lowercased, trimmed, sorted; several values of one name joined with ','.
  static std::string CanonicalizedHeaders(
      const SignableRequest& request,
      const V1Parameters& parameters = kOssV1Parameters);

  // VERB \n Content-MD5 \n Content-Type \n date_line \n headers resource.
  // `date_line` is the Date header value, or the Expires value of a
  // presigned URL.
  static std::string StringToSign(
      const SignableRequest& request, std::string_view date_line,
      const V1Parameters& parameters = kOssV1Parameters);

  // base64(HMAC-SHA1(secret, string_to_sign)).
  static std::string Signature(std::string_view access_key_secret,
                               std::string_view string_to_sign);

  // Sets Date (to `now`), x-oss-security-token (when the credentials have
  // one) and Authorization. Anonymous credentials leave the request as is.
  static void SignHeaders(SignableRequest& request,
                          const Credentials& credentials, util::SystemTime now);

  // Adds OSSAccessKeyId, Expires (absolute unix seconds), Signature and,
  // with a token, security-token to request.query.
  static void Presign(SignableRequest& request, const Credentials& credentials,
                      int64_t expires_unix_seconds);
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_SIGNER_V1_H_
