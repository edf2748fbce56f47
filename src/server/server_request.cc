#include "server/server_request.h"

#include <strings.h>

#include "server/store_errors.h"
#include "util/encoding.h"

namespace ossxfer::server {
namespace {

Status InvalidUri(std::string_view what) {
  return OssError(400, "InvalidURI",
                  "Couldn't parse the specified URI: " + std::string(what));
}

}  // namespace

std::optional<std::string> ServerRequest::Header(std::string_view name) const {
  for (const auto& [header, value] : headers) {
    if (header.size() == name.size() &&
        strncasecmp(header.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> ServerRequest::Query(std::string_view name) const {
  for (const auto& [parameter, value] : query) {
    if (parameter == name) return value;
  }
  return std::nullopt;
}

Status ResolveAddress(std::string_view domain, ServerRequest& request) {
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  std::string_view raw_query =
      question == std::string_view::npos ? "" : target.substr(question + 1);
  if (raw_path.empty() || raw_path.front() != '/') {
    return InvalidUri(target);
  }
  while (!raw_query.empty()) {
    size_t amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? "" : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    auto name = util::UriDecode(pair.substr(0, equals));
    auto value = util::UriDecode(equals == std::string_view::npos
                                     ? std::string_view()
                                     : pair.substr(equals + 1));
    if (!name || !value) return InvalidUri(request.target);
    request.query.emplace_back(std::move(*name), std::move(*value));
  }
  std::optional<std::string> path = util::UriDecode(raw_path);
  if (!path) return InvalidUri(request.target);
  request.path = *path;

  std::string_view host = request.host;
  if (size_t colon = host.rfind(':');
      colon != std::string_view::npos &&
      host.find(']') == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string suffix = "." + std::string(domain);
  if (!domain.empty() && host.size() > suffix.size() &&
      strncasecmp(host.data() + host.size() - suffix.size(), suffix.data(),
                  suffix.size()) == 0) {
    request.bucket = std::string(host.substr(0, host.size() - suffix.size()));
    request.key = path->substr(1);
    return Status();
  }
  std::string_view rest = std::string_view(*path).substr(1);
  size_t slash = rest.find('/');
  request.bucket = std::string(rest.substr(0, slash));
  request.key = slash == std::string_view::npos
                    ? ""
                    : std::string(rest.substr(slash + 1));
  return Status();
}

}  // namespace ossxfer::server
