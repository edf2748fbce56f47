// One libcurl easy handle: one worker's keep-alive connection.
#ifndef OSSXFER_HTTP_HTTP_CONNECTION_H_
#define OSSXFER_HTTP_HTTP_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "http/http_message.h"
#include "ossxfer/result.h"

namespace ossxfer::http {

struct HttpSettings {
  std::chrono::milliseconds connect_timeout{10'000};
  uint32_t low_speed_limit_bytes_per_second = 1;
  std::chrono::seconds low_speed_time{30};
  bool verify_tls = true;
  std::string ca_file;
  std::string user_agent;
  // One line per request and response, secrets redacted. May be empty.
  std::function<void(std::string_view)> log;
};

class HttpConnection {
 public:
  explicit HttpConnection(HttpSettings settings);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends the request and waits for the whole response. A 2xx body goes to
  // `sink` when one is given (as it arrives, never buffered whole); any
  // other body is kept in the response. Fails with kNetworkError on
  // transport problems (connect, TLS, reset, low-speed timeout), kCancelled
  // when request.cancelled said so, or the sink's or the source's own error.
  // The connection stays open for the next request (keep-alive).
  //
  // `accept_body`, when given, is called once with the status and headers
  // of a 2xx answer before the first byte of its body reaches the sink; an
  // error aborts the transfer and Send returns it. This is how a caller
  // refuses a body it cannot use (a ranged GET answered with the whole
  // object, the wrong Content-Range) before any of it is written. It is not
  // called for an empty body.
  using BodyCheck = std::function<Status(const HttpResponse&)>;
  Result<HttpResponse> Send(const HttpRequest& request, BodySink* sink,
                            const BodyCheck& accept_body = nullptr);

  // How many TCP connections this handle has opened so far: stays at 1
  // while keep-alive works.
  long connections_opened() const { return connections_opened_; }

 private:
  struct Exchange;
  static size_t OnHeader(char* data, size_t size, size_t count, void* user);
  static size_t OnBody(char* data, size_t size, size_t count, void* user);
  static size_t OnRead(char* buffer, size_t size, size_t count, void* user);
  static int OnProgress(void* user, int64_t, int64_t, int64_t, int64_t);

  HttpSettings settings_;
  void* curl_;  // CURL*, kept opaque so that curl.h stays out of headers
  long connections_opened_ = 0;
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_HTTP_CONNECTION_H_
