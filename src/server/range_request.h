// The Range header as OSS answers it (oss-protocol.md §5.2), with and
// without `x-oss-range-behavior: standard`.
#ifndef OSSXFER_SERVER_RANGE_REQUEST_H_
#define OSSXFER_SERVER_RANGE_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace ossxfer::server {

struct RangeOutcome {
  enum Kind { kWhole, kPartial, kUnsatisfiable } kind = kWhole;
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

// Only the first of several ranges is served. A malformed header is
// ignored (the whole object) in both modes.
RangeOutcome ResolveRange(std::optional<std::string_view> header, uint64_t size,
                          bool standard);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_RANGE_REQUEST_H_
