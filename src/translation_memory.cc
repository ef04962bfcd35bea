#include "sverka/translation_memory.h"

#include <sys/stat.h>

#include <ctime>
#include <map>

#include "internal/sqlite_util.h"

namespace sverka {
namespace {

using internal::Exec;
using internal::SqliteDb;
using internal::SqliteError;
using internal::Statement;
using internal::Transaction;

// Marks the file as a Sverka memory ("SVRK"), so another application's
// SQLite database is refused instead of being written into.
constexpr int kApplicationId = 0x5356524B;

// Each entry migrates the schema from version i to i + 1; the memory's
// PRAGMA user_version says how many have run.
constexpr const char* kMigrations[] = {
    // 0 -> 1: units with their origin and properties.
    "CREATE TABLE origins("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL UNIQUE,"
    "  created TEXT NOT NULL);"
    "CREATE TABLE units("
    "  id INTEGER PRIMARY KEY,"
    "  source_language TEXT NOT NULL CHECK (source_language <> ''),"
    "  target_language TEXT NOT NULL CHECK (target_language <> ''),"
    "  source_text TEXT NOT NULL,"
    "  target_text TEXT NOT NULL,"
    "  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),"
    "  bead_type TEXT NOT NULL DEFAULT '',"
    "  origin_id INTEGER REFERENCES origins(id),"
    "  created TEXT NOT NULL,"
    "  changed TEXT NOT NULL,"
    "  seen_count INTEGER NOT NULL DEFAULT 1,"
    "  CHECK (source_text <> '' OR target_text <> ''),"
    "  UNIQUE (source_language, target_language, source_text, target_text));"
    "CREATE INDEX units_changed ON units(changed);"
    "CREATE INDEX units_origin ON units(origin_id);"
    "CREATE TABLE unit_properties("
    "  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (unit_id, type));",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

class SqliteMemory final : public TranslationMemory {
 public:
  SqliteMemory(SqliteDb db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  Result<int64_t> Import(const std::vector<TranslationUnit>& units) override {
    Transaction transaction(db_.get(), path_);
    RETURN_IF_ERROR(transaction.Begin());
    Statement add_origin(db_.get(), path_), find_origin(db_.get(), path_),
        add_unit(db_.get(), path_), add_property(db_.get(), path_);
    RETURN_IF_ERROR(add_origin.Prepare(
        "INSERT INTO origins(name, content_hash, created) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(content_hash) DO NOTHING"));
    RETURN_IF_ERROR(find_origin.Prepare("SELECT id FROM origins WHERE content_hash = ?1"));
    RETURN_IF_ERROR(add_unit.Prepare(
        "INSERT INTO units(source_language, target_language, source_text, "
        "target_text, confidence, bead_type, origin_id, created, changed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) "
        "ON CONFLICT(source_language, target_language, source_text, target_text) "
        "DO UPDATE SET seen_count = seen_count + 1, changed = excluded.changed, "
        "confidence = max(confidence, excluded.confidence) "
        "RETURNING id, seen_count"));
    RETURN_IF_ERROR(add_property.Prepare(
        "INSERT INTO unit_properties(unit_id, type, value) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(unit_id, type) DO UPDATE SET value = excluded.value"));
    std::map<std::string, int64_t> origin_ids;
    int64_t added = 0;
    const std::string now = NowIso8601();
    for (size_t i = 0; i < units.size(); ++i) {
      const TranslationUnit& unit = units[i];
      auto unit_error = [&](const Status& s) {
        return s.Annotate("unit " + std::to_string(i + 1) + " of " +
                          std::to_string(units.size()) +
                          " (nothing was stored)");
      };
      int64_t origin_id = 0;
      if (!unit.origin_hash.empty()) {
        auto it = origin_ids.find(unit.origin_hash);
        if (it == origin_ids.end()) {
          add_origin.Reset();
          RETURN_IF_ERROR(add_origin.Bind(1, unit.origin));
          RETURN_IF_ERROR(add_origin.Bind(2, unit.origin_hash));
          RETURN_IF_ERROR(add_origin.Bind(3, unit.created.empty() ? now : unit.created));
          RETURN_IF_ERROR(add_origin.Run());
          find_origin.Reset();
          RETURN_IF_ERROR(find_origin.Bind(1, unit.origin_hash));
          ASSIGN_OR_RETURN(bool found, find_origin.Step());
          if (!found) return Status::Internal("origin vanished").At(path_);
          it = origin_ids.emplace(unit.origin_hash, find_origin.Int(0)).first;
        }
        origin_id = it->second;
      }
      add_unit.Reset();
      RETURN_IF_ERROR(add_unit.Bind(1, unit.source_language));
      RETURN_IF_ERROR(add_unit.Bind(2, unit.target_language));
      RETURN_IF_ERROR(add_unit.Bind(3, unit.source_text));
      RETURN_IF_ERROR(add_unit.Bind(4, unit.target_text));
      RETURN_IF_ERROR(add_unit.Bind(5, unit.confidence));
      RETURN_IF_ERROR(add_unit.Bind(6, unit.bead_type));
      if (origin_id != 0) RETURN_IF_ERROR(add_unit.Bind(7, origin_id));
      RETURN_IF_ERROR(add_unit.Bind(8, unit.changed.empty() ? now : unit.changed));
      Result<bool> row = add_unit.Step();
      if (!row.ok()) return unit_error(row.status());
      if (!*row) return unit_error(Status::Internal("no row returned").At(path_));
      const int64_t id = add_unit.Int(0);
      if (add_unit.Int(1) == 1) ++added;
      // Finish the statement so the RETURNING row does not hold it open.
      Result<bool> more = add_unit.Step();
      if (!more.ok()) return unit_error(more.status());
      for (const auto& [type, value] : unit.properties) {
        add_property.Reset();
        RETURN_IF_ERROR(add_property.Bind(1, id));
        RETURN_IF_ERROR(add_property.Bind(2, type));
        RETURN_IF_ERROR(add_property.Bind(3, value));
        RETURN_IF_ERROR(add_property.Run());
      }
    }
    RETURN_IF_ERROR(transaction.Commit());
    return added;
  }

  Status ForEach(const ExportFilter& filter,
                 const std::function<Status(const TranslationUnit&)>& visit)
      const override {
    Statement query(db_.get(), path_), properties(db_.get(), path_);
    RETURN_IF_ERROR(query.Prepare(
        "SELECT u.id, u.source_language, u.target_language, u.source_text, "
        "u.target_text, u.confidence, u.bead_type, u.created, u.changed, "
        "u.seen_count, coalesce(o.name, ''), coalesce(o.content_hash, '') "
        "FROM units u LEFT JOIN origins o ON o.id = u.origin_id "
        "WHERE u.confidence >= ?1 AND (?2 = '' OR o.name = ?2) "
        "AND (?3 = '' OR u.changed >= ?3) ORDER BY u.id"));
    RETURN_IF_ERROR(properties.Prepare(
        "SELECT type, value FROM unit_properties WHERE unit_id = ?1 ORDER BY type"));
    RETURN_IF_ERROR(query.Bind(1, filter.min_confidence));
    RETURN_IF_ERROR(query.Bind(2, filter.origin));
    RETURN_IF_ERROR(query.Bind(3, filter.since));
    while (true) {
      ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) break;
      TranslationUnit unit;
      unit.id = query.Int(0);
      unit.source_language = query.Text(1);
      unit.target_language = query.Text(2);
      unit.source_text = query.Text(3);
      unit.target_text = query.Text(4);
      unit.confidence = query.Double(5);
      unit.bead_type = query.Text(6);
      unit.created = query.Text(7);
      unit.changed = query.Text(8);
      unit.seen_count = query.Int(9);
      unit.origin = query.Text(10);
      unit.origin_hash = query.Text(11);
      properties.Reset();
      RETURN_IF_ERROR(properties.Bind(1, unit.id));
      while (true) {
        ASSIGN_OR_RETURN(bool property, properties.Step());
        if (!property) break;
        unit.properties[properties.Text(0)] = properties.Text(1);
      }
      RETURN_IF_ERROR(visit(unit));
    }
    return Status::Ok();
  }

  Result<MemoryStats> Stats() const override {
    MemoryStats stats;
    stats.path = path_;
    stats.schema_version = std::to_string(kSchemaVersion);
    Statement query(db_.get(), path_);
    RETURN_IF_ERROR(query.Prepare(
        "SELECT source_language || '->' || target_language, count(*) FROM units "
        "GROUP BY 1 ORDER BY 1"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) break;
      stats.units_by_language_pair[query.Text(0)] = query.Int(1);
      stats.units += query.Int(1);
    }
    RETURN_IF_ERROR(query.Prepare("SELECT count(*) FROM origins"));
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (row) stats.origins = query.Int(0);
    return stats;
  }

  Result<bool> HasOrigin(const std::string& origin_hash) const override {
    Statement query(db_.get(), path_);
    RETURN_IF_ERROR(query.Prepare("SELECT 1 FROM origins WHERE content_hash = ?1"));
    RETURN_IF_ERROR(query.Bind(1, origin_hash));
    return query.Step();
  }

 private:
  SqliteDb db_;
  std::string path_;
};

Result<int64_t> PragmaInt(sqlite3* db, const std::string& path, const char* sql) {
  Statement query(db, path);
  RETURN_IF_ERROR(query.Prepare(sql));
  ASSIGN_OR_RETURN(bool row, query.Step());
  return row ? query.Int(0) : 0;
}

// Brings the schema to kSchemaVersion, refusing files that are not Sverka
// memories or come from a newer Sverka.
Status Migrate(sqlite3* db, const std::string& path, bool read_only) {
  ASSIGN_OR_RETURN(int64_t version, PragmaInt(db, path, "PRAGMA user_version"));
  ASSIGN_OR_RETURN(int64_t application, PragmaInt(db, path, "PRAGMA application_id"));
  ASSIGN_OR_RETURN(int64_t tables,
                   PragmaInt(db, path, "SELECT count(*) FROM sqlite_master"));
  if (version > kSchemaVersion) {
    return Status::Unsupported("this memory has schema version " +
                               std::to_string(version) + "; this Sverka reads up to " +
                               std::to_string(kSchemaVersion))
        .At(path)
        .WithHint("it was written by a newer Sverka: upgrade Sverka to use it");
  }
  if ((tables > 0 || version > 0) && application != kApplicationId) {
    return Status::InvalidInput("an SQLite database, but not a Sverka memory")
        .At(path)
        .WithHint("give another path for the memory");
  }
  if (version == kSchemaVersion) return Status::Ok();
  if (read_only) {
    return Status::Unsupported("the memory needs upgrading, which a read-only "
                               "open cannot do")
        .At(path)
        .WithHint("run a command that writes to it (e.g. sverka align --tm) first");
  }
  Transaction transaction(db, path);
  RETURN_IF_ERROR(transaction.Begin());
  for (int64_t v = version; v < kSchemaVersion; ++v) {
    RETURN_IF_ERROR(Exec(db, path, kMigrations[v], "upgrading the memory's schema"));
  }
  const std::string pragmas = "PRAGMA user_version = " + std::to_string(kSchemaVersion) +
                              "; PRAGMA application_id = " +
                              std::to_string(kApplicationId) + ";";
  RETURN_IF_ERROR(Exec(db, path, pragmas.c_str(), "upgrading the memory's schema"));
  return transaction.Commit();
}

}  // namespace

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

Result<std::unique_ptr<TranslationMemory>> OpenSqliteMemory(
    const std::string& path, const MemoryOptions& options) {
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (options.read_only && !exists) {
    return Status::NotFound("no such memory").At(path).WithHint(
        "check the path, or create the memory with 'sverka align --tm'");
  }
  if (exists && S_ISDIR(info.st_mode)) {
    return Status::InvalidInput("is a directory, not a memory file").At(path);
  }
  sqlite3* raw = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY
                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, path, "opening the memory");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA foreign_keys = ON", "opening the memory"));
  if (!options.read_only) {
    // WAL lets readers work beside a writer; NORMAL sync is safe with WAL
    // (a crash loses at most the last transactions, never consistency).
    RETURN_IF_ERROR(Exec(db.get(), path,
                         "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
                         "opening the memory"));
  }
  RETURN_IF_ERROR(Migrate(db.get(), path, options.read_only));
  return std::unique_ptr<TranslationMemory>(new SqliteMemory(std::move(db), path));
}

}  // namespace sverka
