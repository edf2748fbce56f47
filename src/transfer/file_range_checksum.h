// The CRC64 of bytes already in a local file: how a resumed transfer checks
// what it is about to trust (a download's temp file, an upload's source).
#ifndef OSSXFER_TRANSFER_FILE_RANGE_CRC_H_
#define OSSXFER_TRANSFER_FILE_RANGE_CRC_H_

#include <cstdint>

#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::transfer {

// CRC-64/ECMA of `size` bytes at `offset`, read in 1 MiB slices; kIoError
// when the file is shorter or unreadable.
Result<uint64_t> Crc64OfFileRange(const util::File& file, uint64_t offset,
                                  uint64_t size);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_FILE_RANGE_CRC_H_
