// Copy() against a real `ossxfer serve` process: one CopyObject below the
// part size, UploadPartCopy parts above it, metadata and tags carried over,
// resume after a cancel, a source that changes mid-copy, bad input.
#include "ossxfer/copy.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "ossxfer/object_tagging.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;

using ::ossxfer::testing::kPart;

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServeProcess>(root_.path());
    ASSERT_TRUE(server_->started());
    client_ = std::make_unique<Client>(server_->MakeClient());
    ASSERT_TRUE(client_->CreateBucket("src").ok());
    ASSERT_TRUE(client_->CreateBucket("dst").ok());
  }

  void Put(const std::string& key, const std::string& data,
           ObjectAttributes attributes = {}) {
    StringSource source(data);
    PutObjectRequest put{"src", key};
    put.attributes = std::move(attributes);
    ASSERT_TRUE(client_->PutObject(put, source).ok());
  }

  CopyRequest Request(const std::string& key, const std::string& to) {
    CopyRequest request;
    request.source_bucket = "src";
    request.source_key = key;
    request.bucket = "dst";
    request.key = to;
    request.part_size = kPart;
    request.parallel = 3;
    request.checkpoint_path = checkpoints_.path() / "";
    return request;
  }

  std::string Object(const std::string& key) {
    StringSink sink;
    Result<GetObjectResult> got = client_->GetObject({"dst", key}, sink);
    return got.ok() ? sink.data() : "(" + got.status().ToString() + ")";
  }

  size_t OpenUploads() {
    Result<ListMultipartUploadsResult> uploads =
        client_->ListMultipartUploads({"dst"});
    return uploads.ok() ? uploads->uploads.size() : 999;
  }

  size_t Checkpoints() {
    size_t count = 0;
    for (const auto& entry : fs::directory_iterator(checkpoints_.path()))
      count += entry.path().extension() == ".ccp";
    return count;
  }

  TempDir root_;
  TempDir checkpoints_;
  std::unique_ptr<ServeProcess> server_;
  std::unique_ptr<Client> client_;
};

ObjectAttributes Described() {
  ObjectAttributes attributes;
  attributes.content_type = "image/png";
  attributes.cache_control = "max-age=60";
  attributes.user_metadata = {{"owner", "ann"}};
  attributes.tagging = "team=blue&stage=2";
  return attributes;
}

void ExpectDescribedAsSource(const Client& client, const std::string& key) {
  Result<ObjectMetadata> head = client.HeadObject({"dst", key});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->content_type, "image/png");
  EXPECT_EQ(head->cache_control, "max-age=60");
  EXPECT_EQ(head->user_metadata.at("owner"), "ann");
  Result<std::vector<ObjectTag>> tags = client.GetObjectTagging({"dst", key});
  ASSERT_TRUE(tags.ok()) << tags.status();
  EXPECT_EQ(TaggingHeaderValue(*tags), "team=blue&stage=2");
}

TEST_F(CopyTest, ASmallObjectIsOneCopyObject) {
  std::string data = TestBytes(kPart / 2, 1);
  Put("small", data, Described());
  Result<CopyResult> result = Copy(*client_, Request("small", "copied"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->parts, 0u);
  EXPECT_TRUE(result->upload_id.empty());
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(Object("copied") == data);
  ExpectDescribedAsSource(*client_, "copied");
  EXPECT_EQ(Checkpoints(), 0u);
}

TEST_F(CopyTest, ALargeObjectIsCopiedInParallelParts) {
  std::string data = TestBytes(10 * kPart + 123, 2);
  Put("large", data, Described());
  std::vector<TransferProgress> events;
  CopyRequest request = Request("large", "a/copy");
  request.progress = [&](const TransferProgress& p) { events.push_back(p); };
  Result<CopyResult> result = Copy(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->parts, 11u);
  EXPECT_FALSE(result->upload_id.empty());
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(result->bytes_copied, data.size());
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_TRUE(Object("a/copy") == data);
  ExpectDescribedAsSource(*client_, "a/copy");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().transferred, data.size());
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_EQ(Checkpoints(), 0u);
}

TEST_F(CopyTest, ACancelledCopyResumesFromItsCheckpoint) {
  std::string data = TestBytes(12 * kPart, 3);
  Put("big", data);
  CopyRequest request = Request("big", "big");
  request.parallel = 1;
  request.progress = [&](const TransferProgress& p) {
    if (p.transferred >= 4 * kPart) request.cancellation.Cancel();
  };
  Status cancelled = Copy(*client_, request).status();
  ASSERT_EQ(cancelled.code(), StatusCode::kCancelled) << cancelled;
  EXPECT_NE(cancelled.message().find("run the same command again to resume"),
            std::string::npos)
      << cancelled;
  EXPECT_EQ(OpenUploads(), 1u);
  EXPECT_EQ(Checkpoints(), 1u);
  EXPECT_TRUE(Object("big").starts_with("(NotFound"));

  CopyRequest again = Request("big", "big");
  Result<CopyResult> resumed = Copy(*client_, again);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GE(resumed->bytes_reused, 4 * kPart);
  EXPECT_EQ(resumed->bytes_copied + resumed->bytes_reused, data.size());
  EXPECT_TRUE(resumed->crc64_verified);
  EXPECT_TRUE(Object("big") == data);
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_EQ(Checkpoints(), 0u);
}

TEST_F(CopyTest, ASourceThatChangesMidCopyIsNeverSpliced) {
  Put("moving", TestBytes(12 * kPart, 4));
  CopyRequest request = Request("moving", "moving");
  request.parallel = 1;
  bool replaced = false;
  request.progress = [&](const TransferProgress& p) {
    if (!replaced && p.transferred >= 3 * kPart) {
      replaced = true;
      Put("moving", TestBytes(12 * kPart, 5));
    }
  };
  Status failed = Copy(*client_, request).status();
  ASSERT_TRUE(replaced);
  EXPECT_EQ(failed.code(), StatusCode::kPreconditionFailed) << failed;
  // Parts of a version that no longer exists cannot be resumed: the upload
  // is aborted and the checkpoint removed.
  EXPECT_NE(failed.message().find("aborted"), std::string::npos) << failed;
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_EQ(Checkpoints(), 0u);
  EXPECT_TRUE(Object("moving").starts_with("(NotFound"));
}

TEST_F(CopyTest, TheDefaultCheckpointLivesUnderXdgStateHome) {
  TempDir state;
  ASSERT_EQ(::setenv("XDG_STATE_HOME", state.path().c_str(), 1), 0);
  EXPECT_EQ(DefaultCopyCheckpointDirectory(), state.path() / "ossxfer/copy");
  Put("big", TestBytes(6 * kPart, 6));
  CopyRequest request = Request("big", "big");
  request.checkpoint_path.clear();
  request.parallel = 1;
  request.progress = [&](const TransferProgress& p) {
    if (p.transferred >= 2 * kPart) request.cancellation.Cancel();
  };
  ASSERT_EQ(Copy(*client_, request).status().code(), StatusCode::kCancelled);
  size_t found = 0;
  for (const auto& entry :
       fs::directory_iterator(state.path() / "ossxfer/copy")) {
    found += entry.path().extension() == ".ccp";
  }
  EXPECT_EQ(found, 1u);
  ::unsetenv("XDG_STATE_HOME");
}

TEST_F(CopyTest, BadRequestsChangeNothing) {
  Status missing = Copy(*client_, Request("absent", "x")).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing;
  EXPECT_NE(missing.message().find("oss://src/absent"), std::string::npos);
  CopyRequest tiny = Request("absent", "x");
  tiny.part_size = 1000;
  EXPECT_EQ(Copy(*client_, tiny).status().code(), StatusCode::kInvalidArgument);
  CopyRequest nameless = Request("", "x");
  EXPECT_EQ(Copy(*client_, nameless).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(Object("x").starts_with("(NotFound"));
  EXPECT_EQ(OpenUploads(), 0u);
  EXPECT_EQ(Checkpoints(), 0u);
}

}  // namespace
}  // namespace ossxfer
