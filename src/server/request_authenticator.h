// Checks the signature of a request the way OSS does: V1 and V4, in the
// Authorization header or in a presigned URL, with security tokens, expiry
// and clock-skew checks. Uses the client's signers to recompute; V4 with
// the parameter set it is given (today kOssV4Parameters), whose names the
// checks and their messages use.
#ifndef OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_
#define OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
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

class RequestAuthenticator {
 public:
  // With `anonymous`, every request is accepted unsigned (signatures that
  // are present are ignored).
  RequestAuthenticator(Credentials credentials, bool anonymous,
                       const auth::V4Parameters& v4_parameters)
      : credentials_(std::move(credentials)),
        anonymous_(anonymous),
        signer_v4_(v4_parameters) {}

  // OK, or a Status whose ServiceError is what OSS would answer: 403
  // AccessDenied (unsigned, expired URL), InvalidAccessKeyId,
  // SignatureDoesNotMatch (with `failure` filled), RequestTimeTooSkewed
  // (more than 15 minutes apart), InvalidSecurityToken, or 400
  // InvalidArgument for malformed authorization data.
  Status Authenticate(const ServerRequest& request, util::SystemTime now,
                      AuthenticationFailure* failure) const;

 private:
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
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_REQUEST_AUTHENTICATOR_H_
