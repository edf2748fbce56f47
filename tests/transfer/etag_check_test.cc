// The ETag check of downloads without a checksum (transfer/etag_check.h):
// which part sizes are tried, and the verdicts, against S3's worked example
// (s3-protocol.md §5.2).
#include "transfer/etag_check.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/file_range_checksum.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/file.h"

namespace ossxfer::transfer {
namespace {

using ::ossxfer::testing::TempDir;

using ::ossxfer::testing::kMiB;

TEST(EtagCheckTest, CandidatePartSizesLayOutTheNamedNumberOfParts) {
  EXPECT_EQ(CandidatePartSizes(20 * kMiB, 4), std::vector<uint64_t>{5 * kMiB});
  EXPECT_EQ(CandidatePartSizes(20 * kMiB, 3), std::vector<uint64_t>{8 * kMiB});
  EXPECT_EQ(CandidatePartSizes(10 * kMiB + 1, 3),
            std::vector<uint64_t>{5 * kMiB});
  // One part: the object's own size first, then the sizes that hold it.
  EXPECT_EQ(CandidatePartSizes(3 * kMiB, 1),
            (std::vector<uint64_t>{3 * kMiB, 5 * kMiB, 8 * kMiB}));
  // s3transfer's doubling: 100 GiB in 8 MiB parts would be 12,800, so it
  // used 16 MiB (6,400 parts).
  EXPECT_EQ(CandidatePartSizes(100 * 1024 * kMiB, 6400),
            std::vector<uint64_t>{16 * kMiB});
  EXPECT_TRUE(CandidatePartSizes(20 * kMiB, 7).empty());
}

class EtagOfFileTest : public ::testing::Test {
 protected:
  const util::File& Write(const std::string& data) {
    path_ = dir_.path() / "data";
    ::ossxfer::testing::WriteFile(path_, data);
    Result<util::File> opened = util::File::Open(path_, O_RDONLY);
    EXPECT_TRUE(opened.ok()) << opened.status();
    file_.emplace(std::move(*opened));
    return *file_;
  }
  ObjectMetadata WithEtag(std::string etag, std::string encryption = "") {
    ObjectMetadata metadata;
    metadata.etag = std::move(etag);
    metadata.server_side_encryption = std::move(encryption);
    return metadata;
  }

  TempDir dir_;
  std::filesystem::path path_;
  std::optional<util::File> file_;
};

TEST_F(EtagOfFileTest, TheWorkedExampleGivesItsMultipartEtag) {
  const std::string data =
      std::string(5 * kMiB, 'a') + std::string(5 * kMiB, 'b') + "c";
  const util::File& file = Write(data);
  Result<std::vector<std::string>> etags =
      MultipartEtagsOfFile(file, data.size(), {5 * kMiB, data.size()});
  ASSERT_TRUE(etags.ok()) << etags.status();
  EXPECT_EQ((*etags)[0], "0a97f1336a2298a6c3e9adaa562a9eec-3");
  // One part of the whole: MD5 of the MD5.
  EXPECT_EQ((*etags)[1], util::HexLower(util::Md5(util::Md5(data))) + "-1");

  Result<EtagCheck> check = CheckEtagOfFile(
      file, data.size(), WithEtag("\"0A97F1336A2298A6C3E9ADAA562A9EEC-3\""));
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->verdict, EtagVerdict::kVerified);
  EXPECT_EQ(check->part_size, 5 * kMiB);
}

TEST_F(EtagOfFileTest, VerdictsForEachKindOfEtag) {
  const std::string data = "hello, ETag";
  const util::File& file = Write(data);
  const std::string md5 = util::HexLower(util::Md5(data));
  struct Case {
    ObjectMetadata metadata;
    EtagVerdict verdict;
  };
  const std::vector<Case> cases = {
      {WithEtag("\"" + md5 + "\""), EtagVerdict::kVerified},
      {WithEtag("\"" + md5 + "\"", "AES256"), EtagVerdict::kVerified},
      {WithEtag("\"" + util::HexLower(util::Md5("other")) + "\""),
       EtagVerdict::kMismatch},
      // Not the MD5 under SSE-KMS: nothing to compare, even if it differs.
      {WithEtag("\"" + util::HexLower(util::Md5("other")) + "\"", "aws:kms"),
       EtagVerdict::kUnknown},
      {WithEtag("\"" + util::HexLower(util::Md5(util::Md5(data))) + "-1\""),
       EtagVerdict::kVerified},
      {WithEtag("\"" + md5 + "-1\""), EtagVerdict::kUnknown},
      {WithEtag("\"" + md5 + "-x\""), EtagVerdict::kUnknown},
      {WithEtag("\"abc\""), EtagVerdict::kUnknown},
      {WithEtag(""), EtagVerdict::kUnknown},
  };
  for (const Case& c : cases) {
    Result<EtagCheck> check = CheckEtagOfFile(file, data.size(), c.metadata);
    ASSERT_TRUE(check.ok()) << check.status();
    EXPECT_EQ(check->verdict, c.verdict)
        << c.metadata.etag << " " << c.metadata.server_side_encryption << ": "
        << check->detail;
    EXPECT_FALSE(check->detail.empty());
  }
}

}  // namespace
}  // namespace ossxfer::transfer
