// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// How matching cuts text into tokens, shared by the memory's word index
// (translation_memory.cc) and the fuzzy matcher (fuzzy_match.cc), so that
// both count the same words:
// - a word is a run of letters, combining marks, digits and private-use
//   characters (the categories the memory's FTS5 unicode61 tokenizer is
//   given, so the index cuts words the same way);
// - a number is a word of digits only, which may hold one '.' or ','
//   between digits ("2019", "1,5", "10.000");
// - every other character that is not white space is a punctuation token.
//
//   for (const MatchToken& t : TokenizeForMatching("Враца, 2019 г."))
//     // "Враца" word, "," punctuation, "2019" number, "г" word, "."
#ifndef SVERKA_INTERNAL_MATCH_TEXT_H_
#define SVERKA_INTERNAL_MATCH_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sverka::internal {

struct MatchToken {
  enum Kind { kWord, kNumber, kPunctuation };
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
  Kind kind = kWord;
};

std::vector<MatchToken> TokenizeForMatching(std::string_view text);

// Words and numbers in `text` (punctuation left out).
int64_t CountMatchWords(std::string_view text);

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_MATCH_TEXT_H_
