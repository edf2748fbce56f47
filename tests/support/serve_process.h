// `ossxfer serve` as a real child process on a port the OS picks, with its
// own temporary root, for integration tests.
#ifndef OSSXFER_TESTS_SUPPORT_SERVE_PROCESS_H_
#define OSSXFER_TESTS_SUPPORT_SERVE_PROCESS_H_

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ossxfer/client.h"
#include "support/child_process.h"

namespace ossxfer::testing {

inline constexpr char kServeKeyId[] = "serve-test-key-id";
inline constexpr char kServeKeySecret[] = "serve-test-key-secret";

// A fresh directory under /tmp, removed when the object goes away.
class TempDir {
 public:
  // A fresh directory in `base`, removed with everything in it.
  explicit TempDir(const std::filesystem::path& base = "/tmp");
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServeProcess {
 public:
  // Starts `ossxfer serve --root root` plus `extra` arguments; signed mode
  // with kServeKeyId/kServeKeySecret unless `extra` has --anonymous. Waits
  // for the address line (no sleeping); started() is false if it never came.
  ServeProcess(const std::filesystem::path& root,
               std::vector<std::string> extra = {});

  bool started() const { return !endpoint_.empty(); }
  const std::string& endpoint() const {
    return endpoint_;
  }  // http://127.0.0.1:PORT
  std::string port() const {
    return endpoint_.substr(endpoint_.rfind(':') + 1);
  }
  ChildProcess& process() { return *process_; }

  ClientOptions ClientOptionsFor(
      SignatureVersion version = SignatureVersion::kV4) const;
  Client MakeClient(SignatureVersion version = SignatureVersion::kV4) const;

  // This serve's /_ossxfer/stats (README: serve's admin requests), fetched
  // on a connection of its own; null (and a test failure) when it cannot
  // tell.
  nlohmann::json Stats() const;
  // Requests of `method` ("GET", "HEAD") this serve has answered so far;
  // -1 when it cannot tell.
  int64_t Requests(const std::string& method) const;

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string endpoint_;
};

// Runs a shell command, returning its exit code and stdout.
struct CommandResult {
  int exit_code;
  std::string output;
};
CommandResult RunCommand(const std::string& command);

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_SERVE_PROCESS_H_
