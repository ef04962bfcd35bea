// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// The memory operations a review needs beyond Import: find a unit by id or
// by its texts, remove it, set a property on it, and store new units, all in
// one transaction. They live beside the SQLite memory (in its module, so the
// schema stays its business) until TranslationMemory grows an interface for
// them; review.cc is their only user.
//
//   MemoryEdit edit;
//   edit.set_properties.push_back({key, {{"x-reviewed", "confirmed"}}});
//   edit.remove.push_back(old_key);
//   edit.add.push_back(corrected_unit);
//   ASSIGN_OR_RETURN(MemoryEditCounts counts, EditSqliteMemory(path, edit,
//   {}));
#ifndef SVERKA_TRANSLATION_MEMORY_REVIEW_H_
#define SVERKA_TRANSLATION_MEMORY_REVIEW_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sverka/status.h"
#include "sverka/translation_memory.h"

namespace sverka::internal {

// A stored unit: by `id` when that unit still has these languages and
// texts, otherwise by the languages and texts alone (the pair is unique).
struct UnitKey {
  int64_t id = 0;
  std::string source_language{};
  std::string target_language{};
  std::string source_text{};
  std::string target_text{};
};

struct MemoryEdit {
  // Properties to add or overwrite on units.
  std::vector<std::pair<UnitKey, std::map<std::string, std::string>>>
      set_properties{};
  // Units to remove (with their origin links and properties). A key given
  // twice is removed once.
  std::vector<UnitKey> remove{};
  // Units to store, as Import stores them (upsert by languages and texts).
  std::vector<TranslationUnit> add{};
};

struct MemoryEditCounts {
  int64_t properties_set = 0;  // units whose properties were set
  int64_t removed = 0;
  int64_t added = 0;  // units in `add` (new pairs or pairs seen again)
  // Keys the memory does not hold (indices into set_properties / remove).
  std::vector<size_t> missing_properties{};
  std::vector<size_t> missing_removals{};
};

// Opens the memory at `path` for writing (OpenSqliteMemory: its checks,
// errors and schema upgrade) and applies `edit` in one IMMEDIATE
// transaction, in the order properties, removals, additions; on any error
// nothing changes. Errors: those of OpenSqliteMemory; kInvalidInput for a
// unit the store refuses (as Import); kBusy/kIoError when writing fails.
Result<MemoryEditCounts> EditSqliteMemory(const std::string& path,
                                          const MemoryEdit& edit,
                                          const MemoryOptions& options);

}  // namespace sverka::internal

#endif  // SVERKA_TRANSLATION_MEMORY_REVIEW_H_
