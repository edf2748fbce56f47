// The aws-chunked body encoding of S3 uploads (s3-protocol.md §2.9): the
// object's bytes in chunks "<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n",
// ended by a zero-size chunk and, with a trailer, header lines such as
// "x-amz-checksum-crc32:<base64>" and an empty line. Signed variants chain
// an HMAC over every chunk from the request's own signature (the seed), and
// sign the trailer too. This is what awscli and boto3 send over https, and
// other SDKs over http; the HTTP layer's own chunking is undone before.
#ifndef OSSXFER_SERVER_AWS_CHUNKED_H_
#define OSSXFER_SERVER_AWS_CHUNKED_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "auth/signable_request.h"
#include "ossxfer/status.h"
#include "server/object_store.h"
#include "server/request_authenticator.h"

namespace ossxfer::server {

// Decodes an aws-chunked body as it arrives and passes the payload on to
// `inner`, never holding more than a chunk header or the trailer. Errors
// (the first one sticks): 400 IncompleteBody for framing that is not
// aws-chunked, 403 SignatureDoesNotMatch for a chunk or a trailer whose
// signature is wrong (signed variants), 400 InvalidRequest for a trailer
// that is malformed or names a header other than the one x-amz-trailer
// announced.
class AwsChunkedDecoder : public DataWriter {
 public:
  // `signing`: the signed variants (STREAMING-AWS4-HMAC-SHA256-PAYLOAD...);
  // `trailer`: the header x-amz-trailer names, if any.
  AwsChunkedDecoder(DataWriter& inner, std::optional<ChunkSigning> signing,
                    std::optional<std::string> trailer);
  ~AwsChunkedDecoder() override;

  Status Append(const char* data, size_t size) override;
  // Payload bytes passed on.
  uint64_t bytes_written() const override { return decoded_; }

  // Once the body is in: OK iff it ended with its final chunk and (when
  // announced) its trailer, every signature held, and the payload is
  // `decoded_length` bytes (400 IncompleteBody otherwise).
  Status Finish(uint64_t decoded_length);
  // The trailer's value (the announced header's), once finished.
  const std::optional<std::string>& trailer_value() const {
    return trailer_value_;
  }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailer, kDone };
  Status Fail(Status status);
  Status TakeSizeLine(std::string_view line);
  Status EndChunk();
  Status TakeTrailerLine(std::string_view line);

  DataWriter& inner_;
  std::optional<ChunkSigning> signing_;
  std::optional<std::string> trailer_;
  struct ChunkHash;
  std::unique_ptr<ChunkHash> chunk_hash_;  // signed variants
  State state_ = State::kSizeLine;
  std::string line_;  // a size line, a chunk's CRLF or a trailer line so far
  uint64_t chunk_left_ = 0;
  bool final_chunk_ = false;
  bool skipped_blank_ = false;
  std::string chunk_signature_;     // the current chunk's, as sent
  std::string previous_signature_;  // the chain so far
  std::string trailer_text_;        // signed: "name:value\n" lines
  std::optional<std::string> trailer_signature_;
  std::optional<std::string> trailer_value_;
  uint64_t decoded_ = 0;
  Status failure_;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_AWS_CHUNKED_H_
