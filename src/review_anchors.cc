#include "review_anchors.h"

#include <unicode/locid.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <string_view>

namespace sverka::internal {
namespace {

// Month names in the languages Sverka has samples for; a month on one side
// and the same month on the other is a date anchor ("май 2020" / "May
// 2020"). Lower case; English ones count only when capitalised, since
// "may" is also a verb.
struct Month {
  std::string_view name;
  int number;
};
constexpr Month kMonths[] = {
    {"януари", 1},    {"февруари", 2},  {"март", 3},      {"април", 4},
    {"май", 5},       {"юни", 6},       {"юли", 7},       {"август", 8},
    {"септември", 9}, {"октомври", 10}, {"ноември", 11},  {"декември", 12},
    {"january", 1},   {"february", 2},  {"march", 3},     {"april", 4},
    {"may", 5},       {"june", 6},      {"july", 7},      {"august", 8},
    {"september", 9}, {"october", 10},  {"november", 11}, {"december", 12},
};

bool IsWordChar(UChar32 c) {
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK;
}

std::string PrimaryLanguage(const std::string& tag) {
  std::string primary = tag.substr(0, tag.find_first_of("-_"));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return primary;
}

}  // namespace

AnchorFinder::AnchorFinder(std::unique_ptr<icu::Transliterator> romanize)
    : romanize_(std::move(romanize)) {}
AnchorFinder::~AnchorFinder() = default;

Result<std::unique_ptr<AnchorFinder>> AnchorFinder::Create(
    const std::string& language) {
  const std::string primary = PrimaryLanguage(language);
  std::unique_ptr<icu::Transliterator> romanize;
  // BGN/PCGN spells names as English texts do ("Враца" -> "Vratsa");
  // ICU has it for some languages only.
  // ICU names these transforms by the language's English name.
  icu::UnicodeString language_name;
  icu::Locale(primary.c_str())
      .getDisplayLanguage(icu::Locale::getEnglish(), language_name);
  if (!primary.empty() && !language_name.isEmpty()) {
    UErrorCode status = U_ZERO_ERROR;
    romanize.reset(icu::Transliterator::createInstance(
        language_name + "-Latin/BGN; Any-Latin; Latin-ASCII; Lower",
        UTRANS_FORWARD, status));
    if (U_FAILURE(status)) romanize.reset();
  }
  if (romanize == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    romanize.reset(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || romanize == nullptr) {
      return Status::Internal(
          std::string("cannot create ICU's Any-Latin transliterator: ") +
          u_errorName(status));
    }
  }
  return std::unique_ptr<AnchorFinder>(new AnchorFinder(std::move(romanize)));
}

const std::string& AnchorFinder::Key(const std::string& word) {
  auto it = keys_.find(word);
  if (it != keys_.end()) return it->second;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
  romanize_->transliterate(text);
  std::string key;
  text.toUTF8String(key);
  // Keep letters and digits only: romanisation may leave apostrophes.
  std::erase_if(key, [](unsigned char c) {
    return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  });
  return keys_.emplace(word, std::move(key)).first->second;
}

std::vector<AnchorToken> AnchorFinder::Find(std::string_view utf8) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::vector<AnchorToken> tokens;
  const int32_t length = text.length();
  int32_t i = 0;
  while (i < length) {
    const UChar32 first = text.char32At(i);
    if (!IsWordChar(first)) {
      i = text.moveIndex32(i, 1);
      continue;
    }
    const int32_t begin = i;
    bool letters = false, digits = false;
    while (i < length) {
      const UChar32 c = text.char32At(i);
      if (IsWordChar(c)) {
        (u_isdigit(c) ? digits : letters) = true;
        i = text.moveIndex32(i, 1);
        continue;
      }
      // "2,5", "1.000": a separator between digits stays in the number.
      if ((c == '.' || c == ',') && i + 1 < length && i > begin &&
          u_isdigit(text.char32At(i - 1)) && u_isdigit(text.char32At(i + 1))) {
        ++i;
        continue;
      }
      break;
    }
    std::string word;
    text.tempSubStringBetween(begin, i).toUTF8String(word);
    AnchorToken token;
    token.begin = begin;
    token.end = i;
    if (digits && !letters) {
      token.kind = 'n';
      for (char c : word) {
        if (c >= '0' && c <= '9') token.key += c;
      }
      tokens.push_back(std::move(token));
      continue;
    }
    const bool capital = u_isupper(first) || u_istitle(first);
    std::string lower;
    icu::UnicodeString(text, begin, i - begin).toLower().toUTF8String(lower);
    const Month* month = nullptr;
    for (const Month& m : kMonths) {
      if (m.name == lower) month = &m;
    }
    const bool latin = first < 0x250;
    if (month != nullptr && (capital || !latin)) {
      token.kind = 'm';
      token.key = "m" + std::to_string(month->number);
      tokens.push_back(std::move(token));
      continue;
    }
    // Names and acronyms: capitalised, or with a digit ("CITIES4CSR").
    if (capital || digits) {
      token.kind = 'w';
      token.key = Key(word);
      if (token.key.size() >= 2) tokens.push_back(std::move(token));
    }
  }
  return tokens;
}

}  // namespace sverka::internal
