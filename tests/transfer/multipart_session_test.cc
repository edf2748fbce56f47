// The multipart session (transfer/multipart_session.h) over a fake target:
// a part the server lost at Complete, an upload that vanished between runs,
// a part stored but never recorded, a checkpoint that cannot be written.
// Deterministic: each happens exactly when the test says.
#include "transfer/multipart_session.h"

#include <gtest/gtest.h>

#include "ossxfer/checksum.h"
#include "support/fake_multipart_target.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/upload_checkpoint.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::FakeMultipartTarget;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using transfer::MultipartOutcome;
using transfer::PartRange;
using transfer::UploadCheckpoint;

using ::ossxfer::testing::kPart;

class MultipartSessionTest : public ::testing::Test {
 protected:
  transfer::TransferSettings Settings() {
    transfer::TransferSettings settings;
    settings.parallel = 1;
    settings.retry.base_delay = std::chrono::milliseconds(0);
    settings.retry.max_delay = std::chrono::milliseconds(0);
    return settings;
  }

  // A source of `data_` whose part `fail_part` fails (for good) when set.
  transfer::MultipartSource Source() {
    transfer::MultipartSource source;
    source.description = "test upload";
    source.describe = [](UploadCheckpoint& checkpoint) {
      checkpoint.source_path = "memory";
    };
    source.compare = [](const UploadCheckpoint&,
                        transfer::CheckpointComparison&) {};
    source.send_part =
        [this](const std::string& upload_id, int number,
               const PartRange& range) -> Result<UploadCheckpoint::Part> {
      ++sent_;
      if (number == fail_part) return Status::IoError("the disk went away");
      PartSummary part = target_.Store(upload_id, number,
                                       data_.substr(range.first, range.size));
      return UploadCheckpoint::Part{number, part.size, part.etag,
                                    part.checksum};
    };
    if (!verifies_unrecorded) return source;
    source.matches_unrecorded = [this](const PartRange& range,
                                       const Checksum& server) -> Result<bool> {
      ++verified_;
      return ComputeChecksum(server.algorithm,
                             data_.substr(range.first, range.size)) == server;
    };
    return source;
  }

  Result<MultipartOutcome> Run(transfer::TransferCore& core) {
    transfer::MultipartDestination destination{"bucket", "key"};
    transfer::MultipartSession session(target_, core, destination, Source(),
                                       checkpoint_);
    Result<transfer::MultipartPlan> plan =
        session.Plan(data_.size(), kPart, kPart);
    if (!plan.ok()) return plan.status();
    return session.Run(std::move(*plan));
  }

  bool Noted(const transfer::TransferCore& core, const std::string& text) {
    for (const std::string& notice : core.notices())
      if (notice.find(text) != std::string::npos) return true;
    return false;
  }

  TempDir dir_;
  std::filesystem::path checkpoint_ = dir_.path() / "upload.ucp";
  std::string data_ = TestBytes(5 * kPart + 7, 1);
  FakeMultipartTarget target_;
  int fail_part = 0;
  bool verifies_unrecorded = true;  // the source can check a listed part
  int sent_ = 0;
  int verified_ = 0;  // parts matches_unrecorded was asked about
};

TEST_F(MultipartSessionTest, APartTheServerLostIsSentAgain) {
  target_.lose_part_at_complete = 2;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(target_.object() == data_);
  EXPECT_TRUE(outcome->crc64_verified);
  EXPECT_EQ(target_.completes(), 2);
  EXPECT_EQ(sent_, 7);  // 6 parts, then part 2 again
  EXPECT_TRUE(Noted(core, "lost a part"));
  EXPECT_FALSE(std::filesystem::exists(checkpoint_));
}

TEST_F(MultipartSessionTest, ACompleteWhoseAnswerWasLostIsSettledByTheObject) {
  // The store completed the upload, the answer was lost, and the retry got
  // NoSuchUpload: the object is the parts (its CRC-64 is theirs combined),
  // so the upload succeeded.
  target_.lose_complete_answer = true;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(target_.object() == data_);
  EXPECT_TRUE(outcome->crc64_verified);
  EXPECT_EQ(outcome->completed.etag, "\"complete\"");
  EXPECT_TRUE(Noted(core, "answered NoSuchUpload, but fake://bucket/key is"));
  EXPECT_TRUE(Noted(core, "its CRC64 is the parts' combined"));
  EXPECT_FALSE(std::filesystem::exists(checkpoint_));
}

TEST_F(MultipartSessionTest, NoSuchUploadStandsWhenTheObjectIsNotTheParts) {
  // The upload vanishes once its last part is in (aborted by someone
  // else), and the key holds another writer's bytes of the same size.
  target_.ReplaceObject(TestBytes(data_.size(), 99));
  transfer::MultipartSource source = Source();
  source.send_part = [this, send = source.send_part](
                         const std::string& upload_id, int number,
                         const PartRange& range) {
    Result<UploadCheckpoint::Part> part = send(upload_id, number, range);
    if (number == 6) target_.Forget(upload_id);
    return part;
  };
  transfer::TransferCore core(Settings());
  transfer::MultipartSession session(target_, core, {"bucket", "key"},
                                     std::move(source), checkpoint_);
  Result<transfer::MultipartPlan> plan =
      session.Plan(data_.size(), kPart, kPart);
  ASSERT_TRUE(plan.ok()) << plan.status();
  Status failed = session.Run(std::move(*plan)).status();
  ASSERT_NE(failed.service_error(), nullptr) << failed;
  EXPECT_EQ(failed.service_error()->code, "NoSuchUpload");
  EXPECT_FALSE(Noted(core, "answered NoSuchUpload, but"));
}

TEST_F(MultipartSessionTest, AnUploadThatVanishedIsStartedAgain) {
  fail_part = 3;
  {
    transfer::TransferCore core(Settings());
    Status failed = Run(core).status();
    ASSERT_EQ(failed.code(), StatusCode::kIoError) << failed;
    EXPECT_NE(failed.message().find("kept: multipart upload upload-1"),
              std::string::npos)
        << failed;
  }
  ASSERT_TRUE(std::filesystem::exists(checkpoint_));
  target_.Forget("upload-1");
  fail_part = 0;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->upload_id, "upload-2");
  EXPECT_EQ(outcome->bytes_reused, 0u);
  EXPECT_TRUE(Noted(core, "no longer exists"));
  EXPECT_TRUE(target_.object() == data_);
  EXPECT_EQ(target_.open_uploads(), 0u);
}

TEST_F(MultipartSessionTest, AnUnrecordedPartIsTrustedOnlyIfItsBytesMatch) {
  fail_part = 3;
  {
    transfer::TransferCore core(Settings());
    ASSERT_FALSE(Run(core).ok());
  }
  // Killed between sending parts and recording them: part 3 arrived whole,
  // part 4 holds other bytes.
  target_.Store("upload-1", 3, data_.substr(2 * kPart, kPart));
  target_.Store("upload-1", 4, TestBytes(kPart, 99));
  fail_part = 0;
  sent_ = 0;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->upload_id, "upload-1");
  EXPECT_EQ(outcome->bytes_reused, 3 * kPart);  // parts 1, 2 and 3
  EXPECT_EQ(sent_, 3);                          // parts 4, 5 and 6
  EXPECT_TRUE(target_.object() == data_);
}

TEST_F(MultipartSessionTest, WithoutPartChecksumsARecordedEtagIsTheProof) {
  // S3 keeps no checksum of a part: a listed part is reused only when the
  // checkpoint recorded the ETag the server still shows for it.
  target_.keeps_part_checksums = false;
  fail_part = 3;
  {
    transfer::TransferCore core(Settings());
    ASSERT_FALSE(Run(core).ok());
  }
  // Part 2 was replaced by other bytes (a new ETag); part 4 arrived but
  // was never recorded, and nothing on the server says what it holds.
  target_.Store("upload-1", 2, TestBytes(kPart, 98));
  target_.Store("upload-1", 4, data_.substr(3 * kPart, kPart));
  fail_part = 0;
  sent_ = 0;
  verified_ = 0;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->upload_id, "upload-1");
  EXPECT_EQ(outcome->bytes_reused, kPart);  // part 1 only
  EXPECT_EQ(sent_, 5);                      // parts 2 to 6
  EXPECT_EQ(verified_, 0);  // no server checksum to check a part against
  EXPECT_TRUE(target_.object() == data_);
}

TEST_F(MultipartSessionTest, NoUploadStartsWithoutAWritableCheckpoint) {
  checkpoint_ = dir_.path() / "missing-directory" / "upload.ucp";
  transfer::TransferCore core(Settings());
  Status failed = Run(core).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("no multipart upload was started"),
            std::string::npos)
      << failed;
  EXPECT_EQ(target_.open_uploads(), 0u);
  EXPECT_EQ(sent_, 0);
}

TEST_F(MultipartSessionTest, PartsAreCombinedInTheServersAlgorithm) {
  target_.algorithm = ChecksumAlgorithm::kCrc32c;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(target_.object() == data_);
  EXPECT_TRUE(outcome->crc64_verified);
  EXPECT_EQ(outcome->completed.checksum,
            ComputeChecksum(ChecksumAlgorithm::kCrc32c, data_));
}

// Runs until part 3 fails, then rewrites the checkpoint's part checksums
// as CRC-32 values of the right bytes: a checksum the server (CRC-64/ECMA)
// cannot be compared with.
void RecordPartsInCrc32(const std::filesystem::path& checkpoint,
                        const std::string& data) {
  Result<std::optional<UploadCheckpoint>> loaded =
      transfer::LoadUploadCheckpoint(checkpoint);
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status();
  UploadCheckpoint saved = **loaded;
  ASSERT_EQ(saved.parts.size(), 2u);
  for (UploadCheckpoint::Part& part : saved.parts) {
    ASSERT_EQ(part.checksum->algorithm, ChecksumAlgorithm::kCrc64Ecma);
    part.checksum =
        ComputeChecksum(ChecksumAlgorithm::kCrc32,
                        data.substr((part.number - 1) * kPart, part.size));
  }
  ASSERT_TRUE(transfer::SaveUploadCheckpoint(checkpoint, saved).ok());
}

TEST_F(MultipartSessionTest, RecordedPartsOfAnotherAlgorithmAreReverified) {
  fail_part = 3;
  {
    transfer::TransferCore core(Settings());
    ASSERT_FALSE(Run(core).ok());
  }
  RecordPartsInCrc32(checkpoint_, data_);
  fail_part = 0;
  sent_ = 0;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->bytes_reused, 2 * kPart);  // checked, then trusted
  EXPECT_EQ(verified_, 2);
  EXPECT_EQ(sent_, 4);
  EXPECT_TRUE(Noted(core, "records its CRC32 but the server keeps a CRC64"));
  EXPECT_TRUE(target_.object() == data_);
  EXPECT_TRUE(outcome->crc64_verified);
}

TEST_F(MultipartSessionTest,
       RecordedPartsOfAnotherAlgorithmAreNotTrustedBlindly) {
  // A source that cannot check a listed part (a copy) sends them again.
  verifies_unrecorded = false;
  fail_part = 3;
  {
    transfer::TransferCore core(Settings());
    ASSERT_FALSE(Run(core).ok());
  }
  RecordPartsInCrc32(checkpoint_, data_);
  fail_part = 0;
  sent_ = 0;
  transfer::TransferCore core(Settings());
  Result<MultipartOutcome> outcome = Run(core);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->bytes_reused, 0u);
  EXPECT_EQ(sent_, 6);
  EXPECT_TRUE(Noted(core, "the part is sent again"));
  EXPECT_TRUE(target_.object() == data_);
}

}  // namespace
}  // namespace ossxfer
