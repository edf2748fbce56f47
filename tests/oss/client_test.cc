// The Client end to end over real HTTP against an in-test responder: what
// goes on the wire (method, path, query, headers, signatures) and how every
// kind of answer is decoded, retried or refused.
#include "ossxfer/client.h"

#include <gtest/gtest.h>

#include <limits>
#include <mutex>

#include "auth/signer_v1.h"
#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/http_responder.h"
#include "util/encoding.h"
#include "util/text.h"
#include "util/time_format.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::HeaderList;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::RecordedRequest;

constexpr char kId[] = "test-access-key-id";
constexpr char kSecret[] = "test-access-key-secret";

ClientOptions Options(const HttpResponder& responder,
                      SignatureVersion version = SignatureVersion::kV4) {
  ClientOptions options;
  options.endpoint = responder.endpoint();
  options.region = "cn-hangzhou";
  options.signature_version = version;
  options.credentials =
      MakeStaticCredentialsProvider(Credentials{kId, kSecret, ""});
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(5);
  return options;
}

Client MakeClient(const ClientOptions& options) {
  Result<Client> client = Client::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return std::move(client).value();
}

// The request as a server sees it (path style: /bucket/key), for checking
// its signature with the same signers a server would use.
auth::SignableRequest AsSignable(const RecordedRequest& request) {
  auth::SignableRequest signable;
  signable.method = request.method;
  std::string path = *util::UriDecode(request.Path());
  size_t slash = path.find('/', 1);
  signable.bucket = path.substr(
      1, slash == std::string::npos ? std::string::npos : slash - 1);
  if (slash != std::string::npos) signable.key = path.substr(slash + 1);
  signable.query = request.DecodedQuery();
  signable.headers = request.headers;
  return signable;
}

// Recomputes the V4 signature of a received request and compares.
void ExpectValidV4Signature(const RecordedRequest& request) {
  auth::SignableRequest signable = AsSignable(request);
  std::string authorization = request.Header("Authorization").value_or("");
  ASSERT_TRUE(authorization.starts_with(
      "OSS4-HMAC-SHA256 Credential=test-access-key-id/"))
      << authorization;
  std::string date = request.Header("x-oss-date").value_or("");
  ASSERT_EQ(date.size(), 16u);
  auth::SignerV4Scope scope{"cn-hangzhou"};
  const auth::SignerV4 signer(auth::kOssV4Parameters);
  std::string canonical = signer.CanonicalRequest(signable, {});
  std::string string_to_sign = signer.StringToSign(
      date, signer.Scope(date.substr(0, 8), scope), canonical);
  std::string signature = auth::SignerV4::Signature(
      signer.SigningKey(kSecret, date.substr(0, 8), scope), string_to_sign);
  EXPECT_TRUE(authorization.ends_with("Signature=" + signature))
      << authorization << "\ncanonical request:\n"
      << canonical;
}

void ExpectValidV1Signature(const RecordedRequest& request) {
  auth::SignableRequest signable = AsSignable(request);
  std::string string_to_sign = auth::SignerV1::StringToSign(
      signable, request.Header("Date").value_or(""));
  EXPECT_EQ(request.Header("Authorization"),
            std::string("OSS ") + kId + ":" +
                auth::SignerV1::Signature(kSecret, string_to_sign))
      << string_to_sign;
}

std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code +
         "</Code><Message>" + message +
         "</Message><RequestId>REQ123</RequestId><HostId>127.0.0.1</HostId>"
         "<EC>0026-00000001</EC></Error>";
}

TEST(ClientTest, CreateRejectsBadOptionsWithAClearMessage) {
  ClientOptions options;
  options.endpoint = "ftp://nowhere";
  Result<Client> bad_scheme = Client::Create(options);
  ASSERT_FALSE(bad_scheme.ok());
  EXPECT_NE(bad_scheme.status().message().find("http or https"),
            std::string::npos);

  options.endpoint = "127.0.0.1:9000";  // V4 but no region anywhere
  Result<Client> no_region = Client::Create(options);
  ASSERT_FALSE(no_region.ok());
  EXPECT_NE(no_region.status().message().find("region"), std::string::npos);

  options.signature_version = SignatureVersion::kV1;  // V1 needs no region
  EXPECT_TRUE(Client::Create(options).ok());

  options.endpoint = "oss-cn-hangzhou.aliyuncs.com";
  options.signature_version = SignatureVersion::kV4;
  Result<Client> derived = Client::Create(options);
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(derived->region(), "cn-hangzhou");
  EXPECT_EQ(derived->endpoint(), "https://oss-cn-hangzhou.aliyuncs.com");
}

TEST(ClientTest, HeadObjectSendsASignedHeadAndParsesMetadata) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200,
                          {{"Content-Length", "34460"},
                           {"ETag", "\"5B3C1A2E05E1B002CC607C0000000000\""},
                           {"Last-Modified", "Fri, 24 Feb 2012 06:07:48 GMT"},
                           {"x-oss-hash-crc64ecma", "11051210869376104954"},
                           {"x-oss-object-type", "Normal"},
                           {"X-Oss-Storage-Class", "Standard"},
                           {"x-oss-meta-Author", "alice"},
                           {"Content-Type", "text/plain"},
                           {"x-oss-request-id", "R"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<ObjectMetadata> head =
      client.HeadObject({"bucket", "dir/a b+c.txt", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, 34460u);
  EXPECT_EQ(head->etag, "\"5B3C1A2E05E1B002CC607C0000000000\"");
  EXPECT_EQ(UnquotedEtag(head->etag), "5B3C1A2E05E1B002CC607C0000000000");
  EXPECT_EQ(Crc64Value(head->checksum), 0x995dc9bbdf1939faULL);
  EXPECT_EQ(util::ToUnixSeconds(*head->last_modified), 1330063668);
  EXPECT_EQ(head->storage_class, "Standard");
  EXPECT_EQ(head->object_type, "Normal");
  EXPECT_EQ(head->user_metadata.at("author"), "alice");
  EXPECT_EQ(head->content_type, "text/plain");

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "HEAD");
  EXPECT_EQ(seen[0].target, "/bucket/dir/a%20b%2Bc.txt");
  EXPECT_EQ(seen[0].Header("x-oss-content-sha256"), "UNSIGNED-PAYLOAD");
  ExpectValidV4Signature(seen[0]);
}

TEST(ClientTest, OssHasNoPartNumberHeadNorChecksumModeHeader) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        200, {{"Content-Length", "1"}, {"x-oss-hash-crc64ecma", "1"}}};
  });
  Client client = MakeClient(Options(responder));
  HeadObjectPartRequest part;
  part.bucket = "bucket";
  part.key = "k";
  Result<ObjectPartHead> refused = client.HeadObjectPart(part);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("S3's"), std::string::npos)
      << refused.status();
  EXPECT_TRUE(responder.requests().empty());

  // OSS answers its CRC-64 anyway: checksum mode adds no header.
  HeadObjectRequest head{"bucket", "k", ""};
  head.checksum_mode = true;
  Result<ObjectMetadata> metadata = client.HeadObject(head);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(Crc64Value(metadata->checksum), 1u);
  const std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 1u);
  for (const auto& [name, value] : seen[0].headers)
    EXPECT_EQ(util::AsciiLower(name).find("checksum-mode"), std::string::npos);
}

TEST(ClientTest, V1SignaturesAreValidToo) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}, ""};
  });
  Client client = MakeClient(Options(responder, SignatureVersion::kV1));
  ASSERT_TRUE(
      client.HeadObject({"bucket", "k", "CAEQNhiBgMDJgZCA0BY+123"}).ok());
  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].Query(), "versionId=CAEQNhiBgMDJgZCA0BY%2B123");
  ExpectValidV1Signature(seen[0]);
}

TEST(ClientTest, HeadErrorsAreDecodedFromTheXOssErrHeader) {
  const std::string xml =
      ErrorXml("NoSuchKey", "The specified key does not exist.");
  HttpResponder responder([&xml](const RecordedRequest&) {
    return CannedResponse{404,
                          {{"x-oss-err", util::Base64Encode(xml)},
                           {"x-oss-request-id", "REQ123"},
                           {"x-oss-ec", "0026-00000001"},
                           {"Content-Length", "0"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "missing", ""});
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.status().code(), StatusCode::kNotFound);
  const ServiceError* error = head.status().service_error();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->http_status, 404);
  EXPECT_EQ(error->code, "NoSuchKey");
  EXPECT_EQ(error->message, "The specified key does not exist.");
  EXPECT_EQ(error->request_id, "REQ123");
  EXPECT_EQ(error->host_id, "127.0.0.1");
  EXPECT_EQ(error->ec, "0026-00000001");
  EXPECT_NE(head.status().ToString().find("HeadObject oss://bucket/missing"),
            std::string::npos);
  EXPECT_EQ(responder.requests().size(), 1u);  // a 404 is not retried
}

TEST(ClientTest, GetObjectSendsRangeAndConditionsAndStreamsTheBody) {
  const std::string object = "0123456789abcdefghij";
  HttpResponder responder([&object](const RecordedRequest&) {
    return CannedResponse{
        206,
        {{"Content-Range", "bytes 5-9/20"},
         {"ETag", "\"E1\""},
         {"x-oss-hash-crc64ecma", std::to_string(Crc64(object))}},
        object.substr(5, 5)};
  });
  Client client = MakeClient(Options(responder));
  GetObjectRequest request{"bucket", "big.bin"};
  request.range = ByteRange{5, 9};
  request.if_match = "\"E1\"";
  request.traffic_limit_bits_per_second = 819200;
  StringSink sink;
  Result<GetObjectResult> got = client.GetObject(request, sink);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(sink.data(), "56789");
  EXPECT_EQ(got->http_status, 206);
  EXPECT_EQ(got->bytes_received, 5u);
  EXPECT_EQ(got->metadata.size, 20u);  // the whole object, from Content-Range
  ASSERT_TRUE(got->content_range);
  EXPECT_EQ(got->content_range->first, 5u);
  EXPECT_EQ(got->content_range->last, 9u);

  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.Header("Range"), "bytes=5-9");
  EXPECT_EQ(seen.Header("x-oss-range-behavior"), "standard");
  EXPECT_EQ(seen.Header("If-Match"), "\"E1\"");
  EXPECT_EQ(seen.Header("x-oss-traffic-limit"), "819200");
  ExpectValidV4Signature(seen);  // x-oss-range-behavior is signed
}

TEST(ClientTest, OpenEndedRangeAndInvertedRange) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        206, {{"Content-Range", "bytes 100-199/200"}}, std::string(100, 'z')};
  });
  Client client = MakeClient(Options(responder));
  GetObjectRequest request{"bucket", "k"};
  request.range = ByteRange{100, std::nullopt};
  StringSink sink;
  ASSERT_TRUE(client.GetObject(request, sink).ok());
  EXPECT_EQ(responder.requests().at(0).Header("Range"), "bytes=100-");

  request.range = ByteRange{10, 5};
  Result<GetObjectResult> inverted = client.GetObject(request, sink);
  ASSERT_FALSE(inverted.ok());
  EXPECT_EQ(inverted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 1u);  // refused before sending
}

// A ranged GET answered with other bytes (another range, the whole object,
// a range cut short) never reaches the sink.
TEST(ClientTest, AnAnswerForAnotherRangeIsRefusedBeforeItsBody) {
  struct Case {
    int status;
    std::string content_range;  // empty: none sent
    std::string body;
  };
  const std::vector<Case> cases = {
      {206, "bytes 0-4/20", "01234"},   // another range
      {206, "bytes 5-8/20", "5678"},    // cut short
      {200, "", std::string(20, 'w')},  // the whole object
      {206, "", "56789"},               // no Content-Range
      {206, "bytes 5-9/x", "56789"},    // malformed
  };
  for (const Case& each : cases) {
    HttpResponder responder([&each](const RecordedRequest&) {
      HeaderList headers;
      if (!each.content_range.empty()) {
        headers.push_back({"Content-Range", each.content_range});
      }
      return CannedResponse{each.status, headers, each.body};
    });
    ClientOptions options = Options(responder);
    Client client = MakeClient(options);
    GetObjectRequest request{"bucket", "k"};
    request.range = ByteRange{5, 9};
    StringSink sink;
    Result<GetObjectResult> got = client.GetObject(request, sink);
    EXPECT_FALSE(got.ok()) << each.content_range;
    EXPECT_NE(got.status().message().find("nothing of it was written"),
              std::string::npos)
        << got.status();
    EXPECT_TRUE(sink.data().empty()) << each.content_range;
  }
  // A range reaching past the end is answered up to the end: that is right.
  HttpResponder short_object([](const RecordedRequest&) {
    return CannedResponse{206, {{"Content-Range", "bytes 5-7/8"}}, "567"};
  });
  Client client = MakeClient(Options(short_object));
  GetObjectRequest request{"bucket", "k"};
  request.range = ByteRange{5, 9};
  StringSink sink;
  ASSERT_TRUE(client.GetObject(request, sink).ok());
  EXPECT_EQ(sink.data(), "567");
}

TEST(ClientTest, AChangedObjectFailsWithPreconditionFailedWithoutRetry) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        412,
        {},
        ErrorXml(
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold")};
  });
  Client client = MakeClient(Options(responder));
  GetObjectRequest request{"bucket", "k"};
  request.if_match = "\"OLD\"";
  StringSink sink;
  Result<GetObjectResult> got = client.GetObject(request, sink);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_TRUE(sink.data().empty());
  EXPECT_EQ(responder.requests().size(), 1u);
}

TEST(ClientTest, NotModifiedIsReportedAsPreconditionFailed) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{304}; });
  Client client = MakeClient(Options(responder));
  GetObjectRequest request{"bucket", "k"};
  request.if_none_match = "\"E\"";
  request.if_modified_since = util::FromUnixSeconds(1672223261);
  StringSink sink;
  Result<GetObjectResult> got = client.GetObject(request, sink);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_EQ(got.status().service_error()->code, "NotModified");
  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.Header("If-None-Match"), "\"E\"");
  EXPECT_EQ(seen.Header("If-Modified-Since"), "Wed, 28 Dec 2022 10:27:41 GMT");
}

TEST(ClientTest, RetriesSlowDownAndServerErrorsThenSucceeds) {
  std::atomic<int> calls{0};
  HttpResponder responder([&calls](const RecordedRequest&) {
    int call = ++calls;
    if (call == 1)
      return CannedResponse{
          503, {}, ErrorXml("SlowDown", "Please reduce your request rate.")};
    if (call == 2) return CannedResponse{500, {}, "<html>bad gateway</html>"};
    return CannedResponse{200, {{"Content-Length", "3"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "k", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, 3u);
  EXPECT_EQ(calls, 3);
}

TEST(ClientTest, GivesUpAfterMaxAttemptsAndSaysSo) {
  std::atomic<int> calls{0};
  HttpResponder responder([&calls](const RecordedRequest&) {
    ++calls;
    return CannedResponse{
        502, {}, "<html><body>Bad Gateway from proxy</body></html>"};
  });
  ClientOptions options = Options(responder);
  options.retry.max_attempts = 3;
  Client client = MakeClient(options);
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "k", ""});
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(calls, 3);
  EXPECT_NE(head.status().message().find("after 3 attempts"), std::string::npos)
      << head.status();
  EXPECT_EQ(head.status().service_error()->http_status, 502);
}

TEST(ClientTest, ABrokenDownloadIsNotRetriedOnceBytesReachedTheSink) {
  std::atomic<int> calls{0};
  HttpResponder responder([&calls](const RecordedRequest&) {
    ++calls;
    CannedResponse response{200, {}, std::string(100000, 'd')};
    response.truncate_body_at = 1000;
    return response;
  });
  Client client = MakeClient(Options(responder));
  StringSink sink;
  Result<GetObjectResult> got = client.GetObject({"bucket", "k"}, sink);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNetworkError);
  EXPECT_EQ(calls, 1);  // a retry would hand the sink the first bytes twice
  EXPECT_EQ(sink.data().size(), 1000u);
}

TEST(ClientTest, CorrectsClockSkewAndRetries) {
  const util::SystemTime server_time =
      std::chrono::system_clock::now() + std::chrono::hours(2);
  std::atomic<int> calls{0};
  HttpResponder responder([&](const RecordedRequest& request) {
    ++calls;
    std::optional<util::SystemTime> sent =
        util::ParseIso8601Basic(request.Header("x-oss-date").value_or(""));
    if (!sent ||
        std::chrono::abs(*sent - server_time) > std::chrono::minutes(15)) {
      // A HEAD answer has no body: OSS sends the error XML in x-oss-err.
      return CannedResponse{
          403,
          {{"Date", util::FormatHttpDate(server_time)},
           {"x-oss-err", util::Base64Encode(ErrorXml(
                             "RequestTimeTooSkewed",
                             "The difference between the request time and the "
                             "current time is too large."))}}};
    }
    return CannedResponse{200, {{"Content-Length", "1"}}};
  });
  Client client = MakeClient(Options(responder));
  ASSERT_TRUE(client.HeadObject({"bucket", "k", ""}).ok());
  EXPECT_EQ(calls, 2);
  ASSERT_TRUE(client.HeadObject({"bucket", "k", ""}).ok());  // stays corrected
  EXPECT_EQ(calls, 3);
}

TEST(ClientTest, PutObjectSendsAttributesAndVerifiesTheCrc) {
  const std::string body = "hello world";
  HttpResponder responder([](const RecordedRequest& request) {
    return CannedResponse{
        200,
        {{"ETag", "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\""},
         {"x-oss-hash-crc64ecma", std::to_string(Crc64(request.body))}}};
  });
  Client client = MakeClient(Options(responder));
  PutObjectRequest request{"bucket", "docs/hello.txt"};
  request.attributes.content_type = "text/plain";
  request.attributes.user_metadata = {{"author", "alice"}};
  request.attributes.acl = "private";
  request.attributes.storage_class = "IA";
  request.attributes.cache_control = "no-cache";
  request.attributes.forbid_overwrite = true;
  StringSource source(body);
  Result<PutObjectResult> put = client.PutObject(request, source);
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(Crc64Value(put->checksum), Crc64(body));
  EXPECT_EQ(put->etag, "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"");

  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, body);
  EXPECT_EQ(seen.Header("Content-Type"), "text/plain");
  EXPECT_EQ(seen.Header("x-oss-meta-author"), "alice");
  EXPECT_EQ(seen.Header("x-oss-object-acl"), "private");
  EXPECT_EQ(seen.Header("x-oss-storage-class"), "IA");
  EXPECT_EQ(seen.Header("Cache-Control"), "no-cache");
  EXPECT_EQ(seen.Header("x-oss-forbid-overwrite"), "true");
  ExpectValidV4Signature(seen);
}

TEST(ClientTest, PutObjectWithAWrongServerCrcIsDataCorruption) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {{"x-oss-hash-crc64ecma", "12345"}}};
  });
  Client client = MakeClient(Options(responder));
  StringSource source("payload");
  Result<PutObjectResult> put = client.PutObject({"bucket", "k"}, source);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kDataCorruption);

  // The same source again, without rewinding it first: the client sends
  // it from the start.
  PutObjectRequest unverified{"bucket", "k"};
  unverified.verify_crc64 = false;
  EXPECT_TRUE(client.PutObject(unverified, source).ok());
  EXPECT_EQ(responder.requests().at(1).body, "payload");
}

TEST(ClientTest, PutObjectRetryResendsTheWholeBody) {
  std::atomic<int> calls{0};
  const std::string body(200000, 'b');
  HttpResponder responder([&calls](const RecordedRequest& request) {
    if (++calls == 1)
      return CannedResponse{500, {}, ErrorXml("InternalError", "oops")};
    return CannedResponse{
        200, {{"x-oss-hash-crc64ecma", std::to_string(Crc64(request.body))}}};
  });
  Client client = MakeClient(Options(responder));
  StringSource source(body);
  ASSERT_TRUE(client.PutObject({"bucket", "k"}, source).ok());
  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].body, body);
  EXPECT_EQ(seen[1].body, body);
}

TEST(ClientTest, MultipartFamilyOnTheWire) {
  HttpResponder responder([](const RecordedRequest& request) {
    std::string query = request.Query();
    if (request.method == "POST" &&
        query.find("uploads") != std::string::npos) {
      return CannedResponse{
          200,
          {},
          "<?xml "
          "version=\"1.0\"?><InitiateMultipartUploadResult><Bucket>bucket</"
          "Bucket>"
          "<Key>big.bin</Key><UploadId>0004B9894A22E5B1888A1E29F8230000</"
          "UploadId>"
          "</InitiateMultipartUploadResult>"};
    }
    if (request.method == "PUT") {
      return CannedResponse{
          200,
          {{"ETag", "\"PARTETAG\""},
           {"x-oss-hash-crc64ecma", std::to_string(Crc64(request.body))}}};
    }
    if (request.method == "POST") {
      return CannedResponse{
          200,
          {{"x-oss-hash-crc64ecma", "42"}},
          "<CompleteMultipartUploadResult><Bucket>bucket</Bucket><Key>big.bin</"
          "Key>"
          "<ETag>\"ABC-2\"</ETag><Location>http://x/big.bin</Location>"
          "</CompleteMultipartUploadResult>"};
    }
    if (request.method == "GET" &&
        query.find("uploadId") != std::string::npos) {
      return CannedResponse{
          200,
          {},
          "<ListPartsResult><Bucket>bucket</Bucket><Key>big.bin</"
          "Key><UploadId>U</UploadId>"
          "<NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1</MaxParts>"
          "<IsTruncated>true</IsTruncated><Part><PartNumber>1</PartNumber>"
          "<ETag>\"PARTETAG\"</ETag><HashCrc64ecma>7</"
          "HashCrc64ecma><Size>102400</Size>"
          "</Part></ListPartsResult>"};
    }
    if (request.method == "GET") {
      return CannedResponse{
          200,
          {},
          "<ListMultipartUploadsResult><Bucket>bucket</"
          "Bucket><IsTruncated>false</IsTruncated>"
          "<Upload><Key>big.bin</Key><UploadId>U</UploadId>"
          "<Initiated>2012-02-23T04:18:23.000Z</Initiated></Upload>"
          "</ListMultipartUploadsResult>"};
    }
    return CannedResponse{204};
  });
  Client client = MakeClient(Options(responder));

  InitiateMultipartUploadRequest initiate{"bucket", "big.bin"};
  initiate.attributes.content_type = "application/x-tar";
  Result<InitiateMultipartUploadResult> started =
      client.InitiateMultipartUpload(initiate);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->upload_id, "0004B9894A22E5B1888A1E29F8230000");

  std::string part(102400, 'p');
  StringSource source(part);
  Result<UploadPartResult> uploaded =
      client.UploadPart({"bucket", "big.bin", started->upload_id, 1}, source);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->etag, "\"PARTETAG\"");
  EXPECT_EQ(Crc64Value(uploaded->checksum), Crc64(part));

  Result<ListPartsResult> parts =
      client.ListParts({"bucket", "big.bin", "U", 1, 0});
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_TRUE(parts->is_truncated);
  EXPECT_EQ(parts->next_part_number_marker, 1);
  ASSERT_EQ(parts->parts.size(), 1u);
  EXPECT_EQ(parts->parts[0].size, 102400u);

  CompleteMultipartUploadRequest complete{
      "bucket", "big.bin", "U", {{1, "\"PARTETAG\""}, {2, "\"SECOND\""}}};
  Result<CompleteMultipartUploadResult> completed =
      client.CompleteMultipartUpload(complete);
  ASSERT_TRUE(completed.ok()) << completed.status();
  EXPECT_EQ(completed->etag, "\"ABC-2\"");
  EXPECT_EQ(Crc64Value(completed->checksum), 42u);

  Result<ListMultipartUploadsResult> uploads =
      client.ListMultipartUploads({"bucket"});
  ASSERT_TRUE(uploads.ok()) << uploads.status();
  ASSERT_EQ(uploads->uploads.size(), 1u);
  EXPECT_EQ(uploads->uploads[0].key, "big.bin");

  ASSERT_TRUE(client.AbortMultipartUpload({"bucket", "big.bin", "U"}).ok());

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0].target, "/bucket/big.bin?uploads&encoding-type=url");
  EXPECT_EQ(seen[0].Header("Content-Type"), "application/x-tar");
  EXPECT_EQ(
      seen[1].target,
      "/bucket/big.bin?partNumber=1&uploadId=0004B9894A22E5B1888A1E29F8230000");
  EXPECT_EQ(seen[1].body, part);
  EXPECT_EQ(seen[2].target,
            "/bucket/big.bin?uploadId=U&encoding-type=url&max-parts=1");
  EXPECT_NE(seen[3].body.find("<PartNumber>2</PartNumber>"), std::string::npos)
      << seen[3].body;
  EXPECT_NE(seen[3].body.find("SECOND"), std::string::npos);
  EXPECT_EQ(seen[4].target,
            "/bucket/?uploads&encoding-type=url&max-uploads=1000");
  EXPECT_EQ(seen[5].method, "DELETE");
  EXPECT_EQ(seen[5].target, "/bucket/big.bin?uploadId=U");
  for (const RecordedRequest& request : seen) ExpectValidV4Signature(request);
}

TEST(ClientTest, CompleteAllSendsTheHeaderAndNoParts) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200,
                          {},
                          "<CompleteMultipartUploadResult><ETag>\"X-1\"</ETag>"
                          "</CompleteMultipartUploadResult>"};
  });
  Client client = MakeClient(Options(responder));
  CompleteMultipartUploadRequest request{"bucket", "k", "U"};
  request.complete_all = true;
  ASSERT_TRUE(client.CompleteMultipartUpload(request).ok());
  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.Header("x-oss-complete-all"), "yes");
  EXPECT_TRUE(seen.body.empty());
}

TEST(ClientTest, BadInputIsRefusedBeforeAnythingIsSent) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  Client client = MakeClient(Options(responder));
  StringSource source("x");
  StringSink sink;
  EXPECT_EQ(client.HeadObject({"", "k", ""}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(client.HeadObject({"Bad_Bucket", "k", ""}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      client.HeadObject({"bucket", std::string(1024, 'k'), ""}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(client.GetObject({"bucket", ""}, sink).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(client.UploadPart({"bucket", "k", "U", 0}, source).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      client.UploadPart({"bucket", "k", "U", 10001}, source).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(client.UploadPart({"bucket", "k", "", 1}, source).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      client.CompleteMultipartUpload({"bucket", "k", "U"}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      client.CompleteMultipartUpload({"bucket", "k", "U", {{2, "a"}, {1, "b"}}})
          .status()
          .code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(client.ListParts({"bucket", "k", "U", 0, 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      client.ListObjectsV2({"bucket", "", "", "", "", 1001}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_TRUE(responder.requests().empty());
}

TEST(ClientTest, MissingCredentialsFailBeforeSending) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  ClientOptions options = Options(responder);
  options.credentials =
      MakeStaticCredentialsProvider(Credentials{"id-only", "", ""});
  Client client = MakeClient(options);
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "k", ""});
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(responder.requests().empty());
}

TEST(ClientTest, AnonymousRequestsCarryNoSignature) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  ClientOptions options = Options(responder);
  options.credentials = MakeAnonymousCredentialsProvider();
  Client client = MakeClient(options);
  ASSERT_TRUE(client.HeadObject({"bucket", "k", ""}).ok());
  EXPECT_FALSE(responder.requests().at(0).Header("Authorization"));
}

TEST(ClientTest, MalformedXmlAnswersAreErrorsNotCrashes) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}, "<ListPartsResult><Part><PartNumber>x"};
  });
  Client client = MakeClient(Options(responder));
  Result<ListPartsResult> parts = client.ListParts({"bucket", "k", "U"});
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), StatusCode::kServiceError);
  EXPECT_NE(parts.status().message().find("ListPartsResult"), std::string::npos)
      << parts.status();
}

TEST(ClientTest, MalformedHeadersAreErrors) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {{"x-oss-hash-crc64ecma", "not-a-number"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "k", ""});
  ASSERT_FALSE(head.ok());
  EXPECT_NE(head.status().message().find("x-oss-hash-crc64ecma"),
            std::string::npos);
}

TEST(ClientTest, ListObjectsV2AndBuckets) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.Path() == "/") {
      return CannedResponse{
          200,
          {},
          "<ListAllMyBucketsResult><Buckets><Bucket><Name>one</Name>"
          "<CreationDate>2014-02-07T18:12:43.000Z</CreationDate></Bucket></"
          "Buckets>"
          "</ListAllMyBucketsResult>"};
    }
    return CannedResponse{
        200,
        {},
        "<ListBucketResult><Name>bucket</Name><Prefix>a%2F</Prefix><MaxKeys>2</"
        "MaxKeys>"
        "<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>tok</NextContinuationToken>"
        "<Contents><Key>a%2Fb%20c</Key><Size>5</Size><ETag>\"E\"</ETag></"
        "Contents>"
        "<CommonPrefixes><Prefix>a%2Fd%2F</Prefix></CommonPrefixes></"
        "ListBucketResult>"};
  });
  Client client = MakeClient(Options(responder));
  Result<ListObjectsV2Result> page =
      client.ListObjectsV2({"bucket", "a/", "/", "", "", 2});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a/b c");
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"a/d/"});
  EXPECT_EQ(page->next_continuation_token, "tok");
  EXPECT_EQ(
      responder.requests().at(0).target,
      "/bucket/"
      "?list-type=2&encoding-type=url&max-keys=2&prefix=a%2F&delimiter=%2F");

  Result<std::vector<BucketSummary>> buckets = client.ListBuckets();
  ASSERT_TRUE(buckets.ok()) << buckets.status();
  ASSERT_EQ(buckets->size(), 1u);
  EXPECT_EQ((*buckets)[0].name, "one");
}

TEST(ClientTest, PresignedUrlsVerifyWithTheSigners) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  Client v4 = MakeClient(Options(responder));
  Result<std::string> url = v4.PresignUrl(
      {"GET", "bucket", "dir/a b+c.txt", "", std::chrono::hours(1)});
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(
      url->starts_with(responder.endpoint() + "/bucket/dir/a%20b%2Bc.txt?"))
      << *url;
  for (const char* parameter :
       {"x-oss-signature-version=OSS4-HMAC-SHA256", "x-oss-expires=3600",
        "x-oss-credential=test-access-key-id%2F", "x-oss-signature="}) {
    EXPECT_NE(url->find(parameter), std::string::npos)
        << parameter << " in " << *url;
  }

  Client v1 = MakeClient(Options(responder, SignatureVersion::kV1));
  Result<std::string> v1_url =
      v1.PresignUrl({"GET", "bucket", "k", "", std::chrono::seconds(60)});
  ASSERT_TRUE(v1_url.ok());
  EXPECT_NE(v1_url->find("OSSAccessKeyId=test-access-key-id"),
            std::string::npos);
  EXPECT_NE(v1_url->find("Signature="), std::string::npos);

  EXPECT_FALSE(
      v4.PresignUrl({"GET", "bucket", "k", "", std::chrono::seconds(0)}).ok());
  EXPECT_FALSE(
      v4.PresignUrl({"GET", "bucket", "k", "", std::chrono::hours(24 * 8)})
          .ok());
}

// ---------------------------------------------------------------------------
// The operations of oss-protocol-2.md §3-§9 on the wire.

TEST(ClientTest, CopyObjectSendsTheEncodedSourceConditionsAndDirectives) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        200,
        {{"ETag", "\"164F32EF262006C5EE6C8D1AA30DD2CD\""},
         {"x-oss-hash-crc64ecma", "11051210869376104954"},
         {"x-oss-copy-source-version-id", "v1"}},
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>"
        "<ETag>\"164F32EF262006C5EE6C8D1AA30DD2CD\"</ETag>"
        "<LastModified>2015-12-12T00:37:53.000Z</LastModified>"
        "</CopyObjectResult>"};
  });
  for (SignatureVersion version :
       {SignatureVersion::kV4, SignatureVersion::kV1}) {
    Client client = MakeClient(Options(responder, version));
    CopyObjectRequest request;
    request.source = {"src-bucket", "dir/a b+c%.txt", "CAEQ.x_y-z"};
    request.bucket = "bucket";
    request.key = "copy.txt";
    request.conditions.if_match = "\"E1\"";
    request.conditions.if_unmodified_since =
        util::FromUnixSeconds(1735689600);  // 2025-01-01
    request.metadata_directive = MetadataDirective::kReplace;
    request.tagging_directive = TaggingDirective::kReplace;
    request.attributes.content_type = "text/plain";
    request.attributes.user_metadata = {{"owner", "alice"}};
    request.attributes.tagging = TaggingHeaderValue({{"k", "v 1"}});
    request.attributes.acl = "public-read";
    request.attributes.forbid_overwrite = true;
    Result<CopyObjectResult> copied = client.CopyObject(request);
    ASSERT_TRUE(copied.ok()) << copied.status();
    EXPECT_EQ(copied->etag, "\"164F32EF262006C5EE6C8D1AA30DD2CD\"");
    EXPECT_EQ(util::ToUnixSeconds(*copied->last_modified), 1449880673);
    EXPECT_EQ(Crc64Value(copied->checksum), 0x995dc9bbdf1939faULL);
    EXPECT_EQ(copied->source_version_id, "v1");

    RecordedRequest seen = responder.requests().back();
    EXPECT_EQ(seen.method, "PUT");
    EXPECT_EQ(seen.target, "/bucket/copy.txt");
    EXPECT_EQ(seen.body, "");
    // '/' encoded too, as the C++ SDK does; the version id as it is.
    EXPECT_EQ(seen.Header("x-oss-copy-source"),
              "/src-bucket/dir%2Fa%20b%2Bc%25.txt?versionId=CAEQ.x_y-z");
    EXPECT_EQ(seen.Header("x-oss-copy-source-if-match"), "\"E1\"");
    EXPECT_EQ(seen.Header("x-oss-copy-source-if-unmodified-since"),
              "Wed, 01 Jan 2025 00:00:00 GMT");
    EXPECT_FALSE(seen.Header("x-oss-copy-source-if-none-match"));
    EXPECT_EQ(seen.Header("x-oss-metadata-directive"), "REPLACE");
    EXPECT_EQ(seen.Header("Content-Type"), "text/plain");
    EXPECT_EQ(seen.Header("x-oss-meta-owner"), "alice");
    EXPECT_EQ(seen.Header("x-oss-tagging-directive"), "Replace");
    EXPECT_EQ(seen.Header("x-oss-tagging"), "k=v%201");
    EXPECT_EQ(seen.Header("x-oss-object-acl"), "public-read");
    EXPECT_EQ(seen.Header("x-oss-forbid-overwrite"), "true");
    if (version == SignatureVersion::kV4) {
      ExpectValidV4Signature(seen);
    } else {
      ExpectValidV1Signature(seen);
    }
  }
}

TEST(ClientTest, CopyObjectWithCopyDirectivesSendsNoMetadata) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{
        200, {}, "<CopyObjectResult><ETag>\"E\"</ETag></CopyObjectResult>"};
  });
  Client client = MakeClient(Options(responder));
  CopyObjectRequest request;
  request.source = {"bucket", "src"};
  request.bucket = "bucket";
  request.key = "dst";
  request.attributes.storage_class = "IA";  // the destination's own
  ASSERT_TRUE(client.CopyObject(request).ok());
  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.Header("x-oss-copy-source"), "/bucket/src");
  EXPECT_EQ(seen.Header("x-oss-metadata-directive"), "COPY");
  EXPECT_FALSE(seen.Header("x-oss-tagging-directive"));
  EXPECT_EQ(seen.Header("x-oss-storage-class"), "IA");
  EXPECT_FALSE(seen.Header("Content-Type"));

  // What COPY would drop is refused, not sent.
  request.attributes.content_type = "text/plain";
  Result<CopyObjectResult> dropped_type = client.CopyObject(request);
  EXPECT_EQ(dropped_type.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dropped_type.status().message().find("kReplace"),
            std::string::npos);
  request.attributes.content_type.clear();
  request.attributes.tagging = "a=1";
  EXPECT_EQ(client.CopyObject(request).status().code(),
            StatusCode::kInvalidArgument);
  request.attributes.tagging.clear();
  request.source.key = "";
  EXPECT_EQ(client.CopyObject(request).status().code(),
            StatusCode::kInvalidArgument);
  request.source = {"Bad_Bucket", "k"};
  EXPECT_EQ(client.CopyObject(request).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 1u);
}

TEST(ClientTest, CopyNotModifiedSaysNothingWasCopied) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{304}; });
  Client client = MakeClient(Options(responder));
  CopyObjectRequest request;
  request.source = {"bucket", "src"};
  request.bucket = "bucket";
  request.key = "dst";
  request.conditions.if_none_match = "\"E\"";
  Result<CopyObjectResult> copied = client.CopyObject(request);
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(copied.status().message().find("nothing was copied"),
            std::string::npos)
      << copied.status();
  EXPECT_EQ(copied.status().service_error()->http_status, 304);

  Result<UploadPartResult> part =
      client.UploadPartCopy({"bucket", "dst", "U", 1, {"bucket", "src"}});
  EXPECT_EQ(part.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(part.status().message().find("nothing was copied"),
            std::string::npos);
  EXPECT_EQ(responder.requests().size(), 2u);  // a 304 is not retried
}

TEST(ClientTest, UploadPartCopySendsTheRangeAndChecksItFirst) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200,
                          {{"x-oss-hash-crc64ecma", "42"}},
                          "<CopyPartResult><LastModified>2014-07-17T06:27:54."
                          "000Z</LastModified><ETag>\"P1\"</ETag>"
                          "</CopyPartResult>"};
  });
  Client client = MakeClient(Options(responder));
  UploadPartCopyRequest request{
      "bucket", "big.bin", "UPLOAD", 3, {"bucket", "source.bin"}};
  request.range = CopyRange{5, 10};
  request.conditions.if_none_match = "\"OLD\"";
  Result<UploadPartResult> part = client.UploadPartCopy(request);
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(part->etag, "\"P1\"");
  EXPECT_EQ(Crc64Value(part->checksum), 42u);
  RecordedRequest seen = responder.requests().at(0);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.target, "/bucket/big.bin?partNumber=3&uploadId=UPLOAD");
  EXPECT_EQ(seen.Header("x-oss-copy-source"), "/bucket/source.bin");
  EXPECT_EQ(seen.Header("x-oss-copy-source-range"), "bytes=5-14");
  EXPECT_EQ(seen.Header("x-oss-copy-source-if-none-match"), "\"OLD\"");
  ExpectValidV4Signature(seen);

  request.range = CopyRange{0, 1};
  ASSERT_TRUE(client.UploadPartCopy(request).ok());
  EXPECT_EQ(responder.requests().at(1).Header("x-oss-copy-source-range"),
            "bytes=0-0");
  request.range.reset();
  ASSERT_TRUE(client.UploadPartCopy(request).ok());
  EXPECT_FALSE(responder.requests().at(2).Header("x-oss-copy-source-range"));

  // Refused before sending: an empty range, one past 2^64, bad parts.
  request.range = CopyRange{5, 0};
  Result<UploadPartResult> empty = client.UploadPartCopy(request);
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("size 0"), std::string::npos);
  request.range = CopyRange{std::numeric_limits<uint64_t>::max(), 2};
  EXPECT_EQ(client.UploadPartCopy(request).status().code(),
            StatusCode::kInvalidArgument);
  request.range = CopyRange{std::numeric_limits<uint64_t>::max(), 1};
  EXPECT_TRUE(client.UploadPartCopy(request).ok());  // the last byte is fine
  request.range.reset();
  for (int number : {0, 10001, -1}) {
    request.part_number = number;
    Result<UploadPartResult> bad = client.UploadPartCopy(request);
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << number;
    EXPECT_NE(bad.status().message().find("1 to 10000"), std::string::npos);
  }
  request.part_number = 1;
  request.upload_id = "";
  EXPECT_EQ(client.UploadPartCopy(request).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 4u);
}

TEST(ClientTest, AclValuesAreCheckedBeforeSending) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method == "GET") {
      return CannedResponse{
          200,
          {},
          "<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList>"
          "<Grant>public-read</Grant></AccessControlList>"
          "</AccessControlPolicy>"};
    }
    return CannedResponse{200};
  });
  Client client = MakeClient(Options(responder));
  ASSERT_TRUE(client.PutObjectAcl({"bucket", "k", "", "default"}).ok());
  ASSERT_TRUE(client.PutBucketAcl("bucket", "public-read-write").ok());
  Result<AccessControlPolicy> object_acl = client.GetObjectAcl({"bucket", "k"});
  ASSERT_TRUE(object_acl.ok()) << object_acl.status();
  EXPECT_EQ(object_acl->grant, "public-read");
  EXPECT_EQ(object_acl->owner_id, "o");
  ASSERT_TRUE(client.GetBucketAcl("bucket").ok());
  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].target, "/bucket/k?acl");
  EXPECT_EQ(seen[0].Header("x-oss-object-acl"), "default");
  EXPECT_EQ(seen[1].target, "/bucket/?acl");
  EXPECT_EQ(seen[1].Header("x-oss-acl"), "public-read-write");
  EXPECT_EQ(seen[2].target, "/bucket/k?acl");
  EXPECT_EQ(seen[3].method, "GET");
  ExpectValidV4Signature(seen[0]);

  for (const char* bad : {"public", "Private", "", "private "}) {
    Status object = client.PutObjectAcl({"bucket", "k", "", bad});
    EXPECT_EQ(object.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(object.message().find("private, public-read, public-read-write, "
                                    "default"),
              std::string::npos)
        << object;
    EXPECT_EQ(client.PutBucketAcl("bucket", bad).code(),
              StatusCode::kInvalidArgument);
  }
  // A bucket has no "default" ACL; and every write checks its ACL too.
  EXPECT_EQ(client.PutBucketAcl("bucket", "default").code(),
            StatusCode::kInvalidArgument);
  PutObjectRequest put{"bucket", "k"};
  put.attributes.acl = "everyone";
  StringSource body("x");
  EXPECT_EQ(client.PutObject(put, body).status().code(),
            StatusCode::kInvalidArgument);
  InitiateMultipartUploadRequest initiate{"bucket", "k"};
  initiate.attributes.acl = "everyone";
  EXPECT_EQ(client.InitiateMultipartUpload(initiate).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 4u);
}

TEST(ClientTest, TaggingOnTheWire) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method == "GET" && request.Query() == "tagging") {
      return CannedResponse{200,
                            {},
                            "<Tagging><TagSet><Tag><Key>a b</Key><Value>1</"
                            "Value></Tag></TagSet></Tagging>"};
    }
    if (request.method == "HEAD") {
      return CannedResponse{200, {{"x-oss-tagging-count", "3"}}};
    }
    return CannedResponse{request.method == "DELETE" ? 204 : 200};
  });
  Client client = MakeClient(Options(responder, SignatureVersion::kV1));
  // oss-protocol-2.md §13.1 V1-K: GO2's body and its Content-MD5.
  ASSERT_TRUE(
      client.PutObjectTagging({"bucket", "dir/a.txt", "", {{"k1", "v1"}}})
          .ok());
  Result<std::vector<ObjectTag>> tags =
      client.GetObjectTagging({"bucket", "dir/a.txt"});
  ASSERT_TRUE(tags.ok()) << tags.status();
  EXPECT_EQ(*tags, (std::vector<ObjectTag>{{"a b", "1"}}));
  ASSERT_TRUE(client.DeleteObjectTagging({"bucket", "dir/a.txt"}).ok());
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "dir/a.txt"});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->tagging_count, 3u);

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].target, "/bucket/dir/a.txt?tagging");
  EXPECT_EQ(seen[0].body,
            "<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag>"
            "</TagSet></Tagging>");
  EXPECT_EQ(seen[0].Header("Content-MD5"), "+MhyBPFTuEtXiEQYzUp6pw==");
  ExpectValidV1Signature(seen[0]);
  EXPECT_EQ(seen[2].method, "DELETE");
  EXPECT_EQ(seen[2].target, "/bucket/dir/a.txt?tagging");

  // A control character is refused (XML would change a CR into a LF).
  Status control =
      client.PutObjectTagging({"bucket", "k", "", {{"ok", "a\rb"}}});
  EXPECT_EQ(control.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(control.message().find("control character"), std::string::npos);
  EXPECT_EQ(responder.requests().size(), 4u);

  // x-oss-tagging on the writes that create an object.
  PutObjectRequest put{"bucket", "k"};
  put.attributes.tagging =
      TaggingHeaderValue({{"key1=", "value 1+"}, {"key3:/", ""}});
  StringSource body("x");
  PutObjectRequest unverified = put;
  unverified.verify_crc64 = false;
  ASSERT_TRUE(client.PutObject(unverified, body).ok());
  // §6.5: the C++ SDK's form of the same tags.
  EXPECT_EQ(responder.requests().back().Header("x-oss-tagging"),
            "key1%3D=value%201%2B&key3%3A%2F");
  EXPECT_EQ(responder.requests().back().Header("Content-Type"),
            "application/octet-stream");
}

TEST(ClientTest, AMalformedTaggingCountIsAnError) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {{"x-oss-tagging-count", "three"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "k"});
  ASSERT_FALSE(head.ok());
  EXPECT_NE(head.status().message().find("x-oss-tagging-count"),
            std::string::npos);
}

TEST(ClientTest, AppendObjectChainsAndChecksTheCrc) {
  // The server side of §8.4's example: "12345" then "67890".
  std::string object;
  HttpResponder responder([&object](const RecordedRequest& request) {
    object += request.body;
    return CannedResponse{
        200,
        {{"x-oss-next-append-position", std::to_string(object.size())},
         {"x-oss-hash-crc64ecma", std::to_string(Crc64(object))},
         {"ETag", "\"A\""}}};
  });
  Client client = MakeClient(Options(responder, SignatureVersion::kV1));
  StringSource first("12345");
  Result<AppendObjectResult> one =
      client.AppendObject({"bucket", "log.txt", 0}, first);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->next_position, 5u);
  EXPECT_EQ(one->crc64, 6748440630437108969ULL);
  AppendObjectRequest next{"bucket", "log.txt", one->next_position};
  next.previous_crc64 = one->crc64;
  StringSource second("67890");
  Result<AppendObjectResult> two = client.AppendObject(next, second);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->next_position, 10u);
  EXPECT_EQ(two->crc64, 12811388247244714686ULL);

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/bucket/log.txt?append&position=0");
  EXPECT_EQ(seen[1].target, "/bucket/log.txt?append&position=5");
  ExpectValidV1Signature(seen[1]);  // append and position are signed

  // The chain broken: the CRC given is not the object's.
  next.position = 10;
  next.previous_crc64 = 1;
  StringSource third("abc");
  Result<AppendObjectResult> broken = client.AppendObject(next, third);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kDataCorruption);
  EXPECT_NE(broken.status().message().find("CRC64"), std::string::npos);
}

TEST(ClientTest, AppendObjectChecksTheServersLengthAndFirstCrc) {
  HttpResponder responder([](const RecordedRequest& request) {
    // Claims one byte more than it got, and a CRC of other bytes.
    return CannedResponse{200,
                          {{"x-oss-next-append-position",
                            std::to_string(request.body.size() + 1)},
                           {"x-oss-hash-crc64ecma", "7"}}};
  });
  Client client = MakeClient(Options(responder));
  StringSource body("abc");
  Result<AppendObjectResult> longer =
      client.AppendObject({"bucket", "k", 0}, body);
  EXPECT_EQ(longer.status().code(), StatusCode::kDataCorruption);
  EXPECT_NE(longer.status().message().find("4 bytes long after 3"),
            std::string::npos)
      << longer.status();
}

TEST(ClientTest, AppendAtTheWrongPositionNamesTheRightOne) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{409,
                          {{"x-oss-next-append-position", "10"}},
                          ErrorXml("PositionNotEqualToLength",
                                   "Position is not equal to file length")};
  });
  Client client = MakeClient(Options(responder));
  StringSource body("abc");
  Result<AppendObjectResult> appended =
      client.AppendObject({"bucket", "log.txt", 3}, body);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().service_error()->code,
            "PositionNotEqualToLength");
  EXPECT_NE(appended.status().message().find(
                "the next append must be at position 10"),
            std::string::npos)
      << appended.status();
  EXPECT_EQ(responder.requests().size(), 1u);
}

// A server error after the body went out may follow a stored append (here
// the responder stores it, then fails): the append is not sent again, where
// PutObject is.
TEST(ClientTest, AppendObjectIsNotRetriedOnceItsBodyMayHaveArrived) {
  std::mutex mutex;
  std::string stored;
  HttpResponder responder([&](const RecordedRequest& request) {
    std::lock_guard<std::mutex> lock(mutex);
    stored += request.body;
    return CannedResponse{500, {}, ErrorXml("InternalError", "stored, then")};
  });
  Client client = MakeClient(Options(responder));
  StringSource body("abc");
  Result<AppendObjectResult> appended =
      client.AppendObject({"bucket", "k", 0}, body);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().service_error()->http_status, 500);
  EXPECT_EQ(responder.requests().size(), 1u);
  EXPECT_EQ(stored, "abc");
  StringSource put_body("abc");
  EXPECT_FALSE(client.PutObject({"bucket", "k"}, put_body).ok());
  EXPECT_EQ(responder.requests().size(), 1u + 4);  // the default 4 attempts
}

// Nothing can have reached a server that refused the connection: that is
// retried, for an append too.
TEST(ClientTest, AppendObjectIsRetriedWhenNothingWasSent) {
  ClientOptions options;
  {
    HttpResponder closed(
        [](const RecordedRequest&) { return CannedResponse{200}; });
    options = Options(closed);
  }  // the port is closed now
  std::atomic<int> retries{0};
  options.log = [&retries](std::string_view line) {
    if (line.starts_with("retrying")) ++retries;
  };
  options.retry.max_attempts = 3;
  Client client = MakeClient(options);
  StringSource body("abc");
  Result<AppendObjectResult> appended =
      client.AppendObject({"bucket", "k", 0}, body);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), StatusCode::kNetworkError);
  EXPECT_EQ(retries, 2);
  EXPECT_NE(appended.status().message().find("HeadObject"), std::string::npos)
      << appended.status();
}

TEST(ClientTest, SymlinkTargetsAreEncodedAndDecoded) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method == "GET") {
      return CannedResponse{
          200, {{"x-oss-symlink-target", "dir%2Fa%20b%2Bc"}}, ""};
    }
    return CannedResponse{200};
  });
  Client client = MakeClient(Options(responder));
  PutSymlinkRequest put{"bucket", "link", "dir/a b+c"};
  put.attributes.user_metadata = {{"of", "link"}};
  ASSERT_TRUE(client.PutSymlink(put).ok());
  Result<std::string> target = client.GetSymlink({"bucket", "link"});
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(*target, "dir/a b+c");
  std::vector<RecordedRequest> seen = responder.requests();
  EXPECT_EQ(seen[0].target, "/bucket/link?symlink");
  EXPECT_EQ(seen[0].Header("x-oss-symlink-target"), "dir%2Fa%20b%2Bc");
  EXPECT_EQ(seen[0].Header("x-oss-meta-of"), "link");
  EXPECT_EQ(seen[1].target, "/bucket/link?symlink");
  ExpectValidV4Signature(seen[0]);

  put.target = "/absolute";
  EXPECT_EQ(client.PutSymlink(put).code(), StatusCode::kInvalidArgument);
  put.target = "";
  EXPECT_EQ(client.PutSymlink(put).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 2u);
}

TEST(ClientTest, GetSymlinkWithoutATargetIsMalformed) {
  std::atomic<int> calls{0};
  HttpResponder responder([&calls](const RecordedRequest&) {
    if (++calls == 1) return CannedResponse{200};
    return CannedResponse{200, {{"x-oss-symlink-target", "a%G1"}}};
  });
  Client client = MakeClient(Options(responder));
  Result<std::string> none = client.GetSymlink({"bucket", "link"});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("x-oss-symlink-target"),
            std::string::npos);
  Result<std::string> bad = client.GetSymlink({"bucket", "link"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("a%G1"), std::string::npos);
}

TEST(ClientTest, BucketInfoAndLocation) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.Query() == "bucketInfo") {
      return CannedResponse{
          200,
          {},
          "<BucketInfo><Bucket><CreationDate>2013-07-31T10:56:21.000Z</"
          "CreationDate><Location>oss-cn-hangzhou</Location><StorageClass>"
          "Standard</StorageClass><Name>bucket</Name><AccessControlList>"
          "<Grant>private</Grant></AccessControlList></Bucket></BucketInfo>"};
    }
    return CannedResponse{
        200, {}, "<LocationConstraint>oss-cn-hangzhou</LocationConstraint>"};
  });
  Client client = MakeClient(Options(responder));
  Result<BucketInfo> info = client.GetBucketInfo("bucket");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->name, "bucket");
  EXPECT_EQ(info->location, "oss-cn-hangzhou");
  EXPECT_EQ(info->acl, "private");
  EXPECT_EQ(info->storage_class, "Standard");
  EXPECT_EQ(util::ToUnixSeconds(*info->creation_date), 1375268181);
  Result<std::string> location = client.GetBucketLocation("bucket");
  ASSERT_TRUE(location.ok()) << location.status();
  EXPECT_EQ(*location, "oss-cn-hangzhou");
  EXPECT_EQ(responder.requests().at(0).target, "/bucket/?bucketInfo");
  EXPECT_EQ(responder.requests().at(1).target, "/bucket/?location");
  EXPECT_EQ(client.GetBucketInfo("B").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(responder.requests().size(), 2u);
}

}  // namespace
}  // namespace ossxfer
