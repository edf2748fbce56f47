// The HTTP headers that describe an object's content, shared by a request
// that creates an object and a response that serves one.
#ifndef OSSXFER_OSS_CONTENT_HEADERS_H_
#define OSSXFER_OSS_CONTENT_HEADERS_H_

#include <string>
#include <utility>
#include <vector>

#include "oss/dialect.h"
#include "ossxfer/object_operations.h"

namespace ossxfer::oss {

// Content-Type (application/octet-stream when empty), Cache-Control,
// Content-Disposition, Content-Encoding and Expires when set, and every
// user metadata entry under the dialect's prefix (x-oss-meta-<name>).
void AppendContentHeaders(
    const Dialect& dialect, const ObjectAttributes& attributes,
    std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_CONTENT_HEADERS_H_
