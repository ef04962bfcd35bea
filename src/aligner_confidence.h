// Evidence that lowers a bead's confidence below its posterior probability.
//
// The posterior (forward-backward) says how sure the aligner is of a bead
// given the sentences it was handed. It cannot see a sentence that is really
// two: running text where a headline runs into the first sentence with no
// punctuation between ("... фермер Фермер беше нападнат ...") gives a segment
// that aligns well yet is not one unit. The helpers here find such likely
// missed boundaries and turn them into a factor on the posterior.
#ifndef SVERKA_ALIGNER_CONFIDENCE_H_
#define SVERKA_ALIGNER_CONFIDENCE_H_

#include <vector>

#include "sverka/aligner.h"

namespace sverka {

// For each sentence of `side`, the number of likely missed sentence
// boundaries inside it: a lower-case word of three letters or more with no
// punctuation after it, followed by a capitalised word (no opening quote or
// bracket) that is a common word of this document: it occurs in lower case
// elsewhere, and nowhere else capitalised after a lower-case word (so it is
// not a name). Only for languages that capitalise names and titles on their
// first word alone (bg, ru, fr, ...): in English "the Security Council" or
// "told The Times" would look the same. All zeros for other languages.
std::vector<int> MissedBoundaryCues(const AlignerInput& side);

// For each sentence of `side`, byte offsets (ascending) of words where a
// sentence likely starts although the segmenter found no boundary: running
// text where a headline runs into the first sentence ("... in California A
// shark attacked ..."). Any language: a capitalised word after one that ends
// with no punctuation, where the word is common in this document (seen in
// lower case, and capitalised so nowhere else), or an opening quote with a
// capital after a word. Candidates only, generous on purpose: the caller
// lets the other side of the pair confirm them (DocumentAligner splits
// there, aligns, and glues back the pieces the alignment keeps together).
std::vector<std::vector<size_t>> SoftBoundaries(const AlignerInput& side);

// Byte offsets of every word of `sentence` that could start a sentence
// without punctuation before it: a capitalised word, or an opening quote and
// a capital, after a word that ends with no punctuation. Far too many to cut
// at blindly; the caller takes one only where the other side's cut says a
// sentence starts about there.
std::vector<size_t> WeakBoundaries(const std::string& sentence);

// The bead's confidence: its posterior times (1 - kMissedBoundaryOdds) for
// each likely missed boundary inside its sentences on either side. A cue is
// taken as an even chance (0.5) that the segment holds two units, in which
// case the bead cannot be an exact pair; the cues are independent.
double BeadConfidence(double posterior, const Bead& bead,
                      const std::vector<int>& source_cues,
                      const std::vector<int>& target_cues);

}  // namespace sverka

#endif  // SVERKA_ALIGNER_CONFIDENCE_H_
