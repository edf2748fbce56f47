#include "oss/multipart_etag.h"

#include <fmt/format.h>

#include "ossxfer/object_metadata.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::oss {

std::optional<std::string> CompositeMultipartEtag(
    const std::vector<CompletedPart>& parts) {
  if (parts.empty()) return std::nullopt;
  std::string digests;
  digests.reserve(parts.size() * 16);
  for (const CompletedPart& part : parts) {
    const std::string hex = UnquotedEtag(part.etag);
    if (hex.size() != 32) return std::nullopt;
    std::optional<std::string> digest = util::HexDecode(hex);
    if (!digest) return std::nullopt;
    digests += *digest;
  }
  return MultipartEtagOfPartMd5s(digests);
}

std::string MultipartEtagOfPartMd5s(std::string_view part_md5s) {
  return fmt::format("{}-{}", util::HexLower(util::Md5(part_md5s)),
                     part_md5s.size() / 16);
}

}  // namespace ossxfer::oss
