// The parts of an HTTP request that signatures cover, in the form both the
// client (signing) and `ossxfer serve` (verifying) start from.
#ifndef OSSXFER_AUTH_SIGNABLE_REQUEST_H_
#define OSSXFER_AUTH_SIGNABLE_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ossxfer::auth {

using NameValueList = std::vector<std::pair<std::string, std::string>>;

struct SignableRequest {
  std::string method;  // "GET", "PUT", ...
  std::string bucket;  // empty for a service-level call
  std::string key;     // the raw UTF-8 object key; empty for bucket level
  // Query parameters, decoded. An empty value is a bare parameter
  // ("?uploads"). Order does not matter to the signers.
  NameValueList query;
  // Request headers as sent (any case). Names compare case-insensitively.
  NameValueList headers;
  // The request path as addressed, percent-decoded: "/bucket/key" path
  // style, "/key" virtual-hosted. Only a V4 signature whose canonical URI
  // is the path as sent (AWS, CanonicalUriRule::kRequestPath) reads it; the
  // OSS signatures sign bucket and key whatever the URL style. Empty: "/".
  std::string path;

  // The first header of that name (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
  // Replaces every header of that name (case-insensitive) by one.
  void SetHeader(std::string_view name, std::string value);
  // The first query parameter of that exact name, if any.
  std::optional<std::string> Query(std::string_view name) const;
  void SetQuery(std::string_view name, std::string value);
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_SIGNABLE_REQUEST_H_
