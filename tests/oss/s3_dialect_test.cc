// The Client built for the S3 dialect, over real HTTP against an in-test
// responder: AWS SigV4 on the wire (recomputed here with the server's
// signer), S3's region and endpoint rules, S3's error answers, and OSS's
// extensions refused before anything is sent. The same client against real
// S3 servers (Ceph RGW, moto) is tests/compat/s3_peers/ossxfer_checks.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "oss/dialect.h"
#include "ossxfer/client.h"
#include "support/http_responder.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::RecordedRequest;

constexpr char kS3KeyId[] = "AKIDEXAMPLE";
constexpr char kS3Secret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

ClientOptions S3Options(const HttpResponder& responder) {
  ClientOptions options;
  options.dialect = StoreDialect::kS3;
  options.endpoint = responder.endpoint();
  options.use_path_style = true;
  options.credentials =
      MakeStaticCredentialsProvider(Credentials{kS3KeyId, kS3Secret, ""});
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(5);
  return options;
}

Client MakeS3Client(const ClientOptions& options) {
  Result<Client> client = Client::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return std::move(client).value();
}

// The request as an S3 server sees it: the raw path (S3 signs the path as
// addressed), the query decoded, every header.
auth::SignableRequest S3Signable(const RecordedRequest& request) {
  auth::SignableRequest signable;
  signable.method = request.method;
  signable.path = *util::UriDecode(request.Path());
  signable.query = request.DecodedQuery();
  signable.headers = request.headers;
  return signable;
}

// Recomputes the AWS4-HMAC-SHA256 signature from the headers the request
// lists, as an S3 server does, and checks Host is one of them.
void ExpectValidSigV4(const RecordedRequest& request,
                      const std::string& region = "us-east-1") {
  const std::string authorization =
      request.Header("Authorization").value_or("");
  const std::string date = request.Header("x-amz-date").value_or("");
  ASSERT_EQ(date.size(), 16u);
  const std::string scope_prefix = std::string("AWS4-HMAC-SHA256 Credential=") +
                                   kS3KeyId + "/" + date.substr(0, 8) + "/" +
                                   region + "/s3/aws4_request,SignedHeaders=";
  ASSERT_TRUE(authorization.starts_with(scope_prefix)) << authorization;
  const size_t list_start = scope_prefix.size();
  const size_t list_end = authorization.find(',', list_start);
  const std::string list =
      authorization.substr(list_start, list_end - list_start);
  std::vector<std::string> names;
  for (size_t at = 0; at <= list.size();) {
    size_t semicolon = list.find(';', at);
    if (semicolon == std::string::npos) semicolon = list.size();
    names.push_back(list.substr(at, semicolon - at));
    at = semicolon + 1;
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "host"), names.end()) << list;
  const auth::SignerV4 signer(auth::kAwsV4Parameters);
  const auth::SignerV4Scope scope{region, ""};
  const std::string canonical =
      signer.CanonicalRequest(S3Signable(request), names);
  const std::string signature = auth::SignerV4::Signature(
      signer.SigningKey(kS3Secret, date.substr(0, 8), scope),
      signer.StringToSign(date, signer.Scope(date.substr(0, 8), scope),
                          canonical));
  EXPECT_TRUE(authorization.ends_with("Signature=" + signature))
      << authorization << "\ncanonical request:\n"
      << canonical;
}

// A Complete of two parts whose ETags are not MD5s (no composite check).
CompleteMultipartUploadRequest TwoPartComplete() {
  CompleteMultipartUploadRequest complete;
  complete.bucket = "bkt";
  complete.key = "k";
  complete.upload_id = "u";
  complete.parts = {{1, "\"e1\""}, {2, "\"e2\""}};
  return complete;
}

TEST(S3DialectTest, RegionAndEndpointFollowAwsRules) {
  const oss::Dialect& s3 = oss::kS3Dialect;
  EXPECT_EQ(s3.region_from_host("s3.us-west-2.amazonaws.com"), "us-west-2");
  EXPECT_EQ(s3.region_from_host("bkt.s3.eu-central-1.amazonaws.com"),
            "eu-central-1");
  EXPECT_EQ(s3.region_from_host("s3.dualstack.ap-south-1.amazonaws.com"),
            "ap-south-1");
  EXPECT_EQ(s3.region_from_host("s3-us-west-1.amazonaws.com"), "us-west-1");
  EXPECT_EQ(s3.region_from_host("s3.amazonaws.com"), "");
  EXPECT_EQ(s3.region_from_host("oss-cn-hangzhou.aliyuncs.com"), "");
  EXPECT_EQ(s3.region_from_host("127.0.0.1"), "");

  ClientOptions options;
  options.dialect = StoreDialect::kS3;
  Result<Client> aws = Client::Create(options);  // nothing given: AWS's own
  ASSERT_TRUE(aws.ok()) << aws.status();
  EXPECT_EQ(aws->region(), "us-east-1");
  EXPECT_EQ(aws->endpoint(), "https://s3.us-east-1.amazonaws.com");
  EXPECT_EQ(aws->dialect(), StoreDialect::kS3);
  EXPECT_EQ(aws->ObjectUrl("b", "k/x"), "s3://b/k/x");

  options.region = "eu-west-1";
  Result<Client> regional = Client::Create(options);
  ASSERT_TRUE(regional.ok());
  EXPECT_EQ(regional->endpoint(), "https://s3.eu-west-1.amazonaws.com");

  options.region.clear();
  options.endpoint = "https://s3.ap-northeast-1.amazonaws.com";
  Result<Client> from_host = Client::Create(options);
  ASSERT_TRUE(from_host.ok());
  EXPECT_EQ(from_host->region(), "ap-northeast-1");

  options.endpoint = "http://127.0.0.1:9000";  // a custom endpoint
  Result<Client> custom = Client::Create(options);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->region(), "us-east-1");

  options.signature_version = SignatureVersion::kV1;
  Result<Client> v1 = Client::Create(options);
  ASSERT_FALSE(v1.ok());
  EXPECT_EQ(v1.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(v1.status().message().find("signature V4 only"), std::string::npos);
}

TEST(S3DialectTest, RequestsAreSignedWithSigV4OverHostAndCarryNoOssHeaders) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method != "HEAD") return CannedResponse{200, {}};
    return CannedResponse{200,
                          {{"Content-Length", "5"},
                           {"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                           {"x-amz-meta-color", "blue"},
                           {"x-amz-version-id", "v7"},
                           {"x-amz-request-id", "REQ"}}};
  });
  Client client = MakeS3Client(S3Options(responder));
  Result<ObjectMetadata> head =
      client.HeadObject({"my.bucket", "dir/a b+c=d.txt", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, 5u);
  EXPECT_EQ(head->user_metadata.at("color"), "blue");
  EXPECT_EQ(head->version_id, "v7");
  EXPECT_FALSE(head->checksum.has_value());  // S3 reports no CRC-64

  StringSource body("hello");
  PutObjectRequest put;
  put.bucket = "my.bucket";
  put.key = "k";
  put.attributes.acl = "private";
  put.attributes.forbid_overwrite = true;
  put.attributes.user_metadata = {{"color", "red"}};
  ASSERT_TRUE(client.PutObject(put, body).ok());

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/my.bucket/dir/a%20b%2Bc%3Dd.txt");
  for (const RecordedRequest& request : seen) {
    EXPECT_EQ(request.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
    for (const auto& [name, value] : request.headers) {
      EXPECT_FALSE(util::AsciiLower(name).starts_with("x-oss-")) << name;
    }
    ExpectValidSigV4(request);
  }
  EXPECT_EQ(seen[1].Header("x-amz-acl"), "private");
  EXPECT_EQ(seen[1].Header("If-None-Match"), "*");  // S3's "no overwrite"
  EXPECT_EQ(seen[1].Header("x-amz-meta-color"), "red");
}

TEST(S3DialectTest, PresignedUrlsAreSigV4WithTheHostSigned) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}};
  });
  Client client = MakeS3Client(S3Options(responder));
  PresignRequest request;
  request.bucket = "bkt";
  request.key = "a b/c";
  request.expires = std::chrono::seconds(600);
  Result<std::string> url = client.PresignUrl(request);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(url->starts_with(responder.endpoint() + "/bkt/a%20b/c?")) << *url;
  for (const char* part :
       {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=AKIDEXAMPLE%2F",
        "%2Fus-east-1%2Fs3%2Faws4_request", "X-Amz-Expires=600",
        "X-Amz-SignedHeaders=host", "X-Amz-Signature="}) {
    EXPECT_NE(url->find(part), std::string::npos) << part << " in " << *url;
  }
  EXPECT_EQ(url->find("x-oss-"), std::string::npos) << *url;
}

TEST(S3DialectTest, OssExtensionsAreRefusedBeforeAnythingIsSent) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}};
  });
  Client client = MakeS3Client(S3Options(responder));
  StringSource body("x");
  AppendObjectRequest append;
  append.bucket = "bkt";
  append.key = "k";
  Result<AppendObjectResult> appended = client.AppendObject(append, body);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(appended.status().message().find("S3 has no such thing"),
            std::string::npos)
      << appended.status();

  PutObjectRequest limited;
  limited.bucket = "bkt";
  limited.key = "k";
  limited.traffic_limit_bits_per_second = 819200;
  EXPECT_EQ(client.PutObject(limited, body).status().code(),
            StatusCode::kInvalidArgument);

  PutObjectRequest with_callback;
  with_callback.bucket = "bkt";
  with_callback.key = "k";
  with_callback.callback = "eyJjYWxsYmFja1VybCI6Imh0dHA6Ly94In0=";
  EXPECT_EQ(client.PutObject(with_callback, body).status().code(),
            StatusCode::kInvalidArgument);

  PutObjectRequest short_md5;
  short_md5.bucket = "bkt";
  short_md5.key = "k";
  short_md5.content_md5 = "0123456789";  // 10 bytes, not a digest
  Status refused = client.PutObject(short_md5, body).status();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("16 raw bytes"), std::string::npos)
      << refused;

  EXPECT_EQ(
      client.PutSymlink({.bucket = "bkt", .key = "l", .target = "k"}).code(),
      StatusCode::kInvalidArgument);
  EXPECT_TRUE(responder.requests().empty());
}

TEST(S3DialectTest, ErrorsWithoutABodyAreJudgedByTheirStatus) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method == "HEAD") {
      return CannedResponse{404, {{"x-amz-request-id", "TX404"}}};
    }
    return CannedResponse{
        403,
        {{"Content-Type", "application/xml"}, {"x-amz-request-id", "TX403"}},
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
        "<Code>SignatureDoesNotMatch</Code><Message>bad</Message>"
        "<RequestId>TX403</RequestId><HostId>h2</HostId></Error>"};
  });
  Client client = MakeS3Client(S3Options(responder));
  Status missing = client.HeadObject({"bkt", "nope", ""}).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  ASSERT_NE(missing.service_error(), nullptr);
  EXPECT_EQ(missing.service_error()->request_id, "TX404");
  EXPECT_NE(missing.message().find("s3://bkt/nope"), std::string::npos)
      << missing;

  Status denied = client.DeleteObject({"bkt", "k", ""});
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  ASSERT_NE(denied.service_error(), nullptr);
  EXPECT_EQ(denied.service_error()->code, "SignatureDoesNotMatch");
  EXPECT_EQ(denied.service_error()->host_id, "h2");
}

TEST(S3DialectTest, ACompleteThatFailsAfter200IsRetried) {
  // The first Complete answers 200, keeps the connection alive with
  // spaces, and ends in an <Error>; the retry gets the result.
  std::atomic<int> completes{0};
  HttpResponder responder([&completes](const RecordedRequest&) {
    if (completes++ <= 0) {
      return CannedResponse{200,
                            {{"Content-Type", "application/xml"}},
                            "\n          \n<Error><Code>InternalError</Code>"
                            "<Message>We encountered an internal error."
                            "</Message><RequestId>R1</RequestId></Error>"};
    }
    return CannedResponse{
        200,
        {{"Content-Type", "application/xml"}},
        "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>"
        "<ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>"};
  });
  Client client = MakeS3Client(S3Options(responder));
  const CompleteMultipartUploadRequest complete = TwoPartComplete();
  Result<CompleteMultipartUploadResult> done =
      client.CompleteMultipartUpload(complete);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->etag, "\"x-2\"");
  EXPECT_EQ(completes.load(), 2);

  // Every attempt failing so: a retryable 500 with the body's code.
  completes = -100;
  Result<CompleteMultipartUploadResult> failed =
      client.CompleteMultipartUpload(complete);
  ASSERT_FALSE(failed.ok());
  ASSERT_NE(failed.status().service_error(), nullptr);
  EXPECT_EQ(failed.status().service_error()->code, "InternalError");
  EXPECT_EQ(failed.status().service_error()->http_status, 500);
}

TEST(S3DialectTest, MotoRootNamesAreAccepted) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        200,
        {{"Content-Type", "application/xml"}},
        "<CompleteMultipartUploadResponse "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bkt</"
        "Bucket><Key>k</Key><ETag>\"abc-2\"</ETag></"
        "CompleteMultipartUploadResponse>"};
  });
  Client client = MakeS3Client(S3Options(responder));
  const CompleteMultipartUploadRequest complete = TwoPartComplete();
  Result<CompleteMultipartUploadResult> done =
      client.CompleteMultipartUpload(complete);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->etag, "\"abc-2\"");
}

TEST(S3DialectTest, AHeadInChecksumModeTakesTheStoredWholeObjectCrc) {
  // What the HEAD answers depends on whether it asked for checksums, and
  // on the object: "recorded" carries ossxfer's CRC-64 as well.
  HttpResponder responder([](const RecordedRequest& request) {
    http::Headers headers = {{"Content-Length", "9"},
                             {"ETag", "\"25f9e794323b453885f5181f1b624d0b\""},
                             {"x-amz-checksum-crc32c", "4waSgw=="},
                             {"x-amz-checksum-type", "FULL_OBJECT"}};
    if (request.Path().ends_with("/recorded")) {
      headers.emplace_back("x-amz-meta-ossxfer-crc64ecma",
                           "11051210869376104954");
    }
    CannedResponse answer{200, {}};
    for (auto& header : headers) answer.headers.push_back(header);
    return answer;
  });
  Client client = MakeS3Client(S3Options(responder));
  HeadObjectRequest head{"bkt", "k", ""};
  Result<ObjectMetadata> plain = client.HeadObject(head);
  ASSERT_TRUE(plain.ok()) << plain.status();
  // Not asked for: whatever a store echoes is not taken.
  EXPECT_FALSE(plain->checksum.has_value());

  head.checksum_mode = true;
  Result<ObjectMetadata> asked = client.HeadObject(head);
  ASSERT_TRUE(asked.ok()) << asked.status();
  ASSERT_TRUE(asked->checksum.has_value());
  EXPECT_EQ(*asked->checksum,
            (Checksum{ChecksumAlgorithm::kCrc32c, 0xe3069283}));

  // ossxfer's recorded CRC-64 comes first.
  head.key = "recorded";
  Result<ObjectMetadata> recorded = client.HeadObject(head);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  ASSERT_TRUE(recorded->checksum.has_value());
  EXPECT_EQ(recorded->checksum->algorithm, ChecksumAlgorithm::kCrc64Ecma);

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_FALSE(seen[0].Header("x-amz-checksum-mode").has_value());
  EXPECT_EQ(seen[1].Header("x-amz-checksum-mode"), "ENABLED");
  ExpectValidSigV4(seen[1]);
}

TEST(S3DialectTest, HeadObjectPartAsksForPartOneAndReadsTheCount) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.Path().ends_with("/ignored")) {
      // Ceph RGW 16: the whole object, no count.
      return CannedResponse{
          200,
          {{"Content-Length", "14680065"},
           {"ETag", "\"0a97f1336a2298a6c3e9adaa562a9eec-3\""}}};
    }
    return CannedResponse{206,
                          {{"Content-Length", "6291456"},
                           {"Content-Range", "bytes 0-6291455/14680065"},
                           {"x-amz-mp-parts-count", "3"},
                           {"ETag", "\"0a97f1336a2298a6c3e9adaa562a9eec-3\""}}};
  });
  Client client = MakeS3Client(S3Options(responder));
  HeadObjectPartRequest request;
  request.bucket = "bkt";
  request.key = "big";
  request.version_id = "v1";
  Result<ObjectPartHead> part = client.HeadObjectPart(request);
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(part->http_status, 206);
  EXPECT_EQ(part->size, 6291456u);
  EXPECT_EQ(part->parts_count, std::optional<uint64_t>(3));

  request.key = "ignored";
  Result<ObjectPartHead> ignored = client.HeadObjectPart(request);
  ASSERT_TRUE(ignored.ok()) << ignored.status();
  EXPECT_EQ(ignored->size, 14680065u);
  EXPECT_FALSE(ignored->parts_count.has_value());

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "HEAD");
  EXPECT_EQ(seen[0].DecodedQuery(),
            (testing::HeaderList{{"versionId", "v1"}, {"partNumber", "1"}}));
  ExpectValidSigV4(seen[0]);

  request.part_number = 0;
  EXPECT_EQ(client.HeadObjectPart(request).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 2u);
}

}  // namespace
}  // namespace ossxfer
