// Resumable server-side copy of one object to another, in the same region:
// no byte passes through this machine. Below the part size it is one
// CopyObject; above it, a multipart upload whose parts are UploadPartCopy
// ranges of the source, sent in parallel, recorded in a checkpoint as they
// complete, and resumed by running the same copy again (also after kill -9).
// Every request names the source's ETag (x-oss-copy-source-if-match), so a
// source that changes mid-copy is never spliced: the copy fails with
// kPreconditionFailed and, when it cannot resume, aborts its upload.
#ifndef OSSXFER_COPY_H_
#define OSSXFER_COPY_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/client.h"
#include "ossxfer/result.h"
#include "ossxfer/transfer_control.h"

namespace ossxfer {

// Server-side parts cost a request each and no local bandwidth: bigger
// parts than a download's mean fewer requests for the same object.
inline constexpr uint64_t kDefaultCopyPartSize = 64 << 20;
inline constexpr int kDefaultCopyParallel = 8;

// Where a copy's checkpoint goes when the request names none:
// $XDG_STATE_HOME/ossxfer/copy/, else $HOME/.local/state/ossxfer/copy/
// (created when first needed). Empty when neither variable is set.
std::filesystem::path DefaultCopyCheckpointDirectory();

struct CopyRequest {
  std::string source_bucket;
  std::string source_key;
  std::string source_version_id;  // empty: the current version
  std::string bucket;             // the destination
  std::string key;
  // Bytes per part (100 KB to 5 GB); 0 picks kDefaultCopyPartSize, or the
  // checkpoint's when resuming. A source smaller than a part is copied with
  // one CopyObject. Grown as needed so that the object fits in 10,000
  // parts.
  uint64_t part_size = 0;
  int parallel = 0;  // parts in flight, 1 to 256; 0 picks the default
  // Keep a checkpoint (.ccp) so that an interrupted copy resumes. It lives
  // at checkpoint_path: a file, or a directory (existing, or written with a
  // trailing '/'); empty: DefaultCopyCheckpointDirectory().
  bool checkpoint = true;
  std::filesystem::path checkpoint_path;
  // Compare the copy's checksum with the source's (x-oss-hash-crc64ecma on
  // OSS); checksums of different algorithms are not compared.
  bool verify_crc64 = true;
  // The destination takes the source's content headers, user metadata and
  // tags (as CopyObject's COPY directives do); these always apply.
  std::string acl;            // empty: the bucket's default
  std::string storage_class;  // empty: the bucket's default
  bool forbid_overwrite = false;
  ProgressCallback progress;  // bytes copied on the server
  CancellationToken cancellation;
  // A cancelled copy aborts its multipart upload and removes the
  // checkpoint, instead of keeping both for a resume.
  bool discard_on_cancel = false;
};

struct CopyResult {
  std::string etag;                  // of the destination
  std::optional<Checksum> checksum;  // of the destination, as reported
  std::string version_id;
  std::string upload_id;      // empty when one CopyObject did it
  uint64_t bytes_copied = 0;  // by this run's requests
  uint64_t bytes_reused = 0;  // parts an earlier run copied, verified
  uint64_t part_size = 0;
  uint64_t parts = 0;  // 0 for a single CopyObject
  // The destination's checksum equals the source's, in the same algorithm
  // (the name is from when it was always CRC64).
  bool crc64_verified = false;
  std::vector<std::string> notices;
};

Result<CopyResult> Copy(const Client& client, const CopyRequest& request);

}  // namespace ossxfer

#endif  // OSSXFER_COPY_H_
