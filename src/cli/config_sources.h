// What the ossxfer config file and the AWS shared files (config_file.h,
// aws_config.h) resolve alike: reading a file that may be absent, "~/" in a
// named path, the environment with empty variables counted as unset, and
// credentials taken as one set from the first place that has any.
#ifndef OSSXFER_CLI_CONFIG_SOURCES_H_
#define OSSXFER_CLI_CONFIG_SOURCES_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::cli {

// The profile both files use when none is named.
inline constexpr std::string_view kDefaultProfile = "default";

using Getenv = std::function<std::optional<std::string>(const std::string&)>;

// `getenv`'s value, or the process's own environment when it is empty; an
// empty variable counts as unset.
std::optional<std::string> ReadEnvironment(const Getenv& getenv,
                                           const std::string& name);

// A flag's value, or nullopt when it was not given or given empty.
inline std::optional<std::string> GivenFlag(
    const std::optional<std::string>& value) {
  return value && !value->empty() ? value : std::nullopt;
}

// Reads `path` into `*text` (and its mode into `*mode`). false with an OK
// status when the file does not exist; kInvalidArgument for a directory,
// kIoError when it cannot be read.
Result<bool> ReadConfigIfExists(const std::string& path, std::string* text,
                                mode_t* mode);

// "~" or "~/..." at the start of a path the user named, against `home`.
std::string ExpandHome(const std::string& path,
                       const std::optional<std::string>& home);

// "PATH:LINE: why", kInvalidArgument: a config file's syntax error.
Status IniSyntaxError(std::string_view path, int line, std::string_view why);

// One meaningful line of an INI file: a section header or a key = value.
struct IniLine {
  int number = 0;         // 1-based
  bool indented = false;  // began with a space or a tab
  bool is_section = false;
  std::string section;  // the header's inside, untrimmed
  std::string key;      // trimmed, never empty
  std::string value;    // trimmed
};

// Calls `each` for every line but blank ones and '#' or ';' comments, in
// order (a leading UTF-8 byte-order mark and CR line ends are ignored),
// and stops at the first error. A header without its ']', a line without
// '=', an empty key or a key before any section is an IniSyntaxError; the
// line itself is never echoed (it may be a pasted secret).
Status ForEachIniLine(std::string_view text, std::string_view path,
                      const std::function<Status(const IniLine&)>& each);

// One place credentials may come from, with what it calls each value.
struct CredentialCandidate {
  std::string where;  // "environment" or "PATH [profile NAME]"
  bool is_environment = false;
  std::string id_name, secret_name, token_name;
  std::optional<std::string> id, secret, token;
};

struct ChosenCredentials {
  std::string access_key_id;
  std::string secret;
  std::string session_token;
  // Field ("access_key_id", "access_key_secret", "session_token") -> where
  // its value came from, for -v.
  std::map<std::string, std::string> sources;
  // Index into the candidates; nullopt when none has any.
  std::optional<size_t> chosen;
};

// The first candidate with an id or a secret supplies id, secret and token,
// so that an id from one place is never paired with a secret from
// another. A candidate with only one of the two is kInvalidArgument naming
// the one that is missing and what to do.
Result<ChosenCredentials> ChooseCredentials(
    const std::vector<CredentialCandidate>& candidates);

// "PATH is readable by other users (mode 0644); it holds secrets: chmod 600
// PATH" when `mode` lets group or others in; nullopt otherwise.
std::optional<std::string> SecretsReadableWarning(const std::string& path,
                                                  mode_t mode);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_CONFIG_SOURCES_H_
