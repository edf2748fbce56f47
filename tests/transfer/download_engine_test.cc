// The download engine (transfer/downloader.h) driven through a fake
// ObjectSource: repair rounds, restart when the object changes, a server
// that ignores Range, bodies that end early. Deterministic: each fault
// happens on exactly the fetch the test scripts.
#include <gtest/gtest.h>

#include "ossxfer/checksum.h"
#include "support/fake_object_source.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/download_checkpoint.h"
#include "transfer/downloader.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::FakeObjectSource;
using ::ossxfer::testing::FetchFault;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using Kind = FetchFault::Kind;

using ::ossxfer::testing::kPart;

class DownloadEngineTest : public ::testing::Test {
 protected:
  DownloadRequest Request() {
    DownloadRequest request;
    request.destination = dir_.path() / "out";
    request.part_size = kPart;
    request.parallel = 1;  // fetches in part order: faults land as scripted
    return request;
  }

  RetryPolicy Retries(int max_attempts = 4) {
    RetryPolicy policy;
    policy.max_attempts = max_attempts;
    policy.base_delay = std::chrono::milliseconds(0);
    policy.max_delay = std::chrono::milliseconds(0);
    return policy;
  }

  bool NotesSay(const DownloadResult& result, const std::string& text) {
    for (const std::string& notice : result.notices)
      if (notice.find(text) != std::string::npos) return true;
    return false;
  }

  TempDir dir_;
};

TEST_F(DownloadEngineTest, ACorruptedPartIsFoundAndFetchedAgain) {
  const std::string data = TestBytes(4 * kPart, 1);
  FakeObjectSource source(data);
  source.Script({Kind::kFlipByte, 10});  // part 1, once
  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(NotesSay(*result, "1 part(s) failed the CRC64 check"));
  // 4 parts, 4 re-read into their CRC only, 1 fetched again.
  EXPECT_EQ(source.fetches(), 9);
}

TEST_F(DownloadEngineTest, AServerWhoseCrcDescribesOtherBytesIsNamed) {
  FakeObjectSource source(TestBytes(3 * kPart, 2));
  source.claimed_checksum = 12345;
  Status failed = transfer::RunDownload(source, Request(), Retries()).status();
  EXPECT_EQ(failed.code(), StatusCode::kDataCorruption);
  EXPECT_NE(failed.message().find("does not describe its data"),
            std::string::npos)
      << failed;
}

TEST_F(DownloadEngineTest, AnObjectReplacedMidDownloadStartsOverOnce) {
  const std::string newer = TestBytes(3 * kPart, 4);
  FakeObjectSource replaced(TestBytes(3 * kPart, 3));
  replaced.Script({Kind::kShortBody, kPart});         // part 1, whole
  replaced.Script({Kind::kReplaceObject, 0, newer});  // before part 2
  Result<DownloadResult> result =
      transfer::RunDownload(replaced, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == newer);
  EXPECT_TRUE(NotesSay(*result, "changed during the download"));
}

TEST_F(DownloadEngineTest, AnObjectReplacedTwiceIsGivenUpOn) {
  FakeObjectSource source(TestBytes(3 * kPart, 5));
  source.Script({Kind::kReplaceObject, 0, TestBytes(3 * kPart, 6)});
  source.Script({Kind::kReplaceObject, 0, TestBytes(3 * kPart, 7)});
  Status failed = transfer::RunDownload(source, Request(), Retries()).status();
  EXPECT_EQ(failed.code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(failed.message().find("changed twice"), std::string::npos)
      << failed;
}

TEST_F(DownloadEngineTest, AServerThatIgnoresRangeIsReadAsOneStream) {
  const std::string data = TestBytes(3 * kPart + 5, 8);
  FakeObjectSource source(data);
  source.ignores_range = true;
  source.Script({Kind::kBreak, 1000});  // starts over, not from byte 1000
  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  EXPECT_EQ(result->parts, 1u);
  EXPECT_EQ(source.fetches(), 2);

  DownloadRequest ranged = Request();
  ranged.destination = dir_.path() / "ranged";
  ranged.range = ByteRange{10, 20};
  Status refused = transfer::RunDownload(source, ranged, Retries()).status();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("ignores Range"), std::string::npos)
      << refused;
}

TEST_F(DownloadEngineTest, AShortBodyResumesWhereItEnded) {
  const std::string data = TestBytes(2 * kPart, 9);
  FakeObjectSource source(data);
  source.Script({Kind::kShortBody, 4000});
  source.Script({Kind::kBreak, 3000});
  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  // Nothing was fetched twice: each retry went on from the next byte.
  EXPECT_EQ(result->bytes_transferred, data.size());
}

TEST_F(DownloadEngineTest, BodiesThatBringNothingUseUpTheRetryBudget) {
  FakeObjectSource source(TestBytes(2 * kPart, 10));
  for (int i = 0; i < 3; ++i) source.Script({Kind::kShortBody, 0});
  Status failed = transfer::RunDownload(source, Request(), Retries(3)).status();
  EXPECT_EQ(failed.code(), StatusCode::kNetworkError);
  EXPECT_NE(failed.message().find("after 3 attempts"), std::string::npos)
      << failed;
  EXPECT_NE(failed.message().find("ended after 0 of"), std::string::npos)
      << failed;
  EXPECT_EQ(source.fetches(), 3);
}

TEST_F(DownloadEngineTest, ACrc32cObjectIsCheckedAndRepairedInCrc32c) {
  const std::string data = TestBytes(4 * kPart, 11);
  FakeObjectSource source(data);
  source.algorithm = ChecksumAlgorithm::kCrc32c;
  source.Script({Kind::kFlipByte, 10});  // part 1, once
  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(result->metadata.checksum,
            ComputeChecksum(ChecksumAlgorithm::kCrc32c, data));
  EXPECT_TRUE(NotesSay(*result, "1 part(s) failed the CRC64 check"));
  EXPECT_EQ(source.fetches(), 9);
}

// Runs a download of 4 parts that fails in part 3, leaving parts 1 and 2 in
// the temp file and the checkpoint; returns the checkpoint's path.
std::filesystem::path LeaveCheckpoint(FakeObjectSource& source,
                                      const DownloadRequest& request,
                                      const RetryPolicy& retries) {
  source.Script({Kind::kShortBody, kPart});
  source.Script({Kind::kShortBody, kPart});
  source.Script({Kind::kBreak, 10});
  Status failed = transfer::RunDownload(source, request, retries).status();
  EXPECT_EQ(failed.code(), StatusCode::kNetworkError) << failed;
  for (const auto& entry :
       std::filesystem::directory_iterator(request.destination.parent_path())) {
    if (entry.path().extension() == ".dcp") return entry.path();
  }
  ADD_FAILURE() << "no checkpoint was left";
  return {};
}

TEST_F(DownloadEngineTest, PartsRecordedInAnotherAlgorithmAreCheckedInIt) {
  // The object has no checksum, so the parts are summed in CRC-64/ECMA; a
  // checkpoint whose parts are CRC-32C (as a dialect with another default
  // would write) is checked in CRC-32C before anything is trusted.
  const std::string data = TestBytes(4 * kPart, 12);
  FakeObjectSource source(data);
  source.algorithm.reset();
  const std::filesystem::path path =
      LeaveCheckpoint(source, Request(), Retries(1));
  ASSERT_FALSE(path.empty());
  Result<std::optional<transfer::DownloadCheckpoint>> loaded =
      transfer::LoadDownloadCheckpoint(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status();
  transfer::DownloadCheckpoint saved = **loaded;
  ASSERT_EQ(saved.parts_algorithm, ChecksumAlgorithm::kCrc64Ecma);
  ASSERT_EQ(saved.parts[0].done, kPart);
  ASSERT_EQ(saved.parts[1].done, kPart);
  saved.parts_algorithm = ChecksumAlgorithm::kCrc32c;
  saved.parts[0].checksum =
      ComputeChecksum(ChecksumAlgorithm::kCrc32c, data.substr(0, kPart)).value;
  // Right in CRC-64/ECMA, wrong in the algorithm the checkpoint names.
  saved.parts[1].checksum =
      ComputeChecksum(ChecksumAlgorithm::kCrc64Ecma, data.substr(kPart, kPart))
          .value;
  // Part 3's few bytes are not the point here.
  saved.parts[2] = {};
  ASSERT_TRUE(transfer::SaveDownloadCheckpoint(path, saved).ok());

  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  EXPECT_EQ(result->bytes_reused, kPart);  // part 1 only
  EXPECT_TRUE(NotesSay(*result, "records the parts' CRC32C checksums"));
  EXPECT_TRUE(NotesSay(*result, "1 part(s) in the temp file failed"));
}

TEST_F(DownloadEngineTest, AnObjectWhoseChecksumAlgorithmChangedStartsOver) {
  const std::string data = TestBytes(4 * kPart, 13);
  FakeObjectSource source(data);
  ASSERT_FALSE(LeaveCheckpoint(source, Request(), Retries(1)).empty());
  // Same ETag, same bytes, but the store now answers CRC-32C: the
  // checkpoint's CRC64 says nothing about it.
  source.algorithm = ChecksumAlgorithm::kCrc32c;
  Result<DownloadResult> result =
      transfer::RunDownload(source, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(NotesSay(*result, "discarded checkpoint")) << result->notices[0];
}

// S3's worked example (s3-protocol.md §5.2): 5 MiB of 'a', 5 MiB of 'b'
// and one 'c', uploaded in parts of 5 MiB.
std::string ThreePartExample() {
  return std::string(5 << 20, 'a') + std::string(5 << 20, 'b') + "c";
}
constexpr char kThreePartEtag[] = "\"0a97f1336a2298a6c3e9adaa562a9eec-3\"";

TEST_F(DownloadEngineTest, WithoutAChecksumTheFileIsCheckedAgainstItsEtag) {
  const std::string data = TestBytes(3 * kPart + 5, 21);
  FakeObjectSource single(data);
  single.algorithm.reset();
  single.SetEtag("\"" + util::HexLower(util::Md5(data)) + "\"");
  Result<DownloadResult> result =
      transfer::RunDownload(single, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->etag_verified);
  EXPECT_FALSE(result->crc64_verified);
  EXPECT_FALSE(NotesSay(*result, "not checked"));

  FakeObjectSource multipart(ThreePartExample());
  multipart.algorithm.reset();
  multipart.SetEtag(kThreePartEtag);
  DownloadRequest request = Request();
  request.destination = dir_.path() / "multipart";
  result = transfer::RunDownload(multipart, request, Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->etag_verified);
  EXPECT_TRUE(ReadFile(request.destination) == ThreePartExample());
}

TEST_F(DownloadEngineTest, BytesThatDoNotGiveTheMd5EtagAreNotPublished) {
  const std::string data = TestBytes(2 * kPart, 22);
  FakeObjectSource source(data);
  source.algorithm.reset();
  source.SetEtag("\"" + util::HexLower(util::Md5(data)) + "\"");
  // The transport delivers a flipped byte that no CRC catches.
  source.Script(FetchFault{FetchFault::Kind::kFlipByte, 10});
  Status failed = transfer::RunDownload(source, Request(), Retries()).status();
  EXPECT_EQ(failed.code(), StatusCode::kDataCorruption) << failed;
  EXPECT_NE(failed.message().find("do not give its ETag"), std::string::npos)
      << failed;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out"));
}

TEST_F(DownloadEngineTest, AnEtagThatIsNoMd5IsNamedNotChecked) {
  struct Case {
    std::string etag;
    std::string encryption;
    std::string said;
  };
  const std::vector<Case> cases = {
      // SSE-KMS: the ETag is not the MD5 even of a single part.
      {"\"" + util::HexLower(util::Md5("other")) + "\"", "aws:kms",
       "server-side encryption aws:kms"},
      // A multipart ETag of another layout (part sizes no client uses).
      {"\"0a97f1336a2298a6c3e9adaa562a9eec-7\"", "", "no part size"},
      // The right count, a layout of other bytes: proves nothing.
      {"\"00000000000000000000000000000000-3\"", "", "not what parts of"},
      {"\"opaque\"", "", "is not an MD5"},
      // A web server's ETag says nothing, even when it is the MD5.
      {kThreePartEtag, "web", "a web server's"},
  };
  for (const Case& c : cases) {
    FakeObjectSource source(ThreePartExample());
    source.algorithm.reset();
    source.SetEtag(c.etag);
    source.store_etag = c.encryption != "web";
    if (source.store_etag) source.server_side_encryption = c.encryption;
    DownloadRequest request = Request();
    request.destination = dir_.path() / "unknown";
    Result<DownloadResult> result =
        transfer::RunDownload(source, request, Retries());
    ASSERT_TRUE(result.ok()) << c.etag << ": " << result.status();
    EXPECT_FALSE(result->etag_verified) << c.etag;
    EXPECT_TRUE(NotesSay(*result, c.said))
        << c.etag << ": " << result->notices.front();
    EXPECT_TRUE(NotesSay(*result, "not checked against the object"));
  }
}

TEST_F(DownloadEngineTest, AMultipartEtagIsCheckedAtThePartSizeTheStoreTells) {
  // Uploaded in 6 MiB parts, a size no S3 client uses by default: only the
  // store's answer to HEAD ?partNumber=1 gives the layout.
  constexpr uint64_t kSixMiB = 6 << 20;
  const std::string data = TestBytes(2 * kSixMiB + 9, 23);
  std::string md5s;
  for (uint64_t at = 0; at < data.size(); at += kSixMiB)
    md5s += util::Md5(data.substr(at, kSixMiB));
  const std::string etag = "\"" + util::HexLower(util::Md5(md5s)) + "-3\"";

  FakeObjectSource told(data);
  told.algorithm.reset();
  told.SetEtag(etag);
  told.first_part = ObjectPartHead{200, kSixMiB, 3, ""};
  Result<DownloadResult> result =
      transfer::RunDownload(told, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->etag_verified);
  EXPECT_EQ(result->etag_part_size, kSixMiB);
  EXPECT_EQ(result->etag_part_size_source, EtagPartSizeSource::kStore);
  EXPECT_EQ(told.part_heads(), 1);

  // A store that tells nothing: no guess fits, and the notice says why.
  FakeObjectSource silent(data);
  silent.algorithm.reset();
  silent.SetEtag(etag);
  DownloadRequest request = Request();
  request.destination = dir_.path() / "silent";
  result = transfer::RunDownload(silent, request, Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->etag_verified);
  EXPECT_EQ(result->etag_part_size_source, EtagPartSizeSource::kNone);
  EXPECT_TRUE(NotesSay(*result, "the store told no part size"));
  EXPECT_EQ(silent.part_heads(), 1);
}

TEST_F(DownloadEngineTest, ThePartLayoutIsAskedForOnlyWhenAnEtagCheckNeedsIt) {
  // A checksum verifies the download: no HEAD ?partNumber.
  FakeObjectSource checksummed(ThreePartExample());
  checksummed.SetEtag(kThreePartEtag);
  Result<DownloadResult> result =
      transfer::RunDownload(checksummed, Request(), Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(checksummed.part_heads(), 0);

  // A single-part MD5 ETag has no layout to learn.
  const std::string data = TestBytes(kPart + 3, 24);
  FakeObjectSource single(data);
  single.algorithm.reset();
  single.SetEtag("\"" + util::HexLower(util::Md5(data)) + "\"");
  DownloadRequest request = Request();
  request.destination = dir_.path() / "single";
  result = transfer::RunDownload(single, request, Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->etag_verified);
  EXPECT_EQ(result->etag_part_size_source, EtagPartSizeSource::kNone);
  EXPECT_EQ(single.part_heads(), 0);

  // A store that ignores partNumber (Ceph RGW 16): the guesses still find
  // the worked example's 5 MiB.
  FakeObjectSource ignoring(ThreePartExample());
  ignoring.algorithm.reset();
  ignoring.SetEtag(kThreePartEtag);
  ignoring.first_part =
      ObjectPartHead{200, ThreePartExample().size(), std::nullopt, ""};
  request.destination = dir_.path() / "ignoring";
  result = transfer::RunDownload(ignoring, request, Retries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->etag_verified);
  EXPECT_EQ(result->etag_part_size, uint64_t{5} << 20);
  EXPECT_EQ(result->etag_part_size_source, EtagPartSizeSource::kGuess);
  EXPECT_EQ(ignoring.part_heads(), 1);
}

}  // namespace
}  // namespace ossxfer
