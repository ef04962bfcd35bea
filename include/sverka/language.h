// Language: what language a text looks like, and where a bilingual document
// switches from one language to the other.
//
// Sverka is told the languages of its inputs; this module checks the claim,
// so that two files given the wrong way round, or a Latvian page given as
// English, are caught before they become a wrong memory. The guess uses the
// script (Cyrillic or Latin) and, within a script, letters and short words
// that mark a language (Latvian ā ē ī ū ķ ļ ņ š ž, "un", "ir"; Bulgarian
// "ъ", "и", "на"; English "the", "and", "of").
//
//   sverka::LanguageGuess g = sverka::GuessLanguage(doc.text);
//   g.language;    // "bg", "en", "lv", ... or "" when there is too little text
//   g.confidence;  // share of evidence for it, in [0, 1]
#ifndef SVERKA_LANGUAGE_H_
#define SVERKA_LANGUAGE_H_

#include <string>
#include <string_view>

#include "sverka/status.h"
#include "sverka/text_input.h"

namespace sverka {

struct LanguageGuess {
  std::string language;   // ISO 639-1, or "" when unknown
  std::string script;     // "Cyrl", "Latn", or ""
  double confidence = 0;  // in [0, 1]
  std::string Name() const;  // "Bulgarian", "Latvian", ... via ICU
};

LanguageGuess GuessLanguage(std::string_view utf8_text);

// Checks that `doc` plausibly is in `language`. Returns OK, or kInvalidInput
// naming the file and the language it looks like (with the hint to swap the
// files or pass --force) when the script is wrong for the language.
// A same-script mismatch (Latvian given as English) is not an error: it is
// returned in `warning` ("" when none).
Status CheckLanguage(const Document& doc, const std::string& language,
                     std::string* warning);

// A document that holds a text and then its translation (the Vratsa sample):
// the switch is a line holding only a language code ("EN", "BG") or, without
// such a line, the first paragraph from which the script changes for good.
struct BilingualSplit {
  Document first;
  Document second;
  std::string first_language;
  std::string second_language;
  int64_t second_starts_at_line = 0;  // 1-based, in the original file
};

// Errors: kInvalidInput naming the file when no switch can be found.
Result<BilingualSplit> SplitBilingual(const Document& doc,
                                      const std::string& first_language,
                                      const std::string& second_language);

}  // namespace sverka

#endif  // SVERKA_LANGUAGE_H_
