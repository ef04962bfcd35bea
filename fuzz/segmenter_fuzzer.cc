// Fuzzes Segmenter::Split (bg and en rules) and SplitLines on decoded text.
// Every sentence must be a non-empty span inside the text, on character
// boundaries, after the one before it, trimmed; paragraphs never go back;
// and no character other than white space may fall between the sentences.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "sentence_checks.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::CheckSentences;

const sverka::Segmenter& SegmenterFor(const char* language) {
  static const std::unique_ptr<sverka::Segmenter> bg =
      std::move(*sverka::Segmenter::Create({.language = "bg"}));
  static const std::unique_ptr<sverka::Segmenter> en =
      std::move(*sverka::Segmenter::Create({.language = "en"}));
  return std::string_view(language) == "bg" ? *bg : *en;
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
