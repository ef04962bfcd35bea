// Fuzzes Segmenter::Split (bg and en rules) and SplitLines on decoded text.
// Every sentence must be a non-empty span inside the text, on character
// boundaries, after the one before it, trimmed; paragraphs never go back;
// and no character other than white space may fall between the sentences.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::IsCharBoundary;

const sverka::Segmenter& SegmenterFor(const char* language) {
  static const std::unique_ptr<sverka::Segmenter> bg =
      std::move(*sverka::Segmenter::Create({.language = "bg"}));
  static const std::unique_ptr<sverka::Segmenter> en =
      std::move(*sverka::Segmenter::Create({.language = "en"}));
  return std::string_view(language) == "bg" ? *bg : *en;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Checks that text[begin, end) holds only white space.
void CheckOnlySpace(std::string_view text, size_t begin, size_t end) {
  int32_t i = static_cast<int32_t>(begin);
  while (i < static_cast<int32_t>(end)) {
    UChar32 c;
    U8_NEXT(text.data(), i, static_cast<int32_t>(end), c);
    FUZZ_CHECK(c >= 0);
    FUZZ_CHECK(u_isUWhiteSpace(c));
  }
}

void CheckSentences(const sverka::Document& doc,
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sverka::Result<sverka::Document> doc =
      sverka::DecodeText(bytes, {.name = "fuzz.txt"});
  if (!doc.ok()) return 0;
  CheckSentences(*doc, SegmenterFor("bg").Split(*doc));
  CheckSentences(*doc, SegmenterFor("en").Split(*doc));
  CheckSentences(*doc, sverka::SplitLines(*doc));
  return 0;
}
