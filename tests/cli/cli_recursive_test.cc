// `ossxfer cp -r` both ways against a real server: trees, --jobs, the
// summary, a failure that does not stop the rest, and keys planted to
// escape the destination directory.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli_test_support.h"

namespace ossxfer::testing {
namespace {

namespace fs = std::filesystem;
using cli::kExitOk;
using cli::kExitPartialFailure;

using RecursiveTest = CliTest;

std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(nlohmann::json::parse(line, nullptr, false));
  }
  return lines;
}

std::map<std::string, std::string> TreeOf(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      tree[fs::relative(entry.path(), root).generic_string()] =
          ReadFile(entry.path());
    }
  }
  return tree;
}

TEST_F(RecursiveTest, UploadsATreeAndDownloadsItBack) {
  const fs::path source = work() / "tree";
  WriteFile(source / "a.txt", "alpha");
  WriteFile(source / "sub" / "b.bin", TestBytes(250 * 1024, 1));
  WriteFile(source / "sub" / "deeper" / "c.txt", "");
  WriteFile(source / "name with spaces.txt", "spaces");
  // A checkpoint left over from an interrupted run is not data.
  WriteFile(source / "sub" / "old.bin.ucp", "{}");

  CliResult up =
      Run("cp -r --jobs 3 --part-size 100KiB --json tree "
          "oss://bucket/backup");
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  std::vector<nlohmann::json> lines = JsonLines(up.out);
  ASSERT_EQ(lines.size(), 6u) << up.out;
  const nlohmann::json& summary = lines.back();
  EXPECT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["done"], 4);
  EXPECT_EQ(summary["skipped"], 1);
  EXPECT_EQ(summary["failed"], 0);

  CliResult listed = Run("ls -r oss://bucket/backup/");
  ASSERT_EQ(listed.exit_code, kExitOk) << listed.err;
  for (const char* key :
       {"backup/a.txt", "backup/sub/b.bin", "backup/sub/deeper/c.txt",
        "backup/name with spaces.txt"}) {
    EXPECT_NE(listed.out.find(std::string("oss://bucket/") + key),
              std::string::npos)
        << key << "\n"
        << listed.out;
  }
  EXPECT_EQ(listed.out.find("old.bin.ucp"), std::string::npos);

  CliResult down = Run("cp -r --jobs 2 oss://bucket/backup/ restored");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_NE(down.err.find("4 done, 0 skipped, 0 failed"), std::string::npos)
      << down.err;
  std::map<std::string, std::string> expected = TreeOf(source);
  expected.erase("sub/old.bin.ucp");
  EXPECT_TRUE(TreeOf(work() / "restored") == expected);

  // Again with --skip-existing: nothing is transferred.
  CliResult again = Run("cp -r --skip-existing oss://bucket/backup/ restored");
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  EXPECT_NE(again.err.find("0 done, 4 skipped, 0 failed"), std::string::npos)
      << again.err;
}

// Keys that would land outside the directory are refused and reported,
// never written; the other files still arrive; the exit code says some
// failed.
TEST_F(RecursiveTest, TraversalKeysAreRefusedAndTheRestContinues) {
  PutObject("pre/good.txt", "good");
  PutObject("pre/../escaped.txt", "evil");
  PutObject("pre/sub/../../../escaped2.txt", "evil");
  PutObject("pre//etc/abs.txt", "abs");
  PutObject("pre/dir/", "");
  const fs::path target = work() / "out" / "inner";
  fs::create_directories(target);

  CliResult copy = Run("cp -r oss://bucket/pre/ out/inner");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  EXPECT_EQ(ReadFile(target / "good.txt"), "good");
  EXPECT_NE(copy.err.find("refused"), std::string::npos) << copy.err;
  EXPECT_NE(copy.err.find("pre/../escaped.txt"), std::string::npos) << copy.err;
  EXPECT_NE(copy.err.find("1 done, 1 skipped, 3 failed"), std::string::npos)
      << copy.err;
  // Nothing outside the target directory.
  EXPECT_FALSE(fs::exists(work() / "out" / "escaped.txt"));
  EXPECT_FALSE(fs::exists(work() / "escaped.txt"));
  EXPECT_FALSE(fs::exists(work() / "escaped2.txt"));
  EXPECT_FALSE(fs::exists(work().parent_path() / "escaped2.txt"));
  EXPECT_FALSE(fs::exists("/etc/abs.txt"));
  std::map<std::string, std::string> tree = TreeOf(work() / "out");
  EXPECT_EQ(tree.size(), 1u);
}

// A symbolic link inside the destination cannot carry a write outside it.
TEST_F(RecursiveTest, SymlinkInTheDestinationIsNotFollowedOutside) {
  PutObject("p/link/x.txt", "through the link");
  PutObject("p/ok.txt", "ok");
  fs::create_directories(work() / "dest");
  fs::create_directories(work() / "elsewhere");
  fs::create_directory_symlink(work() / "elsewhere", work() / "dest" / "link");
  CliResult copy = Run("cp -r oss://bucket/p/ dest");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  EXPECT_FALSE(fs::exists(work() / "elsewhere" / "x.txt"));
  EXPECT_EQ(ReadFile(work() / "dest" / "ok.txt"), "ok");
}

TEST_F(RecursiveTest, OneFailedFileDoesNotStopTheOthers) {
  const fs::path source = work() / "mixed";
  WriteFile(source / "1.txt", "one");
  WriteFile(source / "2.txt", "two");
  WriteFile(source / "3.txt", "three");
  ASSERT_EQ(Run("cp mixed/2.txt oss://bucket/m/2.txt").exit_code, kExitOk);
  // --forbid-overwrite makes 2.txt fail; 1 and 3 still go up.
  CliResult copy = Run("cp -r --json --forbid-overwrite mixed oss://bucket/m/");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  std::vector<nlohmann::json> lines = JsonLines(copy.out);
  ASSERT_EQ(lines.size(), 4u) << copy.out;
  int failed = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i]["state"] == "failed") {
      ++failed;
      EXPECT_EQ(lines[i]["source"], "mixed/2.txt");
      EXPECT_EQ(lines[i]["error"]["oss_code"], "FileAlreadyExists");
    }
  }
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(lines.back()["failed"], 1);
  EXPECT_EQ(ObjectBytes("m/1.txt"), "one");
  EXPECT_EQ(ObjectBytes("m/3.txt"), "three");
}

// Ctrl-C during cp -r: no new file starts, the running one keeps its
// checkpoint, and the same command finishes the job.
TEST_F(RecursiveTest, InterruptedThenTheSameCommandFinishes) {
  const fs::path source = work() / "many";
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 5; ++i) {
    std::string name = "f" + std::to_string(i) + ".bin";
    expected[name] = TestBytes(512 * 1024, 20 + i);
    WriteFile(source / name, expected[name]);
  }
  const std::string arguments =
      "cp -r -v --jobs 1 -j 1 --part-size 128KiB --limit-rate 2MiB many "
      "oss://bucket/many/";
  ChildProcess process(
      {"sh", "-c", CommandLine(Environment(), arguments) + " 2>&1"});
  const bool second_file = WaitForLine(process, "many/f1.bin?partNumber=2");
  ASSERT_TRUE(second_file);
  process.Signal(SIGINT);
  const std::string rest = RestOfOutput(process);
  EXPECT_EQ(process.Wait(), cli::kExitInterrupted);
  EXPECT_NE(rest.find("not started"), std::string::npos) << rest;
  EXPECT_NE(rest.find("Resume with:"), std::string::npos) << rest;
  EXPECT_TRUE(fs::exists(source / "f1.bin.ucp"));

  CliResult resumed =
      Run("cp -r --json --part-size 128KiB many oss://bucket/many/");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  std::vector<nlohmann::json> lines = JsonLines(resumed.out);
  // Five files and the interrupted one's checkpoint, which is skipped.
  ASSERT_EQ(lines.size(), 7u) << resumed.out;
  EXPECT_EQ(lines.back()["done"], 5);
  EXPECT_EQ(lines.back()["skipped"], 1);
  uint64_t reused = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    reused += lines[i]["bytes_reused"].get<uint64_t>();
  }
  EXPECT_GT(reused, 0u);
  for (const auto& [name, data] : expected) {
    EXPECT_TRUE(ObjectBytes("many/" + name) == data) << name;
  }
  EXPECT_FALSE(fs::exists(source / "f1.bin.ucp"));
}

TEST_F(RecursiveTest, EmptyPrefixAndMissingBucket) {
  CliResult empty = Run("cp -r oss://bucket/nothing/ dir");
  EXPECT_EQ(empty.exit_code, kExitOk) << empty.err;
  EXPECT_NE(empty.err.find("0 done, 0 skipped, 0 failed"), std::string::npos);
  CliResult missing = Run("cp -r oss://no-bucket/x/ dir2");
  EXPECT_EQ(missing.exit_code, cli::kExitNotFound) << missing.err;
  EXPECT_NE(missing.err.find("NoSuchBucket"), std::string::npos);
}

}  // namespace
}  // namespace ossxfer::testing
