#include "cli/global_flags.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "cli/aws_config.h"
#include "cli/config_file.h"

namespace ossxfer::cli {
namespace {

std::optional<std::string> GetEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

void LogToStderr(std::string_view line) {
  fmt::print(stderr, "ossxfer: {}\n", line);
}

}  // namespace

void AddGlobalFlags(CLI::App& app, GlobalFlags& flags) {
  app.add_option("--endpoint", flags.endpoint,
                 "Endpoint, e.g. oss-cn-hangzhou.aliyuncs.com or "
                 "http://127.0.0.1:9000 (default: $OSS_ENDPOINT, then the "
                 "config file; for s3:// $AWS_ENDPOINT_URL_S3, "
                 "$AWS_ENDPOINT_URL, the AWS profile, then AWS's own)");
  app.add_option("--region", flags.region,
                 "Region for V4 signatures, e.g. cn-hangzhou (default: "
                 "$OSS_REGION, the config file, or taken from the endpoint; "
                 "for s3:// $AWS_REGION, $AWS_DEFAULT_REGION, the AWS "
                 "profile, then us-east-1)");
  app.add_option("--profile", flags.profile,
                 "Config file profile (default: $OSSXFER_PROFILE, then "
                 "[default]; for s3:// the AWS profile: $AWS_PROFILE, then "
                 "default)");
  app.add_flag("--path-style", flags.path_style,
               "Address buckets as http://host/bucket/key instead of "
               "http://bucket.host/key (always so for IP addresses and "
               "localhost; for s3:// the default with a custom endpoint)");
  app.add_option("--config", flags.config_path,
                 "Config file (default: $OSSXFER_CONFIG, then "
                 "~/.config/ossxfer/config)");
  app.add_option("--signature-version", flags.signature_version,
                 "1 or 4 (default 4)")
      ->check(CLI::IsMember({1, 4}));
  app.add_option("--ca-file", flags.ca_file,
                 "PEM file of CA certificates to trust instead of the "
                 "system's");
  app.add_option("--max-connections", flags.max_connections,
                 fmt::format("Connections in flight at once for the whole "
                             "command, every file and part together (default "
                             "{}; 0: no cap)",
                             kDefaultMaxConnections))
      ->check(CLI::Range(0, 4096));
  app.add_flag("--insecure", flags.insecure,
               "Do not verify TLS certificates (test servers only)");
  app.add_flag("-v,--verbose", flags.verbose,
               "Print every request and response (secrets redacted)");
  app.add_flag("-q,--quiet", flags.quiet, "No progress bar, no notices");
  app.add_flag("--json", flags.json,
               "Print one JSON object per result (for scripts)");
}

HttpOptions MakeHttpOptions(const GlobalFlags& flags) {
  HttpOptions options;
  options.verify_tls = !flags.insecure;
  options.ca_file = flags.ca_file;
  options.max_connections = flags.max_connections;
  if (flags.verbose) options.log = LogToStderr;
  return options;
}

namespace {

void PrintWarnings(const GlobalFlags& flags,
                   const std::vector<std::string>& warnings) {
  if (flags.quiet && !flags.verbose) return;
  for (const std::string& warning : warnings) {
    fmt::print(stderr, "ossxfer: warning: {}\n", warning);
  }
}

// The one set of credentials the settings resolved; with -v, where each
// setting came from (never a secret).
std::shared_ptr<CredentialsProvider> ResolvedCredentials(
    const GlobalFlags& flags, const std::map<std::string, std::string>& sources,
    Credentials credentials) {
  if (flags.verbose) {
    for (const auto& [name, source] : sources) {
      LogToStderr(fmt::format("{} from {}", name, source));
    }
    if (credentials.anonymous()) {
      LogToStderr("no AccessKey configured: requests go out unsigned");
    }
  }
  return MakeStaticCredentialsProvider(std::move(credentials));
}

// s3:// by the AWS tools' conventions (cli/aws_config.h). Path style
// follows botocore: forced by --path-style or addressing_style = path,
// refused by addressing_style = virtual, and otherwise chosen whenever an
// endpoint is given (a custom endpoint rarely has wildcard DNS). Without
// an endpoint the client uses AWS's own for the region.
Result<ClientOptions> MakeS3ClientOptions(const GlobalFlags& flags) {
  AwsSettingsInputs inputs;
  inputs.endpoint = flags.endpoint;
  inputs.region = flags.region;
  inputs.profile = flags.profile;
  inputs.force_path_style = flags.path_style;
  inputs.getenv = GetEnvironment;
  // ossxfer's own profile may name the AWS profile to use; --profile names
  // an AWS profile itself for s3:// (so the ossxfer file is not asked).
  if (!flags.profile || flags.profile->empty()) {
    SettingsInputs own;
    own.config_path = flags.config_path;
    own.getenv = GetEnvironment;
    Result<Settings> own_settings = ResolveSettings(own);
    if (!own_settings.ok()) return own_settings.status();
    inputs.configured_profile = own_settings->aws_profile;
    inputs.configured_profile_source = own_settings->sources["aws_profile"];
  }
  Result<AwsSettings> settings = ResolveAwsSettings(inputs);
  if (!settings.ok()) return settings.status();
  PrintWarnings(flags, settings->warnings);
  ClientOptions options;
  static_cast<HttpOptions&>(options) = MakeHttpOptions(flags);
  options.dialect = StoreDialect::kS3;
  // Passed on so that Client::Create refuses V1 by name, not ignored.
  if (flags.signature_version == 1) {
    options.signature_version = SignatureVersion::kV1;
  }
  options.endpoint = settings->endpoint;
  options.region = settings->region;
  options.use_path_style = settings->addressing == AddressingStyle::kPath ||
                           (settings->addressing == AddressingStyle::kAuto &&
                            !settings->endpoint.empty());
  options.credentials = ResolvedCredentials(
      flags, settings->sources,
      Credentials{settings->access_key_id, settings->secret_access_key,
                  settings->session_token});
  return options;
}

}  // namespace

Result<ClientOptions> MakeClientOptions(const GlobalFlags& flags,
                                        StoreDialect dialect) {
  if (dialect == StoreDialect::kS3) return MakeS3ClientOptions(flags);
  SettingsInputs inputs;
  inputs.endpoint = flags.endpoint;
  inputs.region = flags.region;
  inputs.profile = flags.profile;
  inputs.config_path = flags.config_path;
  inputs.signature_version = flags.signature_version;
  inputs.getenv = GetEnvironment;
  Result<Settings> settings = ResolveSettings(inputs);
  if (!settings.ok()) return settings.status();
  PrintWarnings(flags, settings->warnings);
  if (settings->endpoint.empty()) {
    return Status::InvalidArgument(
        "no endpoint: pass --endpoint (e.g. oss-cn-hangzhou.aliyuncs.com), "
        "set OSS_ENDPOINT, or add endpoint = ... to the config file "
        "(~/.config/ossxfer/config)");
  }
  ClientOptions options;
  static_cast<HttpOptions&>(options) = MakeHttpOptions(flags);
  options.endpoint = settings->endpoint;
  options.region = settings->region;
  options.use_path_style = flags.path_style;
  options.signature_version = settings->signature_version == 1
                                  ? SignatureVersion::kV1
                                  : SignatureVersion::kV4;
  options.credentials = ResolvedCredentials(
      flags, settings->sources,
      Credentials{settings->access_key_id, settings->access_key_secret,
                  settings->session_token});
  return options;
}

Result<Client> MakeClient(const GlobalFlags& flags, StoreDialect dialect) {
  Result<ClientOptions> options = MakeClientOptions(flags, dialect);
  if (!options.ok()) return options.status();
  return Client::Create(std::move(*options));
}

std::string ShellCommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& argument : argv) {
    if (!line.empty()) line += ' ';
    const bool plain =
        !argument.empty() &&
        argument.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            "-_./:=@%+,") == std::string::npos;
    if (plain) {
      line += argument;
      continue;
    }
    line += '\'';
    for (char c : argument) {
      if (c == '\'') {
        line += "'\\''";
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

}  // namespace ossxfer::cli
