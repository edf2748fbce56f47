// The pairing of a file with an object (cli/sync_pairing.h): believed only
// for the very file version and ETag recorded, and by --checksum only when
// it rested on the bytes.
#include "cli/sync_pairing.h"

#include <gtest/gtest.h>
#include <sys/xattr.h>

#include <array>
#include <chrono>
#include <filesystem>

#include "support/serve_process.h"
#include "support/test_files.h"

namespace ossxfer::cli {
namespace {

namespace fs = std::filesystem;

SystemTime ModifiedOf(const fs::path& file) {
  return std::chrono::time_point_cast<SystemTime::duration>(
      std::chrono::file_clock::to_sys(fs::last_write_time(file)));
}

class SyncPairingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = directory_.path() / "f";
    testing::WriteFile(file_, "alpha");
  }
  void Pair(SameBy by, std::string_view etag = "\"e1\"") {
    RecordSyncedPair(file_, etag, by, 5, ModifiedOf(file_));
  }
  bool Paired(std::string_view etag = "\"e1\"",
              SyncCompare compare = SyncCompare::kSizeAndTime) {
    return SyncedWith(file_, etag, compare);
  }

  testing::TempDir directory_;
  fs::path file_;
};

TEST_F(SyncPairingTest, TheRecordedFileAndETagAreBelieved) {
  EXPECT_FALSE(Paired());
  Pair(SameBy::kSizeAndTime);
  EXPECT_TRUE(Paired());
  EXPECT_FALSE(Paired("\"e2\""));
  EXPECT_FALSE(Paired(""));
}

TEST_F(SyncPairingTest, ChecksumBelievesOnlyAPairingByContent) {
  Pair(SameBy::kSizeAndTime);
  EXPECT_TRUE(Paired("\"e1\"", SyncCompare::kSizeAndTime));
  EXPECT_FALSE(Paired("\"e1\"", SyncCompare::kChecksum));
  Pair(SameBy::kContent);
  EXPECT_TRUE(Paired("\"e1\"", SyncCompare::kChecksum));
  EXPECT_TRUE(Paired("\"e1\"", SyncCompare::kSizeAndTime));
}

TEST_F(SyncPairingTest, AFileChangedSinceIsNotPaired) {
  Pair(SameBy::kContent);
  fs::last_write_time(file_,
                      fs::last_write_time(file_) + std::chrono::seconds(1));
  EXPECT_FALSE(Paired());
  // A new file of the same size and time under the name: a new inode.
  const auto written = fs::last_write_time(file_);
  Pair(SameBy::kContent);
  ASSERT_TRUE(Paired());
  const fs::path other = directory_.path() / "g";
  testing::WriteFile(other, "alpha");
  fs::last_write_time(other, written);
  fs::rename(other, file_);
  EXPECT_FALSE(Paired());
}

TEST_F(SyncPairingTest, NothingIsRecordedForAFileThatChangedBeforeTheRecord) {
  const SystemTime compared = ModifiedOf(file_);
  testing::WriteFile(file_, "alpha and more");
  RecordSyncedPair(file_, "\"e1\"", SameBy::kContent, 5, compared);
  EXPECT_FALSE(Paired());
  std::array<char, 8> value{};
  EXPECT_LT(
      ::getxattr(file_.c_str(), kSyncedAttribute, value.data(), value.size()),
      0);
  // The same size, another time.
  testing::WriteFile(file_, "ALPHA");
  RecordSyncedPair(file_, "\"e1\"", SameBy::kContent, 5,
                   compared - std::chrono::seconds(5));
  EXPECT_FALSE(Paired());
  RecordSyncedPair(file_, "", SameBy::kContent, 5, ModifiedOf(file_));
  EXPECT_FALSE(Paired(""));
}

}  // namespace
}  // namespace ossxfer::cli
