// An HTTP request to send and the response that came back.
#ifndef OSSXFER_HTTP_HTTP_MESSAGE_H_
#define OSSXFER_HTTP_HTTP_MESSAGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossxfer/body.h"

namespace ossxfer::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of a header, compared case-insensitively.
std::optional<std::string> FindHeader(const Headers& headers,
                                      std::string_view name);

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  Headers headers;
  // The body of a PUT or POST; nullptr sends none (Content-Length: 0).
  BodySource* body = nullptr;
  // Polled while the transfer runs (several times a second); returning
  // true aborts it with kCancelled.
  std::function<bool()> cancelled;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  // The body, unless it was streamed into the caller's sink (2xx with a
  // sink). Error bodies and XML answers land here.
  std::string body;
  // Bytes handed to the caller's sink (set by whoever counted them).
  uint64_t streamed_bytes = 0;

  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_HTTP_MESSAGE_H_
