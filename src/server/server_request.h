// One request as the server's handlers see it: addressing resolved, query
// decoded, headers kept as sent.
#ifndef OSSXFER_SERVER_SERVER_REQUEST_H_
#define OSSXFER_SERVER_SERVER_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/signable_request.h"
#include "ossxfer/result.h"

namespace ossxfer::server {

// The protocol a request speaks (server/s3_wire.h tells which): serve's
// handlers are written in OSS terms, and an S3 request is translated to
// them on the way in and its answer back to S3 on the way out.
enum class WireDialect { kOss, kS3 };

struct ServerRequest {
  std::string method;
  std::string target;           // as received: path and query
  std::string host;             // Host header
  std::string path;             // of the target, decoded
  std::string bucket;           // empty: service level
  std::string key;              // decoded; empty: bucket level
  auth::NameValueList query;    // decoded, in received order
  auth::NameValueList headers;  // as received
  bool from_loopback = false;
  std::string request_id;
  WireDialect dialect = WireDialect::kOss;

  std::optional<std::string> Header(std::string_view name) const;
  std::optional<std::string> Query(std::string_view name) const;
  bool HasQuery(std::string_view name) const { return Query(name).has_value(); }
  auth::SignableRequest ToSignable() const {
    return auth::SignableRequest{method, bucket, key, query, headers, path};
  }
};

// The headers of an answer, in the order they are sent.
using ResponseHeaders = std::vector<std::pair<std::string, std::string>>;

// Splits the target into path and decoded query, and works out the bucket
// and key: virtual-hosted when Host is "<bucket>.<domain>", else the first
// path segment. Fails (400 InvalidURI) on malformed percent-escapes.
Status ResolveAddress(std::string_view domain, ServerRequest& request);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SERVER_REQUEST_H_
