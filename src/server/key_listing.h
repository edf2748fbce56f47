// Paging through keys in byte order with a prefix, a marker and a
// delimiter that rolls keys up into common prefixes: the algorithm behind
// ListObjects and ListMultipartUploads, independent of where rows live.
//
// Rows are ordered by (key, seq); seq orders several rows of one key (the
// uploads of a key, in initiation order) and is constant for objects.
#ifndef OSSXFER_SERVER_KEY_LISTING_H_
#define OSSXFER_SERVER_KEY_LISTING_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::server {

// A position between rows: the rows after it are those with a key greater
// than `key`, and those with key == `key` and seq > `after_seq`.
struct ListCursor {
  static constexpr int64_t kBeforeAll = -1;  // seq values are >= 0
  static constexpr int64_t kAfterAll = std::numeric_limits<int64_t>::max();

  std::string key;
  int64_t after_seq = kAfterAll;
};

// The smallest byte string greater than every string that starts with
// `prefix`; nullopt when there is none (empty, or all 0xFF bytes).
std::optional<std::string> PrefixSuccessor(std::string_view prefix);

// With a delimiter, the common prefix `key` rolls up into: `prefix` plus
// everything up to and including the first delimiter after it. nullopt if
// the delimiter is empty or does not occur after the prefix. `key` must
// start with `prefix`.
std::optional<std::string> CommonPrefixFor(std::string_view key,
                                           std::string_view prefix,
                                           std::string_view delimiter);

// Where a listing with this marker starts. `marker_seq` is kAfterAll when
// the marker names a whole key (or a common prefix returned earlier), else
// the seq of the marker row within that key. A marker that is itself a
// common prefix skips every key under it: that is how a listing continues
// after a page that ended with a common prefix. nullopt: nothing can
// follow.
std::optional<ListCursor> StartCursor(std::string_view prefix,
                                      std::string_view delimiter,
                                      std::string_view marker,
                                      int64_t marker_seq);

// One entry of a page: a row, or a common prefix standing for all the rows
// under it.
template <typename Row>
using ListEntry = std::variant<Row, std::string>;

template <typename Row>
struct RolledUpPage {
  std::vector<ListEntry<Row>> entries;  // in key order
  bool truncated = false;
};

// Collects up to `max_entries` entries after `cursor`.
//   fetch(const ListCursor&, int limit) -> Result<std::vector<Row>>: at
//     most `limit` rows after the cursor, in order, restricted to keys that
//     start with `prefix`.
//   position(const Row&) -> ListCursor: the cursor just after that row.
// A common prefix costs one entry however many rows it covers: the scan
// jumps past them with a new fetch.
template <typename Row, typename Fetch, typename Position>
Result<RolledUpPage<Row>> CollectRolledUpPage(std::string_view prefix,
                                              std::string_view delimiter,
                                              ListCursor cursor,
                                              int max_entries, Fetch&& fetch,
                                              Position&& position) {
  RolledUpPage<Row> page;
  if (max_entries <= 0) return page;
  // One entry more than asked tells whether the listing is truncated.
  const size_t wanted = static_cast<size_t>(max_entries) + 1;
  bool exhausted = false;
  while (!exhausted && page.entries.size() < wanted) {
    const int limit = static_cast<int>(wanted - page.entries.size());
    Result<std::vector<Row>> rows = fetch(cursor, limit);
    if (!rows.ok()) return rows.status();
    exhausted = rows->size() < static_cast<size_t>(limit);
    for (Row& row : *rows) {
      ListCursor after = position(row);
      std::optional<std::string> common =
          CommonPrefixFor(after.key, prefix, delimiter);
      if (!common) {
        page.entries.emplace_back(std::move(row));
        cursor = std::move(after);
        if (page.entries.size() == wanted) break;
        continue;
      }
      // Skip every key under the common prefix with a fresh fetch.
      std::optional<std::string> next = PrefixSuccessor(*common);
      page.entries.emplace_back(std::move(*common));
      exhausted = !next.has_value();
      if (next) cursor = ListCursor{std::move(*next), ListCursor::kBeforeAll};
      break;
    }
  }
  if (page.entries.size() == wanted) {
    page.entries.pop_back();
    page.truncated = true;
  }
  return page;
}

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_KEY_LISTING_H_
