// Keeps secrets out of logs and error messages.
#ifndef OSSXFER_UTIL_REDACTION_H_
#define OSSXFER_UTIL_REDACTION_H_

#include <string>
#include <string_view>

namespace ossxfer::util {

// "LTAI****": the first 4 characters of a value longer than 8, else "****".
std::string RedactSecret(std::string_view secret);

// The header value as it may be logged: Authorization keeps its scheme and
// credential scope but loses the signature; x-oss-security-token and
// Proxy-Authorization are redacted; everything else is unchanged.
std::string RedactHeaderValue(std::string_view name, std::string_view value);

// The URL with the values of signature and token query parameters
// (Signature, x-oss-signature, security-token, x-oss-security-token)
// redacted; fine to print in an error.
std::string RedactUrl(std::string_view url);

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_REDACTION_H_
