// Fuzzes GuessLanguage, CheckLanguage and SplitBilingual on decoded text.
// A guess must be a known shape (confidence in [0, 1], 0 when unknown); a
// refusal must name the file; a split must give two parts that are exact,
// non-overlapping substrings of the document, the first before the second.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "sverka/language.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::CheckNamesFile;
using sverka::fuzz::IsValidUtf8;
constexpr char kName[] = "fuzz.txt";

void CheckGuess(std::string_view text) {
  const sverka::LanguageGuess guess = sverka::GuessLanguage(text);
  FUZZ_CHECK(guess.confidence >= 0 && guess.confidence <= 1);
  if (guess.language.empty()) FUZZ_CHECK(guess.confidence == 0);
  FUZZ_CHECK(guess.script.empty() || guess.script == "Cyrl" ||
             guess.script == "Latn");
  FUZZ_CHECK(!guess.Name().empty());
}

void CheckPart(const sverka::Document& doc, const sverka::Document& part) {
  FUZZ_CHECK(IsValidUtf8(part.text));
  FUZZ_CHECK(!part.line_starts.empty() && part.line_starts[0] == 0);
  FUZZ_CHECK(part.content_hash == doc.content_hash);
  FUZZ_CHECK(part.text.size() <= doc.text.size());
}

void CheckSplit(const sverka::Document& doc, const char* first,
                const char* second) {
  sverka::Result<sverka::BilingualSplit> split =
      sverka::SplitBilingual(doc, first, second);
  if (!split.ok()) {
    CheckNamesFile(split.status(), kName);
    FUZZ_CHECK(split.status().code() == sverka::StatusCode::kInvalidInput);
    return;
  }
  CheckPart(doc, split->first);
  CheckPart(doc, split->second);
  FUZZ_CHECK(split->first_language == first);
  FUZZ_CHECK(split->second_language == second);
  const size_t first_at = doc.text.find(split->first.text);
  FUZZ_CHECK(first_at != std::string::npos);
  const size_t second_at =
      doc.text.find(split->second.text, first_at + split->first.text.size());
  FUZZ_CHECK(second_at != std::string::npos);
  const int64_t lines = static_cast<int64_t>(doc.line_starts.size());
  FUZZ_CHECK(split->first_starts_at_line >= 1 &&
             split->first_starts_at_line <= lines);
  FUZZ_CHECK(split->second_starts_at_line >= split->first_starts_at_line &&
             split->second_starts_at_line <= lines);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Any bytes, even not UTF-8, must not upset the guess.
  CheckGuess(bytes);
  sverka::Result<sverka::Document> doc =
      sverka::DecodeText(bytes, {.name = kName});
  if (!doc.ok()) return 0;
  CheckGuess(doc->text);
  for (const char* language : {"bg", "en", "en-GB", "lv", "el"}) {
    std::string warning;
    sverka::Status status = sverka::CheckLanguage(*doc, language, &warning);
    if (!status.ok()) CheckNamesFile(status, kName);
    FUZZ_CHECK(IsValidUtf8(warning));
  }
  CheckSplit(*doc, "bg", "en");
  CheckSplit(*doc, "en", "bg");
  return 0;
}
