#include "server/copy_source.h"

#include <fmt/format.h>

#include <utility>

#include "oss/names.h"
#include "ossxfer/service_error.h"
#include "server/text_excerpt.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace ossxfer::server {
namespace {

constexpr std::string_view kSourceForm =
    "/<bucket>/<url-encoded key>[?versionId=<id>]";

Status InvalidArgument(std::string message, std::string ec = {}) {
  ServiceError error{400, "InvalidArgument", std::move(message), "", "", ""};
  error.ec = std::move(ec);
  return Status::FromServiceError(std::move(error));
}

Status BadSource(std::string_view header, std::string_view problem,
                 std::string ec = {}) {
  return InvalidArgument(
      fmt::format("x-oss-copy-source \"{}\" {}; it must be {}",
                  TextExcerpt(header, 128), problem, kSourceForm),
      std::move(ec));
}

bool IsVersionIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// The query after '?': exactly `versionId=<id>`.
Result<std::string> ParseVersionQuery(std::string_view header,
                                      std::string_view query) {
  constexpr std::string_view kName = "versionId";
  const size_t equals = query.find('=');
  if (query.substr(0, equals) != kName) {
    return BadSource(header,
                     "has a query other than versionId (the only parameter "
                     "a copy source takes)",
                     "0016-00000304");
  }
  const std::string_view id = equals == std::string_view::npos
                                  ? std::string_view()
                                  : query.substr(equals + 1);
  if (id.empty()) {
    return BadSource(header, "has an empty versionId", "0016-00000305");
  }
  if (id.find('&') != std::string_view::npos) {
    return BadSource(header,
                     "has a query other than one versionId (the only "
                     "parameter a copy source takes)",
                     "0016-00000304");
  }
  for (char c : id) {
    if (!IsVersionIdCharacter(c)) {
      return BadSource(header,
                       "has a versionId with a character other than "
                       "letters, digits, '.', '_' and '-'",
                       "0012-00000202");
    }
  }
  return std::string(id);
}

Status BadRange(std::string_view header, uint64_t source_size,
                std::string_view problem, std::string ec = {}) {
  std::string form =
      source_size == 0
          ? std::string(
                "the source is empty, so leave the header out (or "
                "send bytes=0-)")
          : fmt::format(
                "write bytes=<first>-<last> (inclusive) with first <= last "
                "<= {0}, or bytes=<first>- with first <= {0}",
                source_size - 1);
  return InvalidArgument(
      fmt::format("x-oss-copy-source-range \"{}\" {} for a source object of "
                  "{} bytes; {}",
                  TextExcerpt(header), problem, source_size, form),
      std::move(ec));
}

}  // namespace

Result<CopySource> ParseCopySource(std::string_view header) {
  if (header.empty()) return BadSource(header, "is empty");
  if (header.front() != '/') {
    return BadSource(header, "does not start with '/'");
  }
  std::string_view path = header.substr(1);
  CopySource source;
  if (size_t question = path.find('?'); question != std::string_view::npos) {
    Result<std::string> version =
        ParseVersionQuery(header, path.substr(question + 1));
    if (!version.ok()) return version.status();
    source.version_id = std::move(*version);
    path = path.substr(0, question);
  }
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) {
    return BadSource(header, "names no object key after the bucket");
  }
  source.bucket = std::string(path.substr(0, slash));
  if (source.bucket.empty()) return BadSource(header, "names no bucket");
  if (Status valid = oss::ValidateBucketName(source.bucket); !valid.ok()) {
    return BadSource(header, "names an " + TextExcerpt(valid.message(), 256));
  }
  std::optional<std::string> key = util::UriDecode(path.substr(slash + 1));
  if (!key) {
    return BadSource(header,
                     "has a '%' in its key not followed by two hex digits");
  }
  if (key->empty()) return BadSource(header, "names no object key");
  if (Status valid = oss::ValidateObjectKey(*key); !valid.ok()) {
    // The message quotes the key, which may hold any byte.
    return BadSource(header, "names an " + TextExcerpt(valid.message(), 256));
  }
  source.key = std::move(*key);
  return source;
}

Result<ByteRange> ParseCopySourceRange(std::optional<std::string_view> header,
                                       uint64_t source_size) {
  if (!header) return ByteRange{0, source_size};
  constexpr std::string_view kUnit = "bytes=";
  if (header->substr(0, kUnit.size()) != kUnit) {
    return BadRange(*header, source_size, "does not start with bytes=");
  }
  const std::string_view spec = header->substr(kUnit.size());
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return BadRange(*header, source_size, "has no '-'");
  }
  // ParseUint64 takes digits only: no sign, space, second range or
  // overflow gets through.
  const std::optional<uint64_t> first = util::ParseUint64(spec.substr(0, dash));
  const std::string_view last_text = spec.substr(dash + 1);
  const std::optional<uint64_t> last =
      last_text.empty() ? std::nullopt : util::ParseUint64(last_text);
  if (!first || (!last_text.empty() && !last)) {
    return BadRange(*header, source_size,
                    "is not a single range of decimal byte positions");
  }
  if (source_size == 0) {
    if (*first == 0 && !last) return ByteRange{0, 0};
    return BadRange(*header, source_size, "runs past the end", "0042-00000306");
  }
  if (last && *last < *first) {
    return BadRange(*header, source_size, "ends before it starts");
  }
  if (*first >= source_size || (last && *last >= source_size)) {
    return BadRange(*header, source_size, "runs past the end", "0042-00000306");
  }
  const uint64_t end = last ? *last + 1 : source_size;
  return ByteRange{*first, end - *first};
}

}  // namespace ossxfer::server
