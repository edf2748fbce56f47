// TreeJournal: what one run records the next reads, only whole lines, one
// job at a time; a changed version is not taken for the finished one.
#include "cli/tree_journal.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "support/serve_process.h"

namespace ossxfer::cli {
namespace {

namespace fs = std::filesystem;

class TreeJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(setenv("XDG_STATE_HOME", state_.path().c_str(), 1), 0);
  }
  void TearDown() override { unsetenv("XDG_STATE_HOME"); }

  std::unique_ptr<TreeJournal> Open(const std::string& job) {
    Result<std::unique_ptr<TreeJournal>> journal =
        TreeJournal::Open(job, nullptr);
    EXPECT_TRUE(journal.ok()) << journal.status();
    return journal.ok() ? std::move(*journal) : nullptr;
  }

  testing::TempDir state_;
};

TEST_F(TreeJournalTest, WhatOneRunRecordsTheNextFinds) {
  {
    std::unique_ptr<TreeJournal> journal = Open("download\na\nb");
    ASSERT_NE(journal, nullptr);
    EXPECT_EQ(journal->finished_before(), 0u);
    ASSERT_TRUE(journal->Record("dir/one", "5 \"etag1\"").ok());
    ASSERT_TRUE(journal->Record("two\nwith a newline", "7 \"etag2\"").ok());
    ASSERT_TRUE(journal->Flush().ok());
    EXPECT_EQ(fs::file_size(journal->path()), 2 * 33u);  // bytes a file
  }
  std::unique_ptr<TreeJournal> journal = Open("download\na\nb");
  ASSERT_NE(journal, nullptr);
  EXPECT_EQ(journal->finished_before(), 2u);
  EXPECT_TRUE(journal->Finished("dir/one", "5 \"etag1\""));
  EXPECT_TRUE(journal->Finished("two\nwith a newline", "7 \"etag2\""));
  // Another version of the same path, or another path, is not finished.
  EXPECT_FALSE(journal->Finished("dir/one", "5 \"etag9\""));
  EXPECT_FALSE(journal->Finished("dir/one", "6 \"etag1\""));
  EXPECT_FALSE(journal->Finished("dir/on", "e5 \"etag1\""));
  // Another job has a journal of its own.
  std::unique_ptr<TreeJournal> other = Open("download\na\nc");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->finished_before(), 0u);
  EXPECT_NE(other->path(), journal->path());

  journal->Remove();
  EXPECT_FALSE(fs::exists(journal->path()));
}

TEST_F(TreeJournalTest, ATornLineAndWhatFollowsAreDropped) {
  fs::path path;
  {
    std::unique_ptr<TreeJournal> journal = Open("job");
    ASSERT_NE(journal, nullptr);
    ASSERT_TRUE(journal->Record("kept", "1").ok());
    ASSERT_TRUE(journal->Flush().ok());
    path = journal->path();
  }
  {
    // A crash mid-write: half a line.
    std::ofstream torn(path, std::ios::app);
    torn << "0123456789abcdef";
  }
  {
    std::unique_ptr<TreeJournal> journal = Open("job");
    ASSERT_NE(journal, nullptr);
    EXPECT_EQ(journal->finished_before(), 1u);
    EXPECT_TRUE(journal->Finished("kept", "1"));
    // The torn bytes are gone, and the next line starts where they were.
    EXPECT_EQ(fs::file_size(path), 33u);
    ASSERT_TRUE(journal->Record("next", "2").ok());
    ASSERT_TRUE(journal->Flush().ok());
  }
  std::unique_ptr<TreeJournal> journal = Open("job");
  ASSERT_NE(journal, nullptr);
  EXPECT_EQ(journal->finished_before(), 2u);
  EXPECT_TRUE(journal->Finished("next", "2"));
}

TEST_F(TreeJournalTest, TheSameJobTwiceAtOnceFailsFast) {
  std::unique_ptr<TreeJournal> first = Open("job");
  ASSERT_NE(first, nullptr);
  Result<std::unique_ptr<TreeJournal>> second =
      TreeJournal::Open("job", nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kBusy);
  EXPECT_NE(second.status().message().find("running already"),
            std::string::npos)
      << second.status();
}

TEST_F(TreeJournalTest, ALineVouchesOnlyAfterWhatComesBeforeIt) {
  int synced = 0;
  Result<std::unique_ptr<TreeJournal>> journal = TreeJournal::Open("job", [&] {
    ++synced;
    return synced == 1 ? Status::IoError("fsync directory: EIO") : Status();
  });
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE((*journal)->Record("a", "1").ok());
  // The renames could not be made durable: nothing is written, and the
  // journal stops there (a later line would vouch for them too).
  Status flushed = (*journal)->Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kIoError);
  EXPECT_EQ(fs::file_size((*journal)->path()), 0u);
  EXPECT_FALSE((*journal)->Record("b", "2").ok() && (*journal)->Flush().ok());
  EXPECT_EQ(fs::file_size((*journal)->path()), 0u);
}

}  // namespace
}  // namespace ossxfer::cli
