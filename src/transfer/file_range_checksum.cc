#include "transfer/file_range_crc.h"

#include <algorithm>
#include <vector>

#include "ossxfer/crc64.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {

Result<uint64_t> Crc64OfFileRange(const util::File& file, uint64_t offset,
                                  uint64_t size) {
  std::vector<char> buffer(std::min<uint64_t>(size, uint64_t{1} << 20));
  uint64_t crc = 0;
  for (uint64_t done = 0; done < size;) {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - done));
    RETURN_IF_ERROR(file.ReadAt(buffer.data(), count, offset + done));
    crc = Crc64(buffer.data(), count, crc);
    done += count;
  }
  return crc;
}

}  // namespace ossxfer::transfer
