#include "transfer/checkpoint_slots.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "support/faulty_file_system.h"
#include "support/sample_checkpoint.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "transfer/download_checkpoint.h"

namespace ossxfer::transfer {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::FaultyFileSystem;
using ::ossxfer::testing::FileCall;
using ::ossxfer::testing::FileFault;
using ::ossxfer::testing::FileOp;
using ::ossxfer::testing::OnePartCheckpoint;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::WriteFile;

class CheckpointSlotsTest : public ::testing::Test {
 protected:
  // A sealed download checkpoint whose one part records `done` bytes.
  static std::string Envelope(uint64_t done, size_t key_length = 1) {
    return SerializeDownloadCheckpoint(OnePartCheckpoint(done, key_length));
  }

  // The bytes the checkpoint on disk records for its part.
  uint64_t LoadedDone() {
    Result<std::optional<DownloadCheckpoint>> loaded =
        LoadDownloadCheckpoint(path_);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    if (!loaded.ok() || !loaded->has_value()) return ~uint64_t{0};
    return (*loaded)->parts.at(0).done;
  }

  ino_t Inode() {
    struct stat info {};
    EXPECT_EQ(::stat(path_.c_str(), &info), 0);
    return info.st_ino;
  }

  TempDir dir_;
  const fs::path path_ = dir_.path() / "x.dcp";
};

TEST_F(CheckpointSlotsTest, TheNewestWriteIsReadFirstAndTheOneBeforeItNext) {
  CheckpointSlots slots(path_, util::FileSystem::Posix());
  for (uint64_t done : {100, 200, 300}) {
    ASSERT_TRUE(slots.Write(Envelope(done)).ok());
    EXPECT_EQ(LoadedDone(), done);
  }
  const std::string text = ReadFile(path_);
  std::vector<std::string_view> envelopes = CheckpointEnvelopesIn(text);
  ASSERT_EQ(envelopes.size(), 2u);
  EXPECT_EQ(envelopes[0], Envelope(300));
  EXPECT_EQ(envelopes[1], Envelope(200));
}

TEST_F(CheckpointSlotsTest, OnlyTheFirstWriteReplacesTheFile) {
  FaultyFileSystem file_system;
  CheckpointSlots slots(path_, file_system);
  ASSERT_TRUE(slots.Write(Envelope(1)).ok());
  const ino_t inode = Inode();
  const uintmax_t size = fs::file_size(path_);
  for (uint64_t done = 2; done < 50; ++done) {
    ASSERT_TRUE(slots.Write(Envelope(done)).ok());
  }
  EXPECT_EQ(Inode(), inode);
  EXPECT_EQ(fs::file_size(path_), size);
  EXPECT_EQ(file_system.calls(FileOp::kRename), 1);
  // The first write's file and directory fsyncs; the in-place ones within
  // this fast loop need at most one sync (a second may have passed).
  EXPECT_LE(file_system.calls(FileOp::kDataSync), 1);
  EXPECT_EQ(LoadedDone(), 49u);
}

TEST_F(CheckpointSlotsTest, AWriteAskedToBeDurableIsSyncedAtOnce) {
  FaultyFileSystem file_system;
  CheckpointSlots slots(path_, file_system);
  ASSERT_TRUE(slots.Write(Envelope(1)).ok());
  const int before = file_system.calls(FileOp::kDataSync);
  ASSERT_TRUE(slots.Write(Envelope(2), /*sync_now=*/true).ok());
  EXPECT_EQ(file_system.calls(FileOp::kDataSync), before + 1);
}

TEST_F(CheckpointSlotsTest, ATornNewerSlotLeavesTheOlderOne) {
  CheckpointSlots slots(path_, util::FileSystem::Posix());
  ASSERT_TRUE(slots.Write(Envelope(100)).ok());
  ASSERT_TRUE(slots.Write(Envelope(200)).ok());
  // A crash halfway through the slot of 200: its tail is garbage.
  std::string text = ReadFile(path_);
  const size_t at = text.find(Envelope(200));
  ASSERT_NE(at, std::string::npos);
  text.replace(at + Envelope(200).size() / 2, 8, "XXXXXXXX");
  WriteFile(path_, text);
  EXPECT_EQ(LoadedDone(), 100u);
}

TEST_F(CheckpointSlotsTest, AnEnvelopeThatOutgrowsItsSlotReplacesTheFile) {
  FaultyFileSystem file_system;
  CheckpointSlots slots(path_, file_system);
  ASSERT_TRUE(slots.Write(Envelope(1)).ok());
  ASSERT_TRUE(slots.Write(Envelope(2, 20000)).ok());
  EXPECT_EQ(file_system.calls(FileOp::kRename), 2);
  EXPECT_EQ(LoadedDone(), 2u);
  ASSERT_TRUE(slots.Write(Envelope(3, 20000)).ok());
  EXPECT_EQ(file_system.calls(FileOp::kRename), 2);
  EXPECT_EQ(LoadedDone(), 3u);
}

// An in-place write that fails (EIO) leaves the checkpoint before it, and
// the next write starts a new file rather than trusting the open one.
TEST_F(CheckpointSlotsTest, AFailedWriteKeepsThePreviousCheckpoint) {
  FaultyFileSystem file_system;
  CheckpointSlots slots(path_, file_system);
  ASSERT_TRUE(slots.Write(Envelope(100)).ok());
  file_system.Add(FileFault{FileOp::kWrite, EIO, [&](const FileCall& call) {
                              return call.path == path_;
                            }});
  Status failed = slots.Write(Envelope(200));
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_EQ(LoadedDone(), 100u);
  const ino_t inode = Inode();
  ASSERT_TRUE(slots.Write(Envelope(300)).ok());
  EXPECT_NE(Inode(), inode);
  EXPECT_EQ(LoadedDone(), 300u);
}

TEST_F(CheckpointSlotsTest, AFileOfOneEnvelopeIsStillRead) {
  ASSERT_TRUE(SaveDownloadCheckpoint(path_,
                                     *ParseDownloadCheckpoint(Envelope(7)),
                                     util::FileSystem::Posix())
                  .ok());
  EXPECT_EQ(CheckpointEnvelopesIn(ReadFile(path_)),
            std::vector<std::string_view>{Envelope(7)});
  EXPECT_EQ(LoadedDone(), 7u);
  // A run that goes on from it writes slots.
  CheckpointSlots slots(path_, util::FileSystem::Posix());
  ASSERT_TRUE(slots.Write(Envelope(8)).ok());
  EXPECT_TRUE(ReadFile(path_).starts_with("ossxfer-checkpoint-slots 1 "));
  EXPECT_EQ(LoadedDone(), 8u);
}

// Headers a crash, a bad disk or a person may leave: no slot is found, and
// nothing is read outside the text.
TEST_F(CheckpointSlotsTest, HeadersThatDoNotReadGiveNoSlot) {
  const std::string slot = "1 3\nabc";
  struct Case {
    const char* why;
    std::string text;
    size_t envelopes;
  };
  // The file's header line, padded to where slot 0 starts.
  auto header = [](const std::string& slot_size) {
    std::string line = "ossxfer-checkpoint-slots 1 " + slot_size + "\n";
    line.resize(64, ' ');
    return line;
  };
  const std::vector<Case> cases = {
      {"no slot size", header("") + slot, 0},
      {"slot size 0", header("0") + slot, 0},
      {"slot size not a number", header("x") + slot, 0},
      {"slot size past 2^64", header("99999999999999999999999") + slot, 0},
      {"slot size near 2^64 (wraps)", header("18446744073709551600") + slot, 1},
      {"header line past slot 0",
       "ossxfer-checkpoint-slots 1 " + std::string(50, '0') + "16\n" + slot, 0},
      {"header cut short", "ossxfer-checkpoint-slots 1 16\n", 0},
      {"slot length past the slot", header("16") + "1 99\nabc", 0},
      {"slot length past the file", header("4096") + "1 4000\nabc", 0},
      {"slot without a length", header("16") + "1\nabc", 0},
      {"negative sequence", header("16") + "-1 3\nabc", 0},
      {"one good slot", header("16") + slot, 1},
      {"two good slots", header("8") + slot + "\n" + slot, 2},
      {"a slot of newlines and a good one",
       header("8") + "\n\n\n\n\n\n\n\n" + slot, 1},
  };
  for (const Case& c : cases) {
    std::vector<std::string_view> envelopes = CheckpointEnvelopesIn(c.text);
    EXPECT_EQ(envelopes.size(), c.envelopes) << c.why;
    for (std::string_view envelope : envelopes) {
      EXPECT_EQ(envelope, "abc") << c.why;
    }
  }
}

TEST_F(CheckpointSlotsTest, AFileWithNoReadableSlotIsDamaged) {
  WriteFile(path_,
            "ossxfer-checkpoint-slots 1 4096\n" + std::string(5000, '\n'));
  Result<std::optional<DownloadCheckpoint>> loaded =
      LoadDownloadCheckpoint(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataCorruption);
  EXPECT_NE(loaded.status().message().find("no whole checkpoint"),
            std::string::npos)
      << loaded.status();
}

}  // namespace
}  // namespace ossxfer::transfer
