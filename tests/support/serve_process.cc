#include "support/serve_process.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "http/http_connection.h"

namespace ossxfer::testing {

TempDir::TempDir(const std::filesystem::path& base) {
  std::string pattern = (base / "ossxfer-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

ServeProcess::ServeProcess(const std::filesystem::path& root,
                           std::vector<std::string> extra) {
  std::vector<std::string> argv = {OSSXFER_BINARY, "serve",    "--root",
                                   root.string(),  "--listen", "127.0.0.1:0"};
  bool anonymous = false;
  for (const std::string& arg : extra)
    anonymous = anonymous || arg == "--anonymous";
  if (!anonymous) {
    argv.insert(argv.end(), {"--access-key-id", kServeKeyId,
                             "--access-key-secret", kServeKeySecret});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  process_ = std::make_unique<ChildProcess>(argv);
  std::optional<std::string> line =
      process_->ReadLine(std::chrono::seconds(30));
  if (line && line->starts_with("http://")) endpoint_ = *line;
}

ClientOptions ServeProcess::ClientOptionsFor(SignatureVersion version) const {
  ClientOptions options;
  options.endpoint = endpoint_;
  options.region = "cn-hangzhou";
  options.signature_version = version;
  options.credentials = MakeStaticCredentialsProvider(
      Credentials{kServeKeyId, kServeKeySecret, ""});
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(10);
  return options;
}

Client ServeProcess::MakeClient(SignatureVersion version) const {
  return std::move(Client::Create(ClientOptionsFor(version))).value();
}

nlohmann::json ServeProcess::Stats() const {
  http::HttpConnection connection(http::HttpSettings{});
  Result<http::HttpResponse> response = connection.Send(
      http::HttpRequest{"GET", endpoint_ + "/_ossxfer/stats"}, nullptr);
  EXPECT_TRUE(response.ok() && response->status == 200)
      << "serve's stats: " << response.status();
  if (!response.ok() || response->status != 200) return nullptr;
  return nlohmann::json::parse(response->body);
}

int64_t ServeProcess::Requests(const std::string& method) const {
  nlohmann::json stats = Stats();
  if (stats.is_null()) return -1;
  return stats["requests_by_method"].value(method, int64_t{0});
}

CommandResult RunCommand(const std::string& command) {
  CommandResult result{-1, ""};
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t got;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), got);
  }
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace ossxfer::testing
