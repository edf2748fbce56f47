// Object facts read from response headers (oss/response_headers.h):
// Content-Length, Content-Range, ETag, Last-Modified, x-oss-hash-crc64ecma,
// x-oss-tagging-count, x-oss-meta-*, and the rest of a HEAD or GET answer;
// AppendObject's x-oss-next-append-position and GetSymlink's
// x-oss-symlink-target.
//
// Input: an HTTP response as fuzz_input.h reads it ("206\nContent-Range:
// bytes 0-9/100\n...").
#include <optional>

#include "fuzz_input.h"
#include "http/http_message.h"
#include "oss/dialect.h"
#include "oss/response_headers.h"

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
