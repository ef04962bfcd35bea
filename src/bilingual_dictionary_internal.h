// PRIVATE to the bilingual_dictionary module: may change at any time. The
// parts of the dictionary that tests reach directly: the dictd reader
// (bilingual_dictionary_dictd.cc) and the word keys
// (bilingual_dictionary_stemmer.cc).
#ifndef SVERKA_BILINGUAL_DICTIONARY_INTERNAL_H_
#define SVERKA_BILINGUAL_DICTIONARY_INTERNAL_H_

#include <unicode/utf8.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/status.h"

namespace sverka::dictionary_internal {

// ---- dictd -----------------------------------------------------------------

// Decodes a dictd index number: big-endian base-64 digits over the alphabet
// A-Z a-z 0-9 + / ("B" is 1, "BA" is 64). False on an empty string, a
// character outside the alphabet or a value beyond 2^53.
bool DecodeDictdNumber(std::string_view text, uint64_t* value);

struct DictdIndexEntry {
  std::string_view headword;  // a view into the index text
  uint64_t offset = 0;
  uint64_t length = 0;
  int64_t line = 0;  // 1-based line in the index file
};

// Parses a whole `.index` file. Skips empty lines; a line without two tabs or
// with a bad number is kInvalidInput at `file_name` and its line.
Status ParseDictdIndex(std::string_view text, const std::string& file_name,
                       std::vector<DictdIndexEntry>* entries);

// Inflates gzip data (dictzip is gzip with an extra field; concatenated
// members are read in turn). kInvalidInput on corrupt or truncated data.
Result<std::string> InflateGzip(std::string_view compressed);

// The translation phrases of one FreeDict entry body: the first line is the
// headword line (skipped); translations are on the next line and on every
// line that starts with a sense number ("2. ..."); other lines are glosses in
// the headword language. Sense numbers, [[link|form]] markup (the form is
// kept), parenthesised notes and labels ending in a full stop ("юр.") are
// removed; phrases are split at "," and ";".
std::vector<std::string> ParseTranslations(std::string_view entry);

// ---- keys ------------------------------------------------------------------

enum class KeyLanguage { kOther, kBulgarian, kEnglish };
KeyLanguage KeyLanguageOf(std::string_view language);

// The longest word (in code points) that is folded and stemmed; longer words
// are keyed folded but unstemmed, up to this many code points.
inline constexpr size_t kMaxWordLength = 64;

// Writes the key of `word` to `out` (replacing its content); leaves it empty
// for a stopword or a word without letters.
void MakeKey(std::string_view word, KeyLanguage language, std::string* out);

// Same, into a caller's buffer of at least kMaxKeyBytes bytes, without
// allocating; returns the key's length (0: no key).
inline constexpr size_t kMaxKeyBytes = kMaxWordLength * 4;
size_t MakeKey(std::string_view word, KeyLanguage language, char* buffer);

// Light stemmers over folded, stress-free code points; return the new length.
size_t StemBulgarian(char32_t* word, size_t length);
size_t StemEnglish(char32_t* word, size_t length);

// Calls `visit(word)` for each word of `text`: a run of letters, combining
// marks and digits with inner hyphens and apostrophes. With
// `drop_abbreviations`, a word followed directly by "." is skipped (labels
// such as "юр." in dictionary entries).
template <typename Visit>
void ForEachWord(std::string_view text, bool drop_abbreviations, Visit visit);

bool IsWordCharFromIcu(char32_t c);

// IsWordChar's answers for the code points of one and two UTF-8 bytes
// (Latin, Cyrillic, Greek, ...), read from ICU once. Both functions below
// are inline: they run for every character of every sentence the aligner
// looks up, and a call (and two ICU calls) per character was most of the
// time of a lookup.
class WordCharTable {
 public:
  WordCharTable();
  bool operator()(char32_t c) const {
    return c < kSize ? table_[c] : IsWordCharFromIcu(c);
  }

 private:
  static constexpr char32_t kSize = 0x800;
  std::array<bool, kSize> table_;
};

inline bool IsWordChar(char32_t c) {
  static const WordCharTable table;
  return table(c);
}

// Decodes one code point at text[*i], advancing *i; U+FFFD for bad bytes.
inline char32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t at = static_cast<int32_t>(*i);
  UChar32 c;
  U8_NEXT(s, at, n, c);
  *i = static_cast<size_t>(at);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

template <typename Visit>
void ForEachWord(std::string_view text, bool drop_abbreviations, Visit visit) {
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t c = NextCodePoint(text, &i);
    if (!IsWordChar(c)) continue;
    size_t end = i;
    while (end < text.size()) {
      size_t probe = end;
      char32_t d = NextCodePoint(text, &probe);
      if (IsWordChar(d)) {
        end = probe;
        continue;
      }
      if (d == U'-' || d == U'\'' || d == U'\u2019' || d == U'\u2011') {
        size_t after = probe;
        if (after < text.size() && IsWordChar(NextCodePoint(text, &after))) {
          end = after;
          continue;
        }
      }
      break;
    }
    i = end;
    if (drop_abbreviations && end < text.size() && text[end] == '.' &&
        !(end + 1 < text.size() && text[end + 1] == '.')) {
      continue;
    }
    visit(text.substr(start, end - start));
  }
}

}  // namespace sverka::dictionary_internal

#endif  // SVERKA_BILINGUAL_DICTIONARY_INTERNAL_H_
