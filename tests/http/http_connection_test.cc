#include "http/http_connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "http/connection_pool.h"
#include "support/http_responder.h"

namespace ossxfer::http {
namespace {

using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::RecordedRequest;

HttpSettings FastSettings() {
  HttpSettings settings;
  settings.connect_timeout = std::chrono::milliseconds(2000);
  settings.low_speed_time = std::chrono::seconds(1);
  settings.low_speed_limit_bytes_per_second = 1;
  settings.user_agent = "ossxfer-test";
  return settings;
}

// Counts writes so a test can tell streaming from one big buffer.
class RecordingSink : public BodySink {
 public:
  Status Write(const char* data, size_t size) override {
    data_.append(data, size);
    ++writes_;
    return Status();
  }
  std::string data_;
  int writes_ = 0;
};

TEST(HttpConnectionTest, ReusesOneConnectionForSequentialRequests) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {{"x-oss-request-id", "R1"}}, "hello"};
  });
  HttpConnection connection(FastSettings());
  for (int i = 0; i < 5; ++i) {
    Result<HttpResponse> response = connection.Send(
        HttpRequest{"GET", responder.endpoint() + "/b/k"}, nullptr);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
    EXPECT_EQ(response->Header("X-OSS-REQUEST-ID"), "R1");
  }
  EXPECT_EQ(responder.connections_accepted(), 1);
  EXPECT_EQ(connection.connections_opened(), 1);
}

TEST(HttpConnectionTest, StreamsA2xxBodyIntoTheSinkInPieces) {
  std::string big(8 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 4096)
    big[i] = static_cast<char>(i / 4096);
  HttpResponder responder([&big](const RecordedRequest&) {
    return CannedResponse{200, {}, big};
  });
  HttpConnection connection(FastSettings());
  RecordingSink sink;
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", responder.endpoint() + "/b/k"}, &sink);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(sink.data_, big);
  EXPECT_GT(sink.writes_, 1);
}

TEST(HttpConnectionTest, ErrorBodiesStayInTheResponseNotTheSink) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{404, {}, "<Error><Code>NoSuchKey</Code></Error>"};
  });
  HttpConnection connection(FastSettings());
  RecordingSink sink;
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", responder.endpoint() + "/b/k"}, &sink);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "<Error><Code>NoSuchKey</Code></Error>");
  EXPECT_TRUE(sink.data_.empty());
}

TEST(HttpConnectionTest, SendsTheBodyAndHeadersExactly) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  HttpConnection connection(FastSettings());
  std::string payload(300000, 'p');
  StringSource source(payload);
  HttpRequest request{
      "PUT", responder.endpoint() + "/b/k", {{"x-oss-meta-a", "1"}}, &source};
  ASSERT_TRUE(connection.Send(request, nullptr).ok());
  StringSource xml("<x/>");
  HttpRequest post{"POST",
                   responder.endpoint() + "/b/k?uploads",
                   {{"Content-Type", "application/xml"}},
                   &xml};
  ASSERT_TRUE(connection.Send(post, nullptr).ok());
  HttpRequest bodiless_post{"POST", responder.endpoint() + "/b/k?uploads"};
  ASSERT_TRUE(connection.Send(bodiless_post, nullptr).ok());

  std::vector<RecordedRequest> seen = responder.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].body, payload);
  EXPECT_EQ(seen[0].Header("x-oss-meta-a"), "1");
  EXPECT_FALSE(seen[0].Header("Expect"));        // no 100-continue round trip
  EXPECT_FALSE(seen[0].Header("Content-Type"));  // curl must not invent one
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].body, "<x/>");
  EXPECT_EQ(seen[1].Header("Content-Type"), "application/xml");
  EXPECT_EQ(seen[2].method, "POST");
  EXPECT_EQ(seen[2].Header("Content-Length"), "0");
  EXPECT_FALSE(seen[2].Header("Content-Type"));
}

TEST(HttpConnectionTest, ABodySourceShorterThanItsSizeFailsAtOnce) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  class ShortSource : public BodySource {
   public:
    uint64_t Size() const override { return 1000; }
    Result<size_t> Read(char* buffer, size_t capacity) override {
      size_t count =
          std::min<size_t>(capacity, 100 - std::min<size_t>(sent_, 100));
      std::fill(buffer, buffer + count, 's');
      sent_ += count;
      return count;
    }
    Status Rewind() override { return Status(); }
    size_t sent_ = 0;
  } source;
  HttpConnection connection(FastSettings());
  auto started = std::chrono::steady_clock::now();
  Result<HttpResponse> response = connection.Send(
      HttpRequest{"PUT", responder.endpoint() + "/b/k", {}, &source}, nullptr);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIoError);
  EXPECT_NE(response.status().message().find("100 of its 1000 bytes"),
            std::string::npos)
      << response.status();
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::milliseconds(900));
}

TEST(HttpConnectionTest, DotSegmentsInThePathAreSentAsIs) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  HttpConnection connection(FastSettings());
  ASSERT_TRUE(connection
                  .Send(HttpRequest{"GET", responder.endpoint() +
                                               "/bucket/../a/./b/.."},
                        nullptr)
                  .ok());
  EXPECT_EQ(responder.requests().at(0).target, "/bucket/../a/./b/..");
}

TEST(HttpConnectionTest, HeadAndDelete) {
  HttpResponder responder([](const RecordedRequest& request) {
    if (request.method == "HEAD") {
      return CannedResponse{200,
                            {{"Content-Length", "12345"}, {"ETag", "\"E\""}}};
    }
    return CannedResponse{204};
  });
  HttpConnection connection(FastSettings());
  Result<HttpResponse> head = connection.Send(
      HttpRequest{"HEAD", responder.endpoint() + "/b/k"}, nullptr);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->Header("Content-Length"), "12345");
  Result<HttpResponse> removed = connection.Send(
      HttpRequest{"DELETE", responder.endpoint() + "/b/k"}, nullptr);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->status, 204);
  EXPECT_EQ(responder.requests()[1].method, "DELETE");
}

TEST(HttpConnectionTest, ABodyCutShortIsANetworkError) {
  HttpResponder responder([](const RecordedRequest&) {
    CannedResponse response{200, {}, std::string(100000, 'a')};
    response.truncate_body_at = 5000;
    return response;
  });
  HttpConnection connection(FastSettings());
  RecordingSink sink;
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", responder.endpoint() + "/b/k"}, &sink);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetworkError);
  EXPECT_EQ(sink.data_.size(), 5000u);  // what arrived was delivered
}

TEST(HttpConnectionTest, AStalledServerIsAbortedByTheLowSpeedLimit) {
  HttpResponder responder([](const RecordedRequest&) {
    // Headers, then nothing: curl averages speed over a few seconds, so any
    // body bytes here would only delay the abort.
    CannedResponse response{200, {}, std::string(100000, 'a')};
    response.truncate_body_at = 0;
    response.stall = true;
    return response;
  });
  HttpConnection connection(FastSettings());
  RecordingSink sink;
  auto started = std::chrono::steady_clock::now();
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", responder.endpoint() + "/b/k"}, &sink);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetworkError);
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(10));
}

TEST(HttpConnectionTest, RefusedConnectionIsANetworkErrorWithTheUrl) {
  int port;
  {
    HttpResponder closed(
        [](const RecordedRequest&) { return CannedResponse{}; });
    port = closed.port();
  }  // the port is free again and nobody listens
  HttpConnection connection(FastSettings());
  std::string url =
      "http://127.0.0.1:" + std::to_string(port) + "/b/k?Signature=secret";
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", url}, nullptr);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetworkError);
  EXPECT_NE(response.status().message().find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(response.status().message().find("secret"), std::string::npos);
}

TEST(HttpConnectionTest, ASinkErrorAbortsWithThatError) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}, std::string(1 << 20, 'a')};
  });
  class FailingSink : public BodySink {
   public:
    Status Write(const char*, size_t) override {
      return Status::IoError("disk full");
    }
  } sink;
  HttpConnection connection(FastSettings());
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", responder.endpoint() + "/b/k"}, &sink);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIoError);
  EXPECT_EQ(response.status().message(), "disk full");
}

TEST(HttpConnectionTest, CancellationStopsAStalledTransfer) {
  HttpResponder responder([](const RecordedRequest&) {
    CannedResponse response{200, {}, std::string(1000, 'a')};
    response.truncate_body_at = 1;
    response.stall = true;
    return response;
  });
  HttpSettings settings = FastSettings();
  settings.low_speed_time =
      std::chrono::seconds(60);  // only cancellation can end it
  HttpConnection connection(settings);
  std::atomic<bool> cancel{false};
  HttpRequest request{"GET", responder.endpoint() + "/b/k"};
  request.cancelled = [&cancel] { return cancel.load(); };
  RecordingSink sink;
  class CancelOnFirstByte : public BodySink {
   public:
    explicit CancelOnFirstByte(std::atomic<bool>* flag) : flag_(flag) {}
    Status Write(const char*, size_t) override {
      *flag_ = true;
      return Status();
    }
    std::atomic<bool>* flag_;
  } cancelling(&cancel);
  Result<HttpResponse> response = connection.Send(request, &cancelling);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kCancelled);
}

TEST(HttpConnectionTest, LogRedactsSecrets) {
  HttpResponder responder(
      [](const RecordedRequest&) { return CannedResponse{200}; });
  HttpSettings settings = FastSettings();
  std::string log;
  settings.log = [&log](std::string_view line) { (log += line) += "\n"; };
  HttpConnection connection(settings);
  HttpRequest request{"GET",
                      responder.endpoint() + "/b/k?x-oss-signature=abcdef0123",
                      {{"Authorization", "OSS ak:SuperSecretSignature="},
                       {"x-oss-security-token", "TokenTokenTokenToken"}}};
  ASSERT_TRUE(connection.Send(request, nullptr).ok());
  EXPECT_EQ(log.find("SuperSecretSignature"), std::string::npos) << log;
  EXPECT_EQ(log.find("TokenTokenTokenToken"), std::string::npos) << log;
  EXPECT_EQ(log.find("abcdef0123"), std::string::npos) << log;
  EXPECT_NE(log.find("> GET"), std::string::npos);
  EXPECT_NE(log.find("< HTTP 200"), std::string::npos);
}

TEST(ConnectionPoolTest, ParallelWorkersGetTheirOwnConnections) {
  HttpResponder responder([](const RecordedRequest&) {
    return CannedResponse{200, {}, "ok"};
  });
  ConnectionPool pool(FastSettings());
  {
    std::optional<ConnectionPool::Lease> first = pool.Acquire();
    std::optional<ConnectionPool::Lease> second = pool.Acquire();
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(
        (*first)
            ->Send(HttpRequest{"GET", responder.endpoint() + "/"}, nullptr)
            .ok());
    ASSERT_TRUE(
        (*second)
            ->Send(HttpRequest{"GET", responder.endpoint() + "/"}, nullptr)
            .ok());
  }
  // Both went back to the pool; two more requests reuse them.
  for (int i = 0; i < 2; ++i) {
    std::optional<ConnectionPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE(
        (*lease)
            ->Send(HttpRequest{"GET", responder.endpoint() + "/"}, nullptr)
            .ok());
  }
  EXPECT_EQ(responder.connections_accepted(), 2);
  EXPECT_EQ(pool.peak_leased(), 2u);
}

TEST(ConnectionPoolTest, AThreadBeyondTheCapWaitsForAConnectionToComeBack) {
  ConnectionPool pool(FastSettings(), 2);
  std::optional<ConnectionPool::Lease> first = pool.Acquire();
  std::optional<ConnectionPool::Lease> second = pool.Acquire();
  ASSERT_TRUE(first && second);
  std::atomic<bool> third_leased{false};
  std::thread third([&] {
    std::optional<ConnectionPool::Lease> lease = pool.Acquire();
    third_leased = lease.has_value();
    EXPECT_EQ(pool.leased(), 2u);
  });
  // The third thread cannot have a connection while both are out.
  EXPECT_FALSE(third_leased);
  EXPECT_EQ(pool.leased(), 2u);
  first.reset();
  third.join();
  EXPECT_TRUE(third_leased);
  EXPECT_EQ(pool.peak_leased(), 2u);
  EXPECT_EQ(pool.leased(), 1u);
}

TEST(ConnectionPoolTest, AWaitForAConnectionEndsWhenCancelled) {
  ConnectionPool pool(FastSettings(), 1);
  std::optional<ConnectionPool::Lease> held = pool.Acquire();
  ASSERT_TRUE(held);
  int asked = 0;
  std::optional<ConnectionPool::Lease> waited =
      pool.Acquire([&asked] { return ++asked >= 3; });
  EXPECT_FALSE(waited);
  EXPECT_EQ(asked, 3);
  EXPECT_EQ(pool.leased(), 1u);
}

TEST(ConnectionPoolTest, NoCapLeasesAsManyAsAsked) {
  ConnectionPool pool(FastSettings());
  std::vector<ConnectionPool::Lease> leases;
  for (int i = 0; i < 50; ++i)
    leases.push_back(*pool.Acquire([] {
      return true;  // never asked: nothing waits without a cap
    }));
  EXPECT_EQ(pool.leased(), 50u);
}

}  // namespace
}  // namespace ossxfer::http
