#include "sverka/language.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <vector>

namespace sverka {
namespace {

// Evidence for one language inside its script: letters only it uses among
// its neighbours, and frequent short words.
struct LanguageProfile {
  const char* code;
  const char* script;
  std::u32string distinctive_letters;
  std::vector<std::string> common_words;
};

const std::vector<LanguageProfile>& Profiles() {
  static const std::vector<LanguageProfile> profiles = {
      {"bg", "Cyrl", U"ъщ", {"и", "на", "за", "в", "да", "се", "от", "с", "е", "по", "са", "че", "като", "към"}},
      {"ru", "Cyrl", U"ыэё", {"и", "в", "не", "на", "что", "он", "с", "как", "это", "по", "но", "из", "у", "к"}},
      {"uk", "Cyrl", U"іїєґ", {"і", "в", "на", "що", "не", "з", "та", "до", "як", "це", "у", "й"}},
      {"sr", "Cyrl", U"јљњћђџ", {"и", "у", "је", "да", "на", "се", "за", "од", "са"}},
      {"mk", "Cyrl", U"јљњќѓѕџ", {"и", "на", "во", "да", "се", "за", "од", "со", "е"}},
      {"en", "Latn", U"", {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "as", "by", "it", "are", "this"}},
      {"lv", "Latn", U"āēīūķļņģ", {"un", "ir", "ar", "par", "uz", "no", "kas", "ka", "lai", "arī", "tiek", "gada"}},
      {"de", "Latn", U"äöüß", {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "ein", "auf", "sich"}},
      {"fr", "Latn", U"àâçèêëîïôûùœ", {"le", "la", "les", "et", "des", "est", "du", "une", "que", "pour", "dans", "pas", "qui", "sur"}},
      {"es", "Latn", U"ñ¿¡", {"el", "la", "de", "que", "y", "en", "los", "del", "las", "por", "con", "una", "es"}},
      {"it", "Latn", U"", {"il", "di", "che", "e", "la", "per", "un", "non", "della", "sono", "del", "gli", "nel"}},
      {"pt", "Latn", U"ãõ", {"o", "de", "que", "e", "do", "da", "em", "um", "para", "não", "com", "os", "uma"}},
      {"pl", "Latn", U"ąćęłńśźż", {"i", "w", "nie", "na", "się", "z", "jest", "do", "że", "to"}},
      {"cs", "Latn", U"ěřůčšž", {"a", "v", "se", "na", "je", "že", "to", "s", "z", "do"}},
      {"hr", "Latn", U"čćđšž", {"i", "je", "u", "na", "se", "da", "za", "od", "s", "su"}},
      {"hu", "Latn", U"őűáé", {"a", "az", "és", "hogy", "nem", "egy", "is", "van", "meg"}},
      {"ro", "Latn", U"ăâîșțş", {"și", "de", "la", "în", "cu", "care", "pe", "nu", "din"}},
  };
  return profiles;
}

std::vector<std::string> LowercaseWords(std::string_view text, size_t limit) {
  std::vector<std::string> words;
  std::string current;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length && words.size() < limit;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && u_isalpha(c)) {
      char buffer[4];
      int32_t n = 0;
      UBool error = false;
      U8_APPEND(buffer, n, 4, u_tolower(c), error);
      if (error) continue;
      current.append(buffer, n);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(current);
  return words;
}

std::string PrimaryLanguage(const std::string& tag) {
  std::string primary = tag.substr(0, tag.find_first_of("-_"));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return primary;
}

// The script a language is written in, for the languages Sverka expects.
std::string ScriptOfLanguage(const std::string& language) {
  static const std::set<std::string> cyrillic = {"bg", "ru", "uk", "sr", "mk", "be", "kk"};
  static const std::set<std::string> other = {"el", "ar", "he", "zh", "ja", "ko", "hy", "ka", "th", "hi"};
  if (cyrillic.count(language)) return "Cyrl";
  if (other.count(language)) return "";  // not checked
  return "Latn";
}

std::string ScriptName(const std::string& script) {
  if (script == "Cyrl") return "Cyrillic";
  if (script == "Latn") return "Latin";
  return script;
}

// Letters per script and the best language profile within the main script.
struct Evidence {
  std::map<std::string, int> letters_by_script;
  int letters = 0;
};

LanguageGuess Guess(std::string_view text, Evidence* evidence_out) {
  Evidence evidence;
  std::map<std::string, double> score;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(std::min<size_t>(text.size(), 200000));
  std::map<UChar32, int> letter_counts;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) continue;
    ++evidence.letters_by_script[uscript_getShortName(script)];
    ++evidence.letters;
    ++letter_counts[u_tolower(c)];
  }
  LanguageGuess guess;
  if (evidence_out) *evidence_out = evidence;
  if (evidence.letters < 20) return guess;
  auto main = std::max_element(
      evidence.letters_by_script.begin(), evidence.letters_by_script.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  guess.script = main->first;
  const std::vector<std::string> words = LowercaseWords(text, 5000);
  std::map<std::string, int> word_counts;
  for (const std::string& w : words) ++word_counts[w];
  double total = 0, best = 0;
  for (const LanguageProfile& profile : Profiles()) {
    if (guess.script != profile.script) continue;
    double letters = 0;
    for (char32_t c : profile.distinctive_letters) {
      auto it = letter_counts.find(static_cast<UChar32>(c));
      if (it != letter_counts.end()) letters += it->second;
    }
    double hits = 0;
    for (const std::string& w : profile.common_words) {
      auto it = word_counts.find(w);
      if (it != word_counts.end()) hits += it->second;
    }
    // Per hundred words and per hundred letters, so long texts do not
    // outweigh the profile's shape.
    const double value = 100.0 * hits / std::max<size_t>(words.size(), 1) +
                         3 * 100.0 * letters / evidence.letters;
    score[profile.code] = value;
    total += value;
    if (value > best) {
      best = value;
      guess.language = profile.code;
    }
  }
  guess.confidence = total > 0 ? best / total : 0;
  if (best < 5) guess.language.clear();  // no profile says much: unknown
  return guess;
}

// "EN", "English", "[EN]", "**EN**" alone on a line, for `language`.
bool IsLanguageMarkerLine(std::string_view line, const std::string& language) {
  std::string trimmed(line);
  trimmed.erase(0, std::min(trimmed.size(), trimmed.find_first_not_of(" \t*_#[(")));
  const size_t last = trimmed.find_last_not_of(" \t*_#:])");
  trimmed.erase(last == std::string::npos ? 0 : last + 1);
  if (trimmed.empty() || trimmed.size() > 20) return false;
  icu::UnicodeString lower = icu::UnicodeString::fromUTF8(trimmed).toLower();
  std::string english_name, native_name;
  icu::UnicodeString name;
  const icu::Locale locale(language.c_str());
  locale.getDisplayLanguage(icu::Locale::getEnglish(), name);
  name.toLower().toUTF8String(english_name);
  name.remove();
  locale.getDisplayLanguage(locale, name);
  name.toLower().toUTF8String(native_name);
  std::string candidate;
  lower.toUTF8String(candidate);
  return candidate == language || candidate == english_name ||
         candidate == native_name;
}

Document SubDocument(const Document& doc, size_t begin, size_t end,
                     const std::string& part) {
  Document sub;
  sub.name = doc.name + " (" + part + " part)";
  sub.encoding = doc.encoding;
  sub.content_hash = doc.content_hash;
  sub.text = doc.text.substr(begin, end - begin);
  sub.line_starts.push_back(0);
  for (size_t i = 0; i < sub.text.size(); ++i) {
    if (sub.text[i] == '\n') sub.line_starts.push_back(i + 1);
  }
  return sub;
}

struct Paragraph {
  size_t begin, end;  // byte offsets in the document
  std::string language;
  int letters;
};

std::vector<Paragraph> Paragraphs(const Document& doc) {
  std::vector<Paragraph> out;
  const std::string& t = doc.text;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t start = t.find_first_not_of(" \t\n", pos);
    if (start == std::string::npos) break;
    // The paragraph ends at the next line holding only whitespace.
    size_t end = t.size();
    for (size_t nl = t.find('\n', start); nl != std::string::npos;
         nl = t.find('\n', nl + 1)) {
      const size_t next = t.find_first_not_of(" \t\r", nl + 1);
      if (next == std::string::npos || t[next] == '\n') {
        end = nl;
        break;
      }
    }
    Evidence evidence;
    LanguageGuess guess = Guess(std::string_view(t).substr(start, end - start), &evidence);
    std::string label = guess.language;
    if (label.empty() && evidence.letters > 0) {
      auto main = std::max_element(
          evidence.letters_by_script.begin(), evidence.letters_by_script.end(),
          [](const auto& a, const auto& b) { return a.second < b.second; });
      label = main->first;  // only the script is known
    }
    out.push_back({start, end, label, evidence.letters});
    pos = end;
  }
  return out;
}

bool Agrees(const std::string& label, const std::string& language) {
  return label == language || label == ScriptOfLanguage(language);
}

}  // namespace

std::string LanguageGuess::Name() const {
  if (language.empty()) return "an unknown language";
  icu::UnicodeString name;
  icu::Locale(language.c_str()).getDisplayLanguage(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

LanguageGuess GuessLanguage(std::string_view utf8_text) {
  return Guess(utf8_text, nullptr);
}

Status CheckLanguage(const Document& doc, const std::string& language,
                     std::string* warning) {
  if (warning) warning->clear();
  const std::string expected = PrimaryLanguage(language);
  const std::string expected_script = ScriptOfLanguage(expected);
  Evidence evidence;
  const LanguageGuess guess = Guess(doc.text, &evidence);
  if (guess.script.empty() || expected_script.empty()) return Status::Ok();
  const LanguageGuess expected_guess{expected, expected_script, 1};
  if (guess.script != expected_script) {
    // Mixed documents (a Bulgarian text quoting English names) are fine:
    // only a document mostly in the other script is refused.
    const int in_expected = evidence.letters_by_script[expected_script];
    if (in_expected * 3 < evidence.letters) {
      std::string looks = guess.language.empty() ? ScriptName(guess.script) + " text"
                                                 : guess.Name() + " (" + ScriptName(guess.script) + ")";
      return Status::InvalidInput("looks like " + looks + ", but was given as " +
                                  expected_guess.Name())
          .At(doc.name)
          .WithHint("the files may be swapped, or the language options wrong; "
                    "pass --force to align anyway");
    }
    return Status::Ok();
  }
  if (!guess.language.empty() && guess.language != expected &&
      guess.confidence >= 0.5 && warning) {
    *warning = doc.name + " looks like " + guess.Name() + ", not " +
               expected_guess.Name() + " (aligning anyway)";
  }
  return Status::Ok();
}

Result<BilingualSplit> SplitBilingual(const Document& doc,
                                      const std::string& first_language,
                                      const std::string& second_language) {
  const std::string first = PrimaryLanguage(first_language);
  const std::string second = PrimaryLanguage(second_language);
  BilingualSplit split;
  split.first_language = first;
  split.second_language = second;

  std::vector<Paragraph> paragraphs = Paragraphs(doc);
  size_t second_begin = std::string::npos, first_end = 0;
  // A line naming the second language ("EN") marks the switch.
  for (size_t line = 0; line < doc.line_starts.size(); ++line) {
    const size_t begin = doc.line_starts[line];
    const size_t end = line + 1 < doc.line_starts.size() ? doc.line_starts[line + 1] - 1
                                                         : doc.text.size();
    if (IsLanguageMarkerLine(std::string_view(doc.text).substr(begin, end - begin), second)) {
      first_end = begin;
      second_begin = std::min(end + 1, doc.text.size());
      break;
    }
  }
  if (second_begin == std::string::npos) {
    // Otherwise the paragraph from which the language changes, chosen so
    // that the most letters agree with their side.
    long best_score = -1;
    size_t best_k = 0;
    for (size_t k = 1; k < paragraphs.size(); ++k) {
      long score = 0;
      for (size_t i = 0; i < paragraphs.size(); ++i) {
        const bool agrees = Agrees(paragraphs[i].language, i < k ? first : second);
        score += agrees ? paragraphs[i].letters : 0;
      }
      if (score > best_score) {
        best_score = score;
        best_k = k;
      }
    }
    const bool second_side_real =
        best_k > 0 && best_k < paragraphs.size() &&
        Agrees(paragraphs[best_k].language, second) &&
        Agrees(paragraphs[0].language, first);
    if (!second_side_real) {
      return Status::InvalidInput("cannot find where the " +
                                  LanguageGuess{second, "", 1}.Name() +
                                  " version starts")
          .At(doc.name)
          .WithHint("put a line '" + second + "' before the translation, or "
                    "give the two texts as two files");
    }
    first_end = paragraphs[best_k - 1].end;
    second_begin = paragraphs[best_k].begin;
  }
  // A last paragraph repeated untranslated at the end of the translation
  // (the Vratsa sample's project name) is not part of the translation.
  size_t second_end = doc.text.size();
  for (auto it = paragraphs.rbegin(); it != paragraphs.rend(); ++it) {
    if (it->begin < second_begin) break;
    if (!Agrees(it->language, first) || Agrees(it->language, second)) break;
    second_end = it->begin;
  }
  split.first = SubDocument(doc, 0, first_end, first);
  split.second = SubDocument(doc, second_begin, second_end, second);
  split.second_starts_at_line = doc.LineOfOffset(second_begin);
  if (split.first.text.find_first_not_of(" \t\n") == std::string::npos ||
      split.second.text.find_first_not_of(" \t\n") == std::string::npos) {
    return Status::InvalidInput("one of the two language parts is empty")
        .At(doc.name)
        .WithHint("give the two texts as two files");
  }
  return split;
}

}  // namespace sverka
