// A thin RAII layer over the SQLite C API: a connection, its prepared
// statements and transactions. Failures are Status values (kIoError with
// SQLite's message), never exceptions.
//
// Not thread-safe by itself: the owner serializes every use of one
// connection and of the statements prepared on it.
#ifndef OSSXFER_SERVER_SQLITE_DATABASE_H_
#define OSSXFER_SERVER_SQLITE_DATABASE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "ossxfer/result.h"
#include "ossxfer/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ossxfer::server {

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  ~SqliteStatement();

  // Parameters are numbered from 1. The bytes are copied. A failed bind is
  // remembered and reported by the next Step().
  SqliteStatement& BindText(int index, std::string_view text);
  // Always a BLOB, even when empty (a null pointer would bind NULL).
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& BindInt64(int index, int64_t value);
  SqliteStatement& BindNull(int index);

  // true: a row is ready to be read; false: the statement is done.
  Result<bool> Step();
  // Steps until done, ignoring any rows.
  Status Run();
  // Makes the statement ready to run again, keeping its bindings: one
  // statement serves many rows without being prepared for each.
  void Reset();

  // Columns are numbered from 0; valid only after Step() returned true.
  int64_t ColumnInt64(int column) const;
  // The bytes of a TEXT or BLOB column ("" for NULL).
  std::string ColumnBytes(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement);
  void RecordBind(int result);
  Status Error(int result) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  int bind_result_ = 0;  // SQLITE_OK, or the first failed bind
};

class SqliteDatabase {
 public:
  // Opens (creating if missing) the database file.
  static Result<SqliteDatabase> Open(const std::filesystem::path& path);

  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  ~SqliteDatabase();

  // Runs one or more statements without parameters (schema, PRAGMAs).
  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  Status Error(std::string_view what) const;

  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; destroying it uncommitted rolls back, so an
// early `return error;` never leaves half a change behind.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteDatabase& db);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();

  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* db) : db_(db) {}

  SqliteDatabase* db_;  // null once committed, rolled back or moved from
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SQLITE_DATABASE_H_
