// What makes an HMAC-SHA1 signature OSS's V1 or AWS's V2 (S3). The two are
// one algorithm: VERB, Content-MD5, Content-Type, a date line (the Date
// header, or a presigned URL's Expires), the prefixed headers, then the
// resource, under base64(HMAC-SHA1(secret, ...)). They differ in the names
// and rules gathered here, so SignerV1 takes one of these values.
// References: ../shared/oss-protocol.md §3, ../shared/s3-protocol.md §2.7.
#ifndef OSSXFER_AUTH_V1_PARAMETERS_H_
#define OSSXFER_AUTH_V1_PARAMETERS_H_

#include <string_view>

namespace ossxfer::auth {

// Which query parameters take part in the resource.
enum class SubresourceList {
  kOss,  // the union of OSS SDKs' lists, plus every x-oss-* name
  kS3,   // botocore's HmacV1Auth list
};

struct V1Parameters {
  std::string_view name;                  // for messages: "V1", "V2"
  std::string_view header_prefix;         // of the signed headers
  std::string_view authorization_word;    // "OSS" in "OSS <id>:<signature>"
  std::string_view access_key_id_query;   // a presigned URL's key id
  std::string_view security_token_query;  // and its token
  // The resource's path: OSS signs the raw key ("/bucket/a b"); S3 the
  // URI-encoded path ("/bucket/a%20b").
  bool encodes_resource_path;
  SubresourceList subresources;
};

inline constexpr V1Parameters kOssV1Parameters{
    .name = "V1",
    .header_prefix = "x-oss-",
    .authorization_word = "OSS",
    .access_key_id_query = "OSSAccessKeyId",
    .security_token_query = "security-token",
    .encodes_resource_path = false,
    .subresources = SubresourceList::kOss,
};

// AWS Signature Version 2 as S3 takes it (s3-protocol.md §2.7): what
// botocore presigns with by default in us-east-1. In a presigned URL the
// token, and any x-amz-* header the signer moved into the query, count as
// headers (server/request_authenticator.cc reads them so).
inline constexpr V1Parameters kAwsV2Parameters{
    .name = "V2",
    .header_prefix = "x-amz-",
    .authorization_word = "AWS",
    .access_key_id_query = "AWSAccessKeyId",
    .security_token_query = "x-amz-security-token",
    .encodes_resource_path = true,
    .subresources = SubresourceList::kS3,
};

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_V1_PARAMETERS_H_
