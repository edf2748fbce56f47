// Reading object facts out of response headers.
#ifndef OSSXFER_OSS_RESPONSE_HEADERS_H_
#define OSSXFER_OSS_RESPONSE_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_message.h"
#include "oss/dialect.h"
#include "ossxfer/object_metadata.h"
#include "ossxfer/result.h"

namespace ossxfer::oss {

struct ContentRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t total = 0;
};

// "bytes 0-499/1000"; nullopt when malformed or inconsistent.
std::optional<ContentRange> ParseContentRange(std::string_view text);

// ObjectMetadata from the headers of a HEAD, GET or ?objectMeta answer.
// The size is the Content-Range total on a 206, else Content-Length. A
// header that is present but malformed (a CRC64 that is not a decimal
// number, a bad Content-Range) is an error rather than a silent zero.
// The default dialect serves readers with no client, which read answers to
// OSS presigned URLs (UrlObjectSource).
Result<ObjectMetadata> ParseObjectMetadata(
    const http::HttpResponse& response, const Dialect& dialect = kOssDialect);

// A header holding a decimal number (x-oss-next-append-position, ...):
// nullopt when absent; MalformedResponse naming the header when it is not
// digits only or does not fit 64 bits.
Result<std::optional<uint64_t>> ParseNumberHeader(
    const http::HttpResponse& response, std::string_view name);

// The dialect's checksum header (x-oss-hash-crc64ecma) as a Checksum of
// the dialect's algorithm; nullopt when absent, MalformedResponse naming
// the header when malformed.
Result<std::optional<Checksum>> ParseChecksumHeader(
    const http::HttpResponse& response, const Dialect& dialect);

// GetSymlink's x-oss-symlink-target, percent-decoded ('+' stays '+'): the
// target key. MalformedResponse when absent, empty or badly escaped.
Result<std::string> ParseSymlinkTarget(const http::HttpResponse& response,
                                       const Dialect& dialect);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_RESPONSE_HEADERS_H_
