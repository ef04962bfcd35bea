// Private to the aligner: what it knows about each sentence before the
// search. Each sentence becomes its length and a bag of anchor keys that
// survive translation: numbers (and the numbers inside dates and number
// words), month numbers, name and cognate skeletons across scripts, and
// dictionary translation keys. Keys from the two sides are comparable as
// strings; a key shared by a source and a target sentence is evidence that
// they translate each other.
#ifndef SVERKA_ALIGNER_FEATURES_H_
#define SVERKA_ALIGNER_FEATURES_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
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

// Which sentences of a side hold each id, in order (with kWeighted, each
// with the id's weight there): a posting list per id in one array
// (compressed rows). Ids whose weight is 0 are left out, since they add
// nothing.
template <bool kWeighted>
class Postings {
 public:
  // `weights` are the whole pair's; `weight_of(b, slot)` is the weight of
  // the id at `slot` of sentence b's list (asked with kWeighted only).
  template <typename Id, typename WeightOf = float (*)(size_t, size_t)>
  Postings(const std::vector<SentenceFeatures>& target,
           const std::vector<double>& weights,
           std::vector<Id> SentenceFeatures::*member,
           WeightOf weight_of = nullptr) {
    const size_t ids = weights.size();
    first_.assign(ids + 1, 0);
    auto counted = [&](Id id) {
      return static_cast<size_t>(id) < ids && weights[id] > 0;
    };
    for (const SentenceFeatures& t : target) {
      for (const Id id : t.*member) {
        if (counted(id)) ++first_[id + 1];
      }
    }
    for (size_t id = 1; id < first_.size(); ++id) first_[id] += first_[id - 1];
    entries_.resize(first_.back());
    std::vector<uint32_t> fill(first_.begin(), first_.end() - 1);
    for (size_t b = 0; b < target.size(); ++b) {
      const auto& ids_here = target[b].*member;
      for (size_t slot = 0; slot < ids_here.size(); ++slot) {
        if (!counted(ids_here[slot])) continue;
        Entry& entry = entries_[fill[ids_here[slot]]++];
        if constexpr (kWeighted) {
          entry = {static_cast<int>(b), weight_of(b, slot)};
        } else {
          entry = static_cast<int>(b);
        }
      }
    }
  }
  // The sentences that hold `id`, in ascending order (without weights).
  const int* begin(size_t id) const requires(!kWeighted) {
    return entries_.data() + first_[id];
  }
  const int* end(size_t id) const requires(!kWeighted) {
    return entries_.data() + first_[id + 1];
  }

  // Calls f(b, weight) for each sentence b in [low, high] that holds `id`,
  // in ascending order.
  template <typename F>
  void ForEach(size_t id, int low, int high, F f) const {
    if (id + 1 >= first_.size()) return;
    const Entry* begin = entries_.data() + first_[id];
    const Entry* end = entries_.data() + first_[id + 1];
    if (begin == end) return;
    if (Sentence(*begin) < low) {
      begin = std::lower_bound(begin, end, low, [](const Entry& e, int value) {
        return Sentence(e) < value;
      });
    }
    for (; begin != end && Sentence(*begin) <= high; ++begin) {
      if constexpr (kWeighted) {
        f(begin->sentence, begin->weight);
      } else {
        f(*begin, 0.0f);
      }
    }
  }

 private:
  struct WeightedEntry {
    int sentence;
    float weight;
  };
  using Entry = std::conditional_t<kWeighted, WeightedEntry, int>;
  static int Sentence(const Entry& e) {
    if constexpr (kWeighted) {
      return e.sentence;
    } else {
      return e;
    }
  }
  std::vector<uint32_t> first_;  // id -> its first entry; one past the last
  std::vector<Entry> entries_;
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
