#include "oss/dialect.h"

namespace ossxfer::oss {
namespace {

// "cn-hangzhou" from "oss-cn-hangzhou.aliyuncs.com" or
// "oss-cn-hangzhou-internal.aliyuncs.com"; the global accelerate hosts and
// anything else name no region (oss-protocol.md §9).
std::string OssRegionFromHost(std::string_view host) {
  constexpr std::string_view kSuffix = ".aliyuncs.com";
  if (!host.starts_with("oss-") || !host.ends_with(kSuffix)) return {};
  host.remove_prefix(4);
  host.remove_suffix(kSuffix.size());
  if (host.ends_with("-internal")) host.remove_suffix(9);
  if (host.find('.') != std::string_view::npos || host == "accelerate" ||
      host == "accelerate-overseas") {
    return {};
  }
  return std::string(host);
}

// "oss-cn-hangzhou" and "cn-hangzhou" both give "cn-hangzhou".
std::string OssNormalizeRegion(std::string_view region) {
  if (region.starts_with("oss-")) region.remove_prefix(4);
  return std::string(region);
}

}  // namespace

// constinit: every field is a constant, so no other static's initialiser
// can see this one unset.
constinit const Dialect kOssDialect{
    .header_prefix = "x-oss-",
    .user_metadata_prefix = "x-oss-meta-",
    .checksum_header = "x-oss-hash-crc64ecma",
    .checksum_algorithm = ChecksumAlgorithm::kCrc64Ecma,
    .request_id_header = "x-oss-request-id",
    .error_ec_header = "x-oss-ec",
    .error_document_header = "x-oss-err",
    .region_from_host = &OssRegionFromHost,
    .normalize_region = &OssNormalizeRegion,
    .signature_v4 = auth::kOssV4Parameters,
};

}  // namespace ossxfer::oss
