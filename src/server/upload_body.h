// The body of an upload (PutObject, UploadPart) on its way to the store:
// decoded when it comes aws-chunked (server/aws_chunked.h), then checked
// against every digest the request claims (server/body_digests.h), the
// trailer's checksum included. Nothing reaches the store's Commit unless
// Finish says the body is whole and right.
#ifndef OSSXFER_SERVER_UPLOAD_BODY_H_
#define OSSXFER_SERVER_UPLOAD_BODY_H_

#include <memory>
#include <optional>
#include <string>

#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "server/aws_chunked.h"
#include "server/body_digests.h"
#include "server/object_store.h"
#include "server/request_authenticator.h"
#include "server/server_request.h"

namespace ossxfer::server {

class UploadBody {
 public:
  // The errors of ClaimedDigestsOf, and for an aws-chunked body (an S3
  // request whose x-amz-content-sha256 is a STREAMING- value) 411
  // MissingContentLength without x-amz-decoded-content-length. The signed
  // variants take their chunk signatures from `authenticator` (S3's).
  static Result<std::unique_ptr<UploadBody>> Open(
      const ServerRequest& request, const RequestAuthenticator& authenticator,
      DataWriter& store);

  // Where the request's body goes (HttpExchange::ReadBody).
  DataWriter& writer();
  // Once the body is in: its framing, signatures and digests all held.
  Status Finish();
  // Content-MD5's digest, for the store's Commit.
  const std::optional<std::string>& md5() const { return claimed_.md5; }
  // The x-amz-checksum-<algorithm> the request claims ("" when none), and
  // once Finish held, its raw value, which the body matched.
  const std::string& checksum_algorithm() const {
    return claimed_.checksum_algorithm;
  }
  const std::string& checksum() const { return claimed_.checksum; }
  // x-amz-checksum-<algorithm> for the answer (see DigestCheckingWriter).
  ResponseHeaders ChecksumHeaders() const {
    return checked_->ChecksumHeaders();
  }

 private:
  UploadBody(ClaimedDigests claimed, DataWriter& store);

  ClaimedDigests claimed_;
  std::unique_ptr<DigestCheckingWriter> checked_;
  std::unique_ptr<AwsChunkedDecoder> decoder_;  // aws-chunked bodies only
  uint64_t decoded_length_ = 0;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_UPLOAD_BODY_H_
