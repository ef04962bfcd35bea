// Private to the segmenter (may change without notice): the language rules
// applied on top of ICU's sentence BreakIterator, kept as data.
//
// The shape is SRX 2.0's, so that the rules can later be written to and read
// from an SRX file without loss: per language, an ordered list of rules, each
// a break or no-break decision with a before-break and an after-break ICU
// regular expression. At a candidate position the first rule whose
// before-break pattern matches the text ending there and whose after-break
// pattern matches the text starting there decides; when no rule matches,
// ICU's own decision stands (SRX's "no rule: no break", with ICU standing in
// for the break rules an SRX file would list).
//
// Candidate positions are where ICU breaks, trimmed back to the end of the
// last non-space character, plus every position that follows sentence-like
// punctuation ([.!?…:;], closing quotes or brackets) and precedes white
// space. So a before-break pattern ends with the punctuation and an
// after-break pattern starts with the white space ("\s+\p{Lu}").
//
// Abbreviations are tables (words with the context they apply in); each
// table becomes one no-break rule, so the tables are only a convenient way
// to write rules.
#ifndef SVERKA_SEGMENTER_RULES_H_
#define SVERKA_SEGMENTER_RULES_H_

#include <string>
#include <vector>

#include "sverka/status.h"

namespace sverka {

// One SRX <rule>: break="yes|no", <beforebreak>, <afterbreak>.
struct SegmentRule {
  bool is_break = false;
  std::string before;   // ICU regex; "" matches anywhere
  std::string after;    // ICU regex; "" matches anywhere
  std::string comment;  // why the rule exists, for people and SRX comments
  // For a rule made from an abbreviation table: its words (lower case,
  // without the dot). `before` says the same as a regex (for SRX); the
  // segmenter looks the word before the dot up instead, which is faster.
  std::vector<std::string> words = {};
};

// Where an abbreviation holds the sentence together.
enum class AbbreviationContext {
  kAnywhere,      // "т.нар.", "проф.", "Mr.": whatever follows
  kBeforeName,    // before a capitalised word: "гр. Враца", "St. Louis"
  kBeforeNumber,  // before a number: "стр. 5", "No. 3", "Sept. 11"
  kBeforeLower,   // before a lower-case word: "млн. лв.", "Inc. said"
  kBeforeMonth,   // before a month name: "м. май", "м. Май"
};

struct AbbreviationTable {
  AbbreviationContext context;
  // Without the final dot, as written ("т.нар", "д-р", "U.S"); matched
  // case-insensitively and never as the tail of a longer word.
  std::vector<std::string> words = {};
  std::string comment;
};

struct LanguageRules {
  std::string language;    // ISO 639-1, "" for the generic rules
  std::string icu_locale;  // the BreakIterator's locale
  // Month names (lower case) for kBeforeMonth.
  std::vector<std::string> months;
  // Rules in order: the first that matches decides.
  std::vector<SegmentRule> rules;
};

// The built-in rules for `language` ("bg", "en"), or the generic ones
// (locale = language) for any other code. Abbreviation tables are already
// expanded into rules.
LanguageRules BuiltinRules(const std::string& language);

// Expands a table into its no-break rule (exposed for tests and SRX export).
SegmentRule AbbreviationRule(const AbbreviationTable& table,
                             const std::vector<std::string>& months);

// SRX 2.0 (segmenter_srx.cc).
//
// The rules in the SRX file at `path` for `language`: those of the first
// <languagemap> whose languagepattern matches the code (case-insensitively),
// or of every matching map in order when the header says cascade="yes" (or,
// in SRX 2.0, says nothing: OmegaT's reading of its own files). The
// ICU locale and month names are the built-in ones for `language`. A
// no-break rule whose before-break pattern has AbbreviationRule's shape gets
// its `words` back. Errors: kNotFound when the file cannot be read or no map
// matches; kInvalidInput, with the file and line, for malformed XML, a rule
// outside a languagerule, a map to an undefined languagerule, or a pattern
// ICU cannot compile (quoted in the message).
Result<LanguageRules> ReadSrx(const std::string& path,
                              const std::string& language);

// An SRX 2.0 document (UTF-8) with one languagerule per entry of
// `languages` and a languagemap "<code>.*" to each, cascade="no". Rule
// comments become XML comments before their rules. Each languagerule ends
// with a break rule standing for ICU's breaks, for engines without ICU
// (OmegaT, Okapi), which ReadSrx skips; "(?i:" groups are written "(?iu:"
// so that Java folds non-ASCII case too (ReadSrx undoes it). Errors:
// kInternal when libxml2 fails.
Result<std::string> WriteSrx(const std::vector<LanguageRules>& languages);

}  // namespace sverka

#endif  // SVERKA_SEGMENTER_RULES_H_
