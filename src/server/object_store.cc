// ObjectStore on local disk: metadata in StoreCatalog (SQLite), data in
// files with random names under data/ and parts/, written through tmp/.
//
// The order of every write is: data file durable in its final directory,
// then the metadata commit, then removal of files the commit stopped
// referencing. A crash between the first two steps leaves an unreferenced
// file, which Open removes; a crash after the commit leaves at worst a
// stale file, also removed by Open. Readers never see a partial object.
//
// A completed multipart upload keeps its part files where they are, in
// parts/, as the object's segments: each is already durable there (fsynced,
// and its directory entry too, when the part was committed), so Complete
// only has to move their ownership from the parts rows to segment rows,
// which one SQLite transaction does atomically. Renaming them into data/
// instead would add a step outside the transaction (a crash between it and
// the commit would leave rows pointing at moved files, needing a repair at
// Open) and cost a rename per part for nothing.
#include "server/object_store.h"

#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <map>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "ossxfer/crc64.h"
#include "server/hashed_body.h"
#include "server/key_listing.h"
#include "server/multipart_rules.h"
#include "server/object_data_reader.h"
#include "server/posix_file.h"
#include "server/random_id.h"
#include "server/s3_checksums.h"
#include "server/store_catalog.h"
#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::server {
namespace {

constexpr size_t kMaxKeyBytes = 1023;

// The exact version a lookup returned: a copy must read that one.
SourceVersion VersionOf(const StoredObject& object) {
  return SourceVersion{object.bucket, object.key, object.version_id,
                       object.etag, object.last_modified_ms};
}

Status CheckKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return InvalidObjectNameError();
  return Status::Ok();
}

// Shared by the store and the writers it hands out, so that a writer still
// alive when the store is destroyed keeps a working catalog.
struct StoreContext {
  // Declared first so it is released last, after the database is closed.
  UniqueFd root_lock;
  std::filesystem::path root;
  std::filesystem::path data_dir;
  std::filesystem::path parts_dir;
  std::filesystem::path tmp_dir;
  std::unique_ptr<StoreCatalog> catalog;
};

// Removes a file the metadata no longer references. A failure is not
// reported: the operation itself succeeded, and the next Open removes
// whatever is left.
void RemoveUnreferenced(const std::filesystem::path& path) {
  (void)RemoveFile(path);
}

void RemoveReleased(const StoreContext& context, const ReleasedFiles& files) {
  for (const std::string& file : files.data) {
    RemoveUnreferenced(context.data_dir / file);
  }
  for (const std::string& file : files.parts) {
    RemoveUnreferenced(context.parts_dir / file);
  }
}

std::filesystem::path PathOf(const StoreContext& context, FileArea area,
                             const std::string& file) {
  return (area == FileArea::kData ? context.data_dir : context.parts_dir) /
         file;
}

// The paths of a catalog row's data: its segments, or its one file in
// data/.
std::vector<DataSegment> SegmentsOf(const StoreContext& context,
                                    const ObjectRow& row) {
  std::vector<DataSegment> segments;
  if (row.segments.empty()) {
    segments.push_back({context.data_dir / row.data_file, row.object.size});
    return segments;
  }
  segments.reserve(row.segments.size());
  for (const SegmentRow& segment : row.segments) {
    segments.push_back({PathOf(context, segment.area, segment.data_file),
                        segment.size, segment.file_offset});
  }
  return segments;
}

// Commits an object whose data file is already durable in data/: on
// failure the file is removed, on success the files of the object it
// replaced are.
Result<StoredObject> CommitObject(const StoreContext& context, ObjectRow row,
                                  bool forbid_overwrite) {
  Result<ReleasedFiles> replaced =
      context.catalog->PutObject(row, forbid_overwrite);
  if (!replaced.ok()) {
    RemoveUnreferenced(context.data_dir / row.data_file);
    return replaced.status();
  }
  RemoveReleased(context, *replaced);
  row.object.segments = SegmentsOf(context, row);
  return std::move(row.object);
}

// What the writers of a new object's body share (PutObject, AppendObject):
// where the object goes and the body received so far.
template <typename Writer>
class ObjectBodyWriter : public Writer {
 public:
  ObjectBodyWriter(std::shared_ptr<StoreContext> context, std::string bucket,
                   std::string key, ObjectAttributes attributes,
                   std::unique_ptr<HashedBody> body)
      : context_(std::move(context)),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        attributes_(std::move(attributes)),
        body_(std::move(body)) {}

  Status Append(const char* data, size_t size) override {
    return body_->Append(data, size);
  }
  uint64_t bytes_written() const override { return body_->size(); }

 protected:
  std::shared_ptr<StoreContext> context_;
  std::string bucket_;
  std::string key_;
  ObjectAttributes attributes_;
  std::unique_ptr<HashedBody> body_;
};

class DiskObjectWriter : public ObjectBodyWriter<ObjectWriter> {
 public:
  using ObjectBodyWriter::ObjectBodyWriter;

  void RecordChecksum(StoredChecksum checksum) override {
    checksum_ = std::move(checksum);
  }

  Result<StoredObject> Commit(
      bool forbid_overwrite,
      const std::optional<std::string>& expected_md5) override {
    // Refuse before paying for the fsync; CommitObject checks again
    // atomically.
    RETURN_IF_ERROR(
        context_->catalog->CheckWritable(bucket_, key_, forbid_overwrite));
    ASSIGN_OR_RETURN(PublishedBody body,
                     body_->Publish(context_->data_dir, expected_md5));
    ObjectRow row;
    row.data_file = std::move(body.file_name);
    StoredObject& object = row.object;
    object.bucket = bucket_;
    object.key = key_;
    object.size = body.size;
    object.etag = "\"" + util::HexUpper(body.md5) + "\"";
    object.crc64 = body.crc64;
    object.last_modified_ms = util::NowUnixMillis();
    object.object_type = "Normal";
    object.attributes = attributes_;
    object.checksum = checksum_;
    return CommitObject(*context_, std::move(row), forbid_overwrite);
  }

 private:
  StoredChecksum checksum_;
};

class DiskAppendWriter : public ObjectBodyWriter<AppendWriter> {
 public:
  using ObjectBodyWriter::ObjectBodyWriter;

  Result<StoredObject> Commit(
      uint64_t position,
      const std::optional<std::string>& expected_md5) override {
    ASSIGN_OR_RETURN(PublishedBody body,
                     body_->Publish(context_->data_dir, expected_md5));
    const std::filesystem::path path = context_->data_dir / body.file_name;
    ObjectRow created;
    created.data_file = RandomHexId();  // names no file: the segments' owner
    created.object.bucket = bucket_;
    created.object.key = key_;
    created.object.last_modified_ms = util::NowUnixMillis();
    created.object.attributes = attributes_;
    const SegmentRow segment{body.file_name, body.size, FileArea::kData, 0};
    Result<ObjectRow> appended =
        context_->catalog->AppendObject(created, position, segment, body.crc64);
    if (!appended.ok()) {
      RemoveUnreferenced(path);
      return appended.status();
    }
    // An empty append to an existing object leaves it as it was.
    const bool used =
        std::any_of(appended->segments.begin(), appended->segments.end(),
                    [&](const SegmentRow& kept) {
                      return kept.data_file == body.file_name;
                    });
    if (!used) RemoveUnreferenced(path);
    appended->object.segments = SegmentsOf(*context_, *appended);
    return std::move(appended->object);
  }
};

class DiskUploadPartWriter : public UploadPartWriter {
 public:
  DiskUploadPartWriter(std::shared_ptr<StoreContext> context,
                       std::string bucket, std::string key,
                       std::string upload_id, int part_number,
                       UploadChecksum upload_checksum,
                       std::unique_ptr<HashedBody> body)
      : context_(std::move(context)),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        upload_id_(std::move(upload_id)),
        part_number_(part_number),
        upload_checksum_(std::move(upload_checksum)),
        body_(std::move(body)) {}

  Status Append(const char* data, size_t size) override {
    return body_->Append(data, size);
  }
  uint64_t bytes_written() const override { return body_->size(); }

  const UploadChecksum& upload_checksum() const override {
    return upload_checksum_;
  }
  void RecordChecksum(std::string checksum) override {
    checksum_ = std::move(checksum);
  }

  Result<StoredPart> Commit(
      const std::optional<std::string>& expected_md5) override {
    ASSIGN_OR_RETURN(PublishedBody body,
                     body_->Publish(context_->parts_dir, expected_md5));
    PartRow row;
    row.data_file = std::move(body.file_name);
    row.md5 = std::move(body.md5);
    row.part.part_number = part_number_;
    row.part.size = body.size;
    row.part.etag = "\"" + util::HexUpper(row.md5) + "\"";
    row.part.crc64 = body.crc64;
    row.part.last_modified_ms = util::NowUnixMillis();
    row.part.checksum = checksum_;
    const std::filesystem::path path = context_->parts_dir / row.data_file;
    Result<ReleasedFiles> replaced =
        context_->catalog->PutPart(bucket_, key_, upload_id_, row);
    if (!replaced.ok()) {
      RemoveUnreferenced(path);
      return replaced.status();
    }
    RemoveReleased(*context_, *replaced);
    return std::move(row.part);
  }

 private:
  std::shared_ptr<StoreContext> context_;
  std::string bucket_;
  std::string key_;
  std::string upload_id_;
  int part_number_;
  UploadChecksum upload_checksum_;
  std::unique_ptr<HashedBody> body_;
  std::string checksum_;
};

// ---- Open ----

Status MakeDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::IoError("create directory " + dir.string() + ": " +
                           error.message());
  }
  return Status::Ok();
}

// One store per root at a time: Open deletes temp files, which would break
// the writes of another store open on the same root.
Result<UniqueFd> LockRoot(const std::filesystem::path& root) {
  const int fd = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open directory", root, errno);
  UniqueFd lock(fd);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EWOULDBLOCK) {
      return Status::IoError("store " + root.string() +
                             " is already open in another ObjectStore");
    }
    return ErrnoError("lock", root, error);
  }
  return lock;
}

// The names of the regular files directly in `dir`.
Result<std::vector<std::string>> FileNames(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::directory_iterator();
       it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  if (error) {
    return Status::IoError("list " + dir.string() + ": " + error.message());
  }
  return names;
}

// Removes the files of `dir` that `keep` does not name.
Status RemoveAllBut(const std::filesystem::path& dir,
                    const std::unordered_set<std::string>& keep) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, FileNames(dir));
  for (const std::string& name : names) {
    if (keep.count(name) != 0) continue;
    std::error_code error;
    std::filesystem::remove_all(dir / name, error);
    if (error) {
      return Status::IoError("remove " + (dir / name).string() + ": " +
                             error.message());
    }
  }
  return Status::Ok();
}

// Leftovers of a crash: unfinished writes in tmp/, and data or part files
// that were renamed into place but whose metadata was never committed (or
// whose removal after a commit did not happen). Files in parts/ are kept
// when a part or an object's segment references them.
Status RemoveLeftovers(const StoreContext& context) {
  RETURN_IF_ERROR(RemoveAllBut(context.tmp_dir, {}));
  ASSIGN_OR_RETURN(ReferencedFiles referenced,
                   context.catalog->ListReferencedFiles());
  RETURN_IF_ERROR(RemoveAllBut(context.data_dir, referenced.data));
  return RemoveAllBut(context.parts_dir, referenced.parts);
}

// ---- The store ----

class DiskObjectStore : public ObjectStore {
 public:
  explicit DiskObjectStore(std::shared_ptr<StoreContext> context)
      : context_(std::move(context)), catalog_(*context_->catalog) {}

  Status CreateBucket(const std::string& bucket) override {
    return catalog_.CreateBucket(bucket, util::NowUnixMillis());
  }
  Status DeleteBucket(const std::string& bucket) override {
    return catalog_.DeleteBucket(bucket);
  }
  Result<std::vector<BucketInfo>> ListBuckets() override {
    return catalog_.ListBuckets();
  }
  Status CheckBucket(const std::string& bucket) override {
    return catalog_.CheckBucket(bucket);
  }

  Result<std::unique_ptr<ObjectWriter>> BeginPut(
      const std::string& bucket, const std::string& key,
      const ObjectAttributes& attributes) override {
    RETURN_IF_ERROR(CheckKey(key));
    RETURN_IF_ERROR(catalog_.CheckBucket(bucket));
    ASSIGN_OR_RETURN(std::unique_ptr<HashedBody> body,
                     HashedBody::Create(context_->tmp_dir));
    return std::unique_ptr<ObjectWriter>(new DiskObjectWriter(
        context_, bucket, key, attributes, std::move(body)));
  }

  Result<StoredObject> GetObject(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id) override {
    ASSIGN_OR_RETURN(ObjectRow row,
                     catalog_.GetObject(bucket, key, version_id));
    row.object.segments = SegmentsOf(*context_, row);
    return std::move(row.object);
  }

  Result<std::optional<std::string>> CurrentDeleteMarker(
      const std::string& bucket, const std::string& key) override {
    ASSIGN_OR_RETURN(std::optional<VersionRef> current,
                     catalog_.CurrentVersion(bucket, key));
    if (!current || !current->delete_marker) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(current->version_id);
  }

  Result<DeleteOutcome> DeleteVersion(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id) override {
    ASSIGN_OR_RETURN(
        DeletedVersion deleted,
        catalog_.DeleteObject(bucket, key, version_id, util::NowUnixMillis()));
    RemoveReleased(*context_, deleted.released);
    return DeleteOutcome{deleted.version_id, deleted.delete_marker};
  }

  Status SetBucketVersioning(const std::string& bucket,
                             const std::string& status) override {
    return catalog_.SetBucketVersioning(bucket, status);
  }

  Result<VersionListPage> ListObjectVersions(
      const std::string& bucket, const std::string& prefix,
      const std::string& delimiter, const std::string& key_marker,
      const std::string& version_id_marker, int max_keys) override;

  Result<ObjectListPage> ListObjects(const std::string& bucket,
                                     const std::string& prefix,
                                     const std::string& delimiter,
                                     const std::string& marker,
                                     int max_keys) override;

  Status SetRestore(const std::string& bucket, const std::string& key,
                    int64_t ready_ms, int64_t expiry_ms) override {
    return catalog_.SetRestore(bucket, key, ready_ms, expiry_ms);
  }

  Status UpdateAttributes(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id,
      const std::function<void(ObjectAttributes&)>& change) override {
    return catalog_.UpdateAttributes(bucket, key, version_id, change);
  }
  Result<BucketInfo> GetBucket(const std::string& bucket) override {
    return catalog_.GetBucket(bucket);
  }
  Status SetBucketAcl(const std::string& bucket,
                      const std::string& acl) override {
    return catalog_.SetBucketAcl(bucket, acl);
  }

  Result<StoredObject> PutSymlink(const std::string& bucket,
                                  const std::string& key,
                                  const std::string& target,
                                  const ObjectAttributes& attributes,
                                  bool forbid_overwrite) override {
    RETURN_IF_ERROR(CheckKey(key));
    ObjectRow row;
    row.data_file = RandomHexId();  // a link has no bytes: names no file
    StoredObject& object = row.object;
    object.bucket = bucket;
    object.key = key;
    // OSS's link ETag is opaque; this one is stable for a target.
    object.etag = "\"" + util::HexUpper(util::Md5("symlink:" + target)) + "\"";
    object.last_modified_ms = util::NowUnixMillis();
    object.object_type = "Symlink";
    object.attributes = attributes;
    object.symlink_target = target;
    ASSIGN_OR_RETURN(ReleasedFiles replaced,
                     catalog_.PutObject(row, forbid_overwrite));
    RemoveReleased(*context_, replaced);
    return std::move(row.object);
  }

  Result<StoredObject> CopyObject(const StoredObject& source,
                                  StoredObject destination,
                                  bool forbid_overwrite) override {
    RETURN_IF_ERROR(CheckKey(destination.key));
    ObjectRow row;
    row.data_file = RandomHexId();  // the owner of the shared segments
    destination.size = source.size;
    destination.etag = source.etag;
    destination.crc64 = source.crc64;
    destination.object_type = source.object_type;
    destination.symlink_target = source.symlink_target;
    // The same bytes in the same parts: the ETag says so, and ?partNumber
    // and the checksum must agree with it.
    destination.checksum = source.checksum;
    destination.part_sizes = source.part_sizes;
    destination.last_modified_ms = util::NowUnixMillis();
    destination.segments.clear();
    row.object = std::move(destination);
    ASSIGN_OR_RETURN(
        ReleasedFiles replaced,
        catalog_.CopyObject(VersionOf(source), row, forbid_overwrite));
    RemoveReleased(*context_, replaced);
    return std::move(row.object);  // its segments unset
  }

  Result<StoredPart> CopyPart(const std::string& bucket, const std::string& key,
                              const std::string& upload_id, int part_number,
                              const StoredObject& source, uint64_t first,
                              uint64_t size) override;

  Result<std::unique_ptr<AppendWriter>> BeginAppend(
      const std::string& bucket, const std::string& key,
      const ObjectAttributes& attributes) override {
    RETURN_IF_ERROR(CheckKey(key));
    RETURN_IF_ERROR(catalog_.CheckBucket(bucket));
    ASSIGN_OR_RETURN(std::unique_ptr<HashedBody> body,
                     HashedBody::Create(context_->tmp_dir));
    return std::unique_ptr<AppendWriter>(new DiskAppendWriter(
        context_, bucket, key, attributes, std::move(body)));
  }

  using ObjectStore::InitiateUpload;
  Result<std::string> InitiateUpload(const std::string& bucket,
                                     const std::string& key,
                                     const ObjectAttributes& attributes,
                                     const UploadChecksum& checksum) override {
    RETURN_IF_ERROR(CheckKey(key));
    std::string upload_id = RandomHexId();
    RETURN_IF_ERROR(catalog_.InsertUpload(bucket, key, upload_id, attributes,
                                          checksum, util::NowUnixMillis()));
    return upload_id;
  }

  Result<std::unique_ptr<UploadPartWriter>> BeginPart(
      const std::string& bucket, const std::string& key,
      const std::string& upload_id, int part_number) override {
    if (part_number < 1 || part_number > kMaxPartNumber) {
      return InvalidPartNumberError();
    }
    ASSIGN_OR_RETURN(UploadRow upload,
                     catalog_.GetUpload(bucket, key, upload_id));
    ASSIGN_OR_RETURN(std::unique_ptr<HashedBody> body,
                     HashedBody::Create(context_->tmp_dir));
    return std::unique_ptr<UploadPartWriter>(
        new DiskUploadPartWriter(context_, bucket, key, upload_id, part_number,
                                 std::move(upload.checksum), std::move(body)));
  }

  Result<std::vector<StoredPart>> ListParts(const std::string& bucket,
                                            const std::string& key,
                                            const std::string& upload_id,
                                            int part_number_marker,
                                            int max_parts,
                                            bool* truncated) override;

  Result<StoredObject> CompleteUpload(
      const std::string& bucket, const std::string& key,
      const std::string& upload_id, const std::vector<CompletedPart>& parts,
      bool all_parts, bool forbid_overwrite,
      const StoredChecksum* claimed = nullptr) override;

  Status AbortUpload(const std::string& bucket, const std::string& key,
                     const std::string& upload_id) override {
    ASSIGN_OR_RETURN(ReleasedFiles files,
                     catalog_.DeleteUpload(bucket, key, upload_id));
    RemoveReleased(*context_, files);
    return Status::Ok();
  }

  Result<UploadListPage> ListUploads(const std::string& bucket,
                                     const std::string& prefix,
                                     const std::string& delimiter,
                                     const std::string& key_marker,
                                     const std::string& upload_id_marker,
                                     int max_uploads) override;

  Status DropPart(const std::string& upload_id, int part_number) override {
    ASSIGN_OR_RETURN(ReleasedFiles files,
                     catalog_.DropPart(upload_id, part_number));
    RemoveReleased(*context_, files);
    return Status::Ok();
  }

 private:
  std::shared_ptr<StoreContext> context_;
  StoreCatalog& catalog_;  // *context_->catalog
};

Result<ObjectListPage> DiskObjectStore::ListObjects(
    const std::string& bucket, const std::string& prefix,
    const std::string& delimiter, const std::string& marker, int max_keys) {
  RETURN_IF_ERROR(catalog_.CheckBucket(bucket));
  ObjectListPage page;
  std::optional<ListCursor> start =
      StartCursor(prefix, delimiter, marker, ListCursor::kAfterAll);
  if (!start) return page;
  const std::optional<std::string> upper = PrefixSuccessor(prefix);
  auto fetch = [&](const ListCursor& cursor, int limit) {
    return catalog_.ScanObjects(bucket, cursor, upper, limit);
  };
  auto position = [](const ObjectRow& row) {
    return ListCursor{row.object.key, ListCursor::kAfterAll};
  };
  ASSIGN_OR_RETURN(
      RolledUpPage<ObjectRow> collected,
      CollectRolledUpPage<ObjectRow>(prefix, delimiter, std::move(*start),
                                     max_keys, fetch, position));
  std::string last;
  for (ListEntry<ObjectRow>& entry : collected.entries) {
    if (auto* row = std::get_if<ObjectRow>(&entry)) {
      last = row->object.key;
      page.objects.push_back(std::move(row->object));
    } else {
      last = std::get<std::string>(entry);
      page.common_prefixes.push_back(std::move(std::get<std::string>(entry)));
    }
  }
  page.is_truncated = collected.truncated;
  if (page.is_truncated) page.next_marker = std::move(last);
  return page;
}

Result<StoredPart> DiskObjectStore::CopyPart(const std::string& bucket,
                                             const std::string& key,
                                             const std::string& upload_id,
                                             int part_number,
                                             const StoredObject& source,
                                             uint64_t first, uint64_t size) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return InvalidPartNumberError();
  }
  RETURN_IF_ERROR(catalog_.GetUpload(bucket, key, upload_id).status());
  // The part's ETag is the MD5 of its bytes, as for UploadPart: reading
  // them is the price of not writing them.
  ASSIGN_OR_RETURN(
      std::unique_ptr<ObjectDataReader> reader,
      ObjectDataReader::Open(source.segments, first, first + size));
  util::Md5Stream md5;
  uint64_t crc64 = 0;
  std::vector<char> chunk(1 << 20);
  for (uint64_t done = 0; done < size;) {
    const size_t count =
        static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - done));
    RETURN_IF_ERROR(reader->Read(first + done, chunk.data(), count));
    md5.Update(chunk.data(), count);
    crc64 = Crc64(chunk.data(), count, crc64);
    done += count;
  }
  PartRow row;
  row.data_file = RandomHexId();  // the owner of the referenced segments
  row.md5 = md5.Finish();
  row.part.part_number = part_number;
  row.part.size = size;
  row.part.etag = "\"" + util::HexUpper(row.md5) + "\"";
  row.part.crc64 = crc64;
  row.part.last_modified_ms = util::NowUnixMillis();
  ASSIGN_OR_RETURN(ReleasedFiles replaced,
                   catalog_.PutCopiedPart(bucket, key, upload_id, row,
                                          VersionOf(source), first));
  RemoveReleased(*context_, replaced);
  return std::move(row.part);
}

Result<VersionListPage> DiskObjectStore::ListObjectVersions(
    const std::string& bucket, const std::string& prefix,
    const std::string& delimiter, const std::string& key_marker,
    const std::string& version_id_marker, int max_keys) {
  RETURN_IF_ERROR(catalog_.CheckBucket(bucket));
  // As for uploads: the version id marker only means something with a key
  // marker; a version that is gone lists the marker key again.
  int64_t marker_seq = ListCursor::kAfterAll;
  if (!key_marker.empty() && !version_id_marker.empty()) {
    Result<ObjectRow> marker =
        catalog_.GetObject(bucket, key_marker, version_id_marker);
    marker_seq =
        marker.ok() ? VersionListingSeq(*marker) : ListCursor::kBeforeAll;
  }
  VersionListPage page;
  std::optional<ListCursor> start =
      StartCursor(prefix, delimiter, key_marker, marker_seq);
  if (!start) return page;
  const std::optional<std::string> upper = PrefixSuccessor(prefix);
  auto fetch = [&](const ListCursor& cursor, int limit) {
    return catalog_.ScanVersions(bucket, cursor, upper, limit);
  };
  auto position = [](const ObjectRow& row) {
    return ListCursor{row.object.key, VersionListingSeq(row)};
  };
  ASSIGN_OR_RETURN(
      RolledUpPage<ObjectRow> collected,
      CollectRolledUpPage<ObjectRow>(prefix, delimiter, std::move(*start),
                                     max_keys, fetch, position));
  for (ListEntry<ObjectRow>& entry : collected.entries) {
    if (auto* row = std::get_if<ObjectRow>(&entry)) {
      page.next_key_marker = row->object.key;
      page.next_version_id_marker = row->object.version_id;
      row->object.is_latest = row->is_latest;
      page.versions.push_back(std::move(row->object));
    } else {
      page.next_key_marker = std::get<std::string>(entry);
      page.next_version_id_marker.clear();
      page.common_prefixes.push_back(std::move(std::get<std::string>(entry)));
    }
  }
  page.is_truncated = collected.truncated;
  if (!page.is_truncated) {
    page.next_key_marker.clear();
    page.next_version_id_marker.clear();
  }
  return page;
}

Result<std::vector<StoredPart>> DiskObjectStore::ListParts(
    const std::string& bucket, const std::string& key,
    const std::string& upload_id, int part_number_marker, int max_parts,
    bool* truncated) {
  if (truncated != nullptr) *truncated = false;
  // Ask for one more than wanted: its presence means truncated.
  const int wanted = std::max(0, std::min(max_parts, INT_MAX - 1));
  ASSIGN_OR_RETURN(std::vector<PartRow> rows,
                   catalog_.ListParts(bucket, key, upload_id,
                                      part_number_marker, wanted + 1));
  const bool more = rows.size() > static_cast<size_t>(wanted);
  if (more) rows.resize(static_cast<size_t>(wanted));
  if (truncated != nullptr) *truncated = more;
  std::vector<StoredPart> parts;
  parts.reserve(rows.size());
  for (PartRow& row : rows) parts.push_back(std::move(row.part));
  return parts;
}

Result<StoredObject> DiskObjectStore::CompleteUpload(
    const std::string& bucket, const std::string& key,
    const std::string& upload_id, const std::vector<CompletedPart>& parts,
    bool all_parts, bool forbid_overwrite, const StoredChecksum* claimed) {
  ASSIGN_OR_RETURN(UploadRow upload,
                   catalog_.GetUpload(bucket, key, upload_id));
  RETURN_IF_ERROR(catalog_.CheckWritable(bucket, key, forbid_overwrite));
  ASSIGN_OR_RETURN(
      std::vector<PartRow> stored,
      catalog_.ListParts(bucket, key, upload_id, 0, kMaxPartNumber));
  std::vector<PartFacts> facts;
  std::map<int, std::string> files_by_number;
  std::map<int, std::string> checksums_by_number;
  for (PartRow& row : stored) {
    facts.push_back({row.part.part_number, row.part.size, std::move(row.md5),
                     row.part.crc64});
    files_by_number.emplace(row.part.part_number, std::move(row.data_file));
    checksums_by_number.emplace(row.part.part_number,
                                std::move(row.part.checksum));
  }
  ASSIGN_OR_RETURN(std::vector<PartFacts> chosen,
                   SelectParts(facts, parts, all_parts));

  ObjectRow row;
  // Names no file: the id the object's segment rows carry.
  row.data_file = RandomHexId();
  for (const PartFacts& part : chosen) {
    auto file = files_by_number.find(part.part_number);
    if (file == files_by_number.end()) {
      return Status::Internal("a chosen part has no file");
    }
    row.segments.push_back({file->second, part.size});
  }
  StoredObject& object = row.object;
  object.bucket = bucket;
  object.key = key;
  for (const PartFacts& part : chosen) object.size += part.size;
  object.etag = MultipartEtag(chosen);
  object.crc64 = MultipartCrc64(chosen);
  std::vector<PartChecksum> checksums;
  for (const PartFacts& part : chosen) {
    object.part_sizes.push_back(part.size);
    checksums.push_back({part.size, checksums_by_number[part.part_number]});
  }
  object.checksum = ObjectChecksumOfParts(upload.checksum, checksums);
  if (claimed != nullptr) {
    RETURN_IF_ERROR(CheckClaimedObjectChecksum(object.checksum, *claimed));
  }
  object.last_modified_ms = util::NowUnixMillis();
  object.object_type = "Multipart";
  object.attributes = std::move(upload.attributes);

  // Nothing was written: a failed commit leaves the parts and the upload
  // as they were.
  ASSIGN_OR_RETURN(ReleasedFiles released,
                   catalog_.CompleteUpload(upload_id, row, forbid_overwrite));
  RemoveReleased(*context_, released);
  row.object.segments = SegmentsOf(*context_, row);
  return std::move(row.object);
}

Result<UploadListPage> DiskObjectStore::ListUploads(
    const std::string& bucket, const std::string& prefix,
    const std::string& delimiter, const std::string& key_marker,
    const std::string& upload_id_marker, int max_uploads) {
  RETURN_IF_ERROR(catalog_.CheckBucket(bucket));
  // As in S3, the upload id marker only means something with a key marker.
  int64_t marker_seq = ListCursor::kAfterAll;
  if (!key_marker.empty() && !upload_id_marker.empty()) {
    ASSIGN_OR_RETURN(std::optional<int64_t> seq,
                     catalog_.UploadSeq(bucket, key_marker, upload_id_marker));
    // An upload that is gone (completed between two pages) cannot say where
    // it stood: list every upload of the marker key again rather than risk
    // skipping some.
    marker_seq = seq.value_or(ListCursor::kBeforeAll);
  }
  UploadListPage page;
  std::optional<ListCursor> start =
      StartCursor(prefix, delimiter, key_marker, marker_seq);
  if (!start) return page;
  const std::optional<std::string> upper = PrefixSuccessor(prefix);
  auto fetch = [&](const ListCursor& cursor, int limit) {
    return catalog_.ScanUploads(bucket, cursor, upper, limit);
  };
  auto position = [](const UploadRow& row) {
    return ListCursor{row.info.key, row.seq};
  };
  ASSIGN_OR_RETURN(
      RolledUpPage<UploadRow> collected,
      CollectRolledUpPage<UploadRow>(prefix, delimiter, std::move(*start),
                                     max_uploads, fetch, position));
  for (ListEntry<UploadRow>& entry : collected.entries) {
    if (auto* row = std::get_if<UploadRow>(&entry)) {
      page.next_key_marker = row->info.key;
      page.next_upload_id_marker = row->info.upload_id;
      page.uploads.push_back(std::move(row->info));
    } else {
      page.next_key_marker = std::get<std::string>(entry);
      page.next_upload_id_marker.clear();
      page.common_prefixes.push_back(std::move(std::get<std::string>(entry)));
    }
  }
  page.is_truncated = collected.truncated;
  if (!page.is_truncated) {
    page.next_key_marker.clear();
    page.next_upload_id_marker.clear();
  }
  return page;
}

}  // namespace

bool IsVanished(const Status& status) {
  return status.code() == StatusCode::kNotFound &&
         status.service_error() == nullptr;
}

Result<std::unique_ptr<ObjectStore>> ObjectStore::Open(
    const std::filesystem::path& root) {
  auto context = std::make_shared<StoreContext>();
  context->root = root;
  context->data_dir = root / "data";
  context->parts_dir = root / "parts";
  context->tmp_dir = root / "tmp";
  for (const std::filesystem::path* dir :
       {&context->root, &context->data_dir, &context->parts_dir,
        &context->tmp_dir}) {
    RETURN_IF_ERROR(MakeDirectory(*dir));
  }
  ASSIGN_OR_RETURN(context->root_lock, LockRoot(root));
  ASSIGN_OR_RETURN(context->catalog, StoreCatalog::Open(root / "store.db"));
  // Make the new directories and database file themselves durable: a
  // commit that relies on data/ must not outlive data/'s directory entry.
  RETURN_IF_ERROR(SyncDirectory(root));
  RETURN_IF_ERROR(RemoveLeftovers(*context));
  return std::unique_ptr<ObjectStore>(new DiskObjectStore(std::move(context)));
}

}  // namespace ossxfer::server
