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
//   sverka::Result<int64_t> added = (*tm)->Import({u});  // 1: a new pair
//   (*tm)->ForEach({.min_confidence = 0.5}, [](const sverka::TranslationUnit&
//   t) {
//     Use(t);
//     return sverka::Status::Ok();
//   });
//
// A large import (a 1 GB TMX) goes through a session: many batches, one
// transaction, so the memory never holds half of it:
//
//   auto session = (*tm)->BeginImport();
//   while (ReadBatch(&units)) RETURN_IF_ERROR((*session)->Add(units).status());
//   RETURN_IF_ERROR((*session)->Commit());  // without it: rolled back
//
// A session into an empty memory that no other connection has open runs
// under a rollback journal (its pages written once, not to the WAL and
// again), and the memory is back in WAL mode when the session ends; a
// reader that opens the memory meanwhile reads it (empty) and waits only
// while the commit writes.
//
// The store also finds units by their words, for fuzzy matching and
// concordance (sverka/fuzzy_match.h): the source and target text, folded
// with NormalizeForMatching (case, stress marks), are indexed by SQLite FTS5.
#ifndef SVERKA_TRANSLATION_MEMORY_H_
#define SVERKA_TRANSLATION_MEMORY_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sverka/status.h"

namespace sverka {

// Every member of the structs below has an initializer, so designated
// initializers ({.origin = "a.txt"}) leave the rest at their defaults without
// -Wmissing-field-initializers warnings.
struct TranslationUnit {
  int64_t id = 0;                 // assigned by the store; 0 before
  std::string source_language{};  // BCP 47: "bg", "en", "en-GB"
  std::string target_language{};
  std::string source_text{};  // as in the input, trimmed
  std::string target_text{};
  double confidence = 1.0;    // the aligner's, or 1 for imported units
  std::string bead_type{};    // "1-1", "2-1", ... or "" when imported
  std::string origin{};       // e.g. "vratsa.bg.txt|vratsa.en.txt"
  std::string origin_hash{};  // content hash of the origin documents
  std::string created{};      // ISO 8601 UTC, "2026-11-22T17:35:00Z"
  std::string changed{};      // last time the pair was seen
  int64_t seen_count = 1;
  // Extra properties carried through TMX. A key is a <prop type="...">;
  // a type seen again in the same <tu> is stored as "type#2", "type#3".
  // Two kinds of key are not props: "<note>" (and "<note>#2", ...) hold the
  // unit's <note>s, and "@name" holds a <tu> attribute the fields above do
  // not cover ("@creationid", "@changeid", "@lastusagedate", ...).
  std::map<std::string, std::string> properties{};
  // The XML content of the TMX <seg> when it holds inline markup (<bpt>,
  // <ept>, <ph>, <it>, <hi>, <ut>, <sub>), as written, so that it can be
  // written back; "" for plain text. source_text/target_text are then the
  // text with the markup's codes left out (what matching works on).
  std::string source_markup{};
  std::string target_markup{};
};

struct MemoryStats {
  int64_t units = 0;
  int64_t origins = 0;
  // "bg->en" -> count.
  std::map<std::string, int64_t> units_by_language_pair{};
  std::string schema_version{};  // PRAGMA user_version, "3"
  std::string path{};
};

// Which units ForEach visits; the defaults let every unit through.
struct ExportFilter {
  double min_confidence = 0;  // units below are left out
  // "" = any; else units with an origin whose name is this, whose content
  // hash is this, or one of whose '|'-separated file names is this.
  std::string origin{};
  // "" = any; else units seen (`changed`) at or after this ISO 8601 date or
  // time: "2026-11-22" or "2026-11-22T17:35:00Z".
  std::string since{};
};

// One transaction that takes units in batches (a streaming TMX import).
// Obtained from TranslationMemory::BeginImport; it must not outlive the
// memory, and only one can be open per memory at a time. Call it from one
// thread at a time. Into an empty memory, the SQLite session builds the
// word index on a thread of its own while Add stores the rows (see the
// note on SQLite's memory statistics at ImportTmx in sverka/tmx.h).
class ImportSession {
 public:
  // Rolls back everything added unless Commit() succeeded.
  virtual ~ImportSession() = default;

  // Stores `units` as TranslationMemory::Import does and returns how many
  // were new pairs; nothing is visible to other readers before Commit().
  // Errors name the unit by its number in the whole session (1-based).
  // After an error the session is finished: every unit it held is rolled
  // back, and Add/Commit return kUsage.
  virtual Result<int64_t> Add(const std::vector<TranslationUnit>& units) = 0;

  // Makes every unit added visible at once. kBusy/kIoError when SQLite
  // cannot commit (then nothing is stored); kUsage after an error or a
  // second Commit.
  virtual Status Commit() = 0;
};

// What FindCandidates looks for: every unit of the language pair whose
// source could score at least the fuzzy matcher's minimum against a query.
struct CandidateQuery {
  // Matched by language: "bg" takes "bg", "bg-BG", "BG"; "en-GB" takes
  // only "en-GB".
  std::string source_language{};
  std::string target_language{};
  // Distinct words of the query as NormalizeForMatching folds them, numbers
  // left out.
  std::vector<std::string> words{};
  // A unit qualifies when its source contains at least this many of
  // `words`; 0 or less: any unit in the length band.
  int64_t min_shared_words = 1;
  // ... and when its source has between these many words (numbers count
  // as words, punctuation does not).
  int64_t min_source_words = 0;
  int64_t max_source_words = std::numeric_limits<int64_t>::max();
  // At most this many candidates are returned (the others are reported in
  // CandidateResult::truncated).
  int64_t limit = 20000;
};

struct CandidateResult {
  // Units with id, languages, texts, confidence, dates and seen_count
  // (no properties, origin or markup).
  std::vector<TranslationUnit> units{};
  bool truncated = false;  // more qualified than `limit`
};

// A concordance search: units whose source or target contain a phrase.
struct SearchQuery {
  std::string source_language{};  // matched as in CandidateQuery
  std::string target_language{};
  // Words folded with NormalizeForMatching; a unit matches when they occur
  // one after the other (punctuation between them does not matter).
  std::vector<std::string> phrase{};
  bool in_source = true;
  bool in_target = true;
  int64_t limit = 100;
};

// The store. Implementations are not thread-safe: give each thread its own
// (OpenSqliteMemory again); separate processes may share one file.
class TranslationMemory {
 public:
  virtual ~TranslationMemory() = default;

  // Stores `units` in one transaction and returns how many of them were new
  // pairs (a pair repeated inside `units` counts once).
  //
  // A pair already stored (same languages, same texts, byte for byte) is not
  // duplicated: its seen_count goes up by one, `changed` becomes the later of
  // the stored and the new date, and `confidence` the higher of the two; its
  // `created` and bead type stay. The unit's origin (by origin_hash, or by
  // name when there is no hash) and its properties are added to the pair.
  // Empty `created`/`changed` mean now. Units with an empty side are stored
  // too (an omission is information) but never exported to TMX.
  //
  // On any error nothing of the batch is stored, and the Status names the
  // unit (1-based) that failed: kInvalidInput for a unit the store refuses
  // (an empty language code, a confidence outside [0, 1] or not a number, a
  // date not in the form "2026-11-22T17:35:00Z"); kBusy when another process
  // holds the write lock longer than MemoryOptions::busy_timeout_ms; kUsage
  // when the memory was opened read-only; kIoError when the system refuses
  // the write (disk full, permissions).
  //
  // A unit's seen_count (1 by default) is what a new pair starts with and
  // what a stored pair's count goes up by (a TMX usagecount carries over).
  // Inline markup (source_markup/target_markup) is stored with the pair; a
  // pair stored before without markup takes the new unit's.
  virtual Result<int64_t> Import(const std::vector<TranslationUnit>& units) = 0;

  // Starts one write transaction for many batches (see ImportSession).
  // Errors: kUsage when opened read-only; kBusy when another process holds
  // the write lock longer than busy_timeout_ms; kIoError when the system
  // refuses.
  virtual Result<std::unique_ptr<ImportSession>> BeginImport() = 0;

  // The units that may match a query (see CandidateQuery), from the word
  // index: units lacking more than words.size() - min_shared_words of the
  // words, or outside the length band, are never returned; the others all
  // are, up to `limit`, in no particular order. No match is lost to this
  // prefilter as long as min_shared_words and the band are derived from
  // the minimum score (FuzzyMatcher does so). kUsage for empty language
  // codes; kBusy/kIoError/kInvalidInput as for ForEach.
  virtual Result<CandidateResult> FindCandidates(
      const CandidateQuery& query) const = 0;

  // Units containing query.phrase in their source and/or target (as
  // in_source/in_target say), newest (`changed`) first, at most
  // query.limit, with properties and origin filled in. An empty phrase
  // finds nothing. Errors as for FindCandidates.
  virtual Result<std::vector<TranslationUnit>> Search(
      const SearchQuery& query) const = 0;

  // Calls `visit` for each unit that passes `filter`, in id (first stored)
  // order, with `id`, `seen_count`, the dates, the properties and the first
  // origin filled in. All units come from one snapshot: a writer working
  // meanwhile is not seen half-way. Stops and returns the first non-OK
  // status `visit` returns. kUsage for a `since` that is not an ISO 8601
  // date; kBusy/kIoError/kInvalidInput as for Import when reading fails.
  virtual Status ForEach(
      const ExportFilter& filter,
      const std::function<Status(const TranslationUnit&)>& visit) const = 0;

  // Counts of units (by language pair) and origins, the schema version and
  // the path. Errors as for ForEach.
  virtual Result<MemoryStats> Stats() const = 0;

  // True when a document pair with this content hash is already stored,
  // false when not; an error only when the memory cannot be read.
  virtual Result<bool> HasOrigin(const std::string& origin_hash) const = 0;
};

struct MemoryOptions {
  // Open for reading only: no file is created, no schema is upgraded, and
  // Import returns kUsage. Default: read and write.
  bool read_only = false;
  // How long to wait for another process's lock before failing with kBusy.
  // Default 5000 ms; 0 fails at once.
  int busy_timeout_ms = 5000;
  // SQLite's page cache for this connection, in KiB. The default (128 MB)
  // keeps a large import's indexes in memory until its one commit; a writer
  // that appends in small transactions (a batch) needs only a few MB and
  // keeps its memory use flat with it.
  int cache_kib = 128 * 1024;
};

// Opens the SQLite memory at `path`: creates the file (when not read-only)
// and brings its schema (PRAGMA user_version) up to this build's version,
// in WAL mode with foreign keys on.
//
// Errors, each naming `path` and saying what to do:
//   kIoError      the file cannot be opened or created (missing folder, no
//                 permission), or is write-protected and read_only is false;
//   kNotFound     read_only and the file does not exist;
//   kInvalidInput the file is not an SQLite database, is another program's
//                 database, or is corrupt;
//   kUnsupported  the memory was written by a newer Sverka (a schema version
//                 this build does not know), or needs an upgrade while
//                 opened read-only;
//   kBusy         another process holds the lock during the upgrade longer
//                 than busy_timeout_ms;
//   kUsage        `path` is empty.
Result<std::unique_ptr<TranslationMemory>> OpenSqliteMemory(
    const std::string& path, const MemoryOptions& options);

// ISO 8601 UTC now, "2026-11-22T17:35:00Z"; the time SOURCE_DATE_EPOCH
// gives, in seconds since 1970, when it is set (reproducible outputs).
std::string NowIso8601();

}  // namespace sverka

#endif  // SVERKA_TRANSLATION_MEMORY_H_
