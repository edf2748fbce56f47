// What one file's transfer came to, in the form every output mode prints:
// the progress/summary lines on a terminal and the --json objects.
#ifndef OSSXFER_CLI_TRANSFER_OUTCOME_H_
#define OSSXFER_CLI_TRANSFER_OUTCOME_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/copy.h"
#include "ossxfer/download.h"
#include "ossxfer/status.h"
#include "ossxfer/upload.h"

namespace ossxfer::cli {

struct TransferOutcome {
  enum class State { kDone, kSkipped, kFailed };

  std::string direction;  // "download" | "upload" | "copy"
  std::string source;
  std::string destination;
  State state = State::kDone;
  std::string skip_reason;
  Status error;

  uint64_t size = 0;
  std::string etag;
  std::optional<Checksum> checksum;  // of the object, as the server said
  bool crc64_verified = false;       // the checksum, whatever its algorithm
  bool etag_verified = false;        // the ETag, against the bytes
  // A verified multipart ETag's part size, and how it was found.
  uint64_t etag_part_size = 0;
  EtagPartSizeSource etag_part_size_source = EtagPartSizeSource::kNone;
  uint64_t bytes_transferred = 0;
  uint64_t bytes_reused = 0;
  uint64_t part_size = 0;
  uint64_t parts = 0;
  std::string upload_id;
  std::string version_id;
  std::string callback_response;
  // A download's object: the time its upload recorded (sync_rules.h), else
  // its Last-Modified.
  std::optional<SystemTime> modified;
  double seconds = 0;
  std::vector<std::string> notices;
};

void FillFrom(const DownloadResult& result, TransferOutcome& outcome);
void FillFrom(const UploadResult& result, TransferOutcome& outcome);
void FillFrom(const CopyResult& result, TransferOutcome& outcome);

// {"type":"transfer","direction":...,"state":"done"|"skipped"|"failed",...}.
// CRC64 is a decimal string (as in the x-oss-hash-crc64ecma header): JSON
// numbers above 2^53 lose digits in most parsers. "crc64" is set only when
// the file's bytes were checked against it (else null); "object_crc64" is
// what the server reported. Both stay null for a checksum of another
// algorithm; "object_checksum" ({"algorithm": "crc64ecma", "value":
// "<decimal>"} or null) names any. "etag_part_size_source" says how the
// part size ("etag_part_size") of a verified multipart ETag was found:
// "store" (HEAD ?partNumber=1), "guess" (one S3 clients use), else null.
nlohmann::json ToJson(const TransferOutcome& outcome);

// "downloaded oss://b/k -> f (1.50 GiB in 2.1 s, 731 MiB/s, CRC64 verified)"
std::string SummaryLine(const TransferOutcome& outcome);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TRANSFER_OUTCOME_H_
