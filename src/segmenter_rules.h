// Private to the segmenter: the language rules it applies on top of ICU,
// kept as data (word lists with the context they apply in) so that adding a
// language or an abbreviation is an edit to a table, not to code.
#ifndef SVERKA_SEGMENTER_RULES_H_
#define SVERKA_SEGMENTER_RULES_H_

#include <set>
#include <string>

namespace sverka {

// Words are lower case, without their final dot ("т.нар", "u.s", "проф").
struct LanguageRules {
  // Never end a sentence: titles and words that always need a continuation.
  std::set<std::string> always;
  // Hold the sentence together before a number: "стр. 5", "No. 3".
  std::set<std::string> before_number;
  // ... before a capitalised word (a name): "Св. Георги", "гр. Враца".
  std::set<std::string> before_name;
  // ... before a month name: "м. Май".
  std::set<std::string> before_month;
  std::set<std::string> months;
  // Words that usually open a sentence: after "U.S." they mean a new one.
  std::set<std::string> sentence_starters;
};

// Rules for an ISO 639-1 language; languages without their own get the
// generic (language-independent) ones.
const LanguageRules& RulesFor(const std::string& language);

}  // namespace sverka

#endif  // SVERKA_SEGMENTER_RULES_H_
