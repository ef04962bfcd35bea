// Fuzzes the SRX 2.0 reader (SegmenterOptions::srx_file) with arbitrary
// rule files: malformed XML, entities, unknown elements, and regular
// expressions ICU may reject or find expensive. Create must either refuse
// with an error that names the file, or give a segmenter whose sentences on
// a fixed Bulgarian and English text are trimmed, ordered spans on
// character boundaries; never a crash, a hang or a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::CheckNamesFile;
using sverka::fuzz::IsCharBoundary;

const std::string& Path() {
  static const std::string path = [] {
    std::string pattern = std::filesystem::is_directory("/dev/shm")
                              ? "/dev/shm/sverka-srx-XXXXXX"
                              : "/tmp/sverka-srx-XXXXXX";
    return std::string(mkdtemp(pattern.data())) + "/rules.srx";
  }();
  return path;
}

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

void CheckSentences(const std::vector<sverka::Sentence>& sentences) {
  const std::string& text = Text().text;
  size_t previous_end = 0;
  for (const sverka::Sentence& s : sentences) {
    FUZZ_CHECK(s.begin < s.end);
    FUZZ_CHECK(s.end <= text.size());
    FUZZ_CHECK(s.begin >= previous_end);
    FUZZ_CHECK(IsCharBoundary(text, s.begin));
    FUZZ_CHECK(IsCharBoundary(text, s.end));
    FUZZ_CHECK(text[s.begin] != ' ' && text[s.end - 1] != ' ');
    previous_end = s.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = Path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data),
              static_cast<std::streamsize>(size));
  }
  for (const char* language : {"bg", "en"}) {
    auto segmenter =
        sverka::Segmenter::Create({.language = language, .srx_file = path});
    if (!segmenter.ok()) {
      CheckNamesFile(segmenter.status(), path);
      continue;
    }
    CheckSentences((*segmenter)->Split(Text()));
  }
  return 0;
}
