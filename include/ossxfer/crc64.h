// CRC-64/ECMA-182 (the XZ variant) exactly as OSS computes it for the
// x-oss-hash-crc64ecma header: crc64("123456789") == 0x995dc9bbdf1939fa.
#ifndef OSSXFER_CRC64_H_
#define OSSXFER_CRC64_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ossxfer {

// The CRC of `size` bytes at `data`, continuing from `crc` (the CRC of the
// bytes before them; 0 for none): Crc64(b, n, Crc64(a, m)) == Crc64(a||b).
uint64_t Crc64(const void* data, size_t size, uint64_t crc = 0);
inline uint64_t Crc64(std::string_view bytes, uint64_t crc = 0) {
  return Crc64(bytes.data(), bytes.size(), crc);
}

// The CRC of A||B from crc1 = Crc64(A), crc2 = Crc64(B) and len2 = |B|:
// how the CRCs of parts transferred in parallel become the object's CRC.
// Costs at most 64 small matrix-vector products, whatever len2 is.
uint64_t Crc64Combine(uint64_t crc1, uint64_t crc2, uint64_t len2);

}  // namespace ossxfer

#endif  // OSSXFER_CRC64_H_
