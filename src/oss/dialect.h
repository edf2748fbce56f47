// What a store's protocol spells its own way outside the operations
// themselves: header prefixes, the whole-object checksum, the headers of an
// error answer, how a region is found, and the V4 signature's parameters.
// A client chooses one dialect when it is built (DESIGN.md: "two dialects,
// one engine"); src/transfer never names one. Today there is one, OSS's.
#ifndef OSSXFER_OSS_DIALECT_H_
#define OSSXFER_OSS_DIALECT_H_

#include <string>
#include <string_view>

#include "auth/v4_parameters.h"
#include "ossxfer/checksum.h"

namespace ossxfer::oss {

// Every field views a string literal or names a function: a dialect is a
// constant of the program, referred to for the life of a client.
struct Dialect {
  // Of the store's own request and response headers: "x-oss-".
  std::string_view header_prefix;
  // Of user metadata headers: "x-oss-meta-<name>".
  std::string_view user_metadata_prefix;
  // The whole object's checksum, and how it is computed and written. OSS:
  // CRC-64/ECMA as a decimal number in x-oss-hash-crc64ecma
  // (oss-protocol.md §10).
  std::string_view checksum_header;
  ChecksumAlgorithm checksum_algorithm;
  // The request id of any answer; of an error answer the EC (OSS's
  // pointer into its error documentation) and the error document itself,
  // base64, which is how a HEAD (no body) says what went wrong.
  std::string_view request_id_header;
  std::string_view error_ec_header;
  std::string_view error_document_header;
  // The region named by a host such as "oss-cn-hangzhou.aliyuncs.com";
  // empty when the host does not name one.
  std::string (*region_from_host)(std::string_view host);
  // A region as a user may write it ("oss-cn-hangzhou") in the bare form
  // signatures name ("cn-hangzhou").
  std::string (*normalize_region)(std::string_view region);
  auth::V4Parameters signature_v4;

  // The store's own header of that name: Header("version-id") is
  // "x-oss-version-id".
  std::string Header(std::string_view name) const {
    return std::string(header_prefix) + std::string(name);
  }
};

// Alibaba Cloud OSS (oss-protocol.md).
extern const Dialect kOssDialect;

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_DIALECT_H_
