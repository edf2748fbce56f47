// Checksums in the terms tests written for a bare CRC64 use.
#ifndef OSSXFER_TESTS_SUPPORT_CHECKSUM_VALUES_H_
#define OSSXFER_TESTS_SUPPORT_CHECKSUM_VALUES_H_

#include <cstdint>
#include <optional>

#include "ossxfer/checksum.h"

namespace ossxfer::testing {

// The CRC-64/ECMA value of a reported checksum: nullopt when there is none
// or it is of another algorithm.
inline std::optional<uint64_t> Crc64Value(
    const std::optional<Checksum>& checksum) {
  if (!checksum || checksum->algorithm != ChecksumAlgorithm::kCrc64Ecma) {
    return std::nullopt;
  }
  return checksum->value;
}

// What a store of the OSS dialect reports: a CRC-64/ECMA of `value`.
inline Checksum Crc64Checksum(uint64_t value) {
  return Checksum{ChecksumAlgorithm::kCrc64Ecma, value};
}

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_CHECKSUM_VALUES_H_
