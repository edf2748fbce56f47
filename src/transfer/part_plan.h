// How a byte range is cut into parts, for downloads and uploads alike.
#ifndef OSSXFER_TRANSFER_PART_PLAN_H_
#define OSSXFER_TRANSFER_PART_PLAN_H_

#include <cstdint>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::transfer {

inline constexpr uint64_t kMinPartSize = 100 * 1024;         // 100 KB
inline constexpr uint64_t kMaxPartSize = uint64_t{5} << 30;  // 5 GB
inline constexpr uint64_t kMaxParts = 10000;

// kInvalidArgument naming the valid range ("part size 1000 bytes is out of
// range: it must be from 100 KB (102400) to 5 GB (5368709120)").
Status ValidatePartSize(uint64_t part_size);

// `requested`, grown when needed so that `total` bytes take at most
// kMaxParts parts: the smallest multiple of 1 MiB that fits. Fails when
// even kMaxPartSize parts cannot cover `total` (over ~48.8 TiB).
Result<uint64_t> EffectivePartSize(uint64_t total, uint64_t requested);

struct PartRange {
  uint64_t first = 0;  // offset in the object
  uint64_t size = 0;
};

// Parts of `part_size` covering [first, first + length); the last may be
// shorter. No parts for length 0.
std::vector<PartRange> PlanParts(uint64_t first, uint64_t length,
                                 uint64_t part_size);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_PART_PLAN_H_
