#include "ossxfer/crc64.h"

#include <isa-l/crc64.h>

#include "util/crc_combine.h"

namespace ossxfer {

uint64_t Crc64(const void* data, size_t size, uint64_t crc) {
  // ISA-L inverts before and after internally, so its seed is the previous
  // finished CRC, which is exactly the continuation contract above.
  return crc64_ecma_refl(crc, static_cast<const uint8_t*>(data), size);
}

uint64_t Crc64Combine(uint64_t crc1, uint64_t crc2, uint64_t len2) {
  static const util::CrcCombiner* const kCombiner =
      new util::CrcCombiner(64, 0xC96C5795D7870F42ULL);
  return kCombiner->Combine(crc1, crc2, len2);
}

}  // namespace ossxfer
