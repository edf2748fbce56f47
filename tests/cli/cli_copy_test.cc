// `ossxfer cp` (one file, both directions) as a real process against a real
// `ossxfer serve`: flags, --json, TTY progress, Ctrl-C and resume, and bad
// input with its message and exit code.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli_test_support.h"
#include "ossxfer/crc64.h"
#include "support/http_responder.h"
#include "util/file.h"

namespace ossxfer::testing {
namespace {

namespace fs = std::filesystem;
using cli::kExitAccessDenied;
using cli::kExitInterrupted;
using cli::kExitNotFound;
using cli::kExitOk;
using cli::kExitUsage;

using CpTest = CliTest;

nlohmann::json OnlyJsonLine(const std::string& out) {
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  return nlohmann::json::parse(out, nullptr, false);
}

TEST_F(CpTest, UploadsWithMetadataAndDownloadsItBack) {
  const std::string data = TestBytes(300 * 1024 + 17, 1);
  WriteFile(work() / "report.bin", data);
  CliResult up =
      Run("cp report.bin oss://bucket/docs/ --meta Owner=alice --meta team=x "
          "--content-type text/x-test --acl private --storage-class IA "
          "--cache-control no-cache --content-disposition attachment "
          "--part-size 100KiB -j 2");
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  // A key ending in '/' keeps the file's name.
  EXPECT_NE(up.out.find("uploaded report.bin -> oss://bucket/docs/report.bin"),
            std::string::npos)
      << up.out;

  CliResult stat = Run("stat --json oss://bucket/docs/report.bin");
  ASSERT_EQ(stat.exit_code, kExitOk) << stat.err;
  nlohmann::json meta = nlohmann::json::parse(stat.out);
  EXPECT_EQ(meta["size"], data.size());
  EXPECT_EQ(meta["content_type"], "text/x-test");
  EXPECT_EQ(meta["storage_class"], "IA");
  EXPECT_EQ(meta["object_type"], "Multipart");
  EXPECT_EQ(meta["cache_control"], "no-cache");
  EXPECT_EQ(meta["content_disposition"], "attachment");
  EXPECT_EQ(meta["user_metadata"]["owner"], "alice");
  EXPECT_EQ(meta["user_metadata"]["team"], "x");
  EXPECT_EQ(meta["crc64"], std::to_string(Crc64(data)));

  // A directory destination keeps the key's base name.
  fs::create_directories(work() / "down");
  CliResult down =
      Run("cp oss://bucket/docs/report.bin down --part-size 128KiB -j 3");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  const std::string got = ReadFile(work() / "down" / "report.bin");
  EXPECT_EQ(got.size(), data.size());
  EXPECT_TRUE(got == data);
  EXPECT_NE(down.out.find("CRC64 verified"), std::string::npos) << down.out;
  // Nothing left behind: no checkpoint, no temp file.
  EXPECT_EQ(std::distance(fs::directory_iterator(work() / "down"),
                          fs::directory_iterator()),
            1);
}

TEST_F(CpTest, JsonPrintsTheLibraryResult) {
  const std::string data = TestBytes(250 * 1024, 2);
  WriteFile(work() / "a.bin", data);
  CliResult up = Run("cp --json a.bin oss://bucket/a.bin --part-size 100KiB");
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  nlohmann::json result = OnlyJsonLine(up.out);
  ASSERT_FALSE(result.is_discarded()) << up.out;
  EXPECT_EQ(result["type"], "transfer");
  EXPECT_EQ(result["direction"], "upload");
  EXPECT_EQ(result["state"], "done");
  EXPECT_EQ(result["source"], "a.bin");
  EXPECT_EQ(result["destination"], "oss://bucket/a.bin");
  EXPECT_EQ(result["size"], data.size());
  EXPECT_EQ(result["bytes_transferred"], data.size());
  EXPECT_EQ(result["bytes_reused"], 0);
  EXPECT_EQ(result["parts"], 3);
  EXPECT_EQ(result["part_size"], 102400);
  EXPECT_EQ(result["crc64"], std::to_string(Crc64(data)));
  EXPECT_EQ(result["crc64_verified"], true);
  EXPECT_TRUE(result["etag"].is_string());
  EXPECT_TRUE(result["seconds"].is_number());
  EXPECT_TRUE(result["notices"].is_array());
  EXPECT_FALSE(result["upload_id"].get<std::string>().empty());

  CliResult down = Run("cp --json oss://bucket/a.bin b.bin");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  nlohmann::json downloaded = OnlyJsonLine(down.out);
  EXPECT_EQ(downloaded["direction"], "download");
  EXPECT_EQ(downloaded["size"], data.size());
  EXPECT_EQ(downloaded["crc64_verified"], true);
  EXPECT_EQ(downloaded["crc64"], std::to_string(Crc64(data)));
  EXPECT_EQ(downloaded["etag"], result["etag"]);
  EXPECT_TRUE(down.err.empty()) << down.err;

  // Unchecked, the CRC64 is the server's word about the object, not the
  // file's: it is reported as such.
  CliResult unchecked = Run("cp --json --no-verify oss://bucket/a.bin c.bin");
  ASSERT_EQ(unchecked.exit_code, kExitOk) << unchecked.err;
  nlohmann::json trusted = OnlyJsonLine(unchecked.out);
  EXPECT_EQ(trusted["crc64_verified"], false);
  EXPECT_TRUE(trusted["crc64"].is_null()) << trusted;
  EXPECT_EQ(trusted["object_crc64"], std::to_string(Crc64(data)));
}

// A second process on the same destination is a conflict with its own exit
// code and advice, not a verification failure.
TEST_F(CpTest, ATransferAlreadyRunningExitsBusy) {
  PutObject("busy.bin", TestBytes(300 * 1024, 3));
  const fs::path temp = work() / "busy.bin.ossxfer-tmp";
  WriteFile(temp, "");
  Result<util::File> held = util::File::Open(temp, O_RDWR);
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_TRUE(held->TryLock().ok());
  CliResult busy = Run("cp oss://bucket/busy.bin busy.bin");
  EXPECT_EQ(busy.exit_code, cli::kExitBusy) << busy.err;
  EXPECT_NE(busy.err.find("another ossxfer is already downloading"),
            std::string::npos)
      << busy.err;
  EXPECT_NE(busy.err.find("wait for it to finish or stop it"),
            std::string::npos)
      << busy.err;
  EXPECT_FALSE(fs::exists(work() / "busy.bin"));
}

TEST_F(CpTest, RangeDownloadsOnlyThoseBytes) {
  const std::string data = TestBytes(5000, 3);
  PutObject("r.bin", data);
  CliResult partial = Run("cp --range 100-1123 oss://bucket/r.bin part.bin");
  ASSERT_EQ(partial.exit_code, kExitOk) << partial.err;
  EXPECT_TRUE(ReadFile(work() / "part.bin") == data.substr(100, 1024));
  CliResult tail = Run("cp --range 4990- oss://bucket/r.bin tail.bin");
  ASSERT_EQ(tail.exit_code, kExitOk) << tail.err;
  EXPECT_EQ(ReadFile(work() / "tail.bin"), data.substr(4990));
}

TEST_F(CpTest, QuietPrintsNothingAndVerboseRedactsSecrets) {
  WriteFile(work() / "q.txt", "quiet");
  CliResult quiet = Run("cp -q q.txt oss://bucket/q.txt");
  ASSERT_EQ(quiet.exit_code, kExitOk) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");

  CliResult verbose = Run("cp -v oss://bucket/q.txt q2.txt");
  ASSERT_EQ(verbose.exit_code, kExitOk) << verbose.err;
  EXPECT_NE(verbose.err.find("> GET "), std::string::npos) << verbose.err;
  EXPECT_NE(verbose.err.find("< HTTP 200"), std::string::npos);
  EXPECT_NE(verbose.err.find("Authorization"), std::string::npos);
  EXPECT_EQ(verbose.err.find(kServeKeySecret), std::string::npos);
  EXPECT_EQ(ReadFile(work() / "q2.txt"), "quiet");

  // The version goes on the wire; serve has no version v123 and says so
  // rather than serving the current version as if it were v123.
  CliResult version = Run("cp -v --version-id v123 oss://bucket/q.txt q3.txt");
  EXPECT_EQ(version.exit_code, cli::kExitNotFound) << version.err;
  EXPECT_NE(version.err.find("versionId=v123"), std::string::npos)
      << version.err;
  EXPECT_NE(version.err.find("NoSuchVersion"), std::string::npos);
  EXPECT_EQ(version.err.find(kServeKeySecret), std::string::npos);
  EXPECT_FALSE(fs::exists(work() / "q3.txt"));
}

TEST_F(CpTest, ForbidOverwriteRefusesAnExistingKey) {
  WriteFile(work() / "f.txt", "first");
  ASSERT_EQ(Run("cp f.txt oss://bucket/f.txt").exit_code, kExitOk);
  WriteFile(work() / "f.txt", "second");
  CliResult refused = Run("cp --forbid-overwrite f.txt oss://bucket/f.txt");
  EXPECT_NE(refused.exit_code, kExitOk);
  EXPECT_NE(refused.err.find("FileAlreadyExists"), std::string::npos)
      << refused.err;
  EXPECT_EQ(ObjectBytes("f.txt"), "first");
}

TEST_F(CpTest, NoCheckpointAndCheckpointDirAreHonoured) {
  const std::string data = TestBytes(400 * 1024, 4);
  PutObject("c.bin", data);
  fs::path checkpoints = work() / "ckpt";
  CliResult down = Run("cp --checkpoint-dir " + Quote(checkpoints.string()) +
                       " --limit-rate 10MiB --traffic-limit 50MiB "
                       "--no-verify --no-direct-io oss://bucket/c.bin c.bin");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_TRUE(ReadFile(work() / "c.bin") == data);
  // The directory was created for the checkpoint, which is gone once done.
  EXPECT_TRUE(fs::is_directory(checkpoints));
  EXPECT_TRUE(fs::is_empty(checkpoints));
  EXPECT_EQ(down.out.find("CRC64 verified"), std::string::npos) << down.out;

  CliResult contradiction =
      Run("cp --no-checkpoint --checkpoint-dir x oss://bucket/c.bin c2.bin");
  EXPECT_EQ(contradiction.exit_code, kExitUsage);
  EXPECT_NE(contradiction.err.find("contradict"), std::string::npos);
}

TEST_F(CpTest, BadInputNamesTheProblemAndTransfersNothing) {
  WriteFile(work() / "x.txt", "x");
  struct Case {
    std::string arguments;
    int exit_code;
    std::string message;
  };
  const Case cases[] = {
      {"cp --part-size 8XB x.txt oss://bucket/x", kExitUsage,
       "invalid size \"8XB\""},
      {"cp --part-size 10KiB x.txt oss://bucket/x", kExitUsage,
       "part size 10240 bytes is out of range"},
      {"cp --part-size 100KB x.txt oss://bucket/x", kExitUsage,
       "from 100 KB (102400)"},
      {"cp --limit-rate fast x.txt oss://bucket/x", kExitUsage, "--limit-rate"},
      {"cp --traffic-limit 1KB x.txt oss://bucket/x", kExitUsage,
       "100KB to 100MB"},
      {"cp --range 9-3 oss://bucket/x y", kExitUsage, "before the first"},
      {"cp --range abc oss://bucket/x y", kExitUsage, "FIRST-LAST"},
      {"cp --meta novalue x.txt oss://bucket/x", kExitUsage, "KEY=VALUE"},
      {"cp --acl everyone x.txt oss://bucket/x", kExitUsage, "--acl"},
      {"cp -j 0 x.txt oss://bucket/x", kExitUsage, "parallel"},
      {"cp --range 0-1 x.txt oss://bucket/x", kExitUsage,
       "--range applies to downloads only"},
      {"cp --meta a=b oss://bucket/x y", kExitUsage,
       "--meta applies to uploads only"},
      {"cp --no-direct-io x.txt oss://bucket/x", kExitUsage,
       "--no-direct-io applies to downloads only"},
      {"cp x.txt y.txt", kExitUsage, "both are local paths"},
      {"cp --meta a=b oss://bucket/a oss://bucket/b", kExitUsage,
       "takes the source's content headers"},
      {"cp x.txt oss://B_ad/x", kExitUsage, "bucket"},
      {"cp x.txt oss://", kExitUsage, "bucket"},
      {"cp oss://bucket/dir/ here", kExitUsage, "add -r"},
      {"cp . oss://bucket/x", kExitUsage, "is a directory: add -r"},
      {"cp missing.txt oss://bucket/x", kExitNotFound, "missing.txt"},
      {"cp x.txt", kExitUsage, "DST"},
      {"cp --no-such-flag x.txt oss://bucket/x", kExitUsage, "--no-such-flag"},
      {"frobnicate", kExitUsage, "frobnicate"},
      {"cp -r --jobs 0 . oss://bucket/p/", kExitUsage, "--jobs"},
      {"cp -r x.txt oss://bucket/p/", kExitUsage, "-r needs a directory"},
      {"cp -r https://example.invalid/x dir", kExitUsage,
       "-r cannot list an http(s) URL"},
      {"cp x.txt https://example.invalid/x", kExitUsage,
       "cannot upload to an http(s) URL"},
      {"rm oss://bucket", kExitUsage, "rm needs oss://bucket/key"},
      {"presign oss://bucket", kExitUsage, "presign needs oss://bucket/key"},
      {"ls oss://Bad_Name/", kExitUsage, "bucket"},
      {"uploads abort --upload-id X oss://bucket/p/", kExitUsage, "--all"},
      {"uploads abort --all --upload-id X oss://bucket/p/", kExitUsage,
       "--upload-id needs the object's key"},
      {"uploads", kExitUsage, "subcommand"},
  };
  for (const Case& test : cases) {
    CliResult result = Run(test.arguments);
    EXPECT_EQ(result.exit_code, test.exit_code) << test.arguments << "\n"
                                                << result.err;
    EXPECT_NE(result.err.find(test.message), std::string::npos)
        << test.arguments << "\n"
        << result.err;
  }
  ListObjectsV2Request list;
  list.bucket = "bucket";
  Result<ListObjectsV2Result> listed = client_->ListObjectsV2(list);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->objects.empty());
  EXPECT_FALSE(fs::exists(work() / "y"));
  EXPECT_FALSE(fs::exists(work() / "here"));
}

TEST_F(CpTest, MissingObjectAndWrongKeyHaveTheirExitCodes) {
  CliResult missing = Run("cp oss://bucket/nope.bin out.bin");
  EXPECT_EQ(missing.exit_code, kExitNotFound);
  EXPECT_NE(missing.err.find("NoSuchKey"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("RequestId"), std::string::npos) << missing.err;
  // Nothing was created for an object that is not there.
  EXPECT_FALSE(fs::exists(work() / "out.bin"));
  EXPECT_FALSE(fs::exists(work() / "out.bin.dcp"));

  std::map<std::string, std::string> wrong = Environment();
  wrong["OSS_ACCESS_KEY_SECRET"] = "wrong-secret";
  PutObject("k.bin", "data");
  CliResult denied = RunWith(wrong, "cp oss://bucket/k.bin k.bin");
  EXPECT_EQ(denied.exit_code, kExitAccessDenied);
  EXPECT_NE(denied.err.find("SignatureDoesNotMatch"), std::string::npos)
      << denied.err;
  EXPECT_NE(denied.err.find("OSS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_EQ(denied.err.find("wrong-secret"), std::string::npos);
  EXPECT_FALSE(fs::exists(work() / "k.bin"));

  std::map<std::string, std::string> no_endpoint = Environment();
  no_endpoint.erase("OSS_ENDPOINT");
  CliResult unconfigured = RunWith(no_endpoint, "stat oss://bucket/k.bin");
  EXPECT_EQ(unconfigured.exit_code, kExitUsage);
  EXPECT_NE(unconfigured.err.find("no endpoint"), std::string::npos)
      << unconfigured.err;
}

TEST_F(CpTest, SignatureVersionOneWorksToo) {
  WriteFile(work() / "v1.txt", "signed with v1");
  CliResult up = Run("cp --signature-version 1 v1.txt oss://bucket/v1.txt");
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  EXPECT_EQ(ObjectBytes("v1.txt"), "signed with v1");
  CliResult bad = Run("cp --signature-version 3 v1.txt oss://bucket/v1.txt");
  EXPECT_EQ(bad.exit_code, kExitUsage);
}

// Ctrl-C stops the transfer, keeps the checkpoint and prints the command
// that resumes; running it resumes instead of starting over.
TEST_F(CpTest, InterruptKeepsTheCheckpointAndTheSameCommandResumes) {
  const std::string data = TestBytes(4 << 20, 5);
  WriteFile(work() / "big.bin", data);
  const std::string arguments =
      "cp -v --part-size 128KiB -j 2 --limit-rate 1MiB big.bin "
      "oss://bucket/big.bin";
  ChildProcess process(
      {"sh", "-c", CommandLine(Environment(), arguments) + " 2>&1"});
  ASSERT_TRUE(process.started());
  // The verbose log shows part requests: interrupt once a few went out.
  const bool saw_part = WaitForLine(process, "partNumber=4");
  ASSERT_TRUE(saw_part);
  const auto interrupted = std::chrono::steady_clock::now();
  process.Signal(SIGINT);
  const std::string rest = RestOfOutput(process);
  EXPECT_EQ(process.Wait(), kExitInterrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted,
            std::chrono::seconds(3));
  EXPECT_NE(rest.find("Resume with:"), std::string::npos) << rest;
  EXPECT_NE(rest.find("cp -v --part-size 128KiB -j 2 --limit-rate 1MiB "
                      "big.bin oss://bucket/big.bin"),
            std::string::npos)
      << rest;
  EXPECT_TRUE(fs::exists(work() / "big.bin.ucp"));

  CliResult resumed =
      Run("cp --json --part-size 128KiB -j 2 big.bin oss://bucket/big.bin");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  nlohmann::json result = OnlyJsonLine(resumed.out);
  EXPECT_GT(result["bytes_reused"].get<uint64_t>(), 0u);
  EXPECT_EQ(result["bytes_reused"].get<uint64_t>() +
                result["bytes_transferred"].get<uint64_t>(),
            data.size());
  EXPECT_TRUE(ObjectBytes("big.bin") == data);
  EXPECT_FALSE(fs::exists(work() / "big.bin.ucp"));
}

// A second Ctrl-C does not wait for the transfers to wind down: with every
// GET stalled by the server, the first one is still winding down (the
// cancellation is polled about once a second) when the second arrives.
// Several parts, so that the GETs run on worker threads: a download of
// one part runs on the main thread, which the signal itself wakes, and it
// can end before the second Ctrl-C comes.
TEST_F(CpTest, ASecondInterruptExitsAtOnce) {
  PutObject("stalled.bin", TestBytes(1 << 20, 10));
  ASSERT_EQ(RunCommand("curl -sf -X PUT --data-binary " +
                       Quote("{\"rules\":[{\"action\":\"stall\","
                             "\"after_bytes\":0,\"method\":\"GET\"}]}") +
                       " " + server_->endpoint() + "/_ossxfer/faults")
                .exit_code,
            0);
  ChildProcess process(
      {"sh", "-c",
       CommandLine(Environment(),
                   "cp -v --part-size 256KiB oss://bucket/stalled.bin s.bin") +
           " 2>&1"});
  const bool requested = WaitForLine(process, "ossxfer: > GET");
  ASSERT_TRUE(requested);
  process.Signal(SIGINT);
  const bool stopping = WaitForLine(process, "Ctrl-C again exits at once");
  ASSERT_TRUE(stopping);
  process.Signal(SIGINT);
  const std::string rest = RestOfOutput(process);
  EXPECT_EQ(process.Wait(), kExitInterrupted);
  EXPECT_NE(rest.find("interrupted again, exiting now"), std::string::npos)
      << rest;
  EXPECT_FALSE(fs::exists(work() / "s.bin"));
}

TEST_F(CpTest, DownloadInterruptedThenResumed) {
  const std::string data = TestBytes(3 << 20, 6);
  PutObject("d.bin", data);
  const std::string arguments =
      "cp -v --part-size 128KiB -j 2 --limit-rate 1MiB oss://bucket/d.bin "
      "d.bin";
  ChildProcess process(
      {"sh", "-c", CommandLine(Environment(), arguments) + " 2>&1"});
  int gets = 0;
  while (std::optional<std::string> line =
             process.ReadLine(std::chrono::seconds(20))) {
    if (line->starts_with("ossxfer: > GET") && ++gets == 5) break;
  }
  ASSERT_EQ(gets, 5);
  process.Signal(SIGINT);
  RestOfOutput(process);
  EXPECT_EQ(process.Wait(), kExitInterrupted);
  EXPECT_FALSE(fs::exists(work() / "d.bin"));  // never a partial file
  EXPECT_TRUE(fs::exists(work() / "d.bin.dcp"));
  CliResult resumed = Run("cp --json oss://bucket/d.bin d.bin");
  ASSERT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  EXPECT_GT(OnlyJsonLine(resumed.out)["bytes_reused"].get<uint64_t>(), 0u);
  EXPECT_TRUE(ReadFile(work() / "d.bin") == data);
}

TEST_F(CpTest, CallbackJsonIsSentAndItsAnswerPrinted) {
  HttpResponder receiver([](const RecordedRequest&) {
    return CannedResponse{
        200, {{"Content-Type", "application/json"}}, "{\"accepted\":true}"};
  });
  WriteFile(work() / "cb.txt", "callback me");
  const std::string callback = "{\"callbackUrl\":\"" + receiver.endpoint() +
                               "/hook\",\"callbackBody\":\"object=${object}&"
                               "who=${x:who}\"}";
  CliResult up =
      Run("cp cb.txt oss://bucket/cb.txt --callback " + Quote(callback) +
          " --callback-var " + Quote("{\"x:who\":\"alice\"}"));
  ASSERT_EQ(up.exit_code, kExitOk) << up.err;
  EXPECT_NE(up.out.find("callback response: {\"accepted\":true}"),
            std::string::npos)
      << up.out;
  std::vector<RecordedRequest> calls = receiver.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body, "object=cb.txt&who=alice");
}

// With --no-checkpoint (or --discard-on-cancel) an interrupted upload
// leaves no multipart upload behind, and says that nothing was kept.
TEST_F(CpTest, InterruptWithoutCheckpointLeavesNoUpload) {
  WriteFile(work() / "gone.bin", TestBytes(4 << 20, 8));
  for (const char* flag : {"--no-checkpoint", "--discard-on-cancel"}) {
    ChildProcess process(
        {"sh", "-c",
         CommandLine(
             Environment(),
             std::string("cp -v --part-size 128KiB --limit-rate 1MiB ") + flag +
                 " gone.bin oss://bucket/gone.bin") +
             " 2>&1"});
    const bool saw_part = WaitForLine(process, "partNumber=3");
    ASSERT_TRUE(saw_part) << flag;
    process.Signal(SIGINT);
    const std::string rest = RestOfOutput(process);
    EXPECT_EQ(process.Wait(), kExitInterrupted) << flag;
    EXPECT_NE(rest.find("nothing was kept"), std::string::npos) << rest;
    EXPECT_FALSE(fs::exists(work() / "gone.bin.ucp")) << flag;
    ListMultipartUploadsRequest request;
    request.bucket = "bucket";
    Result<ListMultipartUploadsResult> uploads =
        client_->ListMultipartUploads(request);
    ASSERT_TRUE(uploads.ok());
    EXPECT_TRUE(uploads->uploads.empty()) << flag;
  }
}

// `cp https://...` downloads a presigned URL with the same machinery: a
// directory destination takes the name from the URL's path, and the query
// (the signature) is never printed.
TEST_F(CpTest, DownloadsAPresignedUrl) {
  const std::string data = TestBytes(700 * 1024 + 3, 9);
  PutObject("dir/shared.bin", data);
  CliResult presign = Run("presign oss://bucket/dir/shared.bin");
  ASSERT_EQ(presign.exit_code, kExitOk) << presign.err;
  const std::string url = presign.out.substr(0, presign.out.find('\n'));
  fs::create_directories(work() / "into");
  CliResult down =
      Run("cp --json --part-size 100KiB -j 3 " + Quote(url) + " into");
  ASSERT_EQ(down.exit_code, kExitOk) << down.err;
  EXPECT_TRUE(ReadFile(work() / "into" / "shared.bin") == data);
  nlohmann::json result = OnlyJsonLine(down.out);
  EXPECT_EQ(result["crc64_verified"], true);
  EXPECT_EQ(result["size"], data.size());
  const std::string signature = url.substr(url.find('?'));
  EXPECT_EQ(down.out.find(signature), std::string::npos) << down.out;
  EXPECT_NE(result["source"].get<std::string>().find("<query hidden>"),
            std::string::npos);

  CliResult missing =
      Run("cp " + Quote(url.substr(0, url.find('?'))) + " nothing.bin");
  EXPECT_EQ(missing.exit_code, cli::kExitAccessDenied) << missing.err;
  EXPECT_FALSE(fs::exists(work() / "nothing.bin"));
  CliResult bad = Run("cp ftp://host/file x");
  EXPECT_EQ(bad.exit_code, kExitUsage);
  CliResult versioned = Run("cp --version-id 1 " + Quote(url) + " v.bin");
  EXPECT_EQ(versioned.exit_code, kExitUsage);
  EXPECT_NE(versioned.err.find("--version-id needs oss://"), std::string::npos);
  CliResult limited = Run("cp --traffic-limit 1MiB " + Quote(url) + " t.bin");
  EXPECT_EQ(limited.exit_code, kExitUsage);
  EXPECT_NE(limited.err.find("--limit-rate"), std::string::npos);
}

// On a terminal (a pseudo-terminal made by script(1)) the bar is drawn and
// ends at 100 %; through a pipe there is none.
TEST_F(CpTest, ProgressBarOnlyOnATerminal) {
  WriteFile(work() / "tty.bin", TestBytes(600 * 1024, 7));
  const std::string command = CommandLine(
      Environment(), "cp --part-size 100KiB tty.bin oss://bucket/tty.bin");
  CliResult tty = RunShell("script -qec " + Quote(command) + " /dev/null");
  ASSERT_EQ(tty.exit_code, kExitOk) << tty.out << tty.err;
  EXPECT_NE(tty.out.find("100%"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("tty.bin"), std::string::npos);
  EXPECT_NE(tty.out.find('\r'), std::string::npos);

  CliResult piped = Run("cp --part-size 100KiB tty.bin oss://bucket/tty2.bin");
  ASSERT_EQ(piped.exit_code, kExitOk) << piped.err;
  EXPECT_EQ(piped.out.find("100%"), std::string::npos);
  EXPECT_EQ(piped.err.find("100%"), std::string::npos);
  EXPECT_EQ(piped.out.find('\r'), std::string::npos);

  // A recursive copy adds an overall line.
  WriteFile(work() / "tree" / "a.bin", TestBytes(300 * 1024, 1));
  WriteFile(work() / "tree" / "b.bin", TestBytes(200 * 1024, 2));
  CliResult tree = RunShell(
      "script -qec " +
      Quote(CommandLine(Environment(), "cp -r tree oss://bucket/tree/")) +
      " /dev/null");
  ASSERT_EQ(tree.exit_code, kExitOk) << tree.out;
  EXPECT_NE(tree.out.find("2/2 files"), std::string::npos) << tree.out;

  CliResult quiet_tty = RunShell(
      "script -qec " +
      Quote(CommandLine(Environment(), "cp -q tty.bin oss://bucket/tty3.bin")) +
      " /dev/null");
  ASSERT_EQ(quiet_tty.exit_code, kExitOk);
  EXPECT_EQ(quiet_tty.out.find("100%"), std::string::npos) << quiet_tty.out;
}

}  // namespace
}  // namespace ossxfer::testing

namespace ossxfer::testing {
namespace {

// `cp https://...` against a real HTTPS server with a self-signed
// certificate: refused by default, accepted with --ca-file or --insecure.
TEST_F(CpTest, HttpsIsVerifiedUnlessToldOtherwise) {
  const std::string cert = (work() / "cert.pem").string();
  const std::string key = (work() / "key.pem").string();
  ASSERT_EQ(
      RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
                 "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
                 "-keyout " +
                 Quote(key) + " -out " + Quote(cert) + " 2>/dev/null")
          .exit_code,
      0);
  ChildProcess server(
      {"python3",
       std::string(OSSXFER_SOURCE_DIR) + "/tests/support/tls_server.py", cert,
       key});
  std::optional<std::string> port = server.ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(port);
  const std::string url = "https://127.0.0.1:" + *port + "/files/secure.txt";

  CliResult refused = Run("cp " + Quote(url) + " refused.txt");
  EXPECT_EQ(refused.exit_code, cli::kExitFailure);
  EXPECT_NE(refused.err.find("certificate"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(work() / "refused.txt"));

  CliResult trusted =
      Run("cp --ca-file " + Quote(cert) + " " + Quote(url) + " trusted.txt");
  ASSERT_EQ(trusted.exit_code, kExitOk) << trusted.err;
  EXPECT_EQ(ReadFile(work() / "trusted.txt"), "secure");

  fs::create_directories(work() / "dir");
  CliResult insecure = Run("cp --insecure " + Quote(url) + " dir/");
  ASSERT_EQ(insecure.exit_code, kExitOk) << insecure.err;
  EXPECT_EQ(ReadFile(work() / "dir" / "secure.txt"), "secure");
}

}  // namespace
}  // namespace ossxfer::testing
