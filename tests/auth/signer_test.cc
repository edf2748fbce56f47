// The Signer a client is built with does what the signer it wraps does:
// MakeSignerV1 and MakeSignerV4 against SignerV1 and SignerV4 called
// directly (whose vectors are in signer_v1_test and signer_v4*_test).
#include "auth/signer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "auth/signable_request.h"
#include "auth/signer_v1.h"
#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {
namespace {

const Credentials kKey{"ak", "sk", "token"};
const util::SystemTime kNow = util::FromUnixSeconds(1735689600);

SignableRequest GetObject() {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "examplebucket";
  request.key = "dir/a b+c.txt";
  request.path = "/examplebucket/dir/a b+c.txt";
  request.headers = {{"Host", "127.0.0.1:9000"}, {"Range", "bytes=0-99"}};
  return request;
}

TEST(SignerTest, V1SignsAndPresignsAsSignerV1) {
  std::unique_ptr<Signer> signer = MakeSignerV1();

  SignableRequest made = GetObject();
  SignableRequest direct = GetObject();
  signer->SignHeaders(made, kKey, kNow);
  SignerV1::SignHeaders(direct, kKey, kNow);
  EXPECT_EQ(made.headers, direct.headers);

  // A V1 URL carries the absolute expiry time.
  made = GetObject();
  direct = GetObject();
  signer->Presign(made, kKey, kNow, std::chrono::seconds(600));
  SignerV1::Presign(direct, kKey, 1735689600 + 600);
  EXPECT_EQ(made.query, direct.query);
  EXPECT_EQ(made.Query("Expires"), "1735690200");
}

TEST(SignerTest, V4SignsAndPresignsWithItsParametersAndScope) {
  for (const V4Parameters* parameters :
       {&kOssV4Parameters, &kAwsV4Parameters}) {
    const SignerV4Scope scope{"cn-hangzhou", ""};
    std::unique_ptr<Signer> signer = MakeSignerV4(*parameters, scope);
    const SignerV4 direct_signer(*parameters);

    SignableRequest made = GetObject();
    SignableRequest direct = GetObject();
    signer->SignHeaders(made, kKey, kNow);
    direct_signer.SignHeaders(direct, kKey, scope, kNow);
    EXPECT_EQ(made.headers, direct.headers) << parameters->algorithm;
    EXPECT_TRUE(made.Header("Authorization")
                    ->starts_with(std::string(parameters->algorithm) +
                                  " Credential=ak/20250101/cn-hangzhou/"))
        << parameters->algorithm;

    made = GetObject();
    direct = GetObject();
    signer->Presign(made, kKey, kNow, std::chrono::seconds(600));
    direct_signer.Presign(direct, kKey, scope, kNow, 600);
    EXPECT_EQ(made.query, direct.query) << parameters->algorithm;
    EXPECT_EQ(made.Query(parameters->presign.expires), "600");
  }
}

}  // namespace
}  // namespace ossxfer::auth
