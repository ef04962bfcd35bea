#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "internal/match_text.h"

namespace sverka::internal {
namespace {

enum class CharClass { kSpace, kWordChar, kDigit, kOther };

// Classifies the code point at `i` and advances `i` past it. Bytes that
// are not UTF-8 are punctuation (the memory only holds UTF-8, but this
// never reads past the end either way).
CharClass Next(std::string_view text, size_t& i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    ++i;
    if (b >= '0' && b <= '9') return CharClass::kDigit;
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
      return CharClass::kWordChar;
    }
    if (b == ' ' || (b >= '\t' && b <= '\r')) return CharClass::kSpace;
    return CharClass::kOther;
  }
  // Cyrillic letters U+0400-U+047F (two bytes, D0 or D1 first), without
  // decoding them: the words of every stored source are counted, and for
  // Bulgarian this was most of the count's instructions.
  if ((b == 0xD0 || b == 0xD1) && i + 1 < text.size() &&
      (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
    i += 2;
    return CharClass::kWordChar;
  }
  UChar32 c = 0;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(text.data(), pos, static_cast<int32_t>(text.size()), c);
  i = static_cast<size_t>(pos);
  if (c < 0) return CharClass::kOther;
  if (u_isUWhiteSpace(c)) return CharClass::kSpace;
  const uint32_t mask = U_GET_GC_MASK(c);
  if (mask & U_GC_ND_MASK) return CharClass::kDigit;
  if (mask & kWordCategories) return CharClass::kWordChar;
  return CharClass::kOther;
}

// Calls `emit(token)` for each token of `text`, in order: the one scanner
// behind TokenizeForMatching and CountMatchWords (which keeps no tokens: it
// runs once per stored unit).
template <typename Emit>
void ScanTokens(std::string_view text, Emit&& emit) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t begin = i;
    const CharClass cls = Next(text, i);
    if (cls == CharClass::kSpace) continue;
    if (cls == CharClass::kOther) {
      emit(MatchToken{begin, i, MatchToken::kPunctuation});
      continue;
    }
    bool digits_only = cls == CharClass::kDigit;
    size_t end = i;
    while (end < text.size()) {
      size_t next = end;
      const CharClass c = Next(text, next);
      if (c == CharClass::kWordChar || c == CharClass::kDigit) {
        digits_only = digits_only && c == CharClass::kDigit;
        end = next;
        continue;
      }
      // "10.000", "1,5": one separator between digits keeps a number whole.
      if (digits_only && (text[end] == '.' || text[end] == ',') &&
          next < text.size() && text[next] >= '0' && text[next] <= '9') {
        end = next;
        continue;
      }
      break;
    }
    i = end;
    emit(MatchToken{begin, end,
                    digits_only ? MatchToken::kNumber : MatchToken::kWord});
  }
}

}  // namespace

std::vector<MatchToken> TokenizeForMatching(std::string_view text) {
  std::vector<MatchToken> tokens;
  ScanTokens(text, [&tokens](const MatchToken& t) { tokens.push_back(t); });
  return tokens;
}

int64_t CountMatchWords(std::string_view text) {
  int64_t words = 0;
  ScanTokens(text, [&words](const MatchToken& t) {
    if (t.kind != MatchToken::kPunctuation) ++words;
  });
  return words;
}

}  // namespace sverka::internal
