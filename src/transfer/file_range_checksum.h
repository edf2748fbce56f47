// The checksum of bytes already in a local file: how a resumed transfer
// checks what it is about to trust (a download's temp file, an upload's
// source) against the checksum a checkpoint or the server recorded.
#ifndef OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_
#define OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_

#include <cstdint>
#include <string>

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

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_FILE_RANGE_CHECKSUM_H_
