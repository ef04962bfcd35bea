// Word keys: case folding, stress-mark stripping, stopwords and the light
// Bulgarian and English stemmers. Everything works on a fixed buffer of code
// points and allocates nothing.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bilingual_dictionary_internal.h"

namespace sverka::dictionary_internal {
namespace {

using Word = std::u32string_view;

bool IsCyrillic(char32_t c) { return c >= 0x0400 && c <= 0x052F; }
bool IsLatinLetter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= 0x00DF && c <= 0x024F);
}

const std::unordered_set<std::string_view>& BulgarianStopwords() {
  static const auto* words = new std::unordered_set<std::string_view>{
      "а",      "аз",    "ако",    "бе",     "без",     "би",       "бил",
      "била",   "били",  "било",   "бъде",   "бъдат",   "в",        "вас",
      "ваш",    "ваша",  "ваше",   "ваши",   "вече",    "ви",       "вие",
      "във",    "все",   "всеки",  "всички", "всичко",  "всяка",    "всяко",
      "го",     "да",    "дали",   "до",     "докато",  "е",        "ето",
      "за",     "зад",   "затова", "защо",   "защото",  "и",        "из",
      "или",    "им",    "има",    "имат",   "като",    "каква",    "какво",
      "както",  "какъв", "кога",   "когато", "което",   "които",    "кой",
      "който",  "която", "коя",    "къде",   "към",     "ли",       "ме",
      "между",  "ми",    "му",     "на",     "над",     "най",      "нас",
      "наш",    "наша",  "наше",   "наши",   "не",      "него",     "нея",
      "ни",     "ние",   "нито",   "но",     "някои",   "някой",    "няма",
      "обаче",  "около", "от",     "още",    "пак",     "по",       "под",
      "поради", "почти", "при",    "пред",   "преди",   "през",     "с",
      "са",     "само",  "се",     "си",     "след",    "сме",      "със",
      "сте",    "съм",   "също",   "та",     "така",    "те",       "тези",
      "ти",     "то",    "това",   "тогава", "този",    "той",      "толкова",
      "тук",    "тя",    "тях",    "у",      "че",      "чрез",     "ще",
      "щом",    "ѝ",     "я",      "ги",     "негов",   "нейн",     "техен",
      "тази",   "онзи",  "онова",  "онези",  "неговия", "неговата", "й",
      "беше",   "бяха",  "бях",    "щеше",   "г"};
  return *words;
}

const std::unordered_set<std::string_view>& EnglishStopwords() {
  static const auto* words = new std::unordered_set<std::string_view>{
      "a",      "about",   "after",  "again",  "against", "all",    "also",
      "am",     "an",      "and",    "any",    "are",     "as",     "at",
      "be",     "because", "been",   "before", "being",   "both",   "but",
      "by",     "can",     "could",  "did",    "do",      "does",   "doing",
      "during", "each",    "for",    "from",   "had",     "has",    "have",
      "having", "he",      "her",    "here",   "hers",    "him",    "his",
      "how",    "i",       "if",     "in",     "into",    "is",     "it",
      "its",    "it's",    "itself", "just",   "me",      "more",   "most",
      "my",     "no",      "nor",    "not",    "now",     "of",     "off",
      "on",     "once",    "only",   "or",     "other",   "our",    "ours",
      "out",    "over",    "same",   "she",    "should",  "so",     "some",
      "such",   "than",    "that",   "the",    "their",   "theirs", "them",
      "then",   "there",   "these",  "they",   "this",    "those",  "through",
      "to",     "too",     "under",  "until",  "up",      "very",   "was",
      "we",     "were",    "what",   "when",   "where",   "which",  "while",
      "who",    "whom",    "why",    "will",   "with",    "would",  "you",
      "your",   "yours",   "s",      "t",      "upon",    "onto",   "via",
      "whose",  "may",     "might",  "must",   "shall",   "yet",    "one's"};
  return *words;
}

bool EndsWith(const char32_t* w, size_t n, Word suffix) {
  return n >= suffix.size() &&
         std::equal(suffix.begin(), suffix.end(), w + n - suffix.size());
}

bool IsOneOf(char32_t c, Word set) { return set.find(c) != Word::npos; }

size_t EncodeUtf8(const char32_t* w, size_t n, char* out) {
  size_t length = 0;
  for (size_t i = 0; i < n; ++i) {
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(out), length, kMaxKeyBytes, w[i],
              error);
    if (error) break;
  }
  return length;
}

// Latin letters that look like Cyrillic ones, for words typed with both.
char32_t CyrillicLookalike(char32_t c) {
  switch (c) {
    case U'a':
    case U'á':
      return U'а';
    case U'e':
    case U'é':
      return U'е';
    case U'o':
    case U'ó':
      return U'о';
    case U'p':
      return U'р';
    case U'c':
      return U'с';
    case U'x':
      return U'х';
    case U'y':
      return U'у';
    case U'k':
      return U'к';
    default:
      return c;
  }
}

}  // namespace

bool IsWordCharFromIcu(char32_t c) {
  if (c == 0x0300 || c == 0x0301) return true;
  if (c < 0x80) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
           (c >= U'0' && c <= U'9');
  }
  return u_isalnum(static_cast<UChar32>(c)) ||
         u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK;
}

WordCharTable::WordCharTable() {
  for (char32_t c = 0; c < kSize; ++c) table_[c] = IsWordCharFromIcu(c);
}

KeyLanguage KeyLanguageOf(std::string_view language) {
  // "bg", "bg-BG", "bul"; "en", "en-GB", "eng".
  const std::string_view primary = language.substr(0, language.find('-'));
  if (primary == "bg" || primary == "bul") return KeyLanguage::kBulgarian;
  if (primary == "en" || primary == "eng") return KeyLanguage::kEnglish;
  return KeyLanguage::kOther;
}

size_t StemBulgarian(char32_t* w, size_t n) {
  // After J. Savoy's light stemmer for Bulgarian, reworked so that the forms
  // of one word end on the same stem (the article -та/-то/-те is removed only
  // after the vowel it attaches to: работата -> работа, but работа stays).
  // 1. The definite article.
  if (n >= 6 && EndsWith(w, n, U"ият")) {
    n -= 3;
  } else if (n >= 5 && (EndsWith(w, n, U"ът") || EndsWith(w, n, U"ят"))) {
    n -= 2;
  } else if (n >= 5 && EndsWith(w, n, U"та") &&
             (IsOneOf(w[n - 3], U"ая") ||
              (n >= 6 && w[n - 4] == U'с' && w[n - 3] == U'т'))) {
    n -= 2;  // жената, стратегията, радостта
  } else if (n >= 5 && EndsWith(w, n, U"то") && IsOneOf(w[n - 3], U"оеиую")) {
    n -= 2;  // селото, морето
  } else if (n >= 5 && EndsWith(w, n, U"те") && IsOneOf(w[n - 3], U"ие")) {
    n -= 2;  // градовете, общините
  }
  // 2. Plurals that are not a single vowel.
  if (n >= 6 && EndsWith(w, n, U"ове")) {
    n -= 3;  // градове
  } else if (n >= 6 && EndsWith(w, n, U"еве")) {
    n -= 2;  // краеве -> край
    w[n - 1] = U'й';
  }
  // 3. Up to two final vowels: plural -и, gender -а/-о/-е, -ия/-ии.
  for (int k = 0; k < 2 && n >= 4 && IsOneOf(w[n - 1], U"аяоеиую"); ++k) --n;
  // 4. Verb person endings (-м, -ш, -т) and the participle -л, then the
  // theme vowel: отивам, отиваш, отиват -> отив.
  if (n >= 5 && IsOneOf(w[n - 1], U"мштл") && IsOneOf(w[n - 2], U"аяеи")) {
    n -= 2;
  }
  // 5. The imperfective -ва-/-ява-, so that aspect pairs meet: съобщавам
  // and съобщи, отбелязвам and отбеляза.
  if (n >= 6 && w[n - 1] == U'в') {
    n -= IsOneOf(w[n - 2], U"аяу") ? 2 : IsOneOf(w[n - 2], U"еиоъю") ? 0 : 1;
  }
  // 6. The fleeting vowel of adjectives and nouns: силен/силна, малък/малка.
  if (n >= 5 && EndsWith(w, n, U"ен")) {
    w[n - 2] = U'н';
    --n;
  } else if (n >= 5 && w[n - 2] == U'ъ') {
    w[n - 2] = w[n - 1];
    --n;
  }
  return n;
}

// Common irregular forms, to their base form before stemming.
size_t EnglishIrregular(char32_t* w, size_t n) {
  static const auto* forms =
      new std::unordered_map<std::u32string_view, std::u32string_view>{
          {U"said", U"say"},
          {U"says", U"say"},
          {U"took", U"take"},
          {U"taken", U"take"},
          {U"got", U"get"},
          {U"came", U"come"},
          {U"went", U"go"},
          {U"gone", U"go"},
          {U"known", U"know"},
          {U"knew", U"know"},
          {U"heard", U"hear"},
          {U"sent", U"send"},
          {U"men", U"man"},
          {U"women", U"woman"},
          {U"told", U"tell"},
          {U"made", U"make"},
          {U"found", U"find"},
          {U"gave", U"give"},
          {U"given", U"give"},
          {U"left", U"leave"},
          {U"thought", U"think"},
          {U"became", U"become"},
          {U"began", U"begin"},
          {U"brought", U"bring"},
          {U"held", U"hold"},
          {U"kept", U"keep"},
          {U"met", U"meet"},
          {U"paid", U"pay"},
          {U"ran", U"run"},
          {U"saw", U"see"},
          {U"seen", U"see"},
          {U"spoke", U"speak"},
          {U"stood", U"stand"},
          {U"won", U"win"},
          {U"wrote", U"write"},
          {U"written", U"write"},
          {U"children", U"child"},
          {U"people", U"person"},
          {U"lost", U"lose"},
          {U"led", U"lead"},
          {U"built", U"build"},
          {U"bought", U"buy"},
          {U"chose", U"choose"},
          {U"chosen", U"choose"},
          {U"fell", U"fall"},
          {U"felt", U"feel"},
          {U"grew", U"grow"},
          {U"grown", U"grow"},
          {U"hit", U"hit"},
          {U"lay", U"lie"},
          {U"meant", U"mean"},
          {U"rose", U"rise"},
          {U"sold", U"sell"},
          {U"spent", U"spend"},
          {U"struck", U"strike"},
          {U"taught", U"teach"},
          {U"understood", U"understand"},
          {U"feet", U"foot"},
          {U"teeth", U"tooth"},
          {U"mice", U"mouse"},
          {U"better", U"good"},
          {U"best", U"good"},
          {U"worse", U"bad"},
          {U"worst", U"bad"},
          {U"died", U"die"},
          {U"dies", U"die"}};
  auto it = forms->find(std::u32string_view(w, n));
  if (it == forms->end()) return n;
  std::copy(it->second.begin(), it->second.end(), w);
  return it->second.size();
}

size_t StemEnglish(char32_t* w, size_t n) {
  // Possessives: city's, cities'.
  if (n >= 3 && w[n - 1] == U's' && (w[n - 2] == U'\'' || w[n - 2] == 0x2019)) {
    n -= 2;
  } else if (n >= 3 && (w[n - 1] == U'\'' || w[n - 1] == 0x2019)) {
    --n;
  }
  n = EnglishIrregular(w, n);
  auto has_vowel = [&](size_t length) {
    for (size_t i = 0; i < length; ++i) {
      if (IsOneOf(w[i], U"aeiouy")) return true;
    }
    return false;
  };
  // Plurals and third person.
  if (n >= 5 && EndsWith(w, n, U"ies")) {
    n -= 2;
    w[n - 1] = U'y';
  } else if (n >= 5 && EndsWith(w, n, U"sses")) {
    n -= 2;
  } else if (n >= 5 && EndsWith(w, n, U"es") && IsOneOf(w[n - 3], U"sxzh")) {
    n -= 2;
  } else if (n >= 4 && w[n - 1] == U's' && !IsOneOf(w[n - 2], U"sui")) {
    --n;
  }
  // Past and gerund.
  bool cut = false;
  if (n >= 5 && EndsWith(w, n, U"ied")) {
    n -= 2;
    w[n - 1] = U'y';
  } else if (n >= 5 && EndsWith(w, n, U"ed") && !EndsWith(w, n, U"eed") &&
             has_vowel(n - 2)) {
    n -= 2;
    cut = true;
  } else if (n >= 6 && EndsWith(w, n, U"ing") && has_vowel(n - 3)) {
    n -= 3;
    cut = true;
  }
  if (cut && n >= 3 && w[n - 1] == w[n - 2] &&
      !IsOneOf(w[n - 1], U"aeioulsz")) {
    --n;  // planned, running
  }
  // Silent e, so that create/created/creating meet.
  if (n >= 4 && w[n - 1] == U'e') --n;
  return n;
}

size_t MakeKey(std::string_view word, KeyLanguage language, char* buffer) {
  char32_t w[kMaxWordLength];
  size_t n = 0;
  bool has_cyrillic = false;
  bool has_latin = false;
  bool has_letter = false;
  size_t i = 0;
  while (i < word.size() && n < kMaxWordLength) {
    char32_t c = NextCodePoint(word, &i);
    if (c == 0x0300 || c == 0x0301) continue;  // stress marks
    if (c < 0x80) {
      if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    } else {
      c = static_cast<char32_t>(
          u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
    }
    if (c == 0x2019) c = U'\'';
    if (IsCyrillic(c)) {
      has_cyrillic = true;
      has_letter = true;
    } else if (IsLatinLetter(c)) {
      has_latin = true;
      has_letter = true;
    } else if (!has_letter && c >= 0x80 && u_isalpha(static_cast<UChar32>(c))) {
      has_letter = true;
    }
    w[n++] = c;
  }
  if (!has_letter) return 0;
  // In Bulgarian and English one letter is an initial, a unit or a
  // pronoun, never evidence.
  if (n < 2 && language != KeyLanguage::kOther) return 0;
  // Precomposed stress marks: ѐ is always a stressed е; ѝ is a stressed и
  // inside a word, but alone it is the pronoun "ѝ" (her).
  for (size_t k = 0; k < n; ++k) {
    if (w[k] == 0x0450) w[k] = U'е';
    if (w[k] == 0x045D && n > 1) w[k] = U'и';
  }
  if (has_cyrillic && has_latin) {
    for (size_t k = 0; k < n; ++k) w[k] = CyrillicLookalike(w[k]);
  }
  size_t length = EncodeUtf8(w, n, buffer);
  const std::string_view folded(buffer, length);
  if (language == KeyLanguage::kBulgarian) {
    if (BulgarianStopwords().count(folded) != 0) return 0;
    if (has_cyrillic) n = StemBulgarian(w, n);
  } else if (language == KeyLanguage::kEnglish) {
    if (EnglishStopwords().count(folded) != 0) return 0;
    if (!has_cyrillic) n = StemEnglish(w, n);
  }
  return EncodeUtf8(w, n, buffer);
}

void MakeKey(std::string_view word, KeyLanguage language, std::string* out) {
  char buffer[kMaxKeyBytes];
  const size_t length = MakeKey(word, language, buffer);
  out->assign(buffer, length);
}

}  // namespace sverka::dictionary_internal
