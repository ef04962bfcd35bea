// Private to the aligner: what it knows about each sentence before the
// search. Each sentence becomes its length and a bag of anchor keys that
// survive translation: numbers (and the numbers inside dates and number
// words), month numbers, name and cognate skeletons across scripts, and
// dictionary translation keys. Keys from the two sides are comparable as
// strings; a key shared by a source and a target sentence is evidence that
// they translate each other.
#ifndef SVERKA_ALIGNER_FEATURES_H_
#define SVERKA_ALIGNER_FEATURES_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sverka/aligner.h"
#include "sverka/bilingual_dictionary.h"
#include "sverka/status.h"

namespace sverka::aligner_internal {

// Anchor key ids are dense integers shared by both sides.
struct SentenceFeatures {
  double length = 0;      // non-space characters
  std::vector<int> keys;  // sorted, unique anchor key ids
  // Dictionary words: ids of the sentence's own known words, and ids (in the
  // other language's space) of their translations. A source sentence's
  // `translated` meets a target's `words`, and the other way round. Each
  // language's ids are renumbered 0, 1, 2... over the pair's words, in the
  // dictionary's order; `translated` keeps only those the other side has.
  std::vector<uint32_t> words;
  std::vector<uint32_t> translated;
};

// The weight of each sentence's keys and words in that sentence, one array
// for all sentences of a side (a long pair's weights are one allocation,
// given back whole once the pair table is built).
struct SentenceWeights {
  std::vector<uint32_t> key_begin;   // sentence i's: [key_begin[i], [i+1])
  std::vector<float> keys;           // in the order of SentenceFeatures::keys
  std::vector<uint32_t> word_begin;  // the same for words
  std::vector<float> words;

  const float* Keys(size_t i) const { return keys.data() + key_begin[i]; }
  const float* Words(size_t i) const { return words.data() + word_begin[i]; }
};

// Weights of the keys and of each side's dictionary words over the whole
// pair (0 for those that cannot meet anything on the other side of it), and
// in each sentence (`source_local`, `target_local`): there a key weighs by
// its rarity among the sentences within kWeightReach of it, since which of
// its neighbours a sentence pairs with is what a key decides. Counted over
// the whole of a long pair, every key would be rare (a name that occurs
// twice weighs twice as much in a 1,700-sentence pair as in its
// 60-sentence article) and the costs, weighed on articles, would tilt.
struct KeyWeights {
  std::vector<double> keys;
  std::vector<double> source_words;  // indexed by a source word id
  std::vector<double> target_words;  // indexed by a target word id
  SentenceWeights source_local, target_local;
};

// Sentences on each side of a sentence that count towards its keys'
// rarity: with the same stretch of the other side, about the 60 sentences
// of a news article in two languages, the size of document the aligner's
// costs were weighed on.
constexpr int kWeightReach = 15;

class FeatureExtractor {
 public:
  static Result<std::unique_ptr<FeatureExtractor>> Create(
      const BilingualDictionary* dictionary);

  // Features for every sentence of both sides; key ids index `weights`.
  void Extract(const AlignerInput& source, const AlignerInput& target,
               std::vector<SentenceFeatures>& source_features,
               std::vector<SentenceFeatures>& target_features,
               KeyWeights& weights) const;

  ~FeatureExtractor();

 private:
  struct Impl;
  explicit FeatureExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Evidence for any language pair, without a dictionary (aligner_cognates.cc).

// Appends the orthographic cognate key of a word ("c:" and its first four
// letters) given its lower-case ASCII transliteration; a capitalised word of
// three letters (a name) keys on all three. Shorter words add nothing.
void CognateKeys(std::string_view ascii, bool capitalised,
                 std::vector<std::string>& keys);

// Appends the keys of the punctuation a translation keeps ("p:?", "p:!",
// direct speech "p:q", parentheses "p:(", a colon "p::", an ellipsis "p:e"),
// each at most once.
void PunctuationKeys(std::string_view sentence, std::vector<std::string>& keys);

}  // namespace sverka::aligner_internal

#endif  // SVERKA_ALIGNER_FEATURES_H_
