// Turns an OSS error response into a ServiceError. Reference:
// ../shared/oss-protocol.md §6 (HEAD errors in x-oss-err) and §8.
#ifndef OSSXFER_OSS_SERVICE_ERROR_PARSER_H_
#define OSSXFER_OSS_SERVICE_ERROR_PARSER_H_

#include <string_view>

#include "http/http_message.h"
#include "oss/dialect.h"
#include "ossxfer/service_error.h"

namespace ossxfer::oss {

struct ErrorResponse {
  int http_status = 0;
  std::string_view body = {};               // may be empty (HEAD) or not XML
  std::string_view oss_err_header = {};     // x-oss-err: base64 of the XML
  std::string_view request_id_header = {};  // x-oss-request-id
  std::string_view ec_header = {};          // x-oss-ec
};

// Never fails and never throws. The XML body is used when it parses;
// otherwise the decoded x-oss-err header; otherwise the headers alone, with
// a message that says what came back ("HTTP 502 with a non-XML body:
// <first 200 printable bytes>", or "HTTP 404 with no error body").
// RequestId and EC fall back to the headers when the XML lacks them.
ServiceError ParseServiceError(const ErrorResponse& response);

// Whether `body` is an <Error> document (after any whitespace and XML
// declaration): cheap, for telling a 200 that ends in an error (S3's
// CompleteMultipartUpload and copies, s3-protocol.md §3.13) from a result.
bool IsErrorDocument(std::string_view body);

// The error an answer carries, its headers read with the dialect's names:
// how the client and a URL download both read an error answer.
ServiceError ParseErrorAnswer(const Dialect& dialect,
                              const http::HttpResponse& response);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_SERVICE_ERROR_PARSER_H_
