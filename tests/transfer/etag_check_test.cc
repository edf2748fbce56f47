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

TEST_F(EtagOfFileTest, PartsHashedOnSeveralThreadsGiveTheSameEtag) {
  const std::string data = ::ossxfer::testing::TestBytes(13 * kMiB + 5, 9);
  const util::File& file = Write(data);
  struct Case {
    uint64_t size;
    uint64_t part_size;
  };
  // Whole parts and a short last one, one part, the empty object.
  const std::vector<Case> cases = {{data.size(), kMiB},
                                   {data.size(), 5 * kMiB},
                                   {13 * kMiB, kMiB},
                                   {data.size(), 16 * kMiB},
                                   {0, 5 * kMiB}};
  for (const Case& c : cases) {
    Result<std::vector<std::string>> one_read =
        MultipartEtagsOfFile(file, c.size, {c.part_size});
    ASSERT_TRUE(one_read.ok()) << one_read.status();
    for (unsigned threads : {1u, 2u, 3u, 64u}) {
      SCOPED_TRACE(::testing::Message()
                   << c.size << " bytes in parts of " << c.part_size << ", "
                   << threads << " threads");
      Result<std::string> etag =
          MultipartEtagOfFile(file, c.size, c.part_size, threads);
      ASSERT_TRUE(etag.ok()) << etag.status();
      EXPECT_EQ(*etag, (*one_read)[0]);
    }
  }
  // The worked example, with the part order kept.
  const std::string example =
      std::string(5 * kMiB, 'a') + std::string(5 * kMiB, 'b') + "c";
  const util::File& example_file = Write(example);
  Result<std::string> etag =
      MultipartEtagOfFile(example_file, example.size(), 5 * kMiB, 3);
  ASSERT_TRUE(etag.ok()) << etag.status();
  EXPECT_EQ(*etag, "0a97f1336a2298a6c3e9adaa562a9eec-3");
}

TEST_F(EtagOfFileTest, AFileShorterThanItsPartsIsAnErrorOnEveryThread) {
  const util::File& file = Write(std::string(3 * kMiB, 'x'));
  for (unsigned threads : {1u, 4u}) {
    Result<std::string> etag =
        MultipartEtagOfFile(file, 8 * kMiB, kMiB, threads);
    ASSERT_FALSE(etag.ok()) << threads << " threads";
    EXPECT_EQ(etag.status().code(), StatusCode::kIoError) << etag.status();
  }
  EXPECT_FALSE(MultipartEtagOfFile(file, kMiB, 0, 2).ok());
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

// What HEAD ?partNumber=1 answered: part 1's size and, where the store
// knows partNumber, the parts count.
ObjectPartHead FirstPart(uint64_t size, std::optional<uint64_t> count) {
  ObjectPartHead head;
  head.http_status = 200;
  head.size = size;
  head.parts_count = count;
  return head;
}

// The ETag of `data` uploaded in parts of `part_size`, computed here from
// the parts' MD5s (not by the code under test).
std::string EtagInParts(const std::string& data, uint64_t part_size) {
  std::string md5s;
  size_t parts = 0;
  for (uint64_t at = 0; at < data.size(); at += part_size, ++parts)
    md5s += util::Md5(data.substr(at, part_size));
  return "\"" + util::HexLower(util::Md5(md5s)) + "-" + std::to_string(parts) +
         "\"";
}

TEST_F(EtagOfFileTest, APartSizeTheStoreTellsIsTheLayoutChecked) {
  // 6 MiB parts, as no S3 client's default: 3 parts of 14 MiB + 1, which
  // the guesses lay out only at 5 MiB (and 8 MiB would be 2 parts).
  const std::string data = ::ossxfer::testing::TestBytes(14 * kMiB + 1, 7);
  const util::File& file = Write(data);
  const ObjectMetadata metadata = WithEtag(EtagInParts(data, 6 * kMiB));
  ASSERT_TRUE(EtagCheckNeedsPartLayout(metadata));

  Result<EtagCheck> guessed = CheckEtagOfFile(file, data.size(), metadata);
  ASSERT_TRUE(guessed.ok()) << guessed.status();
  EXPECT_EQ(guessed->verdict, EtagVerdict::kUnknown) << guessed->detail;
  EXPECT_NE(guessed->detail.find("the store told no part size"),
            std::string::npos)
      << guessed->detail;

  // moto and AWS: part 1's size and the count.
  Result<EtagCheck> told =
      CheckEtagOfFile(file, data.size(), metadata, FirstPart(6 * kMiB, 3));
  ASSERT_TRUE(told.ok()) << told.status();
  EXPECT_EQ(told->verdict, EtagVerdict::kVerified) << told->detail;
  EXPECT_EQ(told->part_size, 6 * kMiB);
  EXPECT_EQ(told->part_size_source, EtagPartSizeSource::kStore);
  EXPECT_NE(told->detail.find("HEAD ?partNumber=1"), std::string::npos)
      << told->detail;

  // A part size without a count is used too when it gives N parts.
  Result<EtagCheck> no_count = CheckEtagOfFile(
      file, data.size(), metadata, FirstPart(6 * kMiB, std::nullopt));
  ASSERT_TRUE(no_count.ok()) << no_count.status();
  EXPECT_EQ(no_count->part_size_source, EtagPartSizeSource::kStore);

  // A layout the store tells that does not give the ETag proves nothing
  // (later parts may differ in size): unknown, never a mismatch.
  Result<EtagCheck> other =
      CheckEtagOfFile(file, data.size(), metadata, FirstPart(7 * kMiB, 3));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->verdict, EtagVerdict::kUnknown);
  EXPECT_EQ(other->part_size_source, EtagPartSizeSource::kNone);
}

TEST_F(EtagOfFileTest, AStoreThatIgnoresPartNumberFallsBackToTheGuesses) {
  const std::string data = ::ossxfer::testing::TestBytes(10 * kMiB + 1, 3);
  const util::File& file = Write(data);
  const ObjectMetadata metadata = WithEtag(EtagInParts(data, 5 * kMiB));
  // Ceph RGW 16: 200, the whole object's size, no parts count.
  Result<EtagCheck> check = CheckEtagOfFile(
      file, data.size(), metadata, FirstPart(data.size(), std::nullopt));
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->verdict, EtagVerdict::kVerified) << check->detail;
  EXPECT_EQ(check->part_size, 5 * kMiB);
  EXPECT_EQ(check->part_size_source, EtagPartSizeSource::kGuess);
  EXPECT_NE(check->detail.find("ignores HEAD ?partNumber=1"), std::string::npos)
      << check->detail;

  // A count that contradicts the ETag's N: the guesses again.
  Result<EtagCheck> contradicts =
      CheckEtagOfFile(file, data.size(), metadata, FirstPart(5 * kMiB, 4));
  ASSERT_TRUE(contradicts.ok()) << contradicts.status();
  EXPECT_EQ(contradicts->verdict, EtagVerdict::kVerified);
  EXPECT_EQ(contradicts->part_size_source, EtagPartSizeSource::kGuess);
}

TEST(EtagCheckTest, OnlyAnMd5BasedMultipartEtagNeedsThePartLayout) {
  auto needs = [](std::string etag, std::string encryption = "") {
    ObjectMetadata metadata;
    metadata.etag = std::move(etag);
    metadata.server_side_encryption = std::move(encryption);
    return EtagCheckNeedsPartLayout(metadata);
  };
  EXPECT_TRUE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec-3\""));
  EXPECT_TRUE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec-3\"", "AES256"));
  EXPECT_FALSE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec-3\"", "aws:kms"));
  EXPECT_FALSE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec\""));
  EXPECT_FALSE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec-0\""));
  EXPECT_FALSE(needs("\"0a97f1336a2298a6c3e9adaa562a9eec-x\""));
  EXPECT_FALSE(needs("\"abc-3\""));
}

}  // namespace
}  // namespace ossxfer::transfer
