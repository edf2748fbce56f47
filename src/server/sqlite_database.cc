#include "server/sqlite_database.h"

#include <sqlite3.h>

#include <climits>
#include <string>
#include <utility>

namespace ossxfer::server {
namespace {

// SQLite takes lengths as int; anything larger is refused rather than
// truncated.
bool FitsInt(size_t size) { return size <= static_cast<size_t>(INT_MAX); }

Status SqliteError(sqlite3* db, int result, std::string_view what) {
  std::string message = "SQLite ";
  message.append(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result);
  message += " (code " + std::to_string(result) + ")";
  if (db != nullptr) {
    const char* file = sqlite3_db_filename(db, "main");
    if (file != nullptr && *file != '\0') {
      message += " in ";
      message += file;
    }
  }
  return Status::IoError(std::move(message));
}

}  // namespace

// ---- SqliteStatement ----

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* statement)
    : db_(db), statement_(statement) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      statement_(std::exchange(other.statement_, nullptr)),
      bind_result_(other.bind_result_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    db_ = std::exchange(other.db_, nullptr);
    statement_ = std::exchange(other.statement_, nullptr);
    bind_result_ = other.bind_result_;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

void SqliteStatement::RecordBind(int result) {
  if (bind_result_ == SQLITE_OK) bind_result_ = result;
}

SqliteStatement& SqliteStatement::BindText(int index, std::string_view text) {
  if (!FitsInt(text.size())) {
    RecordBind(SQLITE_TOOBIG);
    return *this;
  }
  RecordBind(sqlite3_bind_text(statement_, index, text.data(),
                               static_cast<int>(text.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  if (!FitsInt(bytes.size())) {
    RecordBind(SQLITE_TOOBIG);
    return *this;
  }
  // sqlite3_bind_blob binds NULL for a null pointer; an empty view may
  // have one.
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  RecordBind(sqlite3_bind_blob(statement_, index, data,
                               static_cast<int>(bytes.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

SqliteStatement& SqliteStatement::BindInt64(int index, int64_t value) {
  RecordBind(sqlite3_bind_int64(statement_, index, value));
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  RecordBind(sqlite3_bind_null(statement_, index));
  return *this;
}

Status SqliteStatement::Error(int result) const {
  const char* sql = sqlite3_sql(statement_);
  return SqliteError(db_, result,
                     std::string("statement \"") + (sql ? sql : "") + "\"");
}

Result<bool> SqliteStatement::Step() {
  if (bind_result_ != SQLITE_OK) return Error(bind_result_);
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return Error(result);
}

Status SqliteStatement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

void SqliteStatement::Reset() {
  // sqlite3_reset repeats the last step's error, which Step() already
  // returned: nothing new to report.
  (void)sqlite3_reset(statement_);
  bind_result_ = SQLITE_OK;
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::ColumnBytes(int column) const {
  // sqlite3_column_blob before _bytes: the documented safe order.
  const void* data = sqlite3_column_blob(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr || size <= 0) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

// ---- SqliteDatabase ----

Result<SqliteDatabase> SqliteDatabase::Open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  const int result = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (result != SQLITE_OK) {
    Status error = SqliteError(db, result, "open " + path.string());
    sqlite3_close_v2(db);  // a handle is returned even on failure
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  return SqliteDatabase(db);
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Status SqliteDatabase::Error(std::string_view what) const {
  return SqliteError(db_, sqlite3_errcode(db_), what);
}

Status SqliteDatabase::Exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  char* message = nullptr;
  const int result =
      sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available from sqlite3_errmsg
  if (result != SQLITE_OK) return SqliteError(db_, result, "exec");
  return Status::Ok();
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  if (!FitsInt(sql.size())) return Status::Internal("SQL text too long");
  sqlite3_stmt* statement = nullptr;
  const int result = sqlite3_prepare_v2(
      db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (result != SQLITE_OK) {
    return SqliteError(db_, result, "prepare \"" + std::string(sql) + "\"");
  }
  return SqliteStatement(db_, statement);
}

int64_t SqliteDatabase::Changes() const { return sqlite3_changes64(db_); }

// ---- SqliteTransaction ----

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDatabase& db) {
  Status begun = db.Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) return begun;
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  // Best effort: if even ROLLBACK fails, SQLite rolls the transaction back
  // itself when the connection closes or the next BEGIN fails loudly.
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status SqliteTransaction::Commit() {
  if (db_ == nullptr) return Status::Internal("transaction already finished");
  Status committed = db_->Exec("COMMIT");
  // On failure the destructor still rolls back: the transaction stays open
  // after a failed COMMIT (e.g. SQLITE_BUSY, I/O error).
  if (committed.ok()) db_ = nullptr;
  return committed;
}

}  // namespace ossxfer::server
