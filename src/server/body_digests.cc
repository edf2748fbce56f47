#include "server/body_digests.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "ossxfer/checksum.h"
#include "server/http_exchange.h"
#include "server/s3_checksums.h"
#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

Status InvalidRequest(std::string message) {
  return OssError(400, "InvalidRequest", std::move(message));
}

}  // namespace

Result<ClaimedDigests> ClaimedDigestsOf(const ServerRequest& request,
                                        ChecksumHeadersOf checksums) {
  ClaimedDigests claimed;
  if (std::optional<std::string> header = request.Header("Content-MD5")) {
    claimed.md5 = util::Base64Decode(*header);
    if (!claimed.md5 || claimed.md5->size() != 16) {
      return OssError(400, "InvalidDigest",
                      "The Content-MD5 you specified was invalid.");
    }
  }
  // OSS ignores headers it does not know, x-amz-* included.
  if (request.dialect != WireDialect::kS3) return claimed;
  const std::string payload =
      request.Header("x-amz-content-sha256").value_or("UNSIGNED-PAYLOAD");
  const bool streaming = payload.starts_with("STREAMING-");
  if (payload != "UNSIGNED-PAYLOAD" && !streaming) {
    std::optional<std::string> hash = util::HexDecode(payload);
    if (!hash || hash->size() != 32) {
      return OssError(400, "InvalidArgument",
                      "x-amz-content-sha256 must be the body's SHA-256 in 64 "
                      "hex digits, UNSIGNED-PAYLOAD or a STREAMING- value, "
                      "not '" +
                          payload + "'");
    }
    claimed.sha256 = std::move(hash);
  }
  for (const auto& [name, value] : request.headers) {
    const std::string lower = util::AsciiLower(name);
    const std::optional<std::string_view> named =
        ChecksumHeaderAlgorithm(lower);
    if (checksums == ChecksumHeadersOf::kObject || !named) continue;
    const std::string algorithm(*named);
    const S3ChecksumKind* kind = FindS3ChecksumKind(algorithm);
    if (kind == nullptr) {
      return InvalidRequest(fmt::format(
          "{} is not a checksum serve computes (it takes crc32, crc32c, sha1 "
          "and sha256)",
          name));
    }
    if (!claimed.checksum_algorithm.empty()) {
      return InvalidRequest(
          "Expecting a single x-amz-checksum- header. Multiple checksum "
          "Types are not allowed.");
    }
    std::optional<std::string> raw = util::Base64Decode(value);
    if (!raw || raw->size() != kind->size) {
      return InvalidRequest(fmt::format(
          "Value for x-amz-checksum-{} header is invalid: it must be base64 "
          "of {} bytes",
          algorithm, kind->size));
    }
    claimed.checksum_algorithm = algorithm;
    claimed.checksum = std::move(*raw);
  }
  if (std::optional<std::string> trailer = request.Header("x-amz-trailer")) {
    const std::string lower = util::AsciiLower(*trailer);
    const std::optional<std::string_view> named =
        ChecksumHeaderAlgorithm(lower);
    const S3ChecksumKind* kind = named ? FindS3ChecksumKind(*named) : nullptr;
    if (kind == nullptr || !claimed.checksum_algorithm.empty() || !streaming) {
      return InvalidRequest(fmt::format(
          "x-amz-trailer: {} must name one checksum (x-amz-checksum-crc32, "
          "-crc32c, -sha1 or -sha256), not also sent as a header, of an "
          "aws-chunked body",
          *trailer));
    }
    claimed.checksum_algorithm = std::string(kind->name);
    claimed.checksum_in_trailer = true;
  }
  if (std::optional<std::string> sdk =
          request.Header("x-amz-sdk-checksum-algorithm");
      sdk && checksums == ChecksumHeadersOf::kBody) {
    if (util::AsciiLower(*sdk) != claimed.checksum_algorithm) {
      return InvalidRequest(fmt::format(
          "x-amz-sdk-checksum-algorithm: {} names a checksum the request "
          "does not carry (send x-amz-checksum-{})",
          *sdk, util::AsciiLower(*sdk)));
    }
  }
  return claimed;
}

struct DigestCheckingWriter::Hashers {
  std::optional<util::DigestStream> sha256;
  std::optional<util::DigestStream> checksum_digest;  // sha1, sha256
  std::optional<ChecksumAlgorithm> crc;               // crc32, crc32c
  uint64_t crc_value = 0;
  bool verified = false;
};

DigestCheckingWriter::DigestCheckingWriter(const ClaimedDigests& claimed,
                                           DataWriter& inner)
    : claimed_(claimed), inner_(inner), hashers_(std::make_unique<Hashers>()) {
  if (claimed.sha256) hashers_->sha256.emplace(util::DigestAlgorithm::kSha256);
  if (const S3ChecksumKind* kind =
          FindS3ChecksumKind(claimed.checksum_algorithm)) {
    hashers_->crc = kind->crc;
    if (kind->digest) hashers_->checksum_digest.emplace(*kind->digest);
  }
}

DigestCheckingWriter::~DigestCheckingWriter() = default;

Status DigestCheckingWriter::Append(const char* data, size_t size) {
  RETURN_IF_ERROR(inner_.Append(data, size));
  if (hashers_->sha256) hashers_->sha256->Update(data, size);
  if (hashers_->checksum_digest) hashers_->checksum_digest->Update(data, size);
  if (hashers_->crc) {
    hashers_->crc_value =
        ChecksumUpdate(*hashers_->crc, data, size, hashers_->crc_value);
  }
  return Status();
}

Status DigestCheckingWriter::Verify() {
  if (hashers_->sha256 && hashers_->sha256->Finish() != *claimed_.sha256) {
    return OssError(400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not "
                    "match what was computed.");
  }
  const S3ChecksumKind* kind = FindS3ChecksumKind(claimed_.checksum_algorithm);
  if (kind != nullptr && claimed_.checksum.size() != kind->size) {
    return InvalidRequest(fmt::format(
        "Value for x-amz-checksum-{} trailing header is invalid: it must be "
        "base64 of {} bytes",
        kind->name, kind->size));
  }
  std::optional<std::string> computed;
  if (hashers_->crc)
    computed = util::BigEndianBytes(hashers_->crc_value, kind->size);
  if (hashers_->checksum_digest) {
    computed = hashers_->checksum_digest->Finish();
  }
  if (computed && *computed != claimed_.checksum) {
    return OssError(400, "BadDigest",
                    fmt::format("The {} you specified did not match the "
                                "calculated checksum.",
                                kind->label));
  }
  hashers_->verified = true;
  return Status();
}

ResponseHeaders DigestCheckingWriter::ChecksumHeaders() const {
  if (!hashers_->verified || claimed_.checksum_algorithm.empty()) return {};
  return {{"x-amz-checksum-" + claimed_.checksum_algorithm,
           util::Base64Encode(claimed_.checksum)}};
}

Result<std::string> ReadDigestedBody(const ServerRequest& request,
                                     HttpExchange& exchange, size_t limit,
                                     ChecksumHeadersOf checksums) {
  ASSIGN_OR_RETURN(ClaimedDigests claimed,
                   ClaimedDigestsOf(request, checksums));
  ASSIGN_OR_RETURN(std::string body, exchange.ReadSmallBody(limit));
  if (claimed.md5 && util::Md5(body) != *claimed.md5) {
    return OssError(400, "InvalidDigest", std::string(kDigestMismatchMessage));
  }
  class NullWriter : public DataWriter {
   public:
    Status Append(const char*, size_t) override { return Status(); }
    uint64_t bytes_written() const override { return 0; }
  } null_writer;
  DigestCheckingWriter check(claimed, null_writer);
  RETURN_IF_ERROR(check.Append(body.data(), body.size()));
  RETURN_IF_ERROR(check.Verify());
  return body;
}

}  // namespace ossxfer::server
