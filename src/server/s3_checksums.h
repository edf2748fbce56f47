// The checksums S3 keeps with an object (s3-protocol.md §5.5): what a
// CreateMultipartUpload asks for, how Complete forms the object's from its
// parts' (COMPOSITE: the checksum of the parts' checksums, "-N" after it;
// FULL_OBJECT: the CRC of every byte, combined from the parts' CRCs), and
// the headers that return them to x-amz-checksum-mode: ENABLED.
#ifndef OSSXFER_SERVER_S3_CHECKSUMS_H_
#define OSSXFER_SERVER_S3_CHECKSUMS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/result.h"
#include "server/server_request.h"
#include "server/store_types.h"
#include "util/digest.h"

namespace ossxfer::server {

// A checksum algorithm serve computes for S3 (x-amz-checksum-<name>).
struct S3ChecksumKind {
  std::string_view name;                 // of x-amz-checksum-<name>: "crc32"
  std::string_view label;                // S3's algorithm name: "CRC32"
  size_t size;                           // of the raw value, in bytes
  std::optional<ChecksumAlgorithm> crc;  // crc32, crc32c
  std::optional<util::DigestAlgorithm> digest;  // sha1, sha256
};

// By either name, in any case; nullptr for one serve does not compute
// (CRC64NVME among them).
const S3ChecksumKind* FindS3ChecksumKind(std::string_view name);

// The algorithm an "x-amz-checksum-<algorithm>" header name (lowercase)
// carries a value of ("crc32" of x-amz-checksum-crc32, whether serve
// computes it or not); nullopt for any other name, -algorithm, -type and
// -mode included, which carry none.
std::optional<std::string_view> ChecksumHeaderAlgorithm(
    std::string_view lower_name);

// The raw checksum of `bytes` by `kind`.
std::string ChecksumOfBytes(const S3ChecksumKind& kind, std::string_view bytes);

// x-amz-checksum-algorithm and x-amz-checksum-type of a
// CreateMultipartUpload, with S3's default type (COMPOSITE). 400
// InvalidRequest for an unknown algorithm or type, a type without an
// algorithm, or FULL_OBJECT of SHA1/SHA256 (not combinable); 501 (the
// router's status, `not_implemented_status`) for CRC64NVME, which serve
// does not compute. Empty for an OSS request.
Result<UploadChecksum> UploadChecksumOf(const ServerRequest& request,
                                        int not_implemented_status);

// A part's size and raw checksum (empty when it came without one).
struct PartChecksum {
  uint64_t size = 0;
  std::string checksum;
};

// The object's checksum, formed as the upload asks; empty when the upload
// has no algorithm or a part has no checksum of it (a copied part).
StoredChecksum ObjectChecksumOfParts(const UploadChecksum& upload,
                                     const std::vector<PartChecksum>& parts);

// The stored checksum of a single-part upload's body, which was checked
// against it: `algorithm` as x-amz-checksum-<algorithm> names it.
StoredChecksum FullObjectChecksum(const std::string& algorithm,
                                  const std::string& raw);

// The whole object's checksum an S3 CompleteMultipartUpload claims
// (x-amz-checksum-<algorithm>, and x-amz-checksum-type if given); nullopt
// when it claims none, or for an OSS request.
std::optional<StoredChecksum> ClaimedObjectChecksum(
    const ServerRequest& request);

// A Complete's claim against the checksum its parts give the object,
// before anything is committed: 400 InvalidRequest when the upload has no
// checksum or one of another algorithm or type, 400 BadDigest when the
// values differ (a COMPOSITE value is compared without its "-N").
Status CheckClaimedObjectChecksum(const StoredChecksum& computed,
                                  const StoredChecksum& claimed);

// x-amz-checksum-<algorithm> and x-amz-checksum-type; none when empty.
ResponseHeaders ChecksumResponseHeaders(const StoredChecksum& checksum);

// Whether an S3 request asks for stored checksums (x-amz-checksum-mode:
// ENABLED).
bool WantsChecksums(const ServerRequest& request);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_S3_CHECKSUMS_H_
