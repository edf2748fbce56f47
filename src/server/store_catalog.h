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
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ossxfer/result.h"
#include "server/key_listing.h"
#include "server/object_store.h"
#include "server/sqlite_database.h"

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

// The version of an object a copy read, checked again inside the copy's
// transaction: a source replaced in between is not copied.
struct SourceVersion {
  std::string bucket;
  std::string key;
  std::string etag;
  int64_t last_modified_ms = 0;
};

struct ObjectRow {
  StoredObject object;  // segments unset
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
  int64_t seq = 0;  // initiation order, unique and increasing
};

// Files a change stopped referencing, for the caller to unlink after the
// commit.
struct ReleasedFiles {
  std::vector<std::string> data;   // in data/
  std::vector<std::string> parts;  // in parts/
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

  Result<ObjectRow> GetObject(const std::string& bucket,
                              const std::string& key);
  // Early refusal, before a body is copied: NoSuchBucket, and with
  // `forbid_overwrite` FileAlreadyExists. PutObject checks again.
  Status CheckWritable(const std::string& bucket, const std::string& key,
                       bool forbid_overwrite);
  // Inserts or replaces the object; returns the replaced object's files.
  Result<ReleasedFiles> PutObject(const ObjectRow& row, bool forbid_overwrite);
  // Returns the removed object's files (none if there was no object).
  Result<ReleasedFiles> DeleteObject(const std::string& bucket,
                                     const std::string& key);
  // At most `limit` objects after `cursor`, below `upper` if set, by key.
  Result<std::vector<ObjectRow>> ScanObjects(
      const std::string& bucket, const ListCursor& cursor,
      const std::optional<std::string>& upper, int limit);
  Status SetRestore(const std::string& bucket, const std::string& key,
                    int64_t ready_ms, int64_t expiry_ms);
  // Changes an object's attributes (its ACL, its tags) in place: its data,
  // ETag and Last-Modified stay. 404 NoSuchKey.
  Status UpdateAttributes(const std::string& bucket, const std::string& key,
                          const std::function<void(ObjectAttributes&)>& change);
  Status SetBucketAcl(const std::string& bucket, const std::string& acl);
  Result<BucketInfo> GetBucket(const std::string& bucket);

  // Puts `destination` (its segments unset) with the bytes of `source`,
  // referencing the source's files (no byte is copied). kNotFound, nothing
  // changed, when the source is no longer that version.
  Result<ReleasedFiles> CopyObject(const SourceVersion& source,
                                   ObjectRow destination,
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
  Result<ObjectRow> AppendObject(const ObjectRow& created, uint64_t position,
                                 const SegmentRow& segment, uint64_t crc64);

  Status InsertUpload(const std::string& bucket, const std::string& key,
                      const std::string& upload_id,
                      const ObjectAttributes& attributes, int64_t initiated_ms);
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
                                       const ObjectRow& row,
                                       bool forbid_overwrite);
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
  Result<std::optional<std::string>> ObjectFileLocked(const std::string& bucket,
                                                      const std::string& key);
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
  // The same for the object at bucket/key (if any); its row is left for
  // the caller to replace or delete in the same transaction.
  Status ReleaseObjectLocked(const std::string& bucket, const std::string& key,
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
  // Inserts or replaces the object row and inserts its segment rows.
  Status UpsertObjectLocked(const ObjectRow& row);
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
  // The row of bucket/key with its segments; 404 NoSuchKey when absent.
  Result<ObjectRow> ObjectRowLocked(const std::string& bucket,
                                    const std::string& key);

  std::mutex mutex_;
  SqliteDatabase db_;  // guarded by mutex_
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_CATALOG_H_
