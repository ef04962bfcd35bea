// Private to the translation memory module (src/translation_memory*.cc).
#ifndef SVERKA_TRANSLATION_MEMORY_SQL_H_
#define SVERKA_TRANSLATION_MEMORY_SQL_H_

#include <sqlite3.h>

#include <cstdint>
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

}  // namespace sverka::internal

#endif  // SVERKA_TRANSLATION_MEMORY_SQL_H_
