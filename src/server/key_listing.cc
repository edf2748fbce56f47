#include "server/key_listing.h"

namespace ossxfer::server {

std::optional<std::string> PrefixSuccessor(std::string_view prefix) {
  std::string successor(prefix);
  // "ab\xff" has no successor of the same length; "ac" follows all of it.
  while (!successor.empty() &&
         static_cast<unsigned char>(successor.back()) == 0xFF) {
    successor.pop_back();
  }
  if (successor.empty()) return std::nullopt;
  successor.back() =
      static_cast<char>(static_cast<unsigned char>(successor.back()) + 1);
  return successor;
}

std::optional<std::string> CommonPrefixFor(std::string_view key,
                                           std::string_view prefix,
                                           std::string_view delimiter) {
  if (delimiter.empty() || key.size() < prefix.size()) return std::nullopt;
  const size_t at = key.find(delimiter, prefix.size());
  if (at == std::string_view::npos) return std::nullopt;
  return std::string(key.substr(0, at + delimiter.size()));
}

std::optional<ListCursor> StartCursor(std::string_view prefix,
                                      std::string_view delimiter,
                                      std::string_view marker,
                                      int64_t marker_seq) {
  if (marker_seq == ListCursor::kAfterAll && marker.starts_with(prefix)) {
    std::optional<std::string> common =
        CommonPrefixFor(marker, prefix, delimiter);
    if (common && *common == marker) {
      std::optional<std::string> next = PrefixSuccessor(marker);
      if (!next) return std::nullopt;
      return ListCursor{std::move(*next), ListCursor::kBeforeAll};
    }
  }
  // Keys before the prefix can never match: start at the prefix instead.
  if (marker < prefix)
    return ListCursor{std::string(prefix), ListCursor::kBeforeAll};
  return ListCursor{std::string(marker), marker_seq};
}

}  // namespace ossxfer::server
