#include "transfer/etag_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <thread>

#include "transfer/file_range_checksum.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::transfer {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

// Threads that hash a multipart ETag's parts: one per core, at most four
// (beyond that the file's read-back is the limit).
unsigned EtagCheckThreads() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

constexpr auto kClientPartSizes =
    std::to_array<uint64_t>({5 * kMiB, 8 * kMiB, 15 * kMiB, 16 * kMiB});

bool IsHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
  });
}

uint64_t PartsOf(uint64_t size, uint64_t part_size) {
  return size == 0 ? 1 : (size + part_size - 1) / part_size;
}

}  // namespace

std::vector<uint64_t> CandidatePartSizes(uint64_t size, uint64_t parts,
                                         size_t limit) {
  std::vector<uint64_t> candidates;
  if (parts == 1 && size > 0) candidates.push_back(size);
  for (uint64_t base : kClientPartSizes) {
    // 5 GiB is S3's largest part.
    for (uint64_t part_size = base; part_size <= (uint64_t{5} << 30);
         part_size *= 2) {
      if (PartsOf(size, part_size) == parts) candidates.push_back(part_size);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());
  if (candidates.size() > limit) candidates.resize(limit);
  return candidates;
}

bool EtagCheckNeedsPartLayout(const ObjectMetadata& metadata) {
  const std::string& encryption = metadata.server_side_encryption;
  if (!encryption.empty() && encryption != "AES256") return false;
  const std::string etag = util::AsciiLower(UnquotedEtag(metadata.etag));
  const size_t dash = etag.find('-');
  if (dash == std::string::npos || dash != 32 ||
      !IsHex(std::string_view(etag).substr(0, dash))) {
    return false;
  }
  std::optional<uint64_t> parts = util::ParseUint64(etag.substr(dash + 1));
  return parts && *parts > 0;
}

Result<EtagCheck> CheckEtagOfFile(
    const util::File& file, uint64_t size, const ObjectMetadata& metadata,
    const std::optional<ObjectPartHead>& first_part) {
  EtagCheck check;
  const std::string& encryption = metadata.server_side_encryption;
  if (!encryption.empty() && encryption != "AES256") {
    check.detail = fmt::format(
        "its ETag is not the MD5 of its bytes (server-side encryption {})",
        encryption);
    return check;
  }
  const std::string etag = util::AsciiLower(UnquotedEtag(metadata.etag));
  const size_t dash = etag.find('-');
  const std::string_view digest = std::string_view(etag).substr(0, dash);
  if (digest.size() != 32 || !IsHex(digest)) {
    check.detail = fmt::format("its ETag {} is not an MD5", metadata.etag);
    return check;
  }
  if (dash == std::string::npos) {
    ASSIGN_OR_RETURN(std::string md5, Md5OfFileRange(file, 0, size));
    check.verdict = util::HexLower(md5) == etag ? EtagVerdict::kVerified
                                                : EtagVerdict::kMismatch;
    check.detail = fmt::format(
        "the file's MD5 {} {} the object's ETag", util::HexLower(md5),
        check.verdict == EtagVerdict::kVerified ? "is" : "is not");
    return check;
  }
  std::optional<uint64_t> parts = util::ParseUint64(etag.substr(dash + 1));
  // The store's layout, when its answer gives the ETag's N parts: then it
  // is the one layout to try (guessing more would only cost more MD5s of
  // the whole file).
  std::string store_note;
  std::vector<uint64_t> candidates;
  if (!first_part) {
    store_note = "the store told no part size";
  } else if (parts && *parts > 0 && first_part->size > 0 &&
             PartsOf(size, first_part->size) == *parts &&
             first_part->parts_count.value_or(*parts) == *parts) {
    candidates.push_back(first_part->size);
    check.part_size_source = EtagPartSizeSource::kStore;
  } else if (!first_part->parts_count) {
    store_note = fmt::format(
        "the store ignores HEAD ?partNumber=1 (it answered {} bytes and no "
        "parts count)",
        first_part->size);
  } else {
    store_note = fmt::format(
        "the store's HEAD ?partNumber=1 ({} bytes, {} parts) does not lay "
        "out {} bytes in {} parts",
        first_part->size, *first_part->parts_count, size,
        etag.substr(dash + 1));
  }
  if (candidates.empty()) {
    if (parts && *parts > 0) candidates = CandidatePartSizes(size, *parts);
    check.part_size_source = EtagPartSizeSource::kGuess;
  }
  if (candidates.empty()) {
    check.part_size_source = EtagPartSizeSource::kNone;
    check.detail = fmt::format(
        "its multipart ETag {} names {} parts, {}, and no part size S3 "
        "clients use lays out {} bytes so",
        metadata.etag, etag.substr(dash + 1), store_note, size);
    return check;
  }
  const bool from_store = check.part_size_source == EtagPartSizeSource::kStore;
  const std::string how =
      from_store ? "the part size the store answered to HEAD ?partNumber=1"
                 : fmt::format("part sizes S3 clients use, as {}", store_note);
  std::vector<std::string> etags;
  if (candidates.size() == 1) {
    // One layout (the store's, usually): its parts hashed side by side.
    ASSIGN_OR_RETURN(
        std::string one,
        MultipartEtagOfFile(file, size, candidates[0], EtagCheckThreads()));
    etags.push_back(std::move(one));
  } else {
    ASSIGN_OR_RETURN(etags, MultipartEtagsOfFile(file, size, candidates));
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (etags[i] == etag) {
      check.verdict = EtagVerdict::kVerified;
      check.part_size = candidates[i];
      check.detail = fmt::format(
          "the file's MD5s in parts of {} bytes ({}) give the object's "
          "multipart ETag",
          candidates[i],
          from_store ? how : "a part size S3 clients use; " + store_note);
      return check;
    }
  }
  check.part_size_source = EtagPartSizeSource::kNone;
  check.detail = fmt::format(
      "its multipart ETag {} is not what parts of {} give ({}; its part "
      "sizes may vary)",
      metadata.etag, fmt::join(candidates, ", "), how);
  return check;
}

}  // namespace ossxfer::transfer
