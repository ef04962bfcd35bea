// Translation memory: the store of aligned pairs, SQLite by default.
//
// A unit is one source segment and its translation with where it came from.
// The store has a schema version (PRAGMA user_version) and migrations, runs
// in WAL mode so readers work beside a writer, and imports a batch of units
// in one transaction: it lands whole or not at all. An identical pair (same
// languages, same texts) is stored once; seeing it again raises its count
// and updates its date.
//
//   auto tm = sverka::OpenSqliteMemory("memory.db", {});
//   if (!tm.ok()) ...;
//   sverka::TranslationUnit u;
//   u.source_language = "bg"; u.target_language = "en";
//   u.source_text = "Здравей."; u.target_text = "Hello.";
//   RETURN_IF_ERROR((*tm)->Import({u}));
//   auto stats = (*tm)->Stats();
#ifndef SVERKA_TRANSLATION_MEMORY_H_
#define SVERKA_TRANSLATION_MEMORY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sverka/status.h"

namespace sverka {

struct TranslationUnit {
  int64_t id = 0;                 // assigned by the store; 0 before
  std::string source_language;    // BCP 47: "bg", "en", "en-GB"
  std::string target_language;
  std::string source_text;        // as in the input, trimmed
  std::string target_text;
  double confidence = 1.0;        // the aligner's, or 1 for imported units
  std::string bead_type;          // "1-1", "2-1", ... or "" when imported
  std::string origin;             // e.g. "vratsa.bg.txt|vratsa.en.txt"
  std::string origin_hash;        // content hash of the origin documents
  std::string created;            // ISO 8601 UTC, "2026-11-22T17:35:00Z"
  std::string changed;            // last time the pair was seen
  int64_t seen_count = 1;
  // Extra properties carried through TMX (<prop type="...">).
  std::map<std::string, std::string> properties;
};

struct MemoryStats {
  int64_t units = 0;
  int64_t origins = 0;
  // "bg->en" -> count.
  std::map<std::string, int64_t> units_by_language_pair;
  std::string schema_version;
  std::string path;
};

struct ExportFilter {
  double min_confidence = 0;  // units below are left out
  std::string origin;         // "" = any
  std::string since;          // ISO 8601; "" = any
};

class TranslationMemory {
 public:
  virtual ~TranslationMemory() = default;

  // Stores `units` in one transaction; on any error nothing is stored.
  // Units with an empty side are stored too (an omission is information)
  // but never exported to TMX. Returns how many units were new.
  virtual Result<int64_t> Import(const std::vector<TranslationUnit>& units) = 0;

  // Calls `visit` for each unit that passes `filter`, in id order; stops and
  // returns the first non-OK status `visit` returns.
  virtual Status ForEach(
      const ExportFilter& filter,
      const std::function<Status(const TranslationUnit&)>& visit) const = 0;

  virtual Result<MemoryStats> Stats() const = 0;

  // True when a document pair with this content hash is already stored.
  virtual Result<bool> HasOrigin(const std::string& origin_hash) const = 0;
};

struct MemoryOptions {
  bool read_only = false;
  // How long to wait for another process's lock before failing (kBusy).
  int busy_timeout_ms = 5000;
};

// Opens (creating and migrating when needed) the SQLite memory at `path`.
// Errors: kIoError naming the path when it cannot be opened or created;
// kInvalidInput for a file that is not a Sverka memory or is corrupt;
// kUnsupported for a memory written by a newer schema version.
Result<std::unique_ptr<TranslationMemory>> OpenSqliteMemory(
    const std::string& path, const MemoryOptions& options);

// ISO 8601 UTC now, "2026-11-22T17:35:00Z".
std::string NowIso8601();

}  // namespace sverka

#endif  // SVERKA_TRANSLATION_MEMORY_H_
