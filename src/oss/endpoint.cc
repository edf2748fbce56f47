#include "oss/endpoint.h"

#include <arpa/inet.h>

#include <charconv>

#include "util/encoding.h"

namespace ossxfer::oss {
namespace {

constexpr std::string_view kExpectedForm =
    "expected an endpoint like oss-cn-hangzhou.aliyuncs.com, "
    "https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:9000";

Status BadEndpoint(std::string_view text, std::string_view problem) {
  return Status::InvalidArgument("invalid endpoint \"" + std::string(text) +
                                 "\": " + std::string(problem) + "; " +
                                 std::string(kExpectedForm));
}

bool IsHostCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool IsIpLiteral(const std::string& host) {
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return true;
  return host.size() > 2 && host.front() == '[' && host.back() == ']' &&
         inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6) == 1;
}

bool IsLocalhost(std::string_view host) {
  return host == "localhost" || host.ends_with(".localhost");
}

}  // namespace

Result<Endpoint> Endpoint::Parse(std::string_view text, bool use_path_style) {
  Endpoint endpoint;
  std::string_view rest = text;
  if (rest.empty()) return BadEndpoint(text, "it is empty");
  if (size_t scheme_end = rest.find("://");
      scheme_end != std::string_view::npos) {
    endpoint.scheme_ = std::string(rest.substr(0, scheme_end));
    for (char& c : endpoint.scheme_) c = static_cast<char>(std::tolower(c));
    if (endpoint.scheme_ != "http" && endpoint.scheme_ != "https") {
      return BadEndpoint(text, "the scheme must be http or https");
    }
    rest.remove_prefix(scheme_end + 3);
  } else {
    endpoint.scheme_ = "https";
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) {
    return BadEndpoint(text, "an endpoint has no path");
  }
  if (rest.find('@') != std::string_view::npos) {
    return BadEndpoint(text, "user info (user@) is not allowed");
  }
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with('[')) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      return BadEndpoint(text, "an IPv6 address lacks its closing ']'");
    }
    host = rest.substr(0, close + 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return BadEndpoint(text, "junk after ']'");
      port = after.substr(1);
      if (port.empty()) return BadEndpoint(text, "the port is empty");
    }
  } else if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return BadEndpoint(text, "the port is empty");
  }
  if (host.empty()) return BadEndpoint(text, "the host is empty");
  endpoint.host_ = std::string(host);
  for (char& c : endpoint.host_) c = static_cast<char>(std::tolower(c));
  bool ip_literal = IsIpLiteral(endpoint.host_);
  if (!ip_literal) {
    for (char c : endpoint.host_) {
      if (!IsHostCharacter(c)) {
        return BadEndpoint(text, std::string("the host contains '") + c + "'");
      }
    }
  }
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, error] =
        std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() ||
        value == 0 || value > 65535) {
      return BadEndpoint(text, "the port must be a number from 1 to 65535");
    }
    endpoint.port_ = static_cast<uint16_t>(value);
  }
  endpoint.path_style_ =
      use_path_style || ip_literal || IsLocalhost(endpoint.host_);
  return endpoint;
}

std::string Endpoint::HostHeader(std::string_view bucket) const {
  std::string header;
  if (!path_style_ && !bucket.empty()) {
    header = std::string(bucket) + ".";
  }
  header += host_;
  if (port_) header += ":" + std::to_string(*port_);
  return header;
}

std::string Endpoint::Path(std::string_view bucket,
                           std::string_view key) const {
  std::string path = "/";
  if (path_style_ && !bucket.empty()) {
    path += std::string(bucket) + "/";
  }
  path += key;
  return path;
}

std::string Endpoint::Url(std::string_view bucket, std::string_view key,
                          const auth::NameValueList& query) const {
  // A valid bucket name (names.h: a-z, 0-9 and '-') is the same encoded.
  std::string url = scheme_ + "://" + HostHeader(bucket) +
                    util::UriEncode(Path(bucket, key), /*keep_slash=*/true);
  char separator = '?';
  for (const auto& [name, value] : query) {
    url += separator;
    url += util::UriEncode(name);
    if (!value.empty()) url += "=" + util::UriEncode(value);
    separator = '&';
  }
  return url;
}

}  // namespace ossxfer::oss
