// Private to the translation memory module (src/translation_memory*.cc).
#ifndef SVERKA_TRANSLATION_MEMORY_SQL_H_
#define SVERKA_TRANSLATION_MEMORY_SQL_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sverka/status.h"

namespace sverka::internal {

// Registers on `db` the SQL functions the memory's word-index triggers call
// (schema v2): sverka_fold(text), the text as the index holds it, and
// sverka_match_words(text), its number of words and numbers; and
// sverka_pair_hash (v3), PairHash below. Every connection that writes units
// needs them. Defined in translation_memory.cc.
Status RegisterMatchFunctions(sqlite3* db, const std::string& path);

// The key a stored pair is found by (units.pair_hash, schema v3): a 64-bit
// hash of its languages and texts, exactly as stored. Pairs with the same
// hash may still differ: compare the texts of what it finds.
int64_t PairHash(std::string_view source_language,
                 std::string_view target_language, std::string_view source_text,
                 std::string_view target_text);

// Builds the word index (unit_text) of an import into an empty memory on a
// thread of its own, in a private temporary database, while the importing
// thread stores the rows: FTS5 filling its index was a third of such an
// import, all of it after the last row. Finish() then puts the index it
// built in place of the memory's (empty) one, inside the import's
// transaction:
//
//   ASSIGN_OR_RETURN(auto builder, WordIndexBuilder::Start(db, path));
//   RETURN_IF_ERROR(builder->Add(id, source_text, target_text));  // per unit
//   RETURN_IF_ERROR(builder->Close());    // optional: then other work
//   RETURN_IF_ERROR(builder->Finish());   // then commit the import
//
// Units must come in ascending id order, each once. Dropping the builder
// before Finish() stops its thread and discards what it built.
class WordIndexBuilder {
 public:
  // Creates unit_text in the private database exactly as `memory` declares
  // it and starts the thread. Errors: kInternal/kIoError when SQLite cannot.
  static Result<std::unique_ptr<WordIndexBuilder>> Start(
      sqlite3* memory, const std::string& path);
  virtual ~WordIndexBuilder() = default;

  // Queues a unit's texts (copied; folded as sverka_fold folds them on the
  // builder's thread). Waits while the thread is more than a few thousand
  // units behind. Returns the thread's error once it has failed.
  virtual Status Add(int64_t id, std::string_view source_text,
                     std::string_view target_text) = 0;

  // No more units: the thread indexes those it has and ends (writing its
  // last terms and merging), while the caller goes on. Add() may not follow.
  virtual Status Close() = 0;

  // Closes if Close() was not called, waits for the thread, then replaces
  // the word index of `memory` (which
  // must hold no unit but those added here) with the one built: the
  // caller's transaction must be open. Errors: the thread's, or SQLite's
  // while copying; then the caller must roll back.
  virtual Status Finish() = 0;
};

}  // namespace sverka::internal

#endif  // SVERKA_TRANSLATION_MEMORY_SQL_H_
