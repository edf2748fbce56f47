// The EC (OSS's error detail code, "NNNN-NNNNNNNN") of serve's errors. OSS
// puts one in every error it sends (oss-protocol-2.md §12), in the XML and
// in `x-oss-ec`; SDKs show it and link to its troubleshooting page.
#ifndef OSSXFER_SERVER_ERROR_CODES_H_
#define OSSXFER_SERVER_ERROR_CODES_H_

#include <string>
#include <string_view>

namespace ossxfer::server {

// The EC OSS sends for `code` where a source names one (§12.2), else serve's
// own, "0000-00000<status>" (README says so): never empty.
std::string DefaultErrorEc(std::string_view code, int http_status);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_ERROR_CODES_H_
