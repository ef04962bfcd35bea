// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// How matching cuts text into tokens, shared by the memory's word index
// (translation_memory.cc) and the fuzzy matcher (fuzzy_match.cc), so that
// both count the same words:
// - a word is a run of letters, combining marks, digits and private-use
//   characters (kWordCategories; the memory's word index cuts its words at
//   the same places, see WordIndexText);
// - a number is a word of digits only, which may hold one '.' or ','
//   between digits ("2019", "1,5", "10.000");
// - every other character that is not white space is a punctuation token.
//
//   for (const MatchToken& t : TokenizeForMatching("Враца, 2019 г."))
//     // "Враца" word, "," punctuation, "2019" number, "г" word, "."
#ifndef SVERKA_INTERNAL_MATCH_TEXT_H_
#define SVERKA_INTERNAL_MATCH_TEXT_H_

#include <unicode/uchar.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sverka::internal {

// The general categories of the characters words are made of.
constexpr uint32_t kWordCategories =
    U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_CO_MASK;

struct MatchToken {
  enum Kind { kWord, kNumber, kPunctuation };
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
  Kind kind = kWord;
};

std::vector<MatchToken> TokenizeForMatching(std::string_view text);

// Words and numbers in `text` (punctuation left out).
int64_t CountMatchWords(std::string_view text);

// The text the memory's word index holds for `text` (sverka_fold):
// NormalizeForMatching's folding, with every character beyond ASCII that is
// not of kWordCategories turned into spaces. FTS5's "ascii" tokenizer then
// cuts it into the words TokenizeForMatching finds (ASCII letters and
// digits and every byte beyond ASCII are word characters to it) without
// looking a character up: unicode61's category and case tables took a
// sixth of the word index's time in an import. In text_input_normalize.cc,
// beside the folding it shares.
std::string WordIndexText(std::string_view text);

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_MATCH_TEXT_H_
