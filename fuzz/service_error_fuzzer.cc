// The error parser (oss/service_error_parser.h): an error answer's status,
// its x-oss-err, x-oss-request-id and x-oss-ec headers and its body, which
// may be XML, truncated XML, an HTML page from a proxy or nothing; and
// IsErrorDocument, which tells a 200 that ends in an <Error> (S3) from a
// result: a body it calls one must hold "<Error".
//
// Input: an HTTP response as fuzz_input.h reads it ("404\nx-oss-ec: ...\n\n
// <Error>...").
#include <optional>
#include <string>

#include "fuzz_input.h"
#include "oss/service_error_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ossxfer::fuzz::ResponseText text =
      ossxfer::fuzz::ParseResponseText(ossxfer::fuzz::AsText(data, size));
  ossxfer::oss::ErrorResponse response;
  response.http_status = text.status;
  response.body = text.body;
  for (const auto& [name, value] : text.headers) {
    if (name == "x-oss-err") response.oss_err_header = value;
    if (name == "x-oss-request-id") response.request_id_header = value;
    if (name == "x-oss-ec") response.ec_header = value;
  }
  ossxfer::ServiceError error = ossxfer::oss::ParseServiceError(response);
  (void)error.ToString();
  if (ossxfer::oss::IsErrorDocument(text.body) &&
      text.body.find("<Error") == std::string::npos) {
    ossxfer::fuzz::Fail("IsErrorDocument called a body without <Error one");
  }
  return 0;
}
