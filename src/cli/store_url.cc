#include "cli/store_url.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "oss/dialect.h"
#include "oss/names.h"

namespace ossxfer::cli {
namespace {

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// Keys come from a listing, so they may hold control characters; an error
// message shows them escaped rather than letting them reach the terminal.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

Status InvalidUrl(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("invalid URL \"{}\": {}; expected oss://BUCKET[/KEY] or "
                  "s3://BUCKET[/KEY]",
                  Printable(text), why));
}

// The dialect whose "scheme://" starts `text`.
std::optional<StoreDialect> DialectOfUrl(std::string_view text) {
  for (StoreDialect dialect : {StoreDialect::kOss, StoreDialect::kS3}) {
    if (StartsWithIgnoreCase(text, fmt::format("{}://", UrlScheme(dialect)))) {
      return dialect;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view UrlScheme(StoreDialect dialect) {
  return oss::DialectOf(dialect).url_scheme;
}

bool IsStoreUrl(std::string_view text) {
  return DialectOfUrl(text).has_value();
}

bool IsHttpUrl(std::string_view text) {
  return StartsWithIgnoreCase(text, "http://") ||
         StartsWithIgnoreCase(text, "https://");
}

Result<StoreUrl> ParseStoreUrl(std::string_view text) {
  std::optional<StoreDialect> dialect = DialectOfUrl(text);
  if (!dialect) {
    return InvalidUrl(text, "it does not start with oss:// or s3://");
  }
  std::string_view rest =
      text.substr(text.find("://") + std::string_view("://").size());
  size_t slash = rest.find('/');
  std::string_view bucket = rest.substr(0, slash);
  if (bucket.empty()) return InvalidUrl(text, "it has no bucket");
  // One definition of the naming rule, shared with the requests that would
  // otherwise fail later with a less helpful server error.
  Status valid = oss::ValidateBucketName(
      bucket, oss::DialectOf(*dialect).bucket_names_may_have_dots);
  if (!valid.ok()) return InvalidUrl(text, valid.message());
  StoreUrl url;
  url.dialect = *dialect;
  url.bucket = std::string(bucket);
  if (slash != std::string_view::npos) {
    url.key = std::string(rest.substr(slash + 1));
  }
  return url;
}

std::string FormatStoreUrl(const StoreUrl& url) {
  if (url.key.empty()) {
    return fmt::format("{}://{}", UrlScheme(url.dialect), url.bucket);
  }
  return fmt::format("{}://{}/{}", UrlScheme(url.dialect), url.bucket, url.key);
}

std::string AsDirectoryPrefix(std::string key) {
  if (!key.empty() && !key.ends_with('/')) key += '/';
  return key;
}

bool IsDirectoryMarker(std::string_view key) {
  return !key.empty() && key.back() == '/';
}

Result<std::filesystem::path> SafeLocalPath(const std::filesystem::path& dir,
                                            std::string_view relative_key) {
  const std::filesystem::path base = dir.empty() ? "." : dir;
  auto refuse = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("refusing to write key \"{}\" under \"{}\": {}",
                    Printable(relative_key), Printable(base.native()), why));
  };
  if (relative_key.empty()) return refuse("the key is empty");
  if (relative_key.find('\0') != std::string_view::npos) {
    return refuse("it contains a NUL byte");
  }
  if (relative_key.front() == '/') {
    return refuse("it is an absolute path");
  }
  if (IsDirectoryMarker(relative_key)) {
    return refuse("it ends in '/': a directory marker, not a file");
  }

  std::filesystem::path path = base;
  std::string_view rest = relative_key;
  while (true) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment.empty()) {
      return refuse("it has an empty segment (\"//\")");
    }
    if (segment == "..") {
      return refuse("it has a \"..\" segment, which climbs out of the folder");
    }
    if (segment == ".") {
      return refuse(
          "it has a \".\" segment, which would make it collide with another "
          "key");
    }
    path /= std::string(segment);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  // Belt and braces: whatever the rules above miss, a path that is not
  // strictly below the directory is never returned.
  std::filesystem::path relative =
      path.lexically_normal().lexically_relative(base.lexically_normal());
  if (relative.empty() || relative == "." || *relative.begin() == "..") {
    return refuse("it would land outside the directory");
  }
  return path;
}

}  // namespace ossxfer::cli
