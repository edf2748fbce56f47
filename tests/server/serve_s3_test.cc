// serve's S3 side (server/s3_wire.h, server/body_digests.h): the dialect
// rule, the translation of S3 requests and answers as pure functions, and
// a real serve process answering SigV4-signed requests sent by hand: what
// it stores, what it refuses without storing, and what its answers look
// like to an S3 client. awscli, boto3 and ossxfer's S3 dialect run against
// serve in the s3_serve_* / compat_s3_serve_* tests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/signer_v1.h"
#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "http/http_connection.h"
#include "ossxfer/body.h"
#include "ossxfer/checksum.h"
#include "server/s3_wire.h"
#include "server/store_errors.h"
#include "support/serve_process.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/time_format.h"

namespace ossxfer::server {
namespace {

using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;

ServerRequest S3Request(std::string method, std::string bucket, std::string key,
                        auth::NameValueList query = {},
                        auth::NameValueList headers = {}) {
  ServerRequest request;
  request.method = std::move(method);
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.query = std::move(query);
  request.headers = std::move(headers);
  request.dialect = WireDialect::kS3;
  return request;
}

const ServiceError* ErrorOf(const Status& status) {
  return status.service_error();
}

TEST(S3WireTest, TheDialectIsTheSignatureOfTheRequest) {
  struct Case {
    auth::NameValueList headers;
    auth::NameValueList query;
    WireDialect expected;
  };
  const std::vector<Case> cases = {
      {{{"Authorization", "AWS4-HMAC-SHA256 Credential=a/b"}},
       {},
       WireDialect::kS3},
      {{{"Authorization", "AWS ak:sig"}}, {}, WireDialect::kS3},
      {{}, {{"X-Amz-Signature", "x"}}, WireDialect::kS3},
      {{}, {{"AWSAccessKeyId", "ak"}}, WireDialect::kS3},
      {{{"Authorization", "OSS4-HMAC-SHA256 Credential=a/b"}},
       {},
       WireDialect::kOss},
      {{{"Authorization", "OSS ak:sig"}}, {}, WireDialect::kOss},
      {{}, {{"x-oss-signature", "x"}}, WireDialect::kOss},
      // Unsigned (serve --anonymous): OSS unless --dialect s3.
      {{}, {}, WireDialect::kOss},
  };
  for (const Case& c : cases) {
    ServerRequest request = S3Request("GET", "b", "k", c.query, c.headers);
    EXPECT_EQ(DetectWireDialect(request, DialectRule::kAuto), c.expected)
        << (c.headers.empty() ? c.query.front().first
                              : c.headers.front().second);
    EXPECT_EQ(DetectWireDialect(request, DialectRule::kOss), WireDialect::kOss);
    EXPECT_EQ(DetectWireDialect(request, DialectRule::kS3), WireDialect::kS3);
  }
}

TEST(S3WireTest, ImplementedHeadersTakeTheirOssNames) {
  ServerRequest request =
      S3Request("PUT", "b", "k", {},
                {{"X-Amz-Meta-Color", "blue"},
                 {"x-amz-acl", "public-read"},
                 {"x-amz-storage-class", "STANDARD"},
                 {"x-amz-tagging", "a=b"},
                 {"x-amz-date", "20261201T000000Z"},
                 {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"},
                 {"x-amz-checksum-crc32", "AAAAAA=="},
                 {"If-None-Match", "*"},
                 {"Content-Type", "text/plain"}});
  ASSERT_TRUE(TranslateS3Request(request, 501).ok());
  EXPECT_EQ(request.Header("x-oss-meta-color"), "blue");
  EXPECT_EQ(request.Header("x-oss-object-acl"), "public-read");
  EXPECT_EQ(request.Header("x-oss-storage-class"), "Standard");
  EXPECT_EQ(request.Header("x-oss-tagging"), "a=b");
  EXPECT_EQ(request.Header("x-oss-forbid-overwrite"), "true");
  EXPECT_EQ(request.Header("Content-Type"), "text/plain");
  // Integrity headers stay for the body's check.
  EXPECT_EQ(request.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(request.Header("x-amz-checksum-crc32"), "AAAAAA==");
  EXPECT_FALSE(request.Header("X-Amz-Meta-Color"));
  EXPECT_FALSE(request.Header("If-None-Match"));

  // aws-chunked is how a body travels: not stored as its encoding.
  ServerRequest chunked =
      S3Request("PUT", "b", "k", {},
                {{"Content-Encoding", "aws-chunked, gzip"},
                 {"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                 {"x-amz-trailer", "x-amz-checksum-crc32"},
                 {"x-amz-decoded-content-length", "3"}});
  ASSERT_TRUE(TranslateS3Request(chunked, 501).ok());
  EXPECT_EQ(chunked.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(chunked.Header("x-amz-trailer"), "x-amz-checksum-crc32");
  ServerRequest only_chunked =
      S3Request("PUT", "b", "k", {}, {{"Content-Encoding", "aws-chunked"}});
  ASSERT_TRUE(TranslateS3Request(only_chunked, 501).ok());
  EXPECT_FALSE(only_chunked.Header("Content-Encoding"));

  ServerRequest bucket =
      S3Request("PUT", "b", "", {}, {{"x-amz-acl", "private"}});
  ASSERT_TRUE(TranslateS3Request(bucket, 501).ok());
  EXPECT_EQ(bucket.Header("x-oss-acl"), "private");

  ServerRequest copy = S3Request("PUT", "b", "k", {},
                                 {{"x-amz-copy-source", "src/a%20b"},
                                  {"x-amz-copy-source-if-match", "\"e\""},
                                  {"x-amz-metadata-directive", "REPLACE"}});
  ASSERT_TRUE(TranslateS3Request(copy, 501).ok());
  EXPECT_EQ(copy.Header("x-oss-copy-source"), "/src/a%20b");
  EXPECT_EQ(copy.Header("x-oss-copy-source-if-match"), "\"e\"");
  EXPECT_EQ(copy.Header("x-oss-metadata-directive"), "REPLACE");
}

TEST(S3WireTest, WhatServeDoesNotImplementIsRefusedBeforeAnyHandler) {
  struct Case {
    ServerRequest request;
    int status;
    std::string code;
    std::string named;  // the message must name it
  };
  const std::vector<Case> cases = {
      {S3Request("PUT", "b", "k", {},
                 {{"x-amz-object-lock-mode", "COMPLIANCE"}}),
       501, "NotImplemented", "x-amz-object-lock-mode"},
      {S3Request("PUT", "b", "k", {},
                 {{"x-amz-server-side-encryption", "AES256"}}),
       501, "NotImplemented", "x-amz-server-side-encryption"},
      {S3Request("PUT", "b", "k", {}, {{"x-amz-acl", "bucket-owner-read"}}),
       501, "NotImplemented", "bucket-owner-read"},
      {S3Request("PUT", "b", "k", {},
                 {{"x-amz-storage-class", "REDUCED_REDUNDANCY"}}),
       501, "NotImplemented", "REDUCED_REDUNDANCY"},
      {S3Request("PUT", "b", "k", {}, {{"If-Match", "\"e\""}}), 501,
       "NotImplemented", "If-Match"},
      // A whole-object checksum at Complete of an algorithm serve does not
      // compute: it cannot be checked, so it is refused.
      {S3Request("POST", "b", "k", {{"uploadId", "u"}},
                 {{"x-amz-checksum-crc64nvme", "AAAAAAAAAAA="},
                  {"x-amz-checksum-type", "FULL_OBJECT"}}),
       501, "NotImplemented", "x-amz-checksum-crc64nvme"},
      {S3Request("PUT", "b", "k", {},
                 {{"x-amz-content-sha256",
                   "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"}}),
       501, "NotImplemented", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"},
      // An S3 sub-resource OSS lacks, and one OSS has but S3 does not.
      {S3Request("PUT", "b", "k", {{"retention", ""}}), 501, "NotImplemented",
       "?retention"},
      {S3Request("PUT", "b", "k", {{"legal-hold", ""}}), 501, "NotImplemented",
       "?legal-hold"},
      {S3Request("PUT", "b", "k", {{"symlink", ""}}), 501, "NotImplemented",
       "?symlink"},
      {S3Request("POST", "b", "k", {{"append", ""}, {"position", "0"}}), 501,
       "NotImplemented", "?append"},
      {S3Request("PUT", "b", "k", {}, {{"x-oss-forbid-overwrite", "true"}}),
       400, "InvalidArgument", "x-oss-forbid-overwrite"},
  };
  for (const Case& c : cases) {
    ServerRequest request = c.request;
    Status translated = TranslateS3Request(request, 501);
    const ServiceError* error = ErrorOf(translated);
    ASSERT_NE(error, nullptr) << c.named;
    EXPECT_EQ(error->http_status, c.status) << c.named;
    EXPECT_EQ(error->code, c.code) << c.named;
    EXPECT_NE(error->message.find(c.named), std::string::npos)
        << error->message;
  }
  // --not-implemented-status 400 applies here too.
  ServerRequest request = S3Request("PUT", "b", "k", {{"torrent", ""}});
  const Status refused = TranslateS3Request(request, 400);
  const ServiceError* error = ErrorOf(refused);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->http_status, 400);
}

TEST(S3WireTest, ListingsPageByS3sThousand) {
  ServerRequest v2 = S3Request("GET", "b", "", {{"list-type", "2"}});
  ASSERT_TRUE(TranslateS3Request(v2, 501).ok());
  EXPECT_EQ(v2.Query("max-keys"), "1000");
  ServerRequest buckets = S3Request("GET", "", "");
  ASSERT_TRUE(TranslateS3Request(buckets, 501).ok());
  EXPECT_EQ(buckets.Query("max-keys"), "1000");
  ServerRequest asked = S3Request("GET", "b", "", {{"max-keys", "7"}});
  ASSERT_TRUE(TranslateS3Request(asked, 501).ok());
  EXPECT_EQ(asked.Query("max-keys"), "7");
  // Not a listing: no page size added.
  ServerRequest uploads = S3Request("GET", "b", "", {{"uploads", ""}});
  ASSERT_TRUE(TranslateS3Request(uploads, 501).ok());
  EXPECT_FALSE(uploads.HasQuery("max-keys"));
}

TEST(S3WireTest, AnswersTakeS3sHeaderNames) {
  const ResponseHeaders s3 = S3ResponseHeaders({
      {"x-oss-request-id", "ABC"},
      {"x-oss-server-time", "1"},
      {"ETag", "\"0A97F1336A2298A6C3E9ADAA562A9EEC-3\""},
      {"x-oss-hash-crc64ecma", "123"},
      {"x-oss-version-id", "v1"},
      {"x-oss-meta-color", "blue"},
      {"x-oss-storage-class", "Standard"},
      {"x-oss-object-type", "Normal"},
      {"x-oss-err", "PEVycm9yLz4="},
      {"Content-Type", "text/plain"},
  });
  const ResponseHeaders expected = {
      {"x-amz-request-id", "ABC"},
      {"x-amz-id-2", S3HostId("ABC")},
      {"ETag", "\"0a97f1336a2298a6c3e9adaa562a9eec-3\""},
      {"x-amz-version-id", "v1"},
      {"x-amz-meta-color", "blue"},
      {"x-amz-storage-class", "STANDARD"},
      {"Content-Type", "text/plain"},
  };
  EXPECT_EQ(s3, expected);
}

TEST(S3WireTest, DocumentsTakeS3sNamespaceEtagsAndClasses) {
  const std::string listing = S3Xml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
      "<Contents><Key>k</Key><ETag>\"ABCDEF\"</ETag>"
      "<StorageClass>IA</StorageClass></Contents></ListBucketResult>");
  EXPECT_NE(listing.find("<ListBucketResult "
                         "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
            std::string::npos)
      << listing;
  EXPECT_NE(listing.find("<ETag>\"abcdef\"</ETag>"), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("<StorageClass>STANDARD_IA</StorageClass>"),
            std::string::npos)
      << listing;
  const std::string error =
      S3Xml("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>");
  EXPECT_EQ(error.find("xmlns"), std::string::npos) << error;
}

TEST(S3WireTest, ErrorsTakeS3sCodesWhereTheyDiffer) {
  ServiceError exists = *ErrorOf(FileAlreadyExistsError());
  exists.ec = "0016-00000001";
  const ServiceError precondition = S3Error(exists);
  EXPECT_EQ(precondition.http_status, 412);
  EXPECT_EQ(precondition.code, "PreconditionFailed");
  EXPECT_TRUE(precondition.ec.empty());
  const ServiceError digest = S3Error(*ErrorOf(
      OssError(400, "InvalidDigest", std::string(kDigestMismatchMessage))));
  EXPECT_EQ(digest.code, "BadDigest");
  // A malformed Content-MD5 stays InvalidDigest, as S3 answers it.
  const ServiceError malformed = S3Error(
      *ErrorOf(OssError(400, "InvalidDigest", "The Content-MD5 was invalid.")));
  EXPECT_EQ(malformed.code, "InvalidDigest");
}

// A real serve, and SigV4-signed requests sent by hand (the signer is the
// library's; botocore's agreement with it is tested in tests/auth and by
// the compat_s3_serve_* tests).
class ServeS3Test : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(std::vector<std::string> extra) {
    server_ = std::make_unique<ServeProcess>(root_.path(), std::move(extra));
    ASSERT_TRUE(server_->started());
  }

  // `method` on /bucket[/key] with `query`, signed with `secret` (serve's
  // unless given). x-amz-content-sha256 is the body's SHA-256 unless
  // `headers` sets it.
  http::HttpResponse Send(
      const std::string& method, const std::string& bucket,
      const std::string& key, auth::NameValueList query,
      auth::NameValueList headers, const std::string& body,
      const std::string& secret = ::ossxfer::testing::kServeKeySecret) {
    std::string path = "/" + bucket;
    if (!key.empty()) path += "/" + util::UriEncode(key, /*keep_slash=*/true);
    auth::SignableRequest signable{
        method, bucket,  key,
        query,  headers, "/" + bucket + (key.empty() ? "" : "/" + key)};
    signable.SetHeader("Host", "127.0.0.1:" + server_->port());
    if (!signable.Header("x-amz-content-sha256")) {
      signable.SetHeader("x-amz-content-sha256",
                         util::HexLower(util::Sha256(body)));
    }
    Credentials credentials;
    credentials.access_key_id = ::ossxfer::testing::kServeKeyId;
    credentials.access_key_secret = secret;
    auth::SignerV4(auth::kAwsV4Parameters)
        .SignHeaders(signable, credentials, {"us-east-1", "s3"},
                     std::chrono::system_clock::now());
    std::string target = path;
    char separator = '?';
    for (const auto& [name, value] : query) {
      target += separator + util::UriEncode(name);
      if (!value.empty()) target += "=" + util::UriEncode(value);
      separator = '&';
    }
    http::Headers wire;
    for (const auto& [name, value] : signable.headers) {
      if (name != "Host") wire.emplace_back(name, value);
    }
    StringSource source(body);
    http::HttpRequest request{
        method, server_->endpoint() + target, wire,
        method == "PUT" || method == "POST" ? &source : nullptr};
    Result<http::HttpResponse> response = connection_.Send(request, nullptr);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::HttpResponse{};
  }

  http::HttpResponse Put(const std::string& key, const std::string& body,
                         auth::NameValueList headers = {},
                         auth::NameValueList query = {}) {
    return Send("PUT", "bucket", key, std::move(query), std::move(headers),
                body);
  }
  http::HttpResponse Head(const std::string& key) {
    return Send("HEAD", "bucket", key, {}, {}, "");
  }

  void CreateBucket() {
    ASSERT_EQ(Send("PUT", "bucket", "", {}, {}, "").status, 200);
  }
  // CreateMultipartUpload of "mp" with `headers`: its upload id, or "" (a
  // failed expectation) when it was refused.
  std::string InitiateUpload(auth::NameValueList headers = {}) {
    http::HttpResponse initiate =
        Send("POST", "bucket", "mp", {{"uploads", ""}}, std::move(headers), "");
    EXPECT_EQ(initiate.status, 200) << initiate.body;
    const size_t begin = initiate.body.find("<UploadId>");
    if (initiate.status != 200 || begin == std::string::npos) return "";
    const size_t end = initiate.body.find("</UploadId>");
    return initiate.body.substr(begin + 10, end - begin - 10);
  }

  TempDir root_;
  std::unique_ptr<ServeProcess> server_;
  http::HttpConnection connection_{http::HttpSettings{}};
};

std::string Base64Crc32(std::string_view bytes) {
  return util::Base64Encode(util::BigEndianBytes(
      ComputeChecksum(ChecksumAlgorithm::kCrc32, bytes).value, 4));
}

TEST_F(ServeS3Test, AnswersAreS3s) {
  CreateBucket();
  const std::string body = "hello, S3";
  http::HttpResponse put = Put("dir/a b+c.txt", body);
  ASSERT_EQ(put.status, 200) << put.body;
  http::HttpResponse head = Head("dir/a b+c.txt");
  ASSERT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("ETag"), "\"" + util::HexLower(util::Md5(body)) + "\"");
  EXPECT_TRUE(head.Header("x-amz-request-id"));
  EXPECT_TRUE(head.Header("x-amz-id-2"));
  for (const auto& [name, value] : head.headers) {
    EXPECT_FALSE(name.starts_with("x-oss-")) << name << ": " << value;
  }
  http::HttpResponse missing = Send("GET", "bucket", "missing", {}, {}, "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<Code>NoSuchKey</Code>"), std::string::npos);
  EXPECT_EQ(missing.body.find("<EC>"), std::string::npos) << missing.body;
  EXPECT_NE(missing.body.find("<HostId>" + *missing.Header("x-amz-id-2")),
            std::string::npos)
      << missing.body;
  http::HttpResponse list =
      Send("GET", "bucket", "", {{"list-type", "2"}}, {}, "");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""),
            std::string::npos);
  EXPECT_NE(list.body.find("<MaxKeys>1000</MaxKeys>"), std::string::npos)
      << list.body;
  EXPECT_NE(list.body.find("<Key>dir/a b+c.txt</Key>"), std::string::npos)
      << list.body;
}

TEST_F(ServeS3Test, ABodyThatDoesNotMatchItsDigestsIsNeverStored) {
  CreateBucket();
  const std::string body = "the bytes that arrive";
  struct Case {
    auth::NameValueList headers;
    std::string code;
  };
  const std::vector<Case> cases = {
      {{{"x-amz-content-sha256", util::HexLower(util::Sha256("other bytes"))}},
       "XAmzContentSHA256Mismatch"},
      {{{"x-amz-checksum-crc32", Base64Crc32("other bytes")},
        {"x-amz-sdk-checksum-algorithm", "CRC32"}},
       "BadDigest"},
      {{{"Content-MD5", util::Base64Encode(util::Md5("other bytes"))}},
       "BadDigest"},
      {{{"Content-MD5", "not base64 of 16 bytes"}}, "InvalidDigest"},
      {{{"x-amz-checksum-crc32", "AAAA"}}, "InvalidRequest"},
      // The SDK's algorithm header without the checksum it names.
      {{{"x-amz-sdk-checksum-algorithm", "CRC32"}}, "InvalidRequest"},
  };
  for (const Case& c : cases) {
    http::HttpResponse put = Put("k", body, c.headers);
    EXPECT_EQ(put.status, 400) << c.code;
    EXPECT_NE(put.body.find("<Code>" + c.code + "</Code>"), std::string::npos)
        << put.body;
    EXPECT_EQ(Head("k").status, 404) << c.code << ": the object was stored";
  }
  // The same digests, right, store the object; the checksum is echoed.
  http::HttpResponse put =
      Put("k", body,
          {{"x-amz-checksum-crc32", Base64Crc32(body)},
           {"x-amz-sdk-checksum-algorithm", "CRC32"},
           {"Content-MD5", util::Base64Encode(util::Md5(body))}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Header("x-amz-checksum-crc32"), Base64Crc32(body));
  EXPECT_EQ(Head("k").status, 200);
}

TEST_F(ServeS3Test, AnAwsChunkedBodyIsDecodedAndItsLengthsChecked) {
  CreateBucket();
  const auth::NameValueList chunked = {
      {"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
      {"Content-Encoding", "aws-chunked"},
      {"x-amz-trailer", "x-amz-checksum-crc32"}};
  const std::string payload = "chunked payload";
  const std::string body =
      fmt::format("{:x}\r\n{}\r\n0\r\nx-amz-checksum-crc32:{}\r\n\r\n",
                  payload.size(), payload, Base64Crc32(payload));
  auto with_length = [&](std::string length) {
    auth::NameValueList headers = chunked;
    headers.emplace_back("x-amz-decoded-content-length", std::move(length));
    return headers;
  };
  http::HttpResponse put =
      Put("k", body, with_length(std::to_string(payload.size())));
  ASSERT_EQ(put.status, 200) << put.body;
  http::HttpResponse got = Send("GET", "bucket", "k", {}, {}, "");
  EXPECT_EQ(got.body, payload);
  EXPECT_FALSE(got.Header("Content-Encoding"))
      << *got.Header("Content-Encoding");

  const std::vector<std::pair<std::string, std::string>> refused = {
      {std::to_string(payload.size() + 1), "IncompleteBody"},
      {std::to_string((uint64_t{5} << 30) + 1), "EntityTooLarge"},
      {"many", "MissingContentLength"},
  };
  for (const auto& [length, code] : refused) {
    http::HttpResponse answer = Put("other", body, with_length(length));
    EXPECT_NE(answer.body.find("<Code>" + code + "</Code>"), std::string::npos)
        << length << ": " << answer.body;
    EXPECT_EQ(Head("other").status, 404) << length;
  }
}

TEST_F(ServeS3Test, DeleteObjectsDeletesNothingUnlessItsBodyIsCovered) {
  CreateBucket();
  ASSERT_EQ(Put("a", "kept").status, 200);
  const std::string body =
      "<Delete><Object><Key>a</Key></Object><Quiet>true</Quiet></Delete>";
  auto delete_objects = [&](auth::NameValueList headers) {
    return Send("POST", "bucket", "", {{"delete", ""}}, std::move(headers),
                body);
  };
  // botocore covers the body with a CRC32 only; a wrong one deletes nothing.
  http::HttpResponse wrong =
      delete_objects({{"x-amz-checksum-crc32", Base64Crc32("other")},
                      {"x-amz-sdk-checksum-algorithm", "CRC32"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("<Code>BadDigest</Code>"), std::string::npos)
      << wrong.body;
  // No digest at all (UNSIGNED-PAYLOAD, no Content-MD5, no checksum).
  http::HttpResponse uncovered =
      delete_objects({{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  EXPECT_EQ(uncovered.status, 400);
  EXPECT_NE(uncovered.body.find("<Code>InvalidDigest</Code>"),
            std::string::npos)
      << uncovered.body;
  EXPECT_EQ(Head("a").status, 200);
  // A checksum serve cannot compute is refused, not passed over.
  http::HttpResponse crc64nvme =
      delete_objects({{"x-amz-checksum-crc64nvme", "AAAAAAAAAAA="}});
  EXPECT_EQ(crc64nvme.status, 501) << crc64nvme.body;
  EXPECT_EQ(Head("a").status, 200);
  http::HttpResponse right =
      delete_objects({{"x-amz-checksum-crc32", Base64Crc32(body)},
                      {"x-amz-sdk-checksum-algorithm", "CRC32"}});
  EXPECT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(Head("a").status, 404);
}

TEST_F(ServeS3Test, APartThatDoesNotMatchItsContentMd5IsNotKept) {
  CreateBucket();
  const std::string upload_id = InitiateUpload();
  ASSERT_FALSE(upload_id.empty());
  const auth::NameValueList part = {{"partNumber", "1"},
                                    {"uploadId", upload_id}};
  http::HttpResponse bad =
      Put("mp", "part bytes",
          {{"Content-MD5", util::Base64Encode(util::Md5("other"))}}, part);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("<Code>BadDigest</Code>"), std::string::npos);
  http::HttpResponse parts =
      Send("GET", "bucket", "mp", {{"uploadId", upload_id}}, {}, "");
  ASSERT_EQ(parts.status, 200);
  EXPECT_EQ(parts.body.find("<Part>"), std::string::npos) << parts.body;
  http::HttpResponse good =
      Put("mp", "part bytes",
          {{"Content-MD5", util::Base64Encode(util::Md5("part bytes"))}}, part);
  EXPECT_EQ(good.status, 200) << good.body;
}

// The checksums awscli and boto3 send are kept and returned to
// x-amz-checksum-mode: ENABLED, and ?partNumber reads a part: a three-part
// upload with a CRC32 per part (COMPOSITE).
TEST_F(ServeS3Test, AnUploadKeepsItsChecksumsAndItsParts) {
  CreateBucket();
  http::HttpResponse initiate =
      Send("POST", "bucket", "mp", {{"uploads", ""}},
           {{"x-amz-checksum-algorithm", "CRC32"}}, "");
  ASSERT_EQ(initiate.status, 200) << initiate.body;
  EXPECT_EQ(initiate.Header("x-amz-checksum-algorithm"), "CRC32");
  EXPECT_EQ(initiate.Header("x-amz-checksum-type"), "COMPOSITE");
  const size_t begin = initiate.body.find("<UploadId>") + 10;
  const std::string upload_id =
      initiate.body.substr(begin, initiate.body.find("</UploadId>") - begin);
  const std::vector<std::string> parts = {std::string(200 * 1024, 'a'),
                                          std::string(200 * 1024, 'b'), "c"};
  std::string complete = "<CompleteMultipartUpload>";
  std::string part_crcs;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string number = std::to_string(i + 1);
    http::HttpResponse put =
        Put("mp", parts[i], {{"x-amz-checksum-crc32", Base64Crc32(parts[i])}},
            {{"partNumber", number}, {"uploadId", upload_id}});
    ASSERT_EQ(put.status, 200) << put.body;
    complete += "<Part><PartNumber>" + number + "</PartNumber><ETag>" +
                *put.Header("ETag") + "</ETag></Part>";
    part_crcs += *util::Base64Decode(Base64Crc32(parts[i]));
  }
  complete += "</CompleteMultipartUpload>";
  http::HttpResponse completed =
      Send("POST", "bucket", "mp", {{"uploadId", upload_id}}, {}, complete);
  ASSERT_EQ(completed.status, 200) << completed.body;
  const std::string composite = Base64Crc32(part_crcs) + "-3";
  EXPECT_NE(completed.body.find("<ChecksumCRC32>" + composite +
                                "</ChecksumCRC32><ChecksumType>COMPOSITE<"),
            std::string::npos)
      << completed.body;

  http::HttpResponse asked = Send("HEAD", "bucket", "mp", {},
                                  {{"x-amz-checksum-mode", "ENABLED"}}, "");
  EXPECT_EQ(asked.Header("x-amz-checksum-crc32"), composite);
  EXPECT_EQ(asked.Header("x-amz-checksum-type"), "COMPOSITE");
  EXPECT_FALSE(Head("mp").Header("x-amz-checksum-crc32").has_value());

  http::HttpResponse head_part =
      Send("HEAD", "bucket", "mp", {{"partNumber", "2"}}, {}, "");
  EXPECT_EQ(head_part.status, 206);
  EXPECT_EQ(head_part.Header("Content-Length"), std::to_string(200 * 1024));
  EXPECT_EQ(head_part.Header("x-amz-mp-parts-count"), "3");
  http::HttpResponse get_part =
      Send("GET", "bucket", "mp", {{"partNumber", "3"}}, {}, "");
  EXPECT_EQ(get_part.status, 206);
  EXPECT_EQ(get_part.body, "c");
  EXPECT_EQ(get_part.Header("Content-Range"),
            fmt::format("bytes {0}-{0}/{1}", 400 * 1024, 400 * 1024 + 1));
  EXPECT_EQ(Send("GET", "bucket", "mp", {{"partNumber", "4"}}, {}, "").status,
            416);
  // A copy is the same bytes in the same parts, with the same checksum.
  ASSERT_EQ(Put("copy", "", {{"x-amz-copy-source", "/bucket/mp"}}).status, 200);
  http::HttpResponse copied_part =
      Send("HEAD", "bucket", "copy", {{"partNumber", "2"}},
           {{"x-amz-checksum-mode", "ENABLED"}}, "");
  EXPECT_EQ(copied_part.status, 206);
  EXPECT_EQ(copied_part.Header("x-amz-mp-parts-count"), "3");
  EXPECT_EQ(Send("HEAD", "bucket", "copy", {},
                 {{"x-amz-checksum-mode", "ENABLED"}}, "")
                .Header("x-amz-checksum-crc32"),
            composite);
  EXPECT_EQ(Send("GET", "bucket", "mp", {{"partNumber", "1"}},
                 {{"Range", "bytes=0-1"}}, "")
                .status,
            400);
}

TEST_F(ServeS3Test, APartOfAnotherAlgorithmThanItsUploadsIsRefused) {
  CreateBucket();
  const std::string upload_id =
      InitiateUpload({{"x-amz-checksum-algorithm", "CRC32"},
                      {"x-amz-checksum-type", "FULL_OBJECT"}});
  ASSERT_FALSE(upload_id.empty());
  const auth::NameValueList part = {{"partNumber", "1"},
                                    {"uploadId", upload_id}};
  http::HttpResponse other =
      Put("mp", "part",
          {{"x-amz-checksum-sha256", util::Base64Encode(util::Sha256("part"))}},
          part);
  EXPECT_EQ(other.status, 400);
  EXPECT_NE(other.body.find("<Code>InvalidRequest</Code>"), std::string::npos);
  http::HttpResponse listed =
      Send("GET", "bucket", "mp", {{"uploadId", upload_id}}, {}, "");
  EXPECT_EQ(listed.body.find("<Part>"), std::string::npos) << listed.body;
  // A single part of the upload's CRC32: its FULL_OBJECT value is its own.
  ASSERT_EQ(
      Put("mp", "part", {{"x-amz-checksum-crc32", Base64Crc32("part")}}, part)
          .status,
      200);
  auto complete = [&](const std::string& listed_crc) {
    return Send(
        "POST", "bucket", "mp", {{"uploadId", upload_id}}, {},
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" +
            util::HexLower(util::Md5("part")) + "</ETag><ChecksumCRC32>" +
            listed_crc + "</ChecksumCRC32></Part></CompleteMultipartUpload>");
  };
  // The part checksum Complete lists must be the one kept.
  http::HttpResponse wrong = complete(Base64Crc32("other"));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("<Code>InvalidPart</Code>"), std::string::npos)
      << wrong.body;
  EXPECT_EQ(Head("mp").status, 404);
  http::HttpResponse completed = complete(Base64Crc32("part"));
  ASSERT_EQ(completed.status, 200) << completed.body;
  http::HttpResponse asked =
      Send("GET", "bucket", "mp", {}, {{"x-amz-checksum-mode", "ENABLED"}}, "");
  EXPECT_EQ(asked.Header("x-amz-checksum-crc32"), Base64Crc32("part"));
  EXPECT_EQ(asked.Header("x-amz-checksum-type"), "FULL_OBJECT");
}

// A whole-object checksum on Complete (x-amz-checksum-<algorithm>) is
// checked against the one the parts give before anything is committed: a
// wrong value, algorithm or type completes nothing and keeps the upload.
TEST_F(ServeS3Test, AWholeObjectChecksumOnCompleteIsChecked) {
  CreateBucket();
  const std::string upload_id =
      InitiateUpload({{"x-amz-checksum-algorithm", "CRC32"},
                      {"x-amz-checksum-type", "FULL_OBJECT"}});
  ASSERT_FALSE(upload_id.empty());
  const std::string first(102400, 'a');
  const std::string second = "tail";
  std::string body = "<CompleteMultipartUpload>";
  int number = 0;
  for (const std::string* part : {&first, &second}) {
    ++number;
    ASSERT_EQ(
        Put("mp", *part, {{"x-amz-checksum-crc32", Base64Crc32(*part)}},
            {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}})
            .status,
        200);
    body +=
        fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>",
                    number, util::HexLower(util::Md5(*part)));
  }
  body += "</CompleteMultipartUpload>";
  auto complete = [&](const auth::NameValueList& headers) {
    return Send("POST", "bucket", "mp", {{"uploadId", upload_id}}, headers,
                body);
  };
  const std::string whole = Base64Crc32(first + second);
  struct Refused {
    auth::NameValueList headers;
    std::string code;
  };
  for (const Refused& refused : std::vector<Refused>{
           {{{"x-amz-checksum-crc32", Base64Crc32("other bytes")}},
            "BadDigest"},
           {{{"x-amz-checksum-crc32", whole},
             {"x-amz-checksum-type", "COMPOSITE"}},
            "InvalidRequest"},
           {{{"x-amz-checksum-crc32c", whole}}, "InvalidRequest"}}) {
    http::HttpResponse answer = complete(refused.headers);
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_NE(answer.body.find("<Code>" + refused.code + "</Code>"),
              std::string::npos)
        << answer.body;
    EXPECT_EQ(Head("mp").status, 404);
  }
  // The upload is still there, whole.
  http::HttpResponse listed =
      Send("GET", "bucket", "mp", {{"uploadId", upload_id}}, {}, "");
  EXPECT_NE(listed.body.find("<PartNumber>2</PartNumber>"), std::string::npos)
      << listed.body;
  http::HttpResponse completed =
      complete({{"x-amz-checksum-crc32", whole},
                {"x-amz-checksum-type", "FULL_OBJECT"}});
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(
      Send("HEAD", "bucket", "mp", {}, {{"x-amz-checksum-mode", "ENABLED"}}, "")
          .Header("x-amz-checksum-crc32"),
      whole);
}

TEST_F(ServeS3Test, UnimplementedRequestsChangeNothing) {
  CreateBucket();
  ASSERT_EQ(Put("k", "original").status, 200);
  const std::string etag = *Head("k").Header("ETag");
  const std::vector<std::pair<auth::NameValueList, auth::NameValueList>>
      requests = {
          {{}, {{"x-amz-object-lock-mode", "GOVERNANCE"}}},
          {{{"retention", ""}}, {}},
          {{{"symlink", ""}}, {}},
          {{}, {{"x-amz-server-side-encryption", "aws:kms"}}},
          {{}, {{"x-oss-object-acl", "public-read"}}},
      };
  for (const auto& [query, headers] : requests) {
    http::HttpResponse put = Put("k", "replaced", headers, query);
    EXPECT_TRUE(put.status == 501 || put.status == 400) << put.body;
    EXPECT_EQ(Head("k").Header("ETag"), etag) << put.body;
  }
  // If-None-Match: * is S3's conditional create.
  http::HttpResponse conditional =
      Put("k", "replaced", {{"If-None-Match", "*"}});
  EXPECT_EQ(conditional.status, 412) << conditional.body;
  EXPECT_EQ(Head("k").Header("ETag"), etag);
}

TEST_F(ServeS3Test, SignaturesAreChecked) {
  CreateBucket();
  http::HttpResponse wrong =
      Send("PUT", "bucket", "k", {}, {}, "x", "not the secret");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_NE(wrong.body.find("<Code>SignatureDoesNotMatch</Code>"),
            std::string::npos);
  EXPECT_NE(wrong.body.find("<AWSAccessKeyId>"), std::string::npos)
      << wrong.body;
  EXPECT_EQ(Head("k").status, 404);

  // AWS signature V2 in the header (botocore's "s3" signature version).
  auto v2 = [&](const std::string& secret) {
    auth::SignableRequest signable{"GET", "bucket", "k", {}, {}, "/bucket/k"};
    const std::string date =
        util::FormatHttpDate(std::chrono::system_clock::now());
    const std::string signature = auth::SignerV1::Signature(
        secret,
        auth::SignerV1::StringToSign(signable, date, auth::kAwsV2Parameters));
    Result<http::HttpResponse> answer = connection_.Send(
        http::HttpRequest{
            "GET",
            server_->endpoint() + "/bucket/k",
            {{"Authorization", std::string("AWS ") +
                                   ::ossxfer::testing::kServeKeyId + ":" +
                                   signature},
             {"Date", date}},
            nullptr},
        nullptr);
    EXPECT_TRUE(answer.ok()) << answer.status();
    return answer.ok() ? *answer : http::HttpResponse{};
  };
  ASSERT_EQ(Put("k", "v2").status, 200);
  http::HttpResponse v2_right = v2(::ossxfer::testing::kServeKeySecret);
  EXPECT_EQ(v2_right.status, 200) << v2_right.body;
  EXPECT_EQ(v2_right.body, "v2");
  http::HttpResponse v2_wrong = v2("not the secret");
  EXPECT_EQ(v2_wrong.status, 403);
  EXPECT_NE(v2_wrong.body.find("<Code>SignatureDoesNotMatch</Code>"),
            std::string::npos)
      << v2_wrong.body;
}

TEST_F(ServeS3Test, TheDialectFlagPinsOneProtocol) {
  server_.reset();
  Start({"--dialect", "oss"});
  http::HttpResponse listed = Send("GET", "", "", {}, {}, "");
  EXPECT_EQ(listed.status, 400) << listed.body;
  EXPECT_TRUE(listed.Header("x-oss-request-id"));
  EXPECT_NE(listed.body.find("Authorization header is invalid"),
            std::string::npos)
      << listed.body;
}

TEST_F(ServeS3Test, OssRequestsOnTheSamePortStayOss) {
  CreateBucket();
  Client oss = server_->MakeClient();
  PutObjectRequest request;
  request.bucket = "bucket";
  request.key = "k";
  StringSource body("from OSS");
  ASSERT_TRUE(oss.PutObject(request, body).ok());
  http::HttpResponse s3 = Head("k");
  ASSERT_EQ(s3.status, 200);
  EXPECT_EQ(s3.Header("ETag"),
            "\"" + util::HexLower(util::Md5("from OSS")) + "\"");
  HeadObjectRequest head;
  head.bucket = "bucket";
  head.key = "k";
  Result<ObjectMetadata> metadata = oss.HeadObject(head);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  // OSS's answer keeps OSS's upper-case ETag and its CRC-64.
  EXPECT_EQ(metadata->etag,
            "\"" + util::HexUpper(util::Md5("from OSS")) + "\"");
}

}  // namespace
}  // namespace ossxfer::server
