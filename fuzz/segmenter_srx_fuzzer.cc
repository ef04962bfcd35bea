// Fuzzes the SRX 2.0 reader (SegmenterOptions::srx_file) with arbitrary
// rule files: malformed XML, entities, unknown elements, and regular
// expressions ICU may reject or find expensive. Create must either refuse
// with an error that names the file, or give a segmenter whose sentences on
// a fixed Bulgarian and English text pass the checks every segmentation
// must (sentence_checks.h); never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "sentence_checks.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::CheckNamesFile;
using sverka::fuzz::CheckSentences;

// Abbreviations, numbers, initials, a dialogue dash, a list and a headline:
// enough for typical rules to fire both ways.
const sverka::Document& Text() {
  static const sverka::Document doc = *sverka::DecodeText(
      "Проф. Н. Михайлов откри срещата на 16.09.2021 г. в гр. Враца. "
      "Т.нар. местна група - 12 души - работи.\n"
      "- Добре ли е? Да!\n\nMr. Smith met Dr. Jones in the U.S. on May 5. "
      "It went well... e.g. the list:\n1. one\n2. two\nHeadline\n",
      {.name = "text.txt"});
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path =
      sverka::fuzz::WriteScratchFile("rules.srx", data, size);
  for (const char* language : {"bg", "en"}) {
    auto segmenter =
        sverka::Segmenter::Create({.language = language, .srx_file = path});
    if (!segmenter.ok()) {
      CheckNamesFile(segmenter.status(), path);
      continue;
    }
    CheckSentences(Text(), (*segmenter)->Split(Text()));
  }
  return 0;
}
