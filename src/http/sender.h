// The one retrying HTTP sender: the signed OSS client and URL downloads both
// send through it. It owns the connection pool made from HttpOptions and
// runs every attempt of a request: builds it (a signature is made per
// attempt), sends it, judges the answer, and retries by the options' retry
// policy (RetrySchedule) while nothing of the answer reached the sink and
// the body can be sent again.
#ifndef OSSXFER_HTTP_SENDER_H_
#define OSSXFER_HTTP_SENDER_H_

#include <functional>
#include <string>
#include <string_view>

#include "http/connection_pool.h"
#include "http/http_connection.h"
#include "http/http_message.h"
#include "ossxfer/http_options.h"
#include "ossxfer/result.h"

namespace ossxfer::http {

// One request, as the sender needs it.
struct Exchange {
  // Builds the request for one attempt (the URL, headers; a signer signs
  // them here with the time of the attempt). Its body and cancellation are
  // the exchange's.
  std::function<Result<HttpRequest>()> prepare;
  BodySource* body = nullptr;
  // Receives a 2xx body; a retry happens only while it has received none.
  BodySink* sink = nullptr;
  HttpConnection::BodyCheck accept_body;
  std::function<bool()> cancelled;
  // Judges every answer: OK keeps it (the sender returns it), an error is
  // the attempt's failure. Empty: 2xx is kept, anything else is an error
  // naming the status.
  std::function<Status(const HttpResponse&)> judge;
  // Applied to a transport error before it is returned or logged (a URL
  // download hides its query). Empty: as is.
  std::function<Status(Status)> scrub;
  // False for a request that must not reach the server twice (an append):
  // retried only when its body is not empty and none of it was read.
  bool idempotent = true;
  // At most this many attempts (0: the policy's; never more than it).
  int max_attempts = 0;
};

// The connection settings HttpOptions give, with the default user agent and
// `log` (the options' own, or a caller's filter of it).
HttpSettings SettingsFor(const HttpOptions& options,
                         std::function<void(std::string_view)> log);

class Sender {
 public:
  Sender(const HttpOptions& options, std::function<void(std::string_view)> log);

  // The kept answer (its streamed_bytes counting what reached the sink), or
  // the last attempt's failure.
  Result<HttpResponse> Send(const Exchange& exchange) const;

  const RetryPolicy& retry() const { return retry_; }

 private:
  const RetryPolicy retry_;
  const std::function<void(std::string_view)> log_;
  mutable ConnectionPool pool_;
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_SENDER_H_
