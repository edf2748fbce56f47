#include "transfer/file_range_checksum.h"

#include <algorithm>
#include <vector>

#include "util/status_macros.h"

namespace ossxfer::transfer {

Result<uint64_t> ChecksumOfFileRange(ChecksumAlgorithm algorithm,
                                     const util::File& file, uint64_t offset,
                                     uint64_t size) {
  std::vector<char> buffer(std::min<uint64_t>(size, uint64_t{1} << 20));
  uint64_t checksum = 0;
  for (uint64_t done = 0; done < size;) {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - done));
    RETURN_IF_ERROR(file.ReadAt(buffer.data(), count, offset + done));
    checksum = ChecksumUpdate(algorithm, buffer.data(), count, checksum);
    done += count;
  }
  return checksum;
}

}  // namespace ossxfer::transfer
