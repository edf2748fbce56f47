// The ETag S3 gives a multipart object, computed from its parts' ETags, so
// that a completed upload can be checked against the parts it was made of
// (s3-protocol.md §5.2).
#ifndef OSSXFER_OSS_MULTIPART_ETAG_H_
#define OSSXFER_OSS_MULTIPART_ETAG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/multipart_operations.h"

namespace ossxfer::oss {

// hex(MD5(MD5(part 1) || ... || MD5(part N))) + "-N", lowercase and
// unquoted, from the parts in the order given (the Complete list's, which
// is ascending). Each part's ETag must be its MD5 (32 hex digits, quotes
// and case ignored); nullopt when one is not (an SSE-KMS or SSE-C object's
// parts) or there are no parts: then no ETag can be expected.
std::optional<std::string> CompositeMultipartEtag(
    const std::vector<CompletedPart>& parts);

// hex(MD5(part_md5s)) + "-N", lowercase and unquoted, from the parts' raw
// 16-byte MD5s concatenated in part order (N = part_md5s.size() / 16).
std::string MultipartEtagOfPartMd5s(std::string_view part_md5s);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_MULTIPART_ETAG_H_
