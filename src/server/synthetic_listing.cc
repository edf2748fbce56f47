#include "server/synthetic_listing.h"

#include <fmt/format.h>

#include <string>

#include "server/synthetic_object.h"
#include "util/numbers.h"

namespace ossxfer::server {
namespace {

struct Tree {
  std::string prefix;  // "tree-<count>x<size>/"
  uint64_t count = 0;
  uint64_t size = 0;

  std::string Key(uint64_t index) const {
    return fmt::format("{}f{:08}-{}", prefix, index, size);
  }
};

// The tree `prefix` starts with, if it names one.
std::optional<Tree> TreeOf(std::string_view prefix) {
  constexpr std::string_view kStart = "tree-";
  if (!prefix.starts_with(kStart)) return std::nullopt;
  const size_t slash = prefix.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view shape =
      prefix.substr(kStart.size(), slash - kStart.size());
  const size_t times = shape.find('x');
  if (times == std::string_view::npos) return std::nullopt;
  std::optional<uint64_t> count = util::ParseUint64(shape.substr(0, times));
  std::optional<uint64_t> size = util::ParseUint64(shape.substr(times + 1));
  if (!count || !size || *count > kMaxSyntheticTree) return std::nullopt;
  return Tree{std::string(prefix.substr(0, slash + 1)), *count, *size};
}

// The first index whose key is past `bound` (or, `inclusive`, at it).
uint64_t FirstIndexFrom(const Tree& tree, std::string_view bound,
                        bool inclusive) {
  // Keys grow with the index (fixed-width numbers), so a binary search.
  uint64_t low = 0;
  uint64_t high = tree.count;
  while (low < high) {
    const uint64_t middle = low + (high - low) / 2;
    const std::string key = tree.Key(middle);
    const bool before = inclusive ? key < bound : key <= bound;
    if (before) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

}  // namespace

std::optional<ObjectListPage> ListSyntheticTree(std::string_view prefix,
                                                std::string_view marker,
                                                int max_keys) {
  std::optional<Tree> tree = TreeOf(prefix);
  if (!tree) return std::nullopt;
  const SyntheticObject object(tree->size);
  uint64_t index = FirstIndexFrom(*tree, prefix, /*inclusive=*/true);
  if (!marker.empty()) {
    index = std::max(index, FirstIndexFrom(*tree, marker, /*inclusive=*/false));
  }
  ObjectListPage page;
  for (; index < tree->count; ++index) {
    std::string key = tree->Key(index);
    if (!key.starts_with(prefix)) break;
    if (page.objects.size() == static_cast<size_t>(max_keys)) {
      page.is_truncated = true;
      break;
    }
    StoredObject& listed = page.objects.emplace_back();
    listed.key = std::move(key);
    listed.size = object.size();
    listed.etag = object.etag();
    listed.crc64 = object.crc64();
    listed.object_type = "Multipart";
    listed.attributes.storage_class = "Standard";
  }
  if (page.is_truncated) page.next_marker = page.objects.back().key;
  return page;
}

}  // namespace ossxfer::server
