// Aligner: two lists of sentences become beads, groups of source sentences
// paired with groups of target sentences, each with a confidence.
//
// Dynamic programming over beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3.
// A bead's cost combines a Gale-Church length cost (ratio and variance
// estimated from the document pair itself) with evidence that survives
// translation: numbers, dates, names across scripts, identical tokens and,
// when one is given, a bilingual dictionary. Evidence is weighted and capped,
// never an override, and must hold for each sentence of a bead: a short line
// with nothing to match is dropped rather than merged into its neighbour.
// A 2-2 bead is also scored as two swapped neighbours. Nothing is specific to
// a language pair; without a dictionary, length and anchors carry any pair.
// Long pairs are searched in a band around a path through anchors (keys that
// occur once in their neighbourhood on each side), then again close to the
// first path, so time and memory grow linearly with the length.
//
//   sverka::AlignerInput source{.language = "bg"}, target{.language = "en"};
//   source.sentences = {"Здравей.", "Как си?"};  source.paragraphs = {0, 0};
//   target.sentences = {"Hello. How are you?"}; target.paragraphs = {0};
//   auto aligner = sverka::Aligner::Create({});
//   sverka::Alignment a = (*aligner)->Align(source, target);
//   a.beads[0].source == {0, 1}; a.beads[0].target == {0};
#ifndef SVERKA_ALIGNER_H_
#define SVERKA_ALIGNER_H_

#include <memory>
#include <string>
#include <vector>

#include "sverka/status.h"

namespace sverka {

class BilingualDictionary;

// One side of a document pair: its sentences in order, and the paragraph
// each belongs to (same length as `sentences`; all 0 when unknown).
struct AlignerInput {
  std::string language;  // ISO 639-1: "bg", "en", ...
  std::vector<std::string> sentences;
  std::vector<int> paragraphs;
};

// A bead: consecutive source sentences paired with consecutive target
// sentences (either side may be empty: an omission or an addition).
struct Bead {
  std::vector<int> source;  // 0-based indices, ascending
  std::vector<int> target;
  // How sure the aligner is that this bead is exactly right, in [0, 1]: its
  // posterior probability among all alignments the search considered
  // (forward-backward), halved for each likely missed sentence boundary
  // inside its sentences (aligner_confidence.h). On ntrex-dev running text,
  // pairs at 0.9 or more are exactly right 98-99% of the time (clean 0.994,
  // drift 0.987, hard 0.984). 1 for the beads of an input with an empty side.
  double confidence = 0;
  // "1-1", "2-1", "0-1", ...
  std::string Type() const;
};

struct Alignment {
  std::vector<Bead> beads;  // in document order, covering every sentence once
};

struct AlignerOptions {
  // Bilingual dictionary for lexical evidence; not owned, may be null.
  // Its direction is found from the inputs' languages.
  const BilingualDictionary* dictionary = nullptr;
  // Pairs below this confidence are counted as "to review" in reports.
  double review_threshold = 0.9;
};

class Aligner {
 public:
  virtual ~Aligner() = default;
  // Never fails: any two inputs (either may be empty) get an alignment.
  virtual Alignment Align(const AlignerInput& source,
                          const AlignerInput& target) const = 0;

  // Errors: kInternal when ICU's transliterator or number/date data cannot
  // be loaded.
  static Result<std::unique_ptr<Aligner>> Create(const AlignerOptions& options);
};

}  // namespace sverka

#endif  // SVERKA_ALIGNER_H_
