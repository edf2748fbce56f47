// The aws-chunked decoder of serve's S3 uploads (server/aws_chunked.h):
// unsigned and signed framing, trailers, every way a body can be cut or
// damaged, fed in pieces of every size.
//
// Input: two lines, then the body: the first line holds the mode ("s" for
// signed chunks, anything else unsigned; a "t" anywhere announces an
// x-amz-checksum-crc32 trailer), the second the size of the pieces the
// body arrives in (decimal; 0 or anything else: whole). The signing key is
// the one of the AWS example (s3-protocol.md §2.9), whose body is a seed.
#include <string>
#include <string_view>

#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "fuzz_input.h"
#include "server/aws_chunked.h"
#include "util/numbers.h"

namespace {

namespace server = ossxfer::server;

class CountingWriter : public server::DataWriter {
 public:
  ossxfer::Status Append(const char*, size_t size) override {
    bytes_ += size;
    return {};
  }
  uint64_t bytes_written() const override { return bytes_; }

 private:
  uint64_t bytes_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string_view> lines =
      ossxfer::fuzz::SplitLines(ossxfer::fuzz::AsText(data, size), 3);
  const bool signed_chunks = lines[0].starts_with("s");
  const bool trailer = lines[0].find('t') != std::string_view::npos;
  size_t piece = ossxfer::util::ParseUint64(lines[1]).value_or(0);
  const std::string_view body = lines[2];
  if (piece == 0) piece = body.size() + 1;

  static const std::string key =
      ossxfer::auth::SignerV4(ossxfer::auth::kAwsV4Parameters)
          .SigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524",
                      {"us-east-1", "s3"});
  std::optional<server::ChunkSigning> signing;
  if (signed_chunks) {
    signing = server::ChunkSigning{
        key, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request",
        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"};
  }
  CountingWriter payload;
  server::AwsChunkedDecoder decoder(
      payload, signing,
      trailer ? std::optional<std::string>("x-amz-checksum-crc32")
              : std::nullopt);
  bool failed = false;
  for (size_t at = 0; at < body.size() && !failed; at += piece) {
    failed =
        !decoder.Append(body.data() + at, std::min(piece, body.size() - at))
             .ok();
  }
  // The payload is carved out of the body: never more bytes than came.
  if (payload.bytes_written() > body.size()) {
    ossxfer::fuzz::Fail("the decoder passed on more bytes than it was given");
  }
  if (decoder.bytes_written() != payload.bytes_written()) {
    ossxfer::fuzz::Fail("the decoder's count differs from what it passed on");
  }
  if (!failed) (void)decoder.Finish(payload.bytes_written());
  return 0;
}
