// Resumable, parallel, verified download of one object to a local file.
//
// The object is fetched in parts by parallel ranged GETs, each carrying
// If-Match with the ETag seen at the start (a replaced object is never
// spliced), streamed straight into a temp file beside the destination with
// the part's CRC64 computed on the way. Progress is recorded in a
// checkpoint only once the bytes are durable, so a broken network, a
// cancelled run or a killed process resumes where it stopped. At the end the
// part CRCs are combined and compared with the object's CRC64, and the temp
// file is renamed over the destination: the destination is never truncated,
// and never holds anything but a complete, verified object.
#ifndef OSSXFER_DOWNLOAD_H_
#define OSSXFER_DOWNLOAD_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ossxfer/client.h"
#include "ossxfer/directory_sync_batch.h"
#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"
#include "ossxfer/shared_rate_limit.h"
#include "ossxfer/transfer_control.h"

namespace ossxfer {

// Measured in bench/RESULTS.md: 4 parts of 8 MiB in flight download about
// 1100 MiB/s there (§1), and a resume after kill -9 re-fetches at most
// parallel x part size = 32 MiB (§4; bench/results/download-resume.md tells
// how that bound was met). -j 8 measured faster (about 1400 MiB/s) but
// doubles the bound, so the default stays at 4.
inline constexpr uint64_t kDefaultDownloadPartSize = 8 << 20;
inline constexpr int kDefaultDownloadParallel = 4;

// What a crash (kill -9, power loss) of a checkpointed download can cost:
// the bytes its next run fetches again. They are those of the parts in
// flight (each ranged GET asks for at most one part) plus those written
// but not yet in the checkpoint. The download keeps the latter under
// DownloadUnrecordedBudget; the workers check it at once, so it can be
// passed by what each one is about to write: the block it was gathering
// (at most 512 KiB) and the chunk that arrived (at most 512 KiB), never
// more than a part.
inline constexpr uint64_t DownloadUnrecordedBudget(int parallel,
                                                   uint64_t part_size) {
  const uint64_t quarter = static_cast<uint64_t>(parallel) * part_size / 4;
  // Below 1 MiB each checkpoint (an fdatasync and a file replace, a few
  // ms) would cost more time than the bytes it saves.
  return quarter > (uint64_t{1} << 20) ? quarter : uint64_t{1} << 20;
}
inline constexpr uint64_t DownloadCrashRefetchBound(int parallel,
                                                    uint64_t part_size) {
  const uint64_t per_worker =
      part_size < (uint64_t{1} << 20) ? part_size : uint64_t{1} << 20;
  return static_cast<uint64_t>(parallel) * part_size +
         DownloadUnrecordedBudget(parallel, part_size) +
         static_cast<uint64_t>(parallel) * per_worker;
}

struct DownloadRequest {
  std::string bucket;
  std::string key;
  std::string version_id;  // empty: the current version
  // A file path; its directory must exist. A character device such as
  // /dev/null is written directly (no temp file, checkpoint or fsync):
  // the object is fetched and CRC-verified without being stored.
  std::filesystem::path destination;

  // Bytes per ranged GET, 100 KB to 5 GB; 0 picks the default (or, when
  // resuming, the checkpoint's). Grown automatically so that no object
  // needs more than 10,000 parts.
  uint64_t part_size = 0;
  int parallel = 0;  // parts in flight, 1 to 256; 0 picks the default

  bool checkpoint = true;
  // A file, or a directory (existing, or given with a trailing '/') that
  // receives "<destination name>-<hash>.dcp"; created if missing. Empty:
  // "<destination>.dcp".
  std::filesystem::path checkpoint_path;
  // Write to "<destination>.ossxfer-tmp" and rename at the end (default).
  // Off: write in place, which requires that the destination not exist yet.
  bool use_temp_file = true;
  // An existing directory on the destination's file system to hold the
  // temp file instead, as "<destination name>-<hash>.ossxfer-tmp" (the hash
  // names the destination and the object): what `cp -r` uses so that no
  // key can name another's temp file. Empty: beside the destination.
  std::filesystem::path temp_directory;
  // Compare the combined part checksums with the object's checksum
  // (whole-object downloads), in the object's algorithm (CRC64 on OSS;
  // CRC64 too when the object has none); a mismatch finds and re-fetches
  // the corrupted parts. Off: no checksum is computed at all, and a resume
  // trusts the bytes its checkpoint records without re-reading them.
  bool verify_crc64 = true;
  // Write the file with O_DIRECT in blocks of a quarter part (at most
  // 512 KiB), past the page cache
  // (default): the data is on disk as it arrives, so checkpoints, which
  // must fdatasync, cost little, and a large download does not evict the
  // machine's cache. Silently buffered where the file system refuses
  // O_DIRECT. Off: ordinary buffered writes.
  bool direct_io = true;

  std::optional<ByteRange> range;  // part of the object only
  // What a listing already said of the object (size, ETag, Last-Modified,
  // storage class; the key is not read): cp -r and sync pass it. A
  // whole-object download of a non-empty object that fits one part then
  // sends no HEAD, only one GET of the whole object with If-Match: the
  // listed ETag, and takes the object's checksum and metadata from that
  // GET's answer. An object that changed since the listing fails the
  // If-Match and is probed afresh. Larger objects, Archive-class ones and
  // downloads with a checkpoint to resume probe as usual.
  std::optional<ObjectSummary> listed;
  // x-oss-traffic-limit, enforced by the server per request, bit/s.
  uint64_t traffic_limit_bits_per_second = 0;
  // The client's own limit for all connections together, bytes/s; 0: none.
  uint64_t rate_limit_bytes_per_second = 0;
  // A limit shared with other transfers (a whole job's); null: none.
  std::shared_ptr<SharedRateLimit> shared_rate_limit;
  // The job's batch of directory fsyncs (directory_sync_batch.h): the
  // final rename's directories go to it instead of being fsynced here, and
  // the job must call its SyncAll before it reports success. Null: the
  // download is durable when it returns.
  std::shared_ptr<DirectorySyncBatch> directory_syncs;

  ProgressCallback progress;
  CancellationToken cancellation;
};

// How a download found the part size that reproduced a multipart ETag
// ("<hex>-N", s3-protocol.md §5.3).
enum class EtagPartSizeSource {
  kNone,   // no multipart ETag was verified
  kStore,  // the store answered it: HEAD ?partNumber=1 (AWS, moto)
  kGuess,  // a part size S3 clients use, for a store that ignores
           // partNumber (Ceph RGW 16) or has no such read
};

struct DownloadResult {
  ObjectMetadata metadata;         // of the object downloaded
  uint64_t bytes_transferred = 0;  // fetched by this run
  uint64_t bytes_reused = 0;       // taken from the checkpoint, re-verified
  uint64_t part_size = 0;          // as used
  uint64_t parts = 0;
  // True when the whole object's checksum (metadata.checksum, whatever its
  // algorithm; the name is from when it was always CRC64) matched. False
  // for ranged downloads (only transport-level checks apply), when
  // verification is off, or when the server sent no checksum.
  bool crc64_verified = false;
  // True when the store offered no checksum and the file's bytes reproduced
  // the object's ETag instead: its MD5, or for a multipart object the MD5
  // of its parts' MD5s at the part size the store answers to HEAD
  // ?partNumber=1, else at one S3 clients use (transfer/etag_check.h).
  bool etag_verified = false;
  // For a verified multipart ETag: the part size that reproduced it, and
  // how it was found.
  uint64_t etag_part_size = 0;
  EtagPartSizeSource etag_part_size_source = EtagPartSizeSource::kNone;
  // One line per thing a user should know: a checkpoint discarded and why,
  // a restart because the object changed, parts re-fetched after a CRC
  // mismatch, a ranged download not being CRC-checked, a server that sent
  // no CRC64.
  std::vector<std::string> notices;
};

// Errors: the client's (NoSuchKey, AccessDenied, ...), kInvalidArgument for
// bad parameters (naming the valid range), InvalidObjectState for an
// Archive object that is not restored, kPreconditionFailed when the object
// changed twice, kDataCorruption when CRC64 never matched, kCancelled. With
// the checkpoint on, a failed or cancelled download keeps its temp file and
// checkpoint and the message says that running it again resumes.
Result<DownloadResult> Download(const Client& client,
                                const DownloadRequest& request);

}  // namespace ossxfer

#endif  // OSSXFER_DOWNLOAD_H_
