#include "server/error_codes.h"

#include <fmt/format.h>

#include <utility>

namespace ossxfer::server {

std::string DefaultErrorEc(std::string_view code, int http_status) {
  // Where one code has several ECs (MalformedXML of a Complete body and of
  // a Delete body), the one of the operation serve answers it for most.
  static constexpr std::pair<std::string_view, std::string_view> kKnown[] = {
      {"SignatureDoesNotMatch", "0002-00000040"},
      {"RequestTimeTooSkewed", "0002-00000504"},
      {"InvalidAccessKeyId", "0002-00000902"},
      {"CallbackFailed", "0007-00000203"},
      {"NoSuchBucket", "0015-00000101"},
      {"BucketAlreadyExists", "0015-00000104"},
      {"BucketNotEmpty", "0015-00000301"},
      {"PreconditionFailed", "0017-00001001"},
      {"NoSuchKey", "0026-00000001"},
      {"NoSuchVersion", "0012-00000203"},
      {"FileAlreadyExists", "0026-00000002"},
      {"InvalidTargetType", "0026-00000011"},
      {"SymlinkTargetNotExist", "0026-00000012"},
      {"PositionNotEqualToLength", "0026-00000016"},
      {"ObjectNotAppendable", "0026-00000017"},
      {"InvalidTag", "0010-00000217"},
      {"NoSuchUpload", "0042-00000002"},
      {"MalformedXML", "0042-00000205"},
      {"InvalidPartOrder", "0042-00000209"},
      {"EntityTooSmall", "0042-00000213"},
      // The emulator's EC for NotImplemented that oss-protocol-2.md §11.5
      // proposes (OSS has none for it).
      {"NotImplemented", "0000-00000501"},
  };
  for (const auto& [known_code, ec] : kKnown) {
    if (known_code == code) return std::string(ec);
  }
  return fmt::format("0000-{:08d}", http_status);
}

}  // namespace ossxfer::server
