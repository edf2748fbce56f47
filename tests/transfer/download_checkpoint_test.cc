#include "transfer/download_checkpoint.h"

#include <fmt/format.h>
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

namespace ossxfer::transfer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint64_t kMaxUint64 = std::numeric_limits<uint64_t>::max();

// 2500 bytes at part size 1000: parts of 1000, 1000 and 500 bytes.
DownloadCheckpoint Sample() {
  DownloadCheckpoint checkpoint;
  checkpoint.endpoint = "oss-cn-hangzhou.aliyuncs.com";
  checkpoint.bucket = "examplebucket";
  checkpoint.key = "dir/object with spaces.bin";
  checkpoint.range_first = 0;
  checkpoint.range_last = 2499;
  checkpoint.destination = "/home/user/object.bin";
  checkpoint.part_size = 1000;
  checkpoint.object_size = 2500;
  checkpoint.etag = "\"5B3C1A2E053D763E1B002CC607C5A0FE\"";
  checkpoint.last_modified_unix = 1700000000;
  checkpoint.object_checksum =
      Checksum{ChecksumAlgorithm::kCrc64Ecma, 0x995dc9bbdf1939faULL};
  checkpoint.parts = {{1000, 0x1234}, {300, 0xabcdef}, {0, 0}};
  return checkpoint;
}

// Field by field rather than with DownloadCheckpoint's defaulted ==, which
// is deleted while Part has no == of its own.
void ExpectSame(const DownloadCheckpoint& actual,
                const DownloadCheckpoint& expected) {
  EXPECT_EQ(actual.endpoint, expected.endpoint);
  EXPECT_EQ(actual.bucket, expected.bucket);
  EXPECT_EQ(actual.key, expected.key);
  EXPECT_EQ(actual.version_id, expected.version_id);
  EXPECT_EQ(actual.range_first, expected.range_first);
  EXPECT_EQ(actual.range_last, expected.range_last);
  EXPECT_EQ(actual.destination, expected.destination);
  EXPECT_EQ(actual.part_size, expected.part_size);
  EXPECT_EQ(actual.object_size, expected.object_size);
  EXPECT_EQ(actual.etag, expected.etag);
  EXPECT_EQ(actual.last_modified_unix, expected.last_modified_unix);
  EXPECT_EQ(actual.object_checksum, expected.object_checksum);
  EXPECT_EQ(actual.parts_algorithm, expected.parts_algorithm);
  ASSERT_EQ(actual.parts.size(), expected.parts.size());
  for (size_t i = 0; i < actual.parts.size(); ++i) {
    EXPECT_EQ(actual.parts[i].done, expected.parts[i].done) << "part " << i;
    EXPECT_EQ(actual.parts[i].checksum, expected.parts[i].checksum)
        << "part " << i;
  }
}

DownloadCheckpoint RoundTrip(const DownloadCheckpoint& checkpoint) {
  Result<DownloadCheckpoint> parsed =
      ParseDownloadCheckpoint(SerializeDownloadCheckpoint(checkpoint));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : DownloadCheckpoint{};
}

// The reason `text` is rejected; fails the test when it is accepted.
std::string ParseRejection(std::string_view text) {
  Result<DownloadCheckpoint> parsed = ParseDownloadCheckpoint(text);
  EXPECT_FALSE(parsed.ok()) << text;
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), StatusCode::kDataCorruption);
  return parsed.status().message();
}

// The sample's body, edited and sealed again with a valid checksum, so the
// checks behind the checksum are what rejects it.
std::string ResealedWith(const std::function<void(json&)>& edit) {
  Result<json> body = OpenCheckpoint(SerializeDownloadCheckpoint(Sample()),
                                     "ossxfer-download", 1);
  EXPECT_TRUE(body.ok()) << body.status();
  edit(*body);
  return SealCheckpoint("ossxfer-download", 1, *body);
}

TEST(DownloadCheckpointTest, RoundTrips) {
  ExpectSame(RoundTrip(Sample()), Sample());
}

TEST(DownloadCheckpointTest, RoundTripsCrc64ValuesNearTheTop) {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.object_checksum =
      Checksum{ChecksumAlgorithm::kCrc64Ecma, kMaxUint64};
  checkpoint.parts = {{1000, kMaxUint64}, {1000, kMaxUint64 - 1}, {500, 1}};
  ExpectSame(RoundTrip(checkpoint), checkpoint);
  EXPECT_NE(
      SerializeDownloadCheckpoint(checkpoint).find("18446744073709551615"),
      std::string::npos);
}

TEST(DownloadCheckpointTest, RoundTripsAnEmptyObjectWithNoParts) {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.object_size = 0;
  checkpoint.range_first = 0;
  checkpoint.range_last = 0;
  checkpoint.object_checksum = Checksum{ChecksumAlgorithm::kCrc64Ecma, 0};
  checkpoint.parts.clear();
  ExpectSame(RoundTrip(checkpoint), checkpoint);
}

TEST(DownloadCheckpointTest, RoundTripsAVersionIdAndAnAbsentCrc) {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.version_id =
      "CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5ZmQ1YmRlYTQ2ZGYx";
  checkpoint.object_checksum.reset();
  const std::string text = SerializeDownloadCheckpoint(checkpoint);
  EXPECT_NE(text.find("\"object_crc64\":null"), std::string::npos) << text;
  ExpectSame(RoundTrip(checkpoint), checkpoint);
}

TEST(DownloadCheckpointTest, RoundTripsARangeInsideTheObject) {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.object_size = 1'000'000;
  checkpoint.range_first = 1000;
  checkpoint.range_last = 3499;            // 2500 bytes, three parts again
  checkpoint.last_modified_unix = -86400;  // before 1970 still round-trips
  ExpectSame(RoundTrip(checkpoint), checkpoint);
}

TEST(DownloadCheckpointTest, AcceptsPartsThatAreComplete) {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.parts = {{1000, 1}, {1000, 2}, {500, 3}};
  ExpectSame(RoundTrip(checkpoint), checkpoint);
}

TEST(DownloadCheckpointTest, RejectsTextThatIsNotJson) {
  EXPECT_EQ(ParseRejection("not json at all"), "not JSON");
}

TEST(DownloadCheckpointTest, RejectsEmptyText) {
  EXPECT_EQ(ParseRejection(""), "not JSON");
}

TEST(DownloadCheckpointTest, RejectsEveryTruncation) {
  const std::string text = SerializeDownloadCheckpoint(Sample());
  for (size_t length = 0; length < text.size(); ++length) {
    Result<DownloadCheckpoint> parsed =
        ParseDownloadCheckpoint(text.substr(0, length));
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataCorruption)
        << "accepted a prefix of " << length << " bytes";
  }
}

TEST(DownloadCheckpointTest, RejectsAnUploadCheckpoint) {
  const std::string text =
      SealCheckpoint("ossxfer-upload", 1, json{{"key", "k"}});
  EXPECT_EQ(ParseRejection(text),
            "not an ossxfer-download checkpoint (format \"ossxfer-upload\")");
}

TEST(DownloadCheckpointTest, RejectsVersion3) {
  Result<json> body = OpenCheckpoint(SerializeDownloadCheckpoint(Sample()),
                                     "ossxfer-download", 1);
  ASSERT_TRUE(body.ok());
  const std::string text = SealCheckpoint("ossxfer-download", 3, *body);
  EXPECT_EQ(ParseRejection(text),
            "version 3 is not supported (this ossxfer reads versions 1 to 2)");
}

// The sample with CRC-32C checksums: written as version 2.
DownloadCheckpoint Crc32cSample() {
  DownloadCheckpoint checkpoint = Sample();
  checkpoint.object_checksum = Checksum{ChecksumAlgorithm::kCrc32c, 0xE3069283};
  checkpoint.parts_algorithm = ChecksumAlgorithm::kCrc32c;
  checkpoint.parts = {{1000, 0xFFFFFFFF}, {300, 0x1234}, {0, 0}};
  return checkpoint;
}

// Crc32cSample's body, edited and sealed again as version 2.
std::string ResealedVersion2With(const std::function<void(json&)>& edit) {
  Result<json> body = OpenCheckpoint(
      SerializeDownloadCheckpoint(Crc32cSample()), "ossxfer-download", 2);
  EXPECT_TRUE(body.ok()) << body.status();
  edit(*body);
  return SealCheckpoint("ossxfer-download", 2, *body);
}

TEST(DownloadCheckpointTest, ACrc64CheckpointIsWrittenAsVersion1) {
  const std::string text = SerializeDownloadCheckpoint(Sample());
  EXPECT_NE(text.find("\"version\":1,"), std::string::npos) << text;
  EXPECT_EQ(text.find("algorithm"), std::string::npos) << text;
  DownloadCheckpoint unverified = Sample();
  unverified.parts_algorithm.reset();
  unverified.object_checksum.reset();
  EXPECT_NE(SerializeDownloadCheckpoint(unverified).find("\"version\":1,"),
            std::string::npos);
}

TEST(DownloadCheckpointTest, OtherAlgorithmsRoundTripAsVersion2) {
  const std::string text = SerializeDownloadCheckpoint(Crc32cSample());
  EXPECT_NE(text.find("\"version\":2,"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          R"("object_checksum":{"algorithm":"crc32c","value":3808858755})"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("parts_algorithm":"crc32c")"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("crc64"), std::string::npos) << text;
  ExpectSame(RoundTrip(Crc32cSample()), Crc32cSample());
  EXPECT_EQ(RoundTrip(Crc32cSample()), Crc32cSample());

  // Any one checksum of another algorithm makes it version 2: object and
  // parts may differ (the parts follow the object's algorithm, but a
  // checkpoint records what it was given).
  DownloadCheckpoint mixed = Sample();
  mixed.object_checksum = Checksum{ChecksumAlgorithm::kCrc32, 0xCBF43926};
  EXPECT_EQ(RoundTrip(mixed), mixed);
  EXPECT_NE(SerializeDownloadCheckpoint(mixed).find("\"version\":2,"),
            std::string::npos);
  DownloadCheckpoint no_object = Crc32cSample();
  no_object.object_checksum.reset();
  EXPECT_EQ(RoundTrip(no_object), no_object);
  DownloadCheckpoint no_parts = Crc32cSample();
  no_parts.parts_algorithm.reset();
  EXPECT_EQ(RoundTrip(no_parts), no_parts);
}

TEST(DownloadCheckpointTest, RefusesAnUnknownAlgorithmByName) {
  EXPECT_EQ(ParseRejection(ResealedVersion2With(
                [](json& body) { body["parts_algorithm"] = "md5"; })),
            "field \"parts_algorithm\" names the checksum algorithm \"md5\", "
            "which this ossxfer does not know (it knows crc64ecma, crc32c and "
            "crc32)");
  EXPECT_EQ(ParseRejection(ResealedVersion2With([](json& body) {
              body["object_checksum"]["algorithm"] = "crc64nvme";
            })),
            "field \"algorithm\" names the checksum algorithm \"crc64nvme\", "
            "which this ossxfer does not know (it knows crc64ecma, crc32c and "
            "crc32)");
  // Names are exact: no case folding of what a later release may write.
  EXPECT_NE(ParseRejection(ResealedVersion2With([](json& body) {
              body["parts_algorithm"] = "CRC32C";
            })).find("does not know"),
            std::string::npos);
}

TEST(DownloadCheckpointTest, Version2RefusesMissingOrMistypedChecksumFields) {
  for (const char* field : {"object_checksum", "parts_algorithm"}) {
    EXPECT_EQ(ParseRejection(ResealedVersion2With(
                  [field](json& body) { body.erase(field); })),
              fmt::format("missing field \"{}\"", field));
  }
  EXPECT_EQ(ParseRejection(ResealedVersion2With(
                [](json& body) { body["parts"][0].erase("checksum"); })),
            "missing field \"checksum\"");
  EXPECT_EQ(ParseRejection(ResealedVersion2With(
                [](json& body) { body["object_checksum"] = 12; })),
            "field \"object_checksum\" is not an object");
  EXPECT_EQ(ParseRejection(ResealedVersion2With(
                [](json& body) { body["object_checksum"].erase("value"); })),
            "missing field \"value\"");
  EXPECT_EQ(ParseRejection(ResealedVersion2With(
                [](json& body) { body["parts_algorithm"] = 1; })),
            "field \"parts_algorithm\" is not a string");
  // A version-2 body does not take version 1's names.
  Result<json> version_one = OpenCheckpoint(
      SerializeDownloadCheckpoint(Sample()), "ossxfer-download", 1);
  ASSERT_TRUE(version_one.ok());
  EXPECT_EQ(ParseRejection(SealCheckpoint("ossxfer-download", 2, *version_one)),
            "missing field \"object_checksum\"");
}

TEST(DownloadCheckpointTest, RejectsAnEditedDoneCount) {
  std::string text = SerializeDownloadCheckpoint(Sample());
  const size_t at = text.find("\"done\":300");
  ASSERT_NE(at, std::string::npos) << text;
  text[at + 7] = '2';  // 300 -> 200: plausible, but not what was sealed
  EXPECT_EQ(ParseRejection(text),
            "checksum mismatch (the file was changed or cut short)");
}

TEST(DownloadCheckpointTest, RejectsEveryMissingField) {
  for (const char* field :
       {"endpoint", "bucket", "key", "version_id", "range_first", "range_last",
        "destination", "part_size", "object_size", "etag", "last_modified_unix",
        "object_crc64", "parts"}) {
    const std::string text =
        ResealedWith([field](json& body) { body.erase(field); });
    EXPECT_EQ(ParseRejection(text),
              "missing field \"" + std::string(field) + "\"");
  }
  const std::string text =
      ResealedWith([](json& body) { body["parts"][1].erase("crc64"); });
  EXPECT_EQ(ParseRejection(text), "missing field \"crc64\"");
}

TEST(DownloadCheckpointTest, RejectsAStringWhereANumberIs) {
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["part_size"] = "1000"; })),
            "field \"part_size\" is not a number");
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["object_crc64"] = "12"; })),
            "field \"object_crc64\" is not a number");
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["last_modified_unix"] = true; })),
            "field \"last_modified_unix\" is not a number");
}

TEST(DownloadCheckpointTest, PartsWithoutCrc64RoundTripAndOlderFilesHaveThem) {
  DownloadCheckpoint without = Sample();
  without.parts_algorithm.reset();
  ExpectSame(RoundTrip(without), without);
  // Written before the field existed: the parts had their CRC64s.
  Result<DownloadCheckpoint> older = ParseDownloadCheckpoint(
      ResealedWith([](json& body) { body.erase("parts_have_crc64"); }));
  ASSERT_TRUE(older.ok()) << older.status();
  EXPECT_EQ(older->parts_algorithm, ChecksumAlgorithm::kCrc64Ecma);
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["parts_have_crc64"] = "no"; })),
            "field \"parts_have_crc64\" is not true or false");
}

TEST(DownloadCheckpointTest, RejectsANumberWhereAStringIs) {
  EXPECT_EQ(ParseRejection(ResealedWith([](json& body) { body["etag"] = 5; })),
            "field \"etag\" is not a string");
}

TEST(DownloadCheckpointTest, RejectsMistypedParts) {
  EXPECT_EQ(ParseRejection(ResealedWith([](json& body) { body["parts"] = 3; })),
            "field \"parts\" is not an array");
  EXPECT_EQ(ParseRejection(ResealedWith([](json& body) {
              body["parts"][0] = json::array({1, 2});
            })),
            "part 0 is not an object");
}

TEST(DownloadCheckpointTest, RejectsNegativeNumbers) {
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["range_first"] = -1; })),
            "field \"range_first\" is negative");
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["parts"][2]["crc64"] = -5; })),
            "field \"crc64\" is negative");
}

TEST(DownloadCheckpointTest, RejectsFractionalNumbers) {
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["object_size"] = 2500.0; })),
            "field \"object_size\" is not a whole number");
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["parts"][0]["done"] = 999.5; })),
            "field \"done\" is not a whole number");
  // Past 2^64 the parser makes a float: rejected, never wrapped.
  EXPECT_EQ(ParseRejection(ResealedWith([](json& body) {
              body["object_crc64"] = 18446744073709551616.0;
            })),
            "field \"object_crc64\" is not a whole number");
}

TEST(DownloadCheckpointTest, RejectsAPartCountThatDoesNotMatchTheRange) {
  EXPECT_EQ(
      ParseRejection(ResealedWith([](json& body) { body["parts"].erase(2); })),
      "2 parts recorded, but 2500 bytes at part size 1000 make 3 parts");
  EXPECT_EQ(ParseRejection(ResealedWith([](json& body) {
              body["parts"].push_back({{"done", 0}, {"crc64", 0}});
            })),
            "4 parts recorded, but 2500 bytes at part size 1000 make 3 parts");
  // An empty object has no parts at all.
  EXPECT_EQ(
      ParseRejection(ResealedWith([](json& body) { body["object_size"] = 0; })),
      "3 parts recorded, but 0 bytes at part size 1000 make 0 parts");
}

TEST(DownloadCheckpointTest, RejectsARangeOutsideTheObject) {
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["range_last"] = 2500; })),
            "range 0-2500 is not within an object of 2500 bytes");
  EXPECT_EQ(ParseRejection(
                ResealedWith([](json& body) { body["range_first"] = 2600; })),
            "range 2600-2499 is not within an object of 2500 bytes");
}

TEST(DownloadCheckpointTest, RejectsMoreDoneThanThePartHolds) {
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["parts"][0]["done"] = 1001; })),
            "part 0 has 1001 bytes done of its 1000");
  // The last part is shorter: 500 bytes.
  EXPECT_EQ(ParseRejection(ResealedWith(
                [](json& body) { body["parts"][2]["done"] = 501; })),
            "part 2 has 501 bytes done of its 500");
}

TEST(DownloadCheckpointTest, RejectsPartSizeZero) {
  EXPECT_EQ(
      ParseRejection(ResealedWith([](json& body) { body["part_size"] = 0; })),
      "part_size is 0");
}

TEST(DownloadCheckpointTest, RejectsATinyPartSizeWithoutPlanningIt) {
  // 2^64-1 bytes at part size 1 would be far too many parts to list; the
  // count is compared arithmetically.
  const std::string text = ResealedWith([](json& body) {
    body["part_size"] = 1;
    body["object_size"] = kMaxUint64;
    body["range_last"] = kMaxUint64 - 1;
  });
  EXPECT_NE(ParseRejection(text).find("3 parts recorded"), std::string::npos);
}

class DownloadCheckpointFileTest : public ::testing::Test {
 protected:
  ::ossxfer::testing::TempDir temp_;
  const fs::path dir_ = temp_.path();
};

TEST_F(DownloadCheckpointFileTest, LoadOfAMissingFileIsNullopt) {
  Result<std::optional<DownloadCheckpoint>> loaded =
      LoadDownloadCheckpoint(dir_ / "absent.dcp");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(DownloadCheckpointFileTest, SaveThenLoadGivesTheSameCheckpoint) {
  const fs::path path = dir_ / "object.bin.dcp";
  ASSERT_TRUE(SaveDownloadCheckpoint(path, Sample()).ok());
  DownloadCheckpoint later = Sample();
  later.parts[1].done = 1000;
  ASSERT_TRUE(SaveDownloadCheckpoint(path, later).ok());

  Result<std::optional<DownloadCheckpoint>> loaded =
      LoadDownloadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  ExpectSame(**loaded, later);
  // The atomic write leaves no temp file next to the checkpoint.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);
}

TEST_F(DownloadCheckpointFileTest, LoadOfACorruptFileIsDataCorruption) {
  const fs::path path = dir_ / "corrupt.dcp";
  std::string text = SerializeDownloadCheckpoint(Sample());
  std::ofstream(path, std::ios::binary) << text.substr(0, text.size() / 2);
  Result<std::optional<DownloadCheckpoint>> loaded =
      LoadDownloadCheckpoint(path);
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataCorruption);
  EXPECT_NE(loaded.status().message().find(path.string()), std::string::npos)
      << loaded.status();
  EXPECT_NE(loaded.status().message().find("not JSON"), std::string::npos);
}

TEST_F(DownloadCheckpointFileTest, LoadOfAnUnreadablePathIsAnIoError) {
  Result<std::optional<DownloadCheckpoint>> loaded =
      LoadDownloadCheckpoint(dir_);  // a directory cannot be read as a file
  EXPECT_EQ(loaded.status().code(), StatusCode::kIoError) << loaded.status();
}

}  // namespace
}  // namespace ossxfer::transfer
