#include "server/s3_checksums.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "ossxfer/checksum.h"
#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

constexpr char kComposite[] = "COMPOSITE";
constexpr char kFullObject[] = "FULL_OBJECT";

Status InvalidRequest(std::string message) {
  return OssError(400, "InvalidRequest", std::move(message));
}

constexpr auto kS3ChecksumKinds = std::to_array<S3ChecksumKind>({
    {"crc32", "CRC32", 4, ChecksumAlgorithm::kCrc32, std::nullopt},
    {"crc32c", "CRC32C", 4, ChecksumAlgorithm::kCrc32c, std::nullopt},
    {"sha1", "SHA1", 20, std::nullopt, util::DigestAlgorithm::kSha1},
    {"sha256", "SHA256", 32, std::nullopt, util::DigestAlgorithm::kSha256},
});

}  // namespace

const S3ChecksumKind* FindS3ChecksumKind(std::string_view name) {
  for (const S3ChecksumKind& kind : kS3ChecksumKinds) {
    if (util::EqualsIgnoringAsciiCase(kind.name, name)) return &kind;
  }
  return nullptr;
}

std::string ChecksumOfBytes(const S3ChecksumKind& kind,
                            std::string_view bytes) {
  if (kind.crc) {
    return util::BigEndianBytes(
        ChecksumUpdate(*kind.crc, bytes.data(), bytes.size()), kind.size);
  }
  util::DigestStream digest(*kind.digest);
  digest.Update(bytes.data(), bytes.size());
  return digest.Finish();
}

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
  const S3ChecksumKind* kind = FindS3ChecksumKind(checksum.algorithm);
  if (kind == nullptr) {
    return InvalidRequest(fmt::format(
        "Checksum algorithm provided is unsupported: {} (use CRC32, CRC32C, "
        "SHA1 or SHA256)",
        *algorithm));
  }
  if (checksum.type != kComposite && checksum.type != kFullObject) {
    return InvalidRequest(fmt::format(
        "x-amz-checksum-type must be COMPOSITE or FULL_OBJECT, not {}", *type));
  }
  if (checksum.type == kFullObject && !kind->crc) {
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
  const S3ChecksumKind* kind = FindS3ChecksumKind(upload.algorithm);
  if (!complete || kind == nullptr) return StoredChecksum{};
  if (upload.type == kFullObject && kind->crc) {
    const ChecksumAlgorithm crc = *kind->crc;
    uint64_t value = util::FromBigEndianBytes(parts.front().checksum);
    for (size_t i = 1; i < parts.size(); ++i) {
      value = ChecksumCombine(crc, value,
                              util::FromBigEndianBytes(parts[i].checksum),
                              parts[i].size);
    }
    return {upload.algorithm, kFullObject,
            util::Base64Encode(util::BigEndianBytes(value, kind->size))};
  }
  std::string concatenated;
  for (const PartChecksum& part : parts) concatenated += part.checksum;
  return {upload.algorithm, kComposite,
          fmt::format("{}-{}",
                      util::Base64Encode(ChecksumOfBytes(*kind, concatenated)),
                      parts.size())};
}

StoredChecksum FullObjectChecksum(const std::string& algorithm,
                                  const std::string& raw) {
  if (algorithm.empty()) return StoredChecksum{};
  return {util::AsciiUpper(algorithm), kFullObject, util::Base64Encode(raw)};
}

std::optional<std::string_view> ChecksumHeaderAlgorithm(
    std::string_view lower_name) {
  constexpr std::string_view kPrefix = "x-amz-checksum-";
  if (!lower_name.starts_with(kPrefix)) return std::nullopt;
  const std::string_view algorithm = lower_name.substr(kPrefix.size());
  if (algorithm == "algorithm" || algorithm == "type" || algorithm == "mode") {
    return std::nullopt;
  }
  return algorithm;
}

std::optional<StoredChecksum> ClaimedObjectChecksum(
    const ServerRequest& request) {
  if (request.dialect != WireDialect::kS3) return std::nullopt;
  for (const auto& [name, value] : request.headers) {
    const std::string lower = util::AsciiLower(name);
    const std::optional<std::string_view> algorithm =
        ChecksumHeaderAlgorithm(lower);
    // One serve does not compute is refused before (s3_wire.cc).
    const S3ChecksumKind* kind =
        algorithm ? FindS3ChecksumKind(*algorithm) : nullptr;
    if (kind == nullptr) continue;
    return StoredChecksum{
        std::string(kind->label),
        util::AsciiUpper(request.Header("x-amz-checksum-type").value_or("")),
        value};
  }
  return std::nullopt;
}

Status CheckClaimedObjectChecksum(const StoredChecksum& computed,
                                  const StoredChecksum& claimed) {
  if (computed.algorithm != claimed.algorithm) {
    return InvalidRequest(fmt::format(
        "The upload's parts give the object {} checksum; the complete "
        "request names {}",
        computed.algorithm.empty() ? std::string("no")
                                   : "a " + computed.algorithm,
        claimed.algorithm));
  }
  if (!claimed.type.empty() && claimed.type != computed.type) {
    return InvalidRequest(fmt::format(
        "The upload was created with checksum type {}; the complete request "
        "names {}",
        computed.type, claimed.type));
  }
  auto bare = [](std::string_view value) {
    return value.substr(0, value.find('-'));
  };
  if (bare(computed.value) != bare(claimed.value)) {
    return OssError(
        400, "BadDigest",
        fmt::format("The {} you specified ({}) did not match the calculated "
                    "checksum of the parts ({})",
                    computed.algorithm, claimed.value, computed.value));
  }
  return Status();
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
