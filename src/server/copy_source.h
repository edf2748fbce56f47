// What a copy request names as its source: the `x-oss-copy-source` header
// of CopyObject and UploadPartCopy (oss-protocol-2.md §3.1) and the
// `x-oss-copy-source-range` header of UploadPartCopy (§4.1).
//
// Every error is a Status carrying a 400 InvalidArgument ServiceError (with
// OSS's EC where §3.1/§4.1 record one) whose message names the header and
// the form it must have.
#ifndef OSSXFER_SERVER_COPY_SOURCE_H_
#define OSSXFER_SERVER_COPY_SOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::server {

struct CopySource {
  std::string bucket;
  std::string key;  // decoded
  std::optional<std::string> version_id;

  bool operator==(const CopySource&) const = default;
};

// `/<bucket>/<URL-encoded key>[?versionId=<id>]`. The SDKs differ in
// whether they encode the '/' of a key (§3.1), so `/bkt/dir/a%20b%2Bc` and
// `/bkt/dir%2Fa%20b%2Bc` both name the key "dir/a b+c". Parsing: strip the
// one leading '/'; split off the query at the first '?' (a '?' of a key
// arrives as %3F, and bucket names have none); the bucket runs to the next
// '/'; the rest, percent-decoded (%XX, '+' is a literal '+'), is the key.
// The bucket must be a valid bucket name and the key a valid object key
// (oss/names.h), as for the request's own bucket and key. The query may
// only be `versionId=<id>`, the id as the SDKs send it (unencoded): letters,
// digits, '.', '_' and '-'. Errors: no leading '/', no bucket or key, a bad
// %-escape, a bad name; an empty versionId (EC 0016-00000305); any other
// query (EC 0016-00000304); a malformed id (EC 0012-00000202).
Result<CopySource> ParseCopySource(std::string_view header);

struct ByteRange {
  uint64_t first;
  uint64_t size;

  bool operator==(const ByteRange&) const = default;
};

// The bytes of a source of `source_size` bytes that UploadPartCopy copies.
// Absent: all of them ({0, source_size}, {0, 0} for an empty source).
// `bytes=<first>-<last>`, zero-based and inclusive, with first <= last <
// source_size; `bytes=<first>-` runs to the end, with first < source_size
// (the C++ SDK sends that form when its last byte is 0, §4.1). For an
// empty source the only range is `bytes=0-`, which is {0, 0}. Anything
// else (no "bytes=", several ranges, a suffix range "bytes=-N", signs,
// spaces, numbers past 2^64-1) is an error, EC 0042-00000306 when the range
// runs past the source.
Result<ByteRange> ParseCopySourceRange(std::optional<std::string_view> header,
                                       uint64_t source_size);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_COPY_SOURCE_H_
