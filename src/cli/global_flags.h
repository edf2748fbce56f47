// Flags every remote command takes (endpoint, profile, output mode), and
// turning them into a Client: flags win over the environment, which wins
// over the config file (cli/config_file.h).
#ifndef OSSXFER_CLI_GLOBAL_FLAGS_H_
#define OSSXFER_CLI_GLOBAL_FLAGS_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/client.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

// The cap --max-connections has when not given: see README, "One budget
// for a whole command", for the measurement behind it.
inline constexpr uint32_t kDefaultMaxConnections = 64;

struct GlobalFlags {
  std::optional<std::string> endpoint;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> config_path;
  std::optional<int> signature_version;
  std::string ca_file;
  // Connections in flight for the whole command (every file and part);
  // 0: no cap.
  uint32_t max_connections = kDefaultMaxConnections;
  bool insecure = false;    // no TLS verification: self-signed test servers
  bool path_style = false;  // /bucket/key rather than bucket.host/key
  bool verbose = false;
  bool quiet = false;
  bool json = false;
  // The command line as typed, to print the command that resumes.
  std::vector<std::string> argv;
};

// Adds the flags to `app`; subcommands see them through fallthrough, so
// they may come before or after the subcommand name.
void AddGlobalFlags(CLI::App& app, GlobalFlags& flags);

// ClientOptions from flags, environment and config file: for oss:// the
// OSS_* variables and ossxfer's config file (cli/config_file.h), for s3://
// the AWS conventions (cli/aws_config.h). Warnings (a config file readable
// by others, unknown keys) go to stderr. Fails with kInvalidArgument
// naming the missing setting and where to give it.
Result<ClientOptions> MakeClientOptions(const GlobalFlags& flags,
                                        StoreDialect dialect);
Result<Client> MakeClient(const GlobalFlags& flags, StoreDialect dialect);

// The HTTP settings alone (TLS, timeouts, -v logging) for plain URLs.
HttpOptions MakeHttpOptions(const GlobalFlags& flags);

// argv quoted for a POSIX shell, to be pasted back.
std::string ShellCommandLine(const std::vector<std::string>& argv);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_GLOBAL_FLAGS_H_
