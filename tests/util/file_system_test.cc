// util::File and the atomic replace over a FileSystem that fails: every
// call the seam names goes through the one the file was opened with, a
// failed sync poisons the file, and WriteFileAtomically / RenameDurably
// leave the old state whole, whichever of their calls fails.
#include "util/file_system.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/faulty_file_system.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "util/file.h"

namespace ossxfer::util {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::FaultyFileSystem;
using ::ossxfer::testing::FileCall;
using ::ossxfer::testing::FileFault;
using ::ossxfer::testing::FileOp;
using ::ossxfer::testing::FileOpName;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::WriteFile;

bool Says(const Status& status, const std::string& text) {
  return status.message().find(text) != std::string::npos;
}

TEST(FileSystemTest, AFileMakesItsCallsThroughTheFileSystemItWasOpenedWith) {
  TempDir dir;
  FaultyFileSystem file_system;
  Result<File> file =
      File::Open(dir.path() / "f", O_RDWR | O_CREAT, 0644, file_system);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE(file->Allocate(10).ok());
  ASSERT_TRUE(file->WriteAt("abc", 3, 2).ok());
  char buffer[3];
  ASSERT_TRUE(file->ReadAt(buffer, 3, 2).ok());
  EXPECT_EQ(std::string(buffer, 3), "abc");
  ASSERT_TRUE(file->DataSync().ok());
  ASSERT_TRUE(file->Sync().ok());
  Result<File> again = file->Reopen(O_RDWR);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(again->WriteAt("d", 1, 0).ok());
  EXPECT_EQ(&again->file_system(), &file_system);

  EXPECT_EQ(file_system.calls(FileOp::kTruncate), 1);
  EXPECT_EQ(file_system.calls(FileOp::kAllocate), 1);
  EXPECT_EQ(file_system.calls(FileOp::kWrite), 2);
  EXPECT_EQ(file_system.calls(FileOp::kRead), 1);
  EXPECT_EQ(file_system.calls(FileOp::kDataSync), 1);
  EXPECT_EQ(file_system.calls(FileOp::kSync), 1);
  EXPECT_EQ(&File::Open(dir.path() / "g", O_RDWR | O_CREAT)->file_system(),
            &FileSystem::Posix());
}

// The reason and the path reach the caller as for a real failure.
TEST(FileSystemTest, AnInjectedErrnoReadsLikeARealOne) {
  TempDir dir;
  FaultyFileSystem file_system;
  file_system.Add(FileFault{FileOp::kWrite, ENOSPC});
  const fs::path path = dir.path() / "full";
  Result<File> file = File::Open(path, O_RDWR | O_CREAT, 0644, file_system);
  ASSERT_TRUE(file.ok());
  Status failed = file->WriteAt("x", 1, 4096);
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_EQ(failed.message(), "write at offset 4096 of " + path.string() +
                                  ": No space left on device");
  EXPECT_TRUE(file->WriteAt("x", 1, 4096).ok());  // the fault fired once
}

// Linux reports a failed write-back once, then marks the pages clean: a
// second fdatasync would succeed over lost bytes. The File remembers.
TEST(FileSystemTest, AFailedSyncFailsEveryLaterSyncOfTheFile) {
  for (FileOp failing : {FileOp::kDataSync, FileOp::kSync}) {
    SCOPED_TRACE(FileOpName(failing));
    TempDir dir;
    FaultyFileSystem file_system;
    file_system.Add(FileFault{failing, EIO});  // the first call only
    Result<File> file =
        File::Open(dir.path() / "f", O_RDWR | O_CREAT, 0644, file_system);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->WriteAt("data", 4, 0).ok());
    Status first =
        failing == FileOp::kDataSync ? file->DataSync() : file->Sync();
    EXPECT_TRUE(Says(first, "Input/output error")) << first;
    EXPECT_EQ(file->DataSync().message(), first.message());
    EXPECT_EQ(file->Sync().message(), first.message());
    File moved = std::move(*file);
    EXPECT_FALSE(moved.DataSync().ok());
    EXPECT_EQ(file_system.failures(failing), 1);
    // Another file is not affected.
    Result<File> other =
        File::Open(dir.path() / "g", O_RDWR | O_CREAT, 0644, file_system);
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->DataSync().ok());
    EXPECT_TRUE(other->Sync().ok());
  }
}

// Whichever call of the replace fails (the temp file's write, its fsync,
// the rename), the old content stays and no temp file is left; the error
// names the reason and the file.
TEST(FileSystemTest, AFailedAtomicWriteLeavesTheOldContent) {
  for (FileOp failing : {FileOp::kWrite, FileOp::kSync, FileOp::kRename}) {
    SCOPED_TRACE(FileOpName(failing));
    TempDir dir;
    const fs::path path = dir.path() / "state.json";
    ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
    FaultyFileSystem file_system;
    file_system.Add(FileFault{failing, failing == FileOp::kWrite ? ENOSPC : EIO,
                              [&](const FileCall& call) {
                                return call.path == AtomicWriteTempPath(path);
                              }});
    Status failed = WriteFileAtomically(path, "new", file_system);
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(Says(failed, failing == FileOp::kWrite
                                 ? "No space left on device"
                                 : "Input/output error"))
        << failed;
    EXPECT_TRUE(Says(failed, path.string())) << failed;
    EXPECT_EQ(file_system.failures(failing), 1);
    EXPECT_EQ(ReadFile(path), "old");
    EXPECT_FALSE(fs::exists(AtomicWriteTempPath(path)));
  }
}

// A rename that went through but whose directory fsync failed is an
// error: the rename may not survive a crash.
TEST(FileSystemTest, RenameDurablyReportsAFailedDirectorySync) {
  TempDir dir;
  WriteFile(dir.path() / "from", "bytes");
  FaultyFileSystem file_system;
  file_system.Add(FileFault{FileOp::kSync, EIO, [&](const FileCall& call) {
                              return call.path == dir.path();
                            }});
  Status failed =
      RenameDurably(dir.path() / "from", dir.path() / "to", file_system);
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_TRUE(Says(failed, "fsync directory")) << failed;
  EXPECT_EQ(ReadFile(dir.path() / "to"), "bytes");
}

}  // namespace
}  // namespace ossxfer::util
