#include "ossxfer/checksum.h"

#include <isa-l/crc.h>

#include <climits>
#include <cstdint>

#include "ossxfer/crc64.h"
#include "util/crc_combine.h"

namespace ossxfer {
namespace {

// ISA-L's crc32_iscsi neither inverts its seed nor its result (the iSCSI
// convention leaves that to the caller), and takes an int length.
uint32_t Crc32c(const uint8_t* data, size_t size, uint32_t previous) {
  uint32_t crc = ~previous;
  while (size > 0) {
    const size_t slice = size < INT_MAX ? size : size_t{INT_MAX};
    crc = crc32_iscsi(const_cast<uint8_t*>(data), static_cast<int>(slice), crc);
    data += slice;
    size -= slice;
  }
  return ~crc;
}

const util::CrcCombiner& Crc32cCombiner() {
  static const util::CrcCombiner* const kCombiner =
      new util::CrcCombiner(32, 0x82F63B78);
  return *kCombiner;
}

const util::CrcCombiner& Crc32Combiner() {
  static const util::CrcCombiner* const kCombiner =
      new util::CrcCombiner(32, 0xEDB88320);
  return *kCombiner;
}

}  // namespace

uint64_t ChecksumUpdate(ChecksumAlgorithm algorithm, const void* data,
                        size_t size, uint64_t previous) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc64Ecma:
      return Crc64(data, size, previous);
    case ChecksumAlgorithm::kCrc32c:
      return Crc32c(bytes, size, static_cast<uint32_t>(previous));
    case ChecksumAlgorithm::kCrc32:
      // Inverts seed and result itself, like crc64_ecma_refl; its length is
      // a uint64_t.
      return crc32_gzip_refl(static_cast<uint32_t>(previous), bytes, size);
  }
  return 0;
}

uint64_t ChecksumCombine(ChecksumAlgorithm algorithm, uint64_t first,
                         uint64_t second, uint64_t second_length) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc64Ecma:
      return Crc64Combine(first, second, second_length);
    case ChecksumAlgorithm::kCrc32c:
      return Crc32cCombiner().Combine(first, second, second_length);
    case ChecksumAlgorithm::kCrc32:
      return Crc32Combiner().Combine(first, second, second_length);
  }
  return 0;
}

std::optional<Checksum> CombineChecksums(const Checksum& first,
                                         const Checksum& second,
                                         uint64_t second_length) {
  if (first.algorithm != second.algorithm) return std::nullopt;
  return Checksum{first.algorithm,
                  ChecksumCombine(first.algorithm, first.value, second.value,
                                  second_length)};
}

std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc64Ecma:
      return "crc64ecma";
    case ChecksumAlgorithm::kCrc32c:
      return "crc32c";
    case ChecksumAlgorithm::kCrc32:
      return "crc32";
  }
  return "unknown";
}

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  for (ChecksumAlgorithm algorithm :
       {ChecksumAlgorithm::kCrc64Ecma, ChecksumAlgorithm::kCrc32c,
        ChecksumAlgorithm::kCrc32}) {
    if (name == ChecksumAlgorithmName(algorithm)) return algorithm;
  }
  return std::nullopt;
}

std::string_view ChecksumAlgorithmLabel(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc64Ecma:
      return "CRC64";
    case ChecksumAlgorithm::kCrc32c:
      return "CRC32C";
    case ChecksumAlgorithm::kCrc32:
      return "CRC32";
  }
  return "checksum";
}

}  // namespace ossxfer
