#include "sverka/translation_memory.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "internal/hash.h"
#include "internal/match_text.h"
#include "internal/sqlite_util.h"
#include "sverka/text_input.h"
#include "translation_memory_sql.h"

namespace sverka {
namespace {

using internal::Execute;
using internal::SqliteDb;
using internal::SqliteStatus;
using internal::Statement;
using internal::Transaction;

// Marks the file as a Sverka memory (PRAGMA application_id): "SVKA".
constexpr int64_t kApplicationId = 0x53564B41;

// The schema, one step per version: step i takes a memory from version i to
// version i + 1 and runs in the same transaction that sets user_version, so a
// memory is always at exactly one version. Never edit a published step; add
// one (for example v2: "ALTER TABLE units ADD COLUMN note TEXT NOT NULL
// DEFAULT ''") and read the new column in ForEach.
constexpr std::string_view kMigrations[] = {
    // v1
    R"sql(
CREATE TABLE origins (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  content_hash TEXT UNIQUE,
  created TEXT NOT NULL
);
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  source_language TEXT NOT NULL
    CONSTRAINT source_language_missing CHECK (length(source_language) > 0),
  target_language TEXT NOT NULL
    CONSTRAINT target_language_missing CHECK (length(target_language) > 0),
  source_text TEXT NOT NULL,
  target_text TEXT NOT NULL,
  confidence REAL NOT NULL
    CONSTRAINT confidence_outside_0_1 CHECK (confidence BETWEEN 0 AND 1),
  bead_type TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL
    CONSTRAINT created_not_iso8601 CHECK (created GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
  changed TEXT NOT NULL
    CONSTRAINT changed_not_iso8601 CHECK (changed GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
  seen_count INTEGER NOT NULL DEFAULT 1,
  UNIQUE (source_language, target_language, source_text, target_text)
);
CREATE INDEX units_by_changed ON units (changed);
CREATE TABLE unit_origins (
  unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  origin_id INTEGER NOT NULL REFERENCES origins (id) ON DELETE CASCADE,
  PRIMARY KEY (unit_id, origin_id)
) WITHOUT ROWID;
CREATE INDEX unit_origins_by_origin ON unit_origins (origin_id);
CREATE TABLE unit_properties (
  unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  type TEXT NOT NULL CONSTRAINT property_type_missing CHECK (length(type) > 0),
  value TEXT NOT NULL,
  PRIMARY KEY (unit_id, type)
) WITHOUT ROWID;
)sql",
    // v2: inline markup kept for TMX round trips, and the word index behind
    // fuzzy lookup and concordance. FTS5 indexes the source and target as
    // NormalizeForMatching folds them (sverka_fold, registered on every
    // connection); triggers keep it in step with `units` whoever writes, so a
    // connection without the functions (the sqlite3 shell) can read but not
    // add units. source_words (words and numbers, sverka_match_words) gives
    // the length band of a lookup.
    R"sql(
ALTER TABLE units ADD COLUMN source_markup TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN target_markup TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN source_words INTEGER;
UPDATE units SET source_words = sverka_match_words(source_text);
CREATE INDEX units_by_source_words ON units (source_words);
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '',
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'");
CREATE VIRTUAL TABLE unit_text_terms USING fts5vocab(unit_text, 'col');
INSERT INTO unit_text (rowid, source, target)
  SELECT id, sverka_fold(source_text), sverka_fold(target_text) FROM units;
CREATE TRIGGER units_text_insert AFTER INSERT ON units BEGIN
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
END;
CREATE TRIGGER units_words_insert AFTER INSERT ON units
WHEN new.source_words IS NULL BEGIN
  UPDATE units SET source_words = sverka_match_words(new.source_text)
    WHERE id = new.id;
END;
CREATE TRIGGER units_text_delete AFTER DELETE ON units BEGIN
  INSERT INTO unit_text (unit_text, rowid, source, target)
    VALUES ('delete', old.id, sverka_fold(old.source_text),
            sverka_fold(old.target_text));
END;
CREATE TRIGGER units_text_update AFTER UPDATE OF source_text, target_text
ON units BEGIN
  INSERT INTO unit_text (unit_text, rowid, source, target)
    VALUES ('delete', old.id, sverka_fold(old.source_text),
            sverka_fold(old.target_text));
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
  UPDATE units SET source_words = sverka_match_words(new.source_text)
    WHERE id = new.id;
END;
)sql",
    // v3: a pair is found by a 64-bit hash of its languages and texts
    // (sverka_pair_hash) in a small index instead of a UNIQUE index holding
    // a second copy of every text: that index was half the file and a third
    // of an import's time, its keys long and inserted in random order. The
    // hash is only a key to look under: the writers compare the texts of
    // what it finds, so two pairs that share a hash stay two. SQLite cannot
    // drop a UNIQUE constraint in place, so `units` is rebuilt with the same
    // ids (the word index and the child tables refer to them); this step
    // runs with foreign keys off (else DROP TABLE would cascade into the
    // child tables) and is checked with foreign_key_check before the
    // commit. unit_text_terms (fts5vocab) had no reader left.
    R"sql(
DROP TABLE unit_text_terms;
CREATE TABLE units_v3 (
  id INTEGER PRIMARY KEY,
  source_language TEXT NOT NULL
    CONSTRAINT source_language_missing CHECK (length(source_language) > 0),
  target_language TEXT NOT NULL
    CONSTRAINT target_language_missing CHECK (length(target_language) > 0),
  source_text TEXT NOT NULL,
  target_text TEXT NOT NULL,
  confidence REAL NOT NULL
    CONSTRAINT confidence_outside_0_1 CHECK (confidence BETWEEN 0 AND 1),
  bead_type TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL
    CONSTRAINT created_not_iso8601 CHECK (created GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
  changed TEXT NOT NULL
    CONSTRAINT changed_not_iso8601 CHECK (changed GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
  seen_count INTEGER NOT NULL DEFAULT 1,
  source_markup TEXT NOT NULL DEFAULT '',
  target_markup TEXT NOT NULL DEFAULT '',
  source_words INTEGER,
  pair_hash INTEGER NOT NULL
);
INSERT INTO units_v3 (id, source_language, target_language, source_text,
                      target_text, confidence, bead_type, created, changed,
                      seen_count, source_markup, target_markup, source_words,
                      pair_hash)
  SELECT id, source_language, target_language, source_text, target_text,
         confidence, bead_type, created, changed, seen_count, source_markup,
         target_markup, source_words,
         sverka_pair_hash(source_language, target_language, source_text,
                          target_text)
  FROM units ORDER BY id;
DROP TABLE units;
ALTER TABLE units_v3 RENAME TO units;
CREATE INDEX units_by_changed ON units (changed);
CREATE INDEX units_by_source_words ON units (source_words);
CREATE INDEX units_by_pair_hash ON units (pair_hash);
CREATE TRIGGER units_text_insert AFTER INSERT ON units BEGIN
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
END;
CREATE TRIGGER units_words_insert AFTER INSERT ON units
WHEN new.source_words IS NULL BEGIN
  UPDATE units SET source_words = sverka_match_words(new.source_text)
    WHERE id = new.id;
END;
CREATE TRIGGER units_text_delete AFTER DELETE ON units BEGIN
  INSERT INTO unit_text (unit_text, rowid, source, target)
    VALUES ('delete', old.id, sverka_fold(old.source_text),
            sverka_fold(old.target_text));
END;
CREATE TRIGGER units_text_update AFTER UPDATE OF source_text, target_text
ON units BEGIN
  INSERT INTO unit_text (unit_text, rowid, source, target)
    VALUES ('delete', old.id, sverka_fold(old.source_text),
            sverka_fold(old.target_text));
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
  UPDATE units SET source_words = sverka_match_words(new.source_text),
                   pair_hash = sverka_pair_hash(new.source_language,
                     new.target_language, new.source_text, new.target_text)
    WHERE id = new.id;
END;
CREATE TRIGGER units_pair_update AFTER UPDATE OF source_language,
  target_language ON units BEGIN
  UPDATE units SET pair_hash = sverka_pair_hash(new.source_language,
                     new.target_language, new.source_text, new.target_text)
    WHERE id = new.id;
END;
)sql",
    // v4: the word index without FTS5's table of each row's size in words
    // (columnsize = 0). Nothing reads those sizes (they serve ranking;
    // concordance orders by date, lookup counts shared words), and writing
    // and storing them was ~10% of the CPU of an import into an empty
    // memory (100k units: 100k rows, 1.1 MB). FTS5 cannot drop them in
    // place, so unit_text is built again from the units: the same words and
    // positions, so every query finds what it found. The triggers name
    // unit_text and stay as they are.
    R"sql(
DROP TABLE unit_text;
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '', columnsize = 0,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'");
INSERT INTO unit_text (rowid, source, target)
  SELECT id, sverka_fold(source_text), sverka_fold(target_text) FROM units
  ORDER BY id;
)sql",
    // v5: the word index cut by FTS5's "ascii" tokenizer, from text that
    // sverka_fold has already cut: every character beyond ASCII that is not
    // part of a word is a space in it (internal::WordIndexText), so the
    // tokenizer need not look characters up. unicode61 did, in its tables
    // of categories and case for each letter beyond ASCII (every Cyrillic
    // one): a sixth of the word index's time in an import. The words are
    // the same, cut where TokenizeForMatching cuts them by ICU's categories
    // (no longer by SQLite's copy of an older Unicode), so the index is
    // built again from the units; the triggers stay as they are. And each
    // unit's pair_hash computed again: PairHash takes eight bytes at a step
    // instead of FNV-1a's one (the index is dropped for that, then built
    // from the sorted hashes).
    R"sql(
DROP INDEX units_by_pair_hash;
UPDATE units SET pair_hash = sverka_pair_hash(source_language,
  target_language, source_text, target_text);
CREATE INDEX units_by_pair_hash ON units (pair_hash);
DROP TABLE unit_text;
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '', columnsize = 0, tokenize = 'ascii');
INSERT INTO unit_text (rowid, source, target)
  SELECT id, sverka_fold(source_text), sverka_fold(target_text) FROM units
  ORDER BY id;
)sql",
};
constexpr int64_t kSchemaVersion = std::size(kMigrations);

// An import fills the word index in one pass at its end instead of one
// trigger call per unit: the trigger is dropped inside the import's
// transaction and created again (exactly as the v2 step wrote it) before the
// commit, so a rolled-back import leaves it as it was and other connections
// never see the memory without it. Through the trigger, every unit's
// INSERT writes to the FTS5 table and so runs as a statement of its own
// inside the transaction, and FTS5 writes its pending terms out as a new
// segment at each such statement (its xSavepoint), then merges those
// segments: 5% of a batch alignment's instructions went there.
// units_words_insert goes with it: it only acts on a row stored without
// source_words, and an import stores every unit with them, yet SQLite calls
// it for each row (20% of the storing thread's CPU in a 100k-unit import).
constexpr char kDropInsertTriggers[] =
    "DROP TRIGGER units_text_insert; DROP TRIGGER units_words_insert;";
constexpr char kCreateInsertTriggers[] = R"sql(
CREATE TRIGGER units_text_insert AFTER INSERT ON units BEGIN
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
END;
CREATE TRIGGER units_words_insert AFTER INSERT ON units
WHEN new.source_words IS NULL BEGIN
  UPDATE units SET source_words = sverka_match_words(new.source_text)
    WHERE id = new.id;
END;
)sql";

// The indexes no import reads, exactly as the schema steps created them
// (units_by_pair_hash stays: it finds pairs seen again); an import into an
// empty memory drops them inside its transaction and builds them from the
// sorted rows before the commit.
constexpr char kDropSecondaryIndexes[] =
    "DROP INDEX units_by_changed; DROP INDEX units_by_source_words;"
    "DROP INDEX unit_origins_by_origin;";
constexpr char kCreateSecondaryIndexes[] =
    "CREATE INDEX units_by_changed ON units (changed);"
    "CREATE INDEX units_by_source_words ON units (source_words);"
    "CREATE INDEX unit_origins_by_origin ON unit_origins (origin_id);";

// "2026-11-22" or "2026-11-22T17:35:00Z" (or a prefix of it).
bool LooksLikeIsoDate(std::string_view s) {
  constexpr std::string_view kPattern = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() < 10 || s.size() > kPattern.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (kPattern[i] == 'd' ? !digit : s[i] != kPattern[i]) return false;
  }
  return true;
}

std::string Excerpt(const std::string& text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return text;
  size_t end = kMax;  // do not cut a UTF-8 sequence
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end) + "...";
}

// sverka_fold(text): internal::WordIndexText, what the word index holds.
void FoldFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  const std::string folded = internal::WordIndexText(std::string_view(
      text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text64(context, folded.data(), folded.size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

// sverka_pair_hash(source_language, target_language, source_text,
// target_text): internal::PairHash, the key a pair is looked up by.
void PairHashFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    const auto* text =
        reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    if (text != nullptr) {
      fields[i] = std::string_view(
          text, static_cast<size_t>(sqlite3_value_bytes(argv[i])));
    }
  }
  sqlite3_result_int64(
      context, internal::PairHash(fields[0], fields[1], fields[2], fields[3]));
}

// sverka_match_words(text): words and numbers, the length of a source.
void MatchWordsFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  if (text == nullptr) {
    sqlite3_result_int64(context, 0);
    return;
  }
  sqlite3_result_int64(
      context, internal::CountMatchWords(std::string_view(
                   text, static_cast<size_t>(sqlite3_value_bytes(argv[0])))));
}

}  // namespace

namespace internal {

int64_t PairHash(std::string_view source_language,
                 std::string_view target_language, std::string_view source_text,
                 std::string_view target_text) {
  // Eight bytes at a step, each field's length first (so ("ab", "c") and
  // ("a", "bc") differ), then SplitMix64's finalizer (internal/hash.h). It
  // is stored in the memory: a change needs a schema step that hashes every
  // unit again (v5 did, when this replaced FNV-1a, whose byte at a time was
  // 4% of the storing thread of an import).
  uint64_t hash = kHashSeed;
  for (std::string_view field :
       {source_language, target_language, source_text, target_text}) {
    hash = MixBytes(hash, field);
  }
  hash = FinishHash(hash);
  int64_t stored;  // SQLite integers are signed; the same 64 bits
  std::memcpy(&stored, &hash, sizeof stored);
  return stored;
}

Status RegisterMatchFunctions(sqlite3* db, const std::string& path) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "sverka_fold", 1, kFlags, nullptr,
                                      FoldFunction, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "sverka_match_words", 1, kFlags,
                                    nullptr, MatchWordsFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc == SQLITE_OK) {
    rc =
        sqlite3_create_function_v2(db, "sverka_pair_hash", 4, kFlags, nullptr,
                                   PairHashFunction, nullptr, nullptr, nullptr);
  }
  return rc == SQLITE_OK
             ? Status::Ok()
             : SqliteStatus(rc, db, path, "registering the match functions");
}

}  // namespace internal

namespace {

class SqliteMemory : public TranslationMemory {
 public:
  SqliteMemory(SqliteDb db, std::string path, bool read_only)
      : db_(std::move(db)), path_(std::move(path)), read_only_(read_only) {}

  Result<int64_t> Import(const std::vector<TranslationUnit>& units) override;
  Result<std::unique_ptr<ImportSession>> BeginImport() override;
  Status ForEach(const ExportFilter& filter,
                 const std::function<Status(const TranslationUnit&)>& visit)
      const override;
  Result<MemoryStats> Stats() const override;
  Result<bool> HasOrigin(const std::string& origin_hash) const override;
  Result<CandidateResult> FindCandidates(
      const CandidateQuery& query) const override;
  Result<std::vector<TranslationUnit>> Search(
      const SearchQuery& query) const override;

  // Checks the file, then brings its schema to kSchemaVersion.
  Status Initialize();
  // A new memory's page size (before its first table).
  Status UseLargePages();

  sqlite3* db() const { return db_.get(); }
  const std::string& path() const { return path_; }
  bool session_open_ = false;

 private:
  Result<int64_t> QueryInt64(const char* sql, std::string_view doing) const;
  Result<int64_t> UserVersion() const;
  // Fills in the first origin and the properties of `unit` (by its id).
  Status ReadDetails(Statement& origin, Statement& properties,
                     TranslationUnit& unit) const;

  SqliteDb db_;
  std::string path_;
  bool read_only_;
  int64_t schema_version_ = 0;
};

// Puts the memory in journal mode `mode` ("delete" or "wal"), waiting for
// other connections (the busy timeout) only when `wait`: leaving WAL needs
// the file to itself. True when the memory is in `mode` afterwards.
bool SwitchJournal(sqlite3* db, std::string_view mode, bool wait) {
  // A pragma's answer as text; "" when it fails (the switch is best effort).
  const auto pragma = [db](const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    std::string answer;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW &&
        sqlite3_column_text(statement, 0) != nullptr) {
      answer = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    return answer;
  };
  const std::string busy_ms = wait ? "" : pragma("PRAGMA busy_timeout");
  if (!wait) sqlite3_busy_timeout(db, 0);
  const bool switched =
      pragma("PRAGMA journal_mode = " + std::string(mode)) == mode;
  if (!wait) sqlite3_busy_timeout(db, std::atoi(busy_ms.c_str()));
  return switched;
}

// The statements of one import, prepared once for all its batches.
class SqliteImportSession : public ImportSession {
 public:
  static Result<std::unique_ptr<SqliteImportSession>> Begin(
      SqliteMemory* memory);
  ~SqliteImportSession() override {
    End();
    memory_->session_open_ = false;
  }

  Result<int64_t> Add(const std::vector<TranslationUnit>& units) override;
  Status Commit() override;

 private:
  explicit SqliteImportSession(SqliteMemory* memory) : memory_(memory) {}
  Result<int64_t> AddOne(const TranslationUnit& unit);
  Result<int64_t> OriginId(const TranslationUnit& unit);
  // Rolls back whatever the session stored (unless Commit succeeded).
  void End() {
    // Statements first: an unfinished statement would keep the transaction
    // from rolling back cleanly.
    statements_.clear();
    word_index_.reset();
    tx_.reset();
    if (checks_ignored_) {
      // Other writers on this connection (review decisions) are checked by
      // SQLite again; the pragma expires their statements.
      sqlite3_exec(memory_->db(), "PRAGMA ignore_check_constraints = OFF",
                   nullptr, nullptr, nullptr);
      checks_ignored_ = false;
    }
    if (rollback_journal_) {
      // Back to WAL, so that readers work beside the next writer; after a
      // commit it waits for readers (the busy timeout), after a failure it
      // does not make the error wait. If that fails, the memory stays in
      // rollback mode (as safe, readers wait for writers) until its next
      // writable open switches it back.
      SwitchJournal(memory_->db(), "wal", /*wait=*/committed_);
      rollback_journal_ = false;
    }
  }
  Status Finished() const {
    return Status::Usage("the import session has already ended" +
                         std::string(failed_ ? " with an error" : ""))
        .At(memory_->path());
  }

  SqliteMemory* memory_;
  std::optional<Transaction> tx_;
  std::string now_;
  std::vector<Statement> statements_;          // upsert, by hash, by name, ...
  std::map<std::string, int64_t> origin_ids_;  // "hash\0name" -> id
  int64_t count_ = 0;                          // units added so far
  bool failed_ = false;
  // The memory was empty and alone: this session writes under a rollback
  // journal, and End() puts WAL back.
  bool rollback_journal_ = false;
  // The session's statements run without SQLite's CHECK constraints, which
  // CheckUnit applies instead; End() turns them back on.
  bool checks_ignored_ = false;
  bool committed_ = false;
  // Set once the word-index trigger is dropped: units with a larger id are
  // indexed by Commit.
  std::optional<int64_t> index_after_id_;
  // Also true when units_by_changed and units_by_source_words were dropped
  // (the memory was empty): Commit creates them again.
  bool indexes_dropped_ = false;
  // Into a memory that was empty, the word index is built beside the
  // import (internal::WordIndexBuilder) and Commit puts it in place.
  std::unique_ptr<internal::WordIndexBuilder> word_index_;
  // Into a memory that was empty, every stored pair was stored by this
  // session: a bit per hash (folded to kNewPairBits) set for each pair it
  // stored means that a pair whose bit is clear is new without looking it
  // up. A set bit may be another pair's (then the index is asked), so the
  // filter's size is fixed (2 MB) however large the import.
  static constexpr int kNewPairBits = 24;
  std::vector<uint64_t> stored_bits_;  // empty: ask the index every time
  static size_t Bit(int64_t hash) {
    const auto h = static_cast<uint64_t>(hash);
    return static_cast<size_t>((h ^ (h >> 32)) &
                               ((uint64_t{1} << kNewPairBits) - 1));
  }
  Status DeferWordIndex();
  Status BuildDeferredWordIndex();
};

enum SessionStatement {
  kFind,
  kInsert,
  kUpdate,
  kOriginByHash,
  kOriginByName,
  kInsertOrigin,
  kLink,
  kProperty,
};

Result<std::unique_ptr<SqliteImportSession>> SqliteImportSession::Begin(
    SqliteMemory* memory) {
  sqlite3* db = memory->db();
  const std::string& path = memory->path();
  std::unique_ptr<SqliteImportSession> session(new SqliteImportSession(memory));
  // Into an empty memory, every page the import makes is new: under a
  // rollback journal it is written once, into the file, while in WAL mode it
  // is written to the WAL, then read back and written again by the
  // checkpoint after the commit (a 100k-unit import: 30,000 writes and
  // 10,000 reads, ~0.25 s of its 1.4 s after the last unit). Atomicity is
  // the same; a reader opening meanwhile waits only while the commit writes.
  // The switch needs the memory to itself, so it is tried without waiting.
  bool empty = false;
  {  // finalised before the switch, which needs no read transaction open
    ASSIGN_OR_RETURN(Statement any,
                     Statement::Prepare(db, path, "SELECT 1 FROM units"));
    ASSIGN_OR_RETURN(bool stored, any.Step("reading the memory"));
    empty = !stored;
  }
  if (empty) {
    session->rollback_journal_ = SwitchJournal(db, "delete", /*wait=*/false);
  }
  // IMMEDIATE: wait for (or fail on) the write lock before the first unit,
  // never half-way through the import.
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path, Transaction::kImmediate));
  session->tx_.emplace(std::move(tx));
  memory->session_open_ = true;
  session->now_ = NowIso8601();
  // The units' CHECK constraints cost SQLite a GLOB over each date, 7% of
  // the storing thread of an import; CheckUnit applies the same rules to
  // every unit before it is bound. The constraints stay in the schema for
  // any other writer (the sqlite3 shell), and End() turns them back on for
  // this connection's. (Statements compiled before are recompiled: the
  // pragma expires them.)
  RETURN_IF_ERROR(Execute(db, path, "PRAGMA ignore_check_constraints = ON",
                          "starting the import"));
  session->checks_ignored_ = true;
  // A pair seen again keeps its first date and bead type, adds the
  // sightings, takes the later date, the higher confidence and the markup
  // when it had none. It is found by its hash (?12), the texts compared;
  // ?13 is its source_words.
  constexpr std::string_view kSql[] = {
      R"sql(
SELECT id FROM units WHERE pair_hash = ?12 AND source_language = ?1
  AND target_language = ?2 AND source_text = ?3 AND target_text = ?4)sql",
      R"sql(
INSERT INTO units (source_language, target_language, source_text, target_text,
                   confidence, bead_type, created, changed, seen_count,
                   source_markup, target_markup, source_words, pair_hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?12))sql",
      R"sql(
UPDATE units SET seen_count = seen_count + ?9,
                 changed = max(changed, ?8),
                 confidence = max(confidence, ?5),
                 source_markup = iif(source_markup = '', ?10, source_markup),
                 target_markup = iif(target_markup = '', ?11, target_markup)
WHERE id = ?14)sql",
      "SELECT id FROM origins WHERE content_hash = ?1",
      "SELECT id FROM origins WHERE name = ?1 AND content_hash IS NULL",
      "INSERT INTO origins (name, content_hash, created) VALUES (?1, ?2, ?3)",
      "INSERT OR IGNORE INTO unit_origins (unit_id, origin_id) "
      "VALUES (?1, ?2)",
      "INSERT INTO unit_properties (unit_id, type, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (unit_id, type) DO UPDATE SET value = excluded.value",
  };
  for (std::string_view sql : kSql) {
    ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db, path, sql));
    session->statements_.push_back(std::move(statement));
  }
  return session;
}

Result<int64_t> SqliteImportSession::OriginId(const TranslationUnit& unit) {
  // Documents are known by their content hash; an origin without one (a
  // hand-made import) is known by its name.
  Statement& find =
      statements_[unit.origin_hash.empty() ? kOriginByName : kOriginByHash];
  RETURN_IF_ERROR(find.Reset());
  RETURN_IF_ERROR(find.Bind(1, unit.origin_hash.empty()
                                   ? std::string_view(unit.origin)
                                   : std::string_view(unit.origin_hash)));
  ASSIGN_OR_RETURN(bool found, find.Step("looking up the origin"));
  if (found) return find.ColumnInt64(0);
  Statement& insert = statements_[kInsertOrigin];
  RETURN_IF_ERROR(insert.Reset());
  RETURN_IF_ERROR(insert.Bind(1, std::string_view(unit.origin)));
  if (unit.origin_hash.empty()) {
    RETURN_IF_ERROR(insert.BindNull(2));
  } else {
    RETURN_IF_ERROR(insert.Bind(2, std::string_view(unit.origin_hash)));
  }
  RETURN_IF_ERROR(insert.Bind(3, std::string_view(now_)));
  RETURN_IF_ERROR(insert.Run("storing the origin"));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(memory_->db()));
}

// Binds the parameters of the find (?1..?4, ?12), the insert (all but
// ?14) and the update (?5, ?8..?11, ?14) that `statement` has. The texts are
// not copied: `unit`, `created` and `changed` outlive the statement's run.
Status BindUnit(Statement& statement, SessionStatement kind,
                const TranslationUnit& unit, const std::string& created,
                const std::string& changed, int64_t count, int64_t hash,
                int64_t id) {
  if (kind != kUpdate) {
    RETURN_IF_ERROR(statement.BindStatic(1, unit.source_language));
    RETURN_IF_ERROR(statement.BindStatic(2, unit.target_language));
    RETURN_IF_ERROR(statement.BindStatic(3, unit.source_text));
    RETURN_IF_ERROR(statement.BindStatic(4, unit.target_text));
    RETURN_IF_ERROR(statement.Bind(12, hash));
    if (kind == kFind) return Status::Ok();
    RETURN_IF_ERROR(statement.BindStatic(6, unit.bead_type));
    RETURN_IF_ERROR(statement.BindStatic(7, created));
    RETURN_IF_ERROR(
        statement.Bind(13, internal::CountMatchWords(unit.source_text)));
  } else {
    RETURN_IF_ERROR(statement.Bind(14, id));
  }
  RETURN_IF_ERROR(statement.Bind(5, unit.confidence));
  RETURN_IF_ERROR(statement.BindStatic(8, changed));
  RETURN_IF_ERROR(statement.Bind(9, count));
  RETURN_IF_ERROR(statement.BindStatic(10, unit.source_markup));
  return statement.BindStatic(11, unit.target_markup);
}

// "2026-11-22T17:35:00Z", whole: what the units' *_not_iso8601 constraints
// GLOB for.
bool IsIso8601Utc(std::string_view date) {
  return date.size() == std::string_view("2026-11-22T17:35:00Z").size() &&
         LooksLikeIsoDate(date);
}

// The CHECK constraints of `units` and `unit_properties` (see
// SqliteImportSession::Begin), by the constraint's name.
Status CheckUnit(const TranslationUnit& unit, std::string_view created,
                 std::string_view changed) {
  if (unit.source_language.empty()) {
    return Status::InvalidInput("the source_language is empty");
  }
  if (unit.target_language.empty()) {
    return Status::InvalidInput("the target_language is empty");
  }
  if (!std::isfinite(unit.confidence)) {
    return Status::InvalidInput("confidence is not a number");
  }
  if (unit.confidence < 0 || unit.confidence > 1) {
    return Status::InvalidInput(
        "confidence " + std::to_string(unit.confidence) + " is outside [0, 1]");
  }
  if (!IsIso8601Utc(created)) {
    return Status::InvalidInput("created date \"" + std::string(created) +
                                "\" is not like 2026-11-22T17:35:00Z");
  }
  if (!IsIso8601Utc(changed)) {
    return Status::InvalidInput("changed date \"" + std::string(changed) +
                                "\" is not like 2026-11-22T17:35:00Z");
  }
  for (const auto& property : unit.properties) {
    if (property.first.empty()) {
      return Status::InvalidInput("a property has no type");
    }
  }
  return Status::Ok();
}

// 1 when `unit` is a new pair, 0 when it was stored before.
Result<int64_t> SqliteImportSession::AddOne(const TranslationUnit& unit) {
  const std::string& created = unit.created.empty() ? now_ : unit.created;
  const std::string& changed = unit.changed.empty() ? created : unit.changed;
  RETURN_IF_ERROR(CheckUnit(unit, created, changed));
  const int64_t count = std::max<int64_t>(1, unit.seen_count);
  const int64_t hash =
      internal::PairHash(unit.source_language, unit.target_language,
                         unit.source_text, unit.target_text);
  const size_t bit = Bit(hash);
  const bool maybe_stored =
      stored_bits_.empty() || (stored_bits_[bit / 64] >> (bit % 64)) & 1;
  bool stored = false;
  int64_t unit_id = 0;
  if (maybe_stored) {
    Statement& find = statements_[kFind];
    RETURN_IF_ERROR(find.Reset());
    RETURN_IF_ERROR(
        BindUnit(find, kFind, unit, created, changed, count, hash, 0));
    ASSIGN_OR_RETURN(stored, find.Step("looking up the unit"));
    unit_id = stored ? find.ColumnInt64(0) : 0;
    RETURN_IF_ERROR(find.Reset());
  }
  int64_t added = 0;
  if (!stored) {
    Statement& insert = statements_[kInsert];
    RETURN_IF_ERROR(insert.Reset());
    RETURN_IF_ERROR(
        BindUnit(insert, kInsert, unit, created, changed, count, hash, 0));
    RETURN_IF_ERROR(insert.Run("storing the unit"));
    unit_id = static_cast<int64_t>(sqlite3_last_insert_rowid(memory_->db()));
    added = 1;
    if (word_index_) {
      RETURN_IF_ERROR(
          word_index_->Add(unit_id, unit.source_text, unit.target_text));
    }
    if (!stored_bits_.empty())
      stored_bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  } else {
    Statement& update = statements_[kUpdate];
    RETURN_IF_ERROR(update.Reset());
    RETURN_IF_ERROR(BindUnit(update, kUpdate, unit, created, changed, count,
                             hash, unit_id));
    RETURN_IF_ERROR(update.Run("storing the unit"));
  }

  if (!unit.origin.empty() || !unit.origin_hash.empty()) {
    const std::string key = unit.origin_hash + '\0' + unit.origin;
    auto it = origin_ids_.find(key);
    if (it == origin_ids_.end()) {
      ASSIGN_OR_RETURN(int64_t id, OriginId(unit));
      it = origin_ids_.emplace(key, id).first;
    }
    Statement& link = statements_[kLink];
    RETURN_IF_ERROR(link.Reset());
    RETURN_IF_ERROR(link.Bind(1, unit_id));
    RETURN_IF_ERROR(link.Bind(2, it->second));
    RETURN_IF_ERROR(link.Run("linking the unit to its origin"));
  }
  Statement& property = statements_[kProperty];
  for (const auto& [type, value] : unit.properties) {
    RETURN_IF_ERROR(property.Reset());
    RETURN_IF_ERROR(property.Bind(1, unit_id));
    RETURN_IF_ERROR(property.Bind(2, std::string_view(type)));
    RETURN_IF_ERROR(property.Bind(3, std::string_view(value)));
    RETURN_IF_ERROR(property.Run("storing a property"));
  }
  return added;
}

Status SqliteImportSession::DeferWordIndex() {
  sqlite3* db = memory_->db();
  int64_t last_id = 0;
  {
    ASSIGN_OR_RETURN(
        Statement query,
        Statement::Prepare(db, memory_->path(),
                           "SELECT coalesce(max(id), 0) FROM units"));
    ASSIGN_OR_RETURN(bool row, query.Step("reading the last unit id"));
    last_id = row ? query.ColumnInt64(0) : 0;
  }
  RETURN_IF_ERROR(Execute(db, memory_->path(), kDropInsertTriggers,
                          "pausing the word index for the import"));
  if (last_id == 0) {
    // Into an empty memory, the secondary indexes are built once from the
    // sorted rows at the end rather than kept up to date row by row.
    RETURN_IF_ERROR(Execute(db, memory_->path(), kDropSecondaryIndexes,
                            "pausing the indexes for an import"));
    indexes_dropped_ = true;
    stored_bits_.assign((size_t{1} << kNewPairBits) / 64, 0);
    ASSIGN_OR_RETURN(word_index_,
                     internal::WordIndexBuilder::Start(db, memory_->path()));
  }
  index_after_id_ = last_id;
  return Status::Ok();
}

Status SqliteImportSession::BuildDeferredWordIndex() {
  if (!index_after_id_) return Status::Ok();
  sqlite3* db = memory_->db();
  // The word index's thread indexes its last units and commits them while
  // this one builds the other indexes.
  if (word_index_) RETURN_IF_ERROR(word_index_->Close());
  if (indexes_dropped_) {
    RETURN_IF_ERROR(Execute(db, memory_->path(), kCreateSecondaryIndexes,
                            "building the indexes of the imported units"));
    indexes_dropped_ = false;
  }
  if (word_index_) {
    // The memory was empty: every unit is this session's, and the builder
    // was given each new one.
    RETURN_IF_ERROR(word_index_->Finish());
    word_index_.reset();
  } else {
    // A new pair's id is above every id stored before the pause (SQLite
    // gives max(id) + 1), and a pair seen again keeps its texts, so exactly
    // these rows lack their index entries.
    RETURN_IF_ERROR(
        Execute(db, memory_->path(),
                "INSERT INTO unit_text (rowid, source, target) SELECT id, "
                "sverka_fold(source_text), sverka_fold(target_text) FROM units "
                "WHERE id > " +
                    std::to_string(*index_after_id_) + " ORDER BY id",
                "indexing the words of the imported units"));
  }
  RETURN_IF_ERROR(Execute(db, memory_->path(), kCreateInsertTriggers,
                          "restoring the word index triggers"));
  index_after_id_.reset();
  return Status::Ok();
}

Result<int64_t> SqliteImportSession::Add(
    const std::vector<TranslationUnit>& units) {
  if (!tx_) return Finished();
  if (!index_after_id_ && count_ == 0) {
    if (Status paused = DeferWordIndex(); !paused.ok()) {
      failed_ = true;
      End();
      return paused;
    }
  }
  int64_t added = 0;
  for (const TranslationUnit& unit : units) {
    ++count_;
    Result<int64_t> one = AddOne(unit);
    if (!one.ok()) {
      failed_ = true;
      End();  // rolls back everything of the session
      // Errors about the memory itself (damaged, locked, read-only, disk
      // full) already say what to do; only the others are the unit's fault.
      if (!one.status().hint().empty()) return one.status();
      return one.status()
          .Annotate("unit " + std::to_string(count_) + " (\"" +
                    Excerpt(unit.source_text) + "\")")
          .At(memory_->path())
          .WithHint(
              "every unit needs both language codes, a confidence in "
              "[0, 1] and dates like 2026-11-22T17:35:00Z; nothing of "
              "this import was stored");
    }
    added += *one;
  }
  return added;
}

Status SqliteImportSession::Commit() {
  if (!tx_) return Finished();
  statements_.clear();
  Status status = BuildDeferredWordIndex();
  if (status.ok()) status = tx_->Commit();
  if (!status.ok()) failed_ = true;
  committed_ = status.ok();
  End();
  return status;
}

Result<int64_t> SqliteMemory::QueryInt64(const char* sql,
                                         std::string_view doing) const {
  // The statement is finalised on return: an unfinished one would hold a
  // read transaction open (and keep PRAGMA journal_mode from working).
  ASSIGN_OR_RETURN(Statement query, Statement::Prepare(db_.get(), path_, sql));
  ASSIGN_OR_RETURN(bool row, query.Step(doing));
  return row ? query.ColumnInt64(0) : int64_t{0};
}

Result<int64_t> SqliteMemory::UserVersion() const {
  return QueryInt64("PRAGMA user_version", "reading the schema version");
}

Status SqliteMemory::UseLargePages() {
  // 16 KB pages instead of SQLite's 4 KB: a quarter of the pages to split,
  // cache and write. 100k-unit import (tm_bench ImportTmx, interleaved):
  // 88,800 / 103,800 -> 110,700 / 112,800 units/s; a batch's commit of
  // 1,000 units 13.3 -> 11.6 ms; lookups and concordance the same. Only a
  // new file can take it (before its first table); memories made before
  // keep their 4 KB.
  ASSIGN_OR_RETURN(const int64_t cache_size,
                   QueryInt64("PRAGMA cache_size", "reading the cache size"));
  // The cache size again, after the page size: SQLite counted the cache in
  // pages when the connection opened the empty file (4 KB ones then), and
  // kept that many pages of 16 KB: a 1M-unit import's cache grew to 281 MB
  // of its 128 MB (peak RSS 238 -> 456 MB) until it was set again.
  return Execute(db_.get(), path_,
                 "PRAGMA page_size = 16384; PRAGMA cache_size = " +
                     std::to_string(cache_size),
                 "choosing the page size");
}

Status SqliteMemory::Initialize() {
  // The first read: a file that is not SQLite fails here (SQLITE_NOTADB).
  ASSIGN_OR_RETURN(int64_t version, UserVersion());
  ASSIGN_OR_RETURN(const int64_t application_id,
                   QueryInt64("PRAGMA application_id", "reading the schema"));
  ASSIGN_OR_RETURN(
      const int64_t schema_objects,
      QueryInt64("SELECT count(*) FROM sqlite_schema", "reading the schema"));

  if ((application_id != 0 && application_id != kApplicationId) ||
      (version == 0 && schema_objects > 0)) {
    return Status::InvalidInput(
               "an SQLite database, but not a Sverka translation memory")
        .At(path_)
        .WithHint("pass the memory Sverka created, or a new file name");
  }
  if (version > kSchemaVersion) {
    return Status::Unsupported("memory schema version " +
                               std::to_string(version) +
                               " was written by a newer Sverka (this one "
                               "knows up to " +
                               std::to_string(kSchemaVersion) + ")")
        .At(path_)
        .WithHint("upgrade Sverka to use this memory");
  }
  if (version < kSchemaVersion) {
    if (read_only_) {
      if (version == 0) {
        return Status::InvalidInput("not a Sverka translation memory (empty)")
            .At(path_)
            .WithHint("create it by storing pairs first (sverka align --tm)");
      }
      return Status::Unsupported("memory schema version " +
                                 std::to_string(version) +
                                 " needs an upgrade, which a read-only open "
                                 "cannot do")
          .At(path_)
          .WithHint(
              "open it once for writing (e.g. sverka align --tm) to "
              "upgrade it");
    }
    if (version == 0) RETURN_IF_ERROR(UseLargePages());
    // WAL lets readers work beside the writer; it is stored in the file.
    RETURN_IF_ERROR(Execute(db_.get(), path_, "PRAGMA journal_mode = WAL",
                            "switching to WAL mode"));
    // The v3 step rebuilds `units`: with foreign keys on, dropping the old
    // table would delete every origin link and property (ON DELETE
    // CASCADE). The pragma only works outside a transaction, and is turned
    // back on whatever happens.
    RETURN_IF_ERROR(Execute(db_.get(), path_, "PRAGMA foreign_keys = OFF",
                            "pausing foreign keys for the upgrade"));
    struct ForeignKeysBackOn {
      sqlite3* db;
      ~ForeignKeysBackOn() {
        // After the transaction below has ended (declared before it).
        sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
      }
    } foreign_keys_back_on{db_.get()};
    ASSIGN_OR_RETURN(
        Transaction tx,
        Transaction::Begin(db_.get(), path_, Transaction::kImmediate));
    // Another process may have migrated while we waited for the lock.
    ASSIGN_OR_RETURN(version, UserVersion());
    if (version > kSchemaVersion) {
      return Status::Unsupported("memory was written by a newer Sverka")
          .At(path_)
          .WithHint("upgrade Sverka to use this memory");
    }
    for (int64_t v = version; v < kSchemaVersion; ++v) {
      RETURN_IF_ERROR(
          Execute(db_.get(), path_, std::string(kMigrations[v]),
                  "upgrading the schema to version " + std::to_string(v + 1)));
    }
    // Every link and property still points at a unit (and an origin).
    ASSIGN_OR_RETURN(int64_t dangling,
                     QueryInt64("SELECT count(*) FROM pragma_foreign_key_check",
                                "checking the upgraded memory"));
    if (dangling != 0) {
      return Status::Internal(
                 "the schema upgrade would leave " + std::to_string(dangling) +
                 " origin links or properties without their unit; nothing "
                 "was changed")
          .At(path_);
    }
    RETURN_IF_ERROR(
        Execute(db_.get(), path_,
                "PRAGMA application_id = " + std::to_string(kApplicationId) +
                    "; PRAGMA user_version = " + std::to_string(kSchemaVersion),
                "setting the schema version"));
    RETURN_IF_ERROR(tx.Commit());
  } else if (!read_only_) {
    // An import into the empty memory switches it to a rollback journal
    // for its duration; after a crash (or a reader that held on) this puts
    // WAL back, when no other connection is using the memory.
    SwitchJournal(db_.get(), "wal", /*wait=*/false);
  }
  schema_version_ = kSchemaVersion;
  return Status::Ok();
}

Result<std::unique_ptr<ImportSession>> SqliteMemory::BeginImport() {
  if (read_only_) {
    return Status::Usage("the memory was opened read-only; cannot store units")
        .At(path_);
  }
  if (session_open_) {
    return Status::Usage("an import into this memory is already under way")
        .At(path_)
        .WithHint("commit or drop the open ImportSession first");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteImportSession> session,
                   SqliteImportSession::Begin(this));
  return std::unique_ptr<ImportSession>(std::move(session));
}

Result<int64_t> SqliteMemory::Import(
    const std::vector<TranslationUnit>& units) {
  ASSIGN_OR_RETURN(std::unique_ptr<ImportSession> session, BeginImport());
  ASSIGN_OR_RETURN(int64_t added, session->Add(units));
  RETURN_IF_ERROR(session->Commit());
  return added;
}

Status SqliteMemory::ForEach(
    const ExportFilter& filter,
    const std::function<Status(const TranslationUnit&)>& visit) const {
  if (!filter.since.empty() && !LooksLikeIsoDate(filter.since)) {
    return Status::Usage("'" + filter.since +
                         "' is not an ISO 8601 date or time")
        .WithHint("write it like 2026-11-22 or 2026-11-22T17:35:00Z");
  }
  sqlite3* db = db_.get();
  // One read transaction: every unit and its properties from one snapshot,
  // however long `visit` takes and whatever writers do meanwhile.
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path_, Transaction::kDeferred));
  ASSIGN_OR_RETURN(Statement units, Statement::Prepare(db, path_, R"sql(
SELECT u.id, u.source_language, u.target_language, u.source_text,
       u.target_text, u.confidence, u.bead_type, u.created, u.changed,
       u.seen_count, o.name, o.content_hash, u.source_markup, u.target_markup
FROM units AS u
LEFT JOIN origins AS o ON o.id = (SELECT min(origin_id) FROM unit_origins
                                  WHERE unit_id = u.id)
WHERE u.confidence >= ?1
  AND (?2 = '' OR EXISTS (
        SELECT 1 FROM unit_origins AS uo JOIN origins AS f ON f.id = uo.origin_id
        WHERE uo.unit_id = u.id
          AND (f.name = ?2 OR f.content_hash = ?2
               OR instr('|' || f.name || '|', '|' || ?2 || '|') > 0)))
  AND (?3 = '' OR u.changed >= ?3)
ORDER BY u.id)sql"));
  ASSIGN_OR_RETURN(Statement properties,
                   Statement::Prepare(db, path_,
                                      "SELECT type, value FROM unit_properties "
                                      "WHERE unit_id = ?1 ORDER BY type"));
  RETURN_IF_ERROR(units.Bind(1, filter.min_confidence));
  RETURN_IF_ERROR(units.Bind(2, std::string_view(filter.origin)));
  RETURN_IF_ERROR(units.Bind(3, std::string_view(filter.since)));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, units.Step());
    if (!row) break;
    TranslationUnit unit;
    unit.id = units.ColumnInt64(0);
    unit.source_language = units.ColumnText(1);
    unit.target_language = units.ColumnText(2);
    unit.source_text = units.ColumnText(3);
    unit.target_text = units.ColumnText(4);
    unit.confidence = units.ColumnDouble(5);
    unit.bead_type = units.ColumnText(6);
    unit.created = units.ColumnText(7);
    unit.changed = units.ColumnText(8);
    unit.seen_count = units.ColumnInt64(9);
    unit.origin = units.ColumnText(10);
    unit.origin_hash = units.ColumnText(11);
    unit.source_markup = units.ColumnText(12);
    unit.target_markup = units.ColumnText(13);
    RETURN_IF_ERROR(properties.Reset());
    RETURN_IF_ERROR(properties.Bind(1, unit.id));
    for (;;) {
      ASSIGN_OR_RETURN(bool property, properties.Step());
      if (!property) break;
      unit.properties[properties.ColumnText(0)] = properties.ColumnText(1);
    }
    RETURN_IF_ERROR(visit(unit));
  }
  return tx.Commit();
}

// SQL that matches a stored language code against a requested one: "bg"
// takes "bg" and "bg-BG" in any case, "en-GB" only "en-GB" (and its
// variants). `column` is trusted SQL, `parameter` a "?N".
std::string LanguageClause(const std::string& column,
                           const std::string& parameter) {
  return "(" + column + " = " + parameter + " COLLATE NOCASE OR " + column +
         " LIKE " + parameter + " || '-%')";
}

// An FTS5 string literal: the text in double quotes, quotes doubled.
std::string FtsString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

constexpr char kUnitColumns[] =
    "u.id, u.source_language, u.target_language, u.source_text, "
    "u.target_text, u.confidence, u.bead_type, u.created, u.changed, "
    "u.seen_count";

TranslationUnit ReadUnit(const Statement& row) {
  TranslationUnit unit;
  unit.id = row.ColumnInt64(0);
  unit.source_language = row.ColumnText(1);
  unit.target_language = row.ColumnText(2);
  unit.source_text = row.ColumnText(3);
  unit.target_text = row.ColumnText(4);
  unit.confidence = row.ColumnDouble(5);
  unit.bead_type = row.ColumnText(6);
  unit.created = row.ColumnText(7);
  unit.changed = row.ColumnText(8);
  unit.seen_count = row.ColumnInt64(9);
  return unit;
}

Status CheckLanguages(const std::string& source, const std::string& target) {
  if (source.empty() || target.empty()) {
    return Status::Usage("a search needs both language codes")
        .WithHint("pass --src-lang and --tgt-lang, e.g. bg and en");
  }
  return Status::Ok();
}

Result<CandidateResult> SqliteMemory::FindCandidates(
    const CandidateQuery& query) const {
  RETURN_IF_ERROR(CheckLanguages(query.source_language, query.target_language));
  sqlite3* db = db_.get();
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path_, Transaction::kDeferred));
  const std::string where = LanguageClause("u.source_language", "?1") +
                            " AND " +
                            LanguageClause("u.target_language", "?2") +
                            " AND u.source_words BETWEEN ?3 AND ?4";
  if (query.min_shared_words < 1 || query.words.empty()) {
    ASSIGN_OR_RETURN(Statement units,
                     Statement::Prepare(db, path_,
                                        std::string("SELECT ") + kUnitColumns +
                                            " FROM units AS u WHERE " + where +
                                            " LIMIT ?6"));
    RETURN_IF_ERROR(units.Bind(1, std::string_view(query.source_language)));
    RETURN_IF_ERROR(units.Bind(2, std::string_view(query.target_language)));
    RETURN_IF_ERROR(units.Bind(3, query.min_source_words));
    RETURN_IF_ERROR(units.Bind(4, query.max_source_words));
    RETURN_IF_ERROR(units.Bind(6, query.limit + 1));
    CandidateResult result;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, units.Step("finding candidates"));
      if (!row) break;
      if (static_cast<int64_t>(result.units.size()) == query.limit) {
        result.truncated = true;
        break;
      }
      result.units.push_back(ReadUnit(units));
    }
    RETURN_IF_ERROR(units.Reset());  // finished before the commit
    RETURN_IF_ERROR(tx.Commit());
    return result;
  }

  // Pigeonhole: a unit holding at least min_shared of the n words lacks at
  // most `lacking` = n - min_shared of them, so of any p of the words it
  // holds at least p - lacking. With p = lacking + 1 that is one: the ids
  // in the lists of the lacking + 1 rarest words (shortest lists) are all
  // the units that can qualify. Each further word read
  // raises the count a unit needs by one and so drops the units that lack
  // it; a further word is read only while that can pay: while its list is
  // shorter than kIdsPerCandidate times the units still in the running
  // (reading an id from the index costs a small fraction of fetching and
  // scoring a unit). A query of common words thus reads a few of its lists
  // and stops, and one that has few candidates after its rarest words
  // reads nothing more.
  const size_t n = query.words.size();
  const size_t lacking = query.min_shared_words > static_cast<int64_t>(n)
                             ? 0
                             : n - static_cast<size_t>(query.min_shared_words);
  // How rare each word is: the index's own document counts (the
  // fts5vocab table) walk the word's whole list, as long to get as the list
  // itself, so each list is read up to kProbe + 1 ids instead: a shorter
  // list is then read in full and kept; for a longer one, where its last id
  // read falls among all the ids estimates its length (ids ascend, so a
  // list of L of the units reaches the (kProbe + 1)th id at about
  // (kProbe + 1) / L of the way). The estimate only orders the words and
  // prices reading them; which units can qualify never depends on it.
  constexpr int64_t kProbe = 4096;
  ASSIGN_OR_RETURN(Statement postings,
                   Statement::Prepare(db, path_,
                                      "SELECT rowid FROM unit_text WHERE "
                                      "unit_text MATCH ?1 LIMIT ?2"));
  std::vector<int64_t> list;  // one word's unit ids, ascending
  auto read_list = [&](const std::string& word, int64_t limit) -> Status {
    list.clear();
    RETURN_IF_ERROR(postings.Reset());
    RETURN_IF_ERROR(postings.Bind(1, "source : " + FtsString(word)));
    RETURN_IF_ERROR(postings.Bind(2, limit));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, postings.Step("reading the word index"));
      if (!row) break;
      list.push_back(postings.ColumnInt64(0));
    }
    RETURN_IF_ERROR(postings.Reset());
    if (!std::is_sorted(list.begin(), list.end())) {
      std::sort(list.begin(), list.end());
    }
    return Status::Ok();
  };
  struct Word {
    int64_t length;  // ids in its list (estimated when more than kProbe)
    const std::string* text;
    std::vector<int64_t> ids;  // the whole list when length <= kProbe
  };
  std::vector<Word> by_rarity;
  int64_t last_id = -1;  // the largest unit id, read when needed
  for (const std::string& word : query.words) {
    RETURN_IF_ERROR(read_list(word, kProbe + 1));
    auto length = static_cast<int64_t>(list.size());
    if (length <= kProbe) {
      by_rarity.push_back({length, &word, list});
      continue;
    }
    if (last_id < 0) {
      ASSIGN_OR_RETURN(
          Statement max_id,
          Statement::Prepare(db, path_, "SELECT max(rowid) FROM units"));
      ASSIGN_OR_RETURN(bool row, max_id.Step("finding candidates"));
      last_id = row ? max_id.ColumnInt64(0) : 0;
    }
    const double reach = static_cast<double>(std::max<int64_t>(list.back(), 1));
    length = std::max<int64_t>(
        kProbe + 1, static_cast<int64_t>(static_cast<double>(kProbe + 1) *
                                         static_cast<double>(last_id) / reach));
    by_rarity.push_back({length, &word, {}});
  }
  std::stable_sort(
      by_rarity.begin(), by_rarity.end(),
      [](const Word& a, const Word& b) { return a.length < b.length; });
  // The list of by_rarity[i], whole, in `list`.
  auto whole_list = [&](size_t i) -> Status {
    Word& word = by_rarity[i];
    if (word.length <= kProbe) {
      list = word.ids;
      return Status::Ok();
    }
    RETURN_IF_ERROR(read_list(*word.text, -1));  // no limit
    word.length = static_cast<int64_t>(list.size());
    return Status::Ok();
  };
  // The units still in the running, by id: (id, words read that it holds).
  std::vector<std::pair<int64_t, int>> held, merged;
  const size_t must_read = std::min(n, lacking + 1);
  for (size_t i = 0; i < must_read; ++i) {
    if (by_rarity[i].length == 0) continue;  // no unit holds it
    RETURN_IF_ERROR(whole_list(i));
    merged.clear();
    size_t h = 0;
    for (int64_t id : list) {
      while (h < held.size() && held[h].first < id) merged.push_back(held[h++]);
      if (h < held.size() && held[h].first == id) {
        merged.emplace_back(id, held[h++].second + 1);
      } else {
        merged.emplace_back(id, 1);
      }
    }
    merged.insert(merged.end(), held.begin() + static_cast<long>(h),
                  held.end());
    std::swap(held, merged);
  }
  constexpr int64_t kIdsPerCandidate = 16;
  for (size_t read = must_read; read < n; ++read) {
    const int64_t length = by_rarity[read].length;
    if (length >= kIdsPerCandidate * static_cast<int64_t>(held.size())) break;
    // Every unit now needs one more of the words read than before.
    const int required = static_cast<int>(read + 1 - lacking);
    if (length > 0) RETURN_IF_ERROR(whole_list(read));
    size_t l = 0, kept = 0;
    for (auto& [id, count] : held) {
      if (length > 0) {
        l = static_cast<size_t>(
            std::lower_bound(list.begin() + static_cast<long>(l), list.end(),
                             id) -
            list.begin());
        if (l < list.size() && list[l] == id) ++count;
      }
      if (count >= required) held[kept++] = {id, count};
    }
    held.resize(kept);
  }
  // In the table's order (fewer page reads); when there are more than the
  // limit, those holding the most of the words first, so that what the
  // limit cuts off are the least likely matches.
  if (static_cast<int64_t>(held.size()) > query.limit) {
    std::stable_sort(
        held.begin(), held.end(),
        [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  ASSIGN_OR_RETURN(Statement unit,
                   Statement::Prepare(db, path_,
                                      std::string("SELECT ") + kUnitColumns +
                                          " FROM units AS u WHERE u.id = ?5 "
                                          "AND " +
                                          where));
  CandidateResult result;
  for (const auto& [id, words_held] : held) {
    RETURN_IF_ERROR(unit.Reset());  // clears the bindings too
    RETURN_IF_ERROR(unit.Bind(1, std::string_view(query.source_language)));
    RETURN_IF_ERROR(unit.Bind(2, std::string_view(query.target_language)));
    RETURN_IF_ERROR(unit.Bind(3, query.min_source_words));
    RETURN_IF_ERROR(unit.Bind(4, query.max_source_words));
    RETURN_IF_ERROR(unit.Bind(5, id));
    ASSIGN_OR_RETURN(bool row, unit.Step("finding candidates"));
    if (!row) continue;  // another language pair, or outside the band
    if (static_cast<int64_t>(result.units.size()) == query.limit) {
      result.truncated = true;
      break;
    }
    result.units.push_back(ReadUnit(unit));
  }
  RETURN_IF_ERROR(unit.Reset());
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

Status SqliteMemory::ReadDetails(Statement& origin, Statement& properties,
                                 TranslationUnit& unit) const {
  RETURN_IF_ERROR(origin.Reset());
  RETURN_IF_ERROR(origin.Bind(1, unit.id));
  ASSIGN_OR_RETURN(bool found, origin.Step());
  if (found) {
    unit.origin = origin.ColumnText(0);
    unit.origin_hash = origin.ColumnText(1);
  }
  RETURN_IF_ERROR(origin.Reset());
  RETURN_IF_ERROR(properties.Reset());
  RETURN_IF_ERROR(properties.Bind(1, unit.id));
  for (;;) {
    ASSIGN_OR_RETURN(bool property, properties.Step());
    if (!property) break;
    unit.properties[properties.ColumnText(0)] = properties.ColumnText(1);
  }
  return properties.Reset();
}

Result<std::vector<TranslationUnit>> SqliteMemory::Search(
    const SearchQuery& query) const {
  RETURN_IF_ERROR(CheckLanguages(query.source_language, query.target_language));
  std::vector<TranslationUnit> found;
  std::string phrase;
  for (const std::string& word : query.phrase) {
    if (word.empty()) continue;
    if (!phrase.empty()) phrase += ' ';
    phrase += word;
  }
  if (phrase.empty() || (!query.in_source && !query.in_target)) return found;
  const std::string columns = query.in_source && query.in_target
                                  ? "{source target}"
                                  : (query.in_source ? "source" : "target");
  sqlite3* db = db_.get();
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path_, Transaction::kDeferred));
  ASSIGN_OR_RETURN(Statement units,
                   Statement::Prepare(
                       db, path_,
                       std::string("SELECT ") + kUnitColumns +
                           " FROM unit_text CROSS JOIN units AS u ON u.id = "
                           "unit_text.rowid WHERE unit_text MATCH ?3 AND " +
                           LanguageClause("u.source_language", "?1") + " AND " +
                           LanguageClause("u.target_language", "?2") +
                           " ORDER BY u.changed DESC, u.id DESC LIMIT ?4"));
  ASSIGN_OR_RETURN(Statement origin, Statement::Prepare(db, path_, R"sql(
SELECT o.name, o.content_hash FROM unit_origins AS uo
JOIN origins AS o ON o.id = uo.origin_id
WHERE uo.unit_id = ?1 ORDER BY o.id LIMIT 1)sql"));
  ASSIGN_OR_RETURN(Statement properties,
                   Statement::Prepare(db, path_,
                                      "SELECT type, value FROM unit_properties "
                                      "WHERE unit_id = ?1 ORDER BY type"));
  RETURN_IF_ERROR(units.Bind(1, std::string_view(query.source_language)));
  RETURN_IF_ERROR(units.Bind(2, std::string_view(query.target_language)));
  RETURN_IF_ERROR(units.Bind(3, columns + " : " + FtsString(phrase)));
  RETURN_IF_ERROR(units.Bind(4, query.limit));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, units.Step("searching the memory"));
    if (!row) break;
    found.push_back(ReadUnit(units));
    RETURN_IF_ERROR(ReadDetails(origin, properties, found.back()));
  }
  RETURN_IF_ERROR(tx.Commit());
  return found;
}

Result<MemoryStats> SqliteMemory::Stats() const {
  sqlite3* db = db_.get();
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path_, Transaction::kDeferred));
  MemoryStats stats;
  stats.path = path_;
  stats.schema_version = std::to_string(schema_version_);
  ASSIGN_OR_RETURN(
      Statement pairs,
      Statement::Prepare(db, path_,
                         "SELECT source_language, target_language, count(*) "
                         "FROM units GROUP BY 1, 2 ORDER BY 1, 2"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, pairs.Step());
    if (!row) break;
    const int64_t count = pairs.ColumnInt64(2);
    stats.units_by_language_pair[pairs.ColumnText(0) + "->" +
                                 pairs.ColumnText(1)] = count;
    stats.units += count;
  }
  ASSIGN_OR_RETURN(
      Statement origins,
      Statement::Prepare(db, path_, "SELECT count(*) FROM origins"));
  ASSIGN_OR_RETURN(bool row, origins.Step());
  stats.origins = row ? origins.ColumnInt64(0) : 0;
  // The counts above read only the pages they need, so a memory with damaged
  // data pages would still look healthy; quick_check reads every page (about
  // a second per GB) and is what a translator asking "what is in my memory"
  // needs to hear about first.
  ASSIGN_OR_RETURN(Statement check,
                   Statement::Prepare(db, path_, "PRAGMA quick_check(1)"));
  ASSIGN_OR_RETURN(bool checked, check.Step());
  const std::string verdict = checked ? check.ColumnText(0) : "";
  if (verdict != "ok") {
    return SqliteStatus(SQLITE_CORRUPT, nullptr, path_, "checking its pages")
        .WithHint(
            "restore it from a backup, or export what is readable with the "
            "sqlite3 .recover command (SQLite says: " +
            verdict + ")");
  }
  RETURN_IF_ERROR(tx.Commit());
  return stats;
}

Result<bool> SqliteMemory::HasOrigin(const std::string& origin_hash) const {
  ASSIGN_OR_RETURN(Statement query,
                   Statement::Prepare(db_.get(), path_,
                                      "SELECT 1 FROM origins "
                                      "WHERE content_hash = ?1"));
  RETURN_IF_ERROR(query.Bind(1, std::string_view(origin_hash)));
  return query.Step();
}

}  // namespace

Result<std::unique_ptr<TranslationMemory>> OpenSqliteMemory(
    const std::string& path, const MemoryOptions& options) {
  if (path.empty()) {
    return Status::Usage("no translation memory path given")
        .WithHint("pass --tm FILE");
  }
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw);  // sqlite3_open_v2 may hand out a handle even on failure
  if (rc != SQLITE_OK) {
    if (options.read_only && (rc & 0xff) == SQLITE_CANTOPEN) {
      return Status::NotFound("cannot open the memory for reading: " +
                              std::string(sqlite3_errstr(rc)))
          .At(path)
          .WithHint(
              "check the --tm path; a memory is created by storing "
              "pairs (sverka align --tm)");
    }
    return SqliteStatus(rc, db.get(), path, "opening the memory");
  }
  // SQLite quietly falls back to read-only for a write-protected file; a
  // caller that asked to write would only find out at the first Import.
  if (!options.read_only && sqlite3_db_readonly(db.get(), "main") == 1) {
    return Status::IoError("cannot write to the memory: the file is read-only")
        .At(path)
        .WithHint(
            "make it writable (chmod u+w), or open it read-only to "
            "export from it");
  }
  if (int busy =
          sqlite3_busy_timeout(db.get(), std::max(0, options.busy_timeout_ms));
      busy != SQLITE_OK) {
    return SqliteStatus(busy, db.get(), path, "setting the busy timeout");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  RETURN_IF_ERROR(Execute(db.get(), path, "PRAGMA foreign_keys = ON",
                          "enabling foreign keys"));
  RETURN_IF_ERROR(internal::RegisterMatchFunctions(db.get(), path));
  // One import is one transaction; with SQLite's default 2 MB page cache a
  // large one spills the unique and word indexes to the WAL page by page.
  RETURN_IF_ERROR(Execute(
      db.get(), path,
      "PRAGMA cache_size = -" + std::to_string(std::max(options.cache_kib, 64)),
      "sizing the page cache"));
  // Each upsert fires the word-index triggers, so SQLite keeps a statement
  // journal for it; on disk that was a temporary file in /var/tmp written
  // ~9 times per unit (170,918 pwrite calls for a 20,000-unit import, 3/4 of
  // its wall time). In memory it costs nothing, and the journal of one
  // statement is one unit's pages.
  RETURN_IF_ERROR(Execute(db.get(), path, "PRAGMA temp_store = MEMORY",
                          "keeping temporary data in memory"));
  auto memory =
      std::make_unique<SqliteMemory>(std::move(db), path, options.read_only);
  RETURN_IF_ERROR(memory->Initialize());
  return std::unique_ptr<TranslationMemory>(std::move(memory));
}

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  // reproducible-builds.org's SOURCE_DATE_EPOCH: a fixed "now", so that the
  // same input makes the same memory and TMX, byte for byte (the sample TMX
  // scripts/demo writes into the repository). Ignored unless it is a whole
  // number of seconds.
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH");
      fixed != nullptr && *fixed != '\0' && std::strlen(fixed) <= 12 &&
      std::strspn(fixed, "0123456789") == std::strlen(fixed)) {
    now = static_cast<std::time_t>(std::strtoll(fixed, nullptr, 10));
  }
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace sverka
