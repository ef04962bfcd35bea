// Fuzzes the TMX reader (xmlTextReader underneath) with arbitrary files:
// malformed and truncated XML, entities, DOCTYPEs, deep nesting, huge
// attributes. Open and Next must either give units whose texts are UTF-8
// and whose languages are the requested pair, or an error that names the
// file; never a crash, a hang or a sanitizer report. Units are read to the
// end or the first error, as ImportTmx does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_util.h"
#include "sverka/tmx.h"

using sverka::fuzz::CheckNamesFile;
using sverka::fuzz::IsValidUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path =
      sverka::fuzz::WriteScratchFile("input.tmx", data, size);
  sverka::TmxReader reader;
  const sverka::Status opened =
      reader.Open(path, {.source_language = "bg", .target_language = "en"});
  if (!opened.ok()) {
    CheckNamesFile(opened, path);
    return 0;
  }
  sverka::TranslationUnit unit;
  for (int64_t count = 0;; ++count) {
    FUZZ_CHECK(count <= static_cast<int64_t>(size));  // no endless loop
    sverka::Result<bool> more = reader.Next(&unit);
    if (!more.ok()) {
      CheckNamesFile(more.status(), path);
      break;
    }
    if (!*more) break;
    FUZZ_CHECK(IsValidUtf8(unit.source_text));
    FUZZ_CHECK(IsValidUtf8(unit.target_text));
    FUZZ_CHECK(!unit.source_language.empty());
    FUZZ_CHECK(!unit.target_language.empty());
  }
  return 0;
}
