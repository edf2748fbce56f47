#include "cli/config_sources.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

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
