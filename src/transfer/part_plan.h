// How a byte range is cut into parts, for every transfer kind alike: the
// part size is chosen once, here, and the layout computed from it.
#ifndef OSSXFER_TRANSFER_PART_PLAN_H_
#define OSSXFER_TRANSFER_PART_PLAN_H_

#include <cstdint>
#include <optional>
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

// The checks every transfer request shares: a part size of 0 (the default)
// or within range, and 0 (the default, named in the message) to 256
// parallel parts.
Status ValidatePartSettings(uint64_t part_size, int parallel,
                            int default_parallel);

// The part size a transfer of `length` bytes uses: the caller's when set,
// else the one a checkpoint being resumed recorded (when valid), else the
// default; grown (EffectivePartSize) so that the parts fit in kMaxParts.
Result<uint64_t> ChoosePartSize(uint64_t length, uint64_t requested,
                                std::optional<uint64_t> saved,
                                uint64_t default_size);

// Parts of `part_size` covering [first, first + length); the last may be
// shorter. No parts for length 0.
std::vector<PartRange> PlanParts(uint64_t first, uint64_t length,
                                 uint64_t part_size);

// How one (re)start of a transfer cuts its range into parts: computed once
// (LayOutParts) and read from here by everything that needs the part size
// or a part's bounds.
struct PartLayout {
  uint64_t first = 0;  // the range in the object
  uint64_t length = 0;
  uint64_t part_size = 0;
  std::vector<PartRange> parts;
  // A download writes its parts into a local file: the bytes a worker
  // gathers for one write (PartWriter::BlockBytesFor), and the crash budget
  // (DownloadUnrecordedBudget, ossxfer/download.h). 0 for a multipart
  // upload or copy, whose parts are durable on the server once sent.
  uint64_t block_size = 0;
  uint64_t unrecorded_budget = 0;
};

// The layout of [first, first + length) with the part size ChoosePartSize
// picks from `requested`, `saved` and `default_size`.
Result<PartLayout> LayOutParts(uint64_t first, uint64_t length,
                               uint64_t requested,
                               std::optional<uint64_t> saved,
                               uint64_t default_size);

// One stream of the whole range, as one part of any size: what a source
// that ignores Range allows.
PartLayout OneStreamLayout(uint64_t length);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_PART_PLAN_H_
