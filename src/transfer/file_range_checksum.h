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

// The same for one part size, its parts hashed on up to `threads` threads
// at once, each reading the parts it hashes: MD5 is the slowest step of a
// download's ETag check (one core hashes about 700 MB/s here), and the
// parts' digests are independent of each other.
Result<std::string> MultipartEtagOfFile(const util::File& file, uint64_t size,
                                        uint64_t part_size, unsigned threads);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_
