// The built-in segmentation rules for Bulgarian and English, as data.
//
// Every rule here was written for a class of sentences, not for one example:
// titles and address words before names, reference words before numbers,
// initials, dialogue turns, a sentence that starts with a number, English
// web text that starts its sentences in lower case.
#include "segmenter_rules.h"

#include <utility>

namespace sverka {
namespace {

// Pieces the rules share. Quotes and brackets that close a sentence after
// its final punctuation, and those that open the next one.
constexpr char kClose[] = "[\"'\\u201D\\u201C\\u00BB\\u2019)\\]]{0,3}";
constexpr char kOpen[] = "[\"'\\u201E\\u201C\\u00AB\\u2018(\\[]*";
// The end of a sentence: a full stop, ?, !, or an ellipsis.
constexpr char kTerm[] = "[.!?\\u2026]";
// A dash that opens a dialogue turn: hyphen, en dash, em dash.
constexpr char kDash[] = "[-\\u2013\\u2014]";

std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// "т.нар" -> "т\.нар", "д-р" -> "д\-р": a word as a literal in a regex.
std::string Escape(const std::string& word) {
  std::string out;
  for (char c : word) {
    if (c == '.' || c == '-' || c == '(' || c == ')' || c == '[' || c == ']' ||
        c == '\\' || c == '|' || c == '?' || c == '*' || c == '+' || c == '{' ||
        c == '}' || c == '^' || c == '$') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// Rules for every language, before the language's own.
std::vector<SegmentRule> GenericRules() {
  return {
      {false, "", "\\s+[)\\]}\\u00BB\\u201D]",
       "a closing bracket or quote never starts a sentence: \"(... ect. )\""},
      {false, "^\\s*(?:\\p{N}{1,3}|\\p{L})[.)]", "\\s",
       "the number or letter of a list item at the start of a line: \"1. "
       "arrive early\""},
      {false, "\\?",
       "\\s*[\\w%]+=", "a URL query cut by a space: \"search? q=...\""},
  };
}

LanguageRules Bulgarian() {
  LanguageRules r;
  r.language = "bg";
  r.icu_locale = "bg";
  r.rules = GenericRules();
  // "през XIX в. За ...": a century or a year ends the sentence before a
  // capital, though "в." before a name is "вестник".
  r.rules.push_back(
      {true, "(?:\\b[IVXLC]+|\\p{N})\\s?(?:в|вв)\\.",
       Concat({"\\s+", kOpen, "\\p{Lu}"}),
       "a century at the end of a sentence: \"... XIX в. За ...\""});
  r.months = {"януари",    "февруари", "март",    "април",
              "май",       "юни",      "юли",     "август",
              "септември", "октомври", "ноември", "декември"};
  const std::vector<AbbreviationTable> tables = {
      {AbbreviationContext::kAnywhere,
       {"т.нар", "т.е",    "т.н",  "т.к",    "напр", "проф",   "д-р", "доц",
        "акад",  "инж",    "арх",  "г-н",    "г-жа", "г-ца",   "ген", "полк",
        "подп",  "кап",    "лейт", "ст.н.с", "н.с",  "гл.ас",  "гл",  "серж",
        "о.з",   "зам",    "вж",   "ср",     "срв",  "вкл",    "ок",  "англ",
        "лат",   "нем",    "фр",   "рус",    "ж.к",  "ал",     "чл",  "т",
        "пар",   "с",      "в",    "о",      "ул",   "бул",    "пл",  "кв",
        "гр",    "р-н",    "обл",  "общ",    "им",   "св",     "бел", "пр",
        "н.е",   "пр.н.е", "т.г",  "т.м",    "м.г",  "сл.н.е", "б.р", "б.пр",
        "прев",  "тел",    "отб"},
       "titles, address and reference words: never the last word of a "
       "sentence"},
      {AbbreviationContext::kBeforeNumber,
       {"стр", "бр", "кн", "год", "табл", "фиг", "прил", "вол", "ч", "мин",
        "сек", "изд"},
       "reference words before a number: \"стр. 5\", \"ал. 2\""},
      {AbbreviationContext::kBeforeMonth,
       {"м", "мес"},
       "\"м. май\": the month of"},
      {AbbreviationContext::kBeforeLower,
       {"г",  "гг", "в",   "вв", "млн", "млрд", "хил", "лв",
        "ст", "ч",  "мин", "м",  "км",  "кг",   "см",  "мм",
        "гр", "сл", "др",  "пр", "бел", "вж",   "ср",  "изд"},
       "units and counted words followed by the sentence's next word: "
       "\"5 млн. лв.\", \"2020 г. започна\""},
  };
  for (const AbbreviationTable& table : tables) {
    r.rules.push_back(AbbreviationRule(table, r.months));
  }
  // Scripts as code point ranges, not \\p{Cyrillic}: the rules are exported
  // as SRX, and Java's regex (OmegaT, Okapi) knows no script names.
  const std::vector<SegmentRule> rules = {
      // An initial is followed by a name in its own script: a Latin letter
      // before a Cyrillic word is a grade, a variable or a Roman numeral
      // ending the sentence ("оценка A. Данните", "Карл V. Той").
      {false, "\\b[\\p{Lu}&&[\\u0400-\\u04FF]]\\.",
       Concat({"\\s*", kOpen, "[\\p{Lu}&&[\\u0400-\\u04FF]]"}),
       "a Cyrillic initial before a Cyrillic name: \"Н. Михайлов\""},
      // Latin letters that look like Cyrillic ones are often typed for them
      // on the wrong keyboard layout ("A. Иванов" with a Latin A): kept as
      // initials, since a wrong split costs more than a missed one.
      {false, "\\b[ABCEHKMOPTXY]\\.",
       Concat({"\\s*", kOpen, "[\\p{Lu}&&[\\u0400-\\u04FF]]"}),
       "a Cyrillic initial typed with a Latin look-alike: \"A. Иванов\""},
      {false, "\\b[\\p{Lu}&&[\\u0041-\\u024F]]\\.",
       Concat({"\\s*", kOpen, "[\\p{Lu}&&[\\u0041-\\u024F]]"}),
       "a Latin initial before a Latin name: \"J. R. R. Tolkien\", \"U.S. "
       "Army\""},
      {false, "\\b\\p{N}{1,2}\\.", "\\s*\\p{N}",
       "a date written with spaces: \"16. 09. 2021\""},
      {true, Concat({"[.!?\\u2026:]", kClose}),
       Concat({"\\s+", kDash, "\\s+", kOpen, "[\\p{Lu}\\p{N}]"}),
       "a dialogue or interview turn opened by a dash after a sentence end "
       "or a colon: \"... ще видим. - Аз съм ...\""},
      {true, Concat({kTerm, kClose}), Concat({"\\s+", kOpen, "\\p{N}"}),
       "a sentence that starts with a number: \"... декември. 5 пъти ...\""},
  };
  r.rules.insert(r.rules.end(), rules.begin(), rules.end());
  return r;
}

LanguageRules English() {
  LanguageRules r;
  r.language = "en";
  r.icu_locale = "en@ss=standard";
  r.months = {"january",   "february", "march",    "april",
              "may",       "june",     "july",     "august",
              "september", "october",  "november", "december"};
  r.rules = GenericRules();
  const std::vector<AbbreviationTable> tables = {
      {AbbreviationContext::kAnywhere,
       {"mr",  "mrs", "ms",  "messrs", "mmes",   "dr",   "drs",  "prof",
        "gen", "col", "lt",  "sgt",    "capt",   "cpt",  "maj",  "adm",
        "gov", "sen", "rep", "rev",    "hon",    "pres", "supt", "e.g",
        "i.e", "cf",  "vs",  "viz",    "approx", "dept", "p.s",  "ps"},
       "titles and words that never end a sentence"},
      {AbbreviationContext::kBeforeName,
       {"st", "ft", "mt"},
       "before a name: \"St. Louis\", \"Mt. Everest\""},
      {AbbreviationContext::kBeforeNumber,
       {"no",  "nos",  "p",   "pp",  "vol", "vols", "ch",   "art", "sec",
        "par", "nr",   "tel", "ext", "op",  "fig",  "figs", "ca",  "rm",
        "ph",  "fax",  "jan", "feb", "mar", "apr",  "jun",  "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "st",   "ave",  "rt",  "hwy"},
       "before a number: \"No. 3\", \"Sept. 11\", \"ext. 37625\""},
      {AbbreviationContext::kBeforeLower,
       {"etc",  "inc",  "corp",  "ltd",  "co",   "jr",  "sr", "al",  "est",
        "govt", "univ", "assn",  "bros", "min",  "max", "yr", "yrs", "hr",
        "hrs",  "mass", "calif", "ave",  "blvd", "rd",  "av"},
       "words that end sentences, unless a lower-case word follows: "
       "\"Acme Corp. said\""},
  };
  // Words that never end a sentence come first; then an initialism before
  // a word that opens sentences ends one ("... in the U.S. The ..."), before
  // the other tables and the initials' no-break rule.
  r.rules.push_back(AbbreviationRule(tables[0], r.months));
  r.rules.push_back(
      {true, "\\b(?:\\p{Lu}\\.){1,4}",
       "\\s+(?:The|This|That|These|Those|It|He|She|We|They|I|In|But|And|A|"
       "An|There|His|Her|Their|Our|Its|If|When|As|So|However|After|On|At|"
       "For|What|Why|How|Who|Where|My|You|Your)\\b",
       "an initialism at the end of a sentence: \"... in the U.S. The ...\""});
  for (size_t i = 1; i < tables.size(); ++i) {
    r.rules.push_back(AbbreviationRule(tables[i], r.months));
  }
  const std::vector<SegmentRule> rules = {
      // News style abbreviates a month only before a day ("Oct. 5", kept
      // together above); before a capitalised word the abbreviation is the
      // last word of its sentence, its dot the full stop.
      {true, "\\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.",
       Concat({"\\s+", kOpen, "\\p{Lu}"}),
       "a month's abbreviation at the end of a sentence: \"... closed until "
       "Oct. President ...\""},
      // ICU's English exceptions ("en@ss=standard") are matched as the tail
      // of a word: "F.", "G.", "O.", "T." and "X." as initials also hold
      // "IMF." or "NATO." together with the next sentence. An acronym or a
      // Roman numeral written without dots is not an abbreviation; before a
      // capitalised word (not an all-capital one: "CO. LTD" in upper-case
      // text) it ends the sentence.
      {true, "\\b\\p{Lu}{2,10}\\.",
       Concat({"\\s+", kOpen, "\\p{Lu}(?:\\p{Ll}|['\\u2019]|\\s)"}),
       "an acronym or a Roman numeral at the end of a sentence: \"... joined "
       "NATO. The ...\", \"World War II. It ...\""},
      {false, "\\b(?:\\p{Lu}\\.){1,4}",
       Concat({"\\s*", kOpen, "[\\p{Lu}\\p{N}]"}),
       "initials before a name or a number: \"J. Smith\", \"the U.S. "
       "Army\", \"S. 10th St.\""},
      {false, "\\b(?:\\p{L}\\.){2,4}",
       Concat({"\\s+(?:", kOpen, "\\p{Ll}|\\()"}),
       "dotted abbreviations before a lower-case word: \"a.m. on\", \"U.S. "
       "citizens\""},
      {false, Concat({"(?:\\.\\.|\\u2026)", kClose}),
       Concat({"\\s+", kOpen, "\\p{Ll}"}),
       "an ellipsis before a lower-case word: a pause, not an end"},
      {true, "[.!?][\"'\\u201D\\u2019]{0,2}",
       Concat({"\\s+", kOpen, "\\p{Ll}"}),
       "web text starts sentences in lower case: \"... is interested. jill "
       "allen ...\" (not after a bracket: \"(Asian, etc.) equals\")"},
      {false, "\\b\\p{N}{1,2}\\.", "\\s*\\p{N}",
       "a date written with spaces: \"16. 09. 2021\""},
      {true, Concat({"[.!\\u2026]", kClose}), Concat({"\\s+", kOpen, "\\p{N}"}),
       "a sentence that starts with a number: \"... this week. 2005 is "
       "...\""},
  };
  r.rules.insert(r.rules.end(), rules.begin(), rules.end());
  return r;
}

}  // namespace

SegmentRule AbbreviationRule(const AbbreviationTable& table,
                             const std::vector<std::string>& months) {
  std::string words;
  for (const std::string& w : table.words) {
    if (!words.empty()) words += '|';
    words += Escape(w);
  }
  SegmentRule rule;
  rule.is_break = false;
  // \b keeps "с." from matching the end of "ос.", and the word list is
  // matched in any case ("Св." and "св.", "No." and "no.").
  rule.before = "\\b(?i:" + words + ")\\.";
  switch (table.context) {
    case AbbreviationContext::kAnywhere:
      rule.after = "\\s";
      break;
    case AbbreviationContext::kBeforeName:
      rule.after = Concat({"\\s*", kOpen, "\\p{Lu}"});
      break;
    case AbbreviationContext::kBeforeNumber:
      rule.after = Concat({"\\s*", kOpen, "\\p{N}"});
      break;
    case AbbreviationContext::kBeforeLower:
      // ... or before a bracket: "Acme, Inc. (713) 555-0100".
      rule.after = Concat({"\\s+(?:", kOpen, "\\p{Ll}|\\()"});
      break;
    case AbbreviationContext::kBeforeMonth: {
      std::string names;
      for (const std::string& m : months) {
        if (!names.empty()) names += '|';
        names += Escape(m);
      }
      rule.after = "\\s*(?i:" + names + ")\\b";
      break;
    }
  }
  rule.comment = table.comment;
  rule.words = table.words;
  return rule;
}

LanguageRules BuiltinRules(const std::string& language) {
  if (language == "bg") return Bulgarian();
  if (language == "en" || language.empty()) return English();
  LanguageRules generic;
  generic.language = language;
  generic.icu_locale = language;
  return generic;
}

}  // namespace sverka
