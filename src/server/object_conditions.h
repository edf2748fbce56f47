// Conditional requests on an object (oss-protocol.md §5.1): the If-* headers
// of GET and HEAD, and their x-oss-copy-source-if-* twins, which CopyObject
// and UploadPartCopy evaluate on the source.
#ifndef OSSXFER_SERVER_OBJECT_CONDITIONS_H_
#define OSSXFER_SERVER_OBJECT_CONDITIONS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ossxfer/status.h"
#include "server/server_request.h"

namespace ossxfer::server {

// RFC 7232 order: If-Match, If-Unmodified-Since (412 PreconditionFailed),
// then If-None-Match, If-Modified-Since (a 304 NotModified error). The
// header names are `prefix` + "If-Match" and so on; an unparsable date is
// ignored, as OSS does.
Status CheckConditions(const ServerRequest& request, std::string_view prefix,
                       const std::string& etag, int64_t last_modified_ms);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OBJECT_CONDITIONS_H_
