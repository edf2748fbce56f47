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

using checkpoint_fields::Field;
using checkpoint_fields::GetBoolOr;
using checkpoint_fields::GetInt64;
using checkpoint_fields::GetOptionalUint64;
using checkpoint_fields::GetString;
using checkpoint_fields::GetUint64;
using nlohmann::json;

constexpr std::string_view kFormat = "ossxfer-download";
constexpr int kVersion = 1;

Status Corrupt(std::string reason) {
  return Status::DataCorruption(std::move(reason));
}

Result<std::vector<DownloadCheckpoint::Part>> GetParts(const json& object) {
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
    ASSIGN_OR_RETURN(part.crc64, GetUint64(entry, "crc64"));
    parts.push_back(part);
  }
  return parts;
}

// Every field present and of the right kind; no cross-field checks yet.
Result<DownloadCheckpoint> FromBody(const json& body) {
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
  ASSIGN_OR_RETURN(checkpoint.object_crc64,
                   GetOptionalUint64(body, "object_crc64"));
  ASSIGN_OR_RETURN(checkpoint.parts_have_crc64,
                   GetBoolOr(body, "parts_have_crc64", true));
  ASSIGN_OR_RETURN(checkpoint.parts, GetParts(body));
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
  json parts = json::array();
  for (const DownloadCheckpoint::Part& part : checkpoint.parts) {
    parts.push_back({{"done", part.done}, {"crc64", part.crc64}});
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
      {"object_crc64", checkpoint.object_crc64.has_value()
                           ? json(*checkpoint.object_crc64)
                           : json(nullptr)},
      {"parts_have_crc64", checkpoint.parts_have_crc64},
      {"parts", std::move(parts)},
  };
  return SealCheckpoint(kFormat, kVersion, body);
}

Result<DownloadCheckpoint> ParseDownloadCheckpoint(std::string_view text) {
  return ParseSealedCheckpoint<DownloadCheckpoint>(text, kFormat, kVersion,
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
