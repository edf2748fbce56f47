// What a multipart upload remembers between runs: the source's identity,
// the destination, the multipart upload id and the parts done. An upload
// of a file keeps it in a .ucp file, a server-side copy in a .ccp file.
#ifndef OSSXFER_TRANSFER_UPLOAD_CHECKPOINT_H_
#define OSSXFER_TRANSFER_UPLOAD_CHECKPOINT_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/result.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

struct UploadCheckpoint {
  // The source: any change means the parts uploaded so far are stale.
  // An upload's is a file (its absolute path, size, mtime, inode); a copy's
  // an object (its oss:// URL, size and ETag).
  std::string source_path;
  uint64_t source_size = 0;
  int64_t source_mtime_ns = 0;
  uint64_t source_inode = 0;
  std::string source_etag;  // a copy's only; absent from upload checkpoints
  // The destination.
  std::string endpoint;
  std::string bucket;
  std::string key;
  uint64_t part_size = 0;
  // Empty while a multipart upload is being initiated: the checkpoint is
  // written first, with the time, so that a run killed before it could
  // record the id can find the upload it may have left and abort it.
  std::string upload_id;
  uint64_t initiating_unix_ms = 0;  // 0: the id is known
  // Parts known to be stored, in ascending part number.
  struct Part {
    int number = 0;  // 1-based
    uint64_t size = 0;
    std::string etag;
    // As the server reported it; nullopt when it reported none.
    std::optional<Checksum> checksum;
    bool operator==(const Part&) const = default;
  };
  std::vector<Part> parts;

  bool operator==(const UploadCheckpoint&) const = default;
};

// Written as version 1 (round 1's format: a part's "crc64" is a
// CRC-64/ECMA) when every part has a CRC-64/ECMA checksum, so such files
// stay byte-identical to what earlier releases wrote and read; otherwise as
// version 2, where a part's "checksum" is {"algorithm": "crc32c",
// "value": <n>} or null (an earlier release refuses it rather than
// misreading the value).
std::string SerializeUploadCheckpoint(const UploadCheckpoint& checkpoint);

// Reads both versions (format "ossxfer-upload"). kDataCorruption with the
// reason for anything that is not a well-formed checkpoint: checksum,
// missing or mistyped field, an algorithm name this ossxfer does not know,
// part numbers not strictly ascending
// or outside 1..10000, a part larger than part_size, an empty upload id
// without an initiation time (or with parts), part_size 0. A checkpoint
// from before initiating_unix_ms existed reads it as 0. Never throws.
Result<UploadCheckpoint> ParseUploadCheckpoint(std::string_view text);

// Atomic and durable (util::WriteFileAtomically through `file_system`):
// when it fails, the file at `path` is the previous checkpoint, or (when
// only the directory's fsync failed) this one.
Status SaveUploadCheckpoint(
    const std::filesystem::path& path, const UploadCheckpoint& checkpoint,
    util::FileSystem& file_system = util::FileSystem::Posix());

// nullopt when the file does not exist; kDataCorruption when it is not a
// valid checkpoint; kIoError when it cannot be read.
Result<std::optional<UploadCheckpoint>> LoadUploadCheckpoint(
    const std::filesystem::path& path);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_UPLOAD_CHECKPOINT_H_
