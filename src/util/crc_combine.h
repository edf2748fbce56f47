// Combining two reflected CRCs without their bytes (Mark Adler's GF(2)
// operator method, as zlib's crc32_combine): the CRC of A||B from CRC(A),
// CRC(B) and |B|. ISA-L computes CRCs but combines none, and zlib's combine
// covers only CRC-32, so the method is written out once here for every
// width and polynomial ossxfer uses.
#ifndef OSSXFER_UTIL_CRC_COMBINE_H_
#define OSSXFER_UTIL_CRC_COMBINE_H_

#include <array>
#include <cstdint>

namespace ossxfer::util {

class CrcCombiner {
 public:
  // `width` is 32 or 64; `reflected_polynomial` the CRC's polynomial in
  // reflected (LSB-first) form, e.g. 0xEDB88320 for CRC-32. Computes 64
  // operators up front (a few microseconds): build one per algorithm and
  // keep it.
  CrcCombiner(int width, uint64_t reflected_polynomial);

  // Thread-safe: the operators are never changed after construction.
  uint64_t Combine(uint64_t crc1, uint64_t crc2, uint64_t len2) const;

 private:
  // A width x width bit matrix, stored as columns: applying it to a CRC
  // value multiplies that CRC by x^(8*n) modulo the polynomial, which is
  // what appending n zero bytes does to a CRC register.
  using Operator = std::array<uint64_t, 64>;

  uint64_t Apply(const Operator& op, uint64_t vector) const;
  Operator Square(const Operator& op) const;

  int width_;
  // zero_bytes_[k] appends 2^k zero bytes: a combine needs one Apply per
  // set bit of len2 instead of re-squaring every time (which matters with
  // 10,000 parts).
  std::array<Operator, 64> zero_bytes_;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_CRC_COMBINE_H_
