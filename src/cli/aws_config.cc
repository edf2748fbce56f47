#include "cli/aws_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "util/text.h"

namespace ossxfer::cli {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";

bool IsTrue(const std::optional<std::string>& value) {
  return value && util::AsciiLower(*value) == "true";
}

// One file as read: where it is, and its sections.
struct LoadedFile {
  std::string path;
  bool found = false;
  mode_t mode = 0;
  AwsIniFile ini;

  const std::map<std::string, std::string>* Section(
      const std::string& name) const {
    auto it = ini.sections.find(name);
    return it == ini.sections.end() ? nullptr : &it->second;
  }
};

Result<LoadedFile> LoadFile(const std::string& path) {
  LoadedFile file;
  file.path = path;
  std::string text;
  Result<bool> read = ReadConfigIfExists(path, &text, &file.mode);
  if (!read.ok()) return read.status();
  file.found = *read;
  if (file.found) {
    Result<AwsIniFile> parsed = ParseAwsIniFile(text, path);
    if (!parsed.ok()) return parsed.status();
    file.ini = std::move(parsed).value();
  }
  return file;
}

std::optional<std::string> Lookup(
    const std::map<std::string, std::string>* section, const std::string& key) {
  if (section == nullptr) return std::nullopt;
  auto it = section->find(key);
  if (it == section->end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<AwsIniFile> ParseAwsIniFile(std::string_view text,
                                   std::string_view path) {
  AwsIniFile file;
  std::map<std::string, std::string>* section = nullptr;
  std::string parent;  // a key with no value: indented lines nest under it
  Status read = ForEachIniLine(text, path, [&](const IniLine& line) {
    if (line.is_section) {
      std::string name(util::Trim(line.section, util::kAsciiWhitespace));
      if (name.empty()) {
        return IniSyntaxError(path, line.number, "a section needs a name");
      }
      section = &file.sections[name];
      parent.clear();
      return Status();
    }
    if (line.indented && !parent.empty()) {
      (*section)[parent + "." + line.key] = line.value;
      return Status();
    }
    parent = line.value.empty() ? line.key : "";
    (*section)[line.key] = line.value;
    return Status();
  });
  if (!read.ok()) return read;
  return file;
}

Result<AwsSettings> ResolveAwsSettings(const AwsSettingsInputs& inputs) {
  auto getenv = [&inputs](const std::string& name) {
    return ReadEnvironment(inputs.getenv, name);
  };
  AwsSettings settings;
  const std::optional<std::string> home = getenv("HOME");
  auto file_path = [&](const std::string& variable, const char* name) {
    if (auto named = getenv(variable)) return ExpandHome(*named, home);
    return home ? *home + "/.aws/" + name : std::string();
  };
  LoadedFile credentials_file;
  LoadedFile config_file;
  if (std::string path =
          file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
      !path.empty()) {
    Result<LoadedFile> loaded = LoadFile(path);
    if (!loaded.ok()) return loaded.status();
    credentials_file = std::move(loaded).value();
  }
  if (std::string path = file_path("AWS_CONFIG_FILE", "config");
      !path.empty()) {
    Result<LoadedFile> loaded = LoadFile(path);
    if (!loaded.ok()) return loaded.status();
    config_file = std::move(loaded).value();
  }

  // Which profile.
  settings.profile = std::string(kDefaultProfile);
  std::string profile_source = "built-in default";
  if (auto named = GivenFlag(inputs.profile)) {
    settings.profile = *named;
    profile_source = "--profile";
  } else if (auto env = getenv("AWS_DEFAULT_PROFILE")) {
    settings.profile = *env;
    profile_source = "environment AWS_DEFAULT_PROFILE";
  } else if (auto env_profile = getenv("AWS_PROFILE")) {
    settings.profile = *env_profile;
    profile_source = "environment AWS_PROFILE";
  } else if (!inputs.configured_profile.empty()) {
    settings.profile = inputs.configured_profile;
    profile_source = "aws_profile in " + inputs.configured_profile_source;
  }
  settings.sources["profile"] = profile_source;
  const bool is_default = settings.profile == kDefaultProfile;
  // The config file names others "[profile NAME]"; [default] may be
  // written either way.
  const std::string config_section =
      is_default && config_file.Section("profile default") == nullptr
          ? std::string(kDefaultProfile)
          : "profile " + settings.profile;
  const auto* profile = config_file.Section(config_section);
  const auto* credentials = credentials_file.Section(settings.profile);
  if (!is_default && profile == nullptr && credentials == nullptr) {
    std::set<std::string> names;
    for (const auto& [name, values] : credentials_file.ini.sections)
      names.insert(name);
    for (const auto& [name, values] : config_file.ini.sections) {
      if (name == kDefaultProfile) names.insert(name);
      if (name.rfind("profile ", 0) == 0) names.insert(name.substr(8));
    }
    return Status::InvalidArgument(fmt::format(
        "AWS profile \"{}\" (from {}) is in neither {} nor {}; {}",
        settings.profile, profile_source,
        credentials_file.path.empty() ? "a credentials file"
                                      : credentials_file.path,
        config_file.path.empty() ? "a config file" : config_file.path,
        names.empty()
            ? std::string("they have no profiles")
            : fmt::format("profiles there: {}", fmt::join(names, ", "))));
  }
  const std::string profile_where =
      fmt::format("{} [{}]", config_file.path, config_section);

  // Region.
  if (auto value = GivenFlag(inputs.region)) {
    settings.region = *value;
    settings.sources["region"] = "--region";
  } else if (auto env = getenv("AWS_REGION")) {
    settings.region = *env;
    settings.sources["region"] = "environment AWS_REGION";
  } else if (auto env_default = getenv("AWS_DEFAULT_REGION")) {
    settings.region = *env_default;
    settings.sources["region"] = "environment AWS_DEFAULT_REGION";
  } else if (auto configured = Lookup(profile, "region")) {
    settings.region = *configured;
    settings.sources["region"] = profile_where;
  } else {
    settings.region = std::string(kDefaultRegion);
    settings.sources["region"] = "built-in default";
  }

  // Endpoint.
  const bool ignore_configured =
      IsTrue(getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
      IsTrue(Lookup(profile, "ignore_configured_endpoint_urls"));
  if (auto value = GivenFlag(inputs.endpoint)) {
    settings.endpoint = *value;
    settings.sources["endpoint"] = "--endpoint";
  } else if (!ignore_configured) {
    std::optional<std::string> services = Lookup(profile, "services");
    const auto* services_section =
        services ? config_file.Section("services " + *services) : nullptr;
    if (auto s3 = getenv("AWS_ENDPOINT_URL_S3")) {
      settings.endpoint = *s3;
      settings.sources["endpoint"] = "environment AWS_ENDPOINT_URL_S3";
    } else if (auto global = getenv("AWS_ENDPOINT_URL")) {
      settings.endpoint = *global;
      settings.sources["endpoint"] = "environment AWS_ENDPOINT_URL";
    } else if (auto service = Lookup(services_section, "s3.endpoint_url")) {
      settings.endpoint = *service;
      settings.sources["endpoint"] =
          fmt::format("{} [services {}]", config_file.path, *services);
    } else if (auto configured = Lookup(profile, "endpoint_url")) {
      settings.endpoint = *configured;
      settings.sources["endpoint"] = profile_where;
    }
  }

  // Addressing style.
  settings.sources["addressing_style"] = "built-in default";
  if (inputs.force_path_style) {
    settings.addressing = AddressingStyle::kPath;
    settings.sources["addressing_style"] = "--path-style";
  } else if (auto style = Lookup(profile, "s3.addressing_style")) {
    if (*style == "path") {
      settings.addressing = AddressingStyle::kPath;
    } else if (*style == "virtual") {
      settings.addressing = AddressingStyle::kVirtual;
    } else if (*style != "auto") {
      return Status::InvalidArgument(fmt::format(
          "{}: s3 addressing_style must be auto, path or virtual, not \"{}\"",
          profile_where, *style));
    }
    settings.sources["addressing_style"] = profile_where;
  }

  // Credentials, as one set from one place.
  std::vector<CredentialCandidate> candidates;
  std::optional<std::string> token = getenv("AWS_SESSION_TOKEN");
  std::string token_name = "AWS_SESSION_TOKEN";
  if (!token) {
    token = getenv("AWS_SECURITY_TOKEN");
    token_name = "AWS_SECURITY_TOKEN";
  }
  candidates.push_back({"environment", true, "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY", token_name,
                        getenv("AWS_ACCESS_KEY_ID"),
                        getenv("AWS_SECRET_ACCESS_KEY"), token});
  for (const auto& [file, section, name] :
       {std::tuple{&credentials_file, credentials, settings.profile},
        std::tuple{&config_file, profile, config_section}}) {
    candidates.push_back({fmt::format("{} [{}]", file->path, name), false,
                          "aws_access_key_id", "aws_secret_access_key",
                          "aws_session_token",
                          Lookup(section, "aws_access_key_id"),
                          Lookup(section, "aws_secret_access_key"),
                          Lookup(section, "aws_session_token")});
  }
  Result<ChosenCredentials> chosen = ChooseCredentials(candidates);
  if (!chosen.ok()) return chosen.status();
  settings.access_key_id = chosen->access_key_id;
  settings.secret_access_key = chosen->secret;
  settings.session_token = chosen->session_token;
  settings.sources.merge(chosen->sources);

  for (const LoadedFile* file : {&credentials_file, &config_file}) {
    bool holds_secret = false;
    for (const auto& [name, values] : file->ini.sections) {
      holds_secret = holds_secret ||
                     Lookup(&values, "aws_secret_access_key").has_value() ||
                     Lookup(&values, "aws_session_token").has_value();
    }
    if (file->found && holds_secret) {
      if (auto warning = SecretsReadableWarning(file->path, file->mode)) {
        settings.warnings.push_back(*warning);
      }
    }
  }
  return settings;
}

}  // namespace ossxfer::cli
