#include "ossxfer/crc64.h"

#include <isa-l/crc64.h>

#include <array>

namespace ossxfer {
namespace {

// ISA-L has no combine, and zlib's only exists for CRC-32, so the GF(2)
// operator method is written out here (Mark Adler's, as in zlib).
//
// An operator is a 64x64 bit matrix, stored as 64 columns: applying it to a
// CRC value multiplies that CRC by x^(8*n) modulo the polynomial, which is
// what appending n zero bytes does to a CRC register.
using Operator = std::array<uint64_t, 64>;

constexpr uint64_t kReflectedPolynomial = 0xC96C5795D7870F42ULL;

uint64_t Apply(const Operator& op, uint64_t vector) {
  uint64_t result = 0;
  for (int i = 0; vector != 0; ++i, vector >>= 1) {
    if (vector & 1) result ^= op[i];
  }
  return result;
}

Operator Square(const Operator& op) {
  Operator squared;
  for (int n = 0; n < 64; ++n) squared[n] = Apply(op, op[n]);
  return squared;
}

// zero_bytes[k] appends 2^k zero bytes. Computed once; a combine then needs
// only one Apply per set bit of len2 instead of re-squaring every time
// (which matters with 10,000 parts).
struct ZeroByteOperators {
  std::array<Operator, 64> zero_bytes;

  ZeroByteOperators() {
    Operator one_zero_bit;
    one_zero_bit[0] = kReflectedPolynomial;
    for (int n = 1; n < 64; ++n) one_zero_bit[n] = uint64_t{1} << (n - 1);
    Operator two_bits = Square(one_zero_bit);
    Operator four_bits = Square(two_bits);
    zero_bytes[0] = Square(four_bits);
    for (size_t k = 1; k < zero_bytes.size(); ++k) {
      zero_bytes[k] = Square(zero_bytes[k - 1]);
    }
  }
};

const ZeroByteOperators& Operators() {
  static const ZeroByteOperators* const kOperators = new ZeroByteOperators();
  return *kOperators;
}

}  // namespace

uint64_t Crc64(const void* data, size_t size, uint64_t crc) {
  // ISA-L inverts before and after internally, so its seed is the previous
  // finished CRC, which is exactly the continuation contract above.
  return crc64_ecma_refl(crc, static_cast<const uint8_t*>(data), size);
}

uint64_t Crc64Combine(uint64_t crc1, uint64_t crc2, uint64_t len2) {
  const ZeroByteOperators& ops = Operators();
  for (size_t k = 0; len2 != 0; ++k, len2 >>= 1) {
    if (len2 & 1) crc1 = Apply(ops.zero_bytes[k], crc1);
  }
  return crc1 ^ crc2;
}

}  // namespace ossxfer
