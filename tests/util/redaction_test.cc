#include "util/redaction.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ossxfer/credentials.h"

namespace ossxfer::util {
namespace {

TEST(RedactionTest, SecretsKeepOnlyAPrefix) {
  EXPECT_EQ(RedactSecret("LTAI5tAbCdEfGhIjKlMn"), "LTAI****");
  EXPECT_EQ(RedactSecret("short"), "****");
  EXPECT_EQ(RedactSecret(""), "****");
}

TEST(RedactionTest, AuthorizationLosesItsSignature) {
  EXPECT_EQ(
      RedactHeaderValue("Authorization", "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M="),
      "OSS ak:****");
  EXPECT_EQ(RedactHeaderValue(
                "authorization",
                "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/"
                "aliyun_v4_request,Signature=e21d18daa82167720f9b"),
            "OSS4-HMAC-SHA256 "
            "Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
            "Signature=****");
  EXPECT_EQ(RedactHeaderValue("x-oss-security-token", "CAISsecrettokenvalue"),
            "CAIS****");
  EXPECT_EQ(RedactHeaderValue("Range", "bytes=0-99"), "bytes=0-99");
}

TEST(RedactionTest, UrlsLoseSignaturesAndTokens) {
  EXPECT_EQ(
      RedactUrl("http://b.h/k?Expires=1&OSSAccessKeyId=ak&Signature=abc%3D&"
                "security-token=tok&versionId=v"),
      "http://b.h/k?Expires=1&OSSAccessKeyId=ak&Signature=****&"
      "security-token=****&versionId=v");
  EXPECT_EQ(
      RedactUrl("http://h/k?x-oss-signature=ff&x-oss-security-token=t&uploads"),
      "http://h/k?x-oss-signature=****&x-oss-security-token=****&uploads");
  EXPECT_EQ(RedactUrl("http://h/k"), "http://h/k");
}

TEST(RedactionTest, PrintedCredentialsShowNoSecret) {
  Credentials credentials{"LTAI5tExampleId", "VerySecretAccessKeySecret",
                          "STSTokenValue123"};
  std::ostringstream out;
  out << credentials;
  EXPECT_EQ(out.str().find("VerySecretAccessKeySecret"), std::string::npos);
  EXPECT_EQ(out.str().find("STSTokenValue123"), std::string::npos);
  EXPECT_NE(out.str().find("LTAI5tExampleId"), std::string::npos);
}

}  // namespace
}  // namespace ossxfer::util

namespace ossxfer::util {
namespace {

TEST(RedactionTest, AV1SignatureContainingTheWordSignatureIsStillHidden) {
  EXPECT_EQ(RedactHeaderValue("Authorization", "OSS ak:abcSignature=xyz="),
            "OSS ak:****");
  EXPECT_EQ(RedactHeaderValue("Authorization", "Bearer something"), "****");
}

}  // namespace
}  // namespace ossxfer::util
