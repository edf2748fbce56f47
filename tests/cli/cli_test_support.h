// Runs the real `ossxfer` binary against a real `ossxfer serve` process:
// a clean environment (its own HOME, no config file unless a test writes
// one), the server's endpoint and test credentials in the environment, and
// stdout, stderr and the exit code captured separately.
#ifndef OSSXFER_TESTS_CLI_CLI_TEST_SUPPORT_H_
#define OSSXFER_TESTS_CLI_CLI_TEST_SUPPORT_H_

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "support/child_process.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"

namespace ossxfer::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `text` in single quotes for sh.
inline std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Reads lines until one contains `needle`; false when the output ends (or
// stays silent for 20 s) first.
inline bool WaitForLine(ChildProcess& process, std::string_view needle) {
  while (std::optional<std::string> line =
             process.ReadLine(std::chrono::seconds(20))) {
    if (line->find(needle) != std::string::npos) return true;
  }
  return false;
}

// Everything the process still prints, until it closes its output.
inline std::string RestOfOutput(ChildProcess& process) {
  std::string rest;
  while (std::optional<std::string> line =
             process.ReadLine(std::chrono::seconds(20))) {
    rest += *line + "\n";
  }
  return rest;
}

class CliTest : public ServedBucketTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServedBucketTest::SetUp());
    std::filesystem::create_directories(home());
  }

  std::filesystem::path home() const { return work_.path() / "home"; }
  std::filesystem::path work() const { return work_.path(); }

  // The default environment: endpoint and credentials of the test server.
  std::map<std::string, std::string> Environment() const {
    return {{"OSS_ENDPOINT", server_->endpoint()},
            {"OSS_REGION", "cn-hangzhou"},
            {"OSS_ACCESS_KEY_ID", kServeKeyId},
            {"OSS_ACCESS_KEY_SECRET", kServeKeySecret}};
  }

  // `arguments` is shell text after "ossxfer" (quote paths with Quote).
  CliResult Run(const std::string& arguments) {
    return RunWith(Environment(), arguments);
  }

  CliResult RunWith(const std::map<std::string, std::string>& environment,
                    const std::string& arguments) {
    return RunShell(CommandLine(environment, arguments));
  }

  // "cd work && exec env -i ... ossxfer <arguments>": the process that
  // runs it becomes ossxfer, so signals sent to it reach ossxfer.
  std::string CommandLine(const std::map<std::string, std::string>& environment,
                          const std::string& arguments) const {
    std::string command = "cd " + Quote(work().string()) +
                          " && exec env -i PATH=" + Quote(std::getenv("PATH")) +
                          " HOME=" + Quote(home().string());
    for (const auto& [name, value] : environment) {
      command += " " + name + "=" + Quote(value);
    }
    return command + " " + Quote(OSSXFER_BINARY) + " " + arguments;
  }

  CliResult RunShell(const std::string& command) {
    const std::filesystem::path err = work() / "stderr.txt";
    CommandResult result =
        RunCommand(command + " 2>" + Quote(err.string()) + " </dev/null");
    CliResult cli;
    cli.exit_code = result.exit_code;
    cli.out = result.output;
    cli.err = ReadFile(err);
    return cli;
  }

  std::string ObjectBytes(const std::string& key) {
    GetObjectRequest request;
    request.bucket = "bucket";
    request.key = key;
    StringSink sink;
    Result<GetObjectResult> got = client_->GetObject(request, sink);
    EXPECT_TRUE(got.ok()) << got.status();
    return sink.data();
  }

  void PutObject(const std::string& key, const std::string& data) {
    PutObjectRequest request;
    request.bucket = "bucket";
    request.key = key;
    StringSource source(data);
    Result<PutObjectResult> put = client_->PutObject(request, source);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  TempDir work_;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_CLI_CLI_TEST_SUPPORT_H_
