// A client's text quoted in an error message that serve sends back.
#ifndef OSSXFER_SERVER_TEXT_EXCERPT_H_
#define OSSXFER_SERVER_TEXT_EXCERPT_H_

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace ossxfer::server {

// At most `max_bytes` of `text`, every byte other than printable ASCII
// written as \xHH, and "..." when cut. The message goes into an XML error
// body and the log: raw control bytes or invalid UTF-8 there would make the
// body unreadable to the client, and a multi-kilobyte header would drown the
// one useful line.
inline std::string TextExcerpt(std::string_view text, size_t max_bytes = 64) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(c);
    } else {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
    }
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_TEXT_EXCERPT_H_
