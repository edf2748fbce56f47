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

// One file of an object stored as segments: a former part file, in parts/.
struct SegmentRow {
  std::string data_file;  // name in parts/
  uint64_t size = 0;
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
  StoredPart part;        // etag derived from md5
  std::string md5;        // 16 raw bytes
  std::string data_file;  // name in parts/
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

  Status InsertUpload(const std::string& bucket, const std::string& key,
                      const std::string& upload_id,
                      const ObjectAttributes& attributes, int64_t initiated_ms);
  Result<UploadRow> GetUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);
  // Inserts or replaces the part; returns the replaced part's file.
  Result<std::optional<std::string>> PutPart(const std::string& bucket,
                                             const std::string& key,
                                             const std::string& upload_id,
                                             const PartRow& row);
  // At most `limit` parts numbered above `marker`, ascending.
  Result<std::vector<PartRow>> ListParts(const std::string& bucket,
                                         const std::string& key,
                                         const std::string& upload_id,
                                         int marker, int limit);
  // Removes the upload and its parts; returns the parts' files.
  Result<std::vector<std::string>> DeleteUpload(const std::string& bucket,
                                                const std::string& key,
                                                const std::string& upload_id);
  // In one transaction: puts the object, whose segments must be part files
  // of the upload (400 InvalidPart for one replaced or dropped meanwhile),
  // and removes the upload and its parts. The segments' files pass from
  // the parts to the object; returns the replaced object's files and those
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
  // Removes one part row; returns its file.
  Result<std::string> DropPart(const std::string& upload_id, int part_number);

  Result<ReferencedFiles> ListReferencedFiles();

 private:
  explicit StoreCatalog(SqliteDatabase db) : db_(std::move(db)) {}

  // The *Locked helpers expect mutex_ held.
  Result<bool> BucketExistsLocked(const std::string& bucket);
  Status RequireBucketLocked(const std::string& bucket);
  Result<std::optional<std::string>> ObjectFileLocked(const std::string& bucket,
                                                      const std::string& key);
  // The segments whose rows carry `data_file`, in order.
  Result<std::vector<SegmentRow>> SegmentsLocked(const std::string& data_file);
  // Drops the segment rows of the object at bucket/key (if any) and returns
  // every file the object holds; its row is left for the caller to replace
  // or delete in the same transaction.
  Result<ReleasedFiles> ReleaseObjectLocked(const std::string& bucket,
                                            const std::string& key);
  Status RequireUploadLocked(const std::string& bucket, const std::string& key,
                             const std::string& upload_id);
  // Inserts or replaces the object row and inserts its segment rows.
  Status UpsertObjectLocked(const ObjectRow& row);
  Result<std::vector<std::string>> RemoveUploadLocked(
      const std::string& upload_id);
  // 400 InvalidPart unless every segment is a part file of the upload, of
  // that size.
  Status RequirePartFilesLocked(const std::string& upload_id,
                                const std::vector<SegmentRow>& segments);

  std::mutex mutex_;
  SqliteDatabase db_;  // guarded by mutex_
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_CATALOG_H_
