// Where the command's endpoint, region and credentials come from: flags,
// then the environment, then the chosen profile of the config file, then
// its [default] section.
//
// The file is INI, by default $XDG_CONFIG_HOME/ossxfer/config (when
// XDG_CONFIG_HOME is set to an absolute path) or ~/.config/ossxfer/config:
//
//   # comments start with '#' or ';' (whole lines only: a value may hold
//   # either character)
//   [default]
//   endpoint = oss-cn-hangzhou.aliyuncs.com
//   region = cn-hangzhou
//
//   [profile prod]          ; "[prod]" means the same
//   access_key_id = LTAI...
//   access_key_secret = ...
//   session_token = ...     ; for STS credentials
//   signature_version = 4   ; 1 or 4
//   aws_profile = minio     ; the AWS profile s3:// URLs use (below)
//
// Values are taken verbatim after trimming (no quotes, no escapes). Repeated
// sections merge; a repeated key keeps the later value with a warning.
#ifndef OSSXFER_CLI_CONFIG_FILE_H_
#define OSSXFER_CLI_CONFIG_FILE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::cli {

struct Settings {
  std::string endpoint;
  std::string region;
  std::string access_key_id;
  std::string access_key_secret;
  std::string session_token;
  int signature_version = 4;
  // The AWS profile (in ~/.aws/config and ~/.aws/credentials) that s3://
  // URLs use unless --profile, AWS_DEFAULT_PROFILE or AWS_PROFILE names
  // one: so that one ossxfer profile can name its S3 store too.
  std::string aws_profile;
  // For the user: unknown keys, repeated keys, a config file that others
  // can read. Never holds a secret.
  std::vector<std::string> warnings;
  // For -v: the field name ("endpoint", "region", "access_key_id",
  // "access_key_secret", "session_token", "signature_version", "profile",
  // "config") -> where its value came from: "--endpoint", "environment
  // OSS_ENDPOINT", "/home/u/.config/ossxfer/config [profile prod]",
  // "built-in default". A field that is unset has no entry.
  std::map<std::string, std::string> sources;
};

struct SettingsInputs {
  // From flags; nullopt (or an empty string) when the flag was not given.
  std::optional<std::string> endpoint;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> config_path;
  std::optional<int> signature_version;
  // The environment; nullptr means the process's own (std::getenv). An
  // empty variable counts as unset.
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

// Resolves each field by precedence: flag > environment (OSS_ENDPOINT,
// OSS_REGION) > [profile NAME] > [default] > built-in default (signature
// version 4; everything else empty). The profile is --profile, else
// OSSXFER_PROFILE, else "default"; the file is --config, else
// OSSXFER_CONFIG, else the default path ("~/" at the start of a named path
// is expanded).
//
// Credentials are resolved as one set, never field by field, so that a key
// id from one place is never paired with a secret from another: the first
// of (environment, the profile's section, [default]) that has
// access_key_id or access_key_secret supplies the id, the secret and the
// session token; it must have both the id and the secret, or the result is
// kInvalidArgument naming the one that is missing. A session token
// elsewhere is ignored (with a warning when it is OSS_SESSION_TOKEN). No
// credentials anywhere is not an error: all three stay empty.
//
// Errors (kInvalidArgument unless said): a config file named by --config or
// OSSXFER_CONFIG that does not exist; a file that cannot be read
// (kIoError); a syntax error (message "PATH:LINE: ..."); a profile other
// than "default" that the file lacks (the message lists those it has);
// a signature version other than 1 or 4. A missing default file is fine.
// A file that holds a secret and whose mode lets group or others in
// (mode & 077) adds the warning "PATH is readable by other users (mode
// 0644); it holds secrets: chmod 600 PATH".
Result<Settings> ResolveSettings(const SettingsInputs& inputs);

// One parsed config file: profile name ("default" for [default] and
// [profile default]) -> key -> value. Exposed for tests and for commands
// that list profiles.
struct ConfigFile {
  struct Value {
    std::string text;
    int line = 0;
  };
  std::map<std::string, std::map<std::string, Value>> profiles;
  std::vector<std::string> warnings;
};

// `path` is used in messages only ("PATH:LINE: ...").
Result<ConfigFile> ParseConfigFile(std::string_view text,
                                   std::string_view path);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_CONFIG_FILE_H_
