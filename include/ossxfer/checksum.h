// A store's checksum of bytes, with the algorithm that made it: OSS keeps a
// CRC-64/ECMA of every object; S3 stores offer CRC-32C and CRC-32 (what
// awscli sends by default). A checksum is only ever compared with, or
// combined with, one of the same algorithm.
//
// Every algorithm here is a CRC, so two things hold that the transfer
// engine relies on: a checksum can be continued over more bytes (parts are
// streamed), and the checksums of A and of B give that of A||B without the
// bytes (parts transferred in parallel give the object's). MD5 and ETags
// have neither property and are not Checksums.
#ifndef OSSXFER_CHECKSUM_H_
#define OSSXFER_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ossxfer {

enum class ChecksumAlgorithm {
  // CRC-64/ECMA-182, reflected (the XZ variant), as OSS's
  // x-oss-hash-crc64ecma: "123456789" -> 0x995dc9bbdf1939fa.
  kCrc64Ecma,
  // CRC-32C (Castagnoli, iSCSI): "123456789" -> 0xe3069283.
  kCrc32c,
  // CRC-32 (IEEE 802.3, zlib, gzip): "123456789" -> 0xcbf43926.
  kCrc32,
};

struct Checksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kCrc64Ecma;
  // The finished CRC; a 32-bit algorithm's fits in the low 32 bits.
  uint64_t value = 0;

  bool operator==(const Checksum&) const = default;
};

// The checksum of `size` bytes at `data`, continuing from `previous` (the
// checksum of the bytes before them, in the same algorithm; 0 for none):
// Update(a, b, n, Update(a, x, m)) is the checksum of x||b.
uint64_t ChecksumUpdate(ChecksumAlgorithm algorithm, const void* data,
                        size_t size, uint64_t previous = 0);
inline Checksum ComputeChecksum(ChecksumAlgorithm algorithm,
                                std::string_view bytes) {
  return {algorithm, ChecksumUpdate(algorithm, bytes.data(), bytes.size())};
}

// The checksum of A||B from first = checksum(A), second = checksum(B) and
// second_length = |B|, all in `algorithm`. Costs at most 64 small
// matrix-vector products, whatever the length.
uint64_t ChecksumCombine(ChecksumAlgorithm algorithm, uint64_t first,
                         uint64_t second, uint64_t second_length);

// The same for two Checksums; nullopt when their algorithms differ (the
// values then describe nothing together).
std::optional<Checksum> CombineChecksums(const Checksum& first,
                                         const Checksum& second,
                                         uint64_t second_length);

// The algorithm's stable name, as checkpoints and --json write it:
// "crc64ecma", "crc32c", "crc32".
std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm);

// The algorithm of a name ChecksumAlgorithmName gives (exactly: lower
// case); nullopt for any other.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);

// A label for messages: "CRC64", "CRC32C", "CRC32".
std::string_view ChecksumAlgorithmLabel(ChecksumAlgorithm algorithm);

}  // namespace ossxfer

#endif  // OSSXFER_CHECKSUM_H_
