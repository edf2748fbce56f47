// `ossxfer cp oss://… oss://…` (one object, and -r between prefixes) as a
// real process against a real `ossxfer serve`: the bytes stay on the
// server, kill -9 resumes, flags that cannot apply are refused.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli_test_support.h"

namespace ossxfer::testing {
namespace {

namespace fs = std::filesystem;
using cli::kExitNotFound;
using cli::kExitOk;
using cli::kExitUsage;

using ServerCopyTest = CliTest;

nlohmann::json OnlyJson(const std::string& out) {
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  return nlohmann::json::parse(out, nullptr, false);
}

size_t OpenUploads(const Client& client) {
  Result<ListMultipartUploadsResult> uploads =
      client.ListMultipartUploads({"bucket"});
  return uploads.ok() ? uploads->uploads.size() : 999;
}

TEST_F(ServerCopyTest, CopiesOneObjectWithoutTheBytesPassingThrough) {
  const std::string small = TestBytes(50000, 1);
  const std::string large = TestBytes(1 << 20, 2);
  PutObject("dir/small", small);
  PutObject("dir/large", large);

  CliResult one = Run("cp oss://bucket/dir/small oss://bucket/copies/");
  ASSERT_EQ(one.exit_code, kExitOk) << one.err;
  EXPECT_NE(one.out.find("copied oss://bucket/dir/small -> "
                         "oss://bucket/copies/small"),
            std::string::npos)
      << one.err;
  EXPECT_NE(one.out.find("CRC64 verified"), std::string::npos) << one.out;
  EXPECT_TRUE(ObjectBytes("copies/small") == small);

  CliResult parts =
      Run("cp --json --part-size 128KiB oss://bucket/dir/large "
          "oss://bucket/copies/large");
  ASSERT_EQ(parts.exit_code, kExitOk) << parts.err;
  nlohmann::json result = OnlyJson(parts.out);
  EXPECT_EQ(result["direction"], "copy");
  EXPECT_EQ(result["parts"], 8);
  EXPECT_EQ(result["crc64_verified"], true);
  EXPECT_TRUE(ObjectBytes("copies/large") == large);
  EXPECT_EQ(OpenUploads(*client_), 0u);
}

TEST_F(ServerCopyTest, CopiesEveryObjectUnderAPrefix) {
  const std::map<std::string, std::string> tree = {
      {"from/a", TestBytes(10, 3)},
      {"from/sub/b", TestBytes(300000, 4)},
      {"from/sub/deeper/c", TestBytes(0, 5)}};
  for (const auto& [key, data] : tree) PutObject(key, data);
  PutObject("fromage", "not under from/");

  CliResult copied =
      Run("cp -r --part-size 100KiB oss://bucket/from oss://bucket/to/");
  ASSERT_EQ(copied.exit_code, kExitOk) << copied.err;
  EXPECT_NE(copied.err.find("3 done, 0 skipped, 0 failed"), std::string::npos)
      << copied.err;
  for (const auto& [key, data] : tree) {
    EXPECT_TRUE(ObjectBytes("to/" + key.substr(5)) == data) << key;
  }
  Result<ObjectMetadata> outside = client_->HeadObject({"bucket", "toage"});
  EXPECT_EQ(outside.status().code(), StatusCode::kNotFound);

  // Again with --skip-existing: nothing to do.
  CliResult again =
      Run("cp -r --skip-existing oss://bucket/from/ oss://bucket/to/");
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  EXPECT_NE(again.err.find("0 done, 3 skipped"), std::string::npos)
      << again.err;
}

// Trees stream from their listing (cli/item_stream.h), except into a
// destination inside the source: copies made while the listing goes on
// would be listed and copied again, so that one is listed whole first.
TEST_F(ServerCopyTest, ADestinationInsideTheSourceNeverCopiesItsCopies) {
  constexpr int kObjects = 1200;  // two pages of a listing
  for (int i = 0; i < kObjects; ++i) {
    PutObject(fmt::format("t/a{:04}", i), std::to_string(i));
  }
  CliResult copied = Run("-q cp -r --jobs 8 oss://bucket/t/ oss://bucket/t/z/");
  ASSERT_EQ(copied.exit_code, kExitOk) << copied.err;
  ListObjectsV2Request list;
  list.bucket = "bucket";
  list.prefix = "t/z/";
  int copies = 0;
  bool copied_twice = false;
  for (;;) {
    Result<ListObjectsV2Result> page = client_->ListObjectsV2(list);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const ObjectSummary& object : page->objects) {
      ++copies;
      copied_twice = copied_twice || object.key.starts_with("t/z/z/");
    }
    if (!page->is_truncated) break;
    list.continuation_token = page->next_continuation_token;
  }
  EXPECT_EQ(copies, kObjects);
  EXPECT_FALSE(copied_twice);
  EXPECT_EQ(ObjectBytes("t/z/a1199"), "1199");
}

TEST_F(ServerCopyTest, KillNineThenTheSameCommandResumes) {
  const std::string data = TestBytes(20 << 20, 6);
  PutObject("huge", data);
  const std::string arguments =
      "cp -v --part-size 100KiB --parallel 1 oss://bucket/huge "
      "oss://bucket/huge-copy";
  ChildProcess process(
      {"sh", "-c", CommandLine(Environment(), arguments) + " 2>&1"});
  ASSERT_TRUE(process.started());
  // The verbose log shows the part requests: kill once some went out.
  ASSERT_TRUE(WaitForLine(process, "partNumber=12"));
  process.Signal(SIGKILL);
  process.Wait();
  const fs::path checkpoints = home() / ".local/state/ossxfer/copy";
  size_t kept = 0;
  for (const auto& entry : fs::directory_iterator(checkpoints))
    kept += entry.path().extension() == ".ccp";
  EXPECT_EQ(kept, 1u);
  EXPECT_EQ(OpenUploads(*client_), 1u);

  CliResult resumed = Run(
      "cp --json --part-size 100KiB oss://bucket/huge oss://bucket/huge-copy");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  nlohmann::json result = OnlyJson(resumed.out);
  // Parts recorded before the kill are not copied again (how many: the
  // checkpoint is flushed as parts complete, a little behind the log).
  EXPECT_GT(result["bytes_reused"].get<uint64_t>(), 0u);
  EXPECT_EQ(result["bytes_reused"].get<uint64_t>() +
                result["bytes_transferred"].get<uint64_t>(),
            data.size());
  EXPECT_EQ(result["crc64_verified"], true);
  EXPECT_TRUE(ObjectBytes("huge-copy") == data);
  EXPECT_EQ(OpenUploads(*client_), 0u);
  EXPECT_TRUE(fs::is_empty(checkpoints));
}

TEST_F(ServerCopyTest, FlagsThatCannotApplyAreRefused) {
  PutObject("x", "x");
  struct Case {
    std::string arguments;
    int exit_code;
    std::string message;
  };
  const Case cases[] = {
      {"cp --limit-rate 1MiB oss://bucket/x oss://bucket/y", kExitUsage,
       "--limit-rate does not apply to a server-side copy"},
      {"cp --meta a=b oss://bucket/x oss://bucket/y", kExitUsage,
       "takes the source's content headers"},
      {"cp --range 0-1 oss://bucket/x oss://bucket/y", kExitUsage,
       "--range does not apply"},
      {"cp oss://bucket/x oss://bucket/x", kExitUsage,
       "both the source and the destination"},
      {"cp -r oss://bucket/p/ oss://bucket/p", kExitUsage,
       "both the source and the destination"},
      {"cp oss://bucket/dir/ oss://bucket/y", kExitUsage, "add -r"},
      {"cp -r --version-id v1 oss://bucket/p/ oss://bucket/q/", kExitUsage,
       "--version-id"},
      {"cp https://example.com/x oss://bucket/y", kExitUsage,
       "download it first"},
      {"cp oss://bucket/absent oss://bucket/y", kExitNotFound,
       "oss://bucket/absent"},
  };
  for (const Case& c : cases) {
    CliResult result = Run(c.arguments);
    EXPECT_EQ(result.exit_code, c.exit_code) << c.arguments << "\n"
                                             << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos)
        << c.arguments << "\n"
        << result.err;
  }
  Result<ObjectMetadata> y = client_->HeadObject({"bucket", "y"});
  EXPECT_EQ(y.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(OpenUploads(*client_), 0u);
}

}  // namespace
}  // namespace ossxfer::testing
