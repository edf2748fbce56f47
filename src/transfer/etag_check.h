// A download's check when the store offers no checksum of the object: do
// the file's bytes reproduce the object's ETag? S3 (and OSS) make it the MD5
// of a single-part object, and MD5(part MD5s)-N of a multipart one
// (s3-protocol.md §5.1-§5.3), unless the object is encrypted with a key the
// store manages (SSE-KMS) or the client gives (SSE-C).
#ifndef OSSXFER_TRANSFER_ETAG_CHECK_H_
#define OSSXFER_TRANSFER_ETAG_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/download.h"
#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::transfer {

enum class EtagVerdict {
  kVerified,  // the bytes give the ETag
  kMismatch,  // a single-part MD5 ETag the bytes do not give
  kUnknown,   // nothing to compare (see EtagCheck::detail)
};

struct EtagCheck {
  EtagVerdict verdict = EtagVerdict::kUnknown;
  std::string detail;      // for the result's notice: what was (not) done
  uint64_t part_size = 0;  // the layout that reproduced a multipart ETag
  EtagPartSizeSource part_size_source = EtagPartSizeSource::kNone;
};

// Whether a check of `metadata`'s ETag could use the store's part layout:
// a multipart ETag ("<hex>-N") that is MD5-based (no SSE-KMS or SSE-C).
// Only then is HEAD ?partNumber=1 worth its round trip.
bool EtagCheckNeedsPartLayout(const ObjectMetadata& metadata);

// The part sizes whose layout of `size` bytes has exactly `parts` parts,
// among those S3 clients use: 5 MiB (rclone, Go and Java SDKs), 8 MiB
// (awscli, boto3, ossxfer), 15 MiB (s3cmd), 16 MiB (MinIO's mc) and their
// doublings (s3transfer doubles its part size until 10,000 parts suffice),
// at most `limit` of them, smallest first. A part size that varied within
// an upload (UploadPartCopy, some clients) is not among them.
std::vector<uint64_t> CandidatePartSizes(uint64_t size, uint64_t parts,
                                         size_t limit = 3);

// Checks the first `size` bytes of `file` against `metadata.etag`: an MD5
// ETag (32 hex digits) against the file's MD5; "<hex>-N" against the
// layout the store told (`first_part`, its answer to HEAD ?partNumber=1)
// when that answer lays `size` bytes out in N parts (part 1's size P with
// ceil(size / P) == N, and a parts count, if any, of N), else against each
// candidate layout's, all in one read of the file. A store that ignores
// partNumber answers the whole object's size and no count, which lays out
// N parts only for N == 1, where it is right. kUnknown, without reading,
// for an encrypted object (x-*-server-side-encryption other than AES256)
// or an ETag of another form; and for a multipart ETag that the layout
// does not reproduce (its part sizes may have varied, so a mismatch proves
// nothing). kIoError when the file cannot be read.
Result<EtagCheck> CheckEtagOfFile(
    const util::File& file, uint64_t size, const ObjectMetadata& metadata,
    const std::optional<ObjectPartHead>& first_part = std::nullopt);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_ETAG_CHECK_H_
