// Where a download's bytes come from. The downloader (parts, checkpoint,
// temp file, verification) is one mechanism; an ObjectSource is the little
// it needs to know about the far side: how big the object is and which
// version it is, how to fetch a byte range of exactly that version, and
// what names the object in a checkpoint. OSS over a Client and any HTTP(S)
// URL that honours Range are the two kinds.
#ifndef OSSXFER_TRANSFER_OBJECT_SOURCE_H_
#define OSSXFER_TRANSFER_OBJECT_SOURCE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/body.h"
#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"

namespace ossxfer::transfer {

// What a probe learnt: the object, and how it can be fetched.
struct SourceObject {
  ObjectMetadata metadata;  // size, ETag, Last-Modified, CRC64 when known
  // False when the server ignores Range: the object is fetched as one
  // stream of the whole, with no parallel parts and no resume mid-file.
  bool ranges = true;
  // False when nothing tells one version of the object from another (no
  // ETag, no Last-Modified): a checkpoint could splice two versions, so
  // none is kept or used.
  bool resumable = true;
  // What the validator is, for messages: "ETag \"abc\"", "Last-Modified
  // <date>".
  std::string validator;
  // True when the ETag is an object store's (OSS, S3): the MD5 of a
  // single-part object, MD5(part MD5s)-N of a multipart one, which a
  // download without a checksum checks (transfer/etag_check.h). A web
  // server's ETag is opaque, even when it looks like hex.
  bool store_etag = false;
  // Things the user should know about this source (added to the result's
  // notices).
  std::vector<std::string> notices;
  // The source's own note of where to fetch from, when a probe learnt it
  // (a URL after redirects); empty otherwise.
  std::string location;
};

// Names the object in a checkpoint: the same object asked for again (by a
// freshly signed URL too) has the same identity.
struct SourceIdentity {
  std::string endpoint;  // OSS endpoint, or a URL's scheme://host:port/path
  std::string bucket;    // OSS only
  std::string key;       // OSS only
  std::string version_id;
};

class ObjectSource {
 public:
  virtual ~ObjectSource() = default;

  // Size and validator of the object as it is now; called at the start of
  // each (re)start of the download. `cancelled` ends it (and any backoff
  // between its retries) with kCancelled.
  virtual Result<SourceObject> Probe(
      const std::function<bool()>& cancelled) const = 0;

  // Streams bytes [first, last] of the version `seen` (from Probe) into
  // `sink`, which receives nothing but those bytes, in order: an answer
  // that is not exactly that range is refused before its body reaches the
  // sink. kPreconditionFailed when the object is no longer that version;
  // the download then starts over. Without ranges (seen.ranges false) it is
  // asked only for the whole object. Thread-safe: the workers share one
  // source. Not retried here: the caller resumes from what reached the
  // sink.
  virtual Status Fetch(const SourceObject& seen, uint64_t first, uint64_t last,
                       BodySink& sink,
                       const std::function<bool()>& cancelled) const = 0;

  // The object as the caller's listing described it, when that may stand
  // in for Probe (OssObjectSource: DownloadRequest::listed); nullopt (the
  // default): probe. Its metadata holds what a listing tells (size, ETag,
  // Last-Modified, storage class); FetchWhole's answer brings the rest.
  virtual std::optional<SourceObject> Listed() const { return std::nullopt; }

  // Streams all of version `seen` into `sink` with one request (no Range:
  // a store's whole-object headers are unambiguous on a 200) and returns
  // the metadata that answer carried: the checksum, user metadata, content
  // type. Asked only of a source whose Listed() gave `seen`, and, like
  // Fetch, thread-safe and not retried here.
  virtual Result<ObjectMetadata> FetchWhole(
      const SourceObject& seen, BodySink& sink,
      const std::function<bool()>& cancelled) const {
    (void)seen;
    (void)sink;
    (void)cancelled;
    return Status::Internal("this source lists no objects to fetch whole");
  }

  // The store's answer to HEAD ?partNumber=1 for the version `seen` (S3:
  // part 1's size and the parts count, which a multipart ETag check needs,
  // transfer/etag_check.h); nullopt when the source has no such read (the
  // default). Asked once, after the bytes are in, and only for an object
  // with a multipart ETag and no checksum; an error only costs the check
  // its exact layout. kCancelled when `cancelled` ends it.
  virtual Result<std::optional<ObjectPartHead>> HeadFirstPart(
      const SourceObject& seen, const std::function<bool()>& cancelled) const {
    (void)seen;
    (void)cancelled;
    return std::optional<ObjectPartHead>();
  }

  virtual SourceIdentity Identity() const = 0;

  // Tells the checkpoints of different objects apart when they share a
  // checkpoint directory (hashed into the file name).
  virtual std::string CheckpointKey() const = 0;

  // The object as a user names it, safe to print: "oss://bucket/key",
  // "https://host/path?<query hidden>".
  virtual std::string Describe() const = 0;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_OBJECT_SOURCE_H_
