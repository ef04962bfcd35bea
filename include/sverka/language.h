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
//
//   std::string warning;
//   RETURN_IF_ERROR(sverka::CheckLanguage(doc, "en", &warning));  // swapped?
//   if (!warning.empty()) Report(warning);  // "... looks like Latvian, ..."
//
//   ASSIGN_OR_RETURN(sverka::BilingualSplit split,
//                    sverka::SplitBilingual(doc, "bg", "en"));
//   split.first.text;  split.second.text;  split.second_starts_at_line;
#ifndef SVERKA_LANGUAGE_H_
#define SVERKA_LANGUAGE_H_

#include <string>
#include <string_view>

#include "sverka/status.h"
#include "sverka/text_input.h"

namespace sverka {

struct LanguageGuess {
  std::string language;   // ISO 639-1, or "" when unknown
  std::string script;     // "Cyrl", "Latn", or "" (no letters, or another)
  double confidence = 0;  // in [0, 1]; 0 when language is ""
  // The language's English name via ICU ("Bulgarian", "Latvian"), or
  // "an unknown language" when `language` is "".
  std::string Name() const;
};

// Guesses the language of a text from its first 200 KB. `script` is the
// script of most letters. `language` is "" when the text has fewer than 20
// letters, is mostly in a script other than Cyrillic or Latin, or no
// profile fits (a list of names); otherwise the best of the profiles in its
// script: bg ru uk sr mk (Cyrillic) or en lv lt de fr es it pt pl cs hr hu
// ro (Latin). `confidence` is the best profile's share of all evidence.
LanguageGuess GuessLanguage(std::string_view utf8_text);

// Checks that `doc` plausibly is in `language` (a tag: "bg", "en-GB").
// - kInvalidInput naming the file when at least 20 letters are there and
//   fewer than a third of them are in the language's script: "looks like
//   Bulgarian (Cyrillic), but was given as English: the files may be
//   swapped", with the hint to pass --force.
// - OK with `*warning` set ("en.txt looks like Latvian, not English") when
//   the script is right but, over at least 100 letters, another language of
//   that script clearly fits better. Only for languages with a profile.
// - OK with `*warning` "" otherwise: the right language, a short or
//   ambiguous text, a mixed text mostly in the right script, or a language
//   whose script is not checked (Greek, Arabic, ...).
// `warning` may be null.
Status CheckLanguage(const Document& doc, const std::string& language,
                     std::string* warning);

// A document that holds a text and then its translation (the Vratsa sample).
// The switch is the first line holding only a name of `second_language`
// ("EN", "ENG", "English", its own name "английски"; Markdown decoration
// such as "**EN**" or "[EN]" allowed). Without such a line it is the
// paragraph (paragraphs are separated by blank lines) that best divides
// the text into a `first_language` part and a `second_language` part,
// telling them apart by script when the scripts differ and by guessed
// language when they do not.
//
// Both parts are exact substrings of `doc.text`, without the marker line and
// the blank lines before each part; a line naming `first_language` before
// any text is left out too. Paragraphs in the first language at the very end
// of the second part (the Vratsa sample repeats its Bulgarian project name
// untranslated) are left out of both parts, since they translate nothing.
struct BilingualSplit {
  // name "<doc.name> (<language> part)", doc's encoding and content_hash,
  // their own line_starts.
  Document first;
  Document second;
  std::string first_language;  // primary subtags, lower case: "bg", "en"
  std::string second_language;
  // 1-based lines in the original file where each part's text starts.
  int64_t second_starts_at_line = 0;
  int64_t first_starts_at_line = 1;
};

// Errors, naming the file, with a hint to add a marker line or give two
// files: kInvalidInput when no switch is found (the text does not change
// language, or each side is not mostly in its language) or when one part
// would hold no letters; kUsage when the two languages are the same.
Result<BilingualSplit> SplitBilingual(const Document& doc,
                                      const std::string& first_language,
                                      const std::string& second_language);

}  // namespace sverka

#endif  // SVERKA_LANGUAGE_H_
