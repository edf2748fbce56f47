// A multipart upload driven to completion across runs: what an upload of a
// local file and a server-side copy share. The session records its intent
// before initiating (so that a kill -9 never orphans an upload no rerun can
// find), reconciles a checkpoint with what the server lists, sends the
// missing parts through the transfer core (each retried by the client's
// policy), completes with every part's checksum combined and compared (in
// the algorithm the server reports for the object), repairs
// a part the server lost, and aborts or keeps the upload on failure as the
// caller asked. What a part is made of is the transfer kind's business
// (MultipartSource).
#ifndef OSSXFER_TRANSFER_MULTIPART_SESSION_H_
#define OSSXFER_TRANSFER_MULTIPART_SESSION_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/result.h"
#include "transfer/checkpoint_comparison.h"
#include "transfer/checkpoint_keeper.h"
#include "transfer/checksum_check.h"
#include "transfer/multipart_target.h"
#include "transfer/part_plan.h"
#include "transfer/transfer_core.h"
#include "transfer/upload_checkpoint.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

// The object the parts become.
struct MultipartDestination {
  std::string bucket;
  std::string key;
  ObjectAttributes attributes;  // content type already settled
  std::string callback;
  std::string callback_var;
  // Compare the completed object's checksum with the parts' combined.
  bool verify_crc64 = true;
  // A cancelled transfer aborts the upload instead of keeping it.
  bool discard_on_cancel = false;
};

// What the transfer kind contributes.
struct MultipartSource {
  // "upload of f to oss://b/k": the context of every error.
  std::string description;
  // Writes what identifies the source into a checkpoint.
  std::function<void(UploadCheckpoint&)> describe;
  // Records how a checkpoint's source differs from this one.
  std::function<void(const UploadCheckpoint&, CheckpointComparison&)> compare;
  // Sends part `number` (bytes `range` of the source) of `upload_id` once,
  // with no retry of its own (the session retries it); its ETag and the
  // checksum the server reported (nullopt when none).
  std::function<Result<UploadCheckpoint::Part>(
      const std::string& upload_id, int number, const PartRange& range)>
      send_part;
  // Whether a part the server lists but no checkpoint recorded (a run
  // killed between the part and its record) holds the source's bytes,
  // given the server's checksum of it (in whatever algorithm the server
  // keeps). Also asked for a recorded part whose checksum is of another
  // algorithm than the server's. Empty: never trusted, sent again.
  std::function<Result<bool>(const PartRange& range, const Checksum& checksum)>
      matches_unrecorded;
  // Checked just before completing: the source is still the one the parts
  // came from. Empty: nothing to check.
  std::function<Status()> unchanged;
};

// How a transfer of `size` bytes goes: the part size chosen once (the
// caller's, else a resumable checkpoint's, else the default), and whether
// it is small enough for one request (smaller than a part, with nothing to
// resume).
struct MultipartPlan {
  PartLayout layout;
  bool whole = false;
  std::optional<UploadCheckpoint> saved;
};

struct MultipartOutcome {
  CompleteMultipartUploadResult completed;
  std::string upload_id;
  bool crc64_verified = false;
  uint64_t bytes_reused = 0;  // parts already on the server, verified
  uint64_t parts = 0;         // the object's, as completed
};

class MultipartSession {
 public:
  // The checkpoint is written through `file_system`.
  MultipartSession(const MultipartTarget& target, TransferCore& core,
                   MultipartDestination destination, MultipartSource source,
                   std::filesystem::path checkpoint,
                   util::FileSystem& file_system = util::FileSystem::Posix());

  // Reads the checkpoint (a damaged one is discarded with a notice; one an
  // interrupted run left before it knew its upload id is settled by
  // finding and aborting that upload) and plans the transfer.
  Result<MultipartPlan> Plan(uint64_t size, uint64_t requested_part_size,
                             uint64_t default_part_size);

  // Resumes the plan's checkpoint when it still matches (part size and
  // source), else starts a new multipart upload, and drives it to
  // completion.
  Result<MultipartOutcome> Run(MultipartPlan plan);

 private:
  Result<std::optional<UploadCheckpoint>> LoadCheckpoint();
  // What a checkpoint flush records.
  UploadCheckpoint Snapshot();
  Status StartFresh();
  Status AbortUploadsLeftBy(const UploadCheckpoint& intent);
  Status Reconcile();
  Status SendPending();
  Status SendPart(size_t index);
  Result<MultipartOutcome> Complete();
  // A Complete answered NoSuchUpload (`failure`): a retry of one whose
  // first answer was lost after the store completed it (s3-protocol.md
  // §3.13), or an upload that is really gone. The object as a HEAD finds
  // it decides: of the parts' total size, and with the ETag the parts give
  // (S3's MD5 of part MD5s) or the store's checksum the parts' combine to
  // (OSS's CRC-64), it is this upload's, completed; anything else is
  // `failure` again.
  Result<CompleteMultipartUploadResult> SettleNoSuchUpload(
      const CompleteMultipartUploadRequest& complete,
      const std::vector<PartChecksum>& contributions, const Status& failure);
  Status Abandon(const Status& failure);
  void AbortQuietly(const std::string& upload_id);
  std::string DestinationUrl() const;

  const MultipartTarget& target_;
  TransferCore& core_;
  const MultipartDestination destination_;
  const MultipartSource source_;
  CheckpointKeeper<UploadCheckpoint> keeper_;

  PartLayout layout_;  // set by Run
  std::string upload_id_;
  uint64_t initiating_unix_ms_ = 0;  // while InitiateMultipartUpload runs

  std::mutex stored_mutex_;                       // guards stored_, reused_
  std::map<int, UploadCheckpoint::Part> stored_;  // by part number
  uint64_t reused_ = 0;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_MULTIPART_SESSION_H_
