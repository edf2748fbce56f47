// The digests a request claims for its body, and their check as the body
// arrives: Content-MD5 in both dialects; for S3 also the payload hash of
// the signature (x-amz-content-sha256 as 64 hex digits) and one
// x-amz-checksum-<algorithm> (crc32, crc32c, sha1, sha256), which awscli
// and boto3 send on every upload by default (s3-protocol.md §2.4, §5.5).
// A body that does not match any of them is refused and never stored.
#ifndef OSSXFER_SERVER_BODY_DIGESTS_H_
#define OSSXFER_SERVER_BODY_DIGESTS_H_

#include <memory>
#include <optional>
#include <string>

#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "server/object_store.h"
#include "server/server_request.h"

namespace ossxfer::server {

struct ClaimedDigests {
  std::optional<std::string> md5;     // 16 raw bytes, from Content-MD5
  std::optional<std::string> sha256;  // 32 raw bytes, x-amz-content-sha256
  // x-amz-checksum-<algorithm>: "crc32", "crc32c", "sha1" or "sha256".
  std::string checksum_algorithm;
  std::string checksum;  // the raw big-endian value, decoded from base64
  // The checksum comes in the aws-chunked body's trailer (x-amz-trailer):
  // `checksum` is empty until the body is in.
  bool checksum_in_trailer = false;
};

// What x-amz-checksum-<algorithm> (and x-amz-sdk-checksum-algorithm)
// describe: the request's body (a PUT, a part, a document), or the whole
// object a CompleteMultipartUpload makes, which is no claim about its body
// (the store checks it: s3_checksums.h, ClaimedObjectChecksum).
enum class ChecksumHeadersOf { kBody, kObject };

// What `request` claims. Fails with 400 InvalidDigest for a Content-MD5
// that is not base64 of 16 bytes, 400 InvalidRequest for a malformed or
// unknown x-amz-checksum-*, more than one of them, or an
// x-amz-sdk-checksum-algorithm without its checksum header (or trailer),
// an x-amz-trailer naming anything but one checksum, or a trailer without
// an aws-chunked body, and 400 InvalidArgument for an x-amz-content-sha256
// that is neither 64 hex digits, UNSIGNED-PAYLOAD nor a STREAMING- value.
Result<ClaimedDigests> ClaimedDigestsOf(
    const ServerRequest& request,
    ChecksumHeadersOf checksums = ChecksumHeadersOf::kBody);

// Passes a body on to `inner` while computing the claimed digests other
// than MD5 (the store computes that one and checks it at Commit); Verify
// says whether they held.
class DigestCheckingWriter : public DataWriter {
 public:
  DigestCheckingWriter(const ClaimedDigests& claimed, DataWriter& inner);
  ~DigestCheckingWriter() override;

  Status Append(const char* data, size_t size) override;
  uint64_t bytes_written() const override { return inner_.bytes_written(); }

  // Once the body is in (and a trailer's checksum set in the claim): 400
  // XAmzContentSHA256Mismatch or 400 BadDigest naming the checksum, or OK.
  // Once only.
  Status Verify();
  // The answer's x-amz-checksum-<algorithm> header, echoing the checksum
  // that held (S3 answers an upload with it); empty when none was claimed.
  ResponseHeaders ChecksumHeaders() const;

 private:
  struct Hashers;
  const ClaimedDigests& claimed_;  // read again at Verify: see above
  DataWriter& inner_;
  std::unique_ptr<Hashers> hashers_;
};

// A small request body (an XML document) of at most `limit` bytes, checked
// against every digest the request claims for it: 400 InvalidDigest when a
// Content-MD5 is malformed or of other bytes, and the S3 errors above.
Result<std::string> ReadDigestedBody(
    const ServerRequest& request, class HttpExchange& exchange, size_t limit,
    ChecksumHeadersOf checksums = ChecksumHeadersOf::kBody);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_BODY_DIGESTS_H_
