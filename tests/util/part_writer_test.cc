// PartWriter on real files: direct writes gathered into aligned blocks,
// parts that start mid-block, the last unaligned bytes, and the plain path.
#include "util/part_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ossxfer/crc64.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "util/file.h"

namespace ossxfer::util {
namespace {

using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;

constexpr size_t kAlign = DirectFile::kAlignment;

class PartWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() / "temp";
    Result<File> file = File::Open(path_, O_RDWR | O_CREAT);
    ASSERT_TRUE(file.ok()) << file.status();
    file_.emplace(std::move(*file));
    ASSERT_TRUE(file_->Allocate(kFileSize).ok());
    direct_ = DirectFile::Open(*file_);
    // The tests' temp directory is on a file system with O_DIRECT (ext4
    // here); on one without, every test below would only test the fallback.
    ASSERT_TRUE(direct_.has_value()) << path_ << " refuses O_DIRECT";
  }

  // Feeds `data` to a writer at `offset` in chunks of the given sizes
  // (cycled), then finishes; returns the bytes on_written saw, in order.
  std::string WriteInChunks(DirectFile* direct, size_t block, uint64_t offset,
                            const std::string& data,
                            const std::vector<size_t>& chunks) {
    std::string seen;
    PartWriter writer(
        *file_, direct, block, offset,
        [&](const char* bytes, size_t size) { seen.append(bytes, size); });
    size_t at = 0;
    for (size_t i = 0; at < data.size(); ++i) {
      size_t size = std::min(chunks[i % chunks.size()], data.size() - at);
      EXPECT_TRUE(writer.Write(data.data() + at, size).ok());
      at += size;
      // Everything received is either in the file or gathered.
      EXPECT_EQ(seen.size() + writer.gathered(), at);
      EXPECT_LE(writer.gathered(), block);
    }
    EXPECT_TRUE(writer.Finish().ok());
    EXPECT_EQ(writer.gathered(), 0u);
    return seen;
  }

  static constexpr uint64_t kFileSize = 8 << 20;
  TempDir dir_;
  std::filesystem::path path_;
  std::optional<File> file_;
  std::optional<DirectFile> direct_;
};

TEST_F(PartWriterTest, DirectWritesLandEveryByteInOrder) {
  const size_t block = 64 << 10;
  // Not a multiple of the block or of the alignment: the last bytes take
  // the ordinary path.
  std::string data = TestBytes(3 * block + 5 * kAlign + 123, 1);
  std::string seen =
      WriteInChunks(&*direct_, block, 0, data, {1, 4095, 70000, 16384, 7});
  EXPECT_TRUE(seen == data);
  EXPECT_TRUE(direct_->enabled()) << "direct I/O fell back";
  std::string file = ReadFile(path_);
  ASSERT_EQ(file.size(), kFileSize);
  EXPECT_TRUE(file.substr(0, data.size()) == data);
  EXPECT_EQ(file.find_first_not_of('\0', data.size()), std::string::npos)
      << "bytes written past the part";
}

TEST_F(PartWriterTest, APartResumedMidBlockWritesUpToTheBoundaryFirst) {
  const size_t block = 16 << 10;
  const uint64_t offset = 3 * kAlign + 100;  // where a resumed part goes on
  std::string data = TestBytes(5 * block + 10, 2);
  std::string seen = WriteInChunks(&*direct_, block, offset, data, {3000});
  EXPECT_TRUE(seen == data);
  EXPECT_TRUE(direct_->enabled());
  std::string file = ReadFile(path_);
  EXPECT_EQ(file.find_first_not_of('\0'), offset) << "bytes before the part";
  EXPECT_TRUE(file.substr(offset, data.size()) == data);
}

TEST_F(PartWriterTest, GatheredBytesReachTheFileOnlyAtABlockOrAtFinish) {
  const size_t block = 8 << 10;
  std::string seen;
  PartWriter writer(
      *file_, &*direct_, block, 0,
      [&](const char* bytes, size_t size) { seen.append(bytes, size); });
  std::string data = TestBytes(block + 1000, 3);
  ASSERT_TRUE(writer.Write(data.data(), block - 1).ok());
  EXPECT_EQ(seen.size(), 0u);
  EXPECT_EQ(writer.gathered(), block - 1);
  ASSERT_TRUE(writer.Write(data.data() + block - 1, 1001).ok());
  EXPECT_EQ(seen.size(), block);  // one whole block went out
  EXPECT_EQ(writer.gathered(), 1000u);
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_TRUE(seen == data);
  EXPECT_TRUE(ReadFile(path_).substr(0, data.size()) == data);
}

TEST_F(PartWriterTest, WithoutDirectIoEveryChunkGoesStraightThrough) {
  std::string data = TestBytes(100000, 4);
  std::string seen;
  PartWriter writer(
      *file_, nullptr, 64 << 10, kAlign,
      [&](const char* bytes, size_t size) { seen.append(bytes, size); });
  ASSERT_TRUE(writer.Write(data.data(), 777).ok());
  EXPECT_EQ(seen.size(), 777u);
  EXPECT_EQ(writer.gathered(), 0u);
  ASSERT_TRUE(writer.Write(data.data() + 777, data.size() - 777).ok());
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_TRUE(seen == data);
  EXPECT_TRUE(ReadFile(path_).substr(kAlign, data.size()) == data);
}

TEST_F(PartWriterTest, ARefusedDirectWriteFallsBackForEveryWriter) {
  // A misaligned offset is what a file system with larger blocks would
  // refuse (EINVAL): nothing is written directly, and direct I/O is off
  // from then on.
  std::string block = TestBytes(kAlign, 5);
  void* aligned = std::aligned_alloc(kAlign, kAlign);
  ASSERT_NE(aligned, nullptr);
  std::memcpy(aligned, block.data(), kAlign);
  Result<size_t> written =
      direct_->Write(static_cast<const char*>(aligned), kAlign, 100);
  std::free(aligned);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(*written, 0u);
  EXPECT_FALSE(direct_->enabled());
  // A writer given the disabled file writes every byte the ordinary way.
  std::string data = TestBytes(3 * kAlign + 7, 6);
  std::string seen = WriteInChunks(&*direct_, 2 * kAlign, 0, data, {5000});
  EXPECT_TRUE(seen == data);
  EXPECT_TRUE(ReadFile(path_).substr(0, data.size()) == data);
}

TEST(PartWriterBlockTest, AQuarterOfThePartInWholeUnitsAtMostHalfAMebibyte) {
  EXPECT_EQ(PartWriter::BlockBytesFor(8 << 20), 512u << 10);
  EXPECT_EQ(PartWriter::BlockBytesFor(2 << 20), 512u << 10);
  EXPECT_EQ(PartWriter::BlockBytesFor(1 << 20), 256u << 10);
  EXPECT_EQ(PartWriter::BlockBytesFor(102400), 6 * kAlign);  // 25,600 down
  EXPECT_EQ(PartWriter::BlockBytesFor(1000), kAlign);
  EXPECT_EQ(PartWriter::BlockBytesFor(uint64_t{5} << 30), 512u << 10);
}

}  // namespace
}  // namespace ossxfer::util
