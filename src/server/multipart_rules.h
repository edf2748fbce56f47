// The rules of CompleteMultipartUpload (oss-protocol.md §7.4, §7.6): which
// stored parts a completion uses, and the ETag and CRC64 of the result.
#ifndef OSSXFER_SERVER_MULTIPART_RULES_H_
#define OSSXFER_SERVER_MULTIPART_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ossxfer/multipart_operations.h"
#include "ossxfer/result.h"

namespace ossxfer::server {

// Every part except the last must be at least this large.
inline constexpr uint64_t kMinPartSize = 102400;
inline constexpr int kMaxPartNumber = 10000;

// What the rules need to know of a stored part.
struct PartFacts {
  int part_number = 0;
  uint64_t size = 0;
  std::string md5;  // 16 raw bytes
  uint64_t crc64 = 0;
};

// The stored parts (ascending by number) that make up the object, in
// order. `listed` must be strictly ascending (400 InvalidPartOrder), name
// only stored parts with matching ETags (400 InvalidPart; quotes optional,
// hex case ignored), and every part but the last must be >= kMinPartSize
// (400 EntityTooSmall). With `all_parts` the list is ignored and every
// stored part is used. An empty selection is an error (MalformedXML for an
// empty list, InvalidPart when there is no stored part).
Result<std::vector<PartFacts>> SelectParts(
    const std::vector<PartFacts>& stored,
    const std::vector<CompletedPart>& listed, bool all_parts);

// "\"<HEX of MD5(md5_1 || ... || md5_n)>-<n>\"".
std::string MultipartEtag(const std::vector<PartFacts>& parts);
// The CRC64 of the concatenated parts, from their CRCs.
uint64_t MultipartCrc64(const std::vector<PartFacts>& parts);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_MULTIPART_RULES_H_
