// The one check every transfer ends with: the checksum the store reports
// for the result against the one the transfer expects of it (a download's
// parts combined, an upload's parts combined, a copy's source). A store's
// checksum is only comparable with one of the same algorithm; when either
// is missing or they differ in algorithm, nothing is verified, and the
// kind says so in its own words.
#ifndef OSSXFER_TRANSFER_CHECKSUM_CHECK_H_
#define OSSXFER_TRANSFER_CHECKSUM_CHECK_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "ossxfer/checksum.h"

namespace ossxfer::transfer {

enum class ChecksumVerdict {
  kVerified,            // same algorithm, same value
  kMismatch,            // same algorithm, different values: corruption
  kNoReported,          // the store gave none for the result
  kNoExpected,          // nothing to compare with
  kDifferentAlgorithms  // not comparable
};

ChecksumVerdict CheckChecksum(const std::optional<Checksum>& reported,
                              const std::optional<Checksum>& expected);

// What a part contributes to the whole: its checksum (if the store gave
// one) and its length.
struct PartChecksum {
  std::optional<Checksum> checksum;
  uint64_t size = 0;
};

// The parts, in order, combined in `algorithm`; nullopt when a part has no
// checksum of that algorithm (the whole cannot be known then).
std::optional<Checksum> CombinePartChecksums(
    ChecksumAlgorithm algorithm, const std::vector<PartChecksum>& parts);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKSUM_CHECK_H_
