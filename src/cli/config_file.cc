#include "cli/config_file.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/config_sources.h"
#include "util/text.h"

namespace ossxfer::cli {
namespace {

constexpr std::array<std::string_view, 7> kKnownKeys = {
    "endpoint",          "region",        "access_key_id",
    "access_key_secret", "session_token", "signature_version",
    "aws_profile"};

bool IsKnownKey(std::string_view key) {
  for (std::string_view known : kKnownKeys) {
    if (known == key) return true;
  }
  return false;
}

// The section name of a header's inside ("default", "profile prod",
// "prod"), or an empty string when it is malformed.
std::string SectionName(std::string_view inside) {
  inside = util::Trim(inside, util::kAsciiWhitespace);
  constexpr std::string_view kProfile = "profile";
  if (inside.substr(0, kProfile.size()) == kProfile &&
      inside.size() > kProfile.size() &&
      (inside[kProfile.size()] == ' ' || inside[kProfile.size()] == '\t')) {
    inside = util::Trim(inside.substr(kProfile.size()), util::kAsciiWhitespace);
  }
  if (inside.empty() || inside == kProfile ||
      inside.find_first_of(" \t[]") != std::string_view::npos) {
    return "";
  }
  return std::string(inside);
}

struct Source {
  std::string description;
  std::function<std::optional<std::string>(std::string_view key)> get;
};

}  // namespace

Result<ConfigFile> ParseConfigFile(std::string_view text,
                                   std::string_view path) {
  ConfigFile config;
  std::map<std::string, ConfigFile::Value>* section = nullptr;
  std::string section_name;
  Status read = ForEachIniLine(text, path, [&](const IniLine& line) {
    if (line.is_section) {
      section_name = SectionName(line.section);
      if (section_name.empty()) {
        return IniSyntaxError(
            path, line.number,
            fmt::format("invalid section [{}]: expected [default], "
                        "[profile NAME] or [NAME], NAME without spaces",
                        line.section));
      }
      section = &config.profiles[section_name];
      return Status();
    }
    if (!IsKnownKey(line.key)) {
      config.warnings.push_back(fmt::format(
          "{}:{}: unknown key \"{}\" ignored (known keys: {})", path,
          line.number, line.key, fmt::join(kKnownKeys, ", ")));
      return Status();
    }
    if (line.key == "signature_version" && line.value != "1" &&
        line.value != "4") {
      return IniSyntaxError(
          path, line.number,
          fmt::format("signature_version must be 1 or 4, not \"{}\"",
                      line.value));
    }
    auto [it, inserted] =
        section->emplace(line.key, ConfigFile::Value{line.value, 0});
    if (!inserted) {
      config.warnings.push_back(fmt::format(
          "{}:{}: \"{}\" is set again in [{}] (first on line {}); the later "
          "value is used",
          path, line.number, line.key, section_name, it->second.line));
      it->second.text = line.value;
    }
    it->second.line = line.number;
    return Status();
  });
  if (!read.ok()) return read;
  return config;
}

Result<Settings> ResolveSettings(const SettingsInputs& inputs) {
  auto getenv = [&inputs](const std::string& name) {
    return ReadEnvironment(inputs.getenv, name);
  };
  Settings settings;

  // Which file.
  std::string path;
  std::string path_source;
  const std::optional<std::string> home = getenv("HOME");
  if (auto named = GivenFlag(inputs.config_path)) {
    path = ExpandHome(*named, home);
    path_source = "--config";
  } else if (auto env_path = getenv("OSSXFER_CONFIG")) {
    path = ExpandHome(*env_path, home);
    path_source = "environment OSSXFER_CONFIG";
  } else if (auto xdg = getenv("XDG_CONFIG_HOME"); xdg && xdg->front() == '/') {
    // The XDG spec says a relative XDG_CONFIG_HOME is invalid and ignored.
    path = *xdg + "/ossxfer/config";
  } else if (home) {
    path = *home + "/.config/ossxfer/config";
  }

  std::string text;
  mode_t mode = 0;
  bool found = false;
  if (!path.empty()) {
    Result<bool> read = ReadConfigIfExists(path, &text, &mode);
    if (!read.ok()) return read.status();
    found = *read;
    if (!found && !path_source.empty()) {
      return Status::InvalidArgument(fmt::format(
          "config file {} (named by {}) does not exist", path, path_source));
    }
  }
  ConfigFile config;
  if (found) {
    Result<ConfigFile> parsed = ParseConfigFile(text, path);
    if (!parsed.ok()) return parsed.status();
    config = std::move(parsed).value();
    settings.warnings = config.warnings;
    settings.sources["config"] =
        path_source.empty() ? path : fmt::format("{} ({})", path, path_source);
  }

  // Which profile.
  std::string profile(kDefaultProfile);
  std::string profile_source = "built-in default";
  if (auto named = GivenFlag(inputs.profile)) {
    profile = *named;
    profile_source = "--profile";
  } else if (auto env_profile = getenv("OSSXFER_PROFILE")) {
    profile = *env_profile;
    profile_source = "environment OSSXFER_PROFILE";
  }
  settings.sources["profile"] = profile_source;
  if (profile != kDefaultProfile && !config.profiles.contains(profile)) {
    if (!found) {
      return Status::InvalidArgument(fmt::format(
          "profile \"{}\" (from {}) not found: there is no config file{}",
          profile, profile_source,
          path.empty() ? std::string(" (HOME is not set)")
                       : fmt::format(" at {}", path)));
    }
    std::vector<std::string> names;
    for (const auto& entry : config.profiles) names.push_back(entry.first);
    return Status::InvalidArgument(fmt::format(
        "profile \"{}\" (from {}) is not in {}; {}", profile, profile_source,
        path,
        names.empty()
            ? std::string("it has no profiles")
            : fmt::format("profiles there: {}", fmt::join(names, ", "))));
  }

  // The sources of file values, most specific first.
  std::vector<Source> file_sources;
  auto section_source = [&](const std::string& name) {
    auto section = config.profiles.find(name);
    if (section == config.profiles.end()) return;
    const auto* values = &section->second;
    file_sources.push_back(
        Source{fmt::format("{} [{}{}]", path,
                           name == kDefaultProfile ? "" : "profile ", name),
               [values](std::string_view key) -> std::optional<std::string> {
                 auto it = values->find(std::string(key));
                 if (it == values->end() || it->second.text.empty()) {
                   return std::nullopt;
                 }
                 return it->second.text;
               }});
  };
  if (profile != kDefaultProfile) section_source(profile);
  section_source(std::string(kDefaultProfile));

  auto resolve = [&](const std::string& field, std::string* out,
                     const std::optional<std::string>& flag_value,
                     std::string_view flag_name, const std::string& env_name) {
    if (auto value = GivenFlag(flag_value)) {
      *out = *value;
      settings.sources[field] = std::string(flag_name);
      return;
    }
    if (auto value = getenv(env_name)) {
      *out = *value;
      settings.sources[field] = "environment " + env_name;
      return;
    }
    for (const Source& source : file_sources) {
      if (auto value = source.get(field)) {
        *out = *value;
        settings.sources[field] = source.description;
        return;
      }
    }
  };
  resolve("endpoint", &settings.endpoint, inputs.endpoint, "--endpoint",
          "OSS_ENDPOINT");
  resolve("region", &settings.region, inputs.region, "--region", "OSS_REGION");

  // The AWS profile s3:// URLs take (cli/aws_config.h): from the file only.
  for (const Source& source : file_sources) {
    if (auto value = source.get("aws_profile")) {
      settings.aws_profile = *value;
      settings.sources["aws_profile"] = source.description;
      break;
    }
  }

  settings.sources["signature_version"] = "built-in default";
  if (inputs.signature_version) {
    if (*inputs.signature_version != 1 && *inputs.signature_version != 4) {
      return Status::InvalidArgument(fmt::format(
          "signature version {} is not supported (--signature-version): use 1 "
          "or 4",
          *inputs.signature_version));
    }
    settings.signature_version = *inputs.signature_version;
    settings.sources["signature_version"] = "--signature-version";
  } else {
    for (const Source& source : file_sources) {
      if (auto value = source.get("signature_version")) {
        // ParseConfigFile accepted only "1" and "4".
        settings.signature_version = *value == "1" ? 1 : 4;
        settings.sources["signature_version"] = source.description;
        break;
      }
    }
  }

  // Credentials, as one set from one place (see the header).
  std::vector<CredentialCandidate> candidates;
  candidates.push_back(
      {"environment", true, "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET",
       "OSS_SESSION_TOKEN", getenv("OSS_ACCESS_KEY_ID"),
       getenv("OSS_ACCESS_KEY_SECRET"), getenv("OSS_SESSION_TOKEN")});
  for (const Source& source : file_sources) {
    candidates.push_back(
        {source.description, false, "access_key_id", "access_key_secret",
         "session_token", source.get("access_key_id"),
         source.get("access_key_secret"), source.get("session_token")});
  }
  Result<ChosenCredentials> credentials = ChooseCredentials(candidates);
  if (!credentials.ok()) return credentials.status();
  settings.access_key_id = credentials->access_key_id;
  settings.access_key_secret = credentials->secret;
  settings.session_token = credentials->session_token;
  settings.sources.merge(credentials->sources);
  if (candidates.front().token && credentials->chosen != size_t{0}) {
    // A token only works with the key id and secret it was issued with.
    settings.warnings.push_back(fmt::format(
        "OSS_SESSION_TOKEN is ignored: it is used only with OSS_ACCESS_KEY_ID "
        "and OSS_ACCESS_KEY_SECRET from the environment{}",
        !credentials->chosen ? std::string(", which are not set")
                             : ", and the credentials come from " +
                                   candidates[*credentials->chosen].where));
  }

  if (found && (mode & 077) != 0) {
    bool holds_secret = false;
    for (const auto& [name, values] : config.profiles) {
      for (std::string_view key : {"access_key_secret", "session_token"}) {
        auto it = values.find(std::string(key));
        if (it != values.end() && !it->second.text.empty()) holds_secret = true;
      }
    }
    if (holds_secret) {
      settings.warnings.push_back(*SecretsReadableWarning(path, mode));
    }
  }
  return settings;
}

}  // namespace ossxfer::cli
