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

struct ObjectRow {
  StoredObject object;    // data_path unset
  std::string data_file;  // name in data/
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

// What a completion stopped referencing.
struct CompletionLeftovers {
  std::optional<std::string> replaced_object_file;  // in data/
  std::vector<std::string> part_files;              // in parts/
};

struct ReferencedFiles {
  std::unordered_set<std::string> data;
  std::unordered_set<std::string> parts;
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
  // Inserts or replaces the object; returns the replaced object's file.
  Result<std::optional<std::string>> PutObject(const ObjectRow& row,
                                               bool forbid_overwrite);
  // Returns the removed object's file (nullopt if there was none).
  Result<std::optional<std::string>> DeleteObject(const std::string& bucket,
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
  // In one transaction: puts the object, removes the upload and its parts.
  Result<CompletionLeftovers> CompleteUpload(const std::string& upload_id,
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
  Status RequireUploadLocked(const std::string& bucket, const std::string& key,
                             const std::string& upload_id);
  Status UpsertObjectLocked(const ObjectRow& row);
  Result<std::vector<std::string>> RemoveUploadLocked(
      const std::string& upload_id);

  std::mutex mutex_;
  SqliteDatabase db_;  // guarded by mutex_
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_CATALOG_H_
