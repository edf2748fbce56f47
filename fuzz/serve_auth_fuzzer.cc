// How `ossxfer serve` checks a signature (server/request_authenticator.h):
// the V1 and V4 Authorization headers, V1 and V4 presigned queries, OSS's
// and AWS's (SigV4 as S3 clients send it), their
// credential scopes, dates, expiry and security tokens. The server knows
// the account of the protocol's test vectors (ak / sk, oss-protocol.md §3,
// §4), so those vectors, as seeds, reach the comparison and succeed.
//
// Input: one HTTP/1.1 request as sent on the wire. "Now" is the request's
// own signing time (Date, x-oss-date, or the query's x-oss-date), so a
// seed is not refused as expired or skewed. With OSSXFER_FUZZ_VERBOSE set,
// each verdict is printed: how to check that a new seed gets as far as
// it should.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "auth/v4_parameters.h"
#include "fuzz_input.h"
#include "server/request_authenticator.h"
#include "server/s3_wire.h"
#include "server/server_request.h"
#include "server_request_input.h"
#include "util/time_format.h"

namespace {

namespace server = ossxfer::server;
namespace util = ossxfer::util;

util::SystemTime SigningTime(const server::ServerRequest& request) {
  for (const std::optional<std::string>& text :
       {request.Header("Date"), request.Header("x-oss-date"),
        request.Query("x-oss-date"), request.Header("x-amz-date"),
        request.Query("X-Amz-Date")}) {
    if (!text) continue;
    if (auto time = util::ParseHttpDate(*text)) return *time;
    if (auto time = util::ParseIso8601Basic(*text)) return *time;
  }
  return util::FromUnixSeconds(1735689600);  // 20250101T000000Z
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::optional<ossxfer::fuzz::WireRequest> wire =
      ossxfer::fuzz::ReadWireRequest(ossxfer::fuzz::AsText(data, size));
  if (!wire) return 0;
  server::ServerRequest& request = wire->request;
  if (!server::ResolveAddress("localhost", request).ok()) return 0;
  const util::SystemTime now = SigningTime(request);
  static const bool verbose = std::getenv("OSSXFER_FUZZ_VERBOSE") != nullptr;
  // A long-term key, and an STS one whose requests must carry its token.
  // The authenticator serve uses for the request: S3's (AWS V2 and V4)
  // for a request s3_wire.h tells is S3's, else OSS's.
  const bool s3 =
      server::DetectWireDialect(request, server::DialectRule::kAuto) ==
      server::WireDialect::kS3;
  for (const char* token : {"", "token"}) {
    server::RequestAuthenticator authenticator(
        ossxfer::Credentials{"ak", "sk", token}, /*anonymous=*/false,
        s3 ? ossxfer::auth::kAwsV4Parameters : ossxfer::auth::kOssV4Parameters,
        s3 ? ossxfer::auth::kAwsV2Parameters : ossxfer::auth::kOssV1Parameters);
    server::AuthenticationFailure failure;
    ossxfer::Status verdict =
        authenticator.Authenticate(request, now, &failure);
    if (verbose) {
      std::fprintf(stderr, "token \"%s\": %s\n", token,
                   verdict.ok() ? "OK" : verdict.ToString().c_str());
    }
  }
  return 0;
}
