// `ossxfer cp -r` both ways against a real server: trees, --jobs, the
// summary, a failure that does not stop the rest, and keys planted to
// escape the destination directory.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/xattr.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli/exit_codes.h"
#include "cli/file_crc_cache.h"
#include "cli/sync_pairing.h"
#include "cli/sync_rules.h"
#include "cli_test_support.h"
#include "ossxfer/crc64.h"
#include "support/http_responder.h"

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

// The small-file path: the listing gives each object's size and ETag, so a
// download of a tree of small objects is one GET each and not one HEAD.
TEST_F(RecursiveTest, SmallObjectsAreOneGetEachAndNoHead) {
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 12; ++i) {
    const std::string name = fmt::format("d{}/f{:02}", i % 3, i);
    expected[name] = TestBytes(1000 + 37 * i, 40 + i);
    PutObject("small/" + name, expected[name]);
  }
  const int64_t heads = server_->Requests("HEAD");
  const int64_t gets = server_->Requests("GET");
  CliResult down = Run("cp -r --json --jobs 3 oss://bucket/small/ out");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_EQ(server_->Requests("HEAD") - heads, 0);
  EXPECT_EQ(server_->Requests("GET") - gets, 12 + 1);  // and the listing
  EXPECT_TRUE(TreeOf(work() / "out") == expected);
  int verified = 0;
  for (const nlohmann::json& line : JsonLines(down.out)) {
    if (line["type"] == "transfer" && line["crc64_verified"] == true) {
      ++verified;
    }
  }
  EXPECT_EQ(verified, 12) << down.out;
  EXPECT_FALSE(fs::exists(work() / "out" / ".ossxfer-work"));
}

// One budget of connections for the whole command (--max-connections):
// however many files (--jobs) and parts (-j) are in flight, the client
// never opens more than the cap. serve counts the connections it
// accepted; the same command without a cap opens more.
TEST_F(RecursiveTest, MaxConnectionsCapsTheWholeCommand) {
  auto accepted = [&] {
    return server_->Stats()["connections"]["accepted"].get<int64_t>();
  };
  auto copied = [&](const fs::path& directory) {
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(directory)) {
      if (entry.is_regular_file() && entry.file_size() == 3 * 102400) ++files;
    }
    return files;
  };
  const std::string tree = "oss://synthetic/tree-24x307200/";
  const std::string flags = "cp -r --jobs 8 -j 4 --part-size 100KiB ";
  // Each fetch of the stats is a connection of its own, counted when it
  // is accepted: the difference less one is ossxfer's.
  int64_t before = accepted();
  CliResult capped = Run(flags + "--max-connections 3 " + tree + " capped");
  ASSERT_EQ(capped.exit_code, kExitOk) << capped.err;
  EXPECT_LE(accepted() - before - 1, 3);
  EXPECT_EQ(copied(work() / "capped"), 24);

  before = accepted();
  CliResult uncapped = Run(flags + "--max-connections 0 " + tree + " uncapped");
  ASSERT_EQ(uncapped.exit_code, kExitOk) << uncapped.err;
  EXPECT_GT(accepted() - before - 1, 3);
  EXPECT_EQ(copied(work() / "uncapped"), 24);

  // A cap that is no number, negative or past 4096 is a usage error, and
  // nothing is copied.
  for (const char* cap : {"-1", "4097", "many"}) {
    CliResult bad =
        Run(flags + "--max-connections " + cap + " " + tree + " refused");
    EXPECT_EQ(bad.exit_code, cli::kExitUsage) << cap << ": " << bad.err;
    EXPECT_NE(bad.err.find("--max-connections"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(work() / "refused")) << cap;
  }
}

// The listing streams into the transfers (cli/item_stream.h): a sync over
// a tree of 200,000 objects (serve's synthetic listing) holds a queue, not
// the tree. Holding every entry, as before, took about 1 KiB each (over
// 200 MiB here; 1,038 MiB for a million).
TEST_F(RecursiveTest, ASyncOfAHugeTreeHoldsLittleMemory) {
  fs::create_directories(work() / "empty");
  CliResult dry =
      Run("sync -n oss://synthetic/tree-200000x65536/ empty > /dev/null");
  ASSERT_EQ(dry.exit_code, kExitOk) << dry.err;
  EXPECT_NE(dry.err.find("0 done, 200000 skipped, 0 failed"), std::string::npos)
      << dry.err;
  // The shell and ossxfer were waited for, and serve still runs: the
  // children's peak is ossxfer's.
  struct rusage usage {};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, 64 * 1024) << "peak RSS in KiB";
  EXPECT_TRUE(fs::is_empty(work() / "empty"));
}

// A sync reads its destination in step with its source
// (cli/destination_cursor.h) rather than holding it: a dry run between two
// prefixes of 200,000 objects each holds pages, not either side. Holding
// the destination, as before, peaked at 57 MiB here.
TEST_F(RecursiveTest, ASyncIntoAFullDestinationHoldsLittleMemory) {
  CliResult dry =
      Run("sync -n oss://synthetic/tree-200000x65536/ "
          "oss://synthetic/tree-200000x1024/ > /dev/null");
  ASSERT_EQ(dry.exit_code, kExitOk) << dry.err;
  EXPECT_NE(dry.err.find("0 done, 200000 skipped, 0 failed"), std::string::npos)
      << dry.err;
  struct rusage usage {};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, 40 * 1024) << "peak RSS in KiB";
}

// Ctrl-C ends the listing as well as the transfers: a tree of a million
// objects is not listed to the end (1,000 pages) to be skipped.
TEST_F(RecursiveTest, AnInterruptStopsTheListingToo) {
  const int64_t gets = server_->Requests("GET");
  ChildProcess process(
      {"sh", "-c",
       CommandLine(Environment(),
                   "cp -r --json --jobs 1 oss://synthetic/tree-1000000x1024/ "
                   "out") +
           " 2>&1"});
  const bool started = WaitForLine(process, "\"type\":\"transfer\"");
  ASSERT_TRUE(started);
  process.Signal(SIGINT);
  const std::string rest = RestOfOutput(process);
  EXPECT_EQ(process.Wait(), cli::kExitInterrupted) << rest;
  // A few pages and the files begun; the whole listing alone is 1,000.
  EXPECT_LT(server_->Requests("GET") - gets, 100);
  EXPECT_NE(rest.find("Resume with"), std::string::npos) << rest;
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

// A symbolic link inside the destination cannot carry a write outside it,
// nor make a directory there.
TEST_F(RecursiveTest, SymlinkInTheDestinationIsNotFollowedOutside) {
  PutObject("p/link/x.txt", "through the link");
  PutObject("p/link/new/dir/y.txt", "deeper through the link");
  PutObject("p/ok.txt", "ok");
  fs::create_directories(work() / "dest");
  fs::create_directories(work() / "elsewhere");
  fs::create_directory_symlink(work() / "elsewhere", work() / "dest" / "link");
  CliResult copy = Run("cp -r oss://bucket/p/ dest");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  EXPECT_NE(copy.err.find("is a symbolic link"), std::string::npos) << copy.err;
  EXPECT_FALSE(fs::exists(work() / "elsewhere" / "x.txt"));
  EXPECT_FALSE(fs::exists(work() / "elsewhere" / "new"));
  EXPECT_EQ(ReadFile(work() / "dest" / "ok.txt"), "ok");
}

// The reproduction of issue 12's first defect: a link planted where the
// download's temp file used to be is not written through, by cp -r or cp.
TEST_F(RecursiveTest, APlantedTempFileLinkNeverOverwritesAFileOutside) {
  const std::string data = TestBytes(300 * 1024, 50);
  PutObject("b/small.bin", data);
  fs::create_directories(work() / "d");
  fs::create_directories(work() / "outside");
  WriteFile(work() / "outside" / "victim", "VICTIM");
  fs::create_symlink("../outside/victim",
                     work() / "d" / "small.bin.ossxfer-tmp");
  CliResult tree = Run("cp -r --part-size 100KiB oss://bucket/b/ d");
  EXPECT_EQ(tree.exit_code, kExitOk) << tree.err;
  EXPECT_TRUE(ReadFile(work() / "d" / "small.bin") == data);
  EXPECT_EQ(ReadFile(work() / "outside" / "victim"), "VICTIM");

  fs::create_directories(work() / "d2");
  fs::create_symlink("../outside/victim",
                     work() / "d2" / "small.bin.ossxfer-tmp");
  CliResult single = Run("cp oss://bucket/b/small.bin d2/small.bin");
  EXPECT_EQ(single.exit_code, cli::kExitFailure) << single.err;
  EXPECT_NE(single.err.find("is a symbolic link"), std::string::npos)
      << single.err;
  EXPECT_EQ(ReadFile(work() / "outside" / "victim"), "VICTIM");
  EXPECT_FALSE(fs::exists(work() / "d2" / "small.bin"));
}

// Keys that look like ossxfer's own files are ordinary files: every one
// lands with its own bytes, and the work directory is gone afterwards.
TEST_F(RecursiveTest, KeysNamedLikeWorkFilesAreOrdinaryFiles) {
  std::map<std::string, std::string> expected;
  int seed = 60;
  for (const char* name : {"c/f", "c/f.ossxfer-tmp", "f", "f.dcp", "f.dcp.lock",
                           ".f.dcp.tmp", "g.ucp"}) {
    // "c/f" and "f" take several parts, so they keep checkpoints.
    const size_t size = std::string(name).ends_with("f") ? 350 * 1024 : 1000;
    expected[name] = TestBytes(size, seed++);
    PutObject(std::string("w/") + name, expected[name]);
  }
  CliResult copy =
      Run("cp -r --part-size 100KiB --jobs 4 --json oss://bucket/w/ out");
  ASSERT_EQ(copy.exit_code, kExitOk) << copy.err;
  EXPECT_TRUE(TreeOf(work() / "out") == expected);
  EXPECT_FALSE(fs::exists(work() / "out" / ".ossxfer-work"));
  std::vector<nlohmann::json> lines = JsonLines(copy.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["done"], expected.size());

  // The work directory's own name is the one a key may not take.
  PutObject("x/.ossxfer-work/evil", "evil");
  PutObject("x/fine", "fine");
  CliResult refused = Run("cp -r oss://bucket/x/ out2");
  EXPECT_EQ(refused.exit_code, kExitPartialFailure) << refused.err;
  EXPECT_NE(refused.err.find("where cp -r keeps its temp files"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(ReadFile(work() / "out2" / "fine"), "fine");
  EXPECT_FALSE(fs::exists(work() / "out2" / ".ossxfer-work"));
}

// A listing is outside input: keys that do not start with the prefix asked
// for are refused and reported, never cut and written somewhere.
TEST_F(RecursiveTest, ListedKeysOutsideThePrefixAreRefused) {
  HttpResponder lying([](const RecordedRequest& request) {
    CannedResponse answer;
    if (request.method != "GET" ||
        request.Query().find("list-type=2") == std::string::npos) {
      answer.status = 500;
      return answer;
    }
    answer.headers = {{"Content-Type", "application/xml"}};
    auto entry = [](const std::string& key) {
      return "<Contents><Key>" + key +
             "</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
             "<ETag>\"00\"</ETag><Type>Normal</Type><Size>5</Size>"
             "<StorageClass>Standard</StorageClass></Contents>";
    };
    answer.body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
        "<Name>bucket</Name><Prefix>pre%2F</Prefix><MaxKeys>1000</MaxKeys>"
        "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
        "<KeyCount>2</KeyCount>" +
        entry("a") + entry("other%2Fevil.txt") + "</ListBucketResult>";
    return answer;
  });
  std::map<std::string, std::string> environment = Environment();
  environment["OSS_ENDPOINT"] = lying.endpoint();
  CliResult copy = RunWith(environment, "cp -r oss://bucket/pre/ got");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  EXPECT_NE(copy.err.find("which it does not start with"), std::string::npos)
      << copy.err;
  EXPECT_NE(copy.err.find("0 done, 0 skipped, 2 failed"), std::string::npos)
      << copy.err;
  EXPECT_TRUE(TreeOf(work() / "got").empty());
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
  // The checkpoint is in the tree's work directory, not among its files.
  bool kept = false;
  for (const auto& entry : fs::directory_iterator(source / ".ossxfer-work")) {
    kept = kept || entry.path().extension() == ".ucp";
  }
  EXPECT_TRUE(kept);

  CliResult resumed =
      Run("cp -r --json --part-size 128KiB many oss://bucket/many/");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  std::vector<nlohmann::json> lines = JsonLines(resumed.out);
  // Five files; the work directory is not walked. The first was finished
  // by the interrupted run, and its journal says so (cli/tree_journal.h).
  ASSERT_EQ(lines.size(), 6u) << resumed.out;
  EXPECT_EQ(lines.back()["done"], 4);
  EXPECT_EQ(lines.back()["skipped"], 1);
  EXPECT_EQ(lines[0]["source"], "many/f0.bin");
  EXPECT_EQ(lines[0]["state"], "skipped");
  EXPECT_EQ(lines[0]["skip_reason"],
            "finished by an earlier run of this command")
      << lines[0];
  uint64_t reused = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    reused += lines[i]["bytes_reused"].get<uint64_t>();
  }
  EXPECT_GT(reused, 0u);
  for (const auto& [name, data] : expected) {
    EXPECT_TRUE(ObjectBytes("many/" + name) == data) << name;
  }
  EXPECT_FALSE(fs::exists(source / ".ossxfer-work"));
}

// A download interrupted mid-tree: the same command again fetches only
// what the first run had not finished (or what changed or went since), one
// GET each, and leaves no journal once it is complete.
TEST_F(RecursiveTest,
       AnInterruptedDownloadResumesWithoutRefetchingFinishedFiles) {
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 8; ++i) {
    const std::string name = fmt::format("f{}", i);
    expected[name] = TestBytes(200 * 1024, 60 + i);
    PutObject("tree/" + name, expected[name]);
  }
  const std::string arguments =
      "cp -r -v --jobs 1 --limit-rate 1MiB oss://bucket/tree/ out";
  ChildProcess process(
      {"sh", "-c", CommandLine(Environment(), arguments) + " 2>&1"});
  ASSERT_TRUE(WaitForLine(process, "/bucket/tree/f3"));
  process.Signal(SIGINT);
  (void)RestOfOutput(process);
  EXPECT_EQ(process.Wait(), cli::kExitInterrupted);

  // Between the runs, a finished object is replaced (same size, another
  // ETag) and another finished file is deleted: the journal vouches for
  // neither, so both are fetched again.
  expected["f0"] = TestBytes(200 * 1024, 99);
  PutObject("tree/f0", expected["f0"]);
  fs::remove(work() / "out" / "f1");

  const int64_t gets = server_->Requests("GET");
  CliResult resumed = Run("cp -r --json oss://bucket/tree/ out");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  std::set<std::string> skipped;
  for (const nlohmann::json& line : JsonLines(resumed.out)) {
    if (line["type"] == "transfer" && line["state"] == "skipped") {
      EXPECT_EQ(line["skip_reason"],
                "finished by an earlier run of this command");
      skipped.insert(line["source"].get<std::string>());
    }
  }
  EXPECT_FALSE(skipped.contains("oss://bucket/tree/f0")) << resumed.out;
  EXPECT_FALSE(skipped.contains("oss://bucket/tree/f1")) << resumed.out;
  EXPECT_TRUE(skipped.contains("oss://bucket/tree/f2")) << resumed.out;
  const nlohmann::json summary = JsonLines(resumed.out).back();
  EXPECT_GE(summary["skipped"].get<int>(), 1) << resumed.out;
  EXPECT_EQ(summary["done"].get<int>() + summary["skipped"].get<int>(), 8);
  // One GET per file fetched (and one listing).
  EXPECT_EQ(server_->Requests("GET") - gets, summary["done"].get<int>() + 1);
  EXPECT_TRUE(TreeOf(work() / "out") == expected);
  const fs::path journals = home() / ".local/state/ossxfer/journal";
  EXPECT_TRUE(!fs::exists(journals) || fs::is_empty(journals));

  // Complete, so a third run copies everything again, as cp -r does.
  CliResult again = Run("cp -r --json oss://bucket/tree/ out");
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  EXPECT_EQ(JsonLines(again.out).back()["done"], 8);
}

// --limit-rate is one budget for the whole command: four files at once
// share it (each alone would take a quarter of the time), both ways.
// --limit-rate-per-file limits each file on its own.
TEST_F(RecursiveTest, LimitRateCapsTheWholeCommand) {
  const fs::path source = work() / "limited";
  for (int i = 0; i < 4; ++i) {
    WriteFile(source / ("f" + std::to_string(i) + ".bin"),
              TestBytes(512 * 1024, 40 + i));
  }
  // 2 MiB at 1 MiB/s: at least 1.75 s, less the quarter second the bucket
  // may hold at the start; four limits of 1 MiB/s each would take 0.5 s.
  const auto at_least = std::chrono::milliseconds(1500);
  auto timed = [&](const std::string& arguments) {
    const auto start = std::chrono::steady_clock::now();
    CliResult result = Run(arguments);
    EXPECT_EQ(result.exit_code, kExitOk) << arguments << "\n" << result.err;
    return std::chrono::steady_clock::now() - start;
  };
  EXPECT_GE(timed("cp -r --jobs 4 --limit-rate 1MiB limited oss://bucket/l/"),
            at_least);
  EXPECT_GE(timed("cp -r --jobs 4 --limit-rate 1MiB oss://bucket/l/ back"),
            at_least);
  EXPECT_TRUE(TreeOf(work() / "back") == TreeOf(source));
  timed("cp -r --jobs 4 --limit-rate-per-file 1MiB oss://bucket/l/ per-file");
  EXPECT_TRUE(TreeOf(work() / "per-file") == TreeOf(source));
}

// -q: a tree command that succeeds says nothing, summaries included.
TEST_F(RecursiveTest, QuietSaysNothingWhenAllIsWell) {
  WriteFile(work() / "q/a.txt", "a");
  WriteFile(work() / "q/b.txt", "b");
  for (const char* arguments :
       {"-q cp -r q oss://bucket/q/", "-q sync q oss://bucket/q/",
        "-q cp -r oss://bucket/q/ q-back", "-q rm -r oss://bucket/q/"}) {
    CliResult quiet = Run(arguments);
    EXPECT_EQ(quiet.exit_code, kExitOk) << arguments;
    EXPECT_EQ(quiet.err, "") << arguments;
    EXPECT_EQ(quiet.out, "") << arguments;
  }
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

namespace ossxfer::testing {
namespace {

// ---- sync

class SyncTest : public CliTest {
 protected:
  // A sync's skip that sent no HEAD (cli/sync_pairing.h).
  static constexpr char kPaired[] =
      "skipped: unchanged since a sync found it the same (file and ETag as "
      "then)";
  // The states of a --json sync's transfer lines, by source.
  std::map<std::string, std::string> States(const std::string& out) {
    std::map<std::string, std::string> states;
    for (const nlohmann::json& line : JsonLines(out)) {
      if (line.value("type", "") == "transfer") {
        states[line["source"]] =
            line["state"].get<std::string>() +
            (line.contains("skip_reason")
                 ? ": " + line["skip_reason"].get<std::string>()
                 : "");
      }
    }
    return states;
  }
  std::vector<std::string> Deleted(const std::string& out) {
    std::vector<std::string> deleted;
    for (const nlohmann::json& line : JsonLines(out)) {
      if (line.value("type", "") == "delete") {
        deleted.push_back(line["target"].get<std::string>() + " " +
                          line["state"].get<std::string>());
      }
    }
    return deleted;
  }
  void SetTime(const fs::path& file, int64_t unix_seconds) {
    fs::last_write_time(
        file, std::chrono::file_clock::from_sys(std::chrono::sys_seconds(
                  std::chrono::seconds(unix_seconds))) +
                  std::chrono::nanoseconds(123456789));
  }
};

// Up: everything the first time; nothing when nothing changed; then only
// the file whose time changed (same size) and the one whose size changed.
// The file's time is recorded with the object.
TEST_F(SyncTest, UploadsOnlyWhatDiffers) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "a.txt", "alpha");
  WriteFile(tree / "dir/b.txt", "bravo");
  WriteFile(tree / "c.txt", "charlie");
  for (const char* name : {"a.txt", "dir/b.txt", "c.txt"}) {
    SetTime(tree / name, 1700000000);
  }
  CliResult first = Run("sync --json tree oss://bucket/s/");
  ASSERT_EQ(first.exit_code, kExitOk) << first.err;
  EXPECT_EQ(States(first.out),
            (std::map<std::string, std::string>{{"tree/a.txt", "done"},
                                                {"tree/c.txt", "done"},
                                                {"tree/dir/b.txt", "done"}}));
  HeadObjectRequest head;
  head.bucket = "bucket";
  head.key = "s/dir/b.txt";
  Result<ObjectMetadata> recorded = client_->HeadObject(head);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->user_metadata["mtime"], "1700000000.123456789");

  // The upload paired each file with its object's ETag: no HEAD now.
  const int64_t heads = server_->Requests("HEAD");
  CliResult again = Run("sync --json tree oss://bucket/s/");
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  for (const auto& [source, state] : States(again.out)) {
    EXPECT_EQ(state, kPaired) << source;
  }
  EXPECT_EQ(server_->Requests("HEAD"), heads);

  WriteFile(tree / "a.txt", "ALPHA");  // same size, a new time
  SetTime(tree / "a.txt", 1700000100);
  WriteFile(tree / "c.txt", "charlie!");
  SetTime(tree / "c.txt", 1700000000);
  CliResult changed = Run("sync --json tree oss://bucket/s/");
  ASSERT_EQ(changed.exit_code, kExitOk) << changed.err;
  EXPECT_EQ(States(changed.out),
            (std::map<std::string, std::string>{{"tree/a.txt", "done"},
                                                {"tree/c.txt", "done"},
                                                {"tree/dir/b.txt", kPaired}}));
  EXPECT_EQ(ObjectBytes("s/a.txt"), "ALPHA");
  EXPECT_EQ(ObjectBytes("s/c.txt"), "charlie!");
  // --size-only takes a.txt's next change of time for no change.
  SetTime(tree / "a.txt", 1700000200);
  CliResult size_only = Run("sync --json --size-only tree oss://bucket/s/");
  EXPECT_EQ(States(size_only.out)["tree/a.txt"],
            "skipped: same size (--size-only)");
}

// Down: the files get their objects' recorded times, so the next sync
// finds nothing to do; --update keeps a file newer than its object.
TEST_F(SyncTest, DownloadsGiveFilesTheirTimes) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "a.txt", "alpha");
  WriteFile(tree / "dir/b.txt", "bravo");
  SetTime(tree / "a.txt", 1600000000);
  SetTime(tree / "dir/b.txt", 1600000000);
  ASSERT_EQ(Run("sync tree oss://bucket/s/").exit_code, kExitOk);
  CliResult down = Run("sync --json oss://bucket/s/ back");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_TRUE(TreeOf(work() / "back") == TreeOf(tree));
  EXPECT_EQ(fs::last_write_time(work() / "back/dir/b.txt"),
            fs::last_write_time(tree / "dir/b.txt"));
  const int64_t heads = server_->Requests("HEAD");
  CliResult again = Run("sync --json oss://bucket/s/ back");
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  for (const auto& [source, state] : States(again.out)) {
    EXPECT_EQ(state, kPaired) << source;
  }
  EXPECT_EQ(server_->Requests("HEAD"), heads);
  WriteFile(work() / "back/a.txt", "local");
  SetTime(work() / "back/a.txt", 1900000000);
  CliResult update = Run("sync --json --update oss://bucket/s/ back");
  EXPECT_EQ(States(update.out)["oss://bucket/s/a.txt"],
            "skipped: the destination is newer (--update)");
  EXPECT_EQ(ReadFile(work() / "back/a.txt"), "local");
}

// --delete removes what the source lacks, except what the filters leave
// out; --dry-run says what would change and changes nothing.
TEST_F(SyncTest, DeleteAndDryRun) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "keep.txt", "keep");
  ASSERT_EQ(Run("sync tree oss://bucket/s/").exit_code, kExitOk);
  PutObject("s/extra.txt", "extra");
  PutObject("s/extra.log", "excluded, so kept");
  WriteFile(tree / "new.txt", "new");

  CliResult dry =
      Run("sync --json --dry-run --delete --exclude '*.log' tree "
          "oss://bucket/s/");
  ASSERT_EQ(dry.exit_code, kExitOk) << dry.err;
  EXPECT_EQ(States(dry.out)["tree/new.txt"],
            "skipped: dry run: would upload (new)");
  EXPECT_EQ(Deleted(dry.out),
            std::vector<std::string>{"oss://bucket/s/extra.txt dry_run"});
  EXPECT_EQ(ObjectBytes("s/extra.txt"), "extra");
  HeadObjectRequest head;
  head.bucket = "bucket";
  head.key = "s/new.txt";
  EXPECT_EQ(client_->HeadObject(head).status().code(), StatusCode::kNotFound);

  CliResult real =
      Run("sync --json --delete --exclude '*.log' tree oss://bucket/s/");
  ASSERT_EQ(real.exit_code, kExitOk) << real.err;
  EXPECT_EQ(Deleted(real.out),
            std::vector<std::string>{"oss://bucket/s/extra.txt done"});
  EXPECT_EQ(client_->HeadObject(head).status().code(), StatusCode::kOk);
  head.key = "s/extra.txt";
  EXPECT_EQ(client_->HeadObject(head).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ObjectBytes("s/extra.log"), "excluded, so kept");

  // Down: a local file the prefix lacks goes too.
  ASSERT_EQ(Run("sync oss://bucket/s/ back").exit_code, kExitOk);
  WriteFile(work() / "back/stray.txt", "stray");
  CliResult down = Run("sync --json --delete oss://bucket/s/ back");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_FALSE(fs::exists(work() / "back/stray.txt"));
  EXPECT_EQ(ReadFile(work() / "back/keep.txt"), "keep");
}

// --delete never runs when a file failed: the destination may be missing
// what its deletion would make unrecoverable.
TEST_F(SyncTest, DeleteNeverFollowsAFailure) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "a.txt", "alpha");
  WriteFile(tree / "b.txt", "bravo");
  PutObject("s/extra.txt", "extra");
  ASSERT_EQ(RunCommand("curl -sf -X PUT --data-binary " +
                       Quote("{\"rules\":[{\"action\":\"error\",\"status\":"
                             "403,\"code\":\"AccessDenied\",\"method\":"
                             "\"PUT\",\"key\":\"s/b.txt\"}]}") +
                       " " + server_->endpoint() + "/_ossxfer/faults")
                .exit_code,
            0);
  CliResult sync = Run("sync --json --delete tree oss://bucket/s/");
  EXPECT_EQ(sync.exit_code, kExitPartialFailure) << sync.err;
  EXPECT_NE(sync.err.find("--delete deleted nothing"), std::string::npos)
      << sync.err;
  EXPECT_TRUE(Deleted(sync.out).empty());
  EXPECT_EQ(ObjectBytes("s/extra.txt"), "extra");
  EXPECT_EQ(ObjectBytes("s/a.txt"), "alpha");
}

// Two syncs of one destination at once: the second fails fast (exit 7)
// and changes nothing; a dry run may still look.
TEST_F(SyncTest, OneSyncOfADestinationAtATime) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "big.bin", TestBytes(1 << 20, 7));
  WriteFile(work() / "other/x.txt", "x");
  ChildProcess first(
      {"sh", "-c",
       CommandLine(Environment(),
                   "sync -v --limit-rate 256KiB tree oss://bucket/s/") +
           " 2>&1"});
  ASSERT_TRUE(WaitForLine(first, "s/big.bin"));
  CliResult second = Run("sync --delete other oss://bucket/s/");
  EXPECT_EQ(second.exit_code, cli::kExitBusy) << second.err;
  EXPECT_NE(second.err.find("another sync of"), std::string::npos)
      << second.err;
  CliResult dry = Run("sync --dry-run other oss://bucket/s/");
  EXPECT_EQ(dry.exit_code, kExitOk) << dry.err;
  first.Signal(SIGINT);
  RestOfOutput(first);
  first.Wait();
  HeadObjectRequest head;
  head.bucket = "bucket";
  head.key = "s/x.txt";
  EXPECT_EQ(client_->HeadObject(head).status().code(), StatusCode::kNotFound);
  // Once the first is gone, the lock is free.
  EXPECT_EQ(Run("sync other oss://bucket/s/").exit_code, kExitOk);
}

// --checksum: the same size and CRC-64 is the same file, whatever the
// times; each file's CRC-64 is cached in an extended attribute keyed by its
// size, time and inode, and read from there while those hold.
TEST_F(SyncTest, ChecksumComparesCrcsAndCachesThem) {
  const fs::path tree = work() / "tree";
  const fs::path file = tree / "a.txt";
  WriteFile(file, "alpha");
  SetTime(file, 1700000000);
  ASSERT_EQ(Run("sync tree oss://bucket/s/").exit_code, kExitOk);
  SetTime(file, 1700000500);  // a new time, the same bytes
  CliResult same = Run("sync --json --checksum tree oss://bucket/s/");
  ASSERT_EQ(same.exit_code, kExitOk) << same.err;
  EXPECT_EQ(States(same.out)["tree/a.txt"], "skipped: same size and CRC-64");
  std::array<char, 128> value{};
  const ssize_t length =
      ::getxattr(file.c_str(), cli::kCrcAttribute, value.data(), value.size());
  ASSERT_GT(length, 0);
  const std::string cached(value.data(), static_cast<size_t>(length));
  const std::string crc = std::to_string(Crc64("alpha"));
  ASSERT_TRUE(cached.ends_with(" " + crc)) << cached;
  // The CRC-64s agreed: the file is paired with its object by content.
  // The pairing goes, so that the cache alone is what the next runs use.
  std::array<char, 256> paired{};
  const ssize_t paired_length = ::getxattr(file.c_str(), cli::kSyncedAttribute,
                                           paired.data(), paired.size());
  ASSERT_GT(paired_length, 0);
  EXPECT_NE(std::string(paired.data(), static_cast<size_t>(paired_length))
                .find(" c \""),
            std::string::npos);
  ASSERT_EQ(::removexattr(file.c_str(), cli::kSyncedAttribute), 0);
  // A cached value is believed while size, time and inode hold: a wrong
  // one planted there makes the next sync upload, which shows the file
  // was not read.
  const std::string planted =
      cached.substr(0, cached.size() - crc.size()) + "12345";
  ASSERT_EQ(::setxattr(file.c_str(), cli::kCrcAttribute, planted.data(),
                       planted.size(), 0),
            0);
  CliResult from_cache = Run("sync --json --checksum tree oss://bucket/s/");
  EXPECT_EQ(States(from_cache.out)["tree/a.txt"], "done");
  // Other bytes of the same size, with a new time: read again, and sent.
  WriteFile(file, "ALPHA");
  SetTime(file, 1700000900);
  CliResult changed = Run("sync --json --checksum tree oss://bucket/s/");
  EXPECT_EQ(States(changed.out)["tree/a.txt"], "done");
  EXPECT_EQ(ObjectBytes("s/a.txt"), "ALPHA");
  CliResult both = Run("sync --checksum --size-only tree oss://bucket/s/");
  EXPECT_EQ(both.exit_code, cli::kExitUsage);
}

// A sync skips a file without a HEAD only while the file (size, time,
// inode) and the object (ETag) are as they were when a sync found them the
// same, and --checksum believes only a pairing that rested on the bytes.
TEST_F(SyncTest, APairingNeverHidesAChange) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "a.txt", "alpha");
  WriteFile(tree / "b.txt", "bravo");
  SetTime(tree / "a.txt", 1700000000);
  SetTime(tree / "b.txt", 1700000000);
  ASSERT_EQ(Run("sync tree oss://bucket/s/").exit_code, kExitOk);
  ASSERT_EQ(Run("sync oss://bucket/s/ back").exit_code, kExitOk);
  const fs::path a = work() / "back/a.txt";
  const fs::path b = work() / "back/b.txt";
  auto pairing = [](const fs::path& file) {
    std::array<char, 256> value{};
    const ssize_t length = ::getxattr(file.c_str(), cli::kSyncedAttribute,
                                      value.data(), value.size());
    return length > 0 ? std::string(value.data(), static_cast<size_t>(length))
                      : std::string();
  };

  // Another object of the same size under a.txt: a new ETag, so a HEAD,
  // and the object's own time (none recorded) differs: fetched.
  PutObject("s/a.txt", "ALPHA");
  CliResult replaced = Run("sync --json oss://bucket/s/ back");
  ASSERT_EQ(replaced.exit_code, kExitOk) << replaced.err;
  EXPECT_EQ(States(replaced.out)["oss://bucket/s/a.txt"], "done");
  EXPECT_EQ(States(replaced.out)["oss://bucket/s/b.txt"], kPaired);
  EXPECT_EQ(ReadFile(a), "ALPHA");

  // A dry run records nothing; a comparison by time records "t".
  ASSERT_EQ(::removexattr(b.c_str(), cli::kSyncedAttribute), 0);
  ASSERT_EQ(Run("sync -n oss://bucket/s/ back").exit_code, kExitOk);
  EXPECT_EQ(pairing(b), "");
  const int64_t heads = server_->Requests("HEAD");
  CliResult by_time = Run("sync --json oss://bucket/s/ back");
  EXPECT_EQ(States(by_time.out)["oss://bucket/s/b.txt"],
            "skipped: same size and modification time");
  EXPECT_EQ(server_->Requests("HEAD") - heads, 1);
  EXPECT_NE(pairing(b).find(" t "), std::string::npos) << pairing(b);

  // Other bytes in place, with size and time put back: the quick check
  // (and a pairing by time) cannot see it; --checksum must, and does.
  const auto written = fs::last_write_time(b);
  WriteFile(b, "BRAVO");
  fs::last_write_time(b, written);
  CliResult quick = Run("sync --json oss://bucket/s/ back");
  EXPECT_EQ(States(quick.out)["oss://bucket/s/b.txt"], kPaired);
  CliResult checksum = Run("sync --json --checksum oss://bucket/s/ back");
  ASSERT_EQ(checksum.exit_code, kExitOk) << checksum.err;
  EXPECT_EQ(States(checksum.out)["oss://bucket/s/b.txt"], "done");
  EXPECT_EQ(ReadFile(b), "bravo");
  // Downloaded: paired by content, which --checksum believes.
  EXPECT_NE(pairing(b).find(" c "), std::string::npos) << pairing(b);
  CliResult again = Run("sync --json --checksum oss://bucket/s/ back");
  EXPECT_EQ(States(again.out)["oss://bucket/s/b.txt"], kPaired);
}

// Both sides are read in byte order of their paths (a listing's order):
// names where a directory's files sort between its siblings ("a.b" <
// "a/x" < "a0") must pair with their objects both ways, or a sync would
// copy them again and --delete would remove what the source has.
TEST_F(SyncTest, NamesThatSortAroundADirectoryPairBothWays) {
  const fs::path tree = work() / "tree";
  for (const char* name :
       {"a", "a-", "a.b", "b/x", "b/x.y", "b/y/z", "b.c", "b0", "B", "é/é"}) {
    const fs::path file = tree / name;
    WriteFile(file, name);
    SetTime(file, 1700000000);
  }
  CliResult up = Run("sync --delete tree oss://bucket/s/");
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  CliResult down = Run("sync --delete oss://bucket/s/ back");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_TRUE(TreeOf(work() / "back") == TreeOf(tree));
  for (const std::string& direction :
       {std::string("tree oss://bucket/s/"),
        std::string("oss://bucket/s/ back"),
        std::string("oss://bucket/s/ oss://bucket/copy/")}) {
    // The first run of the copy copies; every second run of each does
    // nothing and deletes nothing.
    ASSERT_EQ(Run("sync --delete " + direction).exit_code, kExitOk);
    CliResult again = Run("sync --json --delete " + direction);
    ASSERT_EQ(again.exit_code, kExitOk) << again.err;
    EXPECT_TRUE(Deleted(again.out).empty()) << direction << "\n" << again.out;
    for (const auto& [source, state] : States(again.out)) {
      EXPECT_TRUE(state.starts_with("skipped")) << source << ": " << state;
    }
    EXPECT_EQ(States(again.out).size(), 10u) << again.out;
  }
  EXPECT_TRUE(TreeOf(work() / "back") == TreeOf(tree));
}

// Between two prefixes: server-side copies of what differs; the copies
// keep the source's recorded time, so a second sync copies nothing;
// --delete works there too; overlapping prefixes are refused.
TEST_F(SyncTest, BetweenPrefixes) {
  const fs::path tree = work() / "tree";
  WriteFile(tree / "a.txt", "alpha");
  WriteFile(tree / "d/b.txt", "bravo");
  ASSERT_EQ(Run("sync tree oss://bucket/src/").exit_code, kExitOk);
  CliResult first = Run("sync --json oss://bucket/src/ oss://bucket/dst/");
  ASSERT_EQ(first.exit_code, kExitOk) << first.err;
  EXPECT_EQ(States(first.out), (std::map<std::string, std::string>{
                                   {"oss://bucket/src/a.txt", "done"},
                                   {"oss://bucket/src/d/b.txt", "done"}}));
  EXPECT_EQ(ObjectBytes("dst/d/b.txt"), "bravo");
  CliResult again = Run("sync --json oss://bucket/src/ oss://bucket/dst/");
  for (const auto& [source, state] : States(again.out)) {
    EXPECT_EQ(state, "skipped: same size and modification time") << source;
  }
  CliResult checksum =
      Run("sync --json --checksum oss://bucket/src/ oss://bucket/dst/");
  EXPECT_EQ(States(checksum.out)["oss://bucket/src/a.txt"],
            "skipped: same size and CRC-64");
  PutObject("dst/extra.txt", "extra");
  CliResult deleting =
      Run("sync --json --delete oss://bucket/src/ oss://bucket/dst/");
  ASSERT_EQ(deleting.exit_code, kExitOk) << deleting.err;
  EXPECT_EQ(Deleted(deleting.out),
            std::vector<std::string>{"oss://bucket/dst/extra.txt done"});
  // Objects without a recorded time (another tool's): a copy written after
  // its source is taken for its copy.
  CliResult plain = Run("sync --json oss://bucket/plain oss://bucket/copies/");
  ASSERT_EQ(plain.exit_code, kExitOk) << plain.err;
  PutObject("plain/p.txt", "no recorded time");
  ASSERT_EQ(Run("sync oss://bucket/plain/ oss://bucket/copies/").exit_code,
            kExitOk);
  CliResult unchanged =
      Run("sync --json oss://bucket/plain/ oss://bucket/copies/");
  EXPECT_EQ(States(unchanged.out)["oss://bucket/plain/p.txt"],
            "skipped: same size and modification time");
  // A destination bucket that does not exist: its listing fails.
  EXPECT_EQ(Run("sync oss://bucket/src/ oss://no-such-bucket/x/").exit_code,
            cli::kExitNotFound);
  for (const char* overlap :
       {"sync oss://bucket/src/ oss://bucket/src/inner/",
        "sync oss://bucket/src/inner/ oss://bucket/src/"}) {
    CliResult refused = Run(overlap);
    EXPECT_EQ(refused.exit_code, cli::kExitUsage) << overlap;
    EXPECT_NE(refused.err.find("overlap"), std::string::npos) << refused.err;
  }
}

TEST_F(SyncTest, BadArgumentsAreUsageErrors) {
  WriteFile(work() / "file.txt", "x");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sync a b", "both are local paths"},
      {"sync oss://bucket/a/ s3://bucket/b/", "no server can copy"},
      {"sync --skip-existing . oss://bucket/x/", "--ignore-existing"},
      {"sync https://example.com/x d", "http(s) URL"},
  };
  for (const auto& [arguments, named] : cases) {
    CliResult result = Run(arguments);
    EXPECT_EQ(result.exit_code, cli::kExitUsage) << arguments;
    EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
  }
  CliResult file = Run("sync file.txt oss://bucket/x/");
  EXPECT_EQ(file.exit_code, cli::kExitNotFound) << file.err;
  EXPECT_NE(file.err.find("not a directory"), std::string::npos) << file.err;
}

TEST(SyncRulesTest, TheSameByRule) {
  using cli::DecideSync;
  using cli::EntryFacts;
  using cli::SyncRules;
  const SystemTime t0{std::chrono::seconds(1700000000)};
  const EntryFacts file{5, t0, true};
  SyncRules rules;
  EXPECT_EQ(DecideSync(file, std::nullopt, rules).reason, "new");
  EXPECT_FALSE(DecideSync(file, EntryFacts{5, t0, true}, rules).transfer);
  EXPECT_TRUE(DecideSync(file, EntryFacts{6, t0, true}, rules).transfer);
  EXPECT_TRUE(DecideSync(file,
                         EntryFacts{5, t0 + std::chrono::milliseconds(2), true},
                         rules)
                  .transfer);
  // A Last-Modified is to the second.
  EXPECT_FALSE(
      DecideSync(file,
                 EntryFacts{5, t0 + std::chrono::milliseconds(900), false},
                 rules)
          .transfer);
  EXPECT_TRUE(
      DecideSync(file, EntryFacts{5, std::nullopt, false}, rules).transfer);
  rules.update = true;
  EXPECT_FALSE(
      DecideSync(file, EntryFacts{9, t0 + std::chrono::seconds(5), true}, rules)
          .transfer);
  rules = SyncRules{};
  rules.ignore_existing = true;
  EXPECT_FALSE(DecideSync(file, EntryFacts{9, t0, true}, rules).transfer);
  EXPECT_EQ(cli::FormatMtime(t0 + std::chrono::nanoseconds(5)),
            "1700000000.000000005");
  EXPECT_EQ(cli::ParseMtime("1700000000.5"),
            std::optional<SystemTime>(t0 + std::chrono::milliseconds(500)));
  EXPECT_EQ(cli::ParseMtime("1700000000"), std::optional<SystemTime>(t0));
  for (const char* bad : {"", "x", "1.", "-1", "1.1234567890", " 1"}) {
    EXPECT_FALSE(cli::ParseMtime(bad).has_value()) << bad;
  }
}

class FilterTest : public CliTest {
 protected:
  std::set<std::string> KeysUnder(const std::string& url) {
    CliResult listed = Run("ls -r " + url);
    EXPECT_EQ(listed.exit_code, cli::kExitOk) << listed.err;
    std::set<std::string> keys;
    std::istringstream in(listed.out);
    for (std::string line; std::getline(in, line);) {
      size_t at = line.find("oss://");
      if (at != std::string::npos) keys.insert(line.substr(at));
    }
    return keys;
  }
};

// The first matching --include or --exclude decides, in the order typed;
// with an include, what nothing matches is left out.
TEST_F(FilterTest, IncludeAndExcludeInTheOrderTyped) {
  const fs::path source = work() / "tree";
  WriteFile(source / "a.jpg", "a");
  WriteFile(source / "tmp" / "b.jpg", "b");
  WriteFile(source / "tmp" / "c.txt", "c");
  WriteFile(source / "d.txt", "d");

  CliResult jpg_first =
      Run("cp -r --include '*.jpg' --exclude 'tmp/' tree oss://bucket/one");
  ASSERT_EQ(jpg_first.exit_code, cli::kExitOk) << jpg_first.err;
  EXPECT_EQ(KeysUnder("oss://bucket/one/"),
            (std::set<std::string>{"oss://bucket/one/a.jpg",
                                   "oss://bucket/one/tmp/b.jpg"}));
  EXPECT_NE(jpg_first.err.find("2 done, 0 skipped, 0 failed, 2 left out by "
                               "the filters"),
            std::string::npos)
      << jpg_first.err;

  CliResult tmp_first =
      Run("cp -r --exclude tmp/ --include '*.jpg' tree oss://bucket/two");
  ASSERT_EQ(tmp_first.exit_code, cli::kExitOk) << tmp_first.err;
  EXPECT_EQ(KeysUnder("oss://bucket/two/"),
            (std::set<std::string>{"oss://bucket/two/a.jpg"}));

  // Downloads and server-side copies are filtered the same way.
  CliResult down = Run("cp -r --exclude '*.txt' oss://bucket/one/ back");
  ASSERT_EQ(down.exit_code, cli::kExitOk) << down.err;
  EXPECT_EQ(TreeOf(work() / "back"), (std::map<std::string, std::string>{
                                         {"a.jpg", "a"}, {"tmp/b.jpg", "b"}}));
  CliResult copy =
      Run("cp -r --include '/tmp/**' oss://bucket/one/ oss://bucket/three/");
  ASSERT_EQ(copy.exit_code, cli::kExitOk) << copy.err;
  EXPECT_EQ(KeysUnder("oss://bucket/three/"),
            (std::set<std::string>{"oss://bucket/three/tmp/b.jpg"}));
}

TEST_F(FilterTest, FilesFromTakesTheListAndReportsWhatIsMissing) {
  PutObject("src/x.bin", "x");
  PutObject("src/deep/y.bin", "y");
  PutObject("src/z.bin", "z");
  WriteFile(work() / "list.txt", "# wanted\nx.bin\n./deep/y.bin\nnot-there\n");
  CliResult copy =
      Run("cp -r --files-from list.txt --json oss://bucket/src/ out");
  EXPECT_EQ(copy.exit_code, kExitPartialFailure) << copy.err;
  EXPECT_EQ(TreeOf(work() / "out"), (std::map<std::string, std::string>{
                                        {"x.bin", "x"}, {"deep/y.bin", "y"}}));
  std::vector<nlohmann::json> lines = JsonLines(copy.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["done"], 2);
  EXPECT_EQ(lines.back()["failed"], 1);
  EXPECT_EQ(lines.back()["filtered_out"], 1);
  EXPECT_NE(copy.out.find("oss://bucket/src/not-there"), std::string::npos)
      << copy.out;
  EXPECT_NE(copy.out.find("listed in --files-from but not in the source"),
            std::string::npos)
      << copy.out;
}

TEST_F(FilterTest, SizeAndAgeLimits) {
  const fs::path source = work() / "sized";
  WriteFile(source / "small", std::string(10, 's'));
  WriteFile(source / "big", std::string(5000, 'b'));
  WriteFile(source / "old", std::string(100, 'o'));
  fs::last_write_time(source / "old", fs::file_time_type::clock::now() -
                                          std::chrono::hours(48));
  CliResult sized =
      Run("cp -r --min-size 11 --max-size 1KiB sized oss://bucket/s");
  ASSERT_EQ(sized.exit_code, cli::kExitOk) << sized.err;
  EXPECT_EQ(KeysUnder("oss://bucket/s/"),
            (std::set<std::string>{"oss://bucket/s/old"}));
  CliResult recent = Run("cp -r --max-age 1d sized oss://bucket/r");
  ASSERT_EQ(recent.exit_code, cli::kExitOk) << recent.err;
  EXPECT_EQ(
      KeysUnder("oss://bucket/r/"),
      (std::set<std::string>{"oss://bucket/r/big", "oss://bucket/r/small"}));
}

// --partition I/N: the N runs of one job copy every file exactly once.
TEST_F(FilterTest, PartitionsSplitAJob) {
  std::map<std::string, std::string> tree;
  for (int i = 0; i < 12; ++i) {
    const std::string path = "p/" + std::to_string(i) + ".txt";
    tree[path] = "file " + std::to_string(i);
    WriteFile(work() / "src" / path, tree[path]);
  }
  std::set<std::string> copied;
  size_t total = 0;
  for (int share = 1; share <= 3; ++share) {
    CliResult run = Run(
        fmt::format("cp -r --partition {}/3 src/p oss://bucket/part/", share));
    ASSERT_EQ(run.exit_code, kExitOk) << run.err;
    std::set<std::string> now = KeysUnder("oss://bucket/part/");
    EXPECT_LT(copied.size(), now.size())
        << "share " << share << " copied nothing";
    total = now.size();
    copied = std::move(now);
  }
  EXPECT_EQ(total, tree.size());
  CliResult bad = Run("cp -r --partition 4/3 src/p oss://bucket/bad/");
  EXPECT_EQ(bad.exit_code, cli::kExitUsage);
  EXPECT_NE(bad.err.find("--partition"), std::string::npos) << bad.err;
}

TEST_F(FilterTest, BadFiltersFailBeforeAnythingIsCopied) {
  WriteFile(work() / "tree" / "a", "a");
  struct Bad {
    const char* flags;
    const char* message;
  };
  for (const Bad& bad :
       {Bad{"-r --include '[oops'", "'[' is not closed"},
        Bad{"-r --min-size 2KiB --max-size 1KiB", "nothing could pass both"},
        Bad{"-r --max-age soon", "--max-age"},
        Bad{"-r --files-from missing.txt", "--files-from"},
        Bad{"--include '*.txt'", "use them with -r"},
        Bad{"-r --partition 2-4", "give I/N"},
        Bad{"-r --partition 1/", "give I/N"},
        Bad{"-r --partition /4", "give I/N"},
        Bad{"-r --partition 0/4", "1 <= I <= N"},
        Bad{"-r --partition 1/0", "1 <= I <= N"},
        Bad{"--partition 1/2", "use them with -r"}}) {
    CliResult result = Run(std::string("cp ") + bad.flags +
                           (std::string(bad.flags).find("-r") == 0
                                ? " tree oss://bucket/bad"
                                : " tree/a oss://bucket/bad/a"));
    EXPECT_EQ(result.exit_code, cli::kExitUsage) << bad.flags;
    EXPECT_NE(result.err.find(bad.message), std::string::npos)
        << bad.flags << ": " << result.err;
  }
  EXPECT_TRUE(KeysUnder("oss://bucket/bad/").empty());
}

// ls and rm -r choose objects with the same flags, by the path below the
// prefix; --files-from paths no object matched fail them with exit 3 once
// the rest is done.
TEST_F(FilterTest, LsAndRmRecursiveTakeTheSameFilters) {
  for (const char* key : {"f/a.jpg", "f/tmp/b.jpg", "f/c.txt", "f/tmp/d.txt"}) {
    PutObject(key, key);
  }
  CliResult listed = Run("ls -r --include '*.jpg' oss://bucket/f/");
  ASSERT_EQ(listed.exit_code, cli::kExitOk) << listed.err;
  EXPECT_NE(listed.out.find("oss://bucket/f/a.jpg"), std::string::npos);
  EXPECT_NE(listed.out.find("oss://bucket/f/tmp/b.jpg"), std::string::npos);
  EXPECT_EQ(listed.out.find(".txt"), std::string::npos) << listed.out;
  EXPECT_NE(listed.err.find("2 object(s) left out by the filters"),
            std::string::npos)
      << listed.err;

  CliResult dry = Run("rm -r --dry-run --exclude '*.jpg' oss://bucket/f/");
  ASSERT_EQ(dry.exit_code, cli::kExitOk) << dry.err;
  EXPECT_NE(dry.out.find("would delete oss://bucket/f/c.txt"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(dry.out.find(".jpg"), std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("would delete 2 object(s) under oss://bucket/f/, 2 "
                         "left out by the filters"),
            std::string::npos)
      << dry.err;
  EXPECT_EQ(KeysUnder("oss://bucket/f/").size(), 4u);

  CliResult removed = Run("rm -r --exclude '*.jpg' oss://bucket/f/");
  ASSERT_EQ(removed.exit_code, cli::kExitOk) << removed.err;
  EXPECT_EQ(KeysUnder("oss://bucket/f/"),
            (std::set<std::string>{"oss://bucket/f/a.jpg",
                                   "oss://bucket/f/tmp/b.jpg"}));

  WriteFile(work() / "list.txt", "tmp/b.jpg\nnot-there\n");
  CliResult missing = Run("ls -r --files-from list.txt oss://bucket/f/");
  EXPECT_EQ(missing.exit_code, cli::kExitNotFound) << missing.err;
  EXPECT_NE(missing.out.find("oss://bucket/f/tmp/b.jpg"), std::string::npos);
  EXPECT_EQ(missing.out.find("a.jpg"), std::string::npos) << missing.out;
  EXPECT_NE(missing.err.find("1 path(s) listed in --files-from are not under "
                             "oss://bucket/f/: not-there"),
            std::string::npos)
      << missing.err;
  CliResult partial = Run("rm -r --files-from list.txt oss://bucket/f/");
  EXPECT_EQ(partial.exit_code, cli::kExitNotFound) << partial.err;
  EXPECT_EQ(KeysUnder("oss://bucket/f/"),
            (std::set<std::string>{"oss://bucket/f/a.jpg"}));

  CliResult no_r = Run("rm --include '*.jpg' oss://bucket/f/a.jpg");
  EXPECT_EQ(no_r.exit_code, cli::kExitUsage);
  EXPECT_NE(no_r.err.find("use them with -r"), std::string::npos) << no_r.err;
  CliResult versions = Run("ls --versions --include '*.jpg' oss://bucket/f/");
  EXPECT_EQ(versions.exit_code, cli::kExitUsage);
  CliResult bad_glob = Run("rm -r --include '[oops' oss://bucket/f/");
  EXPECT_EQ(bad_glob.exit_code, cli::kExitUsage) << bad_glob.err;
  EXPECT_EQ(KeysUnder("oss://bucket/f/"),
            (std::set<std::string>{"oss://bucket/f/a.jpg"}));
}

}  // namespace
}  // namespace ossxfer::testing
