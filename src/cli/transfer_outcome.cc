#include "cli/transfer_outcome.h"

#include <fmt/format.h>

#include "cli/byte_size.h"
#include "cli/checksum_json.h"
#include "cli/sync_rules.h"
#include "ossxfer/service_error.h"

namespace ossxfer::cli {

void FillFrom(const DownloadResult& result, TransferOutcome& outcome) {
  outcome.size = result.metadata.size;
  outcome.etag = result.metadata.etag;
  outcome.checksum = result.metadata.checksum;
  outcome.version_id = result.metadata.version_id;
  outcome.crc64_verified = result.crc64_verified;
  outcome.etag_verified = result.etag_verified;
  outcome.etag_part_size = result.etag_part_size;
  outcome.etag_part_size_source = result.etag_part_size_source;
  outcome.bytes_transferred = result.bytes_transferred;
  outcome.bytes_reused = result.bytes_reused;
  outcome.part_size = result.part_size;
  outcome.parts = result.parts;
  outcome.notices = result.notices;
  auto recorded = result.metadata.user_metadata.find(kMtimeMetadataKey);
  if (recorded != result.metadata.user_metadata.end()) {
    outcome.modified = ParseMtime(recorded->second);
  }
  if (!outcome.modified) outcome.modified = result.metadata.last_modified;
}

void FillFrom(const UploadResult& result, TransferOutcome& outcome) {
  outcome.size = result.bytes_transferred + result.bytes_reused;
  outcome.etag = result.etag;
  outcome.checksum = result.checksum;
  outcome.version_id = result.version_id;
  outcome.crc64_verified = result.crc64_verified;
  outcome.etag_verified = result.etag_verified;
  outcome.bytes_transferred = result.bytes_transferred;
  outcome.bytes_reused = result.bytes_reused;
  outcome.part_size = result.part_size;
  outcome.parts = result.parts;
  outcome.upload_id = result.upload_id;
  outcome.callback_response = result.callback_response;
  outcome.notices = result.notices;
}

void FillFrom(const CopyResult& result, TransferOutcome& outcome) {
  outcome.size = result.bytes_copied + result.bytes_reused;
  outcome.etag = result.etag;
  outcome.checksum = result.checksum;
  outcome.version_id = result.version_id;
  outcome.crc64_verified = result.crc64_verified;
  outcome.bytes_transferred = result.bytes_copied;
  outcome.bytes_reused = result.bytes_reused;
  outcome.part_size = result.part_size;
  outcome.parts = result.parts;
  outcome.upload_id = result.upload_id;
  outcome.notices = result.notices;
}

nlohmann::json ToJson(const TransferOutcome& outcome) {
  nlohmann::json json;
  json["type"] = "transfer";
  json["direction"] = outcome.direction;
  json["source"] = outcome.source;
  json["destination"] = outcome.destination;
  switch (outcome.state) {
    case TransferOutcome::State::kDone:
      json["state"] = "done";
      break;
    case TransferOutcome::State::kSkipped:
      json["state"] = "skipped";
      json["skip_reason"] = outcome.skip_reason;
      break;
    case TransferOutcome::State::kFailed:
      json["state"] = "failed";
      break;
  }
  if (outcome.state == TransferOutcome::State::kFailed) {
    nlohmann::json error;
    error["code"] = std::string(StatusCodeName(outcome.error.code()));
    error["message"] = outcome.error.message();
    if (const ServiceError* service = outcome.error.service_error()) {
      error["http_status"] = service->http_status;
      error["oss_code"] = service->code;
      error["oss_message"] = service->message;
      error["request_id"] = service->request_id;
    }
    json["error"] = error;
  }
  json["size"] = outcome.size;
  json["etag"] = outcome.etag;
  auto decimal = [](const std::optional<uint64_t>& crc) {
    return crc ? nlohmann::json(std::to_string(*crc)) : nlohmann::json(nullptr);
  };
  std::optional<uint64_t> crc64;
  if (outcome.checksum &&
      outcome.checksum->algorithm == ChecksumAlgorithm::kCrc64Ecma) {
    crc64 = outcome.checksum->value;
  }
  // "crc64" is the file's only when it was checked; what the server says of
  // the object is "object_crc64", checked or not.
  json["crc64"] =
      decimal(outcome.crc64_verified ? crc64 : std::optional<uint64_t>());
  json["object_crc64"] = decimal(crc64);
  json["object_checksum"] = ChecksumJson(outcome.checksum);
  json["crc64_verified"] = outcome.crc64_verified;
  json["etag_verified"] = outcome.etag_verified;
  json["etag_part_size"] = outcome.etag_part_size;
  switch (outcome.etag_part_size_source) {
    case EtagPartSizeSource::kNone:
      json["etag_part_size_source"] = nullptr;
      break;
    case EtagPartSizeSource::kStore:
      json["etag_part_size_source"] = "store";
      break;
    case EtagPartSizeSource::kGuess:
      json["etag_part_size_source"] = "guess";
      break;
  }
  json["bytes_transferred"] = outcome.bytes_transferred;
  json["bytes_reused"] = outcome.bytes_reused;
  json["part_size"] = outcome.part_size;
  json["parts"] = outcome.parts;
  json["seconds"] = outcome.seconds;
  if (!outcome.upload_id.empty()) json["upload_id"] = outcome.upload_id;
  if (!outcome.version_id.empty()) json["version_id"] = outcome.version_id;
  if (!outcome.callback_response.empty()) {
    json["callback_response"] = outcome.callback_response;
  }
  json["notices"] = outcome.notices;
  return json;
}

std::string SummaryLine(const TransferOutcome& outcome) {
  const char* verb = outcome.direction == "upload" ? "uploaded"
                     : outcome.direction == "copy" ? "copied"
                                                   : "downloaded";
  std::string line =
      fmt::format("{} {} -> {} ({}", verb, outcome.source, outcome.destination,
                  FormatBytes(outcome.size));
  if (outcome.seconds > 0) {
    line += fmt::format(
        " in {:.1f} s, {}/s", outcome.seconds,
        FormatBytes(static_cast<uint64_t>(
            static_cast<double>(outcome.bytes_transferred) / outcome.seconds)));
  }
  if (outcome.bytes_reused > 0) {
    line += fmt::format(", {} resumed", FormatBytes(outcome.bytes_reused));
  }
  if (outcome.crc64_verified && outcome.checksum) {
    line += fmt::format(", {} verified",
                        ChecksumAlgorithmLabel(outcome.checksum->algorithm));
  } else if (outcome.etag_verified) {
    line += ", ETag verified";
  }
  line += ")";
  return line;
}

}  // namespace ossxfer::cli
