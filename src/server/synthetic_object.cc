#include "server/synthetic_object.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "ossxfer/crc64.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace ossxfer::server {
namespace {

// The repeated block, from splitmix64 with a fixed seed: the same bytes on
// every machine and every run.
const std::vector<char>& Block() {
  static const std::vector<char>* const kBlock = [] {
    auto* block = new std::vector<char>(SyntheticObject::kPeriod);
    uint64_t state = 0x6f73737866657221ULL;  // "ossxfer!"
    for (size_t i = 0; i < block->size(); i += 8) {
      state += 0x9E3779B97F4A7C15ULL;
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      z ^= z >> 31;
      std::memcpy(block->data() + i, &z,
                  std::min<size_t>(8, block->size() - i));
    }
    return block;
  }();
  return *kBlock;
}

// CRC64 of `count` back-to-back copies of a block with CRC `crc` and
// length `length`, by doubling: crc(X||X) = combine(crc(X), crc(X), |X|).
uint64_t RepeatedCrc(uint64_t crc, uint64_t length, uint64_t count) {
  uint64_t result = 0;
  uint64_t power_crc = crc;
  uint64_t power_length = length;
  while (count > 0) {
    if (count & 1) {
      result = Crc64Combine(result, power_crc, power_length);
    }
    count >>= 1;
    if (count > 0) {
      power_crc = Crc64Combine(power_crc, power_crc, power_length);
      power_length *= 2;
    }
  }
  return result;
}

}  // namespace

std::optional<SyntheticObject> SyntheticObject::FromKey(std::string_view key) {
  size_t slash = key.rfind('/');
  if (slash != std::string_view::npos) key.remove_prefix(slash + 1);
  if (key.ends_with(".bin")) key.remove_suffix(4);
  // "f00000012-65536": a synthetic tree's object (synthetic_listing.h).
  size_t dash = key.rfind('-');
  if (dash != std::string_view::npos && dash > 0) key.remove_prefix(dash + 1);
  std::optional<uint64_t> size = util::ParseUint64(key);
  if (!size) return std::nullopt;
  return SyntheticObject(*size);
}

SyntheticObject::SyntheticObject(uint64_t size) : size_(size) {
  const std::vector<char>& block = Block();
  static const uint64_t kBlockCrc = Crc64(block.data(), block.size());
  uint64_t full_blocks = size / kPeriod;
  uint64_t tail = size % kPeriod;
  crc64_ = Crc64Combine(RepeatedCrc(kBlockCrc, kPeriod, full_blocks),
                        Crc64(block.data(), tail), tail);
  std::string digest = util::Md5("ossxfer-synthetic-" + std::to_string(size));
  etag_ = "\"" + util::HexUpper(digest) + "-1\"";
}

void SyntheticObject::Read(uint64_t offset, char* out, size_t length) const {
  const std::vector<char>& block = Block();
  while (length > 0) {
    uint64_t in_block = offset % kPeriod;
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(length, kPeriod - in_block));
    std::memcpy(out, block.data() + in_block, count);
    out += count;
    offset += count;
    length -= count;
  }
}

}  // namespace ossxfer::server
