// Checks the signature of a request the way OSS (or S3) does: V1 and V4
// (S3: V2 and V4), in the Authorization header or in a presigned URL, with
// security tokens, expiry and clock-skew checks. Uses the client's signers
// to recompute, with the parameter sets it is given, whose names the checks
// and their messages use.
#ifndef OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_
#define OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/signer_v4.h"
#include "auth/v1_parameters.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "server/server_request.h"
#include "util/time_format.h"

namespace ossxfer::server {

// Extra elements of a SignatureDoesNotMatch error body, which OSS returns
// so a developer can see what the server signed.
struct AuthenticationFailure {
  std::string string_to_sign;
  std::string canonical_request;  // V4 only
  std::string access_key_id;
  std::string signature_provided;
};

// The Credential of a V4 signature:
// "ak/20231216/cn-hangzhou/oss/aliyun_v4_request".
struct V4Credential {
  std::string access_key_id;
  std::string date;
  auth::SignerV4Scope scope;
};

// What the chunk signatures of an aws-chunked body (server/aws_chunked.h)
// are computed with: the request's signing key, its x-amz-date and scope,
// and the header signature that seeds the chain.
struct ChunkSigning {
  std::string signing_key;  // raw kSigning
  std::string date;         // yyyymmddTHHMMSSZ
  std::string scope;        // yyyymmdd/region/s3/aws4_request
  std::string seed_signature;
};

class RequestAuthenticator {
 public:
  // With `anonymous`, every request is accepted unsigned (signatures that
  // are present are ignored).
  // OSS's checks with kOssV4Parameters and kOssV1Parameters; S3's with
  // kAwsV4Parameters and kAwsV2Parameters.
  RequestAuthenticator(
      Credentials credentials, bool anonymous,
      const auth::V4Parameters& v4_parameters,
      const auth::V1Parameters& v1_parameters = auth::kOssV1Parameters)
      : credentials_(std::move(credentials)),
        anonymous_(anonymous),
        signer_v4_(v4_parameters),
        v1_(v1_parameters) {}

  // OK, or a Status whose ServiceError is what OSS would answer: 403
  // AccessDenied (unsigned, expired URL), InvalidAccessKeyId,
  // SignatureDoesNotMatch (with `failure` filled), RequestTimeTooSkewed
  // (more than 15 minutes apart), InvalidSecurityToken, or 400
  // InvalidArgument for malformed authorization data.
  Status Authenticate(const ServerRequest& request, util::SystemTime now,
                      AuthenticationFailure* failure) const;

  // For a request whose V4 Authorization header Authenticate accepted: what
  // its aws-chunked body's chunks are signed with. nullopt without such a
  // header (anonymous mode, presigned URLs).
  std::optional<ChunkSigning> ChunkSigningOf(
      const ServerRequest& request) const;
  // Whether every request is accepted unsigned.
  bool anonymous() const { return anonymous_; }

 private:
  struct V4Authorization {
    std::optional<V4Credential> credential;
    std::vector<std::string> header_list;
    std::string signature;
  };
  // The fields of "<algorithm> Credential=..,<list>=..,Signature=..":
  // 400 InvalidArgument without a credential or a signature.
  Result<V4Authorization> ParseV4Authorization(
      std::string_view authorization) const;
  // The request as a V1/V2 presigned URL signs it: for S3, the headers
  // carried in the query count as headers.
  auth::SignableRequest SignableWithQueryHeaders(
      const ServerRequest& request) const;
  Status CheckV1Header(const ServerRequest& request,
                       std::string_view authorization, util::SystemTime now,
                       AuthenticationFailure* failure) const;
  Status CheckV4Header(const ServerRequest& request,
                       std::string_view authorization, util::SystemTime now,
                       AuthenticationFailure* failure) const;
  Status CheckV1Query(const ServerRequest& request, util::SystemTime now,
                      AuthenticationFailure* failure) const;
  Status CheckV4Query(const ServerRequest& request, util::SystemTime now,
                      AuthenticationFailure* failure) const;
  Status CompareV4(const ServerRequest& request, std::string_view date,
                   const V4Credential& credential,
                   const std::vector<std::string>& header_list,
                   std::string_view provided,
                   AuthenticationFailure* failure) const;
  Status CheckAccessKeyAndToken(std::string_view access_key_id,
                                const std::optional<std::string>& token) const;
  std::optional<V4Credential> ParseV4Credential(std::string_view text) const;

  Credentials credentials_;
  bool anonymous_;
  auth::SignerV4 signer_v4_;
  auth::V1Parameters v1_;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_
