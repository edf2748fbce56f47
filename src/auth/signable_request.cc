#include "auth/signable_request.h"

#include <strings.h>

#include <algorithm>

namespace ossxfer::auth {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<std::string> SignableRequest::Header(
    std::string_view name) const {
  for (const auto& [header, value] : headers) {
    if (EqualsIgnoreCase(header, name)) return value;
  }
  return std::nullopt;
}

void SignableRequest::SetHeader(std::string_view name, std::string value) {
  std::erase_if(headers, [name](const auto& header) {
    return EqualsIgnoreCase(header.first, name);
  });
  headers.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string> SignableRequest::Query(std::string_view name) const {
  for (const auto& [parameter, value] : query) {
    if (parameter == name) return value;
  }
  return std::nullopt;
}

void SignableRequest::SetQuery(std::string_view name, std::string value) {
  std::erase_if(
      query, [name](const auto& parameter) { return parameter.first == name; });
  query.emplace_back(std::string(name), std::move(value));
}

}  // namespace ossxfer::auth
