// Private to the segmenter (may change without notice): what a rule's regex
// says about the code points next to a candidate position, read from the
// pattern's text, so that a rule that cannot match is passed over with a few
// set lookups instead of a run of ICU's matcher.
//
//   EdgeSets tail = LastCodePoints("\\b(?:\\p{Lu}\\.){1,4}");
//   // tail.sets[0] = {.}, tail.sets[1] = \p{Lu}: every match ends with a
//   // capital letter and a dot.
//
// The sets are necessary conditions, never sufficient ones: a match of the
// pattern always has at least `sets.size()` code points and the code point
// k from its end (from its start for FirstCodePoints) is in `sets[k]`. What
// the analysis does not understand (back references, \Q..\E, flags other
// than (?i), ...) ends the list there, and an empty list means "no
// pre-check". Under (?i) the sets are closed over case, and cased literals
// end the list (full case folding can match "ß" with "ss").
#ifndef SVERKA_SEGMENTER_REGEX_H_
#define SVERKA_SEGMENTER_REGEX_H_

#include <unicode/uniset.h>

#include <string>
#include <vector>

namespace sverka {

struct EdgeSets {
  std::vector<icu::UnicodeSet> sets;
};

// The sets the last code points of every match of `regex` are in: sets[0]
// holds the last one, sets[1] the one before it, and so on.
EdgeSets LastCodePoints(const std::string& regex);

// The sets the first code points of every match of `regex` are in.
EdgeSets FirstCodePoints(const std::string& regex);

// For a pattern that opens with white space, "\\s+X..." or "\\s*X...": the
// sets the first code points after that white space are in (X's first code
// point, and so on), when X cannot start with white space; empty otherwise.
// A match then has X start at the first code point that is not white space.
EdgeSets FirstCodePointsAfterSpaces(const std::string& regex);

// Whether every match of `regex` starts with "^" (or "\\A"), at the start of
// the text; false when the pattern cannot be read.
bool AnchoredAtTextStart(const std::string& regex);

}  // namespace sverka

#endif  // SVERKA_SEGMENTER_REGEX_H_
