#include "util/text.h"

#include <algorithm>

namespace ossxfer::util {

std::string_view TrimLeading(std::string_view text, std::string_view set) {
  text.remove_prefix(std::min(text.find_first_not_of(set), text.size()));
  return text;
}

std::string_view TrimTrailing(std::string_view text, std::string_view set) {
  size_t last = text.find_last_not_of(set);
  text.remove_suffix(last == std::string_view::npos ? text.size()
                                                    : text.size() - last - 1);
  return text;
}

std::string_view Trim(std::string_view text, std::string_view set) {
  return TrimTrailing(TrimLeading(text, set), set);
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string AsciiUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  auto fold = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [&](char x, char y) { return fold(x) == fold(y); });
}

}  // namespace ossxfer::util
