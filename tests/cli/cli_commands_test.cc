// The small commands (stat, ls, rm, mb, rb, presign, uploads) and the
// configuration (flags, environment, config file with profiles) as real
// processes against a real server; --help of every command.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli_test_support.h"

namespace ossxfer::testing {
namespace {

namespace fs = std::filesystem;
using cli::kExitFailure;
using cli::kExitNotFound;
using cli::kExitOk;
using cli::kExitUsage;

using CommandsTest = CliTest;

TEST_F(CommandsTest, HelpForEveryCommandHasExamples) {
  CliResult top = Run("--help");
  ASSERT_EQ(top.exit_code, kExitOk);
  EXPECT_NE(top.out.find("Exit codes:"), std::string::npos) << top.out;
  for (const char* command : {"cp", "stat", "ls", "rm", "mb", "rb", "presign",
                              "uploads ls", "uploads abort", "serve"}) {
    CliResult help = Run(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, kExitOk) << command;
    EXPECT_NE(help.out.find("Example"), std::string::npos) << command << "\n"
                                                           << help.out;
  }
  CliResult version = Run("--version");
  EXPECT_EQ(version.exit_code, kExitOk);
  EXPECT_TRUE(version.out.starts_with("ossxfer ")) << version.out;
}

TEST_F(CommandsTest, StatShowsMetadata) {
  PutObject("s.txt", "hello stat");
  CliResult stat = Run("stat oss://bucket/s.txt");
  ASSERT_EQ(stat.exit_code, kExitOk) << stat.err;
  EXPECT_NE(stat.out.find("oss://bucket/s.txt"), std::string::npos);
  EXPECT_NE(stat.out.find("Size                 10 (10 B)"), std::string::npos)
      << stat.out;
  EXPECT_NE(stat.out.find("CRC64"), std::string::npos);
  EXPECT_NE(stat.out.find("ETag"), std::string::npos);

  CliResult missing = Run("stat oss://bucket/none");
  EXPECT_EQ(missing.exit_code, kExitNotFound);
  EXPECT_NE(missing.err.find("stat oss://bucket/none"), std::string::npos)
      << missing.err;
  CliResult bucket_only = Run("stat oss://bucket");
  EXPECT_EQ(bucket_only.exit_code, kExitUsage);
  EXPECT_NE(bucket_only.err.find("needs oss://bucket/key"), std::string::npos);
}

TEST_F(CommandsTest, StatShowsAclAndTags) {
  PutObject("t.txt", "tagged");
  CliResult plain = Run("stat oss://bucket/t.txt");
  ASSERT_EQ(plain.exit_code, kExitOk) << plain.err;
  EXPECT_NE(plain.out.find("ACL                  default\n"), std::string::npos)
      << plain.out;
  EXPECT_NE(plain.out.find("Tags                 none\n"), std::string::npos);

  ASSERT_TRUE(
      client_->PutObjectAcl({"bucket", "t.txt", "", "public-read"}).ok());
  ASSERT_TRUE(client_
                  ->PutObjectTagging(
                      {"bucket", "t.txt", "", {{"team", "a b"}, {"x", "1"}}})
                  .ok());
  CliResult stat = Run("stat oss://bucket/t.txt");
  ASSERT_EQ(stat.exit_code, kExitOk) << stat.err;
  EXPECT_NE(stat.out.find("ACL                  public-read\n"),
            std::string::npos)
      << stat.out;
  EXPECT_NE(stat.out.find("Tags                 team=a%20b&x=1\n"),
            std::string::npos)
      << stat.out;

  CliResult json = Run("stat --json oss://bucket/t.txt");
  ASSERT_EQ(json.exit_code, kExitOk) << json.err;
  nlohmann::json parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["acl"], "public-read");
  EXPECT_EQ(parsed["tags"], nlohmann::json({{"team", "a b"}, {"x", "1"}}));
  EXPECT_EQ(parsed["size"], 6);
}

// Other OSS-compatible servers lack ?acl and ?tagging: stat still shows
// the rest, with ACL and tags unknown; any other error still fails it.
TEST_F(CommandsTest, StatWorksWhereAclAndTagsAreNotImplemented) {
  PutObject("u.txt", "unknown");
  auto fail_gets = [this](int status, const std::string& code) {
    return RunCommand("curl -sf -X PUT --data-binary " +
                      Quote(fmt::format("{{\"rules\":[{{\"action\":\"error\","
                                        "\"status\":{},\"code\":\"{}\","
                                        "\"method\":\"GET\"}}]}}",
                                        status, code)) +
                      " " + server_->endpoint() + "/_ossxfer/faults")
        .exit_code;
  };
  for (int status : {501, 400}) {
    ASSERT_EQ(fail_gets(status, "NotImplemented"), 0);
    CliResult stat = Run("stat oss://bucket/u.txt");
    ASSERT_EQ(stat.exit_code, kExitOk) << status << ": " << stat.err;
    EXPECT_NE(stat.out.find("Size                 7 (7 B)"), std::string::npos);
    EXPECT_NE(stat.out.find("ACL                  unknown\n"),
              std::string::npos)
        << stat.out;
    EXPECT_NE(stat.out.find("Tags                 unknown\n"),
              std::string::npos);
    CliResult json = Run("stat --json oss://bucket/u.txt");
    ASSERT_EQ(json.exit_code, kExitOk) << json.err;
    nlohmann::json parsed = nlohmann::json::parse(json.out);
    EXPECT_TRUE(parsed["acl"].is_null()) << json.out;
    EXPECT_TRUE(parsed["tags"].is_null());
    EXPECT_EQ(parsed["size"], 7);
  }
  ASSERT_EQ(fail_gets(403, "AccessDenied"), 0);
  CliResult denied = Run("stat oss://bucket/u.txt");
  EXPECT_EQ(denied.exit_code, cli::kExitAccessDenied) << denied.err;
  EXPECT_NE(denied.err.find("GetObjectAcl"), std::string::npos) << denied.err;
}

TEST_F(CommandsTest, LsListsBucketsLevelsAndEverything) {
  PutObject("top.txt", "1");
  PutObject("dir/a.txt", "22");
  PutObject("dir/sub/b.txt", "333");
  CliResult buckets = Run("ls");
  ASSERT_EQ(buckets.exit_code, kExitOk) << buckets.err;
  EXPECT_NE(buckets.out.find("oss://bucket"), std::string::npos);

  CliResult level = Run("ls oss://bucket/");
  ASSERT_EQ(level.exit_code, kExitOk) << level.err;
  EXPECT_NE(level.out.find("DIR  oss://bucket/dir/"), std::string::npos)
      << level.out;
  EXPECT_NE(level.out.find("oss://bucket/top.txt"), std::string::npos);
  EXPECT_EQ(level.out.find("a.txt"), std::string::npos);

  CliResult all = Run("ls -r --json oss://bucket/dir/");
  ASSERT_EQ(all.exit_code, kExitOk) << all.err;
  std::istringstream lines(all.out);
  std::vector<std::string> keys;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json entry = nlohmann::json::parse(line);
    EXPECT_EQ(entry["type"], "object");
    keys.push_back(entry["key"]);
    if (entry["key"] == "dir/sub/b.txt") EXPECT_EQ(entry["size"], 3);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"dir/a.txt", "dir/sub/b.txt"}));

  CliResult missing = Run("ls oss://no-such-bucket/");
  EXPECT_EQ(missing.exit_code, kExitNotFound);
  EXPECT_NE(missing.err.find("NoSuchBucket"), std::string::npos);
}

// Keys are any bytes: control characters reach the terminal escaped, and
// --json keeps them exact.
TEST_F(CommandsTest, ControlBytesInKeysAreEscapedForTheTerminal) {
  const std::string key = "esc\x1b[31mred\nline\x07";
  PutObject(key, "x");
  CliResult listed = Run("ls oss://bucket/");
  ASSERT_EQ(listed.exit_code, kExitOk) << listed.err;
  EXPECT_EQ(listed.out.find('\x1b'), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find('\x07'), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("esc\\x1b[31mred\\x0aline\\x07"), std::string::npos)
      << listed.out;
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 1)
      << listed.out;

  CliResult json = Run("ls --json oss://bucket/");
  ASSERT_EQ(json.exit_code, kExitOk) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["key"], key);

  CliResult copied = Run("cp -r oss://bucket/ tree");
  EXPECT_EQ(copied.out.find('\x1b'), std::string::npos) << copied.out;
  EXPECT_EQ(copied.err.find('\x1b'), std::string::npos) << copied.err;
}

TEST_F(CommandsTest, LsVersionsListsEveryVersionAndDeleteMarker) {
  ASSERT_TRUE(client_->PutBucketVersioning("bucket", "Enabled").ok());
  PutObject("doc.txt", "first");
  PutObject("doc.txt", "second, longer");
  ASSERT_TRUE(client_->DeleteObject({"bucket", "doc.txt"}).ok());
  CliResult plain = Run("ls oss://bucket/");
  ASSERT_EQ(plain.exit_code, kExitOk) << plain.err;
  EXPECT_EQ(plain.out.find("doc.txt"), std::string::npos) << "deleted";

  CliResult text = Run("ls --versions oss://bucket/doc.txt");
  ASSERT_EQ(text.exit_code, kExitOk) << text.err;
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 3) << text.out;
  EXPECT_NE(text.out.find("DELETED"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(latest)"), std::string::npos);

  CliResult json = Run("ls --versions --json oss://bucket/doc.txt");
  ASSERT_EQ(json.exit_code, kExitOk) << json.err;
  std::istringstream lines(json.out);
  std::vector<std::string> types;
  std::string oldest_id;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json entry = nlohmann::json::parse(line);
    types.push_back(entry["type"]);
    EXPECT_FALSE(entry["version_id"].get<std::string>().empty());
    if (entry["type"] == "version") oldest_id = entry["version_id"];
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"delete_marker", "version", "version"}));
  // The id it prints fetches that version.
  CliResult old =
      Run("cp --version-id " + oldest_id + " oss://bucket/doc.txt old.txt");
  ASSERT_EQ(old.exit_code, kExitOk) << old.err;
  EXPECT_EQ(ReadFile(work() / "old.txt"), "first");
}

TEST_F(CommandsTest, LsPagesThroughMoreThanOnePage) {
  for (int i = 0; i < 1005; ++i) PutObject(fmt::format("many/{:04}", i), "x");
  CliResult all = Run("ls -r oss://bucket/many/");
  ASSERT_EQ(all.exit_code, kExitOk) << all.err;
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 1005);
  EXPECT_NE(all.out.find("oss://bucket/many/1004"), std::string::npos);
}

TEST_F(CommandsTest, RmDeletesAndReportsMissingKeys) {
  PutObject("gone.txt", "x");
  CliResult rm = Run("rm oss://bucket/gone.txt");
  ASSERT_EQ(rm.exit_code, kExitOk) << rm.err;
  EXPECT_EQ(rm.out, "deleted oss://bucket/gone.txt\n");
  HeadObjectRequest head;
  head.bucket = "bucket";
  head.key = "gone.txt";
  EXPECT_EQ(client_->HeadObject(head).status().code(), StatusCode::kNotFound);
  CliResult again = Run("rm oss://bucket/gone.txt");
  EXPECT_EQ(again.exit_code, kExitNotFound);
  EXPECT_NE(again.err.find("NoSuchKey"), std::string::npos) << again.err;
}

// rm -r deletes a prefix in batches of 1000 as the listing streams in;
// --dry-run deletes nothing.
TEST_F(CommandsTest, RmRecursiveDeletesAPrefixInBatches) {
  for (int i = 0; i < 1005; ++i) PutObject(fmt::format("old/{:04d}", i), "");
  PutObject("older", "not under old/");
  PutObject("keep/x", "kept");

  CliResult dry = Run("rm -r --dry-run oss://bucket/old");
  ASSERT_EQ(dry.exit_code, kExitOk) << dry.err;
  EXPECT_EQ(std::count(dry.out.begin(), dry.out.end(), '\n'), 1005);
  EXPECT_NE(dry.out.find("would delete oss://bucket/old/0000"),
            std::string::npos);
  EXPECT_NE(dry.err.find("would delete 1005 object(s)"), std::string::npos)
      << dry.err;
  EXPECT_EQ(ObjectBytes("old/1004"), "");  // still there

  CliResult removed = Run("rm -r -v oss://bucket/old/");
  ASSERT_EQ(removed.exit_code, kExitOk) << removed.err;
  EXPECT_NE(removed.err.find("deleted 1005 object(s)"), std::string::npos);
  size_t batches = 0;
  for (size_t at = removed.err.find("> POST "); at != std::string::npos;
       at = removed.err.find("> POST ", at + 1)) {
    ++batches;
  }
  EXPECT_EQ(batches, 2u) << "one DeleteMultipleObjects per 1000 keys";
  CliResult left = Run("ls -r --json oss://bucket/");
  EXPECT_EQ(left.out.find("old/"), std::string::npos) << left.out;
  EXPECT_NE(left.out.find("\"older\""), std::string::npos);
  EXPECT_NE(left.out.find("keep/x"), std::string::npos);
}

TEST_F(CommandsTest, MakeAndRemoveBuckets) {
  CliResult made = Run("mb oss://fresh-bucket");
  ASSERT_EQ(made.exit_code, kExitOk) << made.err;
  EXPECT_TRUE(client_->CreateBucket("fresh-bucket").code() !=
              StatusCode::kOk);  // it exists now
  CliResult twice = Run("mb oss://fresh-bucket");
  EXPECT_EQ(twice.exit_code, kExitFailure);
  EXPECT_NE(twice.err.find("BucketAlreadyExists"), std::string::npos);
  CliResult with_key = Run("mb oss://fresh-bucket/key");
  EXPECT_EQ(with_key.exit_code, kExitUsage);

  PutObject("keep.txt", "x");
  CliResult not_empty = Run("rb oss://bucket");
  EXPECT_EQ(not_empty.exit_code, kExitFailure);
  EXPECT_NE(not_empty.err.find("BucketNotEmpty"), std::string::npos);
  CliResult removed = Run("rb oss://fresh-bucket");
  ASSERT_EQ(removed.exit_code, kExitOk) << removed.err;
  CliResult gone = Run("rb oss://fresh-bucket");
  EXPECT_EQ(gone.exit_code, kExitNotFound);
  CliResult bad_name = Run("mb oss://Bad_Name");
  EXPECT_EQ(bad_name.exit_code, kExitUsage);
}

TEST_F(CommandsTest, PresignedUrlsWorkWithCurlAndExpire) {
  PutObject("p.txt", "presigned content");
  CliResult presign = Run("presign oss://bucket/p.txt --expires 10m");
  ASSERT_EQ(presign.exit_code, kExitOk) << presign.err;
  std::string url = presign.out.substr(0, presign.out.find('\n'));
  CommandResult fetched = RunCommand("curl -sf " + Quote(url));
  EXPECT_EQ(fetched.exit_code, 0);
  EXPECT_EQ(fetched.output, "presigned content");

  CliResult put = Run("presign --method PUT oss://bucket/up.txt");
  ASSERT_EQ(put.exit_code, kExitOk) << put.err;
  std::string put_url = put.out.substr(0, put.out.find('\n'));
  WriteFile(work() / "up.txt", "sent with curl");
  EXPECT_EQ(RunCommand("curl -sf -T " + Quote((work() / "up.txt").string()) +
                       " " + Quote(put_url))
                .exit_code,
            0);
  EXPECT_EQ(ObjectBytes("up.txt"), "sent with curl");

  const std::pair<const char*, const char*> refusals[] = {
      {"--expires 0s", "--expires"},
      {"--expires soon", "--expires"},
      {"--expires 8d", "7 days"}};
  for (const auto& [bad, message] : refusals) {
    CliResult refused = Run(std::string("presign oss://bucket/p.txt ") + bad);
    EXPECT_EQ(refused.exit_code, kExitUsage) << bad << "\n" << refused.err;
    EXPECT_NE(refused.err.find(message), std::string::npos) << refused.err;
  }
}

TEST_F(CommandsTest, UploadsCanBeListedAndAborted) {
  InitiateMultipartUploadRequest initiate;
  initiate.bucket = "bucket";
  initiate.key = "stuck/one.bin";
  Result<InitiateMultipartUploadResult> first =
      client_->InitiateMultipartUpload(initiate);
  ASSERT_TRUE(first.ok());
  Result<InitiateMultipartUploadResult> second =
      client_->InitiateMultipartUpload(initiate);
  ASSERT_TRUE(second.ok());
  initiate.key = "stuck/two.bin";
  Result<InitiateMultipartUploadResult> third =
      client_->InitiateMultipartUpload(initiate);
  ASSERT_TRUE(third.ok());

  CliResult listed = Run("uploads ls oss://bucket/stuck/");
  ASSERT_EQ(listed.exit_code, kExitOk) << listed.err;
  EXPECT_NE(listed.out.find(first->upload_id), std::string::npos);
  EXPECT_NE(listed.out.find(third->upload_id), std::string::npos);

  CliResult one = Run("uploads abort oss://bucket/stuck/one.bin --upload-id " +
                      first->upload_id);
  ASSERT_EQ(one.exit_code, kExitOk) << one.err;
  CliResult prefix_without_all = Run("uploads abort oss://bucket/stuck/");
  EXPECT_EQ(prefix_without_all.exit_code, kExitUsage);
  EXPECT_NE(prefix_without_all.err.find("--all"), std::string::npos);
  CliResult rest = Run("uploads abort --json --all oss://bucket/stuck/");
  ASSERT_EQ(rest.exit_code, kExitOk) << rest.err;
  EXPECT_EQ(std::count(rest.out.begin(), rest.out.end(), '\n'), 2) << rest.out;

  ListMultipartUploadsRequest request;
  request.bucket = "bucket";
  Result<ListMultipartUploadsResult> left =
      client_->ListMultipartUploads(request);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->uploads.empty());
  CliResult nothing = Run("uploads abort oss://bucket/stuck/one.bin");
  EXPECT_EQ(nothing.exit_code, kExitNotFound);
}

class ConfigTest : public CliTest {
 protected:
  fs::path WriteConfig(const std::string& text, mode_t mode) {
    fs::path path = home() / ".config" / "ossxfer" / "config";
    WriteFile(path, text);
    ::chmod(path.c_str(), mode);
    return path;
  }
};

TEST_F(ConfigTest, ProfilesAndPrecedence) {
  PutObject("c.txt", "config");
  const std::string endpoint = server_->endpoint();
  WriteConfig(fmt::format("[default]\n"
                          "region = cn-hangzhou\n"
                          "endpoint = http://127.0.0.1:1\n"
                          "access_key_id = {}\n"
                          "access_key_secret = {}\n"
                          "\n"
                          "[profile local]\n"
                          "region = cn-hangzhou\n"
                          "endpoint = {}\n"
                          "access_key_id = {}\n"
                          "access_key_secret = {}\n",
                          kServeKeyId, kServeKeySecret, endpoint, kServeKeyId,
                          kServeKeySecret),
              0600);
  const std::map<std::string, std::string> bare;
  // [default] points nowhere: the profile, the environment or a flag fix it.
  EXPECT_EQ(RunWith(bare, "stat oss://bucket/c.txt").exit_code, kExitFailure);
  CliResult profile = RunWith(bare, "--profile local stat oss://bucket/c.txt");
  EXPECT_EQ(profile.exit_code, kExitOk) << profile.err;
  EXPECT_EQ(profile.err, "");
  CliResult env_profile =
      RunWith({{"OSSXFER_PROFILE", "local"}}, "stat oss://bucket/c.txt");
  EXPECT_EQ(env_profile.exit_code, kExitOk) << env_profile.err;
  CliResult env_endpoint =
      RunWith({{"OSS_ENDPOINT", endpoint}}, "stat oss://bucket/c.txt");
  EXPECT_EQ(env_endpoint.exit_code, kExitOk) << env_endpoint.err;
  CliResult flag =
      RunWith({{"OSS_ENDPOINT", "http://127.0.0.1:1"}},
              "stat --endpoint " + endpoint + " oss://bucket/c.txt");
  EXPECT_EQ(flag.exit_code, kExitOk) << flag.err;
  // The flag wins over the profile as well.
  CliResult flag_over_profile =
      RunWith(bare,
              "--profile local --endpoint http://127.0.0.1:1 stat "
              "oss://bucket/c.txt");
  EXPECT_EQ(flag_over_profile.exit_code, kExitFailure);

  CliResult no_such = RunWith(bare, "--profile nope stat oss://bucket/c.txt");
  EXPECT_EQ(no_such.exit_code, kExitUsage);
  EXPECT_NE(no_such.err.find("local"), std::string::npos) << no_such.err;
}

TEST_F(ConfigTest, ReadableBySomeoneElseIsWarnedAbout) {
  PutObject("w.txt", "x");
  fs::path path = WriteConfig(
      fmt::format(
          "[default]\nregion = cn-hangzhou\nendpoint = {}\naccess_key_id = {}\n"
          "access_key_secret = {}\n",
          server_->endpoint(), kServeKeyId, kServeKeySecret),
      0644);
  CliResult warned = RunWith({}, "stat oss://bucket/w.txt");
  EXPECT_EQ(warned.exit_code, kExitOk) << warned.err;
  EXPECT_NE(warned.err.find("chmod 600"), std::string::npos) << warned.err;
  EXPECT_EQ(warned.err.find(kServeKeySecret), std::string::npos);
  ::chmod(path.c_str(), 0600);
  CliResult quiet = RunWith({}, "stat oss://bucket/w.txt");
  EXPECT_EQ(quiet.err, "");

  WriteConfig("[default\nendpoint = x\n", 0600);
  CliResult broken = RunWith({}, "stat oss://bucket/w.txt");
  EXPECT_EQ(broken.exit_code, kExitUsage);
  EXPECT_NE(broken.err.find("config:1"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace ossxfer::testing
