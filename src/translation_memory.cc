#include "sverka/translation_memory.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <string_view>
#include <utility>

#include "internal/sqlite_util.h"

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
};
constexpr int64_t kSchemaVersion = std::size(kMigrations);

// "2026-11-22" or "2026-11-22T17:35:00Z" (or a prefix of it).
bool LooksLikeIsoDate(const std::string& s) {
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

class SqliteMemory : public TranslationMemory {
 public:
  SqliteMemory(SqliteDb db, std::string path, bool read_only)
      : db_(std::move(db)), path_(std::move(path)), read_only_(read_only) {}

  Result<int64_t> Import(const std::vector<TranslationUnit>& units) override;
  Status ForEach(const ExportFilter& filter,
                 const std::function<Status(const TranslationUnit&)>& visit)
      const override;
  Result<MemoryStats> Stats() const override;
  Result<bool> HasOrigin(const std::string& origin_hash) const override;

  // Checks the file, then brings its schema to kSchemaVersion.
  Status Initialize();

 private:
  Result<int64_t> QueryInt64(const char* sql, std::string_view doing) const;
  Result<int64_t> UserVersion() const;
  Result<int64_t> OriginId(const TranslationUnit& unit, const std::string& now,
                           Statement& by_hash, Statement& by_name,
                           Statement& insert);

  SqliteDb db_;
  std::string path_;
  bool read_only_;
  int64_t schema_version_ = 0;
};

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
    // WAL lets readers work beside the writer; it is stored in the file.
    RETURN_IF_ERROR(Execute(db_.get(), path_, "PRAGMA journal_mode = WAL",
                            "switching to WAL mode"));
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
    RETURN_IF_ERROR(
        Execute(db_.get(), path_,
                "PRAGMA application_id = " + std::to_string(kApplicationId) +
                    "; PRAGMA user_version = " + std::to_string(kSchemaVersion),
                "setting the schema version"));
    RETURN_IF_ERROR(tx.Commit());
  }
  schema_version_ = kSchemaVersion;
  return Status::Ok();
}

Result<int64_t> SqliteMemory::OriginId(const TranslationUnit& unit,
                                       const std::string& now,
                                       Statement& by_hash, Statement& by_name,
                                       Statement& insert) {
  // Documents are known by their content hash; an origin without one (a
  // hand-made import) is known by its name.
  Statement& find = unit.origin_hash.empty() ? by_name : by_hash;
  RETURN_IF_ERROR(find.Reset());
  RETURN_IF_ERROR(find.Bind(1, unit.origin_hash.empty()
                                   ? std::string_view(unit.origin)
                                   : std::string_view(unit.origin_hash)));
  ASSIGN_OR_RETURN(bool found, find.Step("looking up the origin"));
  if (found) return find.ColumnInt64(0);
  RETURN_IF_ERROR(insert.Reset());
  RETURN_IF_ERROR(insert.Bind(1, std::string_view(unit.origin)));
  if (unit.origin_hash.empty()) {
    RETURN_IF_ERROR(insert.BindNull(2));
  } else {
    RETURN_IF_ERROR(insert.Bind(2, std::string_view(unit.origin_hash)));
  }
  RETURN_IF_ERROR(insert.Bind(3, std::string_view(now)));
  RETURN_IF_ERROR(insert.Run("storing the origin"));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

Result<int64_t> SqliteMemory::Import(
    const std::vector<TranslationUnit>& units) {
  if (read_only_) {
    return Status::Usage("the memory was opened read-only; cannot store units")
        .At(path_);
  }
  sqlite3* db = db_.get();
  const std::string now = NowIso8601();
  // IMMEDIATE: wait for (or fail on) the write lock before the first unit,
  // never half-way through the batch.
  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path_, Transaction::kImmediate));
  // A pair seen again keeps its first date and bead type, counts the sighting,
  // takes the later date and the higher confidence.
  ASSIGN_OR_RETURN(Statement upsert, Statement::Prepare(db, path_, R"sql(
INSERT INTO units (source_language, target_language, source_text, target_text,
                   confidence, bead_type, created, changed, seen_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)
ON CONFLICT (source_language, target_language, source_text, target_text)
DO UPDATE SET seen_count = seen_count + 1,
              changed = max(changed, excluded.changed),
              confidence = max(confidence, excluded.confidence)
RETURNING id, seen_count)sql"));
  ASSIGN_OR_RETURN(Statement origin_by_hash,
                   Statement::Prepare(db, path_,
                                      "SELECT id FROM origins "
                                      "WHERE content_hash = ?1"));
  ASSIGN_OR_RETURN(Statement origin_by_name,
                   Statement::Prepare(db, path_,
                                      "SELECT id FROM origins WHERE name = ?1 "
                                      "AND content_hash IS NULL"));
  ASSIGN_OR_RETURN(Statement insert_origin,
                   Statement::Prepare(db, path_,
                                      "INSERT INTO origins (name, "
                                      "content_hash, created) "
                                      "VALUES (?1, ?2, ?3)"));
  ASSIGN_OR_RETURN(Statement link,
                   Statement::Prepare(db, path_,
                                      "INSERT OR IGNORE INTO unit_origins "
                                      "(unit_id, origin_id) VALUES (?1, ?2)"));
  ASSIGN_OR_RETURN(Statement property,
                   Statement::Prepare(db, path_,
                                      "INSERT INTO unit_properties (unit_id, "
                                      "type, value) VALUES (?1, ?2, ?3) "
                                      "ON CONFLICT (unit_id, type) DO UPDATE "
                                      "SET value = excluded.value"));

  std::map<std::string, int64_t> origin_ids;  // "hash\0name" -> id
  int64_t added = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    const TranslationUnit& unit = units[i];
    auto where = [&](const Status& s) {
      return s
          .Annotate("unit " + std::to_string(i + 1) + " (\"" +
                    Excerpt(unit.source_text) + "\")")
          .WithHint(
              "every unit needs both language codes, a confidence in "
              "[0, 1] and dates like 2026-11-22T17:35:00Z; nothing of "
              "this import was stored");
    };
    if (!std::isfinite(unit.confidence)) {
      return where(Status::InvalidInput("confidence is not a number"))
          .At(path_);
    }
    const std::string& created = unit.created.empty() ? now : unit.created;
    const std::string& changed = unit.changed.empty() ? created : unit.changed;
    Status s = upsert.Reset();
    if (s.ok()) s = upsert.Bind(1, std::string_view(unit.source_language));
    if (s.ok()) s = upsert.Bind(2, std::string_view(unit.target_language));
    if (s.ok()) s = upsert.Bind(3, std::string_view(unit.source_text));
    if (s.ok()) s = upsert.Bind(4, std::string_view(unit.target_text));
    if (s.ok()) s = upsert.Bind(5, unit.confidence);
    if (s.ok()) s = upsert.Bind(6, std::string_view(unit.bead_type));
    if (s.ok()) s = upsert.Bind(7, std::string_view(created));
    if (s.ok()) s = upsert.Bind(8, std::string_view(changed));
    if (!s.ok()) return where(s);
    Result<bool> row = upsert.Step("storing the unit");
    if (!row.ok()) return where(row.status());
    if (!*row) return Status::Internal("upsert returned no row").At(path_);
    const int64_t unit_id = upsert.ColumnInt64(0);
    if (upsert.ColumnInt64(1) == 1) ++added;
    if (Status done = upsert.Run("storing the unit"); !done.ok()) {
      return where(done);
    }

    if (!unit.origin.empty() || !unit.origin_hash.empty()) {
      const std::string key = unit.origin_hash + '\0' + unit.origin;
      auto it = origin_ids.find(key);
      if (it == origin_ids.end()) {
        Result<int64_t> id =
            OriginId(unit, now, origin_by_hash, origin_by_name, insert_origin);
        if (!id.ok()) return where(id.status());
        it = origin_ids.emplace(key, *id).first;
      }
      s = link.Reset();
      if (s.ok()) s = link.Bind(1, unit_id);
      if (s.ok()) s = link.Bind(2, it->second);
      if (s.ok()) s = link.Run("linking the unit to its origin");
      if (!s.ok()) return where(s);
    }
    for (const auto& [type, value] : unit.properties) {
      s = property.Reset();
      if (s.ok()) s = property.Bind(1, unit_id);
      if (s.ok()) s = property.Bind(2, std::string_view(type));
      if (s.ok()) s = property.Bind(3, std::string_view(value));
      if (s.ok()) s = property.Run("storing a property");
      if (!s.ok()) return where(s);
    }
  }
  RETURN_IF_ERROR(tx.Commit());
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
       u.seen_count, o.name, o.content_hash
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
  auto memory =
      std::make_unique<SqliteMemory>(std::move(db), path, options.read_only);
  RETURN_IF_ERROR(memory->Initialize());
  return std::unique_ptr<TranslationMemory>(std::move(memory));
}

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace sverka
