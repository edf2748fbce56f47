#include "server/upload_body.h"

#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/status_macros.h"

namespace ossxfer::server {

UploadBody::UploadBody(ClaimedDigests claimed, DataWriter& store)
    : claimed_(std::move(claimed)),
      checked_(std::make_unique<DigestCheckingWriter>(claimed_, store)) {}

Result<std::unique_ptr<UploadBody>> UploadBody::Open(
    const ServerRequest& request, const RequestAuthenticator& authenticator,
    DataWriter& store) {
  ASSIGN_OR_RETURN(ClaimedDigests claimed, ClaimedDigestsOf(request));
  std::unique_ptr<UploadBody> body(new UploadBody(std::move(claimed), store));
  const std::string payload =
      request.Header("x-amz-content-sha256").value_or("");
  if (request.dialect != WireDialect::kS3 ||
      !payload.starts_with("STREAMING-")) {
    return body;
  }
  std::optional<uint64_t> decoded_length = util::ParseUint64(
      request.Header("x-amz-decoded-content-length").value_or(""));
  if (!decoded_length) {
    return OssError(411, "MissingContentLength",
                    "An aws-chunked body needs x-amz-decoded-content-length, "
                    "the length of the object it carries.");
  }
  // S3's largest PUT and part; the encoded Content-Length, checked before,
  // may be absent (HTTP chunking).
  if (*decoded_length > (uint64_t{5} << 30)) {
    return OssError(400, "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size "
                    "(x-amz-decoded-content-length above 5 GiB).");
  }
  body->decoded_length_ = *decoded_length;
  std::optional<ChunkSigning> signing;
  if (payload.starts_with("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
    signing = authenticator.ChunkSigningOf(request);
    // Signed chunks need the header signature that seeds them; without one
    // (a presigned URL) they would go unchecked. Anonymous serve checks none.
    if (!signing && !authenticator.anonymous()) {
      return OssError(400, "InvalidRequest",
                      payload +
                          " needs an Authorization header signature to "
                          "chain the chunk signatures from");
    }
  }
  std::optional<std::string> trailer = request.Header("x-amz-trailer");
  body->decoder_ = std::make_unique<AwsChunkedDecoder>(
      *body->checked_, std::move(signing), std::move(trailer));
  return body;
}

DataWriter& UploadBody::writer() {
  if (decoder_) return *decoder_;
  return *checked_;
}

Status UploadBody::Finish() {
  if (decoder_) {
    RETURN_IF_ERROR(decoder_->Finish(decoded_length_));
    if (claimed_.checksum_in_trailer) {
      // A value that is not base64 leaves the claim empty, which Verify
      // refuses as malformed.
      claimed_.checksum =
          util::Base64Decode(decoder_->trailer_value().value_or(""))
              .value_or("");
    }
  }
  return checked_->Verify();
}

}  // namespace ossxfer::server
