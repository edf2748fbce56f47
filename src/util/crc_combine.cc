#include "util/crc_combine.h"

#include <cstddef>

namespace ossxfer::util {

CrcCombiner::CrcCombiner(int width, uint64_t reflected_polynomial)
    : width_(width) {
  Operator one_zero_bit{};
  one_zero_bit[0] = reflected_polynomial;
  for (int n = 1; n < width_; ++n) one_zero_bit[n] = uint64_t{1} << (n - 1);
  Operator two_bits = Square(one_zero_bit);
  Operator four_bits = Square(two_bits);
  zero_bytes_[0] = Square(four_bits);
  for (size_t k = 1; k < zero_bytes_.size(); ++k) {
    zero_bytes_[k] = Square(zero_bytes_[k - 1]);
  }
}

uint64_t CrcCombiner::Apply(const Operator& op, uint64_t vector) const {
  uint64_t result = 0;
  for (int i = 0; vector != 0 && i < width_; ++i, vector >>= 1) {
    if (vector & 1) result ^= op[i];
  }
  return result;
}

CrcCombiner::Operator CrcCombiner::Square(const Operator& op) const {
  Operator squared{};
  for (int n = 0; n < width_; ++n) squared[n] = Apply(op, op[n]);
  return squared;
}

uint64_t CrcCombiner::Combine(uint64_t crc1, uint64_t crc2,
                              uint64_t len2) const {
  for (size_t k = 0; len2 != 0; ++k, len2 >>= 1) {
    if (len2 & 1) crc1 = Apply(zero_bytes_[k], crc1);
  }
  return crc1 ^ crc2;
}

}  // namespace ossxfer::util
