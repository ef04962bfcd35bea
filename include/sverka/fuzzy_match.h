// Fuzzy matching and concordance over a translation memory: what a CAT tool
// shows beside the sentence a translator is working on.
//
// A match percentage is computed the way CAT tools compute it: an edit
// distance over words (a different, missing or extra word costs 1), where a
// word differing only in case or stress marks costs 0.2 and punctuation
// costs half a word, as a share of the longer sentence:
//
//   score = floor(100 * (1 - cost / max(length(query), length(source))))
//
// with a word weighing 1 and a punctuation mark 0.5. Only a source identical
// to the query (white space aside) scores 100; anything else at most 99. A
// source that differs from the query only in numbers scores 99 (as memoQ
// does) when each of its numbers is found in the translation, which then
// comes back with the query's numbers put in.
//
//   auto tm = sverka::OpenSqliteMemory("vratsa.db", {.read_only = true});
//   sverka::FuzzyMatcher matcher(**tm, {});   // bg -> en, top 5, >= 70%
//   auto matches = matcher.Lookup("Водещ партньор е Община Враца.");
//   for (const sverka::FuzzyMatch& m : *matches)
//     std::cout << m.score << "% " << m.suggestion << "\n";
//
// Candidates come from the memory's word index (FindCandidates): a source
// that can reach the minimum score must share enough of the query's words
// and have a length in a band both derived from that minimum, so the
// prefilter never loses a match a full scan would find (LookupFullScan
// scores every unit, for checking that). When more units qualify than
// MatchOptions::max_candidates (a low minimum on a large memory), Lookup
// scores every unit as LookupFullScan does: slow, not wrong.
#ifndef SVERKA_FUZZY_MATCH_H_
#define SVERKA_FUZZY_MATCH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sverka/status.h"
#include "sverka/translation_memory.h"

namespace sverka {

// Every member has a default, so {.min_score = 50} is enough.
struct MatchOptions {
  std::string source_language = "bg";  // matched as CandidateQuery says
  std::string target_language = "en";
  int max_results = 5;  // the best this many
  int min_score = 70;   // percent, 1 to 100
  // Lookup scores at most this many prefiltered candidates; when more
  // qualify (a low minimum on a large memory) it scores every unit instead,
  // as LookupFullScan does. Fetching and scoring a candidate takes a few
  // microseconds, a full scan of a 1M-unit memory seconds.
  int64_t max_candidates = 100000;
};

struct FuzzyMatch {
  TranslationUnit unit;  // as FindCandidates gives it
  int score = 0;         // 1 to 100
  // The unit's target, with the query's numbers put in when
  // numbers_substituted.
  std::string suggestion{};
  bool numbers_substituted = false;
};

// The match percentage of `source` for `query` (0 to 100), as described
// above, without the number rule. Never fails.
int MatchScore(std::string_view query, std::string_view source);

// Finds matches in one memory. Not thread-safe (the memory is not); the
// memory must outlive the matcher.
class FuzzyMatcher {
 public:
  FuzzyMatcher(const TranslationMemory& memory, MatchOptions options);

  // The best matches for `sentence`, best first (then the pair seen more
  // often, then the newer), at most max_results, none below min_score; an
  // empty vector when nothing qualifies or the sentence is blank. Errors:
  // kUsage for options out of range (max_results or max_candidates < 1,
  // min_score outside 1-100, an empty language); the memory's errors when it
  // cannot be read.
  Result<std::vector<FuzzyMatch>> Lookup(std::string_view sentence) const;

  // The same, scoring every unit of the memory instead of the prefiltered
  // candidates: slow, for checking that the prefilter loses nothing.
  Result<std::vector<FuzzyMatch>> LookupFullScan(
      std::string_view sentence) const;

 private:
  const TranslationMemory& memory_;
  MatchOptions options_;
};

struct ConcordanceOptions {
  std::string source_language = "bg";
  std::string target_language = "en";
  bool in_source = true;  // look in the source texts
  bool in_target = true;  // ... and in the translations
  int64_t limit = 50;
};

// One unit holding the term, with where it is: byte ranges [begin, end)
// into unit.source_text and unit.target_text.
struct ConcordanceHit {
  TranslationUnit unit;
  std::vector<std::pair<size_t, size_t>> source_spans{};
  std::vector<std::pair<size_t, size_t>> target_spans{};
};

// Every unit (newest first, at most options.limit) whose source or target
// holds the words of `term` one after another, case and stress marks
// folded ("водещ партньор" finds "Водещ партньор" and "во̀дещ партньо́р");
// punctuation in the term is ignored. A term without words finds nothing.
// Errors: the memory's (FindCandidates/Search).
Result<std::vector<ConcordanceHit>> Concordance(
    const TranslationMemory& memory, std::string_view term,
    const ConcordanceOptions& options);

}  // namespace sverka

#endif  // SVERKA_FUZZY_MATCH_H_
