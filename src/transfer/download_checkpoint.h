// What a download remembers between runs (the .dcp file): who asked for
// what, which object version it was, and how far each part got.
#ifndef OSSXFER_TRANSFER_DOWNLOAD_CHECKPOINT_H_
#define OSSXFER_TRANSFER_DOWNLOAD_CHECKPOINT_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<uint64_t> object_crc64;
  // Progress: part i covers [range_first + i * part_size, ...); `done`
  // bytes from its start are durable in the temp file, with CRC64 `crc64`
  // when `parts_have_crc64` (a download with verification off computes
  // none; checkpoints from before the field existed always had them).
  bool parts_have_crc64 = true;
  struct Part {
    uint64_t done = 0;
    uint64_t crc64 = 0;
    bool operator==(const Part&) const = default;
  };
  std::vector<Part> parts;

  bool operator==(const DownloadCheckpoint&) const = default;
};

std::string SerializeDownloadCheckpoint(const DownloadCheckpoint& checkpoint);

// kDataCorruption with the reason for anything that is not a well-formed
// checkpoint of this version: checksum, missing or mistyped field, parts
// whose `done` exceeds their size. Never throws.
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
