// Signature V4 against the vectors of oss-protocol.md §4: the official
// header and presign vectors shared by GO2, PY2 and CPP, GO2's CloudBox
// variants, and the DERIVED examples D, E and F.
#include "auth/signer_v4.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "auth/signable_request.h"
#include "auth/signing_test_values.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/time_format.h"

namespace ossxfer::auth {
namespace {

const SignerV4 kOssV4(kOssV4Parameters);
const SignerV4Scope kHangzhou{"cn-hangzhou", "oss"};
const SignerV4Scope kCloudBox{"cb-123", "oss-cloudbox"};
constexpr int64_t kJan2025 = 1735689600;  // 20250101T000000Z

using testing::AkSk;
using testing::AkSkToken;

using testing::CanonicalHash;

// The request shared by every §4.4 and §4.5 vector; only the content type
// differs between the header and the presign forms.
SignableRequest OfficialRequest(std::string content_type) {
  SignableRequest request;
  request.method = "PUT";
  request.bucket = "bucket";
  request.key = "1234+-/123/1.txt";
  request.query = {{"param1", "value1"},  {"+param1", "value3"},
                   {"|param1", "value4"}, {"+param2", ""},
                   {"|param2", ""},       {"param2", ""}};
  request.headers = {{"x-oss-head1", "value"},
                     {"abc", "value"},
                     {"ZAbc", "value"},
                     {"XYZ", "value"},
                     {"content-type", std::move(content_type)}};
  return request;
}

SignableRequest HeaderVectorRequest() {
  SignableRequest request = OfficialRequest("text/plain");
  request.headers.emplace_back("x-oss-content-sha256", "UNSIGNED-PAYLOAD");
  return request;
}

SignableRequest PresignVectorRequest() {
  return OfficialRequest("application/octet-stream");
}

// The object of the DERIVED examples D and E.
SignableRequest GetDerivedObject() {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "examplebucket";
  request.key = "dir/a b+c.txt";
  return request;
}

TEST(SignerV4Test, SigningKeyIntermediates) {
  // The chain of §4.3, step by step, then through SigningKey.
  std::string k_date = util::HmacSha256("aliyun_v4sk", "20231216");
  EXPECT_EQ(util::HexLower(k_date),
            "151acc75ab7203acc219c35ef7415d0c604d059c7140665fe78233ec8ae7f9ea");
  std::string k_region = util::HmacSha256(k_date, "cn-hangzhou");
  EXPECT_EQ(util::HexLower(k_region),
            "cd7fb718a1d15d167938c1ea34698de973b43added106b102eba0973c9aad028");
  std::string k_service = util::HmacSha256(k_region, "oss");
  EXPECT_EQ(util::HexLower(k_service),
            "fde9c360ae5165f5a84690330c8bc545e6bde502ba8ba4972db81e5a2ea80bec");

  std::string signing_key = kOssV4.SigningKey("sk", "20231216", kHangzhou);
  EXPECT_EQ(signing_key.size(), 32u);
  EXPECT_EQ(util::HexLower(signing_key),
            "b412a03b134ebddd720f5167b5de6db66620ebb3b01cff4d49e3ccb09f8de97f");
}

TEST(SignerV4Test, ScopeText) {
  EXPECT_EQ(kOssV4.Scope("20231216", kHangzhou),
            "20231216/cn-hangzhou/oss/aliyun_v4_request");
  EXPECT_EQ(kOssV4.Scope("20231216", kCloudBox),
            "20231216/cb-123/oss-cloudbox/aliyun_v4_request");
}

TEST(SignerV4Test, HeaderVectorH1) {
  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, AkSk(), kHangzhou,
                     util::FromUnixSeconds(1702743657));

  EXPECT_EQ(request.Header("x-oss-date"), "20231216T162057Z");
  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_EQ(canonical,
            "PUT\n"
            "/bucket/1234%2B-/123/1.txt\n"
            "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&"
            "param1=value1&param2\n"
            "content-type:text/plain\n"
            "x-oss-content-sha256:UNSIGNED-PAYLOAD\n"
            "x-oss-date:20231216T162057Z\n"
            "x-oss-head1:value\n"
            "\n"
            "\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(kOssV4.StringToSign("20231216T162057Z",
                                "20231216/cn-hangzhou/oss/aliyun_v4_request",
                                canonical),
            "OSS4-HMAC-SHA256\n"
            "20231216T162057Z\n"
            "20231216/cn-hangzhou/oss/aliyun_v4_request\n"
            "f4613657f1b108998e8dbd10a1aa5da621dc2c6e02c9ddec0f163664848704c4");
  EXPECT_EQ(request.Header("Authorization"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature="
            "e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe");
}

TEST(SignerV4Test, HeaderVectorH2WithToken) {
  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, AkSkToken(), kHangzhou,
                     util::FromUnixSeconds(1702784856));

  EXPECT_EQ(request.Header("x-oss-security-token"), "token");
  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_NE(canonical.find("x-oss-head1:value\n"
                           "x-oss-security-token:token\n\n"),
            std::string::npos)
      << canonical;
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20231217T034736Z",
                "20231217/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "69494678fb11579d4ee12996e2796d9e2ba43c34aa4c723c4aec018f3d6b86b8");
  EXPECT_EQ(request.Header("Authorization"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature="
            "b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea");
}

TEST(SignerV4Test, HeaderVectorH3WithAdditionalHeaders) {
  constexpr char kExpected[] =
      "OSS4-HMAC-SHA256 "
      "Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
      "AdditionalHeaders=abc;zabc,"
      "Signature="
      "4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f";

  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, AkSk(), kHangzhou,
                     util::FromUnixSeconds(1702747512), {"ZAbc", "abc"});

  std::string canonical = kOssV4.CanonicalRequest(request, {"abc", "zabc"});
  EXPECT_EQ(canonical,
            "PUT\n"
            "/bucket/1234%2B-/123/1.txt\n"
            "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&"
            "param1=value1&param2\n"
            "abc:value\n"
            "content-type:text/plain\n"
            "x-oss-content-sha256:UNSIGNED-PAYLOAD\n"
            "x-oss-date:20231216T172512Z\n"
            "x-oss-head1:value\n"
            "zabc:value\n"
            "\n"
            "abc;zabc\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20231216T172512Z",
                "20231216/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "16b86004ed2cc3406dd7a13081bd940ef6a5ad49e508da2d4fdf84e8a5dd2145");
  EXPECT_EQ(request.Header("Authorization"), kExpected);

  SignableRequest extended = HeaderVectorRequest();
  kOssV4.SignHeaders(extended, AkSk(), kHangzhou,
                     util::FromUnixSeconds(1702747512),
                     {"x-oss-no-exist", "ZAbc", "x-oss-head1", "abc"});
  EXPECT_EQ(extended.Header("Authorization"), kExpected);
}

TEST(SignerV4Test, HeaderVectorCloudBox) {
  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, AkSk(), kCloudBox,
                     util::FromUnixSeconds(1702743657));
  EXPECT_EQ(request.Header("Authorization"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20231216/cb-123/oss-cloudbox/aliyun_v4_request,"
            "Signature="
            "94ce1f12c17d148ea681030275a94449d3357f5b5b21133996eec80af3e08a43");
}

TEST(SignerV4Test, PresignVectorQ1) {
  SignableRequest request = PresignVectorRequest();
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(1702781677),
                 1702782276 - 1702781677);

  EXPECT_EQ(request.Query("x-oss-signature-version"), "OSS4-HMAC-SHA256");
  EXPECT_EQ(request.Query("x-oss-credential"),
            "ak/20231217/cn-hangzhou/oss/aliyun_v4_request");
  EXPECT_EQ(request.Query("x-oss-date"), "20231217T025437Z");
  EXPECT_EQ(request.Query("x-oss-expires"), "599");
  EXPECT_FALSE(request.Query("x-oss-additional-headers").has_value());
  EXPECT_FALSE(request.Query("x-oss-security-token").has_value());
  // Presigning sends no headers of its own.
  EXPECT_FALSE(request.Header("x-oss-content-sha256").has_value());
  EXPECT_FALSE(request.Header("Authorization").has_value());

  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_EQ(canonical,
            "PUT\n"
            "/bucket/1234%2B-/123/1.txt\n"
            "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&"
            "param1=value1&param2&"
            "x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_"
            "request&x-oss-date=20231217T025437Z&x-oss-expires=599&"
            "x-oss-signature-version=OSS4-HMAC-SHA256\n"
            "content-type:application/octet-stream\n"
            "x-oss-head1:value\n"
            "\n"
            "\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20231217T025437Z",
                "20231217/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "48814c11f278d51662015bf2f896b66ca10b6de0187ed8d952e341bbce0aa336");
  EXPECT_EQ(request.Query("x-oss-signature"),
            "a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe");
}

TEST(SignerV4Test, PresignVectorQ2WithToken) {
  SignableRequest request = PresignVectorRequest();
  kOssV4.Presign(request, AkSkToken(), kHangzhou,
                 util::FromUnixSeconds(1702785388), 1702785987 - 1702785388);

  EXPECT_EQ(request.Query("x-oss-date"), "20231217T035628Z");
  EXPECT_EQ(request.Query("x-oss-expires"), "599");
  EXPECT_EQ(request.Query("x-oss-security-token"), "token");
  EXPECT_NE(kOssV4.CanonicalQueryString(request).find(
                "&x-oss-expires=599&x-oss-security-token=token&"),
            std::string::npos);
  EXPECT_EQ(request.Query("x-oss-signature"),
            "3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5");
}

TEST(SignerV4Test, PresignVectorQ3WithAdditionalHeaders) {
  SignableRequest request = PresignVectorRequest();
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(1702783809),
                 1702784408 - 1702783809, {"ZAbc", "abc"});

  EXPECT_EQ(request.Query("x-oss-date"), "20231217T033009Z");
  EXPECT_EQ(request.Query("x-oss-expires"), "599");
  EXPECT_EQ(request.Query("x-oss-additional-headers"), "abc;zabc");
  std::string canonical = kOssV4.CanonicalRequest(request, {"abc", "zabc"});
  EXPECT_NE(canonical.find("&x-oss-additional-headers=abc%3Bzabc&"),
            std::string::npos)
      << canonical;
  EXPECT_NE(canonical.find("\nabc:value\n"
                           "content-type:application/octet-stream\n"
                           "x-oss-head1:value\n"
                           "zabc:value\n"
                           "\n"
                           "abc;zabc\n"
                           "UNSIGNED-PAYLOAD"),
            std::string::npos)
      << canonical;
  EXPECT_EQ(request.Query("x-oss-signature"),
            "6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7");
}

TEST(SignerV4Test, PresignVectorCloudBox) {
  SignableRequest request = PresignVectorRequest();
  kOssV4.Presign(request, AkSk(), kCloudBox, util::FromUnixSeconds(1702781677),
                 599, {"ZAbc", "abc"});

  EXPECT_EQ(request.Query("x-oss-credential"),
            "ak/20231217/cb-123/oss-cloudbox/aliyun_v4_request");
  EXPECT_EQ(request.Query("x-oss-additional-headers"), "abc;zabc");
  EXPECT_EQ(request.Query("x-oss-signature"),
            "07284191b9b4978ac3520cd39ee2dea2747eda454089359371ff463a6c7ba20f");
}

TEST(SignerV4Test, DerivedDGetObject) {
  SignableRequest request = GetDerivedObject();
  request.query = {{"versionId", "CAEQNhiBgMDJgZCA0BY+123"}};
  request.headers = {{"Range", "bytes=0-99"}};
  kOssV4.SignHeaders(request, AkSk(), kHangzhou,
                     util::FromUnixSeconds(kJan2025));

  EXPECT_EQ(request.Header("x-oss-content-sha256"), "UNSIGNED-PAYLOAD");
  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_EQ(canonical,
            "GET\n"
            "/examplebucket/dir/a%20b%2Bc.txt\n"
            "versionId=CAEQNhiBgMDJgZCA0BY%2B123\n"
            "x-oss-content-sha256:UNSIGNED-PAYLOAD\n"
            "x-oss-date:20250101T000000Z\n"
            "\n"
            "\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20250101T000000Z",
                "20250101/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "0e3f54110135c9b6e121068decee185d411211e243cee9d302cadd746d7742ba");
  EXPECT_EQ(request.Header("Authorization"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20250101/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature="
            "5251a16d9b5583b0267612a534c7c58ac258cc980c2bee984d1069379ba5d16d");
}

TEST(SignerV4Test, DerivedEPresignedGet) {
  SignableRequest request = GetDerivedObject();
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(kJan2025),
                 3600);

  EXPECT_EQ(kOssV4.CanonicalQueryString(request),
            "x-oss-credential=ak%2F20250101%2Fcn-hangzhou%2Foss%2Faliyun_v4_"
            "request&x-oss-date=20250101T000000Z&x-oss-expires=3600&"
            "x-oss-signature-version=OSS4-HMAC-SHA256");
  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_NE(canonical.find("OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD"),
            std::string::npos)
      << canonical;
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20250101T000000Z",
                "20250101/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "f14c1f6784e75bfaa1e59f8e6aa06a9c6c0a35a5c381f102c6022d2ecd392642");
  EXPECT_EQ(request.Query("x-oss-signature"),
            "e8ae7457992453d2fd22bddbf09fea8ee5ed31a35328611b844199b60a7db48b");
}

TEST(SignerV4Test, DerivedFInitiateMultipartUploadWithToken) {
  SignableRequest request;
  request.method = "POST";
  request.bucket = "examplebucket";
  request.key = "big.bin";
  request.query = {{"uploads", ""}, {"encoding-type", "url"}};
  request.headers = {{"Content-Type", "application/octet-stream"}};
  kOssV4.SignHeaders(request, AkSkToken(), kHangzhou,
                     util::FromUnixSeconds(kJan2025));

  std::string canonical = kOssV4.CanonicalRequest(request, {});
  EXPECT_EQ(canonical,
            "POST\n"
            "/examplebucket/big.bin\n"
            "encoding-type=url&uploads\n"
            "content-type:application/octet-stream\n"
            "x-oss-content-sha256:UNSIGNED-PAYLOAD\n"
            "x-oss-date:20250101T000000Z\n"
            "x-oss-security-token:token\n"
            "\n"
            "\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(kOssV4.StringToSign(
                "20250101T000000Z",
                "20250101/cn-hangzhou/oss/aliyun_v4_request", canonical)),
            "d953fbf383c8d65d7cc0112d234d9cdb57362a08798d3a6d4838c7f73ea3b5cb");
  EXPECT_EQ(request.Header("Authorization"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20250101/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature="
            "a081bda0135ff92975a4c3ef547205b18de23d21ecfb54159be49a0287f96f10");
}

TEST(SignerV4Test, EffectiveAdditionalHeaders) {
  const SignableRequest request = HeaderVectorRequest();
  using List = std::vector<std::string>;

  EXPECT_EQ(kOssV4.HeaderList(request, {"ZAbc", "abc"}), (List{"abc", "zabc"}));
  EXPECT_EQ(kOssV4.HeaderList(request,
                              {"x-oss-no-exist", "ZAbc", "x-oss-head1", "abc"}),
            (List{"abc", "zabc"}));
  // Signed anyway, so never listed.
  EXPECT_EQ(kOssV4.HeaderList(request,
                              {"Content-Type", "content-md5", "X-OSS-Head1"}),
            List{});
  // Not carried by the request.
  EXPECT_EQ(kOssV4.HeaderList(request, {"host", "range"}), List{});
  // Lowercased, then deduplicated.
  EXPECT_EQ(kOssV4.HeaderList(request, {"XYZ", "abc", "ABC", "Abc", "xyz"}),
            (List{"abc", "xyz"}));
  EXPECT_EQ(kOssV4.HeaderList(request, {}), List{});
}

TEST(SignerV4Test, NoEffectiveAdditionalHeadersMeansNoAdditionalHeadersField) {
  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, AkSk(), kHangzhou,
                     util::FromUnixSeconds(1702743657),
                     {"x-oss-head1", "Content-Type", "host"});
  std::optional<std::string> authorization = request.Header("Authorization");
  ASSERT_TRUE(authorization.has_value());
  EXPECT_EQ(authorization->find("AdditionalHeaders"), std::string::npos);
  // With nothing left to add, the signature is H1's.
  EXPECT_EQ(*authorization,
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature="
            "e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe");
}

TEST(SignerV4Test, AnonymousLeavesTheRequestUntouched) {
  SignableRequest request = PresignVectorRequest();
  const SignableRequest before = request;

  kOssV4.SignHeaders(request, Credentials{}, kHangzhou,
                     util::FromUnixSeconds(1702743657), {"abc"});
  EXPECT_EQ(request.headers, before.headers);
  EXPECT_EQ(request.query, before.query);

  kOssV4.Presign(request, Credentials{"", "sk", "token"}, kHangzhou,
                 util::FromUnixSeconds(1702781677), 599, {"abc"});
  EXPECT_EQ(request.headers, before.headers);
  EXPECT_EQ(request.query, before.query);
}

TEST(SignerV4Test, CanonicalUriForServiceAndBucket) {
  SignableRequest request;
  EXPECT_EQ(kOssV4.CanonicalUri(request), "/");
  request.bucket = "examplebucket";
  EXPECT_EQ(kOssV4.CanonicalUri(request), "/examplebucket/");
}

TEST(SignerV4Test, CanonicalQueryLeavesOutTheSignature) {
  SignableRequest request;
  request.query = {{"x-oss-signature", "abc"}, {"uploads", ""}};
  EXPECT_EQ(kOssV4.CanonicalQueryString(request), "uploads");
}

TEST(SignerV4Test, PresignAgainReplacesTheOldParameters) {
  SignableRequest request = PresignVectorRequest();
  kOssV4.Presign(request, AkSkToken(), kHangzhou,
                 util::FromUnixSeconds(1702785388), 599, {"abc"});
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(1702781677),
                 599);
  EXPECT_FALSE(request.Query("x-oss-security-token").has_value());
  EXPECT_FALSE(request.Query("x-oss-additional-headers").has_value());
  EXPECT_EQ(request.Query("x-oss-signature"),
            "a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe");
}

TEST(SignerV4Test, PresignLifetimeIsKeptWithinTheServerLimits) {
  SignableRequest request = GetDerivedObject();
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(kJan2025),
                 0);
  EXPECT_EQ(request.Query("x-oss-expires"), "1");
  kOssV4.Presign(request, AkSk(), kHangzhou, util::FromUnixSeconds(kJan2025),
                 30 * 24 * 3600);
  EXPECT_EQ(request.Query("x-oss-expires"), "604800");
}

TEST(SignerV4Test, WrongSecretGivesADifferentSignature) {
  SignableRequest request = HeaderVectorRequest();
  kOssV4.SignHeaders(request, Credentials{"ak", "not-sk", ""}, kHangzhou,
                     util::FromUnixSeconds(1702743657));
  ASSERT_TRUE(request.Header("Authorization").has_value());
  EXPECT_EQ(request.Header("Authorization")->find("e21d18daa8216772"),
            std::string::npos);
}

}  // namespace
}  // namespace ossxfer::auth
