// Where requests go: the endpoint parsed once, and the URL and Host of each
// request. Reference: ../shared/oss-protocol.md §1.
#ifndef OSSXFER_OSS_ENDPOINT_H_
#define OSSXFER_OSS_ENDPOINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/signable_request.h"
#include "ossxfer/result.h"

namespace ossxfer::oss {

class Endpoint {
 public:
  // Accepts "host", "host:port", "http://host[:port]", "https://..." with
  // an optional trailing '/'. IPv6 literals go in brackets. Rejects, with a
  // message that shows the expected form: an empty string, another scheme,
  // a path, user info, a bad port, characters a host cannot have.
  static Result<Endpoint> Parse(std::string_view text, bool use_path_style);

  const std::string& scheme() const { return scheme_; }
  const std::string& host() const { return host_; }
  std::optional<uint16_t> port() const { return port_; }
  // True when requested, and always for IP literals and localhost, which
  // cannot take a bucket as a subdomain.
  bool path_style() const { return path_style_; }

  // "bucket.host[:port]" (virtual-hosted) or "host[:port]".
  std::string HostHeader(std::string_view bucket) const;

  // The request path, not encoded: "/bucket/key" path style, "/key"
  // virtual-hosted ("/bucket/" and "/" at the bucket level, "/" for the
  // service).
  std::string Path(std::string_view bucket, std::string_view key) const;

  // The full URL: the path percent-encoded with '/' kept, the query
  // RFC 3986 encoded in the given order, bare names for empty values.
  std::string Url(std::string_view bucket, std::string_view key,
                  const auth::NameValueList& query) const;

 private:
  std::string scheme_;
  std::string host_;
  std::optional<uint16_t> port_;
  bool path_style_ = false;
};

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_ENDPOINT_H_
