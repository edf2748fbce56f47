#include "server/multipart_rules.h"

#include <algorithm>
#include <cctype>

#include "ossxfer/crc64.h"
#include "ossxfer/object_metadata.h"
#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

Status CheckOrder(const std::vector<CompletedPart>& listed) {
  for (size_t i = 1; i < listed.size(); ++i) {
    if (listed[i].part_number <= listed[i - 1].part_number) {
      return InvalidPartOrderError();
    }
  }
  return Status::Ok();
}

// The stored part `wanted` names, if it exists and its ETag matches.
const PartFacts* FindMatching(const std::vector<PartFacts>& stored,
                              const CompletedPart& wanted) {
  auto it = std::lower_bound(stored.begin(), stored.end(), wanted.part_number,
                             [](const PartFacts& part, int number) {
                               return part.part_number < number;
                             });
  if (it == stored.end() || it->part_number != wanted.part_number) {
    return nullptr;
  }
  if (!util::EqualsIgnoringAsciiCase(UnquotedEtag(wanted.etag),
                                     util::HexUpper(it->md5))) {
    return nullptr;
  }
  return &*it;
}

Status CheckSizes(const std::vector<PartFacts>& chosen) {
  for (size_t i = 0; i + 1 < chosen.size(); ++i) {
    if (chosen[i].size < kMinPartSize) return EntityTooSmallError();
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<PartFacts>> SelectParts(
    const std::vector<PartFacts>& stored,
    const std::vector<CompletedPart>& listed, bool all_parts) {
  std::vector<PartFacts> chosen;
  if (all_parts) {
    if (stored.empty()) return InvalidPartError();
    chosen = stored;
  } else {
    if (listed.empty()) return MalformedXmlError();
    Status ordered = CheckOrder(listed);
    if (!ordered.ok()) return ordered;
    for (const CompletedPart& wanted : listed) {
      const PartFacts* part = FindMatching(stored, wanted);
      if (part == nullptr) return InvalidPartError();
      chosen.push_back(*part);
    }
  }
  Status sized = CheckSizes(chosen);
  if (!sized.ok()) return sized;
  return chosen;
}

std::string MultipartEtag(const std::vector<PartFacts>& parts) {
  std::string digests;
  digests.reserve(parts.size() * 16);
  for (const PartFacts& part : parts) digests += part.md5;
  return "\"" + util::HexUpper(util::Md5(digests)) + "-" +
         std::to_string(parts.size()) + "\"";
}

uint64_t MultipartCrc64(const std::vector<PartFacts>& parts) {
  uint64_t crc = 0;
  for (const PartFacts& part : parts) {
    crc = Crc64Combine(crc, part.crc64, part.size);
  }
  return crc;
}

}  // namespace ossxfer::server
