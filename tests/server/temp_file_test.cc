// TempFile: every byte lands in order whatever the pieces it comes in,
// whole blocks go past the page cache with O_DIRECT, and a file that is
// never published leaves nothing behind.
#include "server/temp_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/serve_process.h"
#include "support/test_files.h"

namespace ossxfer::server {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBlock = TempFile::kBlockBytes;

class TempFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(temp_.path().empty());
    dir_ = temp_.path();
    fs::create_directory(dir_ / "tmp");
    fs::create_directory(dir_ / "data");
    // Whether this file system takes O_DIRECT at all: where it does not,
    // every byte must go the ordinary way instead.
    const fs::path probe = dir_ / "probe";
    const int fd = open(probe.c_str(), O_CREAT | O_WRONLY | O_DIRECT, 0600);
    direct_supported_ = fd >= 0;
    if (fd >= 0) close(fd);
    fs::remove(probe);
  }

  std::unique_ptr<TempFile> Create() {
    Result<std::unique_ptr<TempFile>> file = TempFile::Create(dir_ / "tmp");
    EXPECT_TRUE(file.ok()) << file.status();
    return file.ok() ? std::move(file).value() : nullptr;
  }

  // Writes `data` in pieces of `piece` bytes, publishes it and returns
  // what the published file holds.
  std::string RoundTrip(const std::string& data, size_t piece,
                        uint64_t* direct_bytes) {
    std::unique_ptr<TempFile> file = Create();
    if (!file) return "";
    for (size_t at = 0; at < data.size(); at += piece) {
      const size_t size = std::min(piece, data.size() - at);
      Status written = file->Write(data.data() + at, size);
      EXPECT_TRUE(written.ok()) << written;
    }
    *direct_bytes = file->direct_bytes();
    Result<std::string> name = file->Publish(dir_ / "data");
    EXPECT_TRUE(name.ok()) << name.status();
    if (!name.ok()) return "";
    EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
    return testing::ReadFile(dir_ / "data" / *name);
  }

  // /var/tmp rather than /tmp: a tmpfs /tmp keeps every file in the page
  // cache, which would hide what the page-cache test looks for.
  testing::TempDir temp_{"/var/tmp"};
  fs::path dir_;
  bool direct_supported_ = false;
};

TEST_F(TempFileTest, WritesEveryByteInOrderWhateverThePieces) {
  const std::vector<size_t> sizes = {
      0, 1, 4095, kBlock - 1, kBlock, kBlock + 1, 3 * kBlock + 12345};
  const std::vector<size_t> pieces = {1000, 65536, kBlock, 2 * kBlock + 7};
  for (size_t size : sizes) {
    for (size_t piece : pieces) {
      SCOPED_TRACE("size " + std::to_string(size) + ", pieces of " +
                   std::to_string(piece));
      const std::string data = testing::TestBytes(size, size + piece);
      uint64_t direct_bytes = 0;
      EXPECT_EQ(RoundTrip(data, piece, &direct_bytes), data);
      // Whole blocks go direct; the last partial block never does.
      EXPECT_EQ(direct_bytes, direct_supported_ ? size / kBlock * kBlock : 0);
    }
  }
}

TEST_F(TempFileTest, WholeBlocksStayOutOfThePageCache) {
  ASSERT_TRUE(direct_supported_) << dir_ << " refuses O_DIRECT";
  const std::string data = testing::TestBytes(4 * kBlock + 100, 3);
  std::unique_ptr<TempFile> file = Create();
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->Write(data.data(), data.size()).ok());
  Result<std::string> name = file->Publish(dir_ / "data");
  ASSERT_TRUE(name.ok()) << name.status();

  const fs::path path = dir_ / "data" / *name;
  const int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  void* map = mmap(nullptr, data.size(), PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  ASSERT_NE(map, MAP_FAILED);
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((data.size() + page - 1) / page);
  ASSERT_EQ(mincore(map, data.size(), resident.data()), 0);
  munmap(map, data.size());
  const size_t direct_pages = 4 * kBlock / page;
  const size_t cached = static_cast<size_t>(
      std::count_if(resident.begin(), resident.begin() + direct_pages,
                    [](unsigned char flags) { return (flags & 1) != 0; }));
  EXPECT_EQ(cached, 0u) << "of the " << direct_pages
                        << " pages written with O_DIRECT";
  // The tail went through the page cache, the ordinary way.
  EXPECT_TRUE(resident.back() & 1);
}

TEST_F(TempFileTest, AFileNeverPublishedLeavesNothingBehind) {
  {
    std::unique_ptr<TempFile> file = Create();
    ASSERT_TRUE(file);
    const std::string data = testing::TestBytes(2 * kBlock + 5, 4);
    ASSERT_TRUE(file->Write(data.data(), data.size()).ok());
    EXPECT_TRUE(fs::exists(file->path()));
  }
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
  EXPECT_TRUE(fs::is_empty(dir_ / "data"));
}

TEST_F(TempFileTest, RefusesWritesAndPublishingOnceSettled) {
  std::unique_ptr<TempFile> file = Create();
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->Write("abc", 3).ok());
  Result<std::string> name = file->Publish(dir_ / "data");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_FALSE(file->Write("d", 1).ok());
  EXPECT_FALSE(file->Publish(dir_ / "data").ok());
  // The published file is whole and keeps only what came before.
  EXPECT_EQ(testing::ReadFile(dir_ / "data" / *name), "abc");
}

}  // namespace
}  // namespace ossxfer::server
