// The durable store behind `ossxfer serve`: buckets, objects, multipart
// uploads and their parts, under one root directory.
//
// Invariants:
// - Object and part data live in files named by random ids, never by key:
//   no key (`../`, `/` runs, anything up to 1023 bytes) can name a path
//   outside the root.
// - Data is written to a temp file, fsynced, and renamed into place before
//   the metadata that points at it is committed (SQLite, WAL, synchronous
//   FULL). A crash at any moment leaves either the old object or the new
//   one visible, never a partial one; a restart serves everything that was
//   acknowledged. Orphaned temp and data files are removed at Open.
// - An object is one or more segments, files read one after the other: a
//   PutObject stores one file; a completed multipart upload keeps the part
//   files themselves as its segments (Complete moves their ownership in the
//   catalog and copies no byte).
// - Errors are Status values carrying a ServiceError with the OSS HTTP
//   status, Code and Message (RequestId and HostId are the HTTP layer's).
#ifndef OSSXFER_SERVER_OBJECT_STORE_H_
#define OSSXFER_SERVER_OBJECT_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ossxfer/multipart_operations.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"
#include "server/store_types.h"

namespace ossxfer::server {

// ListObjectVersions: versions and delete markers (delete_marker set) in
// listing order, newest first within a key.
struct VersionListPage {
  std::vector<StoredObject> versions;  // segments unset
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_version_id_marker;
};

// What DeleteObject did (see StoreCatalog's DeletedVersion).
struct DeleteOutcome {
  std::optional<std::string> version_id;
  bool delete_marker = false;
};

struct ObjectListPage {
  std::vector<StoredObject> objects;  // segments unset
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_marker;  // the last key or prefix returned
};

struct UploadListPage {
  std::vector<UploadInfo> uploads;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

// Receives a body piece by piece (no whole-body buffering), computing MD5
// and CRC64 as it goes. Destroying it without Commit discards the data.
class DataWriter {
 public:
  virtual ~DataWriter() = default;
  virtual Status Append(const char* data, size_t size) = 0;
  virtual uint64_t bytes_written() const = 0;
};

class ObjectWriter : public DataWriter {
 public:
  // The checksum the body was checked against (S3's x-amz-checksum-*),
  // to keep with the object. Before Commit.
  virtual void RecordChecksum(StoredChecksum checksum) = 0;
  // fsync + rename + metadata commit. With forbid_overwrite and an existing
  // key: 409 FileAlreadyExists, nothing changes. With expected_md5 (16 raw
  // bytes, from Content-MD5) a body with another digest is 400
  // InvalidDigest and is not stored.
  virtual Result<StoredObject> Commit(
      bool forbid_overwrite,
      const std::optional<std::string>& expected_md5) = 0;
};

class AppendWriter : public DataWriter {
 public:
  // Appends the body at `position`, which must be the object's size: 409
  // PositionNotEqualToLength otherwise, 409 ObjectNotAppendable for an
  // object not created by AppendObject. The first append (position 0, no
  // object) creates it with the attributes given to BeginAppend. With
  // expected_md5 a body of another digest is 400 InvalidDigest.
  virtual Result<StoredObject> Commit(
      uint64_t position, const std::optional<std::string>& expected_md5) = 0;
};

// Receives one part of a multipart upload (UploadPart). Not to be confused
// with util::PartWriter, which writes the bytes of one part into a file.
class UploadPartWriter : public DataWriter {
 public:
  // The algorithm the part's upload keeps checksums of.
  virtual const UploadChecksum& upload_checksum() const = 0;
  // The raw checksum of the upload's algorithm the body was checked
  // against, to keep with the part. Before Commit.
  virtual void RecordChecksum(std::string checksum) = 0;
  // Replaces an earlier part of the same number (OSS semantics). With
  // expected_md5 (16 raw bytes, from Content-MD5) a body with another
  // digest is 400 InvalidDigest and is not stored.
  virtual Result<StoredPart> Commit(
      const std::optional<std::string>& expected_md5) = 0;
};

// Whether `status` says that what an operation was given vanished since it
// was looked up (a copy source replaced, a data file unlinked): a plain
// kNotFound, not an OSS 404. The caller looks the object up again.
bool IsVanished(const Status& status);

class ObjectStore {
 public:
  // Creates the root and its database if missing.
  static Result<std::unique_ptr<ObjectStore>> Open(
      const std::filesystem::path& root);
  virtual ~ObjectStore() = default;

  // 409 BucketAlreadyExists if it exists (the caller validates the name).
  virtual Status CreateBucket(const std::string& bucket) = 0;
  // 404 NoSuchBucket; 409 BucketNotEmpty if it holds objects or uploads.
  virtual Status DeleteBucket(const std::string& bucket) = 0;
  virtual Result<std::vector<BucketInfo>> ListBuckets() = 0;
  // 404 NoSuchBucket when absent.
  virtual Status CheckBucket(const std::string& bucket) = 0;

  // 404 NoSuchBucket.
  virtual Result<std::unique_ptr<ObjectWriter>> BeginPut(
      const std::string& bucket, const std::string& key,
      const ObjectAttributes& attributes) = 0;
  // The current version: 404 NoSuchBucket / NoSuchKey (also when it is a
  // delete marker). With a version id: that version, a delete marker
  // included (delete_marker set), or 404 NoSuchVersion.
  virtual Result<StoredObject> GetObject(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id = std::nullopt) = 0;
  // Whether the key's current version is a delete marker, and its id (for
  // the headers of a 404): nullopt when it is not.
  virtual Result<std::optional<std::string>> CurrentDeleteMarker(
      const std::string& bucket, const std::string& key) = 0;
  // Deleting a missing key succeeds (OSS answers 204 either way). Without
  // a version id in a versioned bucket, adds a delete marker.
  Status DeleteObject(const std::string& bucket, const std::string& key) {
    return DeleteVersion(bucket, key, std::nullopt).status();
  }
  virtual Result<DeleteOutcome> DeleteVersion(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id) = 0;
  // Enabled or Suspended (there is no way back to never versioned).
  virtual Status SetBucketVersioning(const std::string& bucket,
                                     const std::string& status) = 0;
  // As ListObjects, over every version; version_id_marker continues within
  // key_marker.
  virtual Result<VersionListPage> ListObjectVersions(
      const std::string& bucket, const std::string& prefix,
      const std::string& delimiter, const std::string& key_marker,
      const std::string& version_id_marker, int max_keys) = 0;
  // Keys > marker (exclusive), in byte order, with prefix; with a delimiter,
  // keys that have it after the prefix roll up into common prefixes (each
  // counts once toward max_keys).
  virtual Result<ObjectListPage> ListObjects(const std::string& bucket,
                                             const std::string& prefix,
                                             const std::string& delimiter,
                                             const std::string& marker,
                                             int max_keys) = 0;
  // Changes the attributes of the current version or the one named in
  // place (ACL, tags): 404 NoSuchKey / NoSuchVersion, 405 for a delete
  // marker.
  virtual Status UpdateAttributes(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id,
      const std::function<void(ObjectAttributes&)>& change) = 0;
  // 404 NoSuchBucket.
  virtual Result<BucketInfo> GetBucket(const std::string& bucket) = 0;
  virtual Status SetBucketAcl(const std::string& bucket,
                              const std::string& acl) = 0;
  // A Symlink object naming `target` (not checked: OSS checks at read).
  virtual Result<StoredObject> PutSymlink(const std::string& bucket,
                                          const std::string& key,
                                          const std::string& target,
                                          const ObjectAttributes& attributes,
                                          bool forbid_overwrite) = 0;
  // Makes `destination` (bucket, key, attributes; the rest is the
  // source's) hold the bytes of `source` as GetObject returned it,
  // referencing its files (no byte is copied; a copy of a link is a link).
  // kNotFound when the source was replaced since: look it up again. The
  // result's segments are unset.
  virtual Result<StoredObject> CopyObject(const StoredObject& source,
                                          StoredObject destination,
                                          bool forbid_overwrite) = 0;
  // Part `part_number` of an upload of bucket/key becomes bytes
  // [first, first + size) of `source`, referencing its files; the part's
  // MD5 and CRC-64 are computed by reading those bytes. kNotFound as for
  // CopyObject; 404 NoSuchUpload.
  virtual Result<StoredPart> CopyPart(const std::string& bucket,
                                      const std::string& key,
                                      const std::string& upload_id,
                                      int part_number,
                                      const StoredObject& source,
                                      uint64_t first, uint64_t size) = 0;
  // 404 NoSuchBucket.
  virtual Result<std::unique_ptr<AppendWriter>> BeginAppend(
      const std::string& bucket, const std::string& key,
      const ObjectAttributes& attributes) = 0;

  // Sets the restore times of an Archive object: 404 NoSuchKey; 400
  // InvalidObjectState-like error if not Archive/ColdArchive.
  virtual Status SetRestore(const std::string& bucket, const std::string& key,
                            int64_t ready_ms, int64_t expiry_ms) = 0;

  // Returns the new upload id (32 uppercase hex). 404 NoSuchBucket. With a
  // checksum algorithm, the parts' checksums of it are kept and combined
  // at Complete into the object's (COMPOSITE or FULL_OBJECT).
  virtual Result<std::string> InitiateUpload(
      const std::string& bucket, const std::string& key,
      const ObjectAttributes& attributes, const UploadChecksum& checksum) = 0;
  Result<std::string> InitiateUpload(const std::string& bucket,
                                     const std::string& key,
                                     const ObjectAttributes& attributes) {
    return InitiateUpload(bucket, key, attributes, UploadChecksum{});
  }
  // 404 NoSuchUpload when the id is unknown for that bucket/key.
  virtual Result<std::unique_ptr<UploadPartWriter>> BeginPart(
      const std::string& bucket, const std::string& key,
      const std::string& upload_id, int part_number) = 0;
  // Parts with number > marker, ascending, at most max_parts; `truncated`
  // set when more remain.
  virtual Result<std::vector<StoredPart>> ListParts(
      const std::string& bucket, const std::string& key,
      const std::string& upload_id, int part_number_marker, int max_parts,
      bool* truncated) = 0;
  // Checks (400 InvalidPartOrder, InvalidPart, EntityTooSmall for a
  // non-last part < 102400 bytes; 404 NoSuchUpload), then makes the listed
  // parts, in order, the segments of one object (no data is copied): ETag
  // "\"MD5(concat part MD5s)-N\"", CRC64 the combination of the part CRCs,
  // type Multipart, the attributes given at initiate, the part sizes, and
  // the checksum of the upload's algorithm when every part has one. With
  // `all_parts` the list is ignored and every stored part is used in order.
  // Unlisted parts are discarded; the upload is gone. A listed part replaced or
  // dropped meanwhile is 400 InvalidPart. A `claimed` whole-object checksum
  // (S3's Complete) is checked against the parts' before anything changes
  // (CheckClaimedObjectChecksum).
  virtual Result<StoredObject> CompleteUpload(
      const std::string& bucket, const std::string& key,
      const std::string& upload_id, const std::vector<CompletedPart>& parts,
      bool all_parts, bool forbid_overwrite,
      const StoredChecksum* claimed = nullptr) = 0;
  // 404 NoSuchUpload.
  virtual Status AbortUpload(const std::string& bucket, const std::string& key,
                             const std::string& upload_id) = 0;
  // Ordered by key, then initiation time; (key, upload id) > markers.
  virtual Result<UploadListPage> ListUploads(
      const std::string& bucket, const std::string& prefix,
      const std::string& delimiter, const std::string& key_marker,
      const std::string& upload_id_marker, int max_uploads) = 0;

  // Removes one stored part without telling anyone (fault injection:
  // "drop a PUT part after storing it"). 404 if absent.
  virtual Status DropPart(const std::string& upload_id, int part_number) = 0;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OBJECT_STORE_H_
