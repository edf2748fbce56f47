// Upload() against a real `ossxfer serve` process: sizes, metadata, resume
// after cancel and kill -9, server faults, state changed between runs.
#include "ossxfer/upload.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/http_responder.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/checkpoint_lock.h"
#include "transfer/upload_checkpoint.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

namespace fs = std::filesystem;
using ::ossxfer::testing::ChildProcess;
using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;

using ::ossxfer::testing::kPart;

class UploadTest : public ServedBucketTest {
 protected:
  fs::path Source(const std::string& name, const std::string& data) {
    fs::path path = dir_.path() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
    return path;
  }

  UploadRequest Request(const fs::path& source, const std::string& key) {
    UploadRequest request;
    request.source = source;
    request.bucket = "bucket";
    request.key = key;
    request.part_size = kPart;
    request.parallel = 3;
    return request;
  }

  std::string Object(const std::string& key) {
    StringSink sink;
    Result<GetObjectResult> got = client_->GetObject({"bucket", key}, sink);
    return got.ok() ? sink.data() : "(" + got.status().ToString() + ")";
  }

  size_t OpenUploads() {
    Result<ListMultipartUploadsResult> uploads =
        client_->ListMultipartUploads({"bucket"});
    return uploads.ok() ? uploads->uploads.size() : 999;
  }

  void SetFaults(const std::string& rules) {
    ASSERT_EQ(RunCommand("curl -sf -X PUT --data '" + rules + "' " +
                         server_->endpoint() + "/_ossxfer/faults")
                  .exit_code,
              0);
  }

  // Cancels an upload once `bytes` are stored.
  void Interrupt(UploadRequest request, uint64_t bytes) {
    request.cancellation = CancellationToken();  // copies share a flag
    request.rate_limit_bytes_per_second = 500000;
    request.progress = [&](const TransferProgress& p) {
      if (p.transferred >= bytes) request.cancellation.Cancel();
    };
    ASSERT_EQ(Upload(*client_, request).status().code(),
              StatusCode::kCancelled);
  }

  TempDir dir_;
};

TEST_F(UploadTest, SizesAroundPartBoundaries) {
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, kPart - 1, kPart, kPart + 1,
                        3 * kPart, 3 * kPart + 7}) {
    std::string data = TestBytes(size, size);
    std::string key = "object-" + std::to_string(size);
    UploadRequest request = Request(Source(key, data), key);
    Result<UploadResult> result = Upload(*client_, request);
    ASSERT_TRUE(result.ok()) << size << ": " << result.status();
    EXPECT_TRUE(Object(key) == data) << size;
    EXPECT_TRUE(result->crc64_verified) << size;
    EXPECT_EQ(Crc64Value(result->checksum), Crc64(data)) << size;
    bool multipart = size >= kPart;
    EXPECT_EQ(result->upload_id.empty(), !multipart) << size;
    EXPECT_EQ(result->parts, multipart ? (size + kPart - 1) / kPart : 0)
        << size;
    if (multipart) {
      EXPECT_TRUE(
          result->etag.ends_with("-" + std::to_string(result->parts) + "\""))
          << result->etag;
    } else {
      EXPECT_EQ(result->etag, "\"" + util::HexUpper(util::Md5(data)) + "\"");
    }
    EXPECT_FALSE(fs::exists(request.source.string() + ".ucp")) << size;
  }
  EXPECT_EQ(OpenUploads(), 0u);
}

TEST_F(UploadTest, MetadataAndGuessedContentType) {
  std::string data = TestBytes(2 * kPart, 1);
  UploadRequest request =
      Request(Source("report.txt", data), "docs/report.txt");
  request.attributes.user_metadata = {{"author", "alice"}};
  request.attributes.cache_control = "max-age=60";
  request.attributes.content_disposition = "attachment";
  request.attributes.storage_class = "IA";
  ASSERT_TRUE(Upload(*client_, request).ok());
  Result<ObjectMetadata> head =
      client_->HeadObject({"bucket", "docs/report.txt", ""});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_EQ(head->user_metadata["author"], "alice");
  EXPECT_EQ(head->cache_control, "max-age=60");
  EXPECT_EQ(head->content_disposition, "attachment");
  EXPECT_EQ(head->storage_class, "IA");
  EXPECT_EQ(head->object_type, "Multipart");

  UploadRequest small = Request(Source("tiny.json", "{}"), "tiny.json");
  ASSERT_TRUE(Upload(*client_, small).ok());
  EXPECT_EQ(client_->HeadObject({"bucket", "tiny.json", ""})->content_type,
            "application/json");
  small.attributes.content_type = "text/x-custom";
  ASSERT_TRUE(Upload(*client_, small).ok());
  EXPECT_EQ(client_->HeadObject({"bucket", "tiny.json", ""})->content_type,
            "text/x-custom");

  small.attributes.forbid_overwrite = true;
  Status refused = Upload(*client_, small).status();
  EXPECT_EQ(refused.service_error() ? refused.service_error()->code : "",
            "FileAlreadyExists");
}

TEST_F(UploadTest, CallbackRoundTripOnTheCompletingRequest) {
  testing::HttpResponder receiver([](const testing::RecordedRequest&) {
    return testing::CannedResponse{
        200, {{"Content-Type", "application/json"}}, "{\"accepted\":true}"};
  });
  std::string callback_json = "{\"callbackUrl\":\"" + receiver.endpoint() +
                              "/hook\",\"callbackBody\":\"object=${object}&"
                              "size=${size}&who=${x:who}\"}";
  for (uint64_t size :
       {uint64_t{10}, 3 * kPart}) {  // PutObject, then multipart
    std::string key = "cb-" + std::to_string(size);
    UploadRequest request = Request(Source(key, TestBytes(size, 12)), key);
    request.callback = util::Base64Encode(callback_json);
    request.callback_var = util::Base64Encode("{\"x:who\":\"alice\"}");
    Result<UploadResult> result = Upload(*client_, request);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->callback_response, "{\"accepted\":true}");
    std::vector<testing::RecordedRequest> calls = receiver.requests();
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back().body,
              "object=" + key + "&size=" + std::to_string(size) + "&who=alice");
  }
  EXPECT_EQ(receiver.requests().size(), 2u);
}

// A second process with the same checkpoint fails at once instead of
// driving the same multipart upload; the lock goes with the upload.
TEST_F(UploadTest, ACheckpointInUseIsRefused) {
  std::string data = TestBytes(3 * kPart, 31);
  UploadRequest request = Request(Source("locked.bin", data), "locked.bin");
  const fs::path checkpoint = request.source.string() + ".ucp";
  {
    Result<transfer::CheckpointLock> held =
        transfer::CheckpointLock::Acquire(checkpoint);
    ASSERT_TRUE(held.ok()) << held.status();
    Result<UploadResult> refused = Upload(*client_, request);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kBusy);
    EXPECT_NE(refused.status().message().find("another ossxfer process"),
              std::string::npos)
        << refused.status();
    EXPECT_EQ(OpenUploads(), 0u);
  }
  Result<UploadResult> uploaded = Upload(*client_, request);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_FALSE(fs::exists(checkpoint.string() + ".lock"));
  EXPECT_FALSE(fs::exists(checkpoint));
}

// A run killed after writing its intent but before recording the upload id
// (here: the intent written by hand and the upload initiated as that run
// would have) leaves an upload that the next run finds and aborts.
TEST_F(UploadTest, AnUploadInitiatedBeforeItsCheckpointIsFoundAndAborted) {
  std::string data = TestBytes(3 * kPart, 44);
  UploadRequest request = Request(Source("intent.bin", data), "intent.bin");
  const fs::path checkpoint = request.source.string() + ".ucp";
  transfer::UploadCheckpoint intent;
  intent.source_path = fs::absolute(request.source).string();
  intent.source_size = data.size();
  intent.endpoint = client_->endpoint();
  intent.bucket = "bucket";
  intent.key = "intent.bin";
  intent.part_size = kPart;
  intent.initiating_unix_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  ASSERT_TRUE(transfer::SaveUploadCheckpoint(checkpoint, intent).ok());
  Result<InitiateMultipartUploadResult> orphan =
      client_->InitiateMultipartUpload({"bucket", "intent.bin"});
  ASSERT_TRUE(orphan.ok()) << orphan.status();
  // Somebody else's upload of the same key, with a part: not ours to abort.
  Result<InitiateMultipartUploadResult> theirs =
      client_->InitiateMultipartUpload({"bucket", "intent.bin"});
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  UploadPartRequest part;
  part.bucket = "bucket";
  part.key = "intent.bin";
  part.upload_id = theirs->upload_id;
  part.part_number = 1;
  const std::string part_bytes = TestBytes(kPart, 45);  // outlives the view
  StringSource body(part_bytes);
  ASSERT_TRUE(client_->UploadPart(part, body).ok());

  Result<UploadResult> uploaded = Upload(*client_, request);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_TRUE(Object("intent.bin") == data);
  bool told = false;
  for (const std::string& notice : uploaded->notices) {
    told = told || notice.find(orphan->upload_id) != std::string::npos;
  }
  EXPECT_TRUE(told);
  Result<ListMultipartUploadsResult> left =
      client_->ListMultipartUploads({"bucket"});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->uploads.size(), 1u);
  EXPECT_EQ(left->uploads[0].upload_id, theirs->upload_id);
  EXPECT_FALSE(fs::exists(checkpoint));
}

// An intent checkpoint whose upload never started (the kill came before
// the request) costs nothing; a small file then goes up in one PutObject
// and leaves no checkpoint.
TEST_F(UploadTest, AnIntentWithoutAnUploadIsSettledQuietly) {
  std::string data = TestBytes(kPart / 2, 46);
  UploadRequest request = Request(Source("small.bin", data), "small.bin");
  const fs::path checkpoint = request.source.string() + ".ucp";
  transfer::UploadCheckpoint intent;
  intent.source_path = fs::absolute(request.source).string();
  intent.bucket = "bucket";
  intent.key = "small.bin";
  intent.part_size = kPart;
  intent.initiating_unix_ms = 1;
  ASSERT_TRUE(transfer::SaveUploadCheckpoint(checkpoint, intent).ok());
  Result<UploadResult> uploaded = Upload(*client_, request);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_TRUE(Object("small.bin") == data);
  EXPECT_FALSE(fs::exists(checkpoint));
  EXPECT_EQ(OpenUploads(), 0u);
}

TEST_F(UploadTest, CancelThenResumeReusesStoredParts) {
  std::string data = TestBytes(10 * kPart + 5, 2);
  UploadRequest request = Request(Source("big.bin", data), "big.bin");
  Interrupt(request, 4 * kPart);
  EXPECT_TRUE(fs::exists(request.source.string() + ".ucp"));
  EXPECT_EQ(OpenUploads(), 1u);
  Result<UploadResult> resumed = Upload(*client_, request);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GE(resumed->bytes_reused, 4 * kPart);
  EXPECT_TRUE(Object("big.bin") == data);
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_FALSE(fs::exists(request.source.string() + ".ucp"));
}

TEST_F(UploadTest, DiscardOnCancelAndNoCheckpointLeaveNoOrphans) {
  std::string data = TestBytes(8 * kPart, 3);
  UploadRequest discard = Request(Source("d.bin", data), "d.bin");
  discard.discard_on_cancel = true;
  Interrupt(discard, 2 * kPart);
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_FALSE(fs::exists(discard.source.string() + ".ucp"));

  UploadRequest no_checkpoint = Request(Source("n.bin", data), "n.bin");
  no_checkpoint.checkpoint = false;
  Interrupt(no_checkpoint, 2 * kPart);
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_TRUE(
      Object("n.bin").starts_with("(NotFound"));  // never a partial object
}

TEST_F(UploadTest, SourceChangedBetweenRunsRestartsClean) {
  std::string data = TestBytes(6 * kPart, 4);
  fs::path source = Source("s.bin", data);
  UploadRequest request = Request(source, "s.bin");
  Interrupt(request, 2 * kPart);
  std::string changed = TestBytes(6 * kPart + 100, 5);
  Source("s.bin", changed);
  Result<UploadResult> result = Upload(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bytes_reused, 0u);
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices[0].find("source file"), std::string::npos)
      << result->notices[0];
  EXPECT_TRUE(Object("s.bin") == changed);
  EXPECT_EQ(OpenUploads(), 0u);  // the old upload was aborted
}

TEST_F(UploadTest, UploadAbortedBehindOurBackStartsANewOne) {
  std::string data = TestBytes(6 * kPart, 6);
  UploadRequest request = Request(Source("a.bin", data), "a.bin");
  Interrupt(request, 2 * kPart);
  Result<ListMultipartUploadsResult> uploads =
      client_->ListMultipartUploads({"bucket"});
  ASSERT_EQ(uploads->uploads.size(), 1u);
  ASSERT_TRUE(client_
                  ->AbortMultipartUpload(
                      {"bucket", "a.bin", uploads->uploads[0].upload_id})
                  .ok());
  Result<UploadResult> result = Upload(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices[0].find("no longer exists"), std::string::npos);
  EXPECT_TRUE(Object("a.bin") == data);
}

TEST_F(UploadTest, CorruptCheckpointsAreDiscardedWithANotice) {
  std::string data = TestBytes(4 * kPart, 7);
  UploadRequest request = Request(Source("c.bin", data), "c.bin");
  for (std::string content :
       {std::string("not json"), std::string(""),
        std::string("{\"format\":\"ossxfer-upload\",\"version\":7}")}) {
    std::ofstream(request.source.string() + ".ucp", std::ios::trunc) << content;
    Result<UploadResult> result = Upload(*client_, request);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_FALSE(result->notices.empty());
    EXPECT_NE(result->notices[0].find("discarded checkpoint"),
              std::string::npos);
    EXPECT_TRUE(Object("c.bin") == data);
  }
  // A real checkpoint with a digit changed in every slot fails its
  // checksum.
  Interrupt(request, 2 * kPart);
  std::string text;
  {
    std::ifstream file(request.source.string() + ".ucp");
    text.assign((std::istreambuf_iterator<char>(file)), {});
  }
  const std::string edited =
      ossxfer::testing::WithDigitsChangedAfter(text, "\"size\":");
  ASSERT_NE(edited, text);
  std::ofstream(request.source.string() + ".ucp", std::ios::trunc) << edited;
  Result<UploadResult> result = Upload(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->notices.at(0).find("checksum"), std::string::npos)
      << result->notices[0];
  EXPECT_TRUE(Object("c.bin") == data);
}

TEST_F(UploadTest, SurvivesResetsErrorsAndADroppedPart) {
  std::string data = TestBytes(12 * kPart, 8);
  UploadRequest request = Request(Source("f.bin", data), "f.bin");
  SetFaults(R"([{"action":"reset","after_bytes":30000,"method":"PUT","every":3},
               {"action":"error","status":503,"code":"SlowDown","method":"PUT","probability":0.3},
               {"action":"drop_part","method":"PUT","count":1}])");
  // About half the sends fail: a part needs a budget to match (with the
  // default 4 attempts, a part fails all of them 8 % of the time).
  ClientOptions options = server_->ClientOptionsFor();
  options.retry.max_attempts = 16;
  Client client = std::move(Client::Create(options)).value();
  Result<UploadResult> result = Upload(client, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(Object("f.bin") == data);
  bool reported = false;
  for (const std::string& notice : result->notices) {
    reported = reported || notice.find("lost a part") != std::string::npos;
  }
  EXPECT_TRUE(reported);
  EXPECT_EQ(OpenUploads(), 0u);
}

TEST_F(UploadTest, ASourceWrittenDuringTheUploadIsNotCompleted) {
  std::string data = TestBytes(6 * kPart, 13);
  fs::path source = Source("growing.bin", data);
  UploadRequest request = Request(source, "growing.bin");
  request.rate_limit_bytes_per_second = 500000;
  bool appended = false;
  request.progress = [&](const TransferProgress& p) {
    if (!appended && p.transferred >= 2 * kPart) {
      appended = true;  // another program writes to the file meanwhile
      std::ofstream(source, std::ios::binary | std::ios::app) << "more";
    }
  };
  Result<UploadResult> result = Upload(*client_, request);
  ASSERT_TRUE(appended);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_NE(
      result.status().ToString().find("changed while it was being uploaded"),
      std::string::npos)
      << result.status();
  EXPECT_TRUE(
      Object("growing.bin").starts_with("(NotFound"));  // never completed
  // The next run sees the changed source, aborts the stale upload and
  // uploads the file as it is now.
  request.progress = nullptr;
  request.rate_limit_bytes_per_second = 0;
  Result<UploadResult> again = Upload(*client_, request);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Object("growing.bin") == data + "more");
  EXPECT_EQ(OpenUploads(), 0u);
}

TEST_F(UploadTest, BadInputIsRefusedClearly) {
  UploadRequest missing = Request(dir_.path() / "no-such-file", "k");
  Status no_file = Upload(*client_, missing).status();
  EXPECT_EQ(no_file.code(), StatusCode::kNotFound);
  EXPECT_NE(no_file.message().find("no-such-file"), std::string::npos);
  UploadRequest directory = Request(dir_.path(), "k");
  EXPECT_EQ(Upload(*client_, directory).status().code(),
            StatusCode::kInvalidArgument);
  UploadRequest small_parts = Request(Source("x", "x"), "k");
  small_parts.part_size = 1000;
  EXPECT_NE(Upload(*client_, small_parts).status().message().find("100 KB"),
            std::string::npos);
  UploadRequest no_bucket = Request(Source("x", "x"), "k");
  no_bucket.bucket = "no-such-bucket";
  EXPECT_EQ(Upload(*client_, no_bucket).status().service_error()->code,
            "NoSuchBucket");
}

TEST_F(UploadTest, KillNineInALoopThenResume) {
  const uint64_t part = 1 << 20;
  const int parallel = 4;
  std::string data = TestBytes(96 << 20, 9);
  fs::path source = Source("kill.bin", data);
  setenv("OSS_ACCESS_KEY_ID", testing::kServeKeyId, 1);
  setenv("OSS_ACCESS_KEY_SECRET", testing::kServeKeySecret, 1);
  std::vector<std::string> argv = {UPLOAD_DRIVER,
                                   server_->endpoint(),
                                   source.string(),
                                   "bucket",
                                   "kill.bin",
                                   "--part-size",
                                   std::to_string(part),
                                   "--parallel",
                                   std::to_string(parallel)};
  // The finisher runs at full speed; the killed runs are slowed so that
  // what they send while this test reacts to a progress line (more under
  // a loaded machine and sanitizers) leaves the file unfinished after 20
  // kills.
  const std::vector<std::string> finisher_argv = argv;
  argv.insert(argv.end(), {"--rate", "8000000"});
  std::mt19937_64 random(7);
  uint64_t previous_last = 0;
  int kills = 0;
  for (int iteration = 0; iteration < 20; ++iteration) {
    ChildProcess uploader(argv);
    uint64_t first = 0, last = 0;
    bool saw_first = false;
    uint64_t stop_after = part + random() % (2 * part);
    while (true) {
      std::optional<std::string> line =
          uploader.ReadLine(std::chrono::seconds(30));
      ASSERT_TRUE(line) << "iteration " << iteration << ": no output";
      ASSERT_FALSE(line->starts_with("done"))
          << "finished before 20 kills: use a larger file";
      ASSERT_TRUE(line->starts_with("progress ")) << *line;
      uint64_t transferred = std::stoull(line->substr(9));
      if (!saw_first) {
        first = transferred;
        saw_first = true;
      }
      last = transferred;
      if (last >= first + stop_after) break;
    }
    uploader.Signal(SIGKILL);
    uploader.Wait();
    ++kills;
    // Every part reported stored by the killed run is reused: only parts
    // that were in flight (at most `parallel`) are sent again.
    EXPECT_GE(first, previous_last) << "iteration " << iteration;
    previous_last = last;
  }
  EXPECT_EQ(kills, 20);
  ChildProcess finisher(finisher_argv);
  std::string last_line;
  while (std::optional<std::string> line =
             finisher.ReadLine(std::chrono::seconds(120))) {
    last_line = *line;
  }
  EXPECT_EQ(finisher.Wait(), 0) << last_line;
  EXPECT_NE(last_line.find("verified=1"), std::string::npos) << last_line;
  Result<ObjectMetadata> head = client_->HeadObject({"bucket", "kill.bin", ""});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(Crc64Value(head->checksum), Crc64(data));
  EXPECT_EQ(OpenUploads(), 0u);
}

TEST_F(UploadTest, AGibibyteFile) {
  const uint64_t size = (uint64_t{1} << 30) + 3;
  fs::path source = dir_.path() / "gib.bin";
  {
    std::ofstream file(source, std::ios::binary);
    std::string block = TestBytes(1 << 20, 10);
    for (uint64_t written = 0; written < size; written += block.size()) {
      file.write(block.data(), static_cast<std::streamsize>(std::min<uint64_t>(
                                   block.size(), size - written)));
    }
  }
  UploadRequest request = Request(source, "gib.bin");
  request.part_size = 0;  // the default
  request.parallel = 4;
  Result<UploadResult> result = Upload(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(client_->HeadObject({"bucket", "gib.bin", ""})->size, size);
}

}  // namespace
}  // namespace ossxfer
