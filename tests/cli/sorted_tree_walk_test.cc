// SortedTreeWalk: a tree in the byte order an object store lists its keys
// in, whatever order the directories give, without the work directory and
// without entering links to directories.
#include "cli/sorted_tree_walk.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ossxfer/work_files.h"
#include "support/serve_process.h"
#include "support/test_files.h"

namespace ossxfer::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Walk(const fs::path& root) {
  SortedTreeWalk walk(root);
  std::vector<std::string> relative;
  while (true) {
    Result<std::optional<SortedTreeWalk::Entry>> next = walk.Next();
    EXPECT_TRUE(next.ok()) << next.status();
    if (!next.ok() || !*next) break;
    EXPECT_EQ((*next)->path, root / (*next)->relative);
    relative.push_back((*next)->relative);
  }
  return relative;
}

TEST(SortedTreeWalkTest, ComesInTheByteOrderOfWholePaths) {
  testing::TempDir root;
  // '.' (0x2e) < '/' (0x2f) < '0' (0x30): a directory's files sort between
  // its siblings "a.b" and "a0", not before both as names alone would.
  for (const char* file :
       {"a0", "a/x", "a/y/z", "a.b", "B", "a-", "é", "a/y0"}) {
    testing::WriteFile(root.path() / file, "x");
  }
  fs::create_directories(root.path() / "empty");
  const std::vector<std::string> walked = Walk(root.path());
  std::vector<std::string> sorted = walked;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(walked, sorted);
  EXPECT_EQ(walked, (std::vector<std::string>{"B", "a-", "a.b", "a/x", "a/y/z",
                                              "a/y0", "a0", "é"}));
}

TEST(SortedTreeWalkTest, LeavesOutTheWorkDirectoryAndLinksToDirectories) {
  testing::TempDir root;
  testing::WriteFile(root.path() / "d/f", "x");
  testing::WriteFile(root.path() / std::string(kWorkDirectoryName) / "t", "x");
  fs::create_directory_symlink(root.path() / "d", root.path() / "loop");
  fs::create_symlink(root.path() / "d/f", root.path() / "link-to-f");
  EXPECT_EQ(Walk(root.path()), (std::vector<std::string>{"d/f", "link-to-f"}));
  SortedTreeWalk walk(root.path());
  Result<std::optional<SortedTreeWalk::Entry>> first = walk.Next();
  ASSERT_TRUE(first.ok() && *first);
  Result<std::optional<SortedTreeWalk::Entry>> link = walk.Next();
  ASSERT_TRUE(link.ok() && *link);
  EXPECT_TRUE(fs::is_symlink((*link)->own_status));
  EXPECT_TRUE(fs::is_regular_file((*link)->status));
}

TEST(SortedTreeWalkTest, AMissingRootIsEmptyAndAFileRootAnError) {
  testing::TempDir root;
  EXPECT_TRUE(Walk(root.path() / "missing").empty());
  testing::WriteFile(root.path() / "file", "x");
  SortedTreeWalk walk(root.path() / "file");
  Result<std::optional<SortedTreeWalk::Entry>> next = walk.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kIoError);
  EXPECT_NE(next.status().message().find("file"), std::string::npos);
}

}  // namespace
}  // namespace ossxfer::cli
