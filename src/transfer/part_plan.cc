#include "transfer/part_plan.h"

#include <fmt/format.h>

#include <algorithm>

namespace ossxfer::transfer {
namespace {

// Grown part sizes are whole MiB: readable in logs, aligned for the disk.
constexpr uint64_t kGrowthUnit = uint64_t{1} << 20;

constexpr uint64_t CeilDiv(uint64_t numerator, uint64_t denominator) {
  // Not (n + d - 1) / d, which overflows for n near UINT64_MAX.
  return numerator / denominator + (numerator % denominator != 0 ? 1 : 0);
}

}  // namespace

Status ValidatePartSize(uint64_t part_size) {
  if (part_size >= kMinPartSize && part_size <= kMaxPartSize) {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      fmt::format("part size {} bytes is out of range: it must be from "
                  "100 KB ({}) to 5 GB ({})",
                  part_size, kMinPartSize, kMaxPartSize));
}

Result<uint64_t> EffectivePartSize(uint64_t total, uint64_t requested) {
  if (requested == 0) {
    return Status::InvalidArgument("part size 0 bytes is out of range");
  }
  if (CeilDiv(total, requested) <= kMaxParts) return requested;
  // Parts of at least ceil(total / kMaxParts) bytes fit in kMaxParts; round
  // up to the unit. That is above `requested`, which did not fit.
  const uint64_t grown =
      CeilDiv(CeilDiv(total, kMaxParts), kGrowthUnit) * kGrowthUnit;
  if (grown > kMaxPartSize) {
    return Status::InvalidArgument(fmt::format(
        "{} bytes cannot be transferred in parts: at most {} parts of at "
        "most 5 GB ({}) each cover {} bytes",
        total, kMaxParts, kMaxPartSize, kMaxParts * kMaxPartSize));
  }
  return grown;
}

Status ValidatePartSettings(uint64_t part_size, int parallel,
                            int default_parallel) {
  if (part_size != 0) {
    Status valid = ValidatePartSize(part_size);
    if (!valid.ok()) return valid;
  }
  if (parallel < 0 || parallel > 256) {
    return Status::InvalidArgument(fmt::format(
        "parallel parts must be from 1 to 256 (0 for the default {}), got {}",
        default_parallel, parallel));
  }
  return Status::Ok();
}

Result<uint64_t> ChoosePartSize(uint64_t length, uint64_t requested,
                                std::optional<uint64_t> saved,
                                uint64_t default_size) {
  uint64_t chosen = requested;
  if (chosen == 0) {
    chosen = saved && ValidatePartSize(*saved).ok() ? *saved : default_size;
  }
  return EffectivePartSize(length, chosen);
}

std::vector<PartRange> PlanParts(uint64_t first, uint64_t length,
                                 uint64_t part_size) {
  std::vector<PartRange> parts;
  if (length == 0) return parts;
  // A zero part size is a caller bug; one part covering everything keeps
  // the data right rather than looping forever or dropping the range.
  if (part_size == 0) part_size = length;
  parts.reserve(static_cast<size_t>(CeilDiv(length, part_size)));
  uint64_t offset = first;
  uint64_t remaining = length;
  while (remaining > 0) {
    const uint64_t size = std::min(part_size, remaining);
    parts.push_back({offset, size});
    offset += size;
    remaining -= size;
  }
  return parts;
}

Result<PartLayout> LayOutParts(uint64_t first, uint64_t length,
                               uint64_t requested,
                               std::optional<uint64_t> saved,
                               uint64_t default_size) {
  PartLayout layout;
  layout.first = first;
  layout.length = length;
  Result<uint64_t> part_size =
      ChoosePartSize(length, requested, saved, default_size);
  if (!part_size.ok()) return part_size.status();
  layout.part_size = *part_size;
  layout.parts = PlanParts(first, length, layout.part_size);
  return layout;
}

PartLayout OneStreamLayout(uint64_t length) {
  PartLayout layout;
  layout.length = length;
  layout.part_size = length;
  if (length > 0) layout.parts.push_back({0, length});
  return layout;
}

}  // namespace ossxfer::transfer
