// NormalizeForMatching: the text the aligner and the dictionary compare, never
// the text that is stored. Called once per sentence, so the common cases are
// cheap: ASCII text is lower-cased in place without ICU, and the decomposing
// pass that removes stress marks runs only when a text holds one.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <string>
#include <string_view>

#include "internal/icu_util.h"
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

}  // namespace

std::string NormalizeForMatching(std::string_view utf8) {
  bool ascii = true;
  for (char c : utf8) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // ASCII is already NFC and folds by lower-casing A-Z.
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }

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

}  // namespace sverka
