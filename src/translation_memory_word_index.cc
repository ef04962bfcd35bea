// WordIndexBuilder: the word index of an import into an empty memory, built
// on a thread of its own (see translation_memory_sql.h).
//
// FTS5 keeps an index in ordinary tables (its "shadow tables"); an index
// built by the same SQLite from the same declaration is the same rows
// wherever it was built. So the thread fills unit_text in a private
// temporary database, and Finish() empties the memory's unit_text with
// FTS5's own 'delete-all' command (which also drops what FTS5 cached about
// it on this connection) and copies the rows of the shadow tables across.
#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "internal/match_text.h"
#include "internal/sqlite_util.h"
#include "translation_memory_sql.h"

namespace sverka::internal {
namespace {

// Units handed to the thread at once (one lock per batch, not per unit),
// and how many batches may wait: the importing thread waits beyond that,
// so memory stays bounded whatever the import's size.
constexpr size_t kBatchUnits = 1024;
constexpr size_t kInFlight = 4;

// Where a contentless FTS5 table keeps its index: the segments, their
// b-tree of first terms, and each row's size in words (absent when the
// table is declared columnsize=0). The fourth, unit_text_config, is left
// as the memory has it: it holds settings, not the index.
constexpr const char* kShadowTables[] = {"unit_text_data", "unit_text_idx",
                                         "unit_text_docsize"};

struct Batch {
  struct Unit {
    int64_t id;
    size_t source_end;  // texts[previous target_end, source_end)
    size_t target_end;  // texts[source_end, target_end)
  };
  std::string texts;  // every text of the batch, back to back
  std::vector<Unit> units;
};

class ThreadedWordIndexBuilder : public WordIndexBuilder {
 public:
  ThreadedWordIndexBuilder(sqlite3* memory, std::string path, SqliteDb index)
      : memory_(memory), path_(std::move(path)), index_(std::move(index)) {
    thread_ = std::thread(&ThreadedWordIndexBuilder::Run, this);
  }
  ~ThreadedWordIndexBuilder() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abandoned_ = true;
      changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

  Status Add(int64_t id, std::string_view source_text,
             std::string_view target_text) override {
    if (pending_.units.size() == kBatchUnits) RETURN_IF_ERROR(Push());
    if (pending_.units.empty()) {  // room for a batch of sentences
      pending_.texts.reserve(kBatchUnits * 256);
      pending_.units.reserve(kBatchUnits);
    }
    pending_.texts.append(source_text);
    const size_t source_end = pending_.texts.size();
    pending_.texts.append(target_text);
    pending_.units.push_back({id, source_end, pending_.texts.size()});
    return Status::Ok();
  }

  Status Close() override {
    if (!pending_.units.empty()) RETURN_IF_ERROR(Push());
    std::lock_guard<std::mutex> lock(mutex_);
    no_more_ = true;
    changed_.notify_all();
    return Status::Ok();
  }

  Status Finish() override {
    RETURN_IF_ERROR(Close());
    thread_.join();
    RETURN_IF_ERROR(status_);
    return CopyIndex();
  }

 private:
  // Hands pending_ to the thread; waits while kInFlight batches wait.
  Status Push() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(
        lock, [this] { return !status_.ok() || ready_.size() < kInFlight; });
    RETURN_IF_ERROR(status_);
    ready_.push_back(std::move(pending_));
    changed_.notify_all();
    pending_ = Batch();
    return Status::Ok();
  }

  // The thread: folds and indexes each batch until Finish() or the
  // destructor; its first error stops it and is returned by Add/Finish.
  void Run() {
    Status status;
    try {
      status = IndexAll();
    } catch (const std::exception& e) {
      status =
          Status::Internal(std::string("building the word index: ") + e.what());
    }
    // Not the fault of the unit the importing thread was storing when it
    // learnt of it (ImportSession::Add blames units for hintless errors).
    if (!status.ok() && status.hint().empty()) {
      status = status.WithHint(
          "nothing of this import was stored; try again, and report it if "
          "it happens again");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = std::move(status);
    changed_.notify_all();
  }

  Status IndexAll() {
    ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(index_.get(), path_,
                           "INSERT INTO unit_text (rowid, source, target) "
                           "VALUES (?1, ?2, ?3)"));
    std::string source, target;
    for (;;) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(
            lock, [this] { return abandoned_ || no_more_ || !ready_.empty(); });
        if (abandoned_) return Status::Ok();
        if (ready_.empty()) break;  // no_more_: every unit is indexed
        batch = std::move(ready_.front());
        ready_.pop_front();
        changed_.notify_all();
      }
      const std::string_view texts = batch.texts;
      size_t begin = 0;
      for (const Batch::Unit& unit : batch.units) {
        // As sverka_fold folds them for the trigger that indexes one unit.
        source = WordIndexText(texts.substr(begin, unit.source_end - begin));
        target = WordIndexText(
            texts.substr(unit.source_end, unit.target_end - unit.source_end));
        begin = unit.target_end;
        RETURN_IF_ERROR(insert.Bind(1, unit.id));
        RETURN_IF_ERROR(insert.BindStatic(2, source));
        RETURN_IF_ERROR(insert.BindStatic(3, target));
        RETURN_IF_ERROR(insert.Run("building the word index"));
        RETURN_IF_ERROR(insert.Reset());
      }
    }
    // The segments merged into one, in one pass (see Start()). Here, not in
    // Finish(): this and the commit (FTS5's last pending terms written out)
    // were 3% of an import's storing thread when Finish() ran the commit;
    // this way they run beside the import's own index builds (Close()).
    RETURN_IF_ERROR(insert.Reset());
    RETURN_IF_ERROR(Execute(index_.get(), path_,
                            "INSERT INTO unit_text (unit_text) VALUES "
                            "('optimize')",
                            "building the word index"));
    return Execute(index_.get(), path_, "COMMIT", "building the word index");
  }

  // Runs on the importing thread, inside its transaction, after the
  // builder's thread has ended.
  Status CopyIndex() {
    RETURN_IF_ERROR(
        Execute(memory_, path_,
                "INSERT INTO unit_text (unit_text) VALUES ('delete-all')",
                "clearing the word index"));
    for (const char* table : kShadowTables) {
      ASSIGN_OR_RETURN(
          Statement exists,
          Statement::Prepare(index_.get(), path_,
                             "SELECT 1 FROM sqlite_schema WHERE type = "
                             "'table' AND name = ?1"));
      RETURN_IF_ERROR(exists.Bind(1, std::string_view(table)));
      ASSIGN_OR_RETURN(bool present, exists.Step("reading the word index"));
      if (!present) continue;
      RETURN_IF_ERROR(Execute(memory_, path_,
                              std::string("DELETE FROM ") + table,
                              "clearing the word index"));
      ASSIGN_OR_RETURN(
          Statement read,
          Statement::Prepare(index_.get(), path_,
                             std::string("SELECT * FROM ") + table));
      const int columns = sqlite3_column_count(read.get());
      std::string sql = std::string("INSERT INTO ") + table + " VALUES (";
      for (int i = 1; i <= columns; ++i) {
        sql += (i > 1 ? ", ?" : "?") + std::to_string(i);
      }
      ASSIGN_OR_RETURN(Statement write,
                       Statement::Prepare(memory_, path_, sql + ")"));
      for (;;) {
        ASSIGN_OR_RETURN(bool row, read.Step("reading the word index"));
        if (!row) break;
        for (int i = 0; i < columns; ++i) {
          const int rc = sqlite3_bind_value(
              write.get(), i + 1, sqlite3_column_value(read.get(), i));
          if (rc != SQLITE_OK) {
            return SqliteStatus(rc, memory_, path_, "storing the word index");
          }
        }
        RETURN_IF_ERROR(write.Run("storing the word index"));
        RETURN_IF_ERROR(write.Reset());
      }
    }
    return Status::Ok();
  }

  sqlite3* memory_;
  std::string path_;
  SqliteDb index_;  // the private database; only the thread uses it
                    // until Finish() has joined it
  Batch pending_;   // the importing thread's, not yet handed over

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  bool no_more_ = false;    // Finish(): index what is left, then end
  bool abandoned_ = false;  // the destructor: end now
  Status status_;           // the thread's error

  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace

Result<std::unique_ptr<WordIndexBuilder>> WordIndexBuilder::Start(
    sqlite3* memory, const std::string& path) {
  std::string declaration;
  {
    ASSIGN_OR_RETURN(Statement query,
                     Statement::Prepare(memory, path,
                                        "SELECT sql FROM sqlite_schema WHERE "
                                        "type = 'table' AND name = "
                                        "'unit_text'"));
    ASSIGN_OR_RETURN(bool found, query.Step("reading the schema"));
    if (!found) {
      return Status::Internal("the memory has no word index (unit_text)")
          .At(path);
    }
    declaration = query.ColumnText(0);
  }
  // A temporary file (SQLite deletes it on close), not ":memory:": the
  // index grows with the import (56 MB at 1M units), and only its cache,
  // set below, is kept in memory. Measured on 1M units: the same time
  // (18.0 and 23.0 s in memory, 20.2 and 22.8 s on file), 301 -> 239 MB.
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(
      "", &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  SqliteDb index(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, index.get(), path, "starting the word index");
  }
  // Nothing in it outlives the import: no journal to roll back with. 16 MB
  // of cache holds the pages FTS5 merges into at 100k units.
  //
  // FTS5 writes its pending terms out as a segment each time they pass 1 MB
  // and, by default, merges every 4 segments of a level into one of the
  // next: each term is written again at every level, half of the thread's
  // work. Here no segment is merged until the end (automerge 0; a "crisis"
  // merge only past 1,999 segments of a level, FTS5's most, ~10M units),
  // when 'optimize' merges them all in one pass (IndexAll). The settings
  // stay in this database's unit_text_config, which Finish() does not copy:
  // the memory keeps FTS5's defaults for its later writes. 100k units
  // (callgrind): the thread's 4,801 M instructions -> 3,927 M, and one
  // segment instead of several, 8.1 -> 7.5 MB; 1M units, 2 interleaved
  // runs: 12.95 / 15.09 s -> 10.89 / 10.15 s.
  RETURN_IF_ERROR(Execute(
      index.get(), path,
      "PRAGMA journal_mode = OFF; PRAGMA cache_size = -16384; " + declaration +
          "; INSERT INTO unit_text (unit_text, rank) VALUES ('automerge', 0);"
          " INSERT INTO unit_text (unit_text, rank) VALUES ('crisismerge', "
          "1999); BEGIN",
      "starting the word index"));
  return std::unique_ptr<WordIndexBuilder>(
      new ThreadedWordIndexBuilder(memory, path, std::move(index)));
}

}  // namespace sverka::internal
