#include "server/s3_checksums.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "ossxfer/checksum.h"
#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

constexpr char kComposite[] = "COMPOSITE";
constexpr char kFullObject[] = "FULL_OBJECT";

// The CRC algorithms S3 combines into FULL_OBJECT values.
std::optional<ChecksumAlgorithm> CrcOf(std::string_view algorithm) {
  if (algorithm == "CRC32") return ChecksumAlgorithm::kCrc32;
  if (algorithm == "CRC32C") return ChecksumAlgorithm::kCrc32c;
  return std::nullopt;
}

std::optional<util::DigestAlgorithm> DigestOf(std::string_view algorithm) {
  if (algorithm == "SHA1") return util::DigestAlgorithm::kSha1;
  if (algorithm == "SHA256") return util::DigestAlgorithm::kSha256;
  return std::nullopt;
}

// The raw checksum of `bytes` by S3's algorithm name.
std::string ChecksumOfBytes(const std::string& algorithm,
                            const std::string& bytes) {
  if (std::optional<ChecksumAlgorithm> crc = CrcOf(algorithm)) {
    return util::BigEndianBytes(
        ChecksumUpdate(*crc, bytes.data(), bytes.size()), 4);
  }
  util::DigestStream digest(*DigestOf(algorithm));
  digest.Update(bytes.data(), bytes.size());
  return digest.Finish();
}

Status InvalidRequest(std::string message) {
  return OssError(400, "InvalidRequest", std::move(message));
}

}  // namespace

Result<UploadChecksum> UploadChecksumOf(const ServerRequest& request,
                                        int not_implemented_status) {
  if (request.dialect != WireDialect::kS3) return UploadChecksum{};
  std::optional<std::string> algorithm =
      request.Header("x-amz-checksum-algorithm");
  std::optional<std::string> type = request.Header("x-amz-checksum-type");
  if (!algorithm) {
    if (type) {
      return InvalidRequest(
          "x-amz-checksum-type needs x-amz-checksum-algorithm");
    }
    return UploadChecksum{};
  }
  UploadChecksum checksum{util::AsciiUpper(*algorithm),
                          type ? util::AsciiUpper(*type) : kComposite};
  if (checksum.algorithm == "CRC64NVME") {
    return OssError(not_implemented_status, "NotImplemented",
                    "serve does not compute CRC64NVME checksums (it keeps "
                    "CRC32, CRC32C, SHA1 and SHA256)");
  }
  if (!CrcOf(checksum.algorithm) && !DigestOf(checksum.algorithm)) {
    return InvalidRequest(fmt::format(
        "Checksum algorithm provided is unsupported: {} (use CRC32, CRC32C, "
        "SHA1 or SHA256)",
        *algorithm));
  }
  if (checksum.type != kComposite && checksum.type != kFullObject) {
    return InvalidRequest(fmt::format(
        "x-amz-checksum-type must be COMPOSITE or FULL_OBJECT, not {}", *type));
  }
  if (checksum.type == kFullObject && !CrcOf(checksum.algorithm)) {
    return InvalidRequest(fmt::format(
        "The FULL_OBJECT checksum type cannot be used with the {} algorithm "
        "(only CRCs combine)",
        checksum.algorithm));
  }
  return checksum;
}

StoredChecksum ObjectChecksumOfParts(const UploadChecksum& upload,
                                     const std::vector<PartChecksum>& parts) {
  const bool complete =
      !upload.algorithm.empty() && !parts.empty() &&
      std::ranges::none_of(parts, [](const PartChecksum& part) {
        return part.checksum.empty();
      });
  if (!complete) return StoredChecksum{};
  if (upload.type == kFullObject) {
    const ChecksumAlgorithm crc = *CrcOf(upload.algorithm);
    uint64_t value = util::FromBigEndianBytes(parts.front().checksum);
    for (size_t i = 1; i < parts.size(); ++i) {
      value = ChecksumCombine(crc, value,
                              util::FromBigEndianBytes(parts[i].checksum),
                              parts[i].size);
    }
    return {upload.algorithm, kFullObject,
            util::Base64Encode(util::BigEndianBytes(value, 4))};
  }
  std::string concatenated;
  for (const PartChecksum& part : parts) concatenated += part.checksum;
  return {upload.algorithm, kComposite,
          fmt::format("{}-{}",
                      util::Base64Encode(
                          ChecksumOfBytes(upload.algorithm, concatenated)),
                      parts.size())};
}

StoredChecksum FullObjectChecksum(const std::string& algorithm,
                                  const std::string& raw) {
  if (algorithm.empty()) return StoredChecksum{};
  return {util::AsciiUpper(algorithm), kFullObject, util::Base64Encode(raw)};
}

ResponseHeaders ChecksumResponseHeaders(const StoredChecksum& checksum) {
  if (checksum.algorithm.empty()) return {};
  return {{"x-amz-checksum-" + util::AsciiLower(checksum.algorithm),
           checksum.value},
          {"x-amz-checksum-type", checksum.type}};
}

bool WantsChecksums(const ServerRequest& request) {
  return request.dialect == WireDialect::kS3 &&
         util::AsciiUpper(request.Header("x-amz-checksum-mode").value_or("")) ==
             "ENABLED";
}

}  // namespace ossxfer::server
