#include "transfer/upload_checkpoint.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "support/serve_process.h"
#include "transfer/checkpoint_file.h"
#include "transfer/download_checkpoint.h"

namespace ossxfer::transfer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint64_t kMaxUint64 = std::numeric_limits<uint64_t>::max();

Checksum Crc64Value(uint64_t value) {
  return Checksum{ChecksumAlgorithm::kCrc64Ecma, value};
}

// A 2500-byte file at part size 1000, parts 1 and 3 done (3 is the short
// last one).
UploadCheckpoint Sample() {
  UploadCheckpoint checkpoint;
  checkpoint.source_path = "/home/user/data/archive with spaces.tar.gz";
  checkpoint.source_size = 2500;
  checkpoint.source_mtime_ns = 1'700'000'000'123'456'789;
  checkpoint.source_inode = 4'242'424;
  checkpoint.endpoint = "oss-cn-hangzhou.aliyuncs.com";
  checkpoint.bucket = "examplebucket";
  checkpoint.key = "backups/archive.tar.gz";
  checkpoint.part_size = 1000;
  checkpoint.upload_id = "0004B9894A22E5B1888A1E29F823****";
  checkpoint.parts = {
      {1, 1000, "\"3349DC700140D7F86A0784842780****\"",
       Crc64Value(0x995dc9bbdf1939faULL)},
      {3, 500, "\"8EFDA8BE206636A695359836FE0A****\"", Crc64Value(0x1234)},
  };
  return checkpoint;
}

UploadCheckpoint RoundTrip(const UploadCheckpoint& checkpoint) {
  Result<UploadCheckpoint> parsed =
      ParseUploadCheckpoint(SerializeUploadCheckpoint(checkpoint));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : UploadCheckpoint{};
}

// The reason `text` is rejected; fails the test when it is accepted.
std::string Rejection(std::string_view text) {
  Result<UploadCheckpoint> parsed = ParseUploadCheckpoint(text);
  EXPECT_FALSE(parsed.ok()) << text;
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), StatusCode::kDataCorruption);
  return parsed.status().message();
}

// The sample's body, edited and sealed again with a valid checksum, so the
// checks behind the checksum are what rejects it.
std::string ResealedWith(const std::function<void(json&)>& edit) {
  Result<json> body =
      OpenCheckpoint(SerializeUploadCheckpoint(Sample()), "ossxfer-upload", 1);
  EXPECT_TRUE(body.ok()) << body.status();
  edit(*body);
  return SealCheckpoint("ossxfer-upload", 1, *body);
}

TEST(UploadCheckpointTest, RoundTrips) {
  EXPECT_EQ(RoundTrip(Sample()), Sample());
}

TEST(UploadCheckpointTest, RoundTripsCrc64ValuesNearTheTop) {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.parts[0].checksum = Crc64Value(kMaxUint64);
  checkpoint.parts[1].checksum = Crc64Value(kMaxUint64 - 1);
  checkpoint.source_inode = kMaxUint64;
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
  const std::string text = SerializeUploadCheckpoint(checkpoint);
  EXPECT_NE(text.find("\"crc64\":18446744073709551615"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\"crc64\":18446744073709551614"), std::string::npos)
      << text;
}

TEST(UploadCheckpointTest, RoundTripsANegativeMtime) {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.source_mtime_ns = -86'400'000'000'000;  // before 1970
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
  checkpoint.source_mtime_ns = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
  checkpoint.source_mtime_ns = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
}

TEST(UploadCheckpointTest, RoundTripsTheMostPartsAllowed) {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.parts.clear();
  for (int number = 1; number <= 10000; ++number) {
    checkpoint.parts.push_back(
        {number, 1000, "\"etag-" + std::to_string(number) + "\"",
         Crc64Value(kMaxUint64 - static_cast<uint64_t>(number))});
  }
  checkpoint.source_size = 10'000'000;
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
}

TEST(UploadCheckpointTest, RoundTripsNoPartsYet) {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.parts.clear();
  const std::string text = SerializeUploadCheckpoint(checkpoint);
  EXPECT_NE(text.find("\"parts\":[]"), std::string::npos) << text;
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
}

TEST(UploadCheckpointTest, RoundTripsAnEmptySource) {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.source_size = 0;
  checkpoint.parts = {{1, 0, "\"empty\"", Crc64Value(0)}};
  EXPECT_EQ(RoundTrip(checkpoint), checkpoint);
}

TEST(UploadCheckpointTest, WritesTheFormatNameFirst) {
  const std::string text = SerializeUploadCheckpoint(Sample());
  EXPECT_EQ(text.rfind(R"({"format":"ossxfer-upload","version":1,)", 0), 0u)
      << text;
}

TEST(UploadCheckpointTest, RejectsTextThatIsNotJson) {
  EXPECT_EQ(Rejection("not json at all"), "not JSON");
}

TEST(UploadCheckpointTest, RejectsEmptyText) {
  EXPECT_EQ(Rejection(""), "not JSON");
}

TEST(UploadCheckpointTest, RejectsEveryTruncation) {
  const std::string text = SerializeUploadCheckpoint(Sample());
  for (size_t length = 0; length < text.size(); ++length) {
    Result<UploadCheckpoint> parsed =
        ParseUploadCheckpoint(text.substr(0, length));
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataCorruption)
        << "accepted a prefix of " << length << " bytes";
  }
}

TEST(UploadCheckpointTest, RejectsADownloadCheckpoint) {
  DownloadCheckpoint download;
  download.endpoint = "oss-cn-hangzhou.aliyuncs.com";
  download.bucket = "examplebucket";
  download.key = "k";
  download.part_size = 1000;
  const std::string text = SerializeDownloadCheckpoint(download);
  ASSERT_TRUE(ParseDownloadCheckpoint(text).ok());
  EXPECT_EQ(Rejection(text),
            "not an ossxfer-upload checkpoint (format \"ossxfer-download\")");
}

TEST(UploadCheckpointTest, RejectsVersion3) {
  Result<json> body =
      OpenCheckpoint(SerializeUploadCheckpoint(Sample()), "ossxfer-upload", 1);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(Rejection(SealCheckpoint("ossxfer-upload", 3, *body)),
            "version 3 is not supported (this ossxfer reads versions 1 to 2)");
}

// Parts the server reported CRC-32C checksums for, and one it reported
// none for: written as version 2.
UploadCheckpoint Crc32cSample() {
  UploadCheckpoint checkpoint = Sample();
  checkpoint.parts[0].checksum = Checksum{ChecksumAlgorithm::kCrc32c, 7};
  checkpoint.parts[1].checksum.reset();
  return checkpoint;
}

std::string ResealedVersion2With(const std::function<void(json&)>& edit) {
  Result<json> body = OpenCheckpoint(SerializeUploadCheckpoint(Crc32cSample()),
                                     "ossxfer-upload", 2);
  EXPECT_TRUE(body.ok()) << body.status();
  edit(*body);
  return SealCheckpoint("ossxfer-upload", 2, *body);
}

TEST(UploadCheckpointTest, ACrc64CheckpointIsWrittenAsVersion1) {
  const std::string text = SerializeUploadCheckpoint(Sample());
  EXPECT_NE(text.find("\"version\":1,"), std::string::npos) << text;
  EXPECT_EQ(text.find("algorithm"), std::string::npos) << text;
}

TEST(UploadCheckpointTest,
     OtherAlgorithmsAndAbsentChecksumsRoundTripAsVersion2) {
  const std::string text = SerializeUploadCheckpoint(Crc32cSample());
  EXPECT_NE(text.find("\"version\":2,"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("checksum":{"algorithm":"crc32c","value":7})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("checksum":null)"), std::string::npos) << text;
  EXPECT_EQ(text.find("crc64"), std::string::npos) << text;
  EXPECT_EQ(RoundTrip(Crc32cSample()), Crc32cSample());
  // One part without a checksum is enough: version 1 cannot say "none".
  UploadCheckpoint one_absent = Sample();
  one_absent.parts[1].checksum.reset();
  EXPECT_NE(SerializeUploadCheckpoint(one_absent).find("\"version\":2,"),
            std::string::npos);
  EXPECT_EQ(RoundTrip(one_absent), one_absent);
}

TEST(UploadCheckpointTest, RefusesAnUnknownAlgorithmByName) {
  EXPECT_EQ(Rejection(ResealedVersion2With([](json& body) {
              body["parts"][0]["checksum"]["algorithm"] = "sha256";
            })),
            "field \"algorithm\" names the checksum algorithm \"sha256\", "
            "which this ossxfer does not know (it knows crc64ecma, crc32c and "
            "crc32)");
  EXPECT_EQ(Rejection(ResealedVersion2With(
                [](json& body) { body["parts"][0].erase("checksum"); })),
            "missing field \"checksum\"");
  EXPECT_EQ(Rejection(ResealedVersion2With(
                [](json& body) { body["parts"][0]["checksum"] = 7; })),
            "field \"checksum\" is not an object");
}

TEST(UploadCheckpointTest, RejectsAnEditedDigit) {
  std::string text = SerializeUploadCheckpoint(Sample());
  const size_t at = text.find("\"size\":500");
  ASSERT_NE(at, std::string::npos) << text;
  text[at + 7] = '4';  // 500 -> 400: plausible, but not what was sealed
  EXPECT_EQ(Rejection(text),
            "checksum mismatch (the file was changed or cut short)");
}

TEST(UploadCheckpointTest, RejectsEveryMissingField) {
  for (const char* field :
       {"source_path", "source_size", "source_mtime_ns", "source_inode",
        "endpoint", "bucket", "key", "part_size", "upload_id", "parts"}) {
    const std::string text =
        ResealedWith([field](json& body) { body.erase(field); });
    EXPECT_EQ(Rejection(text), "missing field \"" + std::string(field) + "\"");
  }
  for (const char* field : {"number", "size", "etag", "crc64"}) {
    const std::string text =
        ResealedWith([field](json& body) { body["parts"][1].erase(field); });
    EXPECT_EQ(Rejection(text), "missing field \"" + std::string(field) + "\"");
  }
}

TEST(UploadCheckpointTest, RejectsAStringWhereANumberIs) {
  EXPECT_EQ(
      Rejection(ResealedWith([](json& body) { body["part_size"] = "1000"; })),
      "field \"part_size\" is not a number");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["source_mtime_ns"] = "12"; })),
            "field \"source_mtime_ns\" is not a number");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][0]["crc64"] = nullptr; })),
            "field \"crc64\" is not a number");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][0]["number"] = true; })),
            "field \"number\" is not a number");
}

TEST(UploadCheckpointTest, RejectsANumberWhereAStringIs) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) { body["upload_id"] = 5; })),
            "field \"upload_id\" is not a string");
  EXPECT_EQ(
      Rejection(ResealedWith([](json& body) { body["parts"][1]["etag"] = 7; })),
      "field \"etag\" is not a string");
}

TEST(UploadCheckpointTest, RejectsMistypedParts) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) { body["parts"] = 3; })),
            "field \"parts\" is not an array");
  EXPECT_EQ(Rejection(ResealedWith([](json& body) {
              body["parts"][1] = json::array({1, 2});
            })),
            "part 1 is not an object");
}

TEST(UploadCheckpointTest, RejectsNegativeNumbers) {
  EXPECT_EQ(
      Rejection(ResealedWith([](json& body) { body["source_size"] = -1; })),
      "field \"source_size\" is negative");
  EXPECT_EQ(
      Rejection(ResealedWith([](json& body) { body["source_inode"] = -2; })),
      "field \"source_inode\" is negative");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][1]["crc64"] = -5; })),
            "field \"crc64\" is negative");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][0]["number"] = -1; })),
            "field \"number\" is negative");
}

TEST(UploadCheckpointTest, RejectsAnMtimeBeyondInt64) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) {
              body["source_mtime_ns"] = uint64_t{1} << 63;
            })),
            "field \"source_mtime_ns\" is out of range");
}

TEST(UploadCheckpointTest, RejectsFractionalNumbers) {
  EXPECT_EQ(
      Rejection(ResealedWith([](json& body) { body["part_size"] = 1000.0; })),
      "field \"part_size\" is not a whole number");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["source_mtime_ns"] = 1.5; })),
            "field \"source_mtime_ns\" is not a whole number");
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][0]["number"] = 1.0; })),
            "field \"number\" is not a whole number");
  // Past 2^64 the parser makes a float: rejected, never wrapped.
  EXPECT_EQ(Rejection(ResealedWith([](json& body) {
              body["parts"][0]["crc64"] = 18446744073709551616.0;
            })),
            "field \"crc64\" is not a whole number");
}

TEST(UploadCheckpointTest, RejectsPartNumbersOutOfOrder) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) {
              std::swap(body["parts"][0], body["parts"][1]);
            })),
            "part 1 has number 1, not above the previous 3");
}

TEST(UploadCheckpointTest, RejectsADuplicatePartNumber) {
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][1]["number"] = 1; })),
            "part 1 has number 1, not above the previous 1");
}

TEST(UploadCheckpointTest, RejectsPartNumberZero) {
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][0]["number"] = 0; })),
            "part 0 has number 0, outside 1..10000");
}

TEST(UploadCheckpointTest, RejectsPartNumbersAbove10000) {
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][1]["number"] = 10001; })),
            "part 1 has number 10001, outside 1..10000");
  // Large enough to wrap if it were narrowed to int before the check.
  EXPECT_EQ(Rejection(ResealedWith([](json& body) {
              body["parts"][1]["number"] = uint64_t{1} << 32 | 3;
            })),
            "part 1 has number 4294967299, outside 1..10000");
}

TEST(UploadCheckpointTest, RejectsMorePartsThanAllowed) {
  const std::string text = ResealedWith([](json& body) {
    json parts = json::array();
    for (int i = 0; i <= 10000; ++i) {
      parts.push_back({{"number", 1}, {"size", 1}, {"etag", ""}, {"crc64", 0}});
    }
    body["parts"] = std::move(parts);
  });
  EXPECT_EQ(Rejection(text),
            "10001 parts recorded, more than the 10000 allowed");
}

TEST(UploadCheckpointTest, RejectsAPartLargerThanPartSize) {
  EXPECT_EQ(Rejection(ResealedWith(
                [](json& body) { body["parts"][1]["size"] = 1001; })),
            "part 1 has 1001 bytes, more than part_size 1000");
}

TEST(UploadCheckpointTest, RejectsAnEmptyUploadId) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) { body["upload_id"] = ""; })),
            "upload_id is empty");
}

TEST(UploadCheckpointTest, RejectsPartSizeZero) {
  EXPECT_EQ(Rejection(ResealedWith([](json& body) { body["part_size"] = 0; })),
            "part_size is 0");
}

class UploadCheckpointFileTest : public ::testing::Test {
 protected:
  ::ossxfer::testing::TempDir temp_;
  const fs::path dir_ = temp_.path();
};

TEST_F(UploadCheckpointFileTest, LoadOfAMissingFileIsNullopt) {
  Result<std::optional<UploadCheckpoint>> loaded =
      LoadUploadCheckpoint(dir_ / "absent.ucp");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(UploadCheckpointFileTest, SaveThenLoadGivesTheSameCheckpoint) {
  const fs::path path = dir_ / "archive.tar.gz.ucp";
  ASSERT_TRUE(SaveUploadCheckpoint(path, Sample()).ok());
  UploadCheckpoint later = Sample();
  later.parts.insert(later.parts.begin() + 1,
                     {2, 1000, "\"two\"", Crc64Value(7)});
  ASSERT_TRUE(SaveUploadCheckpoint(path, later).ok());

  Result<std::optional<UploadCheckpoint>> loaded = LoadUploadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, later);
  // The atomic write leaves no temp file next to the checkpoint.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);
}

TEST_F(UploadCheckpointFileTest, LoadOfACorruptFileIsDataCorruption) {
  const fs::path path = dir_ / "corrupt.ucp";
  const std::string text = SerializeUploadCheckpoint(Sample());
  std::ofstream(path, std::ios::binary) << text.substr(0, text.size() / 2);
  Result<std::optional<UploadCheckpoint>> loaded = LoadUploadCheckpoint(path);
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataCorruption);
  EXPECT_NE(loaded.status().message().find(path.string()), std::string::npos)
      << loaded.status();
  EXPECT_NE(loaded.status().message().find("not JSON"), std::string::npos);
}

TEST_F(UploadCheckpointFileTest, LoadOfAnUnreadablePathIsAnIoError) {
  Result<std::optional<UploadCheckpoint>> loaded =
      LoadUploadCheckpoint(dir_);  // a directory cannot be read as a file
  EXPECT_EQ(loaded.status().code(), StatusCode::kIoError) << loaded.status();
}

}  // namespace
}  // namespace ossxfer::transfer
