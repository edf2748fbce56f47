// Strict number parsing for protocol fields: all digits, no sign, no
// junk, no overflow.
#ifndef OSSXFER_UTIL_NUMBERS_H_
#define OSSXFER_UTIL_NUMBERS_H_

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ossxfer::util {

inline std::optional<uint64_t> ParseUint64(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.front() == '+' || text.front() == '-') {
    return std::nullopt;
  }
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_NUMBERS_H_
