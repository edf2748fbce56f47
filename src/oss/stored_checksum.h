// The checksum an S3 store keeps of an object and answers to a HEAD or GET
// sent with x-amz-checksum-mode: ENABLED (s3-protocol.md §5.5): what
// ObjectMetadata::checksum can hold for an object ossxfer did not upload,
// so that a download is verified by its CRC rather than only its ETag.
//
// Only a checksum of the whole object's bytes is one: a CRC-32C or CRC-32
// typed FULL_OBJECT, or untyped on an object whose ETag has no "-N" (a
// single-part object has no other kind). A COMPOSITE one ("<base64>-N",
// the CRC of the parts' CRCs) is not taken: checking it needs the part
// layout, and where the layout is known (HEAD ?partNumber=1) the
// multipart ETag check verifies every byte by MD5 in the same read of the
// file, so a composite CRC would add a second check of the same bytes for
// a second layout assumption. moto answers a HEAD with the COMPOSITE value
// without its "-N" and without x-amz-checksum-type (§5.5): untyped values
// of multipart objects are therefore never taken as the whole object's,
// which would make a good download fail as corrupted.
#ifndef OSSXFER_OSS_STORED_CHECKSUM_H_
#define OSSXFER_OSS_STORED_CHECKSUM_H_

#include <optional>
#include <string_view>

#include "http/http_message.h"
#include "ossxfer/checksum.h"
#include "ossxfer/result.h"

namespace ossxfer::oss {

// The whole object's CRC-32C (preferred) or CRC-32 from `response`, whose
// object has the ETag `etag`; nullopt when the store answered none that is
// of the whole object. MalformedResponse naming the header when a value
// that would be taken is not base64 of 4 bytes. Other algorithms (SHA-1,
// SHA-256, CRC-64/NVME, which ossxfer does not compute) are not taken.
Result<std::optional<Checksum>> ParseStoredChecksum(
    const http::HttpResponse& response, std::string_view etag);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_STORED_CHECKSUM_H_
