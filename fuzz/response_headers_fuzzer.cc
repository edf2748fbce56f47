// Object facts read from response headers (oss/response_headers.h):
// Content-Length, Content-Range, ETag, Last-Modified, x-oss-hash-crc64ecma,
// x-oss-tagging-count, x-oss-meta-*, and the rest of a HEAD or GET answer;
// AppendObject's x-oss-next-append-position and GetSymlink's
// x-oss-symlink-target; S3's stored checksums (oss/stored_checksum.h).
//
// Input: an HTTP response as fuzz_input.h reads it ("206\nContent-Range:
// bytes 0-9/100\n...").
#include <optional>

#include "fuzz_input.h"
#include "http/http_message.h"
#include "oss/dialect.h"
#include "oss/response_headers.h"
#include "oss/stored_checksum.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::fuzz::Fail;
  ossxfer::fuzz::ResponseText text =
      ossxfer::fuzz::ParseResponseText(ossxfer::fuzz::AsText(data, size));
  ossxfer::http::HttpResponse response;
  response.status = text.status;
  response.headers = text.headers;
  response.body = std::string(text.body);
  const ossxfer::oss::Dialect& dialect = ossxfer::oss::kOssDialect;
  (void)ossxfer::oss::ParseObjectMetadata(response, dialect);
  (void)ossxfer::oss::ParseChecksumHeader(response, dialect);
  (void)ossxfer::oss::ParseNumberHeader(response, "x-oss-next-append-position");
  for (std::string_view etag : {"\"0a97f1336a2298a6c3e9adaa562a9eec\"",
                                "\"0a97f1336a2298a6c3e9adaa562a9eec-3\""}) {
    ossxfer::Result<std::optional<ossxfer::Checksum>> stored =
        ossxfer::oss::ParseStoredChecksum(response, etag);
    // A CRC-32 of either kind fits 32 bits.
    if (stored.ok() && *stored && (*stored)->value > 0xffffffffu) {
      Fail("ParseStoredChecksum gave a CRC-32 wider than 32 bits");
    }
  }
  ossxfer::Result<std::string> target =
      ossxfer::oss::ParseSymlinkTarget(response, dialect);
  if (target.ok() && target->empty()) {
    Fail("ParseSymlinkTarget accepted an empty target");
  }
  for (const auto& [name, value] : text.headers) {
    std::optional<ossxfer::oss::ContentRange> range =
        ossxfer::oss::ParseContentRange(value);
    // A range that parses is one a download can write: inside the object.
    if (range && (range->first > range->last || range->last >= range->total)) {
      Fail("ParseContentRange accepted a range outside the object");
    }
  }
  return 0;
}
