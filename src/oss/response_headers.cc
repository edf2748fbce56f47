#include "oss/response_headers.h"

#include <fmt/format.h>
#include <strings.h>

#include <cctype>
#include <limits>
#include <utility>

#include "util/encoding.h"
#include "util/numbers.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::oss {

std::optional<ContentRange> ParseContentRange(std::string_view text) {
  constexpr std::string_view kPrefix = "bytes ";
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  size_t dash = text.find('-');
  size_t slash = text.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos ||
      dash > slash) {
    return std::nullopt;
  }
  auto first = util::ParseUint64(text.substr(0, dash));
  auto last = util::ParseUint64(text.substr(dash + 1, slash - dash - 1));
  auto total = util::ParseUint64(text.substr(slash + 1));
  if (!first || !last || !total || *first > *last || *last >= *total) {
    return std::nullopt;
  }
  return ContentRange{*first, *last, *total};
}

Result<std::optional<uint64_t>> ParseNumberHeader(
    const http::HttpResponse& response, std::string_view name) {
  std::optional<std::string> header = response.Header(name);
  if (!header) return std::optional<uint64_t>();
  std::optional<uint64_t> number = util::ParseUint64(*header);
  if (!number) {
    return Status::MalformedResponse(
        fmt::format("{} is not a decimal number: \"{}\"", name, *header));
  }
  return number;
}

Result<std::optional<Checksum>> ParseChecksumHeader(
    const http::HttpResponse& response, const Dialect& dialect) {
  switch (dialect.checksum_algorithm) {
    case ChecksumAlgorithm::kCrc64Ecma: {
      // OSS writes it as a decimal number.
      ASSIGN_OR_RETURN(std::optional<uint64_t> value,
                       ParseNumberHeader(response, dialect.checksum_header));
      if (!value) return std::optional<Checksum>();
      return std::optional<Checksum>(
          Checksum{ChecksumAlgorithm::kCrc64Ecma, *value});
    }
    case ChecksumAlgorithm::kCrc32c:
    case ChecksumAlgorithm::kCrc32:
      // S3 writes these as base64 of 4 big-endian bytes; the S3 dialect
      // brings that reader with it.
      break;
  }
  return Status::Internal(
      fmt::format("no dialect writes a {} checksum header yet",
                  ChecksumAlgorithmName(dialect.checksum_algorithm)));
}

Result<std::string> ParseSymlinkTarget(const http::HttpResponse& response,
                                       const Dialect& dialect) {
  const std::string name = dialect.Header("symlink-target");
  std::optional<std::string> header = response.Header(name);
  if (!header || header->empty()) {
    return Status::MalformedResponse(
        fmt::format("the answer to GetSymlink has no {} header", name));
  }
  std::optional<std::string> target = util::UriDecode(*header);
  if (!target || target->empty()) {
    return Status::MalformedResponse(
        fmt::format("{} is not a percent-encoded key: \"{}\"", name, *header));
  }
  return std::move(*target);
}

Result<ObjectMetadata> ParseObjectMetadata(const http::HttpResponse& response,
                                           const Dialect& dialect) {
  ObjectMetadata metadata;
  if (auto range = response.Header("Content-Range")) {
    std::optional<ContentRange> parsed = ParseContentRange(*range);
    if (!parsed) {
      return Status::MalformedResponse("bad Content-Range: \"" + *range + "\"");
    }
    metadata.size = parsed->total;
  } else if (auto length = response.Header("Content-Length")) {
    std::optional<uint64_t> size = util::ParseUint64(*length);
    if (!size) {
      return Status::MalformedResponse("bad Content-Length: \"" + *length +
                                       "\"");
    }
    metadata.size = *size;
  }
  Result<std::optional<Checksum>> checksum =
      ParseChecksumHeader(response, dialect);
  if (!checksum.ok()) return checksum.status();
  metadata.checksum = *checksum;
  const std::string tagging_count = dialect.Header("tagging-count");
  Result<std::optional<uint64_t>> tags =
      ParseNumberHeader(response, tagging_count);
  if (!tags.ok()) return tags.status();
  if (tags->value_or(0) > std::numeric_limits<uint32_t>::max()) {
    return Status::MalformedResponse(
        tagging_count + " is out of range: " + std::to_string(**tags));
  }
  metadata.tagging_count = static_cast<uint32_t>(tags->value_or(0));
  if (auto modified = response.Header("Last-Modified")) {
    metadata.last_modified = util::ParseHttpDate(*modified);
    if (!metadata.last_modified) {
      return Status::MalformedResponse("bad Last-Modified: \"" + *modified +
                                       "\"");
    }
  }
  for (const auto& [name, value] : response.headers) {
    std::string lower = name;
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The store's own headers, by their name after the prefix.
    std::string_view own;
    if (lower.starts_with(dialect.header_prefix)) {
      own = std::string_view(lower).substr(dialect.header_prefix.size());
    }
    if (lower == "etag")
      metadata.etag = value;
    else if (own == "version-id")
      metadata.version_id = value;
    else if (lower == "content-type")
      metadata.content_type = value;
    else if (lower == "content-md5")
      metadata.content_md5 = value;
    else if (own == "object-type")
      metadata.object_type = value;
    else if (own == "storage-class")
      metadata.storage_class = value;
    else if (own == "restore")
      metadata.restore = value;
    else if (own == "server-side-encryption")
      metadata.server_side_encryption = value;
    else if (lower == "cache-control")
      metadata.cache_control = value;
    else if (lower == "content-disposition")
      metadata.content_disposition = value;
    else if (lower == "content-encoding")
      metadata.content_encoding = value;
    else if (lower == "expires")
      metadata.expires = value;
    else if (lower.starts_with(dialect.user_metadata_prefix)) {
      metadata
          .user_metadata[lower.substr(dialect.user_metadata_prefix.size())] =
          value;
    }
  }
  return metadata;
}

}  // namespace ossxfer::oss
