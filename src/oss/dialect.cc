#include "oss/dialect.h"

#include <vector>

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

std::string OssEndpointForRegion(std::string_view) { return {}; }

// "us-west-2" from "s3.us-west-2.amazonaws.com",
// "bkt.s3.us-west-2.amazonaws.com", "s3.dualstack.us-west-2.amazonaws.com"
// and the legacy "s3-us-west-2.amazonaws.com"; nothing from the global
// "s3.amazonaws.com" (us-east-1 by default) or from any other host
// (s3-protocol.md §1.1).
std::string S3RegionFromHost(std::string_view host) {
  constexpr std::string_view kSuffix = ".amazonaws.com";
  if (!host.ends_with(kSuffix)) return {};
  host.remove_suffix(kSuffix.size());
  std::vector<std::string_view> labels;
  while (!host.empty()) {
    const size_t dot = host.find('.');
    labels.push_back(host.substr(0, dot));
    host = dot == std::string_view::npos ? std::string_view()
                                         : host.substr(dot + 1);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].starts_with("s3-") && i + 1 == labels.size()) {
      return std::string(labels[i].substr(3));
    }
    if (labels[i] != "s3") continue;
    size_t next = i + 1;
    if (next < labels.size() && labels[next] == "dualstack") ++next;
    if (next + 1 == labels.size()) return std::string(labels[next]);
    return {};
  }
  return {};
}

std::string S3NormalizeRegion(std::string_view region) {
  return std::string(region);
}

std::string S3EndpointForRegion(std::string_view region) {
  return "https://s3." + std::string(region) + ".amazonaws.com";
}

}  // namespace

// constinit: every field is a constant, so no other static's initialiser
// can see this one unset.
constinit const Dialect kOssDialect{
    .kind = StoreDialect::kOss,
    .store_name = "OSS",
    .url_scheme = "oss",
    .header_prefix = "x-oss-",
    .user_metadata_prefix = "x-oss-meta-",
    .object_acl_header = "x-oss-object-acl",
    .checksum_header = "x-oss-hash-crc64ecma",
    .checksum_algorithm = ChecksumAlgorithm::kCrc64Ecma,
    .recorded_checksum_metadata = "",
    .checksum_mode_header = "",
    .has_part_number_reads = false,
    .sends_content_md5 = false,
    .composite_multipart_etag = false,
    .may_fail_after_200 = false,
    .request_id_header = "x-oss-request-id",
    .error_ec_header = "x-oss-ec",
    .error_document_header = "x-oss-err",
    .region_from_host = &OssRegionFromHost,
    .normalize_region = &OssNormalizeRegion,
    .default_region = "",
    .endpoint_for_region = &OssEndpointForRegion,
    .signature_v4 = auth::kOssV4Parameters,
    .has_signature_v1 = true,
    .has_oss_extensions = true,
    .bucket_names_may_have_dots = false,
};

constinit const Dialect kS3Dialect{
    .kind = StoreDialect::kS3,
    .store_name = "S3",
    .url_scheme = "s3",
    .header_prefix = "x-amz-",
    .user_metadata_prefix = "x-amz-meta-",
    .object_acl_header = "x-amz-acl",
    .checksum_header = "x-amz-meta-ossxfer-crc64ecma",
    .checksum_algorithm = ChecksumAlgorithm::kCrc64Ecma,
    .recorded_checksum_metadata = "ossxfer-crc64ecma",
    .checksum_mode_header = "x-amz-checksum-mode",
    .has_part_number_reads = true,
    .sends_content_md5 = true,
    .composite_multipart_etag = true,
    .may_fail_after_200 = true,
    .request_id_header = "x-amz-request-id",
    .error_ec_header = "",
    .error_document_header = "",
    .region_from_host = &S3RegionFromHost,
    .normalize_region = &S3NormalizeRegion,
    .default_region = "us-east-1",
    .endpoint_for_region = &S3EndpointForRegion,
    .signature_v4 = auth::kAwsV4Parameters,
    .has_signature_v1 = false,
    .has_oss_extensions = false,
    .bucket_names_may_have_dots = true,
};

const Dialect& DialectOf(StoreDialect dialect) {
  return dialect == StoreDialect::kS3 ? kS3Dialect : kOssDialect;
}

}  // namespace ossxfer::oss
