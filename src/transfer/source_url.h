// An http:// or https:// URL to download from, split into the parts a
// download needs: where to send requests, what identifies the object across
// runs, and what may be shown to a user.
#ifndef OSSXFER_TRANSFER_SOURCE_URL_H_
#define OSSXFER_TRANSFER_SOURCE_URL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::transfer {

struct SourceUrl {
  std::string scheme;    // "http" or "https", lowercase
  std::string userinfo;  // "user:password" or empty: a secret
  std::string host;      // lowercase; an IPv6 literal keeps its brackets
  uint16_t port = 0;     // explicit or the scheme's default
  bool explicit_port = false;
  std::string path;   // "/..." as given (never empty)
  std::string query;  // after '?', without it; may hold a signature

  // What requests are sent to (the fragment, never sent, is dropped).
  std::string ToString() const;
  // scheme://host:port/path: the same object whatever its signature, so a
  // freshly presigned URL resumes what an expired one started.
  std::string Identity() const;
  // Safe to print: no user information, and the query (a presigned URL's
  // signature and credentials) replaced by "?<query hidden>".
  std::string Display() const;
};

// kInvalidArgument naming the problem: empty, not a URL, a scheme other
// than http/https, no host, a bad port, spaces or control characters.
// Messages never quote the query.
Result<SourceUrl> ParseSourceUrl(std::string_view text);

// The URL a redirect's Location names, relative to `base`.
Result<SourceUrl> ResolveRedirect(const SourceUrl& base,
                                  std::string_view location);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_SOURCE_URL_H_
