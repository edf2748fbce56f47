// The object store's metadata: buckets, objects, uploads and parts, as
// rows of one SQLite database (WAL, synchronous FULL). Every method is one
// atomic step: it holds the catalog's mutex for its whole duration and
// writes inside one transaction, so concurrent callers see each change
// whole or not at all.
//
// The catalog knows data files only by name; creating and removing them
// is the caller's job. Methods that drop a reference to a file return its
// name so the caller can unlink it after the commit.
#ifndef OSSXFER_SERVER_STORE_CATALOG_H_
#define OSSXFER_SERVER_STORE_CATALOG_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"
#include "server/key_listing.h"
#include "server/sqlite_database.h"
#include "server/store_types.h"

namespace ossxfer::server {

// Where a data file lives: data/ (PutObject, AppendObject) or parts/
// (UploadPart).
enum class FileArea { kData, kParts };

// A run of bytes of an object or of a copied part: `size` bytes from
// `file_offset` in one file. Several rows (of one owner or of several) may
// reference the same file; a file is unlinked when the last row, object or
// part that references it is gone.
struct SegmentRow {
  std::string data_file;
  uint64_t size = 0;
  FileArea area = FileArea::kParts;
  uint64_t file_offset = 0;
};

// Files a change stopped referencing, for the caller to unlink after the
// commit.
struct ReleasedFiles {
  std::vector<std::string> data;   // in data/
  std::vector<std::string> parts;  // in parts/
};

// The version of an object a copy read, checked again inside the copy's
// transaction: a source replaced in between is not copied.
struct SourceVersion {
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;  // none: the current version
  std::string etag;
  int64_t last_modified_ms = 0;
};

// One version of a key, as found by its id or as the current one.
struct VersionRef {
  int64_t seq = 0;  // version_seq: increasing per key
  std::string data_file;
  std::string version_id;
  bool delete_marker = false;
};

// What a DeleteObject did: the version removed for good, or the delete
// marker it added (delete_marker set, version_id the marker's); nothing
// when there was no such version.
struct DeletedVersion {
  std::optional<std::string> version_id;
  bool delete_marker = false;
  ReleasedFiles released;
};

struct ObjectRow {
  StoredObject object;  // segments unset
  int64_t version_seq = 0;
  bool is_latest = false;  // set by ScanVersions only
  // A single-file object's file in data/. For an object stored as segments,
  // the id its segment rows carry: no file has that name.
  std::string data_file;
  // In order; empty for a single-file object. GetObject fills them,
  // ScanObjects does not.
  std::vector<SegmentRow> segments;
};

struct PartRow {
  StoredPart part;  // etag derived from md5
  std::string md5;  // 16 raw bytes
  // The part's file in parts/; for a copied part (UploadPartCopy), the id
  // its segment rows carry: no file has that name.
  std::string data_file;
};

struct UploadRow {
  UploadInfo info;
  std::string bucket;
  ObjectAttributes attributes;
  UploadChecksum checksum;
  int64_t seq = 0;  // initiation order, unique and increasing
};

struct ReferencedFiles {
  std::unordered_set<std::string> data;
  std::unordered_set<std::string> parts;  // parts and segments
};

class StoreCatalog {
 public:
  // Opens or creates the database and its schema.
  static Result<std::unique_ptr<StoreCatalog>> Open(
      const std::filesystem::path& db_path);

  Status CreateBucket(const std::string& bucket, int64_t created_ms);
  Status DeleteBucket(const std::string& bucket);
  Result<std::vector<BucketInfo>> ListBuckets();
  Status CheckBucket(const std::string& bucket);

  // The current version (404 NoSuchKey if none or a delete marker), or
  // the one named (404 NoSuchVersion; a delete marker is returned).
  Result<ObjectRow> GetObject(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id = std::nullopt);
  Result<std::optional<VersionRef>> CurrentVersion(const std::string& bucket,
                                                   const std::string& key);
  // Early refusal, before a body is copied: NoSuchBucket, and with
  // `forbid_overwrite` FileAlreadyExists. PutObject checks again.
  Status CheckWritable(const std::string& bucket, const std::string& key,
                       bool forbid_overwrite);
  // Adds the object as the key's new version (its version_id is set
  // here: "null", replacing the null version, unless versioning is
  // Enabled); returns the files nothing references any more.
  Result<ReleasedFiles> PutObject(ObjectRow& row, bool forbid_overwrite);
  // Removes the version named for good; without one, removes the key's
  // only version in a never-versioned bucket, or adds a delete marker.
  Result<DeletedVersion> DeleteObject(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id, int64_t now_ms);
  // At most `limit` objects (current versions, no delete markers) after
  // `cursor`, below `upper` if set, by key.
  Result<std::vector<ObjectRow>> ScanObjects(
      const std::string& bucket, const ListCursor& cursor,
      const std::optional<std::string>& upper, int limit);
  // Every version and delete marker, by key and newest first within a key
  // (cursor seqs are VersionListingSeq), with is_latest set.
  Result<std::vector<ObjectRow>> ScanVersions(
      const std::string& bucket, const ListCursor& cursor,
      const std::optional<std::string>& upper, int limit);
  static constexpr int64_t kNewestFirst =
      std::numeric_limits<int64_t>::max() - 1;
  // "" (never set), Enabled or Suspended; 404 NoSuchBucket.
  Status SetBucketVersioning(const std::string& bucket,
                             const std::string& status);
  Status SetRestore(const std::string& bucket, const std::string& key,
                    int64_t ready_ms, int64_t expiry_ms);
  // Changes an object's attributes (its ACL, its tags) in place: its data,
  // ETag and Last-Modified stay. 404 NoSuchKey.
  Status UpdateAttributes(const std::string& bucket, const std::string& key,
                          const std::optional<std::string>& version_id,
                          const std::function<void(ObjectAttributes&)>& change);
  Status SetBucketAcl(const std::string& bucket, const std::string& acl);
  Result<BucketInfo> GetBucket(const std::string& bucket);

  // Puts `destination` (its segments unset) with the bytes of `source`,
  // referencing the source's files (no byte is copied). kNotFound, nothing
  // changed, when the source is no longer that version.
  Result<ReleasedFiles> CopyObject(const SourceVersion& source,
                                   ObjectRow& destination,
                                   bool forbid_overwrite);
  // Stores `part` (its data_file an id naming no file) as bytes
  // [first, first + part.size) of `source`, referencing the source's files.
  // kNotFound as for CopyObject.
  Result<ReleasedFiles> PutCopiedPart(const std::string& bucket,
                                      const std::string& key,
                                      const std::string& upload_id,
                                      const PartRow& part,
                                      const SourceVersion& source,
                                      uint64_t first);
  // Appends `segment` (a new file in data/ holding `size` bytes of CRC
  // `crc64`) to the Appendable object at bucket/key, creating it from
  // `created` when absent and `position` is 0. 409 ObjectNotAppendable,
  // 409 PositionNotEqualToLength. Returns the object after the append.
  Result<ObjectRow> AppendObject(ObjectRow created, uint64_t position,
                                 const SegmentRow& segment, uint64_t crc64);

  Status InsertUpload(const std::string& bucket, const std::string& key,
                      const std::string& upload_id,
                      const ObjectAttributes& attributes,
                      const UploadChecksum& checksum, int64_t initiated_ms);
  Result<UploadRow> GetUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);
  // Inserts or replaces the part; returns the files it stopped using.
  Result<ReleasedFiles> PutPart(const std::string& bucket,
                                const std::string& key,
                                const std::string& upload_id,
                                const PartRow& row);
  // At most `limit` parts numbered above `marker`, ascending.
  Result<std::vector<PartRow>> ListParts(const std::string& bucket,
                                         const std::string& key,
                                         const std::string& upload_id,
                                         int marker, int limit);
  // Removes the upload and its parts; returns the files they stopped using.
  Result<ReleasedFiles> DeleteUpload(const std::string& bucket,
                                     const std::string& key,
                                     const std::string& upload_id);
  // In one transaction: puts the object, whose segments name part files of
  // the upload (a part's data_file and size; 400 InvalidPart for one
  // replaced or dropped meanwhile), and removes the upload and its parts.
  // A copied part's segment stands for the segments it references. Returns
  // the files nothing references any more: the replaced object's and those
  // of the parts left out.
  Result<ReleasedFiles> CompleteUpload(const std::string& upload_id,
                                       ObjectRow& row, bool forbid_overwrite);
  Result<std::vector<UploadRow>> ScanUploads(
      const std::string& bucket, const ListCursor& cursor,
      const std::optional<std::string>& upper, int limit);
  // The seq of an upload of `key`, nullopt if there is none.
  Result<std::optional<int64_t>> UploadSeq(const std::string& bucket,
                                           const std::string& key,
                                           const std::string& upload_id);
  // Removes one part row; returns the files it stopped using.
  Result<ReleasedFiles> DropPart(const std::string& upload_id, int part_number);

  Result<ReferencedFiles> ListReferencedFiles();

 private:
  explicit StoreCatalog(SqliteDatabase db) : db_(std::move(db)) {}

  // The *Locked helpers expect mutex_ held.
  Result<bool> BucketExistsLocked(const std::string& bucket);
  Status RequireBucketLocked(const std::string& bucket);
  // The version named, or the current one; nullopt if there is none.
  Result<std::optional<VersionRef>> FindVersionLocked(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id);
  Result<std::string> VersioningLocked(const std::string& bucket);
  // 409 FileAlreadyExists if the key has a live current version (ignored in
  // a versioned bucket, as OSS does).
  Status ForbidOverwriteLocked(const std::string& bucket,
                               const std::string& key);
  // Drops a version's row and its segment rows, adding its files to
  // `candidates`.
  Status RemoveVersionLocked(const std::string& bucket, const std::string& key,
                             const VersionRef& version,
                             ReleasedFiles& candidates);
  // Gives `row` its version id and seq as the key's new current version,
  // removing the "null" version it replaces (unversioned, suspended).
  Status PlaceNewVersionLocked(ObjectRow& row, ReleasedFiles& candidates);
  // The segments whose rows carry `owner` (an object's or a copied part's
  // data_file), in order.
  Result<std::vector<SegmentRow>> SegmentsLocked(const std::string& owner);
  // The bytes an owner holds: its segment rows, or the one file it names
  // in `area` when it has none.
  Result<std::vector<SegmentRow>> BytesOfLocked(const std::string& owner,
                                                uint64_t size, FileArea area);
  // Drops the segment rows of `owner` and adds every file it referenced to
  // `candidates`, for UnreferencedLocked to check once the change is made.
  Status ReleaseOwnerLocked(const std::string& owner, FileArea area,
                            ReleasedFiles& candidates);
  // The candidates that no object, part or segment references any more:
  // the files the caller may unlink after the commit.
  Result<ReleasedFiles> UnreferencedLocked(const ReleasedFiles& candidates);
  // The current row of the source, kNotFound if it is not that version.
  Result<ObjectRow> SourceLocked(const SourceVersion& source);
  // Inserts `segments` as the owner's, numbered from `first_seq`.
  Status InsertSegmentsLocked(const std::string& owner,
                              const std::vector<SegmentRow>& segments,
                              size_t first_seq = 0);
  Status RequireUploadLocked(const std::string& bucket, const std::string& key,
                             const std::string& upload_id);
  // Inserts the object row (a version) and its segment rows.
  Status InsertObjectLocked(const ObjectRow& row);
  // Removes the upload and its parts, adding their files to `candidates`.
  Status RemoveUploadLocked(const std::string& upload_id,
                            ReleasedFiles& candidates);
  // Replaces the part row (and the segment rows of a copied part).
  Status UpsertPartLocked(const std::string& upload_id, const PartRow& row,
                          const std::vector<SegmentRow>& segments,
                          ReleasedFiles& candidates);
  // 400 InvalidPart unless every segment is a part file of the upload, of
  // that size.
  Status RequirePartFilesLocked(const std::string& upload_id,
                                const std::vector<SegmentRow>& segments);
  // As GetObject, with its segments.
  Result<ObjectRow> ObjectRowLocked(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id);

  std::mutex mutex_;
  SqliteDatabase db_;  // guarded by mutex_
};

// A version's position in ScanVersions' order within its key.
int64_t VersionListingSeq(const ObjectRow& row);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_CATALOG_H_
