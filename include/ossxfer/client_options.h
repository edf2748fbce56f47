// How a Client reaches OSS: endpoint, region, credentials, timeouts, TLS.
#ifndef OSSXFER_CLIENT_OPTIONS_H_
#define OSSXFER_CLIENT_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ossxfer/credentials.h"
#include "ossxfer/retry_policy.h"

namespace ossxfer {

enum class SignatureVersion { kV1 = 1, kV4 = 4 };

struct ClientOptions {
  // "oss-cn-hangzhou.aliyuncs.com", "https://oss-cn-hangzhou.aliyuncs.com"
  // or "http://127.0.0.1:9000". Without a scheme, https is used.
  std::string endpoint;
  // The bare region id ("cn-hangzhou") for V4 signatures. When empty it is
  // taken from an "oss-<region>[-internal].aliyuncs.com" endpoint; an
  // "oss-" prefix is stripped.
  std::string region;
  SignatureVersion signature_version = SignatureVersion::kV4;
  // Path style (/bucket/key) instead of virtual-hosted (bucket.endpoint).
  // Always used for IP-literal and localhost endpoints.
  bool use_path_style = false;
  // nullptr: the environment (OSS_ACCESS_KEY_ID, ...).
  std::shared_ptr<CredentialsProvider> credentials;

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

  RetryPolicy retry;
  std::string user_agent;  // empty: "ossxfer/<version>"

  // Receives one line per request and per response (method, URL, status,
  // headers) with every secret redacted. Empty: no logging.
  std::function<void(std::string_view line)> log;
};

}  // namespace ossxfer

#endif  // OSSXFER_CLIENT_OPTIONS_H_
