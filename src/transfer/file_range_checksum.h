// The checksum of bytes already in a local file: how a resumed transfer
// checks what it is about to trust (a download's temp file, an upload's
// source) against the checksum a checkpoint or the server recorded.
#ifndef OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_
#define OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::transfer {

// The `algorithm` checksum of `size` bytes at `offset`, read in 1 MiB
// slices; kIoError when the file is shorter or unreadable.
Result<uint64_t> ChecksumOfFileRange(ChecksumAlgorithm algorithm,
                                     const util::File& file, uint64_t offset,
                                     uint64_t size);

// The MD5 (16 raw bytes) of the same: an upload part's Content-MD5.
Result<std::string> Md5OfFileRange(const util::File& file, uint64_t offset,
                                   uint64_t size);

// For each part size in `part_sizes`: the multipart ETag S3 would give the
// first `size` bytes uploaded in parts of that size, hex(MD5(MD5(part 1) ||
// ... || MD5(part N)))-N in lower case, all from one read of the file.
Result<std::vector<std::string>> MultipartEtagsOfFile(
    const util::File& file, uint64_t size,
    const std::vector<uint64_t>& part_sizes);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_
