// Upload callbacks (x-oss-callback): parsing and substitution as units, then
// a real `ossxfer serve` calling back to an in-test HTTP receiver.
#include "server/upload_callback.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>

#include "auth/signer_v1.h"
#include "http/http_connection.h"
#include "support/checksum_values.h"
#include "support/error_code.h"
#include "support/http_responder.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "util/encoding.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

using ::ossxfer::server::ParseUploadCallback;
using ::ossxfer::server::SubstituteCallbackBody;
using ::ossxfer::server::UploadCallback;
using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::RecordedRequest;
using ::ossxfer::testing::ServedBucketTest;

std::string B64(const std::string& text) { return util::Base64Encode(text); }

std::string CallbackJson(const std::string& url, const std::string& body,
                         const std::string& body_type = "") {
  std::string json =
      R"({"callbackUrl":")" + url + R"(","callbackBody":")" + body + "\"";
  if (!body_type.empty()) json += R"(,"callbackBodyType":")" + body_type + "\"";
  return json + "}";
}

using ::ossxfer::testing::ErrorCode;

// The 400 message of a header pair, or "" when it parsed.
std::string ParseError(const std::optional<std::string>& callback,
                       const std::optional<std::string>& vars = std::nullopt) {
  Result<std::optional<UploadCallback>> parsed =
      ParseUploadCallback(callback, vars);
  if (parsed.ok()) return "";
  EXPECT_EQ(ErrorCode(parsed.status()), "InvalidArgument");
  EXPECT_EQ(parsed.status().service_error()->http_status, 400);
  return parsed.status().service_error()->message;
}

server::StoredObject SampleObject() {
  server::StoredObject object;
  object.bucket = "bucket";
  object.key = "dir/a b.txt";
  object.size = 42;
  object.etag = "\"0123ABCD\"";
  object.crc64 = 1234567890123;
  object.attributes.content_type = "text/plain";
  return object;
}

TEST(UploadCallbackParseTest, NoHeaderMeansNoCallback) {
  Result<std::optional<UploadCallback>> parsed =
      ParseUploadCallback(std::nullopt, B64(R"({"x:a":"1"})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_FALSE(parsed->has_value());
}

TEST(UploadCallbackParseTest, RejectsInvalidHeaders) {
  EXPECT_NE(ParseError("%%% not base64 %%%").find("base64"), std::string::npos);
  EXPECT_NE(ParseError(B64("{not json")).find("JSON"), std::string::npos);
  EXPECT_NE(ParseError(B64("[1,2]")).find("JSON object"), std::string::npos);
  EXPECT_NE(ParseError(B64(R"({"callbackBody":"a=1"})")).find("callbackUrl"),
            std::string::npos);
  EXPECT_NE(ParseError(B64(R"({"callbackUrl":"http://127.0.0.1:1/"})"))
                .find("callbackBody"),
            std::string::npos);
  EXPECT_NE(ParseError(B64(R"({"callbackUrl":7,"callbackBody":"a"})"))
                .find("callbackUrl"),
            std::string::npos);
  EXPECT_NE(
      ParseError(B64(CallbackJson("http://127.0.0.1:1/", "a", "text/plain")))
          .find("callbackBodyType"),
      std::string::npos);
  // The var header is validated too: base64, a JSON object of x: strings.
  const std::string good = B64(CallbackJson("http://127.0.0.1:1/", "a"));
  EXPECT_NE(ParseError(good, "!!").find("x-oss-callback-var"),
            std::string::npos);
  EXPECT_NE(ParseError(good, B64(R"({"a":"1"})")).find("x:"),
            std::string::npos);
  EXPECT_NE(ParseError(good, B64(R"({"x:a":1})")).find("string"),
            std::string::npos);
}

TEST(UploadCallbackParseTest, OnlyLoopbackHttpUrlsAreCalled) {
  for (const char* url :
       {"http://127.0.0.1:8080/cb", "http://localhost/cb", "http://[::1]:9/",
        "HTTP://LocalHost:80", "127.0.0.1:8080/cb?x=1"}) {
    EXPECT_EQ(ParseError(B64(CallbackJson(url, "a"))), "") << url;
  }
  for (const char* url :
       {"http://example.com/cb", "https://127.0.0.1/cb", "ftp://localhost/",
        "http://127.0.0.2/", "http://localhost.evil.com/",
        "http://127.0.0.1@evil.com/", "http://user@127.0.0.1/",
        "http://127.0.0.1:80x/", "http://[::2]:80/", "www.aliyuncs.com"}) {
    EXPECT_EQ(ParseError(B64(CallbackJson(url, "a"))),
              "ossxfer serve only calls back to loopback addresses")
        << url;
  }
}

TEST(UploadCallbackParseTest, ReadsAllFields) {
  Result<std::optional<UploadCallback>> parsed = ParseUploadCallback(
      B64(R"({"callbackUrl":"http://localhost:1/cb","callbackBody":"b",)"
          R"("callbackHost":"cb.example","callbackBodyType":"application/json"})"),
      B64(R"({"x:a":"1","x:b":"two"})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_TRUE(parsed->has_value());
  const UploadCallback& callback = **parsed;
  EXPECT_EQ(callback.url, "http://localhost:1/cb");
  EXPECT_EQ(callback.host, "cb.example");
  EXPECT_EQ(callback.body, "b");
  EXPECT_EQ(callback.body_type, "application/json");
  EXPECT_EQ(callback.vars.at("x:b"), "two");
}

TEST(UploadCallbackParseTest, BodyTypeDefaultsToForm) {
  Result<std::optional<UploadCallback>> parsed =
      ParseUploadCallback(B64(CallbackJson("http://127.0.0.1:1/", "a")), {});
  ASSERT_TRUE(parsed.ok() && parsed->has_value());
  EXPECT_EQ((*parsed)->body_type, "application/x-www-form-urlencoded");
}

TEST(UploadCallbackSubstituteTest, FillsSystemAndCustomVariables) {
  UploadCallback callback;
  callback.body =
      "b=${bucket}&o=${object}&e=${etag}&s=${size}&m=${mimeType}&c=${crc64}"
      "&a=${x:a}&missing=${x:none}&keep=${other}&open=${bucket";
  callback.vars = {{"x:a", "v&1"}};
  // Values go in raw: no URL-encoding of the key or of the variable.
  EXPECT_EQ(SubstituteCallbackBody(callback, SampleObject()),
            "b=bucket&o=dir/a b.txt&e=0123ABCD&s=42&m=text/plain"
            "&c=1234567890123&a=v&1&missing=&keep=${other}&open=${bucket");
}

TEST(UploadCallbackSubstituteTest, JsonBody) {
  Result<std::optional<UploadCallback>> parsed = ParseUploadCallback(
      B64(R"({"callbackUrl":"http://127.0.0.1:1/",)"
          R"("callbackBody":"{\"object\":\"${object}\",\"size\":${size},)"
          R"(\"who\":\"${x:who}\"}","callbackBodyType":"application/json"})"),
      B64(R"({"x:who":"me"})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(SubstituteCallbackBody(**parsed, SampleObject()),
            R"({"object":"dir/a b.txt","size":42,"who":"me"})");
}

// The whole exchange is bounded, even when the receiver accepts and then
// says nothing (a shorter timeout than the 5 s default keeps this quick).
TEST(UploadCallbackPerformTest, StalledReceiverTimesOut) {
  HttpResponder stalled([](const RecordedRequest&) {
    return CannedResponse{.body = "{}", .truncate_body_at = 0, .stall = true};
  });
  UploadCallback callback;
  callback.url = stalled.endpoint() + "/cb";
  callback.body = "a=1";
  callback.body_type = server::kFormBodyType;
  auto start = std::chrono::steady_clock::now();
  Result<server::CallbackReply> reply = server::PerformUploadCallback(
      callback, SampleObject(), std::chrono::milliseconds(300));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(ErrorCode(reply.status()), "CallbackFailed");
  EXPECT_EQ(reply.status().service_error()->http_status, 203);
  EXPECT_NE(reply.status().service_error()->message.find("timed out"),
            std::string::npos)
      << reply.status();
}

// --- Against a real `ossxfer serve` ---------------------------------------

// A loopback port nothing listens on: bound, then closed.
uint16_t ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class UploadCallbackServeTest : public ServedBucketTest {
 protected:
  std::string ReceiverUrl() const { return receiver_.endpoint() + "/cb"; }

  // What the receiver answers from now on (it runs on its own threads).
  void SetReply(CannedResponse reply) {
    std::lock_guard<std::mutex> lock(reply_mutex_);
    reply_ = std::move(reply);
  }
  CannedResponse Reply() {
    std::lock_guard<std::mutex> lock(reply_mutex_);
    return reply_;
  }

  // A PUT or POST signed by hand, so the test sees the raw status (the
  // client folds every 2xx into success).
  http::HttpResponse SendRaw(const std::string& method, const std::string& key,
                             auth::NameValueList query,
                             auth::NameValueList headers,
                             const std::string& body) {
    auth::SignableRequest request{method, "bucket", key, query,
                                  std::move(headers)};
    auth::SignerV1::SignHeaders(
        request,
        Credentials{testing::kServeKeyId, testing::kServeKeySecret, ""},
        std::chrono::system_clock::now());
    std::string url = server_->endpoint() + "/bucket/" + key;
    for (size_t i = 0; i < query.size(); ++i) {
      url += (i == 0 ? "?" : "&") + query[i].first;
      if (!query[i].second.empty()) url += "=" + query[i].second;
    }
    http::HttpConnection connection(http::HttpSettings{});
    StringSource source(body);
    Result<http::HttpResponse> response = connection.Send(
        http::HttpRequest{method, url, request.headers, &source}, nullptr);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::HttpResponse{};
  }

  bool Exists(const std::string& key) const {
    return client_->HeadObject({"bucket", key, ""}).ok();
  }

  std::string InitiateUpload(const std::string& key) {
    Result<InitiateMultipartUploadResult> upload =
        client_->InitiateMultipartUpload({"bucket", key, {}});
    EXPECT_TRUE(upload.ok()) << upload.status();
    return upload.ok() ? upload->upload_id : "";
  }

  std::vector<CompletedPart> UploadOnePart(const std::string& key,
                                           const std::string& upload_id,
                                           const std::string& data) {
    StringSource source(data);
    UploadPartRequest request{"bucket", key, upload_id, 1};
    Result<UploadPartResult> part = client_->UploadPart(request, source);
    EXPECT_TRUE(part.ok()) << part.status();
    return {{1, part.ok() ? part->etag : ""}};
  }

  std::mutex reply_mutex_;
  CannedResponse reply_{
      200, {{"Content-Type", "application/json"}}, R"({"Status":"OK"})"};
  HttpResponder receiver_{[this](const RecordedRequest&) { return Reply(); }};
};

TEST_F(UploadCallbackServeTest, PutObjectRelaysTheReceiversAnswer) {
  StringSource data("hello");
  PutObjectRequest request{"bucket", "dir/cb.txt", {.content_type = "text/x"}};
  request.callback = B64(CallbackJson(
      ReceiverUrl(), "o=${object}&s=${size}&m=${mimeType}&v=${x:v}"));
  request.callback_var = B64(R"({"x:v":"val"})");
  Result<PutObjectResult> put = client_->PutObject(request, data);
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->callback_response, R"({"Status":"OK"})");
  EXPECT_EQ(put->etag, "\"5D41402ABC4B2A76B9719D911017C592\"");
  EXPECT_TRUE(Crc64Value(put->checksum).has_value());

  std::vector<RecordedRequest> calls = receiver_.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].Path(), "/cb");
  EXPECT_EQ(calls[0].Header("Content-Type"),
            "application/x-www-form-urlencoded");
  EXPECT_EQ(calls[0].body, "o=dir/cb.txt&s=5&m=text/x&v=val");
}

TEST_F(UploadCallbackServeTest, JsonBodyTypeAndRawResponse) {
  SetReply({200,
            {{"Content-Type", "application/json; charset=utf-8"}},
            R"({"Status":"OK"})"});
  http::HttpResponse response = SendRaw(
      "PUT", "j.txt", {},
      {{"Content-Type", "text/plain"},
       {"x-oss-callback",
        B64(CallbackJson(ReceiverUrl(),
                         R"({\"etag\":\"${etag}\",\"crc\":\"${crc64}\"})",
                         "application/json"))}},
      "abc");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, R"({"Status":"OK"})");
  EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_TRUE(response.Header("ETag"));
  std::string crc = response.Header("x-oss-hash-crc64ecma").value_or("");
  EXPECT_FALSE(crc.empty());

  std::vector<RecordedRequest> calls = receiver_.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(calls[0].body, R"({"etag":"900150983CD24FB0D6963F7D28E17F72",)"
                           R"("crc":")" +
                               crc + "\"}");
}

TEST_F(UploadCallbackServeTest, ReceiverErrorGives203AndKeepsTheObject) {
  SetReply({500, {}, "boom"});
  http::HttpResponse response =
      SendRaw("PUT", "failed.txt", {},
              {{"Content-Type", "text/plain"},
               {"x-oss-callback", B64(CallbackJson(ReceiverUrl(), "a=1"))}},
              "data");
  EXPECT_EQ(response.status, 203);
  EXPECT_NE(response.body.find("<Code>CallbackFailed</Code>"),
            std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("HTTP 500"), std::string::npos) << response.body;
  EXPECT_EQ(receiver_.requests().size(), 1u);
  EXPECT_TRUE(Exists("failed.txt"));
}

TEST_F(UploadCallbackServeTest, ClosedReceiverGives203) {
  std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/cb";
  http::HttpResponse response =
      SendRaw("PUT", "closed.txt", {},
              {{"Content-Type", "text/plain"},
               {"x-oss-callback", B64(CallbackJson(url, "a=1"))}},
              "data");
  EXPECT_EQ(response.status, 203);
  EXPECT_NE(response.body.find("<Code>CallbackFailed</Code>"),
            std::string::npos)
      << response.body;
  EXPECT_TRUE(Exists("closed.txt"));
}

TEST_F(UploadCallbackServeTest, BadCallbackIsRefusedBeforeStoring) {
  StringSource data("hello");
  PutObjectRequest request{"bucket", "bad.txt", {}};
  request.callback = B64(R"({"callbackUrl":")" + ReceiverUrl() + "\"}");
  Result<PutObjectResult> put = client_->PutObject(request, data);
  EXPECT_EQ(ErrorCode(put.status()), "InvalidArgument");
  EXPECT_EQ(put.status().service_error()->http_status, 400);
  EXPECT_FALSE(Exists("bad.txt"));

  StringSource again("hello");
  request.callback = "not base64!";
  EXPECT_EQ(ErrorCode(client_->PutObject(request, again).status()),
            "InvalidArgument");
  StringSource remote("hello");
  request.callback = B64(CallbackJson("http://192.0.2.1/cb", "a=1"));
  Result<PutObjectResult> refused = client_->PutObject(request, remote);
  EXPECT_EQ(ErrorCode(refused.status()), "InvalidArgument");
  EXPECT_NE(refused.status().ToString().find("loopback"), std::string::npos);
  EXPECT_FALSE(Exists("bad.txt"));
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_F(UploadCallbackServeTest, CompleteMultipartUploadRelaysTheAnswer) {
  std::string upload_id = InitiateUpload("big.bin");
  CompleteMultipartUploadRequest request{
      "bucket", "big.bin", upload_id,
      UploadOnePart("big.bin", upload_id, "part one")};
  request.callback = B64(CallbackJson(
      ReceiverUrl(), "b=${bucket}&o=${object}&s=${size}&x=${x:k}"));
  request.callback_var = B64(R"({"x:k":"multi"})");
  Result<CompleteMultipartUploadResult> done =
      client_->CompleteMultipartUpload(request);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->callback_response, R"({"Status":"OK"})");
  EXPECT_NE(done->etag.find("-1"), std::string::npos) << done->etag;
  EXPECT_TRUE(Crc64Value(done->checksum).has_value());

  std::vector<RecordedRequest> calls = receiver_.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body, "b=bucket&o=big.bin&s=8&x=multi");
  EXPECT_TRUE(Exists("big.bin"));
}

TEST_F(UploadCallbackServeTest, CompleteMultipartUploadCallbackFailure) {
  SetReply({404, {}, ""});
  std::string upload_id = InitiateUpload("m.bin");
  std::vector<CompletedPart> parts = UploadOnePart("m.bin", upload_id, "xyz");
  std::string xml =
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" +
      parts[0].etag + "</ETag></Part></CompleteMultipartUpload>";
  http::HttpResponse response = SendRaw(
      "POST", "m.bin", {{"uploadId", upload_id}},
      {{"Content-Type", "application/xml"},
       {"x-oss-callback", B64(CallbackJson(ReceiverUrl(), "a=${object}"))}},
      xml);
  EXPECT_EQ(response.status, 203) << response.body;
  EXPECT_NE(response.body.find("<Code>CallbackFailed</Code>"),
            std::string::npos)
      << response.body;
  EXPECT_TRUE(Exists("m.bin"));
}

TEST_F(UploadCallbackServeTest, CompleteMultipartUploadBadCallbackKeepsUpload) {
  std::string upload_id = InitiateUpload("keep.bin");
  CompleteMultipartUploadRequest request{
      "bucket", "keep.bin", upload_id,
      UploadOnePart("keep.bin", upload_id, "data")};
  request.callback = B64(R"({"callbackBody":"a=1"})");
  EXPECT_EQ(ErrorCode(client_->CompleteMultipartUpload(request).status()),
            "InvalidArgument");
  EXPECT_FALSE(Exists("keep.bin"));
  // The upload was left alone: completing without a callback still works.
  request.callback.clear();
  EXPECT_TRUE(client_->CompleteMultipartUpload(request).ok());
  EXPECT_TRUE(Exists("keep.bin"));
}

// OSS means failure by 203 CallbackFailed, and the client must say so even
// though 203 is a 2xx status.
TEST_F(UploadCallbackServeTest, ClientReportsCallbackFailure) {
  SetReply({500, {}, "boom"});
  StringSource data("hello");
  PutObjectRequest request{"bucket", "c.txt", {}};
  request.callback = B64(CallbackJson(ReceiverUrl(), "a=1"));
  EXPECT_EQ(ErrorCode(client_->PutObject(request, data).status()),
            "CallbackFailed");
}

}  // namespace
}  // namespace ossxfer
