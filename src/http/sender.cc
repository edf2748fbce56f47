#include "http/sender.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "http/counting_body.h"
#include "http/retry_schedule.h"
#include "ossxfer/version.h"

namespace ossxfer::http {

HttpSettings SettingsFor(const HttpOptions& options,
                         std::function<void(std::string_view)> log) {
  return HttpSettings{options.connect_timeout,
                      options.low_speed_limit_bytes_per_second,
                      options.low_speed_time,
                      options.verify_tls,
                      options.ca_file,
                      options.user_agent.empty()
                          ? std::string("ossxfer/") + std::string(Version())
                          : options.user_agent,
                      std::move(log)};
}

Sender::Sender(const HttpOptions& options,
               std::function<void(std::string_view)> log)
    : retry_(options.retry),
      log_(log),
      pool_(SettingsFor(options, log), options.max_connections) {}

Result<HttpResponse> Sender::Send(const Exchange& exchange) const {
  std::optional<CountingSink> counting;
  if (exchange.sink != nullptr) counting.emplace(exchange.sink);
  std::optional<CountingSource> sent;
  if (exchange.body != nullptr) sent.emplace(exchange.body);
  // A caller that retries for itself (the transfer engine, per part) asks
  // for fewer attempts; never more than the user's policy allows.
  RetryPolicy policy = retry_;
  if (exchange.max_attempts > 0) {
    policy.max_attempts = std::min(policy.max_attempts, exchange.max_attempts);
  }
  RetrySchedule schedule(policy, exchange.cancelled,
                         [this](const std::string& line) {
                           if (log_) log_(line);
                         });
  while (true) {
    // Every attempt sends the body from its start, the first one too: a
    // caller's source that was read before is not sent half-empty.
    if (sent) {
      Status rewound = sent->Rewind();
      if (!rewound.ok()) return rewound;
    }
    Result<HttpResponse> attempt = [&]() -> Result<HttpResponse> {
      Result<HttpRequest> request = exchange.prepare();
      if (!request.ok()) return request.status();
      request->body = sent ? &*sent : nullptr;
      request->cancelled = exchange.cancelled;
      std::optional<ConnectionPool::Lease> connection =
          pool_.Acquire(exchange.cancelled);
      if (!connection) {
        return Status::Cancelled("cancelled while waiting for a connection");
      }
      Result<HttpResponse> response =
          (*connection)
              ->Send(*request, counting ? &*counting : nullptr,
                     exchange.accept_body);
      if (!response.ok()) {
        return exchange.scrub ? exchange.scrub(response.status())
                              : response.status();
      }
      Status judged = exchange.judge
                          ? exchange.judge(*response)
                          : (response->status >= 200 && response->status < 300
                                 ? Status()
                                 : Status::MalformedResponse(fmt::format(
                                       "answered HTTP {}", response->status)));
      if (!judged.ok()) return judged;
      return response;
    }();
    if (attempt.ok()) {
      if (counting) attempt->streamed_bytes = counting->bytes();
      return attempt;
    }
    Status failure = attempt.status();
    bool sink_untouched = !counting || counting->bytes() == 0;
    bool body_unsent = sent && sent->Size() > 0 && sent->bytes() == 0;
    bool retryable = sink_untouched && (exchange.idempotent || body_unsent) &&
                     policy.IsRetryable(failure);
    Status next = schedule.BeforeRetry(failure, retryable);
    if (!next.ok()) return next;
  }
}

}  // namespace ossxfer::http
