#include "oss/service_error_parser.h"

#include <fmt/format.h>

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "oss/xml_text.h"
#include "util/encoding.h"

namespace ossxfer::oss {
namespace {

// How much of an unparsable body goes into the message: enough to tell an
// HTML error page of a proxy from a truncated XML, not a whole page.
constexpr size_t kBodyExcerptLength = 200;

// Fills the fields of `error` from an <Error> document. False, leaving
// `error` untouched, when `xml` is not such a document: an HTML page or a
// JSON body from a proxy is not an OSS error.
bool ReadErrorXml(std::string_view xml, ServiceError& error) {
  if (xml.empty()) return false;
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default,
                            pugi::encoding_utf8)) {
    return false;
  }
  pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "Error") return false;
  error.code = ElementText(root.child("Code"));
  error.message = ElementText(root.child("Message"));
  error.request_id = ElementText(root.child("RequestId"));
  error.host_id = ElementText(root.child("HostId"));
  error.ec = ElementText(root.child("EC"));
  return true;
}

// The body as it can be shown: the first bytes, each non-printable byte
// replaced by '.', so that binary garbage cannot garble a terminal.
std::string PrintableExcerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kBodyExcerptLength)) {
    out.push_back(c >= 0x20 && c < 0x7F ? c : '.');
  }
  if (body.size() > kBodyExcerptLength) out += "...";
  return out;
}

std::string DescribeUnparsedResponse(const ErrorResponse& response) {
  if (response.body.empty()) {
    return fmt::format("HTTP {} with no error body", response.http_status);
  }
  return fmt::format("HTTP {} with a non-XML body: {}", response.http_status,
                     PrintableExcerpt(response.body));
}

}  // namespace

ServiceError ParseServiceError(const ErrorResponse& response) {
  ServiceError error;
  if (!ReadErrorXml(response.body, error)) {
    // HEAD responses cannot have a body, so OSS sends the same XML
    // base64-encoded in x-oss-err instead.
    std::optional<std::string> header_xml =
        util::Base64Decode(response.oss_err_header);
    if (!header_xml || !ReadErrorXml(*header_xml, error)) {
      error.message = DescribeUnparsedResponse(response);
    }
  }
  error.http_status = response.http_status;
  if (error.request_id.empty()) error.request_id = response.request_id_header;
  if (error.ec.empty()) error.ec = response.ec_header;
  return error;
}

bool IsErrorDocument(std::string_view body) {
  auto skip_space = [&body] {
    const size_t start = body.find_first_not_of(" \t\r\n");
    body.remove_prefix(start == std::string_view::npos ? body.size() : start);
  };
  skip_space();
  if (body.starts_with("<?xml")) {
    const size_t end = body.find("?>");
    if (end == std::string_view::npos) return false;
    body.remove_prefix(end + 2);
    skip_space();
  }
  if (!body.starts_with("<Error")) return false;
  body.remove_prefix(6);
  return !body.empty() &&
         (body.front() == '>' || body.front() == ' ' || body.front() == '\t' ||
          body.front() == '\r' || body.front() == '\n');
}

ServiceError ParseErrorAnswer(const Dialect& dialect,
                              const http::HttpResponse& response) {
  std::string document =
      response.Header(dialect.error_document_header).value_or("");
  std::string request_id =
      response.Header(dialect.request_id_header).value_or("");
  std::string ec = response.Header(dialect.error_ec_header).value_or("");
  return ParseServiceError(
      ErrorResponse{response.status, response.body, document, request_id, ec});
}

}  // namespace ossxfer::oss
