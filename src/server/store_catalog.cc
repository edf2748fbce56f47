#include "server/store_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <unordered_set>
#include <utility>

#include "oss/storage_class.h"
#include "ossxfer/crc64.h"
#include "server/attributes_codec.h"
#include "server/random_id.h"
#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/status_macros.h"

namespace ossxfer::server {
namespace {

// Keys are BLOBs, always bound as BLOBs (SQLite orders every TEXT value
// before every BLOB, so one stray TEXT binding would break byte order);
// the CHECKs make a mistake fail loudly instead. BLOB comparison is
// memcmp: byte order, whatever the bytes are.
constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY COLLATE BINARY,
  created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL COLLATE BINARY,
  key BLOB NOT NULL CHECK (typeof(key) = 'blob'),
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  crc64 INTEGER NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  object_type TEXT NOT NULL,
  attributes BLOB NOT NULL,
  data_file TEXT NOT NULL UNIQUE,
  restore_ready_ms INTEGER,
  restore_expiry_ms INTEGER,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS uploads (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  upload_id TEXT NOT NULL UNIQUE,
  bucket TEXT NOT NULL COLLATE BINARY,
  key BLOB NOT NULL CHECK (typeof(key) = 'blob'),
  initiated_ms INTEGER NOT NULL,
  attributes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, seq);

CREATE TABLE IF NOT EXISTS parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  size INTEGER NOT NULL,
  md5 BLOB NOT NULL,
  crc64 INTEGER NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  data_file TEXT NOT NULL UNIQUE,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;

-- Schema 1's segments; MigrateToSchema2 replaces the table.
CREATE TABLE IF NOT EXISTS object_segments (
  object_file TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data_file TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  PRIMARY KEY (object_file, seq)
) WITHOUT ROWID;
)sql";

// Schema 2: segments are runs of bytes that several owners may share (a
// copy references its source's bytes), so a file is no longer owned by one
// row: it is unlinked when no row references it (UnreferencedLocked, with
// the data_file index). The owner (object_file) is an object's
// objects.data_file or a copied part's parts.data_file, ids that name no
// file. Objects gain symlink targets, buckets an ACL.
constexpr char kMigrationToSchema2[] = R"sql(
CREATE TABLE object_segments_2 (
  object_file TEXT NOT NULL,
  seq INTEGER NOT NULL,
  area TEXT NOT NULL CHECK (area IN ('data', 'parts')),
  data_file TEXT NOT NULL,
  file_offset INTEGER NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (object_file, seq)
) WITHOUT ROWID;
INSERT INTO object_segments_2
  SELECT object_file, seq, 'parts', data_file, 0, size FROM object_segments;
DROP TABLE object_segments;
ALTER TABLE object_segments_2 RENAME TO object_segments;
CREATE INDEX segments_by_file ON object_segments (data_file);
ALTER TABLE objects ADD COLUMN symlink_target BLOB NOT NULL DEFAULT x'';
ALTER TABLE buckets ADD COLUMN acl TEXT NOT NULL DEFAULT 'private';
PRAGMA user_version = 2;
)sql";

// Schema 3: versions (oss-protocol-2.md §10). A key has one row per
// version, numbered by version_seq (increasing per key: the highest is the
// current version); version_id is "null" for what an unversioned or
// suspended bucket writes (one per key at most) and a random id otherwise;
// a delete marker is a row without bytes. Buckets gain their versioning
// state ('' never set, Enabled, Suspended).
constexpr char kMigrationToSchema3[] = R"sql(
CREATE TABLE objects_3 (
  bucket TEXT NOT NULL COLLATE BINARY,
  key BLOB NOT NULL CHECK (typeof(key) = 'blob'),
  version_seq INTEGER NOT NULL,
  version_id TEXT NOT NULL,
  delete_marker INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  crc64 INTEGER NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  object_type TEXT NOT NULL,
  attributes BLOB NOT NULL,
  data_file TEXT NOT NULL UNIQUE,
  restore_ready_ms INTEGER,
  restore_expiry_ms INTEGER,
  symlink_target BLOB NOT NULL,
  PRIMARY KEY (bucket, key, version_seq)
) WITHOUT ROWID;
INSERT INTO objects_3 SELECT bucket, key, 1, 'null', 0, size, etag, crc64,
  last_modified_ms, object_type, attributes, data_file, restore_ready_ms,
  restore_expiry_ms, symlink_target FROM objects;
DROP TABLE objects;
ALTER TABLE objects_3 RENAME TO objects;
CREATE UNIQUE INDEX objects_by_version_id ON objects (bucket, key, version_id);
ALTER TABLE buckets ADD COLUMN versioning TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 3;
)sql";

// Schema 4: the checksums S3 clients give (objects and parts keep them,
// uploads their algorithm and type) and the part sizes of a completed
// multipart upload (GET ?partNumber), as 8-byte little-endian values.
constexpr char kMigrationToSchema4[] = R"sql(
ALTER TABLE objects ADD COLUMN checksum_algorithm TEXT NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN checksum_type TEXT NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN checksum TEXT NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN part_sizes BLOB NOT NULL DEFAULT x'';
ALTER TABLE uploads ADD COLUMN checksum_algorithm TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN checksum_type TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN checksum BLOB NOT NULL DEFAULT x'';
PRAGMA user_version = 4;
)sql";

constexpr int64_t kSchemaVersion = 4;

constexpr char kObjectColumns[] =
    "key, size, etag, crc64, last_modified_ms, object_type, attributes, "
    "data_file, restore_ready_ms, restore_expiry_ms, symlink_target, "
    "version_id, delete_marker, version_seq, checksum_algorithm, "
    "checksum_type, checksum, part_sizes";
// How many columns kObjectColumns names: a column selected after them is
// this one.
constexpr int kObjectColumnCount = 18;

// The current version of a key: its highest version_seq. `o` names the
// outer objects row.
constexpr char kIsCurrent[] =
    "o.version_seq = (SELECT MAX(version_seq) FROM objects WHERE bucket = "
    "o.bucket AND key = o.key)";

constexpr char kPartColumns[] =
    "part_number, size, md5, crc64, last_modified_ms, data_file, checksum";

constexpr char kUploadColumns[] =
    "seq, upload_id, bucket, key, initiated_ms, attributes, "
    "checksum_algorithm, checksum_type";

// CRC64s and sizes are unsigned; SQLite integers are signed 64-bit. The
// bit pattern round-trips through the two's complement conversion.
int64_t ToSql(uint64_t value) { return static_cast<int64_t>(value); }
uint64_t FromSql(int64_t value) { return static_cast<uint64_t>(value); }

std::string QuotedEtag(const std::string& md5) {
  return "\"" + util::HexUpper(md5) + "\"";
}

std::optional<int64_t> OptionalColumn(const SqliteStatement& statement,
                                      int column) {
  if (statement.ColumnIsNull(column)) return std::nullopt;
  return statement.ColumnInt64(column);
}

std::string EncodePartSizes(const std::vector<uint64_t>& sizes) {
  std::string encoded;
  encoded.reserve(sizes.size() * 8);
  for (uint64_t size : sizes) {
    for (int byte = 0; byte < 8; ++byte) {
      encoded.push_back(static_cast<char>((size >> (8 * byte)) & 0xff));
    }
  }
  return encoded;
}

std::vector<uint64_t> DecodePartSizes(const std::string& encoded) {
  std::vector<uint64_t> sizes(encoded.size() / 8);
  for (size_t i = 0; i < sizes.size(); ++i) {
    for (int byte = 7; byte >= 0; --byte) {
      sizes[i] =
          (sizes[i] << 8) | static_cast<unsigned char>(encoded[i * 8 + byte]);
    }
  }
  return sizes;
}

// Reads a row selected with kObjectColumns.
Result<ObjectRow> ReadObject(const SqliteStatement& statement,
                             const std::string& bucket) {
  ASSIGN_OR_RETURN(ObjectAttributes attributes,
                   DecodeAttributes(statement.ColumnBytes(6)));
  ObjectRow row;
  StoredObject& object = row.object;
  object.bucket = bucket;
  object.key = statement.ColumnBytes(0);
  object.size = FromSql(statement.ColumnInt64(1));
  object.etag = statement.ColumnBytes(2);
  object.crc64 = FromSql(statement.ColumnInt64(3));
  object.last_modified_ms = statement.ColumnInt64(4);
  object.object_type = statement.ColumnBytes(5);
  object.attributes = std::move(attributes);
  object.restore_ready_ms = OptionalColumn(statement, 8);
  object.restore_expiry_ms = OptionalColumn(statement, 9);
  object.symlink_target = statement.ColumnBytes(10);
  object.version_id = statement.ColumnBytes(11);
  object.delete_marker = statement.ColumnInt64(12) != 0;
  row.version_seq = statement.ColumnInt64(13);
  object.checksum = {statement.ColumnBytes(14), statement.ColumnBytes(15),
                     statement.ColumnBytes(16)};
  object.part_sizes = DecodePartSizes(statement.ColumnBytes(17));
  row.data_file = statement.ColumnBytes(7);
  return row;
}

// Reads a row selected with kPartColumns.
PartRow ReadPart(const SqliteStatement& statement) {
  PartRow row;
  row.part.part_number = static_cast<int>(statement.ColumnInt64(0));
  row.part.size = FromSql(statement.ColumnInt64(1));
  row.md5 = statement.ColumnBytes(2);
  row.part.etag = QuotedEtag(row.md5);
  row.part.crc64 = FromSql(statement.ColumnInt64(3));
  row.part.last_modified_ms = statement.ColumnInt64(4);
  row.data_file = statement.ColumnBytes(5);
  row.part.checksum = statement.ColumnBytes(6);
  return row;
}

// Reads a row selected with kUploadColumns.
Result<UploadRow> ReadUpload(const SqliteStatement& statement) {
  ASSIGN_OR_RETURN(ObjectAttributes attributes,
                   DecodeAttributes(statement.ColumnBytes(5)));
  UploadRow row;
  row.seq = statement.ColumnInt64(0);
  row.info.upload_id = statement.ColumnBytes(1);
  row.bucket = statement.ColumnBytes(2);
  row.info.key = statement.ColumnBytes(3);
  row.info.initiated_ms = statement.ColumnInt64(4);
  row.attributes = std::move(attributes);
  row.checksum = {statement.ColumnBytes(6), statement.ColumnBytes(7)};
  return row;
}

// Whether the statement yields at least one row.
Result<bool> HasRow(SqliteStatement& statement) { return statement.Step(); }

// The listing range shared by ScanObjects and ScanUploads: rows after the
// cursor and below `upper`. The `key >= ?2` term lets SQLite seek in the
// index; the upper bound is left out of the text when absent so that it
// never becomes a filter SQLite cannot seek on.
std::string RangeCondition(std::string_view seq_column,
                           const std::optional<std::string>& upper) {
  std::string condition = "bucket = ?1 AND key >= ?2 AND (key > ?2 OR ";
  condition.append(seq_column);
  condition += " > ?3)";
  if (upper) condition += " AND key < ?4";
  return condition;
}

void BindRange(SqliteStatement& statement, const std::string& bucket,
               const ListCursor& cursor,
               const std::optional<std::string>& upper, int limit) {
  statement.BindText(1, bucket)
      .BindBlob(2, cursor.key)
      .BindInt64(3, cursor.after_seq)
      .BindInt64(5, limit);
  if (upper) statement.BindBlob(4, *upper);
}

const char* AreaName(FileArea area) {
  return area == FileArea::kData ? "data" : "parts";
}

void AddFile(ReleasedFiles& files, FileArea area, std::string name) {
  (area == FileArea::kData ? files.data : files.parts)
      .push_back(std::move(name));
}

// Bytes [first, first + size) of the bytes `segments` hold, as segments.
std::vector<SegmentRow> SliceSegments(const std::vector<SegmentRow>& segments,
                                      uint64_t first, uint64_t size) {
  std::vector<SegmentRow> slice;
  const uint64_t end = first + size;
  uint64_t start = 0;
  for (const SegmentRow& segment : segments) {
    const uint64_t segment_end = start + segment.size;
    if (segment_end > first && start < end) {
      const uint64_t from = std::max(first, start);
      SegmentRow piece = segment;
      piece.file_offset += from - start;
      piece.size = std::min(end, segment_end) - from;
      slice.push_back(std::move(piece));
    }
    start = segment_end;
  }
  return slice;
}

// An Appendable object's ETag is opaque in OSS (its samples end in eight
// zero digits); this one changes with every append that adds bytes.
std::string AppendableEtag(uint64_t crc64, uint64_t size) {
  return fmt::format("\"{:016X}{:08X}00000000\"", crc64,
                     static_cast<uint32_t>(size));
}

Result<int64_t> SchemaVersion(SqliteDatabase& db) {
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db.Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(bool found, statement.Step());
  return found ? statement.ColumnInt64(0) : 0;
}

// Brings a store of any earlier schema (a fresh one is schema 1 here) to
// the current one, in one transaction.
Status Migrate(SqliteDatabase& db) {
  ASSIGN_OR_RETURN(int64_t version, SchemaVersion(db));
  if (version == kSchemaVersion) return Status::Ok();
  if (version > kSchemaVersion) {
    return Status::InvalidArgument(
        "the store was written by a newer ossxfer (schema " +
        std::to_string(version) + "); use that version or another --root");
  }
  ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::Begin(db));
  if (version < 2) RETURN_IF_ERROR(db.Exec(kMigrationToSchema2));
  if (version < 3) RETURN_IF_ERROR(db.Exec(kMigrationToSchema3));
  RETURN_IF_ERROR(db.Exec(kMigrationToSchema4));
  return transaction.Commit();
}

}  // namespace

Result<std::unique_ptr<StoreCatalog>> StoreCatalog::Open(
    const std::filesystem::path& db_path) {
  ASSIGN_OR_RETURN(SqliteDatabase db, SqliteDatabase::Open(db_path));
  // WAL: readers never block the writer; FULL: a committed transaction
  // survives power loss, which is what "acknowledged" promises.
  RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"));
  RETURN_IF_ERROR(db.Exec(kSchema));
  RETURN_IF_ERROR(Migrate(db));
  return std::unique_ptr<StoreCatalog>(new StoreCatalog(std::move(db)));
}

// ---- Buckets ----

Result<bool> StoreCatalog::BucketExistsLocked(const std::string& bucket) {
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("SELECT 1 FROM buckets WHERE name = ?1"));
  statement.BindText(1, bucket);
  return HasRow(statement);
}

Status StoreCatalog::RequireBucketLocked(const std::string& bucket) {
  ASSIGN_OR_RETURN(bool exists, BucketExistsLocked(bucket));
  return exists ? Status::Ok() : NoSuchBucketError();
}

Status StoreCatalog::CreateBucket(const std::string& bucket,
                                  int64_t created_ms) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("INSERT OR IGNORE INTO buckets (name, "
                               "created_ms) VALUES (?1, ?2)"));
  statement.BindText(1, bucket).BindInt64(2, created_ms);
  RETURN_IF_ERROR(statement.Run());
  return db_.Changes() == 1 ? Status::Ok() : BucketAlreadyExistsError();
}

Status StoreCatalog::DeleteBucket(const std::string& bucket) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  for (const char* sql : {"SELECT 1 FROM objects WHERE bucket = ?1 LIMIT 1",
                          "SELECT 1 FROM uploads WHERE bucket = ?1 LIMIT 1"}) {
    ASSIGN_OR_RETURN(SqliteStatement statement, db_.Prepare(sql));
    statement.BindText(1, bucket);
    ASSIGN_OR_RETURN(bool used, HasRow(statement));
    if (used) return BucketNotEmptyError();
  }
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("DELETE FROM buckets WHERE name = ?1"));
  statement.BindText(1, bucket);
  return statement.Run();
}

Result<std::vector<BucketInfo>> StoreCatalog::ListBuckets() {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare("SELECT name, created_ms, acl, versioning FROM buckets "
                  "ORDER BY name"));
  std::vector<BucketInfo> buckets;
  while (true) {
    ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return buckets;
    buckets.push_back({statement.ColumnBytes(0), statement.ColumnInt64(1),
                       statement.ColumnBytes(2), statement.ColumnBytes(3)});
  }
}

Result<BucketInfo> StoreCatalog::GetBucket(const std::string& bucket) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("SELECT name, created_ms, acl, versioning "
                               "FROM buckets WHERE name = ?1"));
  statement.BindText(1, bucket);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return NoSuchBucketError();
  return BucketInfo{statement.ColumnBytes(0), statement.ColumnInt64(1),
                    statement.ColumnBytes(2), statement.ColumnBytes(3)};
}

Status StoreCatalog::SetBucketAcl(const std::string& bucket,
                                  const std::string& acl) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteStatement update,
                   db_.Prepare("UPDATE buckets SET acl = ?2 WHERE name = ?1"));
  update.BindText(1, bucket).BindText(2, acl);
  RETURN_IF_ERROR(update.Run());
  return db_.Changes() == 1 ? Status::Ok() : NoSuchBucketError();
}

Status StoreCatalog::CheckBucket(const std::string& bucket) {
  std::lock_guard lock(mutex_);
  return RequireBucketLocked(bucket);
}

// ---- Objects and their versions ----

Result<std::optional<VersionRef>> StoreCatalog::FindVersionLocked(
    const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id) {
  // Without an id: the current version, the highest seq of the key.
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare(version_id
                      ? "SELECT version_seq, data_file, version_id, "
                        "delete_marker FROM objects WHERE bucket = ?1 AND "
                        "key = ?2 AND version_id = ?3"
                      : "SELECT version_seq, data_file, version_id, "
                        "delete_marker FROM objects WHERE bucket = ?1 AND "
                        "key = ?2 ORDER BY version_seq DESC LIMIT 1"));
  statement.BindText(1, bucket).BindBlob(2, key);
  if (version_id) statement.BindText(3, *version_id);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return std::optional<VersionRef>();
  return std::optional<VersionRef>(
      VersionRef{statement.ColumnInt64(0), statement.ColumnBytes(1),
                 statement.ColumnBytes(2), statement.ColumnInt64(3) != 0});
}

Result<std::string> StoreCatalog::VersioningLocked(const std::string& bucket) {
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare("SELECT versioning FROM buckets WHERE name = ?1"));
  statement.BindText(1, bucket);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return NoSuchBucketError();
  return statement.ColumnBytes(0);
}

Status StoreCatalog::ForbidOverwriteLocked(const std::string& bucket,
                                           const std::string& key) {
  // Ignored in a versioned bucket, as OSS ignores it: an overwrite there
  // keeps the old version (oss-protocol-2.md §3.2).
  ASSIGN_OR_RETURN(std::string versioning, VersioningLocked(bucket));
  if (!versioning.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::optional<VersionRef> current,
                   FindVersionLocked(bucket, key, std::nullopt));
  return current && !current->delete_marker ? FileAlreadyExistsError()
                                            : Status::Ok();
}

Status StoreCatalog::RemoveVersionLocked(const std::string& bucket,
                                         const std::string& key,
                                         const VersionRef& version,
                                         ReleasedFiles& candidates) {
  RETURN_IF_ERROR(
      ReleaseOwnerLocked(version.data_file, FileArea::kData, candidates));
  ASSIGN_OR_RETURN(SqliteStatement remove,
                   db_.Prepare("DELETE FROM objects WHERE bucket = ?1 AND "
                               "key = ?2 AND version_seq = ?3"));
  remove.BindText(1, bucket).BindBlob(2, key).BindInt64(3, version.seq);
  return remove.Run();
}

Status StoreCatalog::PlaceNewVersionLocked(ObjectRow& row,
                                           ReleasedFiles& candidates) {
  const std::string& bucket = row.object.bucket;
  const std::string& key = row.object.key;
  ASSIGN_OR_RETURN(std::string versioning, VersioningLocked(bucket));
  if (versioning == "Enabled") {
    row.object.version_id = RandomHexId();
  } else {
    // Never versioned or suspended: the write replaces the "null" version
    // (in a never-versioned bucket, the only one).
    row.object.version_id = "null";
    ASSIGN_OR_RETURN(std::optional<VersionRef> null_version,
                     FindVersionLocked(bucket, key, std::string("null")));
    if (null_version) {
      RETURN_IF_ERROR(
          RemoveVersionLocked(bucket, key, *null_version, candidates));
    }
  }
  ASSIGN_OR_RETURN(SqliteStatement next,
                   db_.Prepare("SELECT COALESCE(MAX(version_seq), 0) + 1 FROM "
                               "objects WHERE bucket = ?1 AND key = ?2"));
  next.BindText(1, bucket).BindBlob(2, key);
  ASSIGN_OR_RETURN(bool found, next.Step());
  if (!found) return Status::Internal("MAX() returned no row");
  row.version_seq = next.ColumnInt64(0);
  return Status::Ok();
}

Status StoreCatalog::InsertSegmentsLocked(
    const std::string& owner, const std::vector<SegmentRow>& segments,
    size_t first_seq) {
  if (segments.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(SqliteStatement insert,
                   db_.Prepare("INSERT INTO object_segments (object_file, seq, "
                               "area, data_file, file_offset, size) VALUES "
                               "(?1, ?2, ?3, ?4, ?5, ?6)"));
  // One statement for up to 10000 rows: preparing each would cost more
  // than the inserts.
  for (size_t seq = 0; seq < segments.size(); ++seq) {
    const SegmentRow& segment = segments[seq];
    insert.Reset();
    insert.BindText(1, owner)
        .BindInt64(2, static_cast<int64_t>(first_seq + seq))
        .BindText(3, AreaName(segment.area))
        .BindText(4, segment.data_file)
        .BindInt64(5, ToSql(segment.file_offset))
        .BindInt64(6, ToSql(segment.size));
    RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

Status StoreCatalog::InsertObjectLocked(const ObjectRow& row) {
  const StoredObject& object = row.object;
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare("INSERT INTO objects (bucket, key, size, etag, crc64, "
                  "last_modified_ms, object_type, attributes, data_file, "
                  "restore_ready_ms, restore_expiry_ms, symlink_target, "
                  "version_id, delete_marker, version_seq, "
                  "checksum_algorithm, checksum_type, checksum, part_sizes) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL, "
                  "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"));
  statement.BindText(1, object.bucket)
      .BindBlob(2, object.key)
      .BindInt64(3, ToSql(object.size))
      .BindText(4, object.etag)
      .BindInt64(5, ToSql(object.crc64))
      .BindInt64(6, object.last_modified_ms)
      .BindText(7, object.object_type)
      .BindBlob(8, EncodeAttributes(object.attributes))
      .BindText(9, row.data_file)
      .BindBlob(10, object.symlink_target)
      .BindText(11, object.version_id)
      .BindInt64(12, object.delete_marker ? 1 : 0)
      .BindInt64(13, row.version_seq)
      .BindText(14, object.checksum.algorithm)
      .BindText(15, object.checksum.type)
      .BindText(16, object.checksum.value)
      .BindBlob(17, EncodePartSizes(object.part_sizes));
  RETURN_IF_ERROR(statement.Run());
  return InsertSegmentsLocked(row.data_file, row.segments);
}

Result<std::vector<SegmentRow>> StoreCatalog::SegmentsLocked(
    const std::string& owner) {
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare("SELECT area, data_file, file_offset, size FROM "
                  "object_segments WHERE object_file = ?1 ORDER BY seq"));
  statement.BindText(1, owner);
  std::vector<SegmentRow> segments;
  while (true) {
    ASSIGN_OR_RETURN(bool found, statement.Step());
    if (!found) return segments;
    SegmentRow segment;
    segment.area =
        statement.ColumnBytes(0) == "data" ? FileArea::kData : FileArea::kParts;
    segment.data_file = statement.ColumnBytes(1);
    segment.file_offset = FromSql(statement.ColumnInt64(2));
    segment.size = FromSql(statement.ColumnInt64(3));
    segments.push_back(std::move(segment));
  }
}

Result<std::vector<SegmentRow>> StoreCatalog::BytesOfLocked(
    const std::string& owner, uint64_t size, FileArea area) {
  ASSIGN_OR_RETURN(std::vector<SegmentRow> segments, SegmentsLocked(owner));
  if (segments.empty()) segments.push_back({owner, size, area, 0});
  return segments;
}

Status StoreCatalog::ReleaseOwnerLocked(const std::string& owner, FileArea area,
                                        ReleasedFiles& candidates) {
  ASSIGN_OR_RETURN(std::vector<SegmentRow> segments, SegmentsLocked(owner));
  if (segments.empty()) {
    AddFile(candidates, area, owner);
    return Status::Ok();
  }
  for (SegmentRow& segment : segments) {
    AddFile(candidates, segment.area, std::move(segment.data_file));
  }
  ASSIGN_OR_RETURN(
      SqliteStatement remove,
      db_.Prepare("DELETE FROM object_segments WHERE object_file = ?1"));
  remove.BindText(1, owner);
  return remove.Run();
}

Result<ReleasedFiles> StoreCatalog::UnreferencedLocked(
    const ReleasedFiles& candidates) {
  ReleasedFiles unreferenced;
  for (auto [files, area] : {std::pair{&candidates.data, FileArea::kData},
                             std::pair{&candidates.parts, FileArea::kParts}}) {
    // A single-file object names its file in objects.data_file, a part in
    // parts.data_file; both are unique, and ids of owners never collide
    // with file names (both are random).
    const std::string sql =
        std::string("SELECT 1 FROM ") +
        (area == FileArea::kData ? "objects" : "parts") +
        " WHERE data_file = ?1 UNION ALL SELECT 1 FROM object_segments WHERE "
        "data_file = ?1 AND area = ?2 LIMIT 1";
    ASSIGN_OR_RETURN(SqliteStatement query, db_.Prepare(sql));
    std::unordered_set<std::string> seen;
    for (const std::string& file : *files) {
      if (!seen.insert(file).second) continue;
      query.Reset();
      query.BindText(1, file).BindText(2, AreaName(area));
      ASSIGN_OR_RETURN(bool referenced, HasRow(query));
      if (!referenced) AddFile(unreferenced, area, file);
    }
  }
  return unreferenced;
}

Result<ObjectRow> StoreCatalog::ObjectRowLocked(
    const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id) {
  ASSIGN_OR_RETURN(std::optional<VersionRef> version,
                   FindVersionLocked(bucket, key, version_id));
  if (!version) return version_id ? NoSuchVersionError() : NoSuchKeyError();
  // The current version being a delete marker means the key is absent;
  // a marker named by its id is returned (the caller refuses it).
  if (!version_id && version->delete_marker) return NoSuchKeyError();
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare(std::string("SELECT ") + kObjectColumns +
                               " FROM objects WHERE bucket = ?1 AND key = ?2 "
                               "AND version_seq = ?3"));
  statement.BindText(1, bucket).BindBlob(2, key).BindInt64(3, version->seq);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return Status::Internal("a version vanished inside a lock");
  ASSIGN_OR_RETURN(ObjectRow row, ReadObject(statement, bucket));
  ASSIGN_OR_RETURN(row.segments, SegmentsLocked(row.data_file));
  return row;
}

Result<ObjectRow> StoreCatalog::GetObject(
    const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  return ObjectRowLocked(bucket, key, version_id);
}

Result<std::optional<VersionRef>> StoreCatalog::CurrentVersion(
    const std::string& bucket, const std::string& key) {
  std::lock_guard lock(mutex_);
  return FindVersionLocked(bucket, key, std::nullopt);
}

Status StoreCatalog::CheckWritable(const std::string& bucket,
                                   const std::string& key,
                                   bool forbid_overwrite) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  if (!forbid_overwrite) return Status::Ok();
  return ForbidOverwriteLocked(bucket, key);
}

Result<ReleasedFiles> StoreCatalog::PutObject(ObjectRow& row,
                                              bool forbid_overwrite) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  // The bucket may have been deleted while the body was arriving.
  RETURN_IF_ERROR(RequireBucketLocked(row.object.bucket));
  if (forbid_overwrite) {
    RETURN_IF_ERROR(ForbidOverwriteLocked(row.object.bucket, row.object.key));
  }
  ReleasedFiles candidates;
  RETURN_IF_ERROR(PlaceNewVersionLocked(row, candidates));
  RETURN_IF_ERROR(InsertObjectLocked(row));
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<DeletedVersion> StoreCatalog::DeleteObject(
    const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(std::string versioning, VersioningLocked(bucket));
  DeletedVersion deleted;
  ReleasedFiles candidates;
  if (version_id || versioning.empty()) {
    // Removes a version for good: the one named, or in a never-versioned
    // bucket the only one. A version that does not exist is not an error
    // (OSS answers 204 either way).
    ASSIGN_OR_RETURN(std::optional<VersionRef> version,
                     FindVersionLocked(bucket, key, version_id));
    if (!version) return deleted;
    deleted.version_id = version->version_id;
    deleted.delete_marker = version->delete_marker;
    RETURN_IF_ERROR(RemoveVersionLocked(bucket, key, *version, candidates));
  } else {
    // A versioned bucket keeps the data: a delete marker becomes the
    // current version (suspended: replacing the "null" version).
    ObjectRow marker;
    marker.data_file = RandomHexId();  // names no file
    marker.object.bucket = bucket;
    marker.object.key = key;
    marker.object.delete_marker = true;
    marker.object.last_modified_ms = now_ms;
    marker.object.object_type = "DeleteMarker";
    RETURN_IF_ERROR(PlaceNewVersionLocked(marker, candidates));
    RETURN_IF_ERROR(InsertObjectLocked(marker));
    deleted.version_id = marker.object.version_id;
    deleted.delete_marker = true;
  }
  ASSIGN_OR_RETURN(deleted.released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return deleted;
}

Result<ObjectRow> StoreCatalog::SourceLocked(const SourceVersion& source) {
  RETURN_IF_ERROR(RequireBucketLocked(source.bucket));
  ASSIGN_OR_RETURN(ObjectRow row, ObjectRowLocked(source.bucket, source.key,
                                                  source.version_id));
  if (row.object.etag != source.etag ||
      row.object.last_modified_ms != source.last_modified_ms) {
    return Status::NotFound("the copy source was replaced while it was read");
  }
  return row;
}

Result<ReleasedFiles> StoreCatalog::CopyObject(const SourceVersion& source,
                                               ObjectRow& destination,
                                               bool forbid_overwrite) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(destination.object.bucket));
  ASSIGN_OR_RETURN(ObjectRow from, SourceLocked(source));
  if (forbid_overwrite) {
    RETURN_IF_ERROR(ForbidOverwriteLocked(destination.object.bucket,
                                          destination.object.key));
  }
  // A link is copied as a link: it has no bytes of its own.
  if (from.object.object_type != "Symlink") {
    ASSIGN_OR_RETURN(
        destination.segments,
        BytesOfLocked(from.data_file, from.object.size, FileArea::kData));
  }
  // Read before a version of the destination goes: a self-copy may
  // release the very segments it is about to reference again.
  ReleasedFiles candidates;
  RETURN_IF_ERROR(PlaceNewVersionLocked(destination, candidates));
  RETURN_IF_ERROR(InsertObjectLocked(destination));
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<ObjectRow> StoreCatalog::AppendObject(ObjectRow created,
                                             uint64_t position,
                                             const SegmentRow& segment,
                                             uint64_t crc64) {
  const std::string bucket = created.object.bucket;
  const std::string key = created.object.key;
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(std::optional<VersionRef> current,
                   FindVersionLocked(bucket, key, std::nullopt));
  if (!current || current->delete_marker) {
    // The first append creates the object (a new version of the key).
    if (position != 0) return PositionNotEqualToLengthError();
    ObjectRow& row = created;
    row.segments = {segment};
    row.object.size = segment.size;
    row.object.crc64 = crc64;
    row.object.object_type = "Appendable";
    row.object.etag = AppendableEtag(crc64, segment.size);
    ReleasedFiles candidates;
    RETURN_IF_ERROR(PlaceNewVersionLocked(row, candidates));
    RETURN_IF_ERROR(InsertObjectLocked(row));
    RETURN_IF_ERROR(transaction.Commit());
    return row;
  }
  ASSIGN_OR_RETURN(ObjectRow row, ObjectRowLocked(bucket, key, std::nullopt));
  if (row.object.object_type != "Appendable") return ObjectNotAppendableError();
  if (row.object.size != position) return PositionNotEqualToLengthError();
  // Appending nothing changes nothing (the caller removes the empty file).
  if (segment.size == 0) return row;
  row.object.crc64 = Crc64Combine(row.object.crc64, crc64, segment.size);
  row.object.size += segment.size;
  row.object.etag = AppendableEtag(row.object.crc64, row.object.size);
  row.object.last_modified_ms = created.object.last_modified_ms;
  {
    // Appends go to the current version and make no new one (§8.2).
    ASSIGN_OR_RETURN(SqliteStatement update,
                     db_.Prepare("UPDATE objects SET size = ?4, crc64 = ?5, "
                                 "etag = ?6, last_modified_ms = ?7 WHERE "
                                 "bucket = ?1 AND key = ?2 AND version_seq "
                                 "= ?3"));
    update.BindText(1, bucket)
        .BindBlob(2, key)
        .BindInt64(3, row.version_seq)
        .BindInt64(4, ToSql(row.object.size))
        .BindInt64(5, ToSql(row.object.crc64))
        .BindText(6, row.object.etag)
        .BindInt64(7, row.object.last_modified_ms);
    RETURN_IF_ERROR(update.Run());
  }
  // One more row: an append costs the same however many came before.
  RETURN_IF_ERROR(
      InsertSegmentsLocked(row.data_file, {segment}, row.segments.size()));
  RETURN_IF_ERROR(transaction.Commit());
  row.segments.push_back(segment);
  return row;
}

Result<std::vector<ObjectRow>> StoreCatalog::ScanObjects(
    const std::string& bucket, const ListCursor& cursor,
    const std::optional<std::string>& upper, int limit) {
  std::lock_guard lock(mutex_);
  // Current versions that are not delete markers, one per key: "0 > ?3"
  // includes the cursor's key only for a kBeforeAll cursor.
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare(std::string("SELECT ") + kObjectColumns +
                  " FROM objects o WHERE " + RangeCondition("0", upper) +
                  " AND " + kIsCurrent +
                  " AND delete_marker = 0 ORDER BY key LIMIT ?5"));
  BindRange(statement, bucket, cursor, upper, limit);
  std::vector<ObjectRow> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool found, statement.Step());
    if (!found) return rows;
    ASSIGN_OR_RETURN(ObjectRow row, ReadObject(statement, bucket));
    rows.push_back(std::move(row));
  }
}

Result<std::vector<ObjectRow>> StoreCatalog::ScanVersions(
    const std::string& bucket, const ListCursor& cursor,
    const std::optional<std::string>& upper, int limit) {
  std::lock_guard lock(mutex_);
  // Newest first within a key: the listing seq is kNewestFirst minus the
  // version's (VersionListingSeq).
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare(
          std::string("SELECT ") + kObjectColumns + ", " + kIsCurrent +
          " FROM objects o WHERE " +
          RangeCondition("(" + std::to_string(kNewestFirst) + " - version_seq)",
                         upper) +
          " ORDER BY key, version_seq DESC LIMIT ?5"));
  BindRange(statement, bucket, cursor, upper, limit);
  std::vector<ObjectRow> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool found, statement.Step());
    if (!found) return rows;
    ASSIGN_OR_RETURN(ObjectRow row, ReadObject(statement, bucket));
    row.is_latest = statement.ColumnInt64(kObjectColumnCount) != 0;
    rows.push_back(std::move(row));
  }
}

int64_t VersionListingSeq(const ObjectRow& row) {
  return StoreCatalog::kNewestFirst - row.version_seq;
}

Status StoreCatalog::SetBucketVersioning(const std::string& bucket,
                                         const std::string& status) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(
      SqliteStatement update,
      db_.Prepare("UPDATE buckets SET versioning = ?2 WHERE name = ?1"));
  update.BindText(1, bucket).BindText(2, status);
  RETURN_IF_ERROR(update.Run());
  return db_.Changes() == 1 ? Status::Ok() : NoSuchBucketError();
}

Status StoreCatalog::SetRestore(const std::string& bucket,
                                const std::string& key, int64_t ready_ms,
                                int64_t expiry_ms) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(ObjectRow row, ObjectRowLocked(bucket, key, std::nullopt));
  if (!oss::IsArchiveClass(row.object.attributes.storage_class)) {
    return NotArchiveObjectError();
  }
  ASSIGN_OR_RETURN(SqliteStatement update,
                   db_.Prepare("UPDATE objects SET restore_ready_ms = ?4, "
                               "restore_expiry_ms = ?5 WHERE bucket = ?1 AND "
                               "key = ?2 AND version_seq = ?3"));
  update.BindText(1, bucket)
      .BindBlob(2, key)
      .BindInt64(3, row.version_seq)
      .BindInt64(4, ready_ms)
      .BindInt64(5, expiry_ms);
  return update.Run();
}

Status StoreCatalog::UpdateAttributes(
    const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id,
    const std::function<void(ObjectAttributes&)>& change) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(ObjectRow row, ObjectRowLocked(bucket, key, version_id));
  // A delete marker has no attributes to change (§5.1: 405 for its ACL).
  if (row.object.delete_marker) return DeleteMarkerError();
  change(row.object.attributes);
  ASSIGN_OR_RETURN(SqliteStatement update,
                   db_.Prepare("UPDATE objects SET attributes = ?4 WHERE "
                               "bucket = ?1 AND key = ?2 AND version_seq = "
                               "?3"));
  update.BindText(1, bucket)
      .BindBlob(2, key)
      .BindInt64(3, row.version_seq)
      .BindBlob(4, EncodeAttributes(row.object.attributes));
  return update.Run();
}

// ---- Uploads and parts ----

Status StoreCatalog::RequireUploadLocked(const std::string& bucket,
                                         const std::string& key,
                                         const std::string& upload_id) {
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("SELECT 1 FROM uploads WHERE upload_id = ?1 "
                               "AND bucket = ?2 AND key = ?3"));
  statement.BindText(1, upload_id).BindText(2, bucket).BindBlob(3, key);
  ASSIGN_OR_RETURN(bool found, HasRow(statement));
  return found ? Status::Ok() : NoSuchUploadError();
}

Status StoreCatalog::RemoveUploadLocked(const std::string& upload_id,
                                        ReleasedFiles& candidates) {
  std::vector<std::string> parts;
  {
    ASSIGN_OR_RETURN(
        SqliteStatement query,
        db_.Prepare("SELECT data_file FROM parts WHERE upload_id = ?1"));
    query.BindText(1, upload_id);
    while (true) {
      ASSIGN_OR_RETURN(bool found, query.Step());
      if (!found) break;
      parts.push_back(query.ColumnBytes(0));
    }
  }
  for (const std::string& part : parts) {
    RETURN_IF_ERROR(ReleaseOwnerLocked(part, FileArea::kParts, candidates));
  }
  for (const char* sql : {"DELETE FROM parts WHERE upload_id = ?1",
                          "DELETE FROM uploads WHERE upload_id = ?1"}) {
    ASSIGN_OR_RETURN(SqliteStatement statement, db_.Prepare(sql));
    statement.BindText(1, upload_id);
    RETURN_IF_ERROR(statement.Run());
  }
  return Status::Ok();
}

Status StoreCatalog::InsertUpload(const std::string& bucket,
                                  const std::string& key,
                                  const std::string& upload_id,
                                  const ObjectAttributes& attributes,
                                  const UploadChecksum& checksum,
                                  int64_t initiated_ms) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare("INSERT INTO uploads (upload_id, bucket, key, "
                  "initiated_ms, attributes, checksum_algorithm, "
                  "checksum_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  statement.BindText(1, upload_id)
      .BindText(2, bucket)
      .BindBlob(3, key)
      .BindInt64(4, initiated_ms)
      .BindBlob(5, EncodeAttributes(attributes))
      .BindText(6, checksum.algorithm)
      .BindText(7, checksum.type);
  RETURN_IF_ERROR(statement.Run());
  return transaction.Commit();
}

Result<UploadRow> StoreCatalog::GetUpload(const std::string& bucket,
                                          const std::string& key,
                                          const std::string& upload_id) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare(std::string("SELECT ") + kUploadColumns +
                               " FROM uploads WHERE upload_id = ?1 AND "
                               "bucket = ?2 AND key = ?3"));
  statement.BindText(1, upload_id).BindText(2, bucket).BindBlob(3, key);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return NoSuchUploadError();
  return ReadUpload(statement);
}

Status StoreCatalog::UpsertPartLocked(const std::string& upload_id,
                                      const PartRow& row,
                                      const std::vector<SegmentRow>& segments,
                                      ReleasedFiles& candidates) {
  {
    ASSIGN_OR_RETURN(SqliteStatement query,
                     db_.Prepare("SELECT data_file FROM parts WHERE "
                                 "upload_id = ?1 AND part_number = ?2"));
    query.BindText(1, upload_id).BindInt64(2, row.part.part_number);
    ASSIGN_OR_RETURN(bool found, query.Step());
    if (found) {
      RETURN_IF_ERROR(ReleaseOwnerLocked(query.ColumnBytes(0), FileArea::kParts,
                                         candidates));
    }
  }
  ASSIGN_OR_RETURN(
      SqliteStatement insert,
      db_.Prepare(std::string("INSERT OR REPLACE INTO parts "
                              "(upload_id, ") +
                  kPartColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  insert.BindText(1, upload_id)
      .BindInt64(2, row.part.part_number)
      .BindInt64(3, ToSql(row.part.size))
      .BindBlob(4, row.md5)
      .BindInt64(5, ToSql(row.part.crc64))
      .BindInt64(6, row.part.last_modified_ms)
      .BindText(7, row.data_file)
      .BindBlob(8, row.part.checksum);
  RETURN_IF_ERROR(insert.Run());
  return InsertSegmentsLocked(row.data_file, segments);
}

Result<ReleasedFiles> StoreCatalog::PutPart(const std::string& bucket,
                                            const std::string& key,
                                            const std::string& upload_id,
                                            const PartRow& row) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  // The upload may have been completed or aborted while the part arrived.
  RETURN_IF_ERROR(RequireUploadLocked(bucket, key, upload_id));
  ReleasedFiles candidates;
  RETURN_IF_ERROR(UpsertPartLocked(upload_id, row, {}, candidates));
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<ReleasedFiles> StoreCatalog::PutCopiedPart(const std::string& bucket,
                                                  const std::string& key,
                                                  const std::string& upload_id,
                                                  const PartRow& part,
                                                  const SourceVersion& source,
                                                  uint64_t first) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireUploadLocked(bucket, key, upload_id));
  ASSIGN_OR_RETURN(ObjectRow from, SourceLocked(source));
  if (first + part.part.size > from.object.size) {
    return Status::Internal("a copied part runs past its source's end");
  }
  ASSIGN_OR_RETURN(
      std::vector<SegmentRow> bytes,
      BytesOfLocked(from.data_file, from.object.size, FileArea::kData));
  ReleasedFiles candidates;
  RETURN_IF_ERROR(UpsertPartLocked(upload_id, part,
                                   SliceSegments(bytes, first, part.part.size),
                                   candidates));
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<std::vector<PartRow>> StoreCatalog::ListParts(
    const std::string& bucket, const std::string& key,
    const std::string& upload_id, int marker, int limit) {
  std::lock_guard lock(mutex_);
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  RETURN_IF_ERROR(RequireUploadLocked(bucket, key, upload_id));
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare(std::string("SELECT ") + kPartColumns +
                               " FROM parts WHERE upload_id = ?1 AND "
                               "part_number > ?2 ORDER BY part_number "
                               "LIMIT ?3"));
  statement.BindText(1, upload_id).BindInt64(2, marker).BindInt64(3, limit);
  std::vector<PartRow> parts;
  while (true) {
    ASSIGN_OR_RETURN(bool found, statement.Step());
    if (!found) return parts;
    parts.push_back(ReadPart(statement));
  }
}

Result<ReleasedFiles> StoreCatalog::DeleteUpload(const std::string& bucket,
                                                 const std::string& key,
                                                 const std::string& upload_id) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(bucket));
  RETURN_IF_ERROR(RequireUploadLocked(bucket, key, upload_id));
  ReleasedFiles candidates;
  RETURN_IF_ERROR(RemoveUploadLocked(upload_id, candidates));
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Status StoreCatalog::RequirePartFilesLocked(
    const std::string& upload_id, const std::vector<SegmentRow>& segments) {
  ASSIGN_OR_RETURN(SqliteStatement query,
                   db_.Prepare("SELECT 1 FROM parts WHERE upload_id = ?1 AND "
                               "data_file = ?2 AND size = ?3"));
  for (const SegmentRow& segment : segments) {
    query.Reset();
    query.BindText(1, upload_id)
        .BindText(2, segment.data_file)
        .BindInt64(3, ToSql(segment.size));
    ASSIGN_OR_RETURN(bool found, HasRow(query));
    // Part files are never rewritten: a file that is no longer a part of
    // the upload belonged to a part replaced or dropped since it was
    // listed, so the ETag the client named is gone.
    if (!found) return InvalidPartError();
  }
  return Status::Ok();
}

Result<ReleasedFiles> StoreCatalog::CompleteUpload(const std::string& upload_id,
                                                   ObjectRow& row,
                                                   bool forbid_overwrite) {
  const StoredObject& object = row.object;
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  RETURN_IF_ERROR(RequireBucketLocked(object.bucket));
  // A concurrent Complete or Abort of the same upload loses here.
  RETURN_IF_ERROR(RequireUploadLocked(object.bucket, object.key, upload_id));
  if (forbid_overwrite) {
    RETURN_IF_ERROR(ForbidOverwriteLocked(object.bucket, object.key));
  }
  RETURN_IF_ERROR(RequirePartFilesLocked(upload_id, row.segments));
  // Each part's bytes: its own file, or what a copied part references.
  // Read before RemoveUploadLocked drops the copied parts' rows.
  ObjectRow completed = row;
  completed.segments.clear();
  for (const SegmentRow& part : row.segments) {
    ASSIGN_OR_RETURN(
        std::vector<SegmentRow> bytes,
        BytesOfLocked(part.data_file, part.size, FileArea::kParts));
    for (SegmentRow& segment : bytes) {
      completed.segments.push_back(std::move(segment));
    }
  }
  ReleasedFiles candidates;
  RETURN_IF_ERROR(PlaceNewVersionLocked(completed, candidates));
  RETURN_IF_ERROR(InsertObjectLocked(completed));
  RETURN_IF_ERROR(RemoveUploadLocked(upload_id, candidates));
  row.object.version_id = completed.object.version_id;
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<std::vector<UploadRow>> StoreCatalog::ScanUploads(
    const std::string& bucket, const ListCursor& cursor,
    const std::optional<std::string>& upper, int limit) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_.Prepare(std::string("SELECT ") + kUploadColumns +
                  " FROM uploads WHERE " + RangeCondition("seq", upper) +
                  " ORDER BY key, seq LIMIT ?5"));
  BindRange(statement, bucket, cursor, upper, limit);
  std::vector<UploadRow> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool found, statement.Step());
    if (!found) return rows;
    ASSIGN_OR_RETURN(UploadRow row, ReadUpload(statement));
    rows.push_back(std::move(row));
  }
}

Result<std::optional<int64_t>> StoreCatalog::UploadSeq(
    const std::string& bucket, const std::string& key,
    const std::string& upload_id) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteStatement statement,
                   db_.Prepare("SELECT seq FROM uploads WHERE upload_id = ?1 "
                               "AND bucket = ?2 AND key = ?3"));
  statement.BindText(1, upload_id).BindText(2, bucket).BindBlob(3, key);
  ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return std::optional<int64_t>();
  return std::optional<int64_t>(statement.ColumnInt64(0));
}

Result<ReleasedFiles> StoreCatalog::DropPart(const std::string& upload_id,
                                             int part_number) {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(SqliteTransaction transaction,
                   SqliteTransaction::Begin(db_));
  ReleasedFiles candidates;
  {
    ASSIGN_OR_RETURN(SqliteStatement query,
                     db_.Prepare("SELECT data_file FROM parts WHERE "
                                 "upload_id = ?1 AND part_number = ?2"));
    query.BindText(1, upload_id).BindInt64(2, part_number);
    ASSIGN_OR_RETURN(bool found, query.Step());
    if (!found) return NoSuchPartError();
    RETURN_IF_ERROR(
        ReleaseOwnerLocked(query.ColumnBytes(0), FileArea::kParts, candidates));
  }
  ASSIGN_OR_RETURN(SqliteStatement remove,
                   db_.Prepare("DELETE FROM parts WHERE upload_id = ?1 AND "
                               "part_number = ?2"));
  remove.BindText(1, upload_id).BindInt64(2, part_number);
  RETURN_IF_ERROR(remove.Run());
  ASSIGN_OR_RETURN(ReleasedFiles released, UnreferencedLocked(candidates));
  RETURN_IF_ERROR(transaction.Commit());
  return released;
}

Result<ReferencedFiles> StoreCatalog::ListReferencedFiles() {
  std::lock_guard lock(mutex_);
  ReferencedFiles files;
  // A segmented object's data_file names no file; leaving it out keeps
  // `data` exactly the files that must exist in data/.
  for (auto [sql, set] :
       {std::pair{"SELECT data_file FROM objects WHERE NOT EXISTS (SELECT 1 "
                  "FROM object_segments WHERE object_file = "
                  "objects.data_file)",
                  &files.data},
        std::pair{"SELECT data_file FROM parts", &files.parts},
        std::pair{"SELECT data_file FROM object_segments WHERE area = 'data'",
                  &files.data},
        std::pair{"SELECT data_file FROM object_segments WHERE area = "
                  "'parts'",
                  &files.parts}}) {
    ASSIGN_OR_RETURN(SqliteStatement statement, db_.Prepare(sql));
    while (true) {
      ASSIGN_OR_RETURN(bool found, statement.Step());
      if (!found) break;
      set->insert(statement.ColumnBytes(0));
    }
  }
  return files;
}

}  // namespace ossxfer::server
