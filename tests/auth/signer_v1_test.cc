// Signature V1 against the vectors of oss-protocol.md §3: the GO2 SDK's
// TestV1AuthHeader/TestV1AuthQuery and the DERIVED examples A, B and C.
#include "auth/signer_v1.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "auth/signable_request.h"
#include "auth/signing_test_values.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {
namespace {

constexpr char kVectorDate[] = "Wed, 28 Dec 2022 10:27:41 GMT";
constexpr char kDerivedDate[] = "Wed, 01 Jan 2025 00:00:00 GMT";

using testing::AkSk;
using testing::AkSkToken;

util::SystemTime HttpDate(const char* text) {
  std::optional<util::SystemTime> time = util::ParseHttpDate(text);
  EXPECT_TRUE(time.has_value()) << text;
  return time.value_or(util::SystemTime{});
}

// The request of §3.2 vectors 1 and 2.
SignableRequest PutNelson() {
  SignableRequest request;
  request.method = "PUT";
  request.bucket = "examplebucket";
  request.key = "nelson";
  request.headers = {
      {"Content-MD5", "eB5eJF1ptWaXm4bijSPyxw=="},
      {"Content-Type", "text/html"},
      {"x-oss-meta-author", "alice"},
      {"x-oss-meta-magic", "abracadabra"},
      {"x-oss-date", kVectorDate},
  };
  return request;
}

// The bucket-level GET of §3.2 vectors 3 and 4.
SignableRequest GetBucket(NameValueList query) {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "examplebucket";
  request.query = std::move(query);
  request.headers = {{"x-oss-date", kVectorDate}};
  return request;
}

TEST(SignerV1Test, HeaderVector1PutObject) {
  SignableRequest request = PutNelson();
  EXPECT_EQ(SignerV1::StringToSign(request, kVectorDate),
            "PUT\n"
            "eB5eJF1ptWaXm4bijSPyxw==\n"
            "text/html\n"
            "Wed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-meta-author:alice\n"
            "x-oss-meta-magic:abracadabra\n"
            "/examplebucket/nelson");

  SignerV1::SignHeaders(request, AkSk(), HttpDate(kVectorDate));
  EXPECT_EQ(request.Header("Date"), kVectorDate);
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=");
}

TEST(SignerV1Test, HeaderVector2Acl) {
  SignableRequest request = PutNelson();
  request.query = {{"acl", ""}};
  EXPECT_EQ(SignerV1::StringToSign(request, kVectorDate),
            "PUT\n"
            "eB5eJF1ptWaXm4bijSPyxw==\n"
            "text/html\n"
            "Wed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-meta-author:alice\n"
            "x-oss-meta-magic:abracadabra\n"
            "/examplebucket/nelson?acl");

  SignerV1::SignHeaders(request, AkSk(), HttpDate(kVectorDate));
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=");
}

TEST(SignerV1Test, HeaderVector3UnknownParameterIsNotSigned) {
  SignableRequest request =
      GetBucket({{"resourceGroup", ""}, {"non-resousce", "null"}});
  EXPECT_EQ(SignerV1::StringToSign(request, kVectorDate),
            "GET\n\n\nWed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n"
            "/examplebucket/?resourceGroup");

  SignerV1::SignHeaders(request, AkSk(), HttpDate(kVectorDate));
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs=");
}

TEST(SignerV1Test, HeaderVector4SubresourcesAreSorted) {
  SignableRequest request = GetBucket({{"resourceGroup", ""}, {"acl", ""}});
  EXPECT_EQ(SignerV1::StringToSign(request, kVectorDate),
            "GET\n\n\nWed, 28 Dec 2022 10:27:41 GMT\n"
            "x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n"
            "/examplebucket/?acl&resourceGroup");

  SignerV1::SignHeaders(request, AkSk(), HttpDate(kVectorDate));
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk=");
}

TEST(SignerV1Test, DerivedAGetObjectUsesTheRawKey) {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "examplebucket";
  request.key = "dir/a b+c.txt";
  request.headers = {{"Range", "bytes=0-99"}};
  EXPECT_EQ(SignerV1::StringToSign(request, kDerivedDate),
            "GET\n\n\nWed, 01 Jan 2025 00:00:00 GMT\n"
            "/examplebucket/dir/a b+c.txt");

  SignerV1::SignHeaders(request, AkSk(), HttpDate(kDerivedDate));
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:0w4m9tkTCKGhI6T+VRuyYKB8JJ8=");
}

TEST(SignerV1Test, DerivedBUploadPartWithToken) {
  SignableRequest request;
  request.method = "PUT";
  request.bucket = "examplebucket";
  request.key = "big.bin";
  request.query = {{"partNumber", "1"},
                   {"uploadId", "0004B9894A22E5B1888A1E29F8230000"}};
  request.headers = {{"Content-Type", "application/octet-stream"}};

  SignerV1::SignHeaders(request, AkSkToken(), HttpDate(kDerivedDate));
  EXPECT_EQ(request.Header("x-oss-security-token"), "token");
  EXPECT_EQ(SignerV1::StringToSign(request, kDerivedDate),
            "PUT\n\napplication/octet-stream\n"
            "Wed, 01 Jan 2025 00:00:00 GMT\n"
            "x-oss-security-token:token\n"
            "/examplebucket/big.bin?partNumber=1&"
            "uploadId=0004B9894A22E5B1888A1E29F8230000");
  EXPECT_EQ(request.Header("Authorization"),
            "OSS ak:Hd2YJEKyRsFeSCdwDDx4lBYpzyY=");
}

TEST(SignerV1Test, PresignVector1) {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "bucket";
  request.key = "key";
  request.query = {{"versionId", "versionId"}};
  EXPECT_EQ(SignerV1::StringToSign(request, "1699807420"),
            "GET\n\n\n1699807420\n/bucket/key?versionId=versionId");

  SignerV1::Presign(request, AkSk(), 1699807420);
  EXPECT_EQ(request.Query("OSSAccessKeyId"), "ak");
  EXPECT_EQ(request.Query("Expires"), "1699807420");
  // The URL in §3.3 carries it encoded: dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D.
  EXPECT_EQ(request.Query("Signature"), "dcLTea+Yh9ApirQ8o8dOPqtvJXQ=");
  EXPECT_EQ(request.Query("versionId"), "versionId");
  EXPECT_FALSE(request.Query("security-token").has_value());
  EXPECT_EQ(request.query.size(), 4u);
  EXPECT_TRUE(request.headers.empty());
}

TEST(SignerV1Test, PresignVector2WithToken) {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "bucket";
  request.key = "key+123";
  request.query = {{"versionId", "versionId"}};

  SignerV1::Presign(request, AkSkToken(), 1699808204);
  // The presign parameters themselves stay out of the resource.
  EXPECT_EQ(SignerV1::StringToSign(request, "1699808204"),
            "GET\n\n\n1699808204\n"
            "/bucket/key+123?security-token=token&versionId=versionId");
  EXPECT_EQ(request.Query("OSSAccessKeyId"), "ak");
  EXPECT_EQ(request.Query("Expires"), "1699808204");
  EXPECT_EQ(request.Query("Signature"), "jzKYRrM5y6Br0dRFPaTGOsbrDhY=");
  EXPECT_EQ(request.Query("security-token"), "token");
  EXPECT_EQ(request.Query("versionId"), "versionId");
  EXPECT_EQ(request.query.size(), 5u);
}

TEST(SignerV1Test, DerivedCPresign) {
  SignableRequest request;
  request.method = "GET";
  request.bucket = "examplebucket";
  request.key = "dir/a b+c.txt";
  EXPECT_EQ(SignerV1::StringToSign(request, "1735693200"),
            "GET\n\n\n1735693200\n/examplebucket/dir/a b+c.txt");

  SignerV1::Presign(request, AkSk(), 1735693200);
  EXPECT_EQ(request.Query("Expires"), "1735693200");
  EXPECT_EQ(request.Query("Signature"), "ZLLf7AoG8JHGgz5gWQbJibh++EU=");
}

TEST(SignerV1Test, SignatureIsBase64HmacSha1) {
  EXPECT_EQ(SignerV1::Signature(
                "sk", "GET\n\n\n1735693200\n/examplebucket/dir/a b+c.txt"),
            "ZLLf7AoG8JHGgz5gWQbJibh++EU=");
}

TEST(SignerV1Test, AnonymousLeavesTheRequestUntouched) {
  SignableRequest request = PutNelson();
  request.query = {{"acl", ""}};
  const SignableRequest before = request;

  SignerV1::SignHeaders(request, Credentials{}, HttpDate(kVectorDate));
  EXPECT_EQ(request.headers, before.headers);
  EXPECT_EQ(request.query, before.query);

  SignerV1::Presign(request, Credentials{"", "sk", "token"}, 1699807420);
  EXPECT_EQ(request.headers, before.headers);
  EXPECT_EQ(request.query, before.query);
}

TEST(SignerV1Test, UnsignedParametersDoNotChangeTheSignature) {
  SignableRequest plain = PutNelson();
  plain.query = {{"uploadId", "0004B9894A22E5B1888A1E29F8230000"}};
  SignableRequest listed = plain;
  listed.query.insert(listed.query.end(), {{"prefix", "dir/"},
                                           {"delimiter", "/"},
                                           {"marker", "a"},
                                           {"max-parts", "100"},
                                           {"part-number-marker", "3"},
                                           {"max-uploads", "10"},
                                           {"key-marker", "k"},
                                           {"upload-id-marker", "u"},
                                           {"encoding-type", "url"}});

  EXPECT_EQ(SignerV1::CanonicalizedResource(listed),
            "/examplebucket/nelson?uploadId=0004B9894A22E5B1888A1E29F8230000");
  SignerV1::SignHeaders(plain, AkSk(), HttpDate(kVectorDate));
  SignerV1::SignHeaders(listed, AkSk(), HttpDate(kVectorDate));
  EXPECT_EQ(plain.Header("Authorization"), listed.Header("Authorization"));
}

TEST(SignerV1Test, WrongSecretGivesADifferentSignature) {
  SignableRequest request = PutNelson();
  SignerV1::SignHeaders(request, Credentials{"ak", "not-sk", ""},
                        HttpDate(kVectorDate));
  ASSERT_TRUE(request.Header("Authorization").has_value());
  EXPECT_NE(request.Header("Authorization"),
            "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=");
}

TEST(SignerV1Test, SignedSubresources) {
  for (const char* name :
       {"acl", "uploads", "uploadId", "partNumber", "security-token",
        "versionId", "response-content-type", "callback-var", "resourceGroup",
        "x-oss-process", "x-oss-traffic-limit", "udfApplicationLog", "vpcip",
        "wormExtend"}) {
    EXPECT_TRUE(SignerV1::IsSignedSubresource(name)) << name;
  }
  for (const char* name :
       {"prefix", "max-parts", "encoding-type", "non-resousce", "Expires",
        "OSSAccessKeyId", "Signature", "ACL", "x-oss", ""}) {
    EXPECT_FALSE(SignerV1::IsSignedSubresource(name)) << name;
  }
}

TEST(SignerV1Test, ResourceForServiceAndBucket) {
  SignableRequest service;
  service.method = "GET";
  EXPECT_EQ(SignerV1::CanonicalizedResource(service), "/");

  SignableRequest bucket;
  bucket.bucket = "examplebucket";
  EXPECT_EQ(SignerV1::CanonicalizedResource(bucket), "/examplebucket/");
}

TEST(SignerV1Test, OssHeadersAreLowercasedTrimmedAndJoined) {
  SignableRequest request;
  request.headers = {{"X-OSS-Meta-B", "  two "},
                     {"x-oss-meta-a", "1"},
                     {"x-oss-meta-b", "three"},
                     {"Content-Type", "text/plain"}};
  EXPECT_EQ(SignerV1::CanonicalizedHeaders(request),
            "x-oss-meta-a:1\nx-oss-meta-b:two,three\n");
}

// AWS Signature V2 as S3 checks it (s3-protocol.md §2.7, vectors
// reproduced against botocore-generated URLs): x-amz- headers, the
// URI-encoded path with the bucket always in it, and S3's sub-resources.
TEST(SignerV1Test, AwsV2Vectors) {
  constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  SignableRequest plain;
  plain.method = "GET";
  plain.bucket = "examplebucket";
  plain.key = "test.txt";
  plain.path = "/test.txt";  // virtual-hosted: the bucket is in the Host
  EXPECT_EQ(SignerV1::StringToSign(plain, "1796032945", kAwsV2Parameters),
            "GET\n\n\n1796032945\n/examplebucket/test.txt");
  EXPECT_EQ(
      SignerV1::Signature(kSecret, SignerV1::StringToSign(plain, "1796032945",
                                                          kAwsV2Parameters)),
      "pIkuVztBfU+G41eTiwocgRgXxGM=");

  SignableRequest token = plain;
  token.key = "dir/a b+c.txt";
  token.path = "/dir/a b+c.txt";
  token.headers = {{"x-amz-security-token", "TOKEN/x+y="}};
  const std::string string_to_sign =
      SignerV1::StringToSign(token, "1796634145", kAwsV2Parameters);
  EXPECT_EQ(string_to_sign,
            "GET\n\n\n1796634145\nx-amz-security-token:TOKEN/x+y=\n"
            "/examplebucket/dir/a%20b%2Bc.txt");
  EXPECT_EQ(SignerV1::Signature(kSecret, string_to_sign),
            "46k4wPznh51n2hoUdHy8AK4MB0Q=");
}

TEST(SignerV1Test, AwsV2ResourceAndSubresources) {
  SignableRequest bucket;
  bucket.method = "GET";
  bucket.bucket = "b";
  bucket.path = "/b";  // path style, as botocore writes it
  bucket.query = {{"uploads", ""}, {"prefix", "p"}, {"security-token", "t"}};
  EXPECT_EQ(SignerV1::CanonicalizedResource(bucket, kAwsV2Parameters),
            "/b?uploads");
  bucket.path = "/";  // virtual-hosted
  EXPECT_EQ(SignerV1::CanonicalizedResource(bucket, kAwsV2Parameters),
            "/b/?uploads");
  // OSS's own names are not S3's sub-resources, and the reverse.
  EXPECT_FALSE(
      SignerV1::IsSignedSubresource("x-oss-process", kAwsV2Parameters));
  EXPECT_FALSE(
      SignerV1::IsSignedSubresource("security-token", kAwsV2Parameters));
  EXPECT_TRUE(SignerV1::IsSignedSubresource("torrent", kAwsV2Parameters));
  EXPECT_FALSE(SignerV1::IsSignedSubresource("torrent"));
  SignableRequest headers;
  headers.headers = {{"x-oss-meta-a", "1"}, {"X-Amz-Meta-B", "2"}};
  EXPECT_EQ(SignerV1::CanonicalizedHeaders(headers, kAwsV2Parameters),
            "x-amz-meta-b:2\n");
}

}  // namespace
}  // namespace ossxfer::auth
