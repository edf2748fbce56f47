#include "oss/content_headers.h"

namespace ossxfer::oss {

void AppendContentHeaders(
    const Dialect& dialect, const ObjectAttributes& attributes,
    std::vector<std::pair<std::string, std::string>>& headers) {
  headers.emplace_back("Content-Type", attributes.content_type.empty()
                                           ? "application/octet-stream"
                                           : attributes.content_type);
  auto add = [&headers](const char* name, const std::string& value) {
    if (!value.empty()) headers.emplace_back(name, value);
  };
  add("Cache-Control", attributes.cache_control);
  add("Content-Disposition", attributes.content_disposition);
  add("Content-Encoding", attributes.content_encoding);
  add("Expires", attributes.expires);
  for (const auto& [name, value] : attributes.user_metadata) {
    headers.emplace_back(std::string(dialect.user_metadata_prefix) + name,
                         value);
  }
}

}  // namespace ossxfer::oss
