// ObjectDataReader: object offsets mapped onto segment files, reads across
// segment boundaries, and only the segments a byte range needs opened.
#include "server/object_data_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ossxfer::server {
namespace {

namespace fs = std::filesystem;

class ObjectDataReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/object_data_reader_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    // Segments of 10, 0, 7, 1 and 12 bytes, each with its own letters, so
    // that a byte from the wrong segment or offset shows.
    const std::vector<size_t> sizes = {10, 0, 7, 1, 12};
    for (size_t i = 0; i < sizes.size(); ++i) {
      std::string bytes;
      for (size_t j = 0; j < sizes[i]; ++j) {
        bytes += static_cast<char>('A' + (i * 5 + j) % 26);
      }
      const fs::path path = dir_ / ("segment" + std::to_string(i));
      std::ofstream(path, std::ios::binary) << bytes;
      segments_.push_back({path, sizes[i]});
      whole_ += bytes;
    }
  }

  void TearDown() override {
    std::error_code error;
    fs::remove_all(dir_, error);
  }

  std::unique_ptr<ObjectDataReader> OpenAll() {
    Result<std::unique_ptr<ObjectDataReader>> reader =
        ObjectDataReader::Open(segments_, 0, whole_.size());
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? std::move(reader).value() : nullptr;
  }

  fs::path dir_;
  std::vector<DataSegment> segments_;
  std::string whole_;  // 30 bytes: segments at 0, 10 (empty), 10, 17, 18
};

TEST_F(ObjectDataReaderTest, EveryRangeReadsTheConcatenation) {
  std::unique_ptr<ObjectDataReader> reader = OpenAll();
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->open_files(), 4u);  // the empty segment holds no byte
  for (size_t begin = 0; begin < whole_.size(); ++begin) {
    for (size_t end = begin + 1; end <= whole_.size(); ++end) {
      std::string out(end - begin, '\0');
      ASSERT_TRUE(reader->Read(begin, out.data(), out.size()).ok());
      ASSERT_EQ(out, whole_.substr(begin, end - begin)) << begin << ".." << end;
    }
  }
}

TEST_F(ObjectDataReaderTest, LocateGivesTheSpanUpToTheSegmentsEnd) {
  std::unique_ptr<ObjectDataReader> reader = OpenAll();
  ASSERT_NE(reader, nullptr);
  struct Case {
    uint64_t offset;
    uint64_t file_offset;
    uint64_t size;
  };
  for (const Case& c : std::vector<Case>{{0, 0, 10},
                                         {9, 9, 1},
                                         {10, 0, 7},  // past the empty one
                                         {16, 6, 1},
                                         {17, 0, 1},
                                         {18, 0, 12},
                                         {29, 11, 1}}) {
    const BodySpan span = reader->Locate(c.offset);
    ASSERT_GE(span.fd, 0) << c.offset;
    EXPECT_EQ(span.file_offset, c.file_offset) << c.offset;
    EXPECT_EQ(span.size, c.size) << c.offset;
    char byte = 0;
    ASSERT_EQ(pread(span.fd, &byte, 1, static_cast<off_t>(span.file_offset)),
              1);
    EXPECT_EQ(byte, whole_[c.offset]) << c.offset;
  }
  EXPECT_LT(reader->Locate(30).fd, 0);
  EXPECT_LT(reader->Locate(1000).fd, 0);
}

TEST_F(ObjectDataReaderTest, OpensOnlyTheSegmentsOfTheRange) {
  // Bytes 12..17 lie in segments 2 (10..16) and 3 (17).
  Result<std::unique_ptr<ObjectDataReader>> reader =
      ObjectDataReader::Open(segments_, 12, 18);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->open_files(), 2u);
  std::string out(6, '\0');
  ASSERT_TRUE((*reader)->Read(12, out.data(), out.size()).ok());
  EXPECT_EQ(out, whole_.substr(12, 6));
  EXPECT_LT((*reader)->Locate(9).fd, 0);
  EXPECT_LT((*reader)->Locate(18).fd, 0);
  char byte = 0;
  EXPECT_FALSE((*reader)->Read(18, &byte, 1).ok());

  // A file outside the range may be gone; one inside may not.
  fs::remove(segments_[0].path);
  EXPECT_TRUE(ObjectDataReader::Open(segments_, 10, 30).ok());
  Result<std::unique_ptr<ObjectDataReader>> missing =
      ObjectDataReader::Open(segments_, 9, 11);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  // An empty range opens nothing (a HEAD).
  Result<std::unique_ptr<ObjectDataReader>> none =
      ObjectDataReader::Open(segments_, 0, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->open_files(), 0u);
}

TEST_F(ObjectDataReaderTest, OpenFilesOutliveTheirUnlinking) {
  std::unique_ptr<ObjectDataReader> reader = OpenAll();
  ASSERT_NE(reader, nullptr);
  for (const DataSegment& segment : segments_) fs::remove(segment.path);
  std::string out(whole_.size(), '\0');
  ASSERT_TRUE(reader->Read(0, out.data(), out.size()).ok());
  EXPECT_EQ(out, whole_);
}

TEST_F(ObjectDataReaderTest, ASegmentShorterThanRecordedIsAnError) {
  segments_[4].size = 20;  // the file holds 12
  Result<std::unique_ptr<ObjectDataReader>> reader =
      ObjectDataReader::Open(segments_, 0, 38);
  ASSERT_TRUE(reader.ok());
  std::string out(38, '\0');
  Status read = (*reader)->Read(0, out.data(), out.size());
  EXPECT_EQ(read.code(), StatusCode::kDataCorruption) << read;
}

}  // namespace
}  // namespace ossxfer::server
