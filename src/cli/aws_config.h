// Where an S3 command's endpoint, region, addressing style and credentials
// come from, by the conventions the AWS tools share (s3-protocol.md §8), so
// that a user's existing AWS set-up works unchanged:
//
//   credentials  environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//                AWS_SESSION_TOKEN or the legacy AWS_SECURITY_TOKEN) >
//                the credentials file's [NAME] > the config file's
//                [profile NAME] ([default] for the default profile), taken
//                as one set from the first that has any;
//   region       --region > AWS_REGION > AWS_DEFAULT_REGION > the profile's
//                region > us-east-1;
//   endpoint     --endpoint > AWS_ENDPOINT_URL_S3 > AWS_ENDPOINT_URL > the
//                profile's `services` section's s3 endpoint_url > the
//                profile's endpoint_url > none (AWS's own, by region);
//                AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or the profile's
//                ignore_configured_endpoint_urls = true skips all but the
//                flag;
//   addressing   --path-style > the profile's `s3 = addressing_style` (auto,
//                path or virtual) > auto;
//   profile      --profile > AWS_DEFAULT_PROFILE > AWS_PROFILE > the
//                aws_profile of ossxfer's own config file > default;
//   files        AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and
//                AWS_CONFIG_FILE (~/.aws/config); either may be absent.
//
// The files are INI: `key = value`, `#`/`;` comment lines, and nested
// settings as indented lines under a key with no value:
//
//   [profile local]
//   endpoint_url = http://127.0.0.1:9000
//   s3 =
//       addressing_style = path
//
// Unlike the AWS tools, a named profile that neither file has is an error
// that lists the profiles there are, and a file holding secrets that others
// can read is warned about.
#ifndef OSSXFER_CLI_AWS_CONFIG_H_
#define OSSXFER_CLI_AWS_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config_sources.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

enum class AddressingStyle { kAuto, kPath, kVirtual };

struct AwsSettings {
  std::string profile;
  std::string endpoint;  // a URL; empty: AWS's own for the region
  std::string region;
  AddressingStyle addressing = AddressingStyle::kAuto;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  // Never holds a secret.
  std::vector<std::string> warnings;
  // For -v: field ("endpoint", "region", "addressing_style",
  // "access_key_id", "access_key_secret", "session_token", "profile") ->
  // where its value came from.
  std::map<std::string, std::string> sources;
};

struct AwsSettingsInputs {
  // From flags; nullopt (or empty) when not given.
  std::optional<std::string> endpoint;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  bool force_path_style = false;
  // ossxfer's own config file's aws_profile (cli/config_file.h), and where
  // it was written, for messages and -v; empty: none.
  std::string configured_profile;
  std::string configured_profile_source;
  Getenv getenv;  // empty: the process's environment
};

Result<AwsSettings> ResolveAwsSettings(const AwsSettingsInputs& inputs);

// One AWS INI file: section -> key -> value. Nested settings are keyed
// "parent.child" ("s3.addressing_style"). Section names are as written
// inside the brackets, trimmed ("default", "profile local",
// "services local-s3").
struct AwsIniFile {
  std::map<std::string, std::map<std::string, std::string>> sections;
};

// `path` is used in messages only ("PATH:LINE: ..."); a syntax error is
// kInvalidArgument and never echoes the line (it may be a pasted secret).
Result<AwsIniFile> ParseAwsIniFile(std::string_view text,
                                   std::string_view path);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_AWS_CONFIG_H_
