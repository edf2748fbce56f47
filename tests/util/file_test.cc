#include "util/file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "support/test_sizes.h"

namespace ossxfer::util {
namespace {

namespace fs = std::filesystem;

using ::ossxfer::testing::kMiB;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> Entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "ossxfer_file.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  File OpenOrDie(const fs::path& path, int flags = O_RDWR | O_CREAT) {
    Result<File> file = File::Open(path, flags);
    EXPECT_TRUE(file.ok()) << file.status();
    return std::move(file).value();
  }

  void WriteText(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  fs::path dir_;
};

TEST_F(FileTest, WritesAndReadsAtOffsets) {
  File file = OpenOrDie(dir_ / "data");
  ASSERT_TRUE(file.WriteAt("hello", 5, 0).ok());
  ASSERT_TRUE(file.WriteAt("world", 5, 10).ok());
  Result<uint64_t> size = file.Size();
  ASSERT_TRUE(size.ok()) << size.status();
  EXPECT_EQ(*size, 15u);

  char buffer[15];
  ASSERT_TRUE(file.ReadAt(buffer, sizeof(buffer), 0).ok());
  EXPECT_EQ(std::string(buffer, 15), std::string("hello\0\0\0\0\0world", 15));
  ASSERT_TRUE(file.ReadAt(buffer, 3, 11).ok());
  EXPECT_EQ(std::string(buffer, 3), "orl");
  // Overwriting in the middle leaves the rest alone.
  ASSERT_TRUE(file.WriteAt("XY", 2, 3).ok());
  ASSERT_TRUE(file.ReadAt(buffer, 5, 0).ok());
  EXPECT_EQ(std::string(buffer, 5), "helXY");
}

TEST_F(FileTest, ReadingPastTheEndIsAnErrorNamingTheOffset) {
  File file = OpenOrDie(dir_ / "short");
  ASSERT_TRUE(file.WriteAt("0123456789", 10, 0).ok());
  char buffer[8];
  Status status = file.ReadAt(buffer, sizeof(buffer), 5);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_TRUE(Contains(status.message(), "offset 5")) << status;
  EXPECT_TRUE(Contains(status.message(), (dir_ / "short").string())) << status;
  // Exactly to the end is fine.
  EXPECT_TRUE(file.ReadAt(buffer, 5, 5).ok());
}

TEST_F(FileTest, MovedFileKeepsTheDescriptor) {
  File file = OpenOrDie(dir_ / "moved");
  const int fd = file.fd();
  File other = std::move(file);
  EXPECT_EQ(other.fd(), fd);
  EXPECT_EQ(other.path(), dir_ / "moved");
  File third = OpenOrDie(dir_ / "third");
  third = std::move(other);
  EXPECT_EQ(third.fd(), fd);
  EXPECT_TRUE(third.WriteAt("x", 1, 0).ok());
}

TEST_F(FileTest, AllocateGrowsToExactlyTheSize) {
  File file = OpenOrDie(dir_ / "grow");
  ASSERT_TRUE(file.Allocate(3 * kMiB + 7).ok());
  EXPECT_EQ(file.Size().value(), 3 * kMiB + 7);
  EXPECT_EQ(fs::file_size(dir_ / "grow"), 3 * kMiB + 7);
  char last = 'x';
  ASSERT_TRUE(file.ReadAt(&last, 1, 3 * kMiB + 6).ok());
  EXPECT_EQ(last, '\0');
}

TEST_F(FileTest, AllocateShrinksALongerFile) {
  File file = OpenOrDie(dir_ / "shrink");
  std::string content(2 * kMiB, 'a');
  ASSERT_TRUE(file.WriteAt(content.data(), content.size(), 0).ok());
  ASSERT_TRUE(file.Allocate(1000).ok());
  EXPECT_EQ(file.Size().value(), 1000u);
  char buffer[1000];
  ASSERT_TRUE(file.ReadAt(buffer, sizeof(buffer), 0).ok());
  EXPECT_EQ(std::string(buffer, 1000), std::string(1000, 'a'));
  ASSERT_TRUE(file.Allocate(0).ok());
  EXPECT_EQ(file.Size().value(), 0u);
}

TEST_F(FileTest, DataSyncAndSyncSucceed) {
  File file = OpenOrDie(dir_ / "sync");
  ASSERT_TRUE(file.WriteAt("durable", 7, 0).ok());
  EXPECT_TRUE(file.DataSync().ok());
  EXPECT_TRUE(file.Sync().ok());
  EXPECT_TRUE(SyncDirectory(dir_).ok());
}

TEST_F(FileTest, TryLockExcludesASecondDescriptorUntilTheFirstCloses) {
  const fs::path path = dir_ / "locked";
  File second = OpenOrDie(path);
  {
    File first = OpenOrDie(path);
    ASSERT_TRUE(first.TryLock().ok());
    // flock locks belong to the open file description, so a second open in
    // the same process conflicts just as another process would.
    Status status = second.TryLock();
    EXPECT_EQ(status.code(), StatusCode::kBusy) << status;
    EXPECT_TRUE(Contains(status.message(), path.string())) << status;
  }
  EXPECT_TRUE(second.TryLock().ok());
}

TEST_F(FileTest, OpeningAMissingFileIsNotFound) {
  Result<File> file = File::Open(dir_ / "missing", O_RDONLY);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(file.status().message(), (dir_ / "missing").string()));
  EXPECT_TRUE(Contains(file.status().message(), "No such file or directory"))
      << file.status();
}

TEST_F(FileTest, OpeningInAnUnreadableDirectoryIsPermissionDenied) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "running as root: permission bits are not enforced";
  }
  const fs::path locked = dir_ / "locked";
  fs::create_directory(locked);
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  Result<File> file = File::Open(locked / "file", O_RDWR | O_CREAT);
  ::chmod(locked.c_str(), 0700);  // so TearDown can remove it
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kPermissionDenied)
      << file.status();
  EXPECT_TRUE(Contains(file.status().message(), "Permission denied"));
}

TEST_F(FileTest, WriteFileAtomicallyReplacesContentAndLeavesNoTempFile) {
  const fs::path path = dir_ / "state.json";
  ASSERT_TRUE(WriteFileAtomically(path, "first version, rather long").ok());
  EXPECT_EQ(ReadWholeFile(path).value(), "first version, rather long");
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(ReadWholeFile(path).value(), "second");
  EXPECT_EQ(Entries(dir_), std::vector<std::string>{"state.json"});
}

TEST_F(FileTest, WriteFileAtomicallyWritesBinaryAndEmptyContent) {
  const fs::path path = dir_ / "binary";
  const std::string bytes("\0\1\2\xff", 4);
  ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  EXPECT_EQ(ReadWholeFile(path).value(), bytes);
  ASSERT_TRUE(WriteFileAtomically(path, "").ok());
  EXPECT_EQ(ReadWholeFile(path).value(), "");
}

TEST_F(FileTest, WriteFileAtomicallyIntoAMissingDirectoryFailsCleanly) {
  const fs::path path = dir_ / "no" / "such" / "file";
  Status status = WriteFileAtomically(path, "content");
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), (dir_ / "no" / "such").string()))
      << status;
  EXPECT_TRUE(Entries(dir_).empty());
}

TEST_F(FileTest, WriteFileAtomicallyOverADirectoryFailsAndRemovesTheTemp) {
  const fs::path path = dir_ / "occupied";
  fs::create_directory(path);  // rename(2) of a file over it is EISDIR
  Status status = WriteFileAtomically(path, "content");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(Entries(dir_), std::vector<std::string>{"occupied"});
}

// A staging file left by a writer killed mid-replace (or planted there as
// a link) is replaced, never written through.
TEST_F(FileTest, WriteFileAtomicallyReplacesAStagingFileLeftBehind) {
  const fs::path path = dir_ / "state.json";
  WriteText(AtomicWriteTempPath(path), "half a checkp");
  ASSERT_TRUE(WriteFileAtomically(path, "whole").ok());
  EXPECT_EQ(ReadWholeFile(path).value(), "whole");
  EXPECT_EQ(Entries(dir_), std::vector<std::string>{"state.json"});

  WriteText(dir_ / "victim", "VICTIM");
  fs::create_symlink(dir_ / "victim", AtomicWriteTempPath(path));
  ASSERT_TRUE(WriteFileAtomically(path, "again").ok());
  EXPECT_EQ(ReadWholeFile(dir_ / "victim").value(), "VICTIM");
  EXPECT_EQ(ReadWholeFile(path).value(), "again");

  WriteText(AtomicWriteTempPath(path), "litter");
  RemoveAtomicWriteLeftover(path);
  EXPECT_FALSE(fs::exists(AtomicWriteTempPath(path)));
}

TEST_F(FileTest, OpenWorkFileRefusesWhatIsNotAFileOfItsOwn) {
  WriteText(dir_ / "victim", "VICTIM");
  fs::create_symlink(dir_ / "victim", dir_ / "link");
  Result<File> link = File::OpenWorkFile(dir_ / "link", O_RDWR | O_CREAT);
  ASSERT_FALSE(link.ok());
  EXPECT_TRUE(Contains(link.status().message(), "is a symbolic link"))
      << link.status();

  fs::create_hard_link(dir_ / "victim", dir_ / "hard");
  Result<File> hard = File::OpenWorkFile(dir_ / "hard", O_RDWR | O_CREAT);
  ASSERT_FALSE(hard.ok());
  EXPECT_TRUE(Contains(hard.status().message(), "2 hard links"))
      << hard.status();

  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  // Would block forever without O_NONBLOCK: no writer ever comes.
  Result<File> fifo = File::OpenWorkFile(dir_ / "fifo", O_WRONLY | O_CREAT);
  ASSERT_FALSE(fifo.ok());
  EXPECT_TRUE(Contains(fifo.status().message(), "a FIFO")) << fifo.status();
  Result<std::string> read = ReadWholeFile(dir_ / "fifo");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "a FIFO")) << read.status();

  EXPECT_EQ(ReadWholeFile(dir_ / "victim").value(), "VICTIM");
  Result<File> fresh = File::OpenWorkFile(dir_ / "fresh", O_RDWR | O_CREAT);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  // Blocking again for ordinary use.
  EXPECT_EQ(::fcntl(fresh->fd(), F_GETFL) & O_NONBLOCK, 0);
}

TEST_F(FileTest, ReopenOpensTheSameFileWhateverItsPathNamesNow) {
  WriteText(dir_ / "a", "original");
  Result<File> file = File::Open(dir_ / "a", O_RDWR);
  ASSERT_TRUE(file.ok());
  fs::rename(dir_ / "a", dir_ / "moved");
  WriteText(dir_ / "a", "impostor");
  Result<File> again = file->Reopen(O_WRONLY);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(again->WriteAt("O", 1, 0).ok());
  EXPECT_EQ(ReadWholeFile(dir_ / "moved").value(), "Original");
  EXPECT_EQ(ReadWholeFile(dir_ / "a").value(), "impostor");
}

TEST_F(FileTest, RenameDurablyMovesTheFile) {
  WriteText(dir_ / "from", "moved content");
  ASSERT_TRUE(RenameDurably(dir_ / "from", dir_ / "to").ok());
  EXPECT_FALSE(fs::exists(dir_ / "from"));
  EXPECT_EQ(ReadWholeFile(dir_ / "to").value(), "moved content");

  // Over an existing file, and into another directory.
  fs::create_directory(dir_ / "sub");
  WriteText(dir_ / "sub" / "target", "old");
  ASSERT_TRUE(RenameDurably(dir_ / "to", dir_ / "sub" / "target").ok());
  EXPECT_EQ(ReadWholeFile(dir_ / "sub" / "target").value(), "moved content");
  EXPECT_EQ(Entries(dir_), std::vector<std::string>{"sub"});
}

TEST_F(FileTest, RenameDurablyOfAMissingFileIsNotFound) {
  Status status = RenameDurably(dir_ / "absent", dir_ / "to");
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status;
  EXPECT_TRUE(Contains(status.message(), (dir_ / "absent").string()));
}

TEST_F(FileTest, ReadWholeFileReadsEverything) {
  std::string content;
  for (int i = 0; i < 200000; ++i) content.push_back(static_cast<char>(i));
  WriteText(dir_ / "whole", content);
  Result<std::string> read = ReadWholeFile(dir_ / "whole");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, content);

  WriteText(dir_ / "empty", "");
  EXPECT_EQ(ReadWholeFile(dir_ / "empty").value(), "");
}

TEST_F(FileTest, ReadWholeFileOfAMissingFileIsNotFound) {
  Result<std::string> read = ReadWholeFile(dir_ / "missing");
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
}

TEST_F(FileTest, ReadWholeFileRejectsAHugeFile) {
  const fs::path path = dir_ / "huge";
  WriteText(path, "");
  fs::resize_file(path, 64 * kMiB + 1);  // sparse: costs no disk space
  Result<std::string> read = ReadWholeFile(path);
  EXPECT_EQ(read.status().code(), StatusCode::kIoError);
  EXPECT_TRUE(Contains(read.status().message(), path.string()));

  fs::resize_file(path, 64 * kMiB);  // exactly the limit is still read
  EXPECT_EQ(ReadWholeFile(path).value().size(), 64 * kMiB);
}

TEST_F(FileTest, ReadWholeFileOfADirectoryIsAnIoError) {
  Result<std::string> read = ReadWholeFile(dir_);
  EXPECT_EQ(read.status().code(), StatusCode::kIoError) << read.status();
}

// A 1 MiB tmpfs, mounted for the test and unmounted afterwards.
class SmallFileSystem {
 public:
  explicit SmallFileSystem(fs::path mount_point)
      : mount_point_(std::move(mount_point)) {
    fs::create_directory(mount_point_);
    const std::string command =
        "mount -t tmpfs -o size=1m tmpfs '" + mount_point_.string() + "' 2>&1";
    mounted_ = std::system(command.c_str()) == 0;
  }
  ~SmallFileSystem() {
    if (mounted_) {
      std::system(("umount '" + mount_point_.string() + "'").c_str());
    }
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path mount_point_;
  bool mounted_ = false;
};

TEST_F(FileTest, AFullDiskFailsWithNoSpaceLeftOnDevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  SmallFileSystem small(dir_ / "small");
  if (!small.mounted()) {
    GTEST_SKIP() << "mount -t tmpfs failed (no CAP_SYS_ADMIN here?)";
  }
  const fs::path path = dir_ / "small" / "big";
  File file = OpenOrDie(path);

  Status status = file.Allocate(10 * kMiB);
  EXPECT_EQ(status.code(), StatusCode::kIoError) << status;
  EXPECT_TRUE(Contains(status.message(), "No space left on device")) << status;
  EXPECT_TRUE(Contains(status.message(), path.string())) << status;

  const std::string data(2 * kMiB, 'z');
  status = file.WriteAt(data.data(), data.size(), 0);
  EXPECT_EQ(status.code(), StatusCode::kIoError) << status;
  EXPECT_TRUE(Contains(status.message(), "No space left on device")) << status;
  EXPECT_TRUE(Contains(status.message(), path.string())) << status;
}

}  // namespace
}  // namespace ossxfer::util
