#include "oss/stored_checksum.h"

#include <fmt/format.h>
#include <strings.h>

#include <array>
#include <string>

#include "util/encoding.h"

namespace ossxfer::oss {
namespace {

struct StoredAlgorithm {
  std::string_view header;
  ChecksumAlgorithm algorithm;
};

// CRC-32C first: a store that keeps both (none known) is asked for the
// stronger one.
constexpr auto kStoredAlgorithms = std::to_array<StoredAlgorithm>({
    {"x-amz-checksum-crc32c", ChecksumAlgorithm::kCrc32c},
    {"x-amz-checksum-crc32", ChecksumAlgorithm::kCrc32},
});

// "<hex>-N": the ETag of a multipart object (s3-protocol.md §5.2).
bool IsMultipartEtag(std::string_view etag) {
  return etag.find('-') != std::string_view::npos;
}

}  // namespace

Result<std::optional<Checksum>> ParseStoredChecksum(
    const http::HttpResponse& response, std::string_view etag) {
  const std::string type = response.Header("x-amz-checksum-type").value_or("");
  const bool full_object = strcasecmp(type.c_str(), "FULL_OBJECT") == 0;
  if (!full_object && (!type.empty() || IsMultipartEtag(etag))) {
    // COMPOSITE (or a type not known here), or untyped on a multipart
    // object as moto answers its COMPOSITE value: not the whole object's.
    return std::optional<Checksum>();
  }
  for (const StoredAlgorithm& stored : kStoredAlgorithms) {
    std::optional<std::string> value = response.Header(stored.header);
    if (!value) continue;
    // A composite value keeps its "-N" even where the type is missing.
    if (value->find('-') != std::string::npos) continue;
    std::optional<std::string> bytes = util::Base64Decode(*value);
    if (!bytes || bytes->size() != 4) {
      return Status::MalformedResponse(
          fmt::format("{} is not the base64 of a 4-byte CRC: \"{}\"",
                      stored.header, *value));
    }
    // Big-endian on the wire (§5.7).
    return std::optional<Checksum>(
        Checksum{stored.algorithm, util::FromBigEndianBytes(*bytes)});
  }
  return std::optional<Checksum>();
}

}  // namespace ossxfer::oss
