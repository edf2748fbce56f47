// The retry contract (ossxfer/retry_policy.h) against a real `ossxfer
// serve`: a part is sent exactly as often as the client's policy allows,
// whatever the transfer kind, and a cancel cuts a backoff short.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/http_connection.h"
#include "ossxfer/copy.h"
#include "ossxfer/download.h"
#include "ossxfer/upload.h"
#include "ossxfer/url_download.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using ::ossxfer::testing::WriteFile;

using ::ossxfer::testing::kPart;

class RetryContractTest : public ::testing::Test {
 public:
  // How many requests the one fault rule answered.
  int Fired() {
    nlohmann::json stats = server_->Stats();
    if (stats.is_null()) return -1;
    return stats["rules"][0]["fired"].get<int>();
  }

 protected:
  void SetUp() override {
    server_ = std::make_unique<ServeProcess>(root_.path());
    ASSERT_TRUE(server_->started());
    Client setup = server_->MakeClient();
    ASSERT_TRUE(setup.CreateBucket("bucket").ok());
    const std::string data = TestBytes(3 * kPart, 1);
    StringSource source(data);  // a view: the bytes must outlive it
    ASSERT_TRUE(setup.PutObject({"bucket", "object"}, source).ok());
  }

  Client ClientWith(int max_attempts, std::chrono::milliseconds delay) {
    ClientOptions options = server_->ClientOptionsFor();
    options.retry.max_attempts = max_attempts;
    options.retry.base_delay = delay;
    options.retry.max_delay = delay;
    return std::move(Client::Create(options)).value();
  }

  // Every request of `method` answers 503 SlowDown.
  void FailEvery(const std::string& method) {
    std::string rules = R"([{"action":"error","status":503,"code":"SlowDown",)"
                        R"("method":")" +
                        method + R"("}])";
    ASSERT_EQ(RunCommand("curl -sf -X PUT --data '" + rules + "' " +
                         server_->endpoint() + "/_ossxfer/faults")
                  .exit_code,
              0);
  }

  DownloadRequest OneAtATimeDownload() {
    DownloadRequest request;
    request.bucket = "bucket";
    request.key = "object";
    request.destination = dir_.path() / "object";
    request.part_size = kPart;
    request.parallel = 1;  // one part in flight: its sends are all there are
    return request;
  }

  TempDir root_;
  TempDir dir_;
  std::unique_ptr<ServeProcess> server_;
};

TEST_F(RetryContractTest, ADownloadPartIsSentMaxAttemptsTimes) {
  for (int max_attempts : {1, 2, 5}) {
    SCOPED_TRACE(max_attempts);
    Client client = ClientWith(max_attempts, std::chrono::milliseconds(1));
    FailEvery("GET");
    Status failed = Download(client, OneAtATimeDownload()).status();
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.ToString().find("SlowDown"), std::string::npos) << failed;
    // Not the request executor's attempts times the part loop's: one
    // budget.
    EXPECT_EQ(Fired(), max_attempts);
  }
}

TEST_F(RetryContractTest, AnUploadPartIsSentMaxAttemptsTimes) {
  std::filesystem::path source = dir_.path() / "source";
  WriteFile(source, TestBytes(3 * kPart, 2));
  for (int max_attempts : {1, 3}) {
    SCOPED_TRACE(max_attempts);
    Client client = ClientWith(max_attempts, std::chrono::milliseconds(1));
    FailEvery("PUT");  // UploadPart; Initiate and Complete are POSTs
    UploadRequest request;
    request.source = source;
    request.bucket = "bucket";
    request.key = "uploaded";
    request.part_size = kPart;
    request.parallel = 1;
    request.checkpoint = false;
    Status failed = Upload(client, request).status();
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(Fired(), max_attempts) << failed;
  }
}

TEST_F(RetryContractTest, ACopyPartIsSentMaxAttemptsTimes) {
  for (int max_attempts : {1, 3}) {
    SCOPED_TRACE(max_attempts);
    Client client = ClientWith(max_attempts, std::chrono::milliseconds(1));
    FailEvery("PUT");  // UploadPartCopy; Initiate and Complete are POSTs
    CopyRequest request;
    request.source_bucket = "bucket";
    request.source_key = "object";
    request.bucket = "bucket";
    request.key = "copied";
    request.part_size = kPart;
    request.parallel = 1;
    request.checkpoint = false;
    Status failed = Copy(client, request).status();
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(Fired(), max_attempts) << failed;
  }
}

// Waits until the fault rule has answered once (the transfer is then in
// its backoff), cancels, and says how long the transfer took to return
// after the cancel.
template <typename Transfer>
std::chrono::steady_clock::duration ReturnAfterCancel(
    RetryContractTest& test, CancellationToken cancellation,
    Transfer&& transfer, Status& result) {
  std::atomic<bool> done{false};
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    while (!done && test.Fired() < 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    cancelled_at = std::chrono::steady_clock::now();
    cancellation.Cancel();
  });
  result = transfer();
  auto returned_at = std::chrono::steady_clock::now();
  done = true;
  canceller.join();
  return returned_at - cancelled_at;
}

TEST_F(RetryContractTest, ACancelDuringABackoffReturnsWithin100Ms) {
  // Ten-second backoffs: only the cancel can end the wait early.
  Client client = ClientWith(5, std::chrono::milliseconds(10000));
  FailEvery("GET");
  DownloadRequest request = OneAtATimeDownload();
  request.checkpoint = false;
  Status result;
  auto took = ReturnAfterCancel(
      *this, request.cancellation,
      [&] { return Download(client, request).status(); }, result);
  EXPECT_EQ(result.code(), StatusCode::kCancelled) << result;
  EXPECT_LT(took, std::chrono::milliseconds(100));
  EXPECT_EQ(Fired(), 1);
}

TEST_F(RetryContractTest, ACancelDuringAUrlProbesBackoffReturnsWithin100Ms) {
  Client client = ClientWith(5, std::chrono::milliseconds(10000));
  Result<std::string> url = client.PresignUrl({"GET", "bucket", "object"});
  ASSERT_TRUE(url.ok()) << url.status();
  FailEvery("GET");  // the probe's GET
  HttpOptions options = server_->ClientOptionsFor();
  options.retry = client.retry_policy();
  DownloadRequest request;
  request.destination = dir_.path() / "from-url";
  request.checkpoint = false;
  Status result;
  auto took = ReturnAfterCancel(
      *this, request.cancellation,
      [&] { return DownloadUrl(*url, request, options).status(); }, result);
  EXPECT_EQ(result.code(), StatusCode::kCancelled) << result;
  EXPECT_LT(took, std::chrono::milliseconds(100));
  EXPECT_EQ(Fired(), 1);
}

}  // namespace
}  // namespace ossxfer
