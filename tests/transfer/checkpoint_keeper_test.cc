#include "transfer/checkpoint_keeper.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/sample_checkpoint.h"
#include "support/test_files.h"
#include "transfer/download_checkpoint.h"

namespace ossxfer::transfer {
namespace {

namespace fs = std::filesystem;

class CheckpointKeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("keeper-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "x.dcp";
  }
  void TearDown() override { fs::remove_all(dir_); }

  using Keeper = CheckpointKeeper<DownloadCheckpoint>;
  static constexpr Keeper::Format kFormat{LoadDownloadCheckpoint,
                                          SerializeDownloadCheckpoint};

  // A checkpoint whose one part records `done` bytes.
  static DownloadCheckpoint WithDone(uint64_t done) {
    return testing::OnePartCheckpoint(done);
  }

  static bool Noted(const TransferCore& core, const std::string& text) {
    for (const std::string& notice : core.notices()) {
      if (notice.find(text) != std::string::npos) return true;
    }
    return false;
  }

  fs::path dir_;
  fs::path path_;
  TransferCore core_{TransferSettings{}};
};

TEST_F(CheckpointKeeperTest, ADamagedFileIsDiscardedWithANoticeNamingIt) {
  testing::WriteFile(path_, "{\"format\": \"ossxfer-download\", trunc");
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  EXPECT_FALSE(keeper.Load().has_value());
  EXPECT_TRUE(Noted(core_, "discarded checkpoint " + path_.string()));
  EXPECT_TRUE(Noted(core_, "starting over"));
}

TEST_F(CheckpointKeeperTest, LoadsWhatAFlushSaved) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  keeper.SetRecorder({[] { return WithDone(4096); }, nullptr, nullptr});
  ASSERT_TRUE(keeper.Flush().ok());
  Keeper again(path_, kFormat, core_, util::FileSystem::Posix());
  std::optional<DownloadCheckpoint> loaded = again.Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(*loaded, WithDone(4096));
  EXPECT_TRUE(core_.notices().empty());
}

TEST_F(CheckpointKeeperTest, TheSnapshotIsTakenBeforeItIsMadeDurable) {
  std::vector<std::string> order;
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  keeper.SetRecorder({[&] {
                        order.push_back("snapshot");
                        return WithDone(1);
                      },
                      [&] {
                        order.push_back("durable");
                        return Status();
                      },
                      [&](const DownloadCheckpoint&) {
                        order.push_back("recorded");
                        return uint64_t{0};
                      }});
  ASSERT_TRUE(keeper.Flush().ok());
  EXPECT_EQ(order,
            (std::vector<std::string>{"snapshot", "durable", "recorded"}));
}

TEST_F(CheckpointKeeperTest, AFailedSyncLeavesThePreviousCheckpoint) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  uint64_t done = 100;
  bool sync_fails = false;
  bool marked = false;
  keeper.SetRecorder({[&] { return WithDone(done); },
                      [&] {
                        return sync_fails ? Status::IoError(
                                                "fdatasync: Input/output error")
                                          : Status();
                      },
                      [&](const DownloadCheckpoint&) {
                        marked = true;
                        return uint64_t{0};
                      }});
  ASSERT_TRUE(keeper.Flush().ok());
  done = 200;
  sync_fails = true;
  marked = false;
  Status flushed = keeper.Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kIoError);
  EXPECT_FALSE(marked) << "nothing may count as recorded";
  Result<std::optional<DownloadCheckpoint>> on_disk =
      LoadDownloadCheckpoint(path_);
  ASSERT_TRUE(on_disk.ok() && on_disk->has_value());
  EXPECT_EQ((*on_disk)->parts[0].done, 100u);
}

TEST_F(CheckpointKeeperTest, WithoutAPathNothingIsKept) {
  Keeper keeper(fs::path(), kFormat, core_, util::FileSystem::Posix());
  bool snapshot = false;
  keeper.SetRecorder({[&] {
                        snapshot = true;
                        return WithDone(1);
                      },
                      nullptr, nullptr});
  keeper.Keep(true);
  EXPECT_FALSE(keeper.keeping());
  EXPECT_TRUE(keeper.Flush().ok());
  EXPECT_FALSE(snapshot);
  EXPECT_FALSE(keeper.Load().has_value());
}

TEST_F(CheckpointKeeperTest, KeepingNoneRemovesTheFileAndWritesNoMore) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  keeper.SetRecorder({[] { return WithDone(7); }, nullptr, nullptr});
  ASSERT_TRUE(keeper.Flush().ok());
  ASSERT_TRUE(fs::exists(path_));
  keeper.Keep(false);
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_TRUE(keeper.Flush().ok());
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_FALSE(keeper.Load().has_value());
}

// The keeper writes slots in place into the file it made (checkpoint_
// slots.h); once that file is removed, a flush makes a new one rather
// than writing into the removed one, where no run would find it.
TEST_F(CheckpointKeeperTest, AFlushAfterRemoveWritesANewFile) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  uint64_t done = 1;
  keeper.SetRecorder({[&] { return WithDone(done); }, nullptr, nullptr});
  ASSERT_TRUE(keeper.Flush().ok());
  ASSERT_TRUE(keeper.Flush().ok());
  keeper.Remove();
  EXPECT_FALSE(fs::exists(path_));
  done = 2;
  ASSERT_TRUE(keeper.Flush().ok());
  Result<std::optional<DownloadCheckpoint>> on_disk =
      LoadDownloadCheckpoint(path_);
  ASSERT_TRUE(on_disk.ok() && on_disk->has_value());
  EXPECT_EQ((*on_disk)->parts[0].done, 2u);
}

TEST_F(CheckpointKeeperTest, AWriteThatWouldPassTheBudgetWaitsForAFlush) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  int flushes = 0;
  uint64_t still_unrecorded = 0;
  keeper.SetRecorder({[] { return WithDone(1); }, nullptr,
                      [&](const DownloadCheckpoint&) {
                        ++flushes;
                        return still_unrecorded;
                      }});
  keeper.SetUnrecordedBudget(100);
  keeper.AddUnrecorded(60);
  ASSERT_TRUE(keeper.BoundUnrecorded(40).ok());  // exactly the budget
  EXPECT_EQ(flushes, 0);
  keeper.AddUnrecorded(40);
  ASSERT_TRUE(keeper.BoundUnrecorded(1).ok());  // one byte over
  EXPECT_EQ(flushes, 1);
  // The flush recounted: 0 unrecorded, so 100 more fit without another.
  ASSERT_TRUE(keeper.BoundUnrecorded(100).ok());
  EXPECT_EQ(flushes, 1);
  // A flush that could not make room (the bytes are still not durable)
  // is tried again by the next write over the budget.
  still_unrecorded = 100;
  keeper.AddUnrecorded(100);
  ASSERT_TRUE(keeper.BoundUnrecorded(1).ok());
  ASSERT_TRUE(keeper.BoundUnrecorded(1).ok());
  EXPECT_EQ(flushes, 3);
}

TEST_F(CheckpointKeeperTest, FlushesTakeTurns) {
  Keeper keeper(path_, kFormat, core_, util::FileSystem::Posix());
  // The first flush holds its sync open until a second flush enters one
  // too, or 200 ms pass: without the keeper's turn-taking they overlap.
  std::mutex mutex;
  std::condition_variable changed;
  int inside = 0;
  bool overlapped = false;
  keeper.SetRecorder({[] { return WithDone(1); },
                      [&] {
                        std::unique_lock lock(mutex);
                        if (++inside > 1) overlapped = true;
                        changed.notify_all();
                        changed.wait_for(lock, std::chrono::milliseconds(200),
                                         [&] { return inside > 1; });
                        --inside;
                        return Status();
                      },
                      nullptr});
  std::thread first([&] { EXPECT_TRUE(keeper.Flush().ok()); });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return inside == 1; });
  }
  std::thread second([&] { EXPECT_TRUE(keeper.Flush().ok()); });
  first.join();
  second.join();
  EXPECT_FALSE(overlapped);
  Result<std::optional<DownloadCheckpoint>> on_disk =
      LoadDownloadCheckpoint(path_);
  EXPECT_TRUE(on_disk.ok() && on_disk->has_value());
}

}  // namespace
}  // namespace ossxfer::transfer
