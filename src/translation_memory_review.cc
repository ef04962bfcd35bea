#include "translation_memory_review.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "internal/sqlite_util.h"
#include "sverka/text_input.h"
#include "translation_memory_sql.h"

namespace sverka::internal {
namespace {

// The id of the unit `key` names, or 0 when the memory has none.
Result<int64_t> FindUnit(const UnitKey& key, Statement& by_id,
                         Statement& by_texts) {
  auto bind_texts = [&key](Statement& s, int first) {
    Status status = s.Bind(first, std::string_view(key.source_language));
    if (status.ok())
      status = s.Bind(first + 1, std::string_view(key.target_language));
    if (status.ok())
      status = s.Bind(first + 2, std::string_view(key.source_text));
    if (status.ok())
      status = s.Bind(first + 3, std::string_view(key.target_text));
    return status;
  };
  if (key.id > 0) {
    RETURN_IF_ERROR(by_id.Reset());
    RETURN_IF_ERROR(by_id.Bind(1, key.id));
    RETURN_IF_ERROR(bind_texts(by_id, 2));
    ASSIGN_OR_RETURN(bool found, by_id.Step("finding a unit"));
    if (found) return by_id.ColumnInt64(0);
  }
  RETURN_IF_ERROR(by_texts.Reset());
  RETURN_IF_ERROR(bind_texts(by_texts, 1));
  RETURN_IF_ERROR(
      by_texts.Bind(5, PairHash(key.source_language, key.target_language,
                                key.source_text, key.target_text)));
  ASSIGN_OR_RETURN(bool found, by_texts.Step("finding a unit"));
  return found ? by_texts.ColumnInt64(0) : int64_t{0};
}

// Stores `units` as TranslationMemory::Import does (same upsert, origins and
// properties; the triggers fill source_words and the word index; reviewed
// pairs have no inline markup), inside the caller's transaction.
Status AddUnits(sqlite3* db, const std::string& path,
                const std::vector<TranslationUnit>& units) {
  if (units.empty()) return Status::Ok();
  const std::string now = NowIso8601();
  // The pair is found by its hash (?8) and texts; a new one is inserted,
  // one seen before counts the sighting and keeps the later date and the
  // higher confidence.
  ASSIGN_OR_RETURN(Statement find, Statement::Prepare(db, path, R"sql(
SELECT id FROM units WHERE pair_hash = ?8 AND source_language = ?1
  AND target_language = ?2 AND source_text = ?3 AND target_text = ?4)sql"));
  ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db, path, R"sql(
INSERT INTO units (source_language, target_language, source_text, target_text,
                   confidence, bead_type, created, changed, seen_count,
                   pair_hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1, ?8))sql"));
  ASSIGN_OR_RETURN(Statement update, Statement::Prepare(db, path, R"sql(
UPDATE units SET seen_count = seen_count + 1, changed = max(changed, ?7),
                 confidence = max(confidence, ?5)
WHERE id = ?9)sql"));
  ASSIGN_OR_RETURN(Statement find_origin,
                   Statement::Prepare(db, path,
                                      "SELECT id FROM origins WHERE name = ?1 "
                                      "AND content_hash IS NULL"));
  ASSIGN_OR_RETURN(Statement insert_origin,
                   Statement::Prepare(db, path,
                                      "INSERT INTO origins (name, "
                                      "content_hash, created) "
                                      "VALUES (?1, NULL, ?2)"));
  ASSIGN_OR_RETURN(Statement link,
                   Statement::Prepare(db, path,
                                      "INSERT OR IGNORE INTO unit_origins "
                                      "(unit_id, origin_id) VALUES (?1, ?2)"));
  ASSIGN_OR_RETURN(Statement property,
                   Statement::Prepare(db, path,
                                      "INSERT INTO unit_properties (unit_id, "
                                      "type, value) VALUES (?1, ?2, ?3) "
                                      "ON CONFLICT (unit_id, type) DO UPDATE "
                                      "SET value = excluded.value"));
  std::map<std::string, int64_t> origin_ids;  // by name (reviewed units)
  for (size_t i = 0; i < units.size(); ++i) {
    const TranslationUnit& unit = units[i];
    auto where = [&](const Status& s) {
      return s.Annotate("reviewed pair " + std::to_string(i + 1));
    };
    if (!std::isfinite(unit.confidence)) {
      return where(Status::InvalidInput("confidence is not a number")).At(path);
    }
    // Reviewed units have no content hash: their origin is the review.
    if (!unit.origin_hash.empty()) {
      return Status::Internal("reviewed units are known by origin name only");
    }
    const int64_t hash = PairHash(unit.source_language, unit.target_language,
                                  unit.source_text, unit.target_text);
    // Binds ?1..?8 (each statement takes the ones it does not use too).
    auto bind = [&](Statement& statement) {
      Status b = statement.Reset();
      if (b.ok()) b = statement.Bind(1, std::string_view(unit.source_language));
      if (b.ok()) b = statement.Bind(2, std::string_view(unit.target_language));
      if (b.ok()) b = statement.Bind(3, std::string_view(unit.source_text));
      if (b.ok()) b = statement.Bind(4, std::string_view(unit.target_text));
      if (b.ok()) b = statement.Bind(5, unit.confidence);
      if (b.ok()) b = statement.Bind(6, std::string_view(unit.bead_type));
      if (b.ok()) b = statement.Bind(7, std::string_view(now));
      if (b.ok()) b = statement.Bind(8, hash);
      return b;
    };
    Status s = bind(find);
    if (!s.ok()) return where(s);
    Result<bool> stored = find.Step("finding a reviewed pair");
    if (!stored.ok()) return where(stored.status());
    int64_t unit_id = *stored ? find.ColumnInt64(0) : 0;
    if (s = find.Reset(); !s.ok()) return where(s);
    if (unit_id == 0) {
      s = bind(insert);
      if (s.ok()) s = insert.Run("storing a reviewed pair");
      if (!s.ok()) return where(s);
      unit_id = sqlite3_last_insert_rowid(db);
    } else {
      s = bind(update);
      if (s.ok()) s = update.Bind(9, unit_id);
      if (s.ok()) s = update.Run("storing a reviewed pair");
      if (!s.ok()) return where(s);
    }

    if (!unit.origin.empty()) {
      auto it = origin_ids.find(unit.origin);
      if (it == origin_ids.end()) {
        RETURN_IF_ERROR(find_origin.Reset());
        RETURN_IF_ERROR(find_origin.Bind(1, std::string_view(unit.origin)));
        ASSIGN_OR_RETURN(bool found, find_origin.Step("finding the origin"));
        int64_t id = 0;
        if (found) {
          id = find_origin.ColumnInt64(0);
        } else {
          RETURN_IF_ERROR(insert_origin.Reset());
          RETURN_IF_ERROR(insert_origin.Bind(1, std::string_view(unit.origin)));
          RETURN_IF_ERROR(insert_origin.Bind(2, std::string_view(now)));
          RETURN_IF_ERROR(insert_origin.Run("storing the origin"));
          id = sqlite3_last_insert_rowid(db);
        }
        it = origin_ids.emplace(unit.origin, id).first;
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
  return Status::Ok();
}

}  // namespace

Result<MemoryEditCounts> EditSqliteMemory(const std::string& path,
                                          const MemoryEdit& edit,
                                          const MemoryOptions& options) {
  {
    // Checks the file and upgrades its schema; its errors are the ones the
    // rest of Sverka reports for a memory.
    MemoryOptions writable = options;
    writable.read_only = false;
    ASSIGN_OR_RETURN(auto memory, OpenSqliteMemory(path, writable));
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb owner(raw);
  if (rc != SQLITE_OK) return SqliteStatus(rc, raw, path, "opening the memory");
  sqlite3* db = owner.get();
  if (int busy = sqlite3_busy_timeout(db, std::max(0, options.busy_timeout_ms));
      busy != SQLITE_OK) {
    return SqliteStatus(busy, db, path, "setting the busy timeout");
  }
  sqlite3_extended_result_codes(db, 1);
  // Removing a unit removes its origin links and properties (ON DELETE
  // CASCADE), which needs foreign keys on for this connection.
  RETURN_IF_ERROR(
      Execute(db, path, "PRAGMA foreign_keys = ON", "enabling foreign keys"));
  RETURN_IF_ERROR(RegisterMatchFunctions(db, path));

  ASSIGN_OR_RETURN(Transaction tx,
                   Transaction::Begin(db, path, Transaction::kImmediate));
  ASSIGN_OR_RETURN(Statement by_id, Statement::Prepare(db, path, R"sql(
SELECT id FROM units WHERE id = ?1 AND source_language = ?2
  AND target_language = ?3 AND source_text = ?4 AND target_text = ?5)sql"));
  ASSIGN_OR_RETURN(Statement by_texts, Statement::Prepare(db, path, R"sql(
SELECT id FROM units WHERE pair_hash = ?5 AND source_language = ?1
  AND target_language = ?2 AND source_text = ?3 AND target_text = ?4)sql"));
  ASSIGN_OR_RETURN(Statement property,
                   Statement::Prepare(db, path,
                                      "INSERT INTO unit_properties (unit_id, "
                                      "type, value) VALUES (?1, ?2, ?3) "
                                      "ON CONFLICT (unit_id, type) DO UPDATE "
                                      "SET value = excluded.value"));
  ASSIGN_OR_RETURN(
      Statement remove,
      Statement::Prepare(db, path, "DELETE FROM units WHERE id = ?1"));
  ASSIGN_OR_RETURN(Statement origins_of,
                   Statement::Prepare(db, path,
                                      "SELECT origin_id FROM unit_origins "
                                      "WHERE unit_id = ?1"));
  ASSIGN_OR_RETURN(Statement drop_origin, Statement::Prepare(db, path, R"sql(
DELETE FROM origins WHERE id = ?1
  AND NOT EXISTS (SELECT 1 FROM unit_origins WHERE origin_id = ?1))sql"));

  MemoryEditCounts counts;
  for (size_t i = 0; i < edit.set_properties.size(); ++i) {
    const auto& [key, properties] = edit.set_properties[i];
    ASSIGN_OR_RETURN(int64_t id, FindUnit(key, by_id, by_texts));
    if (id == 0) {
      counts.missing_properties.push_back(i);
      continue;
    }
    for (const auto& [type, value] : properties) {
      RETURN_IF_ERROR(property.Reset());
      RETURN_IF_ERROR(property.Bind(1, id));
      RETURN_IF_ERROR(property.Bind(2, std::string_view(type)));
      RETURN_IF_ERROR(property.Bind(3, std::string_view(value)));
      RETURN_IF_ERROR(property.Run("storing a property"));
    }
    ++counts.properties_set;
  }

  std::set<int64_t> removed, touched_origins;
  for (size_t i = 0; i < edit.remove.size(); ++i) {
    ASSIGN_OR_RETURN(int64_t id, FindUnit(edit.remove[i], by_id, by_texts));
    if (id == 0) {
      // Removed already by an earlier key naming the same unit?
      bool again = false;
      for (size_t j = 0; j < i && !again; ++j) {
        const UnitKey& a = edit.remove[i];
        const UnitKey& b = edit.remove[j];
        again = a.source_language == b.source_language &&
                a.target_language == b.target_language &&
                a.source_text == b.source_text &&
                a.target_text == b.target_text;
      }
      if (!again) counts.missing_removals.push_back(i);
      continue;
    }
    if (!removed.insert(id).second) continue;
    RETURN_IF_ERROR(origins_of.Reset());
    RETURN_IF_ERROR(origins_of.Bind(1, id));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, origins_of.Step());
      if (!row) break;
      touched_origins.insert(origins_of.ColumnInt64(0));
    }
    RETURN_IF_ERROR(remove.Reset());
    RETURN_IF_ERROR(remove.Bind(1, id));
    RETURN_IF_ERROR(remove.Run("removing a unit"));
    ++counts.removed;
  }
  // A document pair none of whose units is left is no longer in the
  // memory (HasOrigin says false, so aligning it again stores it again).
  for (int64_t origin : touched_origins) {
    RETURN_IF_ERROR(drop_origin.Reset());
    RETURN_IF_ERROR(drop_origin.Bind(1, origin));
    RETURN_IF_ERROR(drop_origin.Run("removing an origin no unit comes from"));
  }
  RETURN_IF_ERROR(AddUnits(db, path, edit.add));
  counts.added = static_cast<int64_t>(edit.add.size());
  RETURN_IF_ERROR(tx.Commit());
  return counts;
}

}  // namespace sverka::internal
