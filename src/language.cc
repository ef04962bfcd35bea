// GuessLanguage, CheckLanguage and SplitBilingual. The guess is cheap by
// design (one pass over at most 200 KB, letter and word counts against small
// hand-made profiles): it runs on every input and only needs to tell the
// languages a translator is likely to mix up, not every language there is.
#include "sverka/language.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "internal/icu_util.h"

namespace sverka {
namespace {

constexpr char kCyrillic[] = "Cyrl";
constexpr char kLatin[] = "Latn";

// Below this many letters a text says nothing about its language, and
// below kMinLettersForWarning too little for a same-script warning.
constexpr int kMinLetters = 20;
constexpr int kMinLettersForWarning = 100;
// Bytes of a document looked at: plenty for a guess, bounded for speed.
constexpr size_t kMaxBytes = 200 * 1000;
// Letters are counted by code point below this (Latin, Latin Extended,
// Greek and Cyrillic): every profile letter is in this range.
constexpr UChar32 kCountedLetters = 0x530;

// Evidence for one language inside its script: letters it uses and its
// neighbours mostly do not, letters it never uses, and frequent short words.
struct Profile {
  const char* code;
  const char* script;
  std::u32string_view distinctive;
  std::u32string_view foreign;
  std::vector<std::string_view> words;
};

const std::vector<Profile>& Profiles() {
  static const std::vector<Profile> profiles = {
      // Cyrillic: ъ is common in Bulgarian (rare in Russian); ы э ё are
      // Russian only, і ї є ґ Ukrainian, ј љ њ Serbian and Macedonian.
      {"bg",
       kCyrillic,
       U"ъщ",
       U"ыэёіїєґјљњћђџѓќѕ",
       {"и",  "на",  "за",    "в",     "да",  "се",   "от",
        "с",  "е",   "по",    "са",    "че",  "като", "към",
        "ще", "със", "които", "който", "най", "това"}},
      {"ru",
       kCyrillic,
       U"ыэё",
       U"іїєґјљњћђџѓќѕ",
       {"и", "в", "не", "на", "что", "он", "с", "как", "это", "по", "но", "из",
        "у", "к", "для", "который", "были", "был", "также"}},
      {"uk",
       kCyrillic,
       U"іїєґ",
       U"ыэёъјљњ",
       {"і", "в", "на", "що", "не", "з", "та", "до", "як", "це", "у", "й",
        "для", "який", "також"}},
      {"sr",
       kCyrillic,
       U"јљњћђџ",
       U"ыэёъщйяюіїєѓќѕ",
       {"и", "у", "је", "да", "на", "се", "за", "од", "са", "су", "који"}},
      {"mk",
       kCyrillic,
       U"јљњќѓѕџ",
       U"ыэёъщйяюіїєћђ",
       {"и", "на", "во", "да", "се", "за", "од", "со", "е", "ќе", "што"}},
      // Latin: English has no letters of its own, only its words.
      {"en",
       kLatin,
       U"",
       U"",
       {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was",
        "on", "as", "by", "it", "are", "this", "be", "which", "from"}},
      {"lv",
       kLatin,
       U"āēīūķļņģ",
       U"wqxy",
       {"un", "ir", "ar", "par", "uz", "no", "kas", "ka", "lai", "arī", "tiek",
        "gada", "kā", "bija", "tās", "pie", "tika"}},
      {"lt",
       kLatin,
       U"ąęėįųū",
       U"wqx",
       {"ir", "su", "kad", "kaip", "yra", "iš", "į", "buvo", "tai", "bet"}},
      {"de",
       kLatin,
       U"äöüß",
       U"",
       {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu",
        "ein", "auf", "sich", "im", "dem", "für"}},
      {"fr",
       kLatin,
       U"àâçèêëîïôûùœ",
       U"",
       {"le", "la", "les", "et", "des", "est", "du", "une", "que", "pour",
        "dans", "pas", "qui", "sur", "au", "avec"}},
      {"es",
       kLatin,
       U"ñ¿¡",
       U"",
       {"el", "la", "de", "que", "y", "en", "los", "del", "las", "por", "con",
        "una", "es", "se", "para"}},
      {"it",
       kLatin,
       U"",
       U"",
       {"il", "di", "che", "e", "la", "per", "un", "non", "della", "sono",
        "del", "gli", "nel", "alla", "è"}},
      {"pt",
       kLatin,
       U"ãõ",
       U"",
       {"o", "de", "que", "e", "do", "da", "em", "um", "para", "não", "com",
        "os", "uma", "ao"}},
      {"pl",
       kLatin,
       U"ąćęłńśźż",
       U"qv",
       {"i", "w", "nie", "na", "się", "z", "jest", "do", "że", "to", "jak"}},
      {"cs",
       kLatin,
       U"ěřů",
       U"",
       {"a", "v", "se", "na", "je", "že", "to", "s", "z", "do", "jsou"}},
      {"hr",
       kLatin,
       U"ćđ",
       U"qwxy",
       {"i", "je", "u", "na", "se", "da", "za", "od", "s", "su", "koji"}},
      {"hu",
       kLatin,
       U"őű",
       U"",
       {"a", "az", "és", "hogy", "nem", "egy", "is", "van", "meg", "volt"}},
      {"ro",
       kLatin,
       U"ăâîșțş",
       U"",
       {"și", "de", "la", "în", "cu", "care", "pe", "nu", "din", "un", "o"}},
  };
  return profiles;
}

const Profile* FindProfile(std::string_view code) {
  for (const Profile& profile : Profiles()) {
    if (code == profile.code) return &profile;
  }
  return nullptr;
}

// The primary subtag, lower case: "en-GB" -> "en", "BG" -> "bg".
std::string PrimaryLanguage(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  for (char& c : primary) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return primary;
}

// The script a language is written in, "" for scripts not checked.
std::string ScriptOfLanguage(const std::string& language) {
  if (const Profile* profile = FindProfile(language)) return profile->script;
  static const std::vector<std::string_view> cyrillic = {"be", "kk", "ky", "tg",
                                                         "mn"};
  static const std::vector<std::string_view> other = {
      "el", "ar", "he", "zh", "ja", "ko", "hy", "ka", "th", "hi", "fa", "ur"};
  if (std::find(cyrillic.begin(), cyrillic.end(), language) != cyrillic.end())
    return kCyrillic;
  if (std::find(other.begin(), other.end(), language) != other.end()) return "";
  return kLatin;
}

std::string ScriptName(std::string_view script) {
  if (script == kCyrillic) return "Cyrillic";
  if (script == kLatin) return "Latin";
  return "another script";
}

std::string LanguageName(const std::string& language) {
  LanguageGuess guess;
  guess.language = language;
  return guess.Name();
}

// What one pass over a text finds.
struct TextStats {
  int letters = 0;
  int cyrillic = 0;
  int latin = 0;
  std::array<int, kCountedLetters> lower_letters{};
  std::unordered_map<std::string, int> words;
  int word_count = 0;

  const char* MainScript() const {
    if (letters == 0) return "";
    if (cyrillic >= latin && cyrillic * 2 >= letters) return kCyrillic;
    if (latin > cyrillic && latin * 2 >= letters) return kLatin;
    return "Zyyy";  // mostly another script
  }
};

// The words any profile counts (only these need counting by word, so a
// text's other words cost no string and no map entry), by length and first
// byte: a word of a text is compared with the few (most often none: long
// words, uncommon first letters) that share both, rather than hashed for a
// set lookup.
class ProfileWordIndex {
 public:
  ProfileWordIndex() {
    for (const Profile& profile : Profiles()) {
      for (std::string_view word : profile.words) {
        if (word.empty() || Contains(word)) continue;
        if (word.size() >= by_length_.size())
          by_length_.resize(word.size() + 1);
        by_length_[word.size()][static_cast<unsigned char>(word[0])].push_back(
            word);
      }
    }
  }

  bool Contains(std::string_view word) const {
    if (word.empty() || word.size() >= by_length_.size()) return false;
    for (std::string_view candidate :
         by_length_[word.size()][static_cast<unsigned char>(word[0])]) {
      if (candidate == word) return true;
    }
    return false;
  }

 private:
  std::vector<std::array<std::vector<std::string_view>, 256>> by_length_;
};

TextStats Count(std::string_view text) {
  TextStats stats;
  static const ProfileWordIndex profile_words;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(std::min(text.size(), kMaxBytes));
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    if (profile_words.Contains(word)) {
      ++stats.words[word];
    }
    ++stats.word_count;
    word.clear();
  };
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {
      // ASCII: letters are A-Z and a-z, and nothing else joins a word.
      const char c = static_cast<char>(s[i++]);
      const bool lower = c >= 'a' && c <= 'z';
      if (!lower && !(c >= 'A' && c <= 'Z')) {
        end_word();
        continue;
      }
      const char folded = lower ? c : static_cast<char>(c - 'A' + 'a');
      ++stats.letters;
      ++stats.latin;
      ++stats.lower_letters[static_cast<unsigned char>(folded)];
      word += folded;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0x400 && c < 0x460) {
      // The basic Cyrillic block, every Bulgarian letter: all letters, upper
      // case 0x400-0x42F, lower case 0x430-0x45F; no ICU lookups.
      const UChar32 lower = c < 0x410 ? c + 0x50 : c < 0x430 ? c + 0x20 : c;
      ++stats.letters;
      ++stats.cyrillic;
      ++stats.lower_letters[lower];
      word += static_cast<char>(0xC0 | (lower >> 6));
      word += static_cast<char>(0x80 | (lower & 0x3F));
      continue;
    }
    // Letters and the combining marks inside words (stress marks).
    if (c < 0 || !(u_isalpha(c) || u_getCombiningClass(c) != 0)) {
      end_word();
      continue;
    }
    const UChar32 lower = u_tolower(c);
    if (u_isalpha(c)) {
      ++stats.letters;
      if (c >= 0x400 && c < 0x530) {
        ++stats.cyrillic;
      } else if (c < 0x250) {
        ++stats.latin;
      } else {
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_SUCCESS(status) && script == USCRIPT_CYRILLIC) ++stats.cyrillic;
        if (U_SUCCESS(status) && script == USCRIPT_LATIN) ++stats.latin;
      }
      if (lower < kCountedLetters) ++stats.lower_letters[lower];
    }
    char buffer[U8_MAX_LENGTH];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(buffer, n, U8_MAX_LENGTH, lower, error);
    if (!error) word.append(buffer, static_cast<size_t>(n));
  }
  end_word();
  return stats;
}

int CountLetters(const TextStats& stats, std::u32string_view letters) {
  int count = 0;
  for (char32_t c : letters) {
    if (static_cast<UChar32>(c) < kCountedLetters) {
      count += stats.lower_letters[c];
    }
  }
  return count;
}

LanguageGuess GuessFromStats(const TextStats& stats) {
  LanguageGuess guess;
  guess.script = stats.MainScript();
  if (guess.script == "Zyyy") guess.script.clear();
  if (stats.letters < kMinLetters || guess.script.empty()) return guess;
  // Per hundred words and per hundred letters, so that long texts do not
  // outweigh the profile's shape; a distinctive letter is rarer than a
  // common word, hence its weight.
  double total = 0, best = 0;
  for (const Profile& profile : Profiles()) {
    if (guess.script != profile.script) continue;
    int hits = 0;
    for (std::string_view w : profile.words) {
      auto it = stats.words.find(std::string(w));
      if (it != stats.words.end()) hits += it->second;
    }
    const double value =
        100.0 * hits / std::max(stats.word_count, 1) +
        300.0 * CountLetters(stats, profile.distinctive) / stats.letters -
        600.0 * CountLetters(stats, profile.foreign) / stats.letters;
    if (value <= 0) continue;
    total += value;
    if (value > best) {
      best = value;
      guess.language = profile.code;
    }
  }
  guess.confidence = total > 0 ? best / total : 0;
  // No profile says much (a list of names, a language without a profile).
  if (best < 5) {
    guess.language.clear();
    guess.confidence = 0;
  }
  return guess;
}

// ---- SplitBilingual ---------------------------------------------------

// The ways a line can name a language: "EN", "ENG", "English", "английски".
std::vector<std::string> MarkerNames(const std::string& language) {
  std::vector<std::string> names = {language};
  const icu::Locale locale(language.c_str());
  if (const char* iso3 = locale.getISO3Language(); iso3 && *iso3) {
    names.push_back(iso3);
  }
  icu::UnicodeString name;
  locale.getDisplayLanguage(icu::Locale::getEnglish(), name);
  names.push_back(internal::ToUtf8(name.foldCase()));
  name.remove();
  locale.getDisplayLanguage(locale, name);
  names.push_back(internal::ToUtf8(name.foldCase()));
  return names;
}

// A line holding only a language name, with Markdown decoration: "EN",
// "**English**", "[BG]", "## EN:".
bool IsMarkerLine(std::string_view line,
                  const std::vector<std::string>& names) {
  const size_t begin = line.find_first_not_of(" \t\n*_#[(");
  if (begin == std::string_view::npos) return false;
  const size_t end = line.find_last_not_of(" \t\n*_#:])");
  if (end < begin || end - begin + 1 > 40) return false;
  const std::string candidate = internal::ToUtf8(
      internal::FromUtf8(line.substr(begin, end - begin + 1)).foldCase());
  return std::find(names.begin(), names.end(), candidate) != names.end();
}

struct Paragraph {
  size_t begin = 0;   // start of its first line
  size_t end = 0;     // after its last line's "\n" (or the end of the text)
  std::string label;  // its language, or its script, or ""
  int letters = 0;
};

// Paragraphs are runs of lines that are not blank. Each is labelled by what
// tells the two languages apart: the script when they differ (robust on
// short paragraphs), the guessed language when they share one.
std::vector<Paragraph> Paragraphs(const Document& doc, bool by_script) {
  std::vector<Paragraph> out;
  const std::string& text = doc.text;
  Paragraph current;
  bool open = false;
  auto close = [&](size_t end) {
    if (!open) return;
    current.end = end;
    const TextStats stats = Count(
        std::string_view(text).substr(current.begin, end - current.begin));
    current.letters = stats.letters;
    current.label =
        by_script ? stats.MainScript() : GuessFromStats(stats).language;
    out.push_back(current);
    open = false;
  };
  for (size_t line = 0; line < doc.line_starts.size(); ++line) {
    const size_t begin = doc.line_starts[line];
    const size_t end = line + 1 < doc.line_starts.size()
                           ? doc.line_starts[line + 1]
                           : text.size();
    const bool blank =
        text.find_first_not_of(" \t\n", begin) >= end;  // npos too
    if (blank) {
      close(begin);
      continue;
    }
    if (!open) {
      current = Paragraph{};
      current.begin = begin;
      open = true;
    }
  }
  close(text.size());
  return out;
}

// The first line in [begin, end) that is not blank, as an offset.
size_t SkipBlankLines(const std::string& text, size_t begin, size_t end) {
  size_t pos = begin;
  while (pos < end) {
    const size_t nl = text.find('\n', pos);
    const size_t line_end = nl == std::string::npos ? text.size() : nl + 1;
    if (text.find_first_not_of(" \t\n", pos) < line_end) return pos;
    pos = line_end;
  }
  return end;
}

Document SubDocument(const Document& doc, size_t begin, size_t end,
                     const std::string& language) {
  Document sub;
  sub.name = doc.name + " (" + language + " part)";
  sub.encoding = doc.encoding;
  sub.content_hash = doc.content_hash;
  sub.text = doc.text.substr(begin, end - begin);
  sub.line_starts.push_back(0);
  for (size_t i = 0; i < sub.text.size(); ++i) {
    if (sub.text[i] == '\n') sub.line_starts.push_back(i + 1);
  }
  return sub;
}

}  // namespace

std::string LanguageGuess::Name() const {
  if (language.empty()) return "an unknown language";
  icu::UnicodeString name;
  icu::Locale(language.c_str())
      .getDisplayLanguage(icu::Locale::getEnglish(), name);
  return internal::ToUtf8(name);
}

LanguageGuess GuessLanguage(std::string_view utf8_text) {
  return GuessFromStats(Count(utf8_text));
}

Status CheckLanguage(const Document& doc, const std::string& language,
                     std::string* warning) {
  if (warning != nullptr) warning->clear();
  const std::string expected = PrimaryLanguage(language);
  const std::string expected_script = ScriptOfLanguage(expected);
  const TextStats stats = Count(doc.text);
  const LanguageGuess guess = GuessFromStats(stats);
  if (guess.script.empty() || expected_script.empty() ||
      stats.letters < kMinLetters) {
    return Status::Ok();
  }
  if (guess.script != expected_script) {
    // A Bulgarian text quoting English names is fine: only a document mostly
    // in the other script is refused.
    const int in_expected =
        expected_script == kCyrillic ? stats.cyrillic : stats.latin;
    if (in_expected * 3 >= stats.letters) return Status::Ok();
    const std::string looks =
        guess.language.empty()
            ? ScriptName(guess.script) + " text"
            : guess.Name() + " (" + ScriptName(guess.script) + ")";
    return Status::InvalidInput("looks like " + looks + ", but was given as " +
                                LanguageName(expected) +
                                ": the files may be swapped")
        .At(doc.name)
        .WithHint("pass --force to align anyway");
  }
  // Same script: a warning only when the text is long enough, the expected
  // language has a profile to compare with, and another one clearly wins.
  if (warning != nullptr && stats.letters >= kMinLettersForWarning &&
      FindProfile(expected) != nullptr && !guess.language.empty() &&
      guess.language != expected && guess.confidence >= 0.5) {
    *warning = doc.name + " looks like " + guess.Name() + ", not " +
               LanguageName(expected);
  }
  return Status::Ok();
}

Result<BilingualSplit> SplitBilingual(const Document& doc,
                                      const std::string& first_language,
                                      const std::string& second_language) {
  BilingualSplit split;
  split.first_language = PrimaryLanguage(first_language);
  split.second_language = PrimaryLanguage(second_language);
  const std::string& first = split.first_language;
  const std::string& second = split.second_language;
  const std::string first_script = ScriptOfLanguage(first);
  const std::string second_script = ScriptOfLanguage(second);
  const bool by_script = first_script != second_script;
  const std::string first_label = by_script ? first_script : first;
  const std::string second_label = by_script ? second_script : second;
  auto not_found = [&](const std::string& why) {
    return Status::InvalidInput("cannot find where the " +
                                LanguageName(second) + " text starts: " + why)
        .At(doc.name)
        .WithHint("put a line '" + second +
                  "' before the translation, or give the two texts as two "
                  "files");
  };
  if (first == second) {
    return Status::Usage(
               "the two languages of a bilingual document must "
               "differ, both are '" +
               first + "'")
        .At(doc.name);
  }

  const std::vector<Paragraph> paragraphs = Paragraphs(doc, by_script);
  size_t first_begin = 0, first_end = 0, second_begin = std::string::npos;

  // A line naming the second language ("EN") marks the switch; one naming
  // the first language before any text is a heading, not text.
  const std::vector<std::string> second_names = MarkerNames(second);
  const std::vector<std::string> first_names = MarkerNames(first);
  bool seen_text = false;
  for (size_t line = 0; line < doc.line_starts.size(); ++line) {
    const size_t begin = doc.line_starts[line];
    const size_t end = line + 1 < doc.line_starts.size()
                           ? doc.line_starts[line + 1]
                           : doc.text.size();
    const std::string_view text =
        std::string_view(doc.text).substr(begin, end - begin);
    if (IsMarkerLine(text, second_names)) {
      first_end = begin;
      second_begin = end;
      break;
    }
    if (!seen_text && IsMarkerLine(text, first_names)) {
      first_begin = end;
      continue;
    }
    if (text.find_first_not_of(" \t\n") != std::string_view::npos) {
      seen_text = true;
    }
  }

  if (second_begin == std::string::npos) {
    // The paragraph from which the language changes: the split that puts
    // the most letters on the side of their language. Paragraphs that
    // disagree (a first-language line repeated at the end) cost only their
    // own letters, so they cannot move the split.
    std::vector<long> first_prefix(paragraphs.size() + 1, 0);
    std::vector<long> second_suffix(paragraphs.size() + 1, 0);
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      first_prefix[i + 1] =
          first_prefix[i] +
          (paragraphs[i].label == first_label ? paragraphs[i].letters : 0);
    }
    for (size_t i = paragraphs.size(); i-- > 0;) {
      second_suffix[i] =
          second_suffix[i + 1] +
          (paragraphs[i].label == second_label ? paragraphs[i].letters : 0);
    }
    long best_score = -1;
    size_t best = 0;
    for (size_t k = 1; k < paragraphs.size(); ++k) {
      const long score = first_prefix[k] + second_suffix[k];
      if (score > best_score) {
        best_score = score;
        best = k;
      }
    }
    // A real switch: each side mostly in its own language.
    long first_letters = 0, second_letters = 0;
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      (i < best ? first_letters : second_letters) += paragraphs[i].letters;
    }
    if (best == 0 || first_prefix[best] * 5 < first_letters * 3 ||
        second_suffix[best] * 5 < second_letters * 3 ||
        paragraphs[best].label != second_label) {
      return not_found("its text does not change from " + LanguageName(first) +
                       " to " + LanguageName(second));
    }
    first_end = paragraphs[best].begin;
    second_begin = paragraphs[best].begin;
  }

  // A last paragraph left untranslated at the end of the translation (the
  // Vratsa sample repeats the Bulgarian project name) belongs to neither
  // part: it is not a translation of anything.
  size_t second_end = doc.text.size();
  for (auto it = paragraphs.rbegin(); it != paragraphs.rend(); ++it) {
    if (it->begin < second_begin) break;
    const Paragraph& p = *it;
    const bool in_first =
        by_script ? p.label == first_script : p.label == first;
    if (!in_first) break;
    second_end = p.begin;
  }

  first_begin = SkipBlankLines(doc.text, first_begin, first_end);
  second_begin = SkipBlankLines(doc.text, second_begin, second_end);
  auto has_text = [&](size_t begin, size_t end) {
    return Count(std::string_view(doc.text).substr(begin, end - begin))
               .letters > 0;
  };
  if (!has_text(first_begin, first_end)) {
    return not_found("there is no " + LanguageName(first) + " text before it");
  }
  if (!has_text(second_begin, second_end)) {
    return not_found("there is no " + LanguageName(second) +
                     " text after the line naming it");
  }
  split.first = SubDocument(doc, first_begin, first_end, first);
  split.second = SubDocument(doc, second_begin, second_end, second);
  split.first_starts_at_line = doc.LineOfOffset(first_begin);
  split.second_starts_at_line = doc.LineOfOffset(second_begin);
  return split;
}

}  // namespace sverka
