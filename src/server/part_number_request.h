// GET and HEAD ?partNumber=N, S3's read of one part of a multipart object
// (s3-protocol.md §3.1, §5.3): the bytes of part N as the part sizes
// CompleteMultipartUpload kept say. Part 1 of any other object is all of
// it, as on AWS and moto.
#ifndef OSSXFER_SERVER_PART_NUMBER_REQUEST_H_
#define OSSXFER_SERVER_PART_NUMBER_REQUEST_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::server {

struct PartSelection {
  uint64_t first = 0;      // the part's first byte in the object
  uint64_t length = 0;     // its size
  size_t parts_count = 0;  // x-amz-mp-parts-count; 0: not multipart
};

// 400 InvalidArgument for a number outside 1..10000, 400 InvalidRequest
// when a Range comes too, 416 InvalidPartNumber past the last part, and
// `not_implemented_status` for a multipart object (an ETag "...-N") whose
// part sizes were not kept (stored before serve kept them).
Result<PartSelection> SelectPart(std::string_view number_text, bool has_range,
                                 uint64_t size,
                                 const std::vector<uint64_t>& part_sizes,
                                 std::string_view etag,
                                 int not_implemented_status);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_PART_NUMBER_REQUEST_H_
