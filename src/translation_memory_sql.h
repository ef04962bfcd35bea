// Private to the translation memory module (src/translation_memory*.cc).
#ifndef SVERKA_TRANSLATION_MEMORY_SQL_H_
#define SVERKA_TRANSLATION_MEMORY_SQL_H_

#include <sqlite3.h>

#include <string>

#include "sverka/status.h"

namespace sverka::internal {

// Registers on `db` the SQL functions the memory's word-index triggers call
// (schema v2): sverka_fold(text), the text as the index holds it, and
// sverka_match_words(text), its number of words and numbers. Every
// connection that writes units needs them. Defined in translation_memory.cc.
Status RegisterMatchFunctions(sqlite3* db, const std::string& path);

}  // namespace sverka::internal

#endif  // SVERKA_TRANSLATION_MEMORY_SQL_H_
