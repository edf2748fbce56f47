#include "transfer/checksum_check.h"

namespace ossxfer::transfer {

ChecksumVerdict CheckChecksum(const std::optional<Checksum>& reported,
                              const std::optional<Checksum>& expected) {
  if (!reported) return ChecksumVerdict::kNoReported;
  if (!expected) return ChecksumVerdict::kNoExpected;
  if (reported->algorithm != expected->algorithm) {
    return ChecksumVerdict::kDifferentAlgorithms;
  }
  return reported->value == expected->value ? ChecksumVerdict::kVerified
                                            : ChecksumVerdict::kMismatch;
}

std::optional<Checksum> CombinePartChecksums(
    ChecksumAlgorithm algorithm, const std::vector<PartChecksum>& parts) {
  std::optional<Checksum> combined = Checksum{algorithm, 0};
  for (const PartChecksum& part : parts) {
    if (!part.checksum) return std::nullopt;
    combined = CombineChecksums(*combined, *part.checksum, part.size);
    if (!combined) return std::nullopt;
  }
  return combined;
}

}  // namespace ossxfer::transfer
