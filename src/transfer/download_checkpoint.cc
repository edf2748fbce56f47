#include "transfer/download_checkpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "transfer/checkpoint_fields.h"
#include "transfer/checkpoint_file.h"
#include "util/file.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {
namespace {

using checkpoint_fields::AlgorithmJson;
using checkpoint_fields::ChecksumJson;
using checkpoint_fields::Field;
using checkpoint_fields::GetBoolOr;
using checkpoint_fields::GetInt64;
using checkpoint_fields::GetOptionalAlgorithm;
using checkpoint_fields::GetOptionalChecksum;
using checkpoint_fields::GetOptionalUint64;
using checkpoint_fields::GetString;
using checkpoint_fields::GetUint64;
using nlohmann::json;

constexpr std::string_view kFormat = "ossxfer-download";
// Version 1: round 1's, CRC-64/ECMA only. Version 2: algorithms named.
constexpr CheckpointVersions kVersions{1, 2};

Status Corrupt(std::string reason) {
  return Status::DataCorruption(std::move(reason));
}

// The name of a part's checksum field in `version`.
std::string_view PartChecksumField(int version) {
  return version == 1 ? "crc64" : "checksum";
}

Result<std::vector<DownloadCheckpoint::Part>> GetParts(const json& object,
                                                       int version) {
  ASSIGN_OR_RETURN(const json* value, Field(object, "parts"));
  if (!value->is_array()) return Corrupt("field \"parts\" is not an array");
  std::vector<DownloadCheckpoint::Part> parts;
  parts.reserve(value->size());
  for (const json& entry : *value) {
    if (!entry.is_object()) {
      return Corrupt(fmt::format("part {} is not an object", parts.size()));
    }
    DownloadCheckpoint::Part part;
    ASSIGN_OR_RETURN(part.done, GetUint64(entry, "done"));
    ASSIGN_OR_RETURN(part.checksum,
                     GetUint64(entry, PartChecksumField(version)));
    parts.push_back(part);
  }
  return parts;
}

// Every field present and of the right kind; no cross-field checks yet.
Result<DownloadCheckpoint> FromBody(const json& body, int version) {
  DownloadCheckpoint checkpoint;
  ASSIGN_OR_RETURN(checkpoint.endpoint, GetString(body, "endpoint"));
  ASSIGN_OR_RETURN(checkpoint.bucket, GetString(body, "bucket"));
  ASSIGN_OR_RETURN(checkpoint.key, GetString(body, "key"));
  ASSIGN_OR_RETURN(checkpoint.version_id, GetString(body, "version_id"));
  ASSIGN_OR_RETURN(checkpoint.range_first, GetUint64(body, "range_first"));
  ASSIGN_OR_RETURN(checkpoint.range_last, GetUint64(body, "range_last"));
  ASSIGN_OR_RETURN(checkpoint.destination, GetString(body, "destination"));
  ASSIGN_OR_RETURN(checkpoint.part_size, GetUint64(body, "part_size"));
  ASSIGN_OR_RETURN(checkpoint.object_size, GetUint64(body, "object_size"));
  ASSIGN_OR_RETURN(checkpoint.etag, GetString(body, "etag"));
  ASSIGN_OR_RETURN(checkpoint.last_modified_unix,
                   GetInt64(body, "last_modified_unix"));
  if (version == 1) {
    // Round 1 knew one algorithm: every value is a CRC-64/ECMA.
    ASSIGN_OR_RETURN(std::optional<uint64_t> object_crc64,
                     GetOptionalUint64(body, "object_crc64"));
    if (object_crc64) {
      checkpoint.object_checksum =
          Checksum{ChecksumAlgorithm::kCrc64Ecma, *object_crc64};
    }
    ASSIGN_OR_RETURN(bool parts_have_crc64,
                     GetBoolOr(body, "parts_have_crc64", true));
    checkpoint.parts_algorithm =
        parts_have_crc64 ? std::optional(ChecksumAlgorithm::kCrc64Ecma)
                         : std::nullopt;
  } else {
    ASSIGN_OR_RETURN(checkpoint.object_checksum,
                     GetOptionalChecksum(body, "object_checksum"));
    ASSIGN_OR_RETURN(checkpoint.parts_algorithm,
                     GetOptionalAlgorithm(body, "parts_algorithm"));
  }
  ASSIGN_OR_RETURN(checkpoint.parts, GetParts(body, version));
  return checkpoint;
}

// The parts must be exactly those of the range at part_size, each no
// further along than its own size; otherwise resuming would trust bytes
// that were never written or write outside the range.
Status Validate(const DownloadCheckpoint& checkpoint) {
  if (checkpoint.part_size == 0) return Corrupt("part_size is 0");
  uint64_t length = 0;
  if (checkpoint.object_size > 0) {
    if (checkpoint.range_first > checkpoint.range_last ||
        checkpoint.range_last >= checkpoint.object_size) {
      return Corrupt(
          fmt::format("range {}-{} is not within an object of {} bytes",
                      checkpoint.range_first, checkpoint.range_last,
                      checkpoint.object_size));
    }
    // Cannot overflow: range_last < object_size <= UINT64_MAX.
    length = checkpoint.range_last - checkpoint.range_first + 1;
  }
  // Computed, not planned: a hostile part_size of 1 must not allocate.
  const uint64_t expected_parts = length / checkpoint.part_size +
                                  (length % checkpoint.part_size != 0 ? 1 : 0);
  if (checkpoint.parts.size() != expected_parts) {
    return Corrupt(fmt::format(
        "{} parts recorded, but {} bytes at part size {} make {} parts",
        checkpoint.parts.size(), length, checkpoint.part_size, expected_parts));
  }
  for (size_t i = 0; i < checkpoint.parts.size(); ++i) {
    const uint64_t start = i * checkpoint.part_size;
    const uint64_t size = std::min(checkpoint.part_size, length - start);
    if (checkpoint.parts[i].done > size) {
      return Corrupt(fmt::format("part {} has {} bytes done of its {}", i,
                                 checkpoint.parts[i].done, size));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string SerializeDownloadCheckpoint(const DownloadCheckpoint& checkpoint) {
  constexpr ChecksumAlgorithm kCrc64 = ChecksumAlgorithm::kCrc64Ecma;
  const bool crc64_only =
      (!checkpoint.object_checksum ||
       checkpoint.object_checksum->algorithm == kCrc64) &&
      (!checkpoint.parts_algorithm || *checkpoint.parts_algorithm == kCrc64);
  const int version = crc64_only ? 1 : 2;
  json parts = json::array();
  for (const DownloadCheckpoint::Part& part : checkpoint.parts) {
    parts.push_back(
        {{"done", part.done}, {PartChecksumField(version), part.checksum}});
  }
  json body = {
      {"endpoint", checkpoint.endpoint},
      {"bucket", checkpoint.bucket},
      {"key", checkpoint.key},
      {"version_id", checkpoint.version_id},
      {"range_first", checkpoint.range_first},
      {"range_last", checkpoint.range_last},
      {"destination", checkpoint.destination},
      {"part_size", checkpoint.part_size},
      {"object_size", checkpoint.object_size},
      {"etag", checkpoint.etag},
      {"last_modified_unix", checkpoint.last_modified_unix},
      {"parts", std::move(parts)},
  };
  if (version == 1) {
    body["object_crc64"] = checkpoint.object_checksum
                               ? json(checkpoint.object_checksum->value)
                               : json(nullptr);
    body["parts_have_crc64"] = checkpoint.parts_algorithm.has_value();
  } else {
    body["object_checksum"] = ChecksumJson(checkpoint.object_checksum);
    body["parts_algorithm"] = AlgorithmJson(checkpoint.parts_algorithm);
  }
  return SealCheckpoint(kFormat, version, body);
}

Result<DownloadCheckpoint> ParseDownloadCheckpoint(std::string_view text) {
  return ParseSealedCheckpoint<DownloadCheckpoint>(text, kFormat, kVersions,
                                                   &FromBody, &Validate);
}

Status SaveDownloadCheckpoint(const std::filesystem::path& path,
                              const DownloadCheckpoint& checkpoint,
                              util::FileSystem& file_system) {
  return util::WriteFileAtomically(
      path, SerializeDownloadCheckpoint(checkpoint), file_system);
}

Result<std::optional<DownloadCheckpoint>> LoadDownloadCheckpoint(
    const std::filesystem::path& path) {
  return LoadCheckpointFile<DownloadCheckpoint>(path, &ParseDownloadCheckpoint);
}

}  // namespace ossxfer::transfer
