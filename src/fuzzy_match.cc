#include "sverka/fuzzy_match.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "internal/match_text.h"
#include "sverka/text_input.h"

namespace sverka {
namespace {

using internal::MatchToken;

constexpr double kWordWeight = 1.0;
constexpr double kPunctuationWeight = 0.5;
constexpr double kCaseCost = 0.2;  // a word differing in case or stress only

struct Token {
  std::string_view text;  // as written
  std::string folded;     // NormalizeForMatching
  MatchToken::Kind kind;
  bool IsWord() const { return kind != MatchToken::kPunctuation; }
  double Weight() const { return IsWord() ? kWordWeight : kPunctuationWeight; }
};

// Folded forms already computed, by the text as written: the candidates of
// one lookup share most of their words, and folding goes through ICU.
using FoldCache = std::unordered_map<std::string, std::string>;

std::vector<Token> Tokenize(std::string_view text, FoldCache* cache = nullptr) {
  std::vector<Token> tokens;
  for (const MatchToken& t : internal::TokenizeForMatching(text)) {
    std::string_view piece = text.substr(t.begin, t.end - t.begin);
    if (cache == nullptr) {
      tokens.push_back({piece, NormalizeForMatching(piece), t.kind});
      continue;
    }
    auto [it, added] = cache->try_emplace(std::string(piece));
    if (added) it->second = NormalizeForMatching(piece);
    tokens.push_back({piece, it->second, t.kind});
  }
  return tokens;
}

double Length(const std::vector<Token>& tokens) {
  double length = 0;
  for (const Token& t : tokens) length += t.Weight();
  return length;
}

double SubstitutionCost(const Token& a, const Token& b) {
  if (a.text == b.text) return 0;
  if (a.IsWord() != b.IsWord()) return kWordWeight;
  if (!a.IsWord()) return kPunctuationWeight;
  return a.folded == b.folded ? kCaseCost : kWordWeight;
}

// Weighted edit distance (two rows). Stops early, returning some value
// above `cap`, once every cell of a row is above it: costs only grow along
// a path, and every path crosses every row.
double EditCost(const std::vector<Token>& a, const std::vector<Token>& b,
                double cap = std::numeric_limits<double>::infinity()) {
  std::vector<double> previous(b.size() + 1), current(b.size() + 1);
  previous[0] = 0;
  for (size_t j = 0; j < b.size(); ++j) {
    previous[j + 1] = previous[j] + b[j].Weight();
  }
  for (size_t i = 0; i < a.size(); ++i) {
    current[0] = previous[0] + a[i].Weight();
    double row_min = current[0];
    for (size_t j = 0; j < b.size(); ++j) {
      current[j + 1] =
          std::min({previous[j + 1] + a[i].Weight(), current[j] + b[j].Weight(),
                    previous[j] + SubstitutionCost(a[i], b[j])});
      row_min = std::min(row_min, current[j + 1]);
    }
    if (row_min > cap) return row_min;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool SameTokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].text != b[i].text) return false;
  }
  return true;
}

// The match percentage; when below `at_least` (a percentage) it may come
// out lower than the true one (the edit distance stops early), never at
// or above `at_least`.
int Score(const std::vector<Token>& query, const std::vector<Token>& source,
          int at_least = 0) {
  if (SameTokens(query, source)) return query.empty() ? 0 : 100;
  const double length = std::max(Length(query), Length(source));
  if (length <= 0) return 0;
  // A cost above this scores below at_least (the floor below adds 1e-9).
  const double cap = at_least > 0 ? (1.0 - at_least / 100.0) * length + 1e-6
                                  : std::numeric_limits<double>::infinity();
  const double cost = EditCost(query, source, cap);
  const int score =
      static_cast<int>(std::floor(100.0 * (1.0 - cost / length) + 1e-9));
  return std::clamp(score, 0, 99);
}

std::string SwapSeparator(std::string_view number) {
  std::string out(number);
  for (char& c : out) {
    if (c == '.') {
      c = ',';
    } else if (c == ',') {
      c = '.';
    }
  }
  return out;
}

// When `source` is `query` with other numbers only, puts the query's
// numbers into `target` where the source's stand (also written with the
// other decimal separator, "1,5" for "1.5") and returns true; false when
// the texts differ otherwise or a number is not in the target.
bool SubstituteNumbers(const std::vector<Token>& query,
                       const std::vector<Token>& source,
                       std::string_view target, std::string* out) {
  if (query.size() != source.size()) return false;
  std::map<std::string, std::string> replace;  // source number -> query's
  for (size_t i = 0; i < query.size(); ++i) {
    if (query[i].text == source[i].text) continue;
    if (query[i].kind != MatchToken::kNumber ||
        source[i].kind != MatchToken::kNumber) {
      return false;
    }
    auto [it, added] = replace.emplace(std::string(source[i].text),
                                       std::string(query[i].text));
    if (!added && it->second != query[i].text) return false;  // ambiguous
  }
  if (replace.empty()) return false;
  std::set<std::string> found;
  std::string result;
  size_t copied = 0;
  for (const MatchToken& t : internal::TokenizeForMatching(target)) {
    if (t.kind != MatchToken::kNumber) continue;
    const std::string number(target.substr(t.begin, t.end - t.begin));
    std::string with;
    if (auto it = replace.find(number); it != replace.end()) {
      with = it->second;
      found.insert(it->first);
    } else if (auto swapped = replace.find(SwapSeparator(number));
               swapped != replace.end()) {
      with = SwapSeparator(swapped->second);
      found.insert(swapped->first);
    } else {
      continue;
    }
    result.append(target.substr(copied, t.begin - copied));
    result += with;
    copied = t.end;
  }
  if (found.size() != replace.size()) return false;
  result.append(target.substr(copied));
  *out = std::move(result);
  return true;
}

Status CheckOptions(const MatchOptions& options) {
  if (options.max_candidates < 1) {
    return Status::Usage("the number of candidates must be at least 1");
  }
  if (options.max_results < 1) {
    return Status::Usage("the number of matches must be at least 1");
  }
  if (options.min_score < 1 || options.min_score > 100) {
    return Status::Usage("the minimum match must be between 1 and 100 (%)");
  }
  if (options.source_language.empty() || options.target_language.empty()) {
    return Status::Usage("a lookup needs both language codes")
        .WithHint("pass --src-lang and --tgt-lang, e.g. bg and en");
  }
  return Status::Ok();
}

// Scores `units` against the query and keeps the best.
std::vector<FuzzyMatch> Rank(const std::vector<Token>& query,
                             std::vector<TranslationUnit> units,
                             const MatchOptions& options) {
  std::vector<FuzzyMatch> matches;
  FoldCache folds;
  // Matches kept so far by score; once max_results of them score s or
  // more, a unit scoring below s cannot make the top (ties may: the order
  // then goes by seen_count and date), so its edit distance may stop early.
  std::vector<int> by_score(101, 0);
  int at_least = options.min_score;
  for (TranslationUnit& unit : units) {
    const std::vector<Token> source = Tokenize(unit.source_text, &folds);
    FuzzyMatch match;
    match.score = Score(query, source, at_least);
    if (match.score < 100 &&
        SubstituteNumbers(query, source, unit.target_text, &match.suggestion)) {
      match.score = 99;
      match.numbers_substituted = true;
    } else {
      match.suggestion = unit.target_text;
    }
    if (match.score < at_least) continue;
    match.unit = std::move(unit);
    matches.push_back(std::move(match));
    ++by_score[static_cast<size_t>(matches.back().score)];
    int reached = 0;
    for (int s = 100; s > at_least; --s) {
      reached += by_score[static_cast<size_t>(s)];
      if (reached >= options.max_results) {
        at_least = s;
        break;
      }
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const FuzzyMatch& a, const FuzzyMatch& b) {
              if (a.score != b.score) return a.score > b.score;
              if (a.unit.seen_count != b.unit.seen_count) {
                return a.unit.seen_count > b.unit.seen_count;
              }
              if (a.unit.changed != b.unit.changed) {
                return a.unit.changed > b.unit.changed;
              }
              return a.unit.id < b.unit.id;
            });
  if (matches.size() > static_cast<size_t>(options.max_results)) {
    matches.resize(static_cast<size_t>(options.max_results));
  }
  return matches;
}

// True when `language` is `requested` or a regional form of it, as the
// memory's FindCandidates matches them.
bool LanguageMatches(const std::string& language,
                     const std::string& requested) {
  auto lower = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  const std::string l = lower(language), r = lower(requested);
  return l == r || l.rfind(r + "-", 0) == 0;
}

}  // namespace

int MatchScore(std::string_view query, std::string_view source) {
  return Score(Tokenize(query), Tokenize(source));
}

FuzzyMatcher::FuzzyMatcher(const TranslationMemory& memory,
                           MatchOptions options)
    : memory_(memory), options_(std::move(options)) {}

Result<std::vector<FuzzyMatch>> FuzzyMatcher::Lookup(
    std::string_view sentence) const {
  RETURN_IF_ERROR(CheckOptions(options_));
  const std::vector<Token> query = Tokenize(sentence);
  if (query.empty()) return std::vector<FuzzyMatch>{};
  // A source scoring at least m (a fraction) costs at most (1 - m) of the
  // longer length, and the longer is at most length(query) / m, so the cost
  // is at most `budget`; every word of difference in length costs at least
  // 1, which gives the length band.
  //
  // The words the source must share come from a tighter bound. Call the
  // aligned pairs of the edit distance whose two tokens are the same word
  // (folded) or the same punctuation mark "kept", and K their weight (the
  // same on both sides). Every other token of either text is deleted,
  // inserted or substituted, and each of these costs at least the weight
  // of the heavier token involved (a word 1, a mark 0.5; word for mark
  // costs 1), so cost >= max(Lq, Ls) - K. A distinct query word absent from
  // the source has no kept token, so with d of them K <= Lq - d, and
  //   cost >= max(Lq, Ls) - Lq + d.
  // Reaching m needs cost <= (1 - m) max(Lq, Ls), hence
  //   d <= Lq - m max(Lq, Ls) <= (1 - m) Lq   (`missing` below),
  // against (1 - m) / m Lq for the bound through the budget: at 70 % a
  // source may lack 30 % of the query's length in words instead of 43 %.
  // The number rule (99 % for a source differing only in numbers) needs
  // every word shared and the same word count, so it is inside both bounds.
  const double m = options_.min_score / 100.0;
  const double budget = (1.0 - m) / m * Length(query);
  const auto slack = static_cast<int64_t>(std::floor(budget + 1e-6));
  const auto missing =
      static_cast<int64_t>(std::floor((1.0 - m) * Length(query) + 1e-6));
  std::set<std::string> words;
  int64_t query_words = 0;
  for (const Token& t : query) {
    if (!t.IsWord()) continue;
    ++query_words;
    if (t.kind == MatchToken::kWord) words.insert(t.folded);
  }
  CandidateQuery candidates{
      .source_language = options_.source_language,
      .target_language = options_.target_language,
      .words = std::vector<std::string>(words.begin(), words.end()),
      .min_shared_words = static_cast<int64_t>(words.size()) - missing,
      .min_source_words = query_words - slack,
      .max_source_words = query_words + slack,
      .limit = options_.max_candidates};
  if (words.empty()) {
    // Numbers only: the band alone would be a scan; look for the numbers.
    for (const Token& t : query) {
      if (t.IsWord()) candidates.words.push_back(t.folded);
    }
    std::sort(candidates.words.begin(), candidates.words.end());
    candidates.words.erase(
        std::unique(candidates.words.begin(), candidates.words.end()),
        candidates.words.end());
    candidates.min_shared_words = 1;
  }
  ASSIGN_OR_RETURN(CandidateResult found, memory_.FindCandidates(candidates));
  if (found.truncated) {
    // More candidates than the memory hands out at once (a low minimum on a
    // large memory, where the bound asks for few or no shared words): the
    // cut could fall on a match, so score every unit instead. Slow, and
    // right.
    return LookupFullScan(sentence);
  }
  return Rank(query, std::move(found.units), options_);
}

Result<std::vector<FuzzyMatch>> FuzzyMatcher::LookupFullScan(
    std::string_view sentence) const {
  RETURN_IF_ERROR(CheckOptions(options_));
  const std::vector<Token> query = Tokenize(sentence);
  if (query.empty()) return std::vector<FuzzyMatch>{};
  std::vector<FuzzyMatch> best;
  std::vector<TranslationUnit> chunk;
  auto flush = [&] {
    std::vector<FuzzyMatch> ranked = Rank(query, std::move(chunk), options_);
    chunk.clear();
    for (FuzzyMatch& m : ranked) best.push_back(std::move(m));
    std::vector<TranslationUnit> units;
    for (FuzzyMatch& m : best) units.push_back(std::move(m.unit));
    best = Rank(query, std::move(units), options_);
  };
  RETURN_IF_ERROR(memory_.ForEach({}, [&](const TranslationUnit& unit) {
    if (LanguageMatches(unit.source_language, options_.source_language) &&
        LanguageMatches(unit.target_language, options_.target_language)) {
      chunk.push_back(unit);
      if (chunk.size() >= 4096) flush();
    }
    return Status::Ok();
  }));
  flush();
  return best;
}

Result<std::vector<ConcordanceHit>> Concordance(
    const TranslationMemory& memory, std::string_view term,
    const ConcordanceOptions& options) {
  std::vector<std::string> phrase;
  for (const Token& t : Tokenize(term)) {
    if (t.IsWord()) phrase.push_back(t.folded);
  }
  std::vector<ConcordanceHit> hits;
  if (phrase.empty()) return hits;
  ASSIGN_OR_RETURN(std::vector<TranslationUnit> units,
                   memory.Search({.source_language = options.source_language,
                                  .target_language = options.target_language,
                                  .phrase = phrase,
                                  .in_source = options.in_source,
                                  .in_target = options.in_target,
                                  .limit = options.limit}));
  auto spans = [&phrase](std::string_view text) {
    std::vector<Token> words;
    std::vector<size_t> offsets;
    for (const MatchToken& t : internal::TokenizeForMatching(text)) {
      if (t.kind == MatchToken::kPunctuation) continue;
      std::string_view piece = text.substr(t.begin, t.end - t.begin);
      words.push_back({piece, NormalizeForMatching(piece), t.kind});
      offsets.push_back(t.begin);
    }
    std::vector<std::pair<size_t, size_t>> found;
    for (size_t i = 0; i + phrase.size() <= words.size(); ++i) {
      bool all = true;
      for (size_t k = 0; k < phrase.size() && all; ++k) {
        all = words[i + k].folded == phrase[k];
      }
      if (!all) continue;
      const Token& last = words[i + phrase.size() - 1];
      const size_t end = static_cast<size_t>(last.text.data() - text.data()) +
                         last.text.size();
      found.emplace_back(offsets[i], end);
      i += phrase.size() - 1;
    }
    return found;
  };
  for (TranslationUnit& unit : units) {
    ConcordanceHit hit;
    if (options.in_source) hit.source_spans = spans(unit.source_text);
    if (options.in_target) hit.target_spans = spans(unit.target_text);
    hit.unit = std::move(unit);
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace sverka
