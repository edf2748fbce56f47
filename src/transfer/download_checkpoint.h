// What a download remembers between runs (the .dcp file): who asked for
// what, which object version it was, and how far each part got.
#ifndef OSSXFER_TRANSFER_DOWNLOAD_CHECKPOINT_H_
#define OSSXFER_TRANSFER_DOWNLOAD_CHECKPOINT_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/result.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

struct DownloadCheckpoint {
  // The request: a checkpoint is only reused for the same one.
  std::string endpoint;
  std::string bucket;
  std::string key;
  std::string version_id;
  uint64_t range_first = 0;  // the effective byte range of the object
  uint64_t range_last = 0;   // inclusive; unused when the object is empty
  std::string destination;   // absolute path
  uint64_t part_size = 0;
  // The object: a checkpoint is only reused while the object is the same.
  uint64_t object_size = 0;
  std::string etag;
  int64_t last_modified_unix = 0;  // seconds
  std::optional<Checksum> object_checksum;
  // Progress: part i covers [range_first + i * part_size, ...); `done`
  // bytes from its start are durable in the temp file, with checksum
  // `checksum` in `parts_algorithm` (nullopt: a download with verification
  // off computes none). Version-1 files know only CRC-64/ECMA.
  std::optional<ChecksumAlgorithm> parts_algorithm =
      ChecksumAlgorithm::kCrc64Ecma;
  struct Part {
    uint64_t done = 0;
    uint64_t checksum = 0;
    bool operator==(const Part&) const = default;
  };
  std::vector<Part> parts;

  bool operator==(const DownloadCheckpoint&) const = default;
};

// Written as version 1 (round 1's format, CRC-64/ECMA implied) when every
// checksum in it is CRC-64/ECMA or absent, so that such files stay
// byte-identical to what earlier releases wrote and read; otherwise as
// version 2, which names the algorithms (an earlier release refuses it
// rather than misreading a CRC-32C as a CRC64).
//
// Version 1 body: ..., "object_crc64": <n>|null, "parts_have_crc64": bool,
//   "parts": [{"done": <n>, "crc64": <n>}, ...]
// Version 2 body: ..., "object_checksum": {"algorithm": "crc32c",
//   "value": <n>}|null, "parts_algorithm": "crc32c"|null,
//   "parts": [{"done": <n>, "checksum": <n>}, ...]
std::string SerializeDownloadCheckpoint(const DownloadCheckpoint& checkpoint);

// Reads both versions. kDataCorruption with the reason for anything that is
// not a well-formed checkpoint: checksum, missing or mistyped field, an
// algorithm name this ossxfer does not know, parts whose `done` exceeds
// their size. Never throws.
Result<DownloadCheckpoint> ParseDownloadCheckpoint(std::string_view text);

// Atomic and durable (util::WriteFileAtomically through `file_system`):
// when it fails, the file at `path` is the previous checkpoint, or (when
// only the directory's fsync failed) this one.
Status SaveDownloadCheckpoint(
    const std::filesystem::path& path, const DownloadCheckpoint& checkpoint,
    util::FileSystem& file_system = util::FileSystem::Posix());

// nullopt when the file does not exist; kDataCorruption when it is not a
// valid checkpoint; kIoError when it cannot be read.
Result<std::optional<DownloadCheckpoint>> LoadDownloadCheckpoint(
    const std::filesystem::path& path);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_DOWNLOAD_CHECKPOINT_H_
