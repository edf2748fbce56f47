#include "transfer/file_range_checksum.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "util/digest.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {

namespace {

// Hands `consume` the range in slices of at most 1 MiB, in order.
Status ForEachSlice(const util::File& file, uint64_t offset, uint64_t size,
                    const std::function<void(const char*, size_t)>& consume) {
  std::vector<char> buffer(std::min<uint64_t>(size, uint64_t{1} << 20));
  for (uint64_t done = 0; done < size;) {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - done));
    RETURN_IF_ERROR(file.ReadAt(buffer.data(), count, offset + done));
    consume(buffer.data(), count);
    done += count;
  }
  return Status();
}

}  // namespace

Result<uint64_t> ChecksumOfFileRange(ChecksumAlgorithm algorithm,
                                     const util::File& file, uint64_t offset,
                                     uint64_t size) {
  uint64_t checksum = 0;
  RETURN_IF_ERROR(
      ForEachSlice(file, offset, size, [&](const char* data, size_t count) {
        checksum = ChecksumUpdate(algorithm, data, count, checksum);
      }));
  return checksum;
}

Result<std::string> Md5OfFileRange(const util::File& file, uint64_t offset,
                                   uint64_t size) {
  util::Md5Stream md5;
  RETURN_IF_ERROR(ForEachSlice(
      file, offset, size,
      [&](const char* data, size_t count) { md5.Update(data, count); }));
  return md5.Finish();
}

}  // namespace ossxfer::transfer
