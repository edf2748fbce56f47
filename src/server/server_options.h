// How `ossxfer serve` is configured (its command-line flags).
#ifndef OSSXFER_SERVER_SERVER_OPTIONS_H_
#define OSSXFER_SERVER_SERVER_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "ossxfer/credentials.h"

namespace ossxfer::server {

// Which protocol serve answers: kAuto tells each request's by its signature
// (server/s3_wire.h), the others answer every request in one.
enum class DialectRule { kAuto, kOss, kS3 };

struct ServerOptions {
  std::filesystem::path root;  // where objects and metadata live
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 0;  // 0: the OS picks; printed at start
  // The one account the server knows. Requests must be signed with it
  // (V1 or V4, header or presigned URL) unless `anonymous` is set.
  Credentials credentials;
  bool anonymous = false;
  // With a domain, a Host of "<bucket>.<domain>[:port]" addresses the
  // bucket (virtual-hosted style); path style always works.
  std::string domain;
  // How long POST ?restore takes to make an Archive object readable.
  std::chrono::milliseconds restore_delay{0};
  // The bucket whose keys name sizes ("1073741824", "big/2GiB.bin" is not:
  // digits only, optionally with a ".bin" suffix) and serve deterministic
  // pseudo-random content of that size without storing it. Empty: none.
  std::string synthetic_bucket = "synthetic";
  // Fault rules (JSON) loaded at start; see fault_rules.h.
  std::filesystem::path faults_file;
  // The status of the NotImplemented answer to an OSS sub-resource serve
  // does not implement: 501, or 400 for SDKs that retry every 5xx (a
  // header serve does not implement is always 400, as OSS answers it).
  int not_implemented_status = 501;
  // The region serve says it is in (GetBucketInfo, GetBucketLocation),
  // without the oss- prefix.
  std::string region = "cn-hangzhou";
  DialectRule dialect_rule = DialectRule::kAuto;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SERVER_OPTIONS_H_
