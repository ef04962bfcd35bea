// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// RAII owners for SQLite handles and the few wrappers the translation memory
// needs: a connection and a statement that finalise themselves, Bind/Step
// that turn every result code into a Status naming the database file, and a
// Transaction guard that rolls back unless Commit() succeeded.
//
//   ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, path, kImmediate));
//   ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db, path, "..."));
//   RETURN_IF_ERROR(insert.Bind(1, text));
//   RETURN_IF_ERROR(insert.Run());
//   RETURN_IF_ERROR(tx.Commit());   // without this, the destructor rolls back
#ifndef SVERKA_INTERNAL_SQLITE_UTIL_H_
#define SVERKA_INTERNAL_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "sverka/status.h"

namespace sverka::internal {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteFinalizer {
  void operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
  }
};
using SqliteStatementPtr = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Turns an SQLite result code into a Status about the memory at `path`.
// `doing` says what Sverka was doing ("storing the units").
inline Status SqliteStatus(int code, sqlite3* db, const std::string& path,
                           std::string_view doing) {
  const int primary = code & 0xff;
  // sqlite3_errmsg has the details ("UNIQUE constraint failed: ...") when
  // it is about this error; sqlite3_errstr only names the code.
  std::string detail = db != nullptr && (sqlite3_errcode(db) & 0xff) == primary
                           ? sqlite3_errmsg(db)
                           : sqlite3_errstr(code);
  std::string what = std::string(doing) + ": " + detail;
  switch (primary) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::Ok();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy("another process is writing to " + path + " (" +
                          what + ")")
          .At(path)
          .WithHint("wait for it to finish, or use another memory");
    case SQLITE_NOTADB:
      return Status::InvalidInput("not a Sverka translation memory (" + what +
                                  ")")
          .At(path)
          .WithHint(
              "check the --tm path; a memory is an SQLite file Sverka "
              "created");
    case SQLITE_CORRUPT:
      return Status::InvalidInput("the memory is damaged (" + what + ")")
          .At(path)
          .WithHint(
              "restore it from a backup, or export what is readable "
              "with the sqlite3 .recover command");
    case SQLITE_READONLY:
      return Status::IoError("cannot write to the memory: it is read-only (" +
                             what + ")")
          .At(path)
          .WithHint(
              "make the file and its folder writable, or open the "
              "memory read-only to export from it");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::IoError("cannot open the memory (" + what + ")")
          .At(path)
          .WithHint(
              "check that the folder exists and that you may write "
              "there");
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_NOLFS:
      return Status::IoError("the system refused (" + what + ")")
          .At(path)
          .WithHint("check the free disk space and the file's permissions");
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return Status::InvalidInput(what).At(path);
    default:
      return Status::Internal(what).At(path);
  }
}

// A prepared statement. Bind indices are 1-based, column indices 0-based.
class Statement {
 public:
  static Result<Statement> Prepare(sqlite3* db, const std::string& path,
                                   std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(
        db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    SqliteStatementPtr owned(raw);
    if (rc != SQLITE_OK) {
      return SqliteStatus(rc, db, path, "preparing a query");
    }
    return Statement(db, path, std::move(owned));
  }

  Status Bind(int index, int64_t value) {
    return Check(sqlite3_bind_int64(get(), index, value), "binding a value");
  }
  Status Bind(int index, double value) {
    return Check(sqlite3_bind_double(get(), index, value), "binding a value");
  }
  // Copies the text (SQLITE_TRANSIENT): the argument may die before Step.
  Status Bind(int index, std::string_view value) {
    return Check(sqlite3_bind_text64(get(), index, value.data(), value.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8),
                 "binding a value");
  }
  // Does not copy: the text must stay alive and unchanged until the
  // statement is reset or bound again (a hot loop binding what it owns).
  Status BindStatic(int index, std::string_view value) {
    return Check(sqlite3_bind_text64(get(), index, value.data(), value.size(),
                                     SQLITE_STATIC, SQLITE_UTF8),
                 "binding a value");
  }
  Status BindNull(int index) {
    return Check(sqlite3_bind_null(get(), index), "binding a value");
  }

  // True when a row is ready, false when the statement is done; any other
  // result is an error naming `doing`.
  Result<bool> Step(std::string_view doing = "reading the memory") {
    const int rc = sqlite3_step(get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteStatus(rc, db_, path_, doing);
  }
  // Steps a statement that returns no rows (or whose rows are not wanted).
  Status Run(std::string_view doing = "writing to the memory") {
    for (;;) {
      Result<bool> row = Step(doing);
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
    }
  }
  // Makes the statement ready to run again with new bindings.
  Status Reset() {
    sqlite3_reset(get());
    return Check(sqlite3_clear_bindings(get()), "resetting a query");
  }

  bool IsNull(int column) const {
    return sqlite3_column_type(get(), column) == SQLITE_NULL;
  }
  int64_t ColumnInt64(int column) const {
    return sqlite3_column_int64(get(), column);
  }
  double ColumnDouble(int column) const {
    return sqlite3_column_double(get(), column);
  }
  std::string ColumnText(int column) const {
    const unsigned char* text = sqlite3_column_text(get(), column);
    if (text == nullptr) return {};
    return std::string(
        reinterpret_cast<const char*>(text),
        static_cast<size_t>(sqlite3_column_bytes(get(), column)));
  }

  sqlite3_stmt* get() const { return statement_.get(); }

 private:
  Statement(sqlite3* db, std::string path, SqliteStatementPtr statement)
      : db_(db), path_(std::move(path)), statement_(std::move(statement)) {}
  Status Check(int rc, std::string_view doing) const {
    return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(rc, db_, path_, doing);
  }

  sqlite3* db_;
  std::string path_;
  SqliteStatementPtr statement_;
};

// Runs SQL with no results (schema, pragmas, BEGIN/COMMIT).
inline Status Execute(sqlite3* db, const std::string& path,
                      const std::string& sql, std::string_view doing) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg still holds the message
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(rc, db, path, doing);
}

// A transaction that rolls back when it goes out of scope uncommitted.
class Transaction {
 public:
  enum Kind {
    kDeferred,   // reads; takes the write lock only when it first writes
    kImmediate,  // writes; waits for (busy_timeout) or fails on the lock now
  };

  static Result<Transaction> Begin(sqlite3* db, const std::string& path,
                                   Kind kind) {
    RETURN_IF_ERROR(Execute(db, path,
                            kind == kImmediate ? "BEGIN IMMEDIATE" : "BEGIN",
                            "starting a transaction"));
    return Transaction(db, path);
  }

  Transaction(Transaction&& other) noexcept
      : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  ~Transaction() {
    // Rollback cannot usefully fail here: if it does, SQLite has already
    // rolled back (the statement that failed ended the transaction).
    if (db_ != nullptr && !sqlite3_get_autocommit(db_)) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  Status Commit() {
    if (db_ == nullptr) return Status::Internal("transaction already ended");
    Status status = Execute(db_, path_, "COMMIT", "committing");
    if (status.ok()) db_ = nullptr;
    return status;  // on failure the destructor rolls back
  }

 private:
  Transaction(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
};

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_SQLITE_UTIL_H_
