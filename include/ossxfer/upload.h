// Resumable, parallel, verified upload of one local file as an object.
//
// Files of at least one part go up as a multipart upload: parts are read
// with pread and streamed in parallel UploadParts whose CRC64, as the server
// computed it, must equal the local one; the upload id and each stored part
// are kept in a checkpoint, so a broken network, a cancelled run or a killed
// process resumes, re-sending only what the server does not verifiably
// have. The object is completed with the parts in order and its CRC64 must
// equal the combination of the parts'. Smaller files go up in one PutObject
// with the same CRC64 check.
#ifndef OSSXFER_UPLOAD_H_
#define OSSXFER_UPLOAD_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/checksum.h"
#include "ossxfer/client.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"
#include "ossxfer/shared_rate_limit.h"
#include "ossxfer/transfer_control.h"

namespace ossxfer {

inline constexpr uint64_t kDefaultUploadPartSize = 8 << 20;
// 8 in flight measured fastest for uploads (bench/results/upload.md): it
// overlaps the server's per-part write and fsync latency.
inline constexpr int kDefaultUploadParallel = 8;

struct UploadRequest {
  std::filesystem::path source;  // a regular file; opened read-only
  std::string bucket;
  std::string key;

  // 100 KB to 5 GB; 0 picks the default (or, when resuming, the
  // checkpoint's). Grown so that no file needs more than 10,000 parts.
  uint64_t part_size = 0;
  int parallel = 0;  // parts in flight, 1 to 256; 0 picks the default

  bool checkpoint = true;
  // A file, or a directory (existing or ending in '/') that receives
  // "<source name>-<hash>.ucp"; created if missing. Empty: "<source>.ucp".
  std::filesystem::path checkpoint_path;
  // Check each part's and the object's checksum (CRC64 on OSS) against the
  // server's; parts are combined in the algorithm the server reports.
  bool verify_crc64 = true;

  // Content-Type (guessed from the source's extension when empty), user
  // metadata, ACL, storage class, Content-Disposition, Cache-Control,
  // Expires, forbid_overwrite.
  ObjectAttributes attributes;
  // Upload callback (base64 JSON, see OSS docs): sent with the completing
  // request; the callback server's answer is returned in the result.
  std::string callback;
  std::string callback_var;

  uint64_t traffic_limit_bits_per_second = 0;  // x-oss-traffic-limit
  uint64_t rate_limit_bytes_per_second = 0;    // all connections together
  // A limit shared with other transfers (a whole job's); null: none.
  std::shared_ptr<SharedRateLimit> shared_rate_limit;

  ProgressCallback progress;
  CancellationToken cancellation;
  // On cancellation, abort the multipart upload and delete the checkpoint
  // instead of keeping them for a resume.
  bool discard_on_cancel = false;
};

struct UploadResult {
  std::string etag;
  std::optional<Checksum> checksum;  // of the object, as the server reported it
  std::string version_id;
  std::string callback_response;
  std::string upload_id;           // empty when it went up as one PutObject
  uint64_t bytes_transferred = 0;  // sent by this run
  uint64_t bytes_reused = 0;       // parts already on the server, verified
  uint64_t part_size = 0;
  uint64_t parts = 0;  // 0 for a single PutObject
  // The object's checksum (whatever its algorithm; the name is from when
  // it was always CRC64) equals the parts' combined.
  bool crc64_verified = false;
  // The object's ETag was checked against the bytes sent (S3: a single
  // PutObject's against the MD5 sent as Content-MD5, a multipart upload's
  // against its parts' MD5s); OSS's uploads are checked by CRC-64 instead.
  bool etag_verified = false;
  std::vector<std::string> notices;  // checkpoint discarded, restarted, ...
};

// Errors: the client's, kInvalidArgument for bad parameters (naming the
// valid range), kIoError for the source (missing, not a regular file,
// changed while it was being read), kDataCorruption when a CRC64 never
// matched, kCancelled. With the checkpoint on, a failed or cancelled upload
// keeps its multipart upload and checkpoint and the message says how to
// resume (run it again) or discard it (the upload id, for
// AbortMultipartUpload); with it off, the multipart upload is aborted.
Result<UploadResult> Upload(const Client& client, const UploadRequest& request);

}  // namespace ossxfer

#endif  // OSSXFER_UPLOAD_H_
