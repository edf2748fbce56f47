#include "cli/terminal_text.h"

#include <fmt/format.h>

namespace ossxfer::cli {

std::string TerminalSafe(std::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      safe += fmt::format("\\x{:02x}", byte);
      continue;
    }
    // U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8; a terminal that decodes
    // UTF-8 takes U+009B as CSI, the start of an escape sequence.
    if (byte == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        safe += fmt::format("\\x{:02x}\\x{:02x}", byte, next);
        ++i;
        continue;
      }
    }
    safe += static_cast<char>(byte);
  }
  return safe;
}

std::string JsonLine(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ossxfer::cli
