// NormalizeForMatching: the text the aligner and the dictionary compare, never
// the text that is stored. Called once per sentence, so the common cases are
// cheap: ASCII and Cyrillic text is folded without ICU, and the decomposing
// pass that removes stress marks runs only when a text holds one.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "internal/icu_util.h"
#include "internal/match_text.h"
#include "sverka/text_input.h"

namespace sverka {
namespace {

constexpr UChar32 kCombiningGrave = 0x0300;
constexpr UChar32 kCombiningAcute = 0x0301;

struct Normalizers {
  const icu::Normalizer2* nfc = nullptr;
  const icu::Normalizer2* nfd = nullptr;
};

// ICU's singletons; null only when ICU's data is missing, in which case
// matching falls back to case folding alone rather than failing every call.
const Normalizers& GetNormalizers() {
  static const Normalizers normalizers = [] {
    Normalizers n;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_SUCCESS(status)) n.nfc = nfc;
    status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_SUCCESS(status)) n.nfd = nfd;
    return n;
  }();
  return normalizers;
}

bool IsStressMark(UChar32 c) {
  return c == kCombiningGrave || c == kCombiningAcute;
}

// A grave or acute accent on a Cyrillic letter, as written or precomposed
// (ѐ U+0450, ѝ U+045D after case folding): Bulgarian has no letters with
// these accents, they only mark stress.
bool MayHoldStressMark(const icu::UnicodeString& text) {
  for (int32_t i = 0; i < text.length(); ++i) {
    const UChar c = text.charAt(i);
    if (IsStressMark(c) || c == 0x0450 || c == 0x045D) return true;
  }
  return false;
}

// Removes grave and acute accents that follow a Cyrillic letter from NFD
// text. Latin letters keep theirs: é is a letter of its own in French or
// Czech, not a stress mark.
icu::UnicodeString RemoveCyrillicStress(const icu::UnicodeString& decomposed) {
  icu::UnicodeString out;
  bool after_cyrillic = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0) {
      if (after_cyrillic && IsStressMark(c)) continue;
    } else {
      UErrorCode status = U_ZERO_ERROR;
      after_cyrillic = uscript_getScript(c, &status) == USCRIPT_CYRILLIC &&
                       U_SUCCESS(status);
    }
    out.append(c);
  }
  return out;
}

// Folds `utf8` into `out` without ICU when it holds only characters whose
// folded form is known here: ASCII; the Cyrillic letters U+0400-U+045F,
// whose case folding is a fixed offset, but for Ѐ ѐ Ѝ ѝ (their grave is a
// stress mark, which ICU's path removes); and a few punctuation marks of
// Bulgarian text that case folding and NFC leave as they are (NBSP § « °
// » – — ‘ ’ “ ” „ … №). A text of these alone is already NFC: none is a
// combining mark, and none composes with the character after it. Each
// folds to a character of the same length in UTF-8; with
// kPunctuationToSpaces, those punctuation marks become as many spaces (the
// word index's text). False (and `out` of no use) for any other character,
// or bytes that are not UTF-8.
template <bool kPunctuationToSpaces>
bool FoldWithoutIcu(std::string_view utf8, std::string& out) {
  out.resize(utf8.size());
  const auto* in = reinterpret_cast<const unsigned char*>(utf8.data());
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const size_t n = utf8.size();
  for (size_t i = 0; i < n;) {
    const unsigned char b = in[i];
    if (b < 0x80) {
      o[i++] = b >= 'A' && b <= 'Z' ? static_cast<unsigned char>(b + 32) : b;
      continue;
    }
    if (i + 1 >= n || (in[i + 1] & 0xC0) != 0x80) return false;
    const unsigned char c = in[i + 1];
    if (b == 0xD0) {                             // U+0400-U+043F
      if (c == 0x80 || c == 0x8D) return false;  // Ѐ Ѝ
      if (c < 0x90) {  // Ё-Џ -> ё-џ (U+0451-U+045F)
        o[i] = 0xD1;
        o[i + 1] = static_cast<unsigned char>(c + 0x10);
      } else if (c < 0xA0) {  // А-П -> а-п
        o[i] = 0xD0;
        o[i + 1] = static_cast<unsigned char>(c + 0x20);
      } else if (c < 0xB0) {  // Р-Я -> р-я
        o[i] = 0xD1;
        o[i + 1] = static_cast<unsigned char>(c - 0x20);
      } else {  // а-п
        o[i] = b;
        o[i + 1] = c;
      }
      i += 2;
      continue;
    }
    if (b == 0xD1) {  // U+0440-U+047F: р-я, ё-џ as they are
      if (c >= 0xA0 || c == 0x90 || c == 0x9D) return false;  // ѐ ѝ, older
      o[i] = b;
      o[i + 1] = c;
      i += 2;
      continue;
    }
    if (b == 0xC2 &&
        (c == 0xA0 || c == 0xA7 || c == 0xAB || c == 0xB0 || c == 0xBB)) {
      o[i] = kPunctuationToSpaces ? ' ' : b;
      o[i + 1] = kPunctuationToSpaces ? ' ' : c;
      i += 2;
      continue;
    }
    if (b == 0xE2 && i + 2 < n) {
      const unsigned char d = in[i + 2];
      const bool punctuation =
          (c == 0x80 && (d == 0x93 || d == 0x94 || d == 0x98 || d == 0x99 ||
                         d == 0x9C || d == 0x9D || d == 0x9E || d == 0xA6)) ||
          (c == 0x84 && d == 0x96);
      if (punctuation) {
        o[i] = kPunctuationToSpaces ? ' ' : b;
        o[i + 1] = kPunctuationToSpaces ? ' ' : c;
        o[i + 2] = kPunctuationToSpaces ? ' ' : d;
        i += 3;
        continue;
      }
    }
    return false;
  }
  return true;
}

}  // namespace

std::string NormalizeForMatching(std::string_view utf8) {
  // Most text (English, Bulgarian) needs no ICU: the word index folds every
  // stored text, the aligner every sentence.
  std::string out;
  if (FoldWithoutIcu<false>(utf8, out)) return out;

  const Normalizers& normalizers = GetNormalizers();
  icu::UnicodeString text = internal::FromUtf8(utf8);
  text.foldCase();
  if (normalizers.nfc == nullptr || normalizers.nfd == nullptr) {
    return internal::ToUtf8(text);
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString composed = normalizers.nfc->normalize(text, status);
  if (U_FAILURE(status)) return internal::ToUtf8(text);
  if (!MayHoldStressMark(composed)) return internal::ToUtf8(composed);

  // Decompose so that precomposed ѝ shows its grave, drop the marks, compose
  // again (й and ё keep their breve and diaeresis and recompose).
  icu::UnicodeString decomposed = normalizers.nfd->normalize(composed, status);
  if (U_FAILURE(status)) return internal::ToUtf8(composed);
  icu::UnicodeString stripped = RemoveCyrillicStress(decomposed);
  icu::UnicodeString result = normalizers.nfc->normalize(stripped, status);
  if (U_FAILURE(status)) return internal::ToUtf8(stripped);
  return internal::ToUtf8(result);
}

namespace internal {

std::string WordIndexText(std::string_view utf8) {
  std::string out;
  if (FoldWithoutIcu<true>(utf8, out)) return out;
  out = NormalizeForMatching(utf8);
  // The same for any other text, after ICU's folding: every character
  // beyond ASCII outside the word categories becomes spaces.
  const auto length = static_cast<int32_t>(out.size());
  for (int32_t i = 0; i < length;) {
    if (static_cast<unsigned char>(out[static_cast<size_t>(i)]) < 0x80) {
      ++i;
      continue;
    }
    const int32_t begin = i;
    UChar32 c = 0;
    U8_NEXT(out.data(), i, length, c);
    if (c >= 0 && (U_GET_GC_MASK(c) & kWordCategories) != 0) continue;
    std::fill(out.begin() + begin, out.begin() + i, ' ');
  }
  return out;
}

}  // namespace internal
}  // namespace sverka
