// Runs one OSS operation: signs the request, sends it on a pooled
// connection, turns error answers into Status, and retries what the retry
// policy says is worth retrying.
#ifndef OSSXFER_OSS_REQUEST_EXECUTOR_H_
#define OSSXFER_OSS_REQUEST_EXECUTOR_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "auth/signable_request.h"
#include "auth/signer.h"
#include "http/http_message.h"
#include "http/sender.h"
#include "oss/dialect.h"
#include "oss/endpoint.h"
#include "ossxfer/client_options.h"
#include "ossxfer/result.h"
#include "util/time_format.h"

namespace ossxfer::oss {

struct OssRequest {
  std::string operation;  // "GetObject": names the call in errors
  std::string method;
  std::string bucket;
  std::string key;
  auth::NameValueList query;
  auth::NameValueList headers;
  BodySource* body = nullptr;
  // Receives a 2xx body; a retry happens only while it has received none.
  BodySink* sink = nullptr;
  // Sees the status and headers of a 2xx answer before any of its body
  // reaches the sink; an error refuses the body and is what Execute returns.
  http::HttpConnection::BodyCheck accept_body;
  std::function<bool()> cancelled;
  // False for a request that must not reach the server twice (AppendObject:
  // a second append of the same bytes stores them twice). Such a request is
  // retried only when its body is not empty and none of it was read from
  // the source, so that nothing can have reached the server (a failed
  // connect); every other failure is returned to the caller.
  bool idempotent = true;
  // At most this many attempts (0: the client's retry policy alone; never
  // more than it allows). 1 for a caller that retries for itself.
  int max_attempts = 0;
  // Sees every non-2xx answer with the Status made of it, and returns the
  // Status to report: how an operation adds a fact from the error answer's
  // headers (AppendObject's x-oss-next-append-position) to the message.
  std::function<Status(const http::HttpResponse&, Status)> amend_error;
};

class RequestExecutor {
 public:
  static Result<std::unique_ptr<RequestExecutor>> Create(ClientOptions options);

  // A 2xx response (its streamed_bytes counting what reached the sink), or
  // the error: the server's
  // (with every ServiceError field), the transport's, or the sink's.
  Result<http::HttpResponse> Execute(const OssRequest& request) const;

  // The request signed into query parameters, as a URL.
  Result<std::string> Presign(auth::SignableRequest request,
                              std::chrono::seconds expires) const;

  const Endpoint& endpoint() const { return endpoint_; }
  const std::string& region() const { return region_; }
  const RetryPolicy& retry_policy() const { return options_.retry; }
  // The protocol's spelling of headers, checksums and errors, chosen once.
  const Dialect& dialect() const { return dialect_; }

  // What the client believes the server's clock is: corrected after a
  // RequestTimeTooSkewed answer.
  util::SystemTime Now() const;

 private:
  RequestExecutor(ClientOptions options, const Dialect& dialect,
                  Endpoint endpoint, std::string region,
                  std::unique_ptr<auth::Signer> signer);

  // One attempt's request, signed now.
  Result<http::HttpRequest> Prepare(const OssRequest& request) const;
  // OK for an answer to keep; otherwise the error it says (corrects the
  // clock after RequestTimeTooSkewed).
  Status Judge(const OssRequest& request,
               const http::HttpResponse& response) const;
  Status Sign(auth::SignableRequest& request) const;
  // Sets Host when the dialect's signature covers it.
  void AddSignedHost(auth::SignableRequest& request) const;
  void CorrectClockSkew(const http::HttpResponse& response) const;

  ClientOptions options_;
  const Dialect& dialect_;
  Endpoint endpoint_;
  std::string region_;
  std::unique_ptr<auth::Signer> signer_;
  std::shared_ptr<CredentialsProvider> credentials_;
  http::Sender sender_;
  // Server time minus local time, in seconds.
  mutable std::atomic<int64_t> clock_offset_seconds_{0};
};

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_REQUEST_EXECUTOR_H_
