// How ossxfer talks HTTP(S), whoever is at the other end: timeouts, TLS,
// retries, the user agent and the request log. A Client takes these as part
// of ClientOptions; DownloadUrl takes them alone.
#ifndef OSSXFER_HTTP_OPTIONS_H_
#define OSSXFER_HTTP_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ossxfer/retry_policy.h"
#include "ossxfer/status.h"

namespace ossxfer {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // A transfer slower than low_speed_limit bytes/s for low_speed_time is
  // aborted as a network error (and retried): a stalled connection never
  // hangs a worker forever.
  uint32_t low_speed_limit_bytes_per_second = 1;
  std::chrono::seconds low_speed_time{30};
  // TLS peer and host verification. Turning it off is for tests against a
  // self-signed server only.
  bool verify_tls = true;
  std::string ca_file;  // empty: the system's CA store
  // Proxies come from the usual http_proxy/https_proxy/no_proxy variables.

  // Connections in flight at once, for every request of the client
  // together (1 to 4096; 0: no cap). A request beyond it waits for a
  // connection to come free, so the threads of many transfers sharing one
  // client (cp -r's files × parts) never open more than this.
  uint32_t max_connections = 0;

  RetryPolicy retry;
  std::string user_agent;  // empty: "ossxfer/<version>"

  // Receives one line per request and per response (method, URL, status,
  // headers) with every secret redacted. Empty: no logging.
  std::function<void(std::string_view line)> log;

  // kInvalidArgument naming the field: the retry policy out of range,
  // low_speed_time under 1 second, or max_connections over 4096.
  Status Validate() const;
};

}  // namespace ossxfer

#endif  // OSSXFER_HTTP_OPTIONS_H_
