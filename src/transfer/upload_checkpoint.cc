#include "transfer/upload_checkpoint.h"

#include <fmt/format.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "transfer/checkpoint_fields.h"
#include "transfer/checkpoint_file.h"
#include "transfer/part_plan.h"
#include "util/file.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {
namespace {

using checkpoint_fields::ChecksumJson;
using checkpoint_fields::Field;
using checkpoint_fields::GetInt64;
using checkpoint_fields::GetOptionalChecksum;
using checkpoint_fields::GetString;
using checkpoint_fields::GetStringOr;
using checkpoint_fields::GetUint64;
using checkpoint_fields::GetUint64Or;
using nlohmann::json;

constexpr std::string_view kFormat = "ossxfer-upload";
// Version 1: round 1's, CRC-64/ECMA only. Version 2: algorithms named.
constexpr CheckpointVersions kVersions{1, 2};

Status Corrupt(std::string reason) {
  return Status::DataCorruption(std::move(reason));
}

Result<UploadCheckpoint::Part> GetPart(const json& entry, size_t index,
                                       int version) {
  if (!entry.is_object()) {
    return Corrupt(fmt::format("part {} is not an object", index));
  }
  UploadCheckpoint::Part part;
  // Read as unsigned so a negative or fractional number is named as such,
  // and range-checked before it is narrowed to the struct's int.
  ASSIGN_OR_RETURN(uint64_t number, GetUint64(entry, "number"));
  if (number < 1 || number > kMaxParts) {
    return Corrupt(fmt::format("part {} has number {}, outside 1..{}", index,
                               number, kMaxParts));
  }
  part.number = static_cast<int>(number);
  ASSIGN_OR_RETURN(part.size, GetUint64(entry, "size"));
  ASSIGN_OR_RETURN(part.etag, GetString(entry, "etag"));
  if (version == 1) {
    ASSIGN_OR_RETURN(uint64_t crc64, GetUint64(entry, "crc64"));
    part.checksum = Checksum{ChecksumAlgorithm::kCrc64Ecma, crc64};
  } else {
    ASSIGN_OR_RETURN(part.checksum, GetOptionalChecksum(entry, "checksum"));
  }
  return part;
}

Result<std::vector<UploadCheckpoint::Part>> GetParts(const json& object,
                                                     int version) {
  ASSIGN_OR_RETURN(const json* value, Field(object, "parts"));
  if (!value->is_array()) return Corrupt("field \"parts\" is not an array");
  // More entries than OSS allows parts cannot all be ascending and in
  // range; refusing them up front bounds the work on a hostile file.
  if (value->size() > kMaxParts) {
    return Corrupt(fmt::format("{} parts recorded, more than the {} allowed",
                               value->size(), kMaxParts));
  }
  std::vector<UploadCheckpoint::Part> parts;
  parts.reserve(value->size());
  for (const json& entry : *value) {
    ASSIGN_OR_RETURN(UploadCheckpoint::Part part,
                     GetPart(entry, parts.size(), version));
    parts.push_back(std::move(part));
  }
  return parts;
}

// Every field present and of the right kind; no cross-field checks yet.
Result<UploadCheckpoint> FromBody(const json& body, int version) {
  UploadCheckpoint checkpoint;
  ASSIGN_OR_RETURN(checkpoint.source_path, GetString(body, "source_path"));
  ASSIGN_OR_RETURN(checkpoint.source_size, GetUint64(body, "source_size"));
  ASSIGN_OR_RETURN(checkpoint.source_mtime_ns,
                   GetInt64(body, "source_mtime_ns"));
  ASSIGN_OR_RETURN(checkpoint.source_inode, GetUint64(body, "source_inode"));
  ASSIGN_OR_RETURN(checkpoint.endpoint, GetString(body, "endpoint"));
  ASSIGN_OR_RETURN(checkpoint.bucket, GetString(body, "bucket"));
  ASSIGN_OR_RETURN(checkpoint.key, GetString(body, "key"));
  ASSIGN_OR_RETURN(checkpoint.part_size, GetUint64(body, "part_size"));
  ASSIGN_OR_RETURN(checkpoint.upload_id, GetString(body, "upload_id"));
  ASSIGN_OR_RETURN(checkpoint.initiating_unix_ms,
                   GetUint64Or(body, "initiating_unix_ms", 0));
  ASSIGN_OR_RETURN(checkpoint.source_etag,
                   GetStringOr(body, "source_etag", ""));
  ASSIGN_OR_RETURN(checkpoint.parts, GetParts(body, version));
  return checkpoint;
}

// What resuming relies on: an upload to continue, parts that can be listed
// in CompleteMultipartUpload as they are (strictly ascending numbers), and
// no part claiming more bytes than a part holds.
Status Validate(const UploadCheckpoint& checkpoint) {
  if (checkpoint.part_size == 0) return Corrupt("part_size is 0");
  if (checkpoint.upload_id.empty()) {
    if (checkpoint.initiating_unix_ms == 0) {
      return Corrupt("upload_id is empty");
    }
    if (!checkpoint.parts.empty()) {
      return Corrupt("parts are recorded for an upload not yet initiated");
    }
  }
  int previous = 0;
  for (size_t i = 0; i < checkpoint.parts.size(); ++i) {
    const UploadCheckpoint::Part& part = checkpoint.parts[i];
    if (part.number <= previous) {
      return Corrupt(
          fmt::format("part {} has number {}, not above the previous {}", i,
                      part.number, previous));
    }
    previous = part.number;
    if (part.size > checkpoint.part_size) {
      return Corrupt(fmt::format("part {} has {} bytes, more than part_size {}",
                                 i, part.size, checkpoint.part_size));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string SerializeUploadCheckpoint(const UploadCheckpoint& checkpoint) {
  bool crc64_only = true;
  for (const UploadCheckpoint::Part& part : checkpoint.parts) {
    if (!part.checksum ||
        part.checksum->algorithm != ChecksumAlgorithm::kCrc64Ecma) {
      crc64_only = false;
    }
  }
  const int version = crc64_only ? 1 : 2;
  json parts = json::array();
  for (const UploadCheckpoint::Part& part : checkpoint.parts) {
    json entry = {
        {"number", part.number}, {"size", part.size}, {"etag", part.etag}};
    if (version == 1) {
      entry["crc64"] = part.checksum->value;
    } else {
      entry["checksum"] = ChecksumJson(part.checksum);
    }
    parts.push_back(std::move(entry));
  }
  json body = {
      {"source_path", checkpoint.source_path},
      {"source_size", checkpoint.source_size},
      {"source_mtime_ns", checkpoint.source_mtime_ns},
      {"source_inode", checkpoint.source_inode},
      {"endpoint", checkpoint.endpoint},
      {"bucket", checkpoint.bucket},
      {"key", checkpoint.key},
      {"part_size", checkpoint.part_size},
      {"upload_id", checkpoint.upload_id},
      {"parts", std::move(parts)},
  };
  // Only a copy's: an upload's checkpoint reads as before.
  if (!checkpoint.source_etag.empty()) {
    body["source_etag"] = checkpoint.source_etag;
  }
  // Only while initiating: a checkpoint with an id reads as before.
  if (checkpoint.initiating_unix_ms != 0) {
    body["initiating_unix_ms"] = checkpoint.initiating_unix_ms;
  }
  return SealCheckpoint(kFormat, version, body);
}

Result<UploadCheckpoint> ParseUploadCheckpoint(std::string_view text) {
  return ParseSealedCheckpoint<UploadCheckpoint>(text, kFormat, kVersions,
                                                 &FromBody, &Validate);
}

Status SaveUploadCheckpoint(const std::filesystem::path& path,
                            const UploadCheckpoint& checkpoint,
                            util::FileSystem& file_system) {
  return util::WriteFileAtomically(path, SerializeUploadCheckpoint(checkpoint),
                                   file_system);
}

Result<std::optional<UploadCheckpoint>> LoadUploadCheckpoint(
    const std::filesystem::path& path) {
  return LoadCheckpointFile<UploadCheckpoint>(path, &ParseUploadCheckpoint);
}

}  // namespace ossxfer::transfer
