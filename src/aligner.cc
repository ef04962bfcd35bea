#include "sverka/aligner.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <numeric>
#include <type_traits>
#include <utility>

#include "aligner_confidence.h"
#include "aligner_features.h"

namespace sverka {
namespace {

using aligner_internal::FeatureExtractor;
using aligner_internal::SentenceFeatures;

struct BeadShape {
  int source, target;
};
constexpr std::array<BeadShape, 8> kShapes = {
    {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}}};
// Gale and Church's bead frequencies, the starting point before the
// document's own are counted; 3-1 and 1-3 are rarer than 2-1.
constexpr std::array<double, 8> kDefaultPriors = {0.80, 0.03, 0.03,  0.05,
                                                  0.05, 0.02, 0.005, 0.005};

constexpr float kInfinity = std::numeric_limits<float>::infinity();

// How the cost of a bead is computed; estimated from the document pair.
struct Model {
  double ratio = 1.0;     // target characters per source character
  double variance = 6.8;  // Gale-Church's s^2, per character
  std::array<double, 8> prior_cost{};
  bool paragraphs = false;  // both sides have paragraph marks
};

using aligner_internal::KeyWeights;
using aligner_internal::Postings;
using aligner_internal::SentenceWeights;

// Weighted evidence of one side of a bead against the other.
struct Evidence {
  double matched = 0;  // weight of keys found on both sides
  double own = 0;      // weight of this side's matchable keys
  Evidence& operator+=(const Evidence& e) {
    matched += e.matched;
    own += e.own;
    return *this;
  }
};

// The cells of the search: for each source position i, the target
// positions [low[i], high[i]] it may be aligned with.
struct Band {
  std::vector<int> low, high;
  std::vector<size_t> offset;  // first cell of row i
  size_t cells = 0;

  bool Contains(int i, int j) const { return j >= low[i] && j <= high[i]; }
  size_t Cell(int i, int j) const { return offset[i] + (j - low[i]); }
  void Finish() {
    offset.resize(low.size());
    cells = 0;
    for (size_t i = 0; i < low.size(); ++i) {
      offset[i] = cells;
      cells += high[i] - low[i] + 1;
    }
  }
};

// -log P(|d| >= delta) for a standard normal d, Gale and Church's length
// term, from a table (erfc and log were a third of the search's time).
class LengthTable {
 public:
  LengthTable() {
    for (int k = 0; k <= kSteps; ++k) {
      const double delta = static_cast<double>(k) / kPerUnit;
      table_[k] = static_cast<float>(
          -std::log(std::max(std::erfc(delta / std::sqrt(2.0)), kFloor)));
    }
  }
  double operator()(double delta) const {
    const double x = delta * kPerUnit;
    if (x >= kSteps) return table_[kSteps];
    const int k = static_cast<int>(x);
    const double f = x - k;
    return table_[k] + f * (table_[k + 1] - table_[k]);
  }

 private:
  static constexpr double kFloor = 1e-12;  // the cost stops growing at 27.6
  static constexpr int kPerUnit = 64;
  static constexpr int kSteps = 8 * kPerUnit;  // erfc(8/sqrt 2) < kFloor
  std::array<float, kSteps + 1> table_;
};

const LengthTable& Lengths() {
  static const LengthTable table;
  return table;
}

// Evidence between single sentences, computed once for each pair the
// search can reach: what of source sentence i is found in target sentence j
// and the other way round. A bead's evidence is summed from these.
class PairTable {
 public:
  PairTable(const Band& band, int n, int m,
            const std::vector<SentenceFeatures>& source,
            const std::vector<SentenceFeatures>& target,
            const KeyWeights& weights) {
    // Row a covers every target a bead through a's cells can touch: the
    // band's rows a-3..a+1 and three more targets on each side.
    rows_.resize(n);
    size_t cells = 0;
    for (int a = 0; a < n; ++a) {
      int lo = m, hi = -1;
      for (int r = std::max(0, a - 3); r <= std::min(n, a + 1); ++r) {
        lo = std::min(lo, band.low[r]);
        hi = std::max(hi, band.high[r]);
      }
      Row& row = rows_[a];
      row.low = std::max(0, lo - 3);
      row.high = std::min(m - 1, hi + 3);
      row.offset = cells;
      if (row.high >= row.low) cells += row.high - row.low + 1;
    }
    matched_.assign(cells, {});
    // Shared ids found through which target sentences hold them, instead of
    // intersecting the id lists of every pair: the work is the number of
    // matches. Each sum adds the same weights in the same (ascending id)
    // order as a merge of the two sorted lists would.
    // A shared key counts with its weight in the source sentence for the
    // source's side of the evidence, and in the target sentence for the
    // target's (each side's weights are its own; see KeyWeights).
    const SentenceWeights& source_local = weights.source_local;
    const SentenceWeights& target_local = weights.target_local;
    const Postings<true> keys(
        target, weights.keys, &SentenceFeatures::keys,
        [&](size_t b, size_t slot) { return target_local.Keys(b)[slot]; });
    // Target sentences by the source words their translations cover (the
    // weight is the source sentence's), and by their own words.
    const Postings<false> translated(target, weights.source_words,
                                     &SentenceFeatures::translated);
    const Postings<true> words(
        target, weights.target_words, &SentenceFeatures::words,
        [&](size_t b, size_t slot) { return target_local.Words(b)[slot]; });
    std::vector<double> source_key_sum(m), target_key_sum(m),
        source_word_sum(m), target_word_sum(m);
    for (int a = 0; a < n; ++a) {
      const int lo = rows_[a].low, hi = rows_[a].high;
      if (hi < lo) continue;
      for (auto* sum : {&source_key_sum, &target_key_sum, &source_word_sum,
                        &target_word_sum}) {
        std::fill(sum->begin() + lo, sum->begin() + hi + 1, 0.0);
      }
      const SentenceFeatures& s = source[a];
      const float* key_weights = source_local.Keys(a);
      const float* word_weights = source_local.Words(a);
      for (size_t slot = 0; slot < s.keys.size(); ++slot) {
        const double w = key_weights[slot];
        if (w > 0) {
          keys.ForEach(s.keys[slot], lo, hi, [&](int b, float theirs) {
            source_key_sum[b] += w;
            target_key_sum[b] += theirs;
          });
        }
      }
      for (size_t slot = 0; slot < s.words.size(); ++slot) {
        const double w = word_weights[slot];
        if (w > 0) {
          translated.ForEach(s.words[slot], lo, hi,
                             [&](int b, float) { source_word_sum[b] += w; });
        }
      }
      for (const uint32_t k : s.translated) {
        words.ForEach(k, lo, hi, [&](int b, float theirs) {
          target_word_sum[b] += theirs;
        });
      }
      Matched* row = matched_.data() + rows_[a].offset - lo;
      for (int b = lo; b <= hi; ++b) {
        row[b].source =
            static_cast<float>(source_key_sum[b] + source_word_sum[b]);
        row[b].target =
            static_cast<float>(target_key_sum[b] + target_word_sum[b]);
      }
    }
  }
  // Weight of source sentence a's keys found in target sentence b, and of
  // b's found in a; 0 outside the reach of the search.
  float SourceMatched(int a, int b) const { return Get(a, b).source; }
  float TargetMatched(int a, int b) const { return Get(a, b).target; }
  // A dense index of the pair (a, b) within the reach of the search, below
  // cells(); cells() outside it.
  size_t Index(int a, int b) const {
    const Row& row = rows_[a];
    if (b < row.low || b > row.high) return cells();
    return row.offset + (b - row.low);
  }
  size_t cells() const { return matched_.size(); }

 private:
  // Both directions of a pair side by side, and a row's bounds together:
  // a bead reads both, from one cache line where it can.
  struct Matched {
    float source = 0, target = 0;
  };
  struct Row {
    int low = 0, high = -1;
    size_t offset = 0;  // of (a, low) in matched_
  };
  Matched Get(int a, int b) const {
    const Row& row = rows_[a];
    if (b < row.low || b > row.high) return {};
    return matched_[row.offset + (b - row.low)];
  }
  std::vector<Row> rows_;
  std::vector<Matched> matched_;
};

// Weight of each sentence's own keys that could match across.
std::vector<double> OwnWeights(const std::vector<SentenceFeatures>& side,
                               const SentenceWeights& local) {
  std::vector<double> own(side.size(), 0);
  for (size_t i = 0; i < side.size(); ++i) {
    const float* keys = local.Keys(i);
    for (size_t k = 0; k < side[i].keys.size(); ++k) own[i] += keys[k];
    const float* words = local.Words(i);
    for (size_t w = 0; w < side[i].words.size(); ++w) own[i] += words[w];
  }
  return own;
}

// The storage of a Scorer's memo of 1-1 costs, one per PairTable cell. The
// second pass's scorer takes the first's, emptied: its pages are allocated
// and touched once per alignment, not once per pass.
struct SingleCostMemo {
  std::unique_ptr<double[]> cost;
  std::vector<uint8_t> known;
};

class Scorer {
 public:
  // Empties `memo` (sizing it to `pairs`) and fills it as costs are asked.
  Scorer(const std::vector<SentenceFeatures>& source,
         const std::vector<SentenceFeatures>& target,
         const std::vector<double>& source_own,
         const std::vector<double>& target_own, const PairTable& pairs,
         const AlignerInput& source_input, const AlignerInput& target_input,
         const Model& model, SingleCostMemo& memo)
      : source_(source),
        target_(target),
        source_own_(source_own),
        target_own_(target_own),
        pairs_(pairs),
        source_input_(source_input),
        target_input_(target_input),
        model_(model),
        single_known_(memo.known) {
    if (memo.known.size() != pairs.cells()) {
      memo.cost.reset(new double[pairs.cells()]);
      memo.known.assign(pairs.cells(), 0);
    } else {
      std::fill(memo.known.begin(), memo.known.end(), 0);
    }
    single_ = memo.cost.get();
  }

  // The cost (negative log-probability, in nats) of pairing source
  // sentences [i, i+shape.source) with target sentences [j, j+shape.target).
  //
  // `hopeless(bound)` is asked once a lower bound of the cost is known (the
  // member and paragraph penalties still to come are never negative); when
  // it says yes, that bound is returned instead of the cost.
  //
  // The shape (an index into kShapes) is a template argument: the search
  // asks for every shape at every cell, and each shape compiled on its own
  // has its loops unrolled and its branches gone.
  template <int kShape, typename Hopeless>
  float Cost(int i, int j, Hopeless hopeless) const {
    constexpr BeadShape shape = kShapes[kShape];
    const double cost = model_.prior_cost[kShape];
    if constexpr (shape.source == 0 || shape.target == 0) {
      // An omission. A sentence with much that could have matched is less
      // likely dropped.
      const double own = shape.source == 0 ? target_own_[j] : source_own_[i];
      return static_cast<float>(cost + kSkipCost +
                                kOmittedEvidence * std::min(own, 30.0));
    } else if constexpr (shape.source == 1 && shape.target == 1) {
      return static_cast<float>(cost + SingleBlockCost(i, j));
    } else if constexpr (shape.source == 2 && shape.target == 2) {
      // Two neighbours in the other order: each pairs with its crossed
      // counterpart.
      const double swapped =
          SingleBlockCost(i, j + 1) + SingleBlockCost(i + 1, j);
      const double block = BlockCost<2, 2>(i, j, [&](double partial) {
        return hopeless(static_cast<float>(cost + std::min(partial, swapped)));
      });
      return static_cast<float>(cost + std::min(block, swapped));
    } else {
      const double block =
          BlockCost<shape.source, shape.target>(i, j, [&](double partial) {
            return hopeless(static_cast<float>(cost + partial));
          });
      return static_cast<float>(cost + block);
    }
  }
  template <int kShape>
  float Cost(int i, int j) const {
    return Cost<kShape>(i, j, [](float) { return false; });
  }

  double LengthCost(double ls, double lt) const {
    const double expected = ls * model_.ratio;
    const double spread =
        std::sqrt(model_.variance * (ls + lt / model_.ratio) / 2 + 1);
    return lengths_(std::abs(lt - expected) / spread);
  }

 private:
  // Length, lexical, member and paragraph costs of pairing source sentences
  // [i, i+ns) with target sentences [j, j+nt), both non-empty.
  //
  // `hopeless(partial)` is asked once the length and lexical costs are in;
  // when it says yes, the rest (never negative) is skipped and that partial
  // cost returned.
  template <int ns, int nt, typename Hopeless>
  double BlockCost(int i, int j, Hopeless hopeless) const {
    // The lexical term takes off at most kMaxLexicalGain: ask first with
    // that bound alone, then with the length cost and the bound scaled by
    // the evidence's strength, before the pair table is read.
    if (hopeless(-kMaxLexicalGain)) return -kMaxLexicalGain;
    double ls = 0, lt = 0, own = 0;
    for (int k = 0; k < ns; ++k) {
      ls += source_[i + k].length;
      own += source_own_[i + k];
    }
    for (int k = 0; k < nt; ++k) {
      lt += target_[j + k].length;
      own += target_own_[j + k];
    }
    const double fit = LengthCost(ls, lt);
    {
      const double bound =
          fit - kMaxLexicalGain * std::min(1.0, own / kStrength);
      if (hopeless(bound)) return bound;
    }
    double cost = fit;

    // Each sentence's evidence against the whole other side of the bead
    // (found in any of its sentences; capped at what the sentence has).
    std::array<Evidence, 3> source_member, target_member;
    Evidence s, t;
    for (int a = 0; a < ns; ++a) {
      Evidence& e = source_member[a];
      e.own = source_own_[i + a];
      for (int b = 0; b < nt; ++b)
        e.matched += pairs_.SourceMatched(i + a, j + b);
      e.matched = std::min(e.matched, e.own);
      s += e;
    }
    for (int b = 0; b < nt; ++b) {
      Evidence& e = target_member[b];
      e.own = target_own_[j + b];
      for (int a = 0; a < ns; ++a)
        e.matched += pairs_.TargetMatched(i + a, j + b);
      e.matched = std::min(e.matched, e.own);
      t += e;
    }
    const double total = s.own + t.own;
    const double dice = total > 0 ? (s.matched + t.matched) / total : 0;
    // Evidence in proportion to how much there is to compare: a pair of
    // short sentences with one shared number says less than a long one.
    const double strength = std::min(1.0, total / kStrength);
    cost -= kLexicalWeight * strength * (dice - kExpectedDice);
    if (hopeless(cost)) return cost;

    // Every sentence of a merge needs its own counterpart; otherwise a
    // dropped sentence is swallowed into its neighbour's bead. Its support
    // is lexical (its keys found on the other side) or length (without it
    // the lengths would fit clearly worse); a short line with nothing to
    // match ("Share", "Снимка: архив") has neither.
    if (ns > 1 || nt > 1) {
      for (int a = 0; a < ns && ns > 1; ++a) {
        cost += MemberPenalty(source_member[a], [&] {
          return LengthCost(ls - source_[i + a].length, lt) - fit;
        });
      }
      for (int b = 0; b < nt && nt > 1; ++b) {
        cost += MemberPenalty(target_member[b], [&] {
          return LengthCost(ls, lt - target_[j + b].length) - fit;
        });
      }
    }
    if (model_.paragraphs) {
      if (CrossesParagraph(source_input_.paragraphs, i, ns))
        cost += kParagraphCost;
      if (CrossesParagraph(target_input_.paragraphs, j, nt))
        cost += kParagraphCost;
    }
    return cost;
  }

  static constexpr double kSkipCost = 0.0;
  static constexpr double kOmittedEvidence = 0.08;
  static constexpr double kLexicalWeight = 9.0;
  static constexpr double kExpectedDice = 0.12;
  static constexpr double kMemberCost = 3.0;
  static constexpr double kParagraphCost = 3.0;
  static constexpr double kStrength = 8.0;
  static constexpr double kLengthSupport = 3.0;
  // Above kLexicalWeight * (1 - kExpectedDice) by a margin for rounding:
  // dice is at most 1 and strength at most 1.
  static constexpr double kMaxLexicalGain =
      kLexicalWeight * (1 - kExpectedDice) + 1e-6;

  // `length_gain()`: how much worse (in nats) the lengths fit without it;
  // not asked when the lexical support alone clears the member.
  template <typename LengthGain>
  double MemberPenalty(const Evidence& e, LengthGain length_gain) const {
    double lexical = kMemberCost;
    if (e.own >= 2.0) {
      const double support = e.matched / e.own;
      lexical = support < 0.15 ? kMemberCost * (0.15 - support) / 0.15 : 0;
    }
    if (lexical == 0) return 0;
    const double length =
        kMemberCost *
        std::clamp(1.0 - length_gain() / kLengthSupport, 0.0, 1.0);
    return std::min(lexical, length);
  }

  // BlockCost of source sentence i with target sentence j, kept once
  // computed (a 2-2 bead asks for the 1-1 beads it crosses).
  double SingleBlockCost(int i, int j) const {
    const size_t index = pairs_.Index(i, j);
    if (index >= single_known_.size()) {
      return BlockCost<1, 1>(i, j, [](double) { return false; });
    }
    if (!single_known_[index]) {
      single_[index] = BlockCost<1, 1>(i, j, [](double) { return false; });
      single_known_[index] = 1;
    }
    return single_[index];
  }

  static bool CrossesParagraph(const std::vector<int>& paragraphs, int begin,
                               int count) {
    if (count < 2 || paragraphs.empty()) return false;
    return paragraphs[begin] != paragraphs[begin + count - 1];
  }

  const std::vector<SentenceFeatures>& source_;
  const std::vector<SentenceFeatures>& target_;
  const std::vector<double>& source_own_;
  const std::vector<double>& target_own_;
  const PairTable& pairs_;
  const AlignerInput& source_input_;
  const AlignerInput& target_input_;
  const Model& model_;
  const LengthTable& lengths_ = Lengths();
  // Filled on first use; single_known_ says which.
  double* single_;
  std::vector<uint8_t>& single_known_;
};

// Up to this many cells the whole matrix is searched; beyond, a band
// around a path through reliable anchors keeps time and memory linear.
const size_t kFullSearchCells = static_cast<size_t>(250'000);
const int kBandHalfWidth = 40;
// How far apart two occurrences of a key must be for either to anchor.
const int kAnchorWindow = 400;
// The second pass searches this close to the first pass's path.
const int kRefineHalfWidth = 8;

Band FullBand(int n, int m) {
  Band band;
  band.low.assign(n + 1, 0);
  band.high.assign(n + 1, m);
  band.Finish();
  return band;
}

// Drops anchors that sit far off the diagonal drift of their neighbours on
// both sides: a chance match of a rare key (a name, a cognate, a bracket)
// far from its translation that still fits an increasing chain would bend
// the search band away from the true path. `chain` is in order from (0, 0),
// which stays; n and m are the two sides' sentence counts.
void DropStrayAnchors(int n, int m, std::vector<std::pair<int, int>>& chain) {
  const size_t k = chain.size();
  if (k < 4) return;
  const double slope = n > 0 ? static_cast<double>(m) / n : 1;
  std::vector<double> offset(k);
  for (size_t p = 0; p < k; ++p)
    offset[p] = chain[p].second - chain[p].first * slope;
  // A point agrees with a side when it is within a few sentences of the
  // median offset of the (up to) four anchors on that side; farther
  // neighbours leave more room for drift.
  constexpr size_t kSide = 4;
  auto agrees = [&](size_t p, int direction, bool& known) {
    std::vector<double> near;
    int reach = 0;
    for (long q = static_cast<long>(p) + direction;
         q >= 0 && q < static_cast<long>(k) && near.size() < kSide;
         q += direction) {
      near.push_back(offset[q]);
      reach = std::abs(chain[q].first - chain[p].first);
    }
    if (near.size() < 2) return false;
    known = true;
    std::nth_element(near.begin(), near.begin() + near.size() / 2, near.end());
    const double median = near[near.size() / 2];
    return std::abs(offset[p] - median) <= 10 + 0.1 * reach;
  };
  std::vector<std::pair<int, int>> kept = {chain[0]};  // the origin stays
  for (size_t p = 1; p < k; ++p) {
    bool known = false;
    const bool before = agrees(p, -1, known);
    const bool after = agrees(p, +1, known);
    if (before || after || !known) kept.push_back(chain[p]);
  }
  chain = std::move(kept);
}

// Anchors: sentence pairs sharing a key found exactly once on each side
// (a rare number or name), kept when they form an increasing chain (the
// longest one, so a stray match cannot bend the path).
Band AnchoredBand(const std::vector<SentenceFeatures>& source,
                  const std::vector<SentenceFeatures>& target,
                  const std::vector<double>& weights) {
  // Only the anchors: dictionary words are too common to be unique.
  const int n = static_cast<int>(source.size());
  const int m = static_cast<int>(target.size());
  // Where each key occurs on each side, in order.
  std::vector<std::vector<int>> source_at(weights.size()),
      target_at(weights.size());
  for (int i = 0; i < n; ++i) {
    for (int k : source[i].keys) {
      if (weights[k] > 0) source_at[k].push_back(i);
    }
  }
  for (int j = 0; j < m; ++j) {
    for (int k : target[j].keys) {
      if (weights[k] > 0) target_at[k].push_back(j);
    }
  }
  // A key is an anchor where it occurs once within kAnchorWindow sentences
  // on each side, near the diagonal: unique in its neighbourhood rather
  // than in the whole pair, so repeated material (a book's "Chapter 1",
  // documents joined into one) still has anchors.
  std::vector<std::pair<int, int>> points;
  const double slope = n > 0 ? static_cast<double>(m) / n : 1;
  const int window = kAnchorWindow;
  auto alone = [window](const std::vector<int>& at, size_t x) {
    return (x == 0 || at[x] - at[x - 1] > window) &&
           (x + 1 == at.size() || at[x + 1] - at[x] > window);
  };
  for (size_t k = 0; k < weights.size(); ++k) {
    const auto& s_at = source_at[k];
    const auto& t_at = target_at[k];
    if (s_at.empty() || t_at.empty()) continue;
    for (size_t x = 0; x < s_at.size(); ++x) {
      if (!alone(s_at, x)) continue;
      const int i = s_at[x];
      const double expected = i * slope;
      // Far off the diagonal a match is more likely chance.
      const double reach = std::min(0.2 * std::max(n, m) + 200, 0.5 * window);
      auto lo = std::lower_bound(t_at.begin(), t_at.end(),
                                 static_cast<int>(expected - reach));
      auto hi = std::upper_bound(t_at.begin(), t_at.end(),
                                 static_cast<int>(expected + reach));
      if (hi - lo != 1 || !alone(t_at, lo - t_at.begin())) continue;
      points.emplace_back(i, *lo);
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  // Longest chain increasing in both coordinates (patience sorting).
  std::vector<int> tail_index, previous(points.size(), -1);
  std::vector<int> tails;
  for (size_t p = 0; p < points.size(); ++p) {
    const int j = points[p].second;
    auto it = std::lower_bound(tails.begin(), tails.end(), j);
    const size_t pos = it - tails.begin();
    if (it == tails.end()) {
      tails.push_back(j);
      tail_index.push_back(static_cast<int>(p));
    } else {
      *it = j;
      tail_index[pos] = static_cast<int>(p);
    }
    previous[p] = pos > 0 ? tail_index[pos - 1] : -1;
  }
  std::vector<std::pair<int, int>> chain = {{0, 0}};
  {
    std::vector<std::pair<int, int>> reversed;
    for (int p = tail_index.empty() ? -1 : tail_index.back(); p >= 0;
         p = previous[p]) {
      // Points sharing a row keep only one (the chain is strictly increasing).
      reversed.push_back(points[p]);
    }
    std::reverse(reversed.begin(), reversed.end());
    for (const auto& p : reversed) {
      if (p.first > chain.back().first && p.second > chain.back().second)
        chain.push_back(p);
    }
  }
  DropStrayAnchors(n, m, chain);
  chain.emplace_back(n, m);
  Band band;
  band.low.resize(n + 1);
  band.high.resize(n + 1);
  size_t segment = 0;
  for (int i = 0; i <= n; ++i) {
    while (segment + 1 < chain.size() - 1 && chain[segment + 1].first <= i)
      ++segment;
    const auto [i0, j0] = chain[segment];
    const auto [i1, j1] = chain[std::min(segment + 1, chain.size() - 1)];
    const double center =
        i1 > i0 ? j0 + static_cast<double>(j1 - j0) * (i - i0) / (i1 - i0) : j0;
    // Wider where the anchors are far apart: more room to drift.
    const int width = kBandHalfWidth +
                      static_cast<int>(0.1 * std::abs((j1 - j0) - (i1 - i0)));
    band.low[i] = std::clamp(static_cast<int>(center) - width, 0, m);
    band.high[i] = std::clamp(static_cast<int>(center) + width, 0, m);
  }
  // Monotone and connected: each row overlaps the next.
  for (int i = 1; i <= n; ++i)
    band.low[i] = std::max(band.low[i], band.low[i - 1]);
  for (int i = n - 1; i >= 0; --i)
    band.high[i] = std::min(band.high[i], band.high[i + 1]);
  band.low[0] = 0;
  band.high[n] = m;
  for (int i = 0; i < n; ++i) {
    band.high[i] = std::max(band.high[i], std::min(band.low[i + 1] + 3, m));
  }
  band.Finish();
  return band;
}

struct SearchResult {
  std::vector<std::pair<std::pair<int, int>, int>> path;  // (start cell, shape)
  std::vector<double> posterior;  // per bead of the path
};

// A band of kRefineHalfWidth around a path, inside `outer`.
Band PathBand(const SearchResult& path, const Band& outer, int n, int m) {
  Band band;
  band.low.assign(n + 1, m);
  band.high.assign(n + 1, 0);
  auto cover = [&](int i, int j) {
    band.low[i] = std::min(band.low[i], j);
    band.high[i] = std::max(band.high[i], j);
  };
  cover(0, 0);
  for (const auto& [start, s] : path.path) {
    const int i1 = start.first + kShapes[s].source,
              j1 = start.second + kShapes[s].target;
    for (int i = start.first; i <= i1; ++i) {
      cover(i, start.second);
      cover(i, j1);
    }
  }
  cover(n, m);
  for (int i = 0; i <= n; ++i) {
    band.low[i] = std::max(outer.low[i], band.low[i] - kRefineHalfWidth);
    band.high[i] = std::min(outer.high[i], band.high[i] + kRefineHalfWidth);
  }
  band.Finish();
  return band;
}

// True when LogAdd(sum, term) is exactly `sum`: term's share,
// log1p(exp(term - sum)), is below half a float step of `sum` (2^(e-25) for
// |sum| in [2^e, 2^(e+1)), the step below a power of two included), with a
// margin of 0.1 nats for the rounding of expf and log1pf.
inline bool Negligible(float sum, float term) {
  if (term == -kInfinity) return true;
  if (sum == -kInfinity || !(term <= sum)) return false;
  const int biased =
      static_cast<int>(std::bit_cast<uint32_t>(sum) >> 23) & 0xff;
  if (biased == 0 || biased == 0xff) return false;  // 0, subnormal, NaN
  constexpr float kLn2 = 0.693147181f;
  return term - sum < static_cast<float>(biased - 127 - 25) * kLn2 - 0.1f;
}

[[gnu::noinline]] float LogAddTerm(float hi, float lo) {
  return hi + std::log1p(std::exp(lo - hi));
}

// Inline, with expf and log1pf apart: it runs twice per bead of the band.
inline float LogAdd(float a, float b) {
  if (a == -kInfinity) return b;
  if (b == -kInfinity) return a;
  const float hi = std::max(a, b), lo = std::min(a, b);
  // Most terms off the best path change nothing: skip expf and log1pf.
  if (Negligible(hi, lo)) return hi;
  return LogAddTerm(hi, lo);
}

// Beyond this many nats above the best cell of its row, a cell starts no
// bead of the best path in practice: a bead's cost is at least
// -kMaxLexicalGain (about 8 nats) below its prior, so the path through it
// would have to win back more than three excellent beads' worth over the
// row's best. Its share of the posterior mass is about e^-30 of the best's,
// under a float's precision (LogAdd drops it as negligible anyway), so the
// posterior pass loses nothing by not starting beads there either. Most
// cells of a wide band are that far off.
constexpr float kRowBeam = 30;

void PruneRow(const Band& band, int i, std::vector<float>& best) {
  float row_best = kInfinity;
  for (int j = band.low[i]; j <= band.high[i]; ++j)
    row_best = std::min(row_best, best[band.Cell(i, j)]);
  const float limit = row_best + kRowBeam;
  for (int j = band.low[i]; j <= band.high[i]; ++j) {
    float& cell = best[band.Cell(i, j)];
    if (cell > limit) cell = kInfinity;
  }
}

// Viterbi over the band, then forward-backward for each chosen bead's
// posterior probability (its confidence).
SearchResult Search(int n, int m, const Band& band, const Scorer& scorer,
                    bool posteriors) {
  std::vector<float> best(band.cells, kInfinity);
  std::vector<uint8_t> back(band.cells, 255);
  std::vector<float> cost_cache(posteriors ? band.cells * kShapes.size() : 0,
                                kInfinity);
  best[band.Cell(0, 0)] = 0;
  // Forward in the order of i then j: a bead ending at (i, j) starts at an
  // earlier cell, already final.
  for (int i = 0; i <= n; ++i) {
    // Rows i, i-1, i-2 and i-3, where the beads ending in row i start: their
    // band (empty before row 0) and where their cells begin in `best`, read
    // once per row rather than once per bead.
    std::array<int, 4> row_low, row_high;
    std::array<ptrdiff_t, 4> row_base;
    for (int k = 0; k < 4; ++k) {
      if (i - k < 0) {
        row_low[k] = 1;
        row_high[k] = 0;
        row_base[k] = 0;
        continue;
      }
      row_low[k] = band.low[i - k];
      row_high[k] = band.high[i - k];
      row_base[k] = static_cast<ptrdiff_t>(band.offset[i - k]) - row_low[k];
    }
    for (int j = band.low[i]; j <= band.high[i]; ++j) {
      const size_t cell = band.Cell(i, j);
      // Each shape s in turn (s = 0, 1, ... 7), its code compiled apart.
      auto relax = [&]<int s>(std::integral_constant<int, s>) {
        constexpr int k = kShapes[s].source;
        const int pi = i - k, pj = j - kShapes[s].target;
        if (pj < row_low[k] || pj > row_high[k]) return;  // pj < 0 too
        const float start = best[row_base[k] + pj];
        if (start == kInfinity) return;
        // Without posteriors only the best start matters: a bead that
        // cannot beat it is left unfinished.
        const float c = posteriors ? scorer.Cost<s>(pi, pj)
                                   : scorer.Cost<s>(pi, pj, [&](float lower) {
                                       return start + lower >= best[cell];
                                     });
        if (posteriors) cost_cache[cell * kShapes.size() + s] = c;
        if (start + c < best[cell]) {
          best[cell] = start + c;
          back[cell] = static_cast<uint8_t>(s);
        }
      };
      [&]<int... s>(std::integer_sequence<int, s...>) {
        (relax(std::integral_constant<int, s>()), ...);
      }
      (std::make_integer_sequence<int, kShapes.size()>());
    }
    if (i < n) PruneRow(band, i, best);  // row n holds the end
  }
  SearchResult result;
  for (int i = n, j = m; i > 0 || j > 0;) {
    const int s = back[band.Cell(i, j)];
    if (s == 255) break;  // cannot happen: the band is connected
    i -= kShapes[s].source;
    j -= kShapes[s].target;
    result.path.push_back({{i, j}, s});
  }
  std::reverse(result.path.begin(), result.path.end());
  if (!posteriors) return result;

  std::vector<float> alpha(band.cells, -kInfinity),
      beta(band.cells, -kInfinity);
  alpha[band.Cell(0, 0)] = 0;
  for (int i = 0; i <= n; ++i) {
    for (int j = band.low[i]; j <= band.high[i]; ++j) {
      const size_t cell = band.Cell(i, j);
      for (size_t s = 0; s < kShapes.size(); ++s) {
        const float c = cost_cache[cell * kShapes.size() + s];
        if (c == kInfinity) continue;
        const size_t start =
            band.Cell(i - kShapes[s].source, j - kShapes[s].target);
        alpha[cell] = LogAdd(alpha[cell], alpha[start] - c);
      }
    }
  }
  beta[band.Cell(n, m)] = 0;
  for (int i = n; i >= 0; --i) {
    for (int j = band.high[i]; j >= band.low[i]; --j) {
      const size_t cell = band.Cell(i, j);
      if (beta[cell] == -kInfinity) continue;
      for (size_t s = 0; s < kShapes.size(); ++s) {
        const float c = cost_cache[cell * kShapes.size() + s];
        if (c == kInfinity) continue;
        const size_t start =
            band.Cell(i - kShapes[s].source, j - kShapes[s].target);
        beta[start] = LogAdd(beta[start], beta[cell] - c);
      }
    }
  }
  const float total = alpha[band.Cell(n, m)];
  for (const auto& [start, s] : result.path) {
    const int i = start.first, j = start.second;
    const int ei = i + kShapes[s].source, ej = j + kShapes[s].target;
    const size_t end_cell = band.Cell(ei, ej);
    const float c = cost_cache[end_cell * kShapes.size() + s];
    const double log_p = alpha[band.Cell(i, j)] - c + beta[end_cell] - total;
    result.posterior.push_back(std::clamp(std::exp(log_p), 0.0, 1.0));
  }
  return result;
}

// The document's own figures: characters per character, and the spread
// of the 1-1 beads around it (never below Gale and Church's 6.8, which a
// naive re-estimate undercuts and then punishes every honest variation).
void EstimateLengthModel(const std::vector<SentenceFeatures>& source,
                         const std::vector<SentenceFeatures>& target,
                         Model& model) {
  double ls = 0, lt = 0;
  for (const auto& s : source) ls += s.length;
  for (const auto& t : target) lt += t.length;
  // Shrunk towards 1 by a few sentences' worth of characters: in a short
  // pair one added or dropped sentence would otherwise set the ratio.
  constexpr double kPseudoCharacters = 200;
  model.ratio =
      std::clamp((lt + kPseudoCharacters) / (ls + kPseudoCharacters), 0.2, 5.0);
  model.variance = 6.8;
}

void Reestimate(const std::vector<SentenceFeatures>& source,
                const std::vector<SentenceFeatures>& target,
                const SearchResult& first, Model& model) {
  std::array<double, 8> counts{};
  double ls = 0, lt = 0, squares = 0, n11 = 0;
  for (const auto& [start, s] : first.path) {
    counts[s] += 1;
    if (kShapes[s].source == 1 && kShapes[s].target == 1) {
      const double a = source[start.first].length,
                   b = target[start.second].length;
      ls += a;
      lt += b;
      n11 += 1;
      (void)squares;
    }
  }
  if (n11 >= 5 && ls > 0) {
    model.ratio = std::clamp(lt / ls, 0.2, 5.0);
    double sum = 0;
    for (const auto& [start, s] : first.path) {
      if (kShapes[s].source != 1 || kShapes[s].target != 1) continue;
      const double a = source[start.first].length,
                   b = target[start.second].length;
      const double d = b - a * model.ratio;
      sum += d * d / ((a + b / model.ratio) / 2 + 1);
    }
    model.variance = std::max(6.8, 1.2 * sum / n11);
  }
  // Bead frequencies: the document's counts, smoothed towards the defaults
  // with the weight of 20 beads so a short document keeps sensible priors.
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  for (size_t s = 0; s < kShapes.size(); ++s) {
    const double p = (counts[s] + 20 * kDefaultPriors[s]) / (total + 20);
    model.prior_cost[s] = -std::log(std::max(p, 1e-4));
  }
}

class DpAligner final : public Aligner {
 public:
  DpAligner(const AlignerOptions& options,
            std::unique_ptr<FeatureExtractor> features)
      : options_(options), features_(std::move(features)) {}

  Alignment Align(const AlignerInput& source,
                  const AlignerInput& target) const override {
    const int n = static_cast<int>(source.sentences.size());
    const int m = static_cast<int>(target.sentences.size());
    Alignment alignment;
    if (n == 0 || m == 0) {
      for (int i = 0; i < n; ++i) alignment.beads.push_back({{i}, {}, 1.0});
      for (int j = 0; j < m; ++j) alignment.beads.push_back({{}, {j}, 1.0});
      return alignment;
    }
    std::vector<SentenceFeatures> source_features, target_features;
    KeyWeights weights;
    features_->Extract(source, target, source_features, target_features,
                       weights);

    Model model;
    EstimateLengthModel(source_features, target_features, model);
    for (size_t s = 0; s < kShapes.size(); ++s)
      model.prior_cost[s] = -std::log(kDefaultPriors[s]);
    model.paragraphs = HasParagraphs(source) && HasParagraphs(target);

    const size_t cells = static_cast<size_t>(n + 1) * (m + 1);
    const Band band =
        cells <= kFullSearchCells
            ? FullBand(n, m)
            : AnchoredBand(source_features, target_features, weights.keys);
    const std::vector<double> source_own =
        OwnWeights(source_features, weights.source_local);
    const std::vector<double> target_own =
        OwnWeights(target_features, weights.target_local);
    const PairTable pairs(band, n, m, source_features, target_features,
                          weights);
    // The search reads the lengths only: a long pair's weights go back to
    // the system before its tables are allocated.
    weights.source_local = {};
    weights.target_local = {};
    // Two passes: the first finds the document's own length ratio, spread
    // and bead frequencies; the second aligns with them, close to the first
    // path (the posterior pass then scores a narrow band, not the whole).
    SearchResult first;
    SingleCostMemo memo;
    {
      const Scorer first_scorer(source_features, target_features, source_own,
                                target_own, pairs, source, target, model, memo);
      first = Search(n, m, band, first_scorer, /*posteriors=*/false);
    }
    Reestimate(source_features, target_features, first, model);
    // Takes the first scorer's memo, emptied: its costs were of the first
    // model.
    const Scorer scorer(source_features, target_features, source_own,
                        target_own, pairs, source, target, model, memo);
    // Also for a short pair searched whole: a bead more than
    // kRefineHalfWidth sentences off the first path carries no posterior
    // mass a confidence could show, and the posterior pass scores every
    // shape at every cell of its band.
    const Band narrow = PathBand(first, band, n, m);
    const SearchResult result =
        Search(n, m, narrow, scorer, /*posteriors=*/true);

    const std::vector<int> source_cues = MissedBoundaryCues(source),
                           target_cues = MissedBoundaryCues(target);
    for (size_t b = 0; b < result.path.size(); ++b) {
      const auto& [start, s] = result.path[b];
      Bead bead;
      for (int k = 0; k < kShapes[s].source; ++k)
        bead.source.push_back(start.first + k);
      for (int k = 0; k < kShapes[s].target; ++k)
        bead.target.push_back(start.second + k);
      bead.confidence =
          BeadConfidence(result.posterior[b], bead, source_cues, target_cues);
      alignment.beads.push_back(std::move(bead));
    }
    return alignment;
  }

 private:
  static bool HasParagraphs(const AlignerInput& input) {
    return input.paragraphs.size() == input.sentences.size() &&
           !input.paragraphs.empty() && input.paragraphs.back() > 0;
  }

  AlignerOptions options_;
  std::unique_ptr<FeatureExtractor> features_;
};

}  // namespace

std::string Bead::Type() const {
  return std::to_string(source.size()) + "-" + std::to_string(target.size());
}

Result<std::unique_ptr<Aligner>> Aligner::Create(
    const AlignerOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<FeatureExtractor> features,
                   FeatureExtractor::Create(options.dictionary));
  return std::unique_ptr<Aligner>(new DpAligner(options, std::move(features)));
}

}  // namespace sverka
