// Private to the segmenter fuzzers: what every segmentation must satisfy,
// whatever the rules. Every sentence is a non-empty span inside the text,
// on character boundaries, after the one before it, trimmed; paragraphs
// never go back; and nothing but white space falls between sentences.
#ifndef SVERKA_FUZZ_SENTENCE_CHECKS_H_
#define SVERKA_FUZZ_SENTENCE_CHECKS_H_

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace sverka::fuzz {

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Checks that text[begin, end) holds only white space.
inline void CheckOnlySpace(std::string_view text, size_t begin, size_t end) {
  int32_t i = static_cast<int32_t>(begin);
  while (i < static_cast<int32_t>(end)) {
    UChar32 c;
    U8_NEXT(text.data(), i, static_cast<int32_t>(end), c);
    FUZZ_CHECK(c >= 0);
    FUZZ_CHECK(u_isUWhiteSpace(c));
  }
}

inline void CheckSentences(const sverka::Document& doc,
                           const std::vector<sverka::Sentence>& sentences) {
  const std::string_view text = doc.text;
  size_t previous_end = 0;
  int previous_paragraph = 0;
  for (const sverka::Sentence& s : sentences) {
    FUZZ_CHECK(s.begin < s.end);
    FUZZ_CHECK(s.end <= text.size());
    FUZZ_CHECK(s.begin >= previous_end);
    FUZZ_CHECK(IsCharBoundary(text, s.begin));
    FUZZ_CHECK(IsCharBoundary(text, s.end));
    FUZZ_CHECK(!IsAsciiSpace(text[s.begin]));
    FUZZ_CHECK(!IsAsciiSpace(text[s.end - 1]));
    FUZZ_CHECK(s.paragraph >= previous_paragraph);
    CheckOnlySpace(text, previous_end, s.begin);
    previous_end = s.end;
    previous_paragraph = s.paragraph;
  }
  CheckOnlySpace(text, previous_end, text.size());
}

}  // namespace sverka::fuzz

#endif  // SVERKA_FUZZ_SENTENCE_CHECKS_H_
