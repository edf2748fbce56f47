#include "transfer/source_url.h"

#include <fmt/format.h>

#include <cctype>

#include "util/numbers.h"

namespace ossxfer::transfer {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The text before any '?', for error messages: a query may carry a
// signature, and an error message is printed and logged.
std::string Quotable(std::string_view text) {
  size_t question = text.find('?');
  std::string out(text.substr(0, question));
  if (question != std::string_view::npos) out += "?<query hidden>";
  return out;
}

uint16_t DefaultPort(std::string_view scheme) {
  return scheme == "https" ? 443 : 80;
}

}  // namespace

std::string SourceUrl::ToString() const {
  std::string out = scheme + "://";
  if (!userinfo.empty()) out += userinfo + "@";
  out += host;
  if (explicit_port) out += ":" + std::to_string(port);
  out += path;
  if (!query.empty()) out += "?" + query;
  return out;
}

std::string SourceUrl::Identity() const {
  return fmt::format("{}://{}:{}{}", scheme, host, port, path);
}

std::string SourceUrl::Display() const {
  std::string out = scheme + "://" + host;
  if (explicit_port) out += ":" + std::to_string(port);
  out += path;
  if (!query.empty()) out += "?<query hidden>";
  return out;
}

Result<SourceUrl> ParseSourceUrl(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument(
        "the URL is empty: give an http:// or https:// URL");
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return Status::InvalidArgument(
          fmt::format("the URL \"{}\" contains a space or a control character: "
                      "percent-encode it (%20 for a space)",
                      Quotable(text)));
    }
  }
  size_t separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) {
    return Status::InvalidArgument(
        fmt::format("\"{}\" is not a URL: expected http://host/path or "
                    "https://host/path",
                    Quotable(text)));
  }
  SourceUrl url;
  url.scheme = Lower(text.substr(0, separator));
  if (url.scheme != "http" && url.scheme != "https") {
    return Status::InvalidArgument(
        fmt::format("only http:// and https:// URLs can be downloaded, not "
                    "{}:// (in \"{}\")",
                    url.scheme, Quotable(text)));
  }
  std::string_view rest = text.substr(separator + 3);
  rest = rest.substr(0, rest.find('#'));  // a fragment is never sent
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path_and_query =
      authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument(fmt::format(
          "the URL \"{}\" has an unclosed IPv6 address", Quotable(text)));
    }
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return Status::InvalidArgument(fmt::format(
            "the URL \"{}\" has text after its IPv6 address", Quotable(text)));
      }
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':');
             colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") {
    return Status::InvalidArgument(
        fmt::format("the URL \"{}\" has no host", Quotable(text)));
  }
  // Only an IPv6 address in brackets may hold a ':'; elsewhere a second one
  // would make the host end in what ToString() then sends as a port.
  if (!host.starts_with('[') && host.find(':') != std::string_view::npos) {
    return Status::InvalidArgument(fmt::format(
        "the URL \"{}\" has a ':' in its host (write an IPv6 address in "
        "brackets: http://[::1]:8080/path)",
        Quotable(text)));
  }
  url.host = Lower(host);
  url.port = DefaultPort(url.scheme);
  if (!port.empty()) {
    std::optional<uint64_t> number = util::ParseUint64(port);
    if (!number || *number == 0 || *number > 65535) {
      return Status::InvalidArgument(
          fmt::format("the URL \"{}\" has a bad port \"{}\" (1 to 65535)",
                      Quotable(text), port));
    }
    url.port = static_cast<uint16_t>(*number);
    url.explicit_port = true;
  }
  size_t question = path_and_query.find('?');
  url.path = std::string(path_and_query.substr(0, question));
  if (url.path.empty()) url.path = "/";
  if (question != std::string_view::npos) {
    url.query = std::string(path_and_query.substr(question + 1));
  }
  return url;
}

Result<SourceUrl> ResolveRedirect(const SourceUrl& base,
                                  std::string_view location) {
  if (location.find("://") != std::string_view::npos) {
    return ParseSourceUrl(location);
  }
  std::string origin = base.scheme + "://";
  if (!base.userinfo.empty()) origin += base.userinfo + "@";
  origin += base.host;
  if (base.explicit_port) origin += ":" + std::to_string(base.port);
  if (location.starts_with("//")) {
    return ParseSourceUrl(base.scheme + ":" + std::string(location));
  }
  if (location.starts_with('/')) {
    return ParseSourceUrl(origin + std::string(location));
  }
  // Relative to the directory of the current path.
  std::string directory = base.path.substr(0, base.path.rfind('/') + 1);
  return ParseSourceUrl(origin + directory + std::string(location));
}

}  // namespace ossxfer::transfer
