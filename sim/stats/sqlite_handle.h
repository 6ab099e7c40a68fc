// Minimal RAII ownership of SQLite C API objects, so the recorder never leaks a connection or a
// statement on an error path. Values always go through sqlite3_bind_*, never into SQL text.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace warpsim::stats {

// A SQLite call failed at run time (disk full, lock timeout, corrupt file). Not an InputError:
// the recorder turns failures while *opening* a database into InputError itself.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// One open connection. Closing is sqlite3_close_v2, which is safe even if a statement outlives it.
class SqliteDb {
 public:
  // Throws SqliteError when the file cannot be opened (message from SQLite).
  SqliteDb(const std::string& path, int flags);
  ~SqliteDb();
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  sqlite3* get() const { return db_; }
  // Runs SQL without parameters (DDL, PRAGMA, BEGIN/COMMIT); throws SqliteError on failure.
  void exec(const std::string& sql) const;
  // Throws SqliteError(code, "<context>: <sqlite message>").
  [[noreturn]] void fail(int code, const std::string& context) const;

 private:
  sqlite3* db_ = nullptr;
};

// One prepared statement; must not outlive its SqliteDb. Bind indexes are 1-based, as in SQLite.
class SqliteStmt {
 public:
  SqliteStmt(const SqliteDb& db, const std::string& sql);
  ~SqliteStmt();
  SqliteStmt(SqliteStmt&& other) noexcept;
  SqliteStmt& operator=(SqliteStmt&& other) noexcept;
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  SqliteStmt& bind(int index, int64_t value);
  SqliteStmt& bind(int index, double value);
  SqliteStmt& bind(int index, const std::string& value);  // copied (SQLITE_TRANSIENT)
  // Not copied (SQLITE_STATIC): `value` must stay unchanged until the statement has run and been
  // reset or rebound (bulk inserts of rows that outlive the insert).
  SqliteStmt& bind_borrowed(int index, std::string_view value);
  SqliteStmt& bind_null(int index);

  // Returns true while a row is available, false when done; throws SqliteError on failure.
  bool step();
  // Steps a statement that returns no rows (INSERT/UPDATE), then resets it for the next use.
  void run();
  // Resets for re-execution and clears bindings.
  void reset();

  int64_t column_int64(int col) const;
  double column_double(int col) const;
  std::string column_text(int col) const;  // "" for NULL
  bool column_is_null(int col) const;

 private:
  const SqliteDb* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() succeeded, so an
// exception anywhere inside leaves the database as it was (all or nothing).
class SqliteTransaction {
 public:
  explicit SqliteTransaction(const SqliteDb& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  const SqliteDb& db_;
  bool open_ = true;
};

}  // namespace warpsim::stats
