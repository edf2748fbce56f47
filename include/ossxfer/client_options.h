// How a Client reaches its store: dialect, endpoint, region, credentials,
// timeouts, TLS.
#ifndef OSSXFER_CLIENT_OPTIONS_H_
#define OSSXFER_CLIENT_OPTIONS_H_

#include <memory>
#include <string>

#include "ossxfer/credentials.h"
#include "ossxfer/http_options.h"

namespace ossxfer {

enum class SignatureVersion { kV1 = 1, kV4 = 4 };

// The protocol a store speaks. One transfer engine carries both; what
// differs (header names, signatures, errors, checksums) is the client's.
enum class StoreDialect {
  kOss,  // Alibaba Cloud OSS, and `ossxfer serve`
  kS3,   // Amazon S3 and S3-compatible stores (Ceph RGW, MinIO, moto)
};

// Where and as whom a Client talks to its store; how it talks HTTP (timeouts,
// TLS, retries, log) is the HttpOptions part.
struct ClientOptions : HttpOptions {
  StoreDialect dialect = StoreDialect::kOss;
  // "oss-cn-hangzhou.aliyuncs.com", "https://oss-cn-hangzhou.aliyuncs.com"
  // or "http://127.0.0.1:9000". Without a scheme, https is used. S3 only:
  // empty means AWS's own endpoint for the region
  // (https://s3.<region>.amazonaws.com).
  std::string endpoint;
  // The bare region id ("cn-hangzhou") for V4 signatures. When empty it is
  // taken from an "oss-<region>[-internal].aliyuncs.com" endpoint; an
  // "oss-" prefix is stripped. S3: taken from an
  // "s3.<region>.amazonaws.com" endpoint, else us-east-1.
  std::string region;
  // S3 is signed with V4 only.
  SignatureVersion signature_version = SignatureVersion::kV4;
  // Path style (/bucket/key) instead of virtual-hosted (bucket.endpoint).
  // Always used for IP-literal and localhost endpoints.
  bool use_path_style = false;
  // nullptr: the environment (OSS_ACCESS_KEY_ID, ...).
  std::shared_ptr<CredentialsProvider> credentials;
};

}  // namespace ossxfer

#endif  // OSSXFER_CLIENT_OPTIONS_H_
