// Pre-translation: a document becomes an XLIFF 1.2 file (the bilingual
// format every CAT tool opens) with each sentence filled from the memory.
//
// The document is segmented (Segmenter); each sentence gets the memory's
// best match (FuzzyMatcher). An exact (100%) match becomes the <target>
// with state="translated" and state-qualifier="exact-match"; a fuzzy one
// the <target> with state="needs-review-translation" and
// state-qualifier="fuzzy-match" (XLIFF 1.2's states: "final" and
// "signed-off" are a reviewer's to give). Every match found (up to
// MatchOptions::max_results) also comes as an <alt-trans match-quality="87"
// origin="..."> with its source and target; a sentence without a match has
// no <target>. The file validates against the XLIFF 1.2 strict schema and
// is written to a temporary name and renamed, so a failure never leaves
// half a file.
//
//   auto segmenter = sverka::Segmenter::Create({.language = "bg"});
//   sverka::FuzzyMatcher matcher(*memory, {});
//   auto report = sverka::Pretranslate(doc, **segmenter, matcher,
//                                      "sofia.xlf", {});
//   report->exact; report->bands[0].sentences;  // 95-99%
#ifndef SVERKA_PRETRANSLATE_H_
#define SVERKA_PRETRANSLATE_H_

#include <array>
#include <cstdint>
#include <string>

#include "sverka/fuzzy_match.h"
#include "sverka/segmenter.h"
#include "sverka/status.h"
#include "sverka/text_input.h"

namespace sverka {

struct PretranslateOptions {
  std::string source_language = "bg";  // the XLIFF's source-language
  std::string target_language = "en";  // ... and target-language
};

// Sentences and their words (words and numbers, as matching counts them).
struct MatchCount {
  int64_t sentences = 0;
  int64_t words = 0;
};

struct PretranslateReport {
  MatchCount total{};
  MatchCount exact{};  // 100%
  // Fuzzy matches by band: 95-99, 85-94, 75-84, 70-74 (kBandFloors).
  std::array<MatchCount, 4> bands{};
  // Fuzzy matches under 70% (only with a minimum set lower than that).
  MatchCount below_bands{};
  MatchCount no_match{};  // no match at the minimum
  static constexpr std::array<int, 4> kBandFloors = {95, 85, 75, 70};
  static constexpr std::array<int, 4> kBandCeilings = {99, 94, 84, 74};
};

// Writes `output` ("-" for standard output) and returns the counts.
// Errors: the matcher's (kUsage for bad options, the memory's errors);
// kIoError naming `output` when it cannot be written (the old file stays);
// kInvalidInput for a document that is not valid UTF-8.
Result<PretranslateReport> Pretranslate(const Document& document,
                                        const Segmenter& segmenter,
                                        const FuzzyMatcher& matcher,
                                        const std::string& output,
                                        const PretranslateOptions& options);

}  // namespace sverka

#endif  // SVERKA_PRETRANSLATE_H_
