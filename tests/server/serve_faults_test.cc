// Fault rules of `ossxfer serve` firing as configured, a crash in the
// middle of an upload, virtual-hosted addressing and the admin endpoint.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "auth/signer_v1.h"
#include "http/http_connection.h"
#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/multipart_upload.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;

std::string Bytes(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i)
    data[i] = static_cast<char>((i * 7919) >> 3);
  return data;
}

class ServeFaultsTest : public ServedBucketTest {
 protected:
  void Put(const std::string& key, const std::string& data) {
    StringSource source(data);
    ASSERT_TRUE(client_->PutObject({"bucket", key}, source).ok());
  }

  // Stores `data` as a multipart object cut at `cuts` (object offsets), so
  // that its bytes are spread over several part files.
  void PutMultipart(const std::string& key, const std::string& data,
                    const std::vector<size_t>& cuts) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= cuts.size(); ++i) {
      const size_t end = i < cuts.size() ? cuts[i] : data.size();
      parts.push_back(data.substr(start, end - start));
      start = end;
    }
    Result<CompleteMultipartUploadResult> done =
        ::ossxfer::testing::PutMultipart(*client_, "bucket", key, parts);
    ASSERT_TRUE(done.ok()) << done.status();
  }

  // PUT /_ossxfer/faults; returns the HTTP status and body.
  std::pair<int, std::string> SetFaults(const std::string& rules) {
    http::HttpConnection connection(http::HttpSettings{});
    StringSource body(rules);
    Result<http::HttpResponse> response = connection.Send(
        http::HttpRequest{
            "PUT", server_->endpoint() + "/_ossxfer/faults", {}, &body},
        nullptr);
    if (!response.ok()) return {0, response.status().ToString()};
    return {response->status, response->body};
  }
  // SetFaults answered 204; otherwise the failure shows serve's reason.
  ::testing::AssertionResult FaultsArmed(const std::string& rules) {
    auto [status, body] = SetFaults(rules);
    if (status == 204) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "PUT /_ossxfer/faults answered " << status << ": " << body;
  }

  nlohmann::json Stats() { return server_->Stats(); }
};

TEST_F(ServeFaultsTest, ErrorRuleFiresCountTimesAndTheClientRetries) {
  Put("flaky", "data");
  ASSERT_TRUE(FaultsArmed(
      R"({"rules": [{"action": "error", "status": 503, "code": "SlowDown",
                                     "method": "GET", "key": "fla*", "count": 2}]})"));
  StringSink sink;
  ASSERT_TRUE(
      client_->GetObject({"bucket", "flaky"}, sink).ok());  // third try wins
  EXPECT_EQ(sink.data(), "data");
  nlohmann::json stats = Stats();
  EXPECT_EQ(stats["faults_fired"]["error"], 2);
  EXPECT_EQ(stats["rules"][0]["fired"], 2);
  EXPECT_EQ(stats["rules"][0]["matched"], 3);
}

TEST_F(ServeFaultsTest, EveryKthRequestFails) {
  Put("k", "v");
  ASSERT_TRUE(FaultsArmed(
      R"({"rules": [{"action": "error", "status": 500, "every": 3, "method": "HEAD"}]})"));
  ClientOptions options = server_->ClientOptionsFor();
  options.retry.max_attempts = 1;
  Client no_retry = std::move(Client::Create(options)).value();
  int failures = 0;
  for (int i = 0; i < 9; ++i)
    failures += no_retry.HeadObject({"bucket", "k", ""}).ok() ? 0 : 1;
  EXPECT_EQ(failures, 3);
}

TEST_F(ServeFaultsTest, ResetAfterBytesBreaksTheConnectionThere) {
  std::string data = Bytes(1 << 20);
  Put("big", data);
  ASSERT_TRUE(FaultsArmed(
      R"([{"action": "reset", "after_bytes": 100000, "count": 1}])"));
  StringSink sink;
  Result<GetObjectResult> broken = client_->GetObject({"bucket", "big"}, sink);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kNetworkError);
  EXPECT_EQ(sink.data().size(), 100000u);
  EXPECT_TRUE(sink.data() == data.substr(0, 100000));
  StringSink again;
  ASSERT_TRUE(client_->GetObject({"bucket", "big"}, again).ok());
  EXPECT_TRUE(again.data() == data);
  EXPECT_EQ(Stats()["faults_fired"]["reset"], 1);
}

TEST_F(ServeFaultsTest, FlippedByteIsCaughtByTheCrc) {
  std::string data = Bytes(300000);
  Put("f", data);
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "flip", "after_bytes": 12345, "count": 1}])"));
  StringSink sink;
  Result<GetObjectResult> got = client_->GetObject({"bucket", "f"}, sink);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(sink.data().size(), data.size());
  EXPECT_NE(sink.data()[12345], data[12345]);
  EXPECT_TRUE(sink.data().substr(0, 12345) == data.substr(0, 12345));
  EXPECT_NE(
      Crc64(sink.data()),
      Crc64Value(got->metadata.checksum));  // what a verifying client checks
}

TEST_F(ServeFaultsTest, ReplaceMidDownloadMakesTheOldEtagFail) {
  std::string data = Bytes(2 << 20);
  Put("moving", data);
  std::string old_etag = client_->HeadObject({"bucket", "moving", ""})->etag;
  ASSERT_TRUE(FaultsArmed(
      R"([{"action": "replace", "after_bytes": 4096, "key": "moving", "count": 1}])"));
  GetObjectRequest first{"bucket", "moving"};
  first.range = ByteRange{0, (1 << 20) - 1};
  first.if_match = old_etag;
  StringSink sink;
  ASSERT_TRUE(client_->GetObject(first, sink)
                  .ok());  // this response is the old version
  EXPECT_TRUE(sink.data() == data.substr(0, 1 << 20));
  GetObjectRequest second = first;
  second.range = ByteRange{1 << 20, (2 << 20) - 1};
  StringSink rest;
  Result<GetObjectResult> changed = client_->GetObject(second, rest);
  EXPECT_EQ(changed.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(client_->HeadObject({"bucket", "moving", ""})->etag, old_etag);
}

// Body faults count bytes of the body, whichever part file holds them.
TEST_F(ServeFaultsTest, BodyFaultsActAtTheRightByteOfAMultipartObject) {
  // Parts at 0, 102400 and 204800.
  const std::string data = TestBytes(204800 + 5000, 1);
  PutMultipart("mp", data, {102400, 204800});

  // A flip in the second part, at its very first byte and further in.
  for (uint64_t at : {uint64_t{102400}, uint64_t{102400 + 12345}}) {
    ASSERT_TRUE(FaultsArmed(R"([{"action": "flip", "after_bytes": )" +
                            std::to_string(at) + R"(, "count": 1}])"));
    StringSink sink;
    Result<GetObjectResult> got = client_->GetObject({"bucket", "mp"}, sink);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(sink.data().size(), data.size());
    EXPECT_EQ(sink.data()[at], static_cast<char>(data[at] ^ 0x01)) << at;
    std::string repaired = sink.data();
    repaired[at] = data[at];
    EXPECT_TRUE(repaired == data) << "more than byte " << at << " changed";
  }
  // In a ranged GET the count starts at the range: 2400 bytes into a range
  // from 100000 is the second part's first byte.
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "flip", "after_bytes": 2400, "count": 1}])"));
  GetObjectRequest ranged{"bucket", "mp"};
  ranged.range = ByteRange{100000, 209999};
  StringSink ranged_sink;
  ASSERT_TRUE(client_->GetObject(ranged, ranged_sink).ok());
  std::string expected = data.substr(100000, 110000);
  expected[2400] ^= 0x01;
  EXPECT_TRUE(ranged_sink.data() == expected);

  // A reset in the second part cuts the body exactly there.
  ASSERT_TRUE(FaultsArmed(
      R"([{"action": "reset", "after_bytes": 150000, "count": 1}])"));
  StringSink cut;
  Result<GetObjectResult> broken = client_->GetObject({"bucket", "mp"}, cut);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(cut.data().size(), 150000u);
  EXPECT_TRUE(cut.data() == data.substr(0, 150000));

  // Throttled, the bytes still come in order across both boundaries.
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "throttle", "bytes_per_second": 4000000}])"));
  StringSink slow;
  ASSERT_TRUE(client_->GetObject({"bucket", "mp"}, slow).ok());
  EXPECT_TRUE(slow.data() == data);
  nlohmann::json stats = Stats();
  EXPECT_EQ(stats["faults_fired"]["flip"], 3);
  EXPECT_EQ(stats["faults_fired"]["reset"], 1);
}

// The replace fault rewrites a multipart object while a GET of it is
// between its parts: that GET still sends the old bytes whole (its files
// were open before the headers), and the old part files are removed.
TEST_F(ServeFaultsTest, ReplacingAMultipartObjectMidBodyKeepsThatBodyWhole) {
  const std::string data = TestBytes(204800 + 777, 2);
  PutMultipart("mp", data, {102400, 204800});
  const std::string old_etag = client_->HeadObject({"bucket", "mp", ""})->etag;
  ASSERT_TRUE(FaultsArmed(
      R"([{"action": "replace", "after_bytes": 110000, "key": "mp", "count": 1}])"));
  GetObjectRequest request{"bucket", "mp"};
  request.if_match = old_etag;
  StringSink sink;
  ASSERT_TRUE(client_->GetObject(request, sink).ok());
  EXPECT_TRUE(sink.data() == data);
  EXPECT_EQ(Stats()["faults_fired"]["replace"], 1);

  Result<ObjectMetadata> head = client_->HeadObject({"bucket", "mp", ""});
  ASSERT_TRUE(head.ok());
  EXPECT_NE(head->etag, old_etag);
  EXPECT_EQ(head->size, data.size());
  StringSink replaced;
  ASSERT_TRUE(client_->GetObject({"bucket", "mp"}, replaced).ok());
  std::string expected = data;
  expected[0] ^= 0x5A;
  EXPECT_TRUE(replaced.data() == expected);
  EXPECT_TRUE(std::filesystem::is_empty(root_.path() / "parts"));
}

TEST_F(ServeFaultsTest, DroppedPartFailsTheComplete) {
  std::string upload_id =
      client_->InitiateMultipartUpload({"bucket", "mp"})->upload_id;
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "drop_part", "method": "PUT", "count": 1}])"));
  std::string part = Bytes(102400);
  StringSource source(part);
  Result<UploadPartResult> uploaded =
      client_->UploadPart({"bucket", "mp", upload_id, 1}, source);
  ASSERT_TRUE(uploaded.ok());  // acknowledged, then forgotten
  EXPECT_TRUE(client_->ListParts({"bucket", "mp", upload_id})->parts.empty());
  Status complete = client_
                        ->CompleteMultipartUpload(
                            {"bucket", "mp", upload_id, {{1, uploaded->etag}}})
                        .status();
  EXPECT_EQ(complete.service_error()->code, "InvalidPart");
  EXPECT_EQ(Stats()["faults_fired"]["drop_part"], 1);
}

TEST_F(ServeFaultsTest, ThrottleSlowsTheBody) {
  Put("slow", Bytes(300000));
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "throttle", "bytes_per_second": 1000000}])"));
  auto started = std::chrono::steady_clock::now();
  StringSink sink;
  ASSERT_TRUE(client_->GetObject({"bucket", "slow"}, sink).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - started,
            std::chrono::milliseconds(250));
  EXPECT_EQ(sink.data().size(), 300000u);
}

TEST_F(ServeFaultsTest, StallIsCutByTheClientsLowSpeedLimit) {
  Put("stuck", Bytes(100000));
  ASSERT_TRUE(
      FaultsArmed(R"([{"action": "stall", "after_bytes": 0, "count": 1}])"));
  ClientOptions options = server_->ClientOptionsFor();
  options.low_speed_time = std::chrono::seconds(1);
  options.retry.max_attempts = 1;
  Client impatient = std::move(Client::Create(options)).value();
  StringSink sink;
  Result<GetObjectResult> got = impatient.GetObject({"bucket", "stuck"}, sink);
  EXPECT_EQ(got.status().code(), StatusCode::kNetworkError);
}

TEST_F(ServeFaultsTest, BadRulesAreRejectedWithTheReason) {
  auto [status, body] = SetFaults(R"([{"action": "explode"}])");
  EXPECT_EQ(status, 400);
  EXPECT_NE(body.find("action"), std::string::npos) << body;
  EXPECT_EQ(SetFaults("not json").first, 400);
  auto [probability_status, probability_body] =
      SetFaults(R"([{"action": "error", "probability": 2}])");
  EXPECT_EQ(probability_status, 400);
  EXPECT_NE(probability_body.find("probability"), std::string::npos);
  auto [unknown_status, unknown_body] =
      SetFaults(R"([{"action": "reset", "afterbytes": 5}])");
  EXPECT_EQ(unknown_status, 400);
  EXPECT_NE(unknown_body.find("afterbytes"), std::string::npos);
  // A negative count is a mistake, not "unlimited" (which is leaving it out).
  auto [count_status, count_body] =
      SetFaults(R"([{"action": "reset", "count": -5}])");
  EXPECT_EQ(count_status, 400);
  EXPECT_NE(count_body.find("count"), std::string::npos) << count_body;
}

// Sends `raw` on a new connection and returns everything the server sends
// back until it closes.
std::string ExchangeRaw(const std::string& port, const std::string& raw) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(std::stoi(port)));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    ::close(fd);
    return "(connect failed)";
  }
  size_t sent = 0;
  while (sent < raw.size()) {
    ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before the end
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0;) {
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

// Requests whose header cannot be parsed get an HTTP answer naming the
// problem, not a silent close.
TEST_F(ServeFaultsTest, UnparsableRequestsAreAnsweredNotDropped) {
  const std::string start = "PUT /bucket/k HTTP/1.1\r\nHost: x\r\n";
  struct Case {
    std::string head;
    std::string status;
  };
  const std::vector<Case> cases = {
      {start + "X-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n", "431"},
      {start + "Content-Length: -1\r\n\r\n", "400"},
      {start + "Content-Length: 1e9\r\n\r\n", "400"},
      {start + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "400"},
      {"GET /bucket/k HTTP/9.9\r\n\r\n", "400"},
  };
  for (const Case& each : cases) {
    const std::string answer = ExchangeRaw(server_->port(), each.head);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 " + each.status))
        << answer.substr(0, 200);
    EXPECT_NE(answer.find("<Error><Code>"), std::string::npos)
        << answer.substr(0, 400);
    EXPECT_NE(answer.find("<EC>0000-00000" + each.status + "</EC>"),
              std::string::npos)
        << answer.substr(0, 400);
  }
  // Nothing was stored, and the server still serves.
  ASSERT_TRUE(Stats().contains("requests"));
  StringSink sink;
  EXPECT_EQ(client_->GetObject({"bucket", "k"}, sink).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ServeFaultsTest, FaultsFileAtStartAndABadOneStopsTheServer) {
  TempDir dir;
  std::string rules = (dir.path() / "rules.json").string();
  std::ofstream(rules)
      << R"({"rules": [{"action": "error", "status": 500, "count": 1, "method": "HEAD"}]})";
  TempDir other_root;
  ServeProcess with_rules(other_root.path(), {"--faults", rules});
  ASSERT_TRUE(with_rules.started());
  ClientOptions options = with_rules.ClientOptionsFor();
  options.retry.max_attempts = 1;
  Client client = std::move(Client::Create(options)).value();
  EXPECT_EQ(client.HeadObject({"bucket", "k", ""})
                .status()
                .service_error()
                ->http_status,
            500);

  std::ofstream(rules, std::ios::trunc) << "{broken";
  TempDir third_root;
  testing::CommandResult bad =
      RunCommand(std::string(OSSXFER_BINARY) + " serve --anonymous --root " +
                 third_root.path().string() + " --faults " + rules + " 2>&1");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("not valid JSON"), std::string::npos) << bad.output;
}

// kill -9 while a PutObject body is half sent: after a restart the old
// object is there, whole; no partial object and no leftover temp file.
TEST_F(ServeFaultsTest, CrashMidPutLeavesTheOldObject) {
  std::string old_data = Bytes(50000);
  Put("victim", old_data);
  auth::SignableRequest request{"PUT",
                                "bucket",
                                "victim",
                                {},
                                {{"Content-Type", "application/octet-stream"}}};
  auth::SignerV1::SignHeaders(
      request, Credentials{testing::kServeKeyId, testing::kServeKeySecret, ""},
      std::chrono::system_clock::now());
  const size_t total = 8 << 20;
  std::string head =
      "PUT /bucket/victim HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
      std::to_string(total) + "\r\n";
  for (const auto& [name, value] : request.headers)
    head += name + ": " + value + "\r\n";
  head += "\r\n";
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(std::stoi(server_->port())));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  std::string half = head + std::string(total / 2, 'N');
  ASSERT_EQ(::send(fd, half.data(), half.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(half.size()));
  // The server has the bytes once a stats request on another connection
  // shows it alive; then it dies without any chance to clean up.
  ASSERT_TRUE(Stats().contains("requests"));
  server_->process().Signal(SIGKILL);
  server_->process().Wait();
  ::close(fd);

  ServeProcess restarted(root_.path());
  ASSERT_TRUE(restarted.started());
  Client client = restarted.MakeClient();
  StringSink sink;
  ASSERT_TRUE(client.GetObject({"bucket", "victim"}, sink).ok());
  EXPECT_TRUE(sink.data() == old_data) << sink.data().size();
  EXPECT_TRUE(std::filesystem::is_empty(root_.path() / "tmp"));
}

TEST(ServeAddressingTest, VirtualHostedRequestsWithADomain) {
  TempDir root;
  ServeProcess server(root.path(), {"--anonymous", "--domain", "localhost"});
  ASSERT_TRUE(server.started());
  std::string base = server.endpoint();
  ASSERT_EQ(RunCommand("curl -sf -X PUT " + base + "/vhost").exit_code, 0);
  ASSERT_EQ(
      RunCommand(
          "curl -sf -X PUT --data-binary hosted -H 'Host: vhost.localhost:" +
          server.port() + "' " + base + "/dir/file.txt")
          .exit_code,
      0);
  EXPECT_EQ(RunCommand("curl -sf " + base + "/vhost/dir/file.txt").output,
            "hosted");
  EXPECT_EQ(RunCommand("curl -sf -H 'Host: vhost.localhost' " + base +
                       "/dir/file.txt")
                .output,
            "hosted");
}

TEST(ServeAddressingTest, AnonymousModeAndRawProtocolErrors) {
  TempDir root;
  ServeProcess server(root.path(), {"--anonymous"});
  ASSERT_TRUE(server.started());
  std::string base = server.endpoint();
  ASSERT_EQ(RunCommand("curl -sf -X PUT " + base + "/raw").exit_code, 0);
  auto status_of = [](const std::string& command) {
    return RunCommand("curl -s -o /dev/null -w '%{http_code}' " + command)
        .output;
  };
  EXPECT_EQ(status_of("-X PUT " + base + "/Bad_Bucket"), "400");
  EXPECT_EQ(status_of("-X PUT --data-binary x " + base + "/raw/" +
                      std::string(1024, 'k')),
            "400");
  EXPECT_EQ(status_of("-X PUT --data-binary x -H 'Content-MD5: nonsense' " +
                      base + "/raw/k"),
            "400");
  EXPECT_EQ(
      status_of(
          "-X PUT --data-binary x -H 'Content-MD5: eB5eJF1ptWaXm4bijSPyxw==' " +
          base + "/raw/k"),
      "400");  // the MD5 of "0123456789", not of "x"
  EXPECT_EQ(status_of("-X PUT --data-binary 0123456789 -H 'Content-MD5: "
                      "eB5eJF1ptWaXm4bijSPyxw==' " +
                      base + "/raw/k"),
            "200");
  EXPECT_EQ(status_of("-X PUT --data-binary x '" + base +
                      "/raw/k?partNumber=10001&uploadId=U'"),
            "400");
  std::string invalid_order =
      RunCommand("curl -s -X POST '" + base + "/raw/k?uploads'").output;
  size_t start = invalid_order.find("<UploadId>") + 10;
  std::string upload_id =
      invalid_order.substr(start, invalid_order.find("</UploadId>") - start);
  std::string order =
      RunCommand(
          "curl -s -X POST --data-binary "
          "'<CompleteMultipartUpload><Part><PartNumber>2</PartNumber>"
          "<ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</"
          "ETag></Part>"
          "</CompleteMultipartUpload>' '" +
          base + "/raw/k?uploadId=" + upload_id + "'")
          .output;
  EXPECT_NE(order.find("<Code>InvalidPartOrder</Code>"), std::string::npos)
      << order;
  std::string malformed =
      RunCommand("curl -s -X POST --data-binary '<oops' '" + base +
                 "/raw/k?uploadId=" + upload_id + "'")
          .output;
  EXPECT_NE(malformed.find("<Code>MalformedXML</Code>"), std::string::npos)
      << malformed;
  std::string complete_all_body =
      RunCommand(
          "curl -s -X POST -H 'x-oss-complete-all: yes' --data-binary '<x/>' "
          "'" +
          base + "/raw/k?uploadId=" + upload_id + "'")
          .output;
  EXPECT_NE(complete_all_body.find("<Code>InvalidArgument</Code>"),
            std::string::npos);
  // Every answer carries a request id, errors included.
  std::string headers =
      RunCommand("curl -s -D - -o /dev/null " + base + "/raw/missing").output;
  EXPECT_NE(headers.find("x-oss-request-id: "), std::string::npos) << headers;
  EXPECT_NE(headers.find("404"), std::string::npos);
}

}  // namespace
}  // namespace ossxfer
