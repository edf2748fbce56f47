// DirectorySyncBatch and RenameDurably's deferred form: a deferred rename
// fsyncs nothing itself and names the directories it changed; SyncAll
// fsyncs each once and reports what it could not.
#include "ossxfer/directory_sync_batch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/faulty_file_system.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "util/file.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::FaultyFileSystem;
using ::ossxfer::testing::FileOp;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::WriteFile;

TEST(DirectorySyncBatchTest,
     ADeferredRenameSyncsNothingAndNamesBothDirectories) {
  TempDir dir;
  fs::create_directories(dir.path() / "work");
  WriteFile(dir.path() / "work" / "a.tmp", "a");
  WriteFile(dir.path() / "work" / "b.tmp", "b");
  FaultyFileSystem file_system;
  DirectorySyncBatch batch;
  ASSERT_TRUE(util::RenameDurably(dir.path() / "work" / "a.tmp",
                                  dir.path() / "a", file_system, &batch)
                  .ok());
  ASSERT_TRUE(util::RenameDurably(dir.path() / "work" / "b.tmp",
                                  dir.path() / "b", file_system, &batch)
                  .ok());
  EXPECT_EQ(file_system.calls(FileOp::kSync), 0);
  EXPECT_EQ(file_system.calls(FileOp::kRename), 2);
  EXPECT_EQ(ReadFile(dir.path() / "a"), "a");
  // The destination and the work directory, once each however many files.
  EXPECT_EQ(batch.pending(), 2u);
  ASSERT_TRUE(batch.SyncAll().ok());
  EXPECT_EQ(batch.pending(), 0u);

  // Without a batch the rename syncs both directories itself.
  WriteFile(dir.path() / "work" / "c.tmp", "c");
  ASSERT_TRUE(util::RenameDurably(dir.path() / "work" / "c.tmp",
                                  dir.path() / "c", file_system)
                  .ok());
  EXPECT_EQ(file_system.calls(FileOp::kSync), 2);
}

TEST(DirectorySyncBatchTest, AGoneDirectoryIsSkippedAndABrokenOneReported) {
  TempDir dir;
  DirectorySyncBatch batch;
  batch.Add(dir.path() / "removed-since");
  batch.Add(dir.path());
  EXPECT_TRUE(batch.SyncAll().ok());

  // A file where the directory was cannot be synced as one: an error, and
  // the other directories are still synced.
  WriteFile(dir.path() / "not-a-directory", "x");
  batch.Add(dir.path() / "not-a-directory");
  batch.Add(dir.path());
  Status failed = batch.SyncAll();
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_NE(failed.message().find("not-a-directory"), std::string::npos)
      << failed;
  EXPECT_EQ(batch.pending(), 0u);
}

}  // namespace
}  // namespace ossxfer
