#include "cli/config_sources.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/text.h"

namespace ossxfer::cli {

std::optional<std::string> ReadEnvironment(const Getenv& getenv,
                                           const std::string& name) {
  std::optional<std::string> value;
  if (getenv) {
    value = getenv(name);
  } else if (const char* raw = std::getenv(name.c_str())) {
    value = raw;
  }
  if (value && value->empty()) value.reset();
  return value;
}

Result<bool> ReadConfigIfExists(const std::string& path, std::string* text,
                                mode_t* mode) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return Status::IoError(fmt::format("cannot read config file {}: {}", path,
                                       std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::InvalidArgument(fmt::format(
        "config file {} is a directory; name the file itself", path));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in.is_open()) content << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    return Status::IoError(fmt::format("cannot read config file {}: {}", path,
                                       std::strerror(errno)));
  }
  *text = content.str();
  *mode = info.st_mode;
  return true;
}

std::string ExpandHome(const std::string& path,
                       const std::optional<std::string>& home) {
  if (home && (path == "~" || path.rfind("~/", 0) == 0)) {
    return *home + path.substr(1);
  }
  return path;
}

Status IniSyntaxError(std::string_view path, int line, std::string_view why) {
  return Status::InvalidArgument(fmt::format("{}:{}: {}", path, line, why));
}

Status ForEachIniLine(std::string_view text, std::string_view path,
                      const std::function<Status(const IniLine&)>& each) {
  // A byte-order mark from a Windows editor is not part of the first line.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool in_section = false;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const size_t newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                         : newline + 1);
    IniLine line;
    line.number = number;
    line.indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    const std::string_view trimmed = util::Trim(raw, util::kAsciiWhitespace);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') {
      continue;
    }
    if (trimmed.front() == '[') {
      if (trimmed.back() != ']') {
        return IniSyntaxError(path, number,
                              "a section header must end with ']'");
      }
      line.is_section = true;
      line.section = std::string(trimmed.substr(1, trimmed.size() - 2));
      in_section = true;
    } else {
      const size_t equals = trimmed.find('=');
      if (equals == std::string_view::npos) {
        return IniSyntaxError(path, number,
                              "expected \"key = value\" or a [section]");
      }
      line.key = std::string(
          util::Trim(trimmed.substr(0, equals), util::kAsciiWhitespace));
      line.value = std::string(
          util::Trim(trimmed.substr(equals + 1), util::kAsciiWhitespace));
      if (line.key.empty()) {
        return IniSyntaxError(path, number, "a key is missing before '='");
      }
      if (!in_section) {
        return IniSyntaxError(
            path, number,
            fmt::format("\"{}\" is outside a section; put it under [default] "
                        "or [profile NAME]",
                        line.key));
      }
    }
    Status handled = each(line);
    if (!handled.ok()) return handled;
  }
  return Status();
}

Result<ChosenCredentials> ChooseCredentials(
    const std::vector<CredentialCandidate>& candidates) {
  ChosenCredentials chosen;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const CredentialCandidate& source = candidates[i];
    if (!source.id && !source.secret) continue;
    if (!source.id || !source.secret) {
      const std::string& has = source.id ? source.id_name : source.secret_name;
      const std::string& lacks =
          source.id ? source.secret_name : source.id_name;
      if (source.is_environment) {
        return Status::InvalidArgument(fmt::format(
            "{} is set but {} is not: set both, or unset {} to use the "
            "config file",
            has, lacks, has));
      }
      return Status::InvalidArgument(
          fmt::format("{} has {} but no {}: add {}, or remove {}", source.where,
                      has, lacks, lacks, has));
    }
    auto origin = [&](const std::string& name) {
      return source.is_environment ? "environment " + name : source.where;
    };
    chosen.access_key_id = *source.id;
    chosen.secret = *source.secret;
    chosen.sources["access_key_id"] = origin(source.id_name);
    chosen.sources["access_key_secret"] = origin(source.secret_name);
    if (source.token) {
      chosen.session_token = *source.token;
      chosen.sources["session_token"] = origin(source.token_name);
    }
    chosen.chosen = i;
    break;
  }
  return chosen;
}

std::optional<std::string> SecretsReadableWarning(const std::string& path,
                                                  mode_t mode) {
  if ((mode & 077) == 0) return std::nullopt;
  return fmt::format(
      "{} is readable by other users (mode {:04o}); it holds secrets: chmod "
      "600 {}",
      path, mode & 07777, path);
}

}  // namespace ossxfer::cli
