// Document aligner: the pipeline from two documents (or one bilingual
// document) to aligned pairs ready for the memory.
//
// It checks that each document is in the language it was given as (two
// files swapped are caught by their script), segments both (or takes one
// sentence a line when presegmented), aligns the sentences and turns the
// beads into pairs of texts. Markdown emphasis that wraps a whole paragraph
// (the Vratsa sample's English part is in *italics*) is not part of the
// sentences; everything else is the input's own text.
//
//   sverka::DocumentAligner pipeline;
//   RETURN_IF_ERROR(pipeline.Init({.source_language = "bg",
//                                  .target_language = "en"}));
//   ASSIGN_OR_RETURN(auto src, sverka::ReadTextFile("a.bg.txt", {}));
//   ASSIGN_OR_RETURN(auto tgt, sverka::ReadTextFile("a.en.txt", {}));
//   ASSIGN_OR_RETURN(sverka::DocumentAlignment result, pipeline.Align(src,
//   tgt)); std::vector<sverka::TranslationUnit> units = result.ToUnits();
#ifndef SVERKA_DOCUMENT_ALIGNER_H_
#define SVERKA_DOCUMENT_ALIGNER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/aligner.h"
#include "sverka/bilingual_dictionary.h"
#include "sverka/segmenter.h"
#include "sverka/status.h"
#include "sverka/text_input.h"
#include "sverka/translation_memory.h"

namespace sverka {

struct DocumentAlignerOptions {
  std::string source_language = "bg";  // ISO 639-1 (or BCP 47: "en-GB")
  std::string target_language = "en";
  // Inputs hold one sentence a line, taken as they are.
  bool presegmented = false;
  // Align even when a document's script says it is in another language.
  bool force = false;
  // Dictionary: "" finds the installed FreeDict one for the pair; "none"
  // uses none; otherwise the dictd base path (without .index).
  std::string dictionary = "";
  double review_threshold = 0.9;
};

// Per-document figures, as `sverka align` reports them.
struct AlignmentSummary {
  int source_sentences = 0;
  int target_sentences = 0;
  std::map<std::string, int> beads_by_type;  // "1-1" -> count
  double mean_confidence = 0;
  int below_threshold = 0;  // pairs with both sides and confidence < threshold
};

// One aligned pair: the texts of the bead's sentences, joined by a space.
struct AlignedPair {
  Bead bead;
  std::string source_text;
  std::string target_text;
};

struct DocumentAlignment {
  std::string source_name, target_name;
  std::string source_language, target_language;
  std::string origin_hash;  // SHA-256 over both documents' hashes
  std::vector<std::string> source_sentences, target_sentences;
  std::vector<AlignedPair> pairs;
  AlignmentSummary summary;
  // Things the user should know that did not stop the work: a document that
  // looks like another language of the same script, no dictionary found.
  std::vector<std::string> warnings;

  // The pairs as memory units, with origin and date; pairs with an empty side
  // are included (the memory keeps omissions; the TMX writer skips them).
  std::vector<TranslationUnit> ToUnits() const;
};

// The pairs as text, one a line, in the formats `sverka align` and
// `sverka batch --out` write:
//   "tsv"    source<TAB>target<TAB>confidence (a side may be empty)
//   "beads"  [0, 1]:[2], 0-based sentence indices
//   "jsonl"  {"source":[0, 1],"target":[2],"source_text":"...",
//             "target_text":"...","bead":"2-1","confidence":0.987}
// Errors: kUsage for any other format.
Result<std::string> FormatPairs(const DocumentAlignment& alignment,
                                std::string_view format);

class DocumentAligner {
 public:
  DocumentAligner();
  ~DocumentAligner();

  // Creates the segmenters, loads the dictionary and the aligner. Errors:
  // kInternal from ICU; a dictionary path given but unreadable is kNotFound.
  // No installed dictionary is not an error: a warning in each result.
  Status Init(const DocumentAlignerOptions& options);

  // Errors: kInvalidInput when a document is in the wrong script (unless
  // `force`), naming the file and the language it looks like.
  //
  // Align and AlignBilingual keep no state between calls: after Init, one
  // DocumentAligner may be used by several threads at once (the batch's
  // workers share one, and with it one copy of the dictionary). Init is not
  // safe to call while another thread aligns.
  Result<DocumentAlignment> Align(const Document& source,
                                  const Document& target) const;

  // Splits one document holding the source text followed by its translation
  // (see SplitBilingual) and aligns the two parts.
  Result<DocumentAlignment> AlignBilingual(const Document& bilingual) const;

  const DocumentAlignerOptions& options() const { return options_; }

 private:
  std::vector<Sentence> SentencesOf(const Document& doc,
                                    const Segmenter& segmenter) const;
  // Cuts both sides' sentences at their soft boundaries (SoftBoundaries in
  // aligner_confidence.h), aligns the pieces and glues back those the other
  // side does not confirm: the spans, and the aligner's inputs made of them,
  // become the sentences with only the confirmed cuts. Unchanged when no
  // sentence has a soft boundary. The caps
  // get, for each resulting sentence, the confidence of the alignment that
  // glued its pieces back (1 for sentences not glued): no bead holding it may
  // be surer. Returns the alignment of the resulting spans, or nothing when
  // no sentence has a soft boundary. Only the stretches around a cut the
  // other side matched, or around a glued group the search has no bead for,
  // are aligned again: elsewhere the alignment of the pieces is that of the
  // resulting spans.
  std::optional<Alignment> CutConfirmedSoftBoundaries(
      const Document& source, const Document& target,
      std::vector<Sentence>& source_spans, std::vector<Sentence>& target_spans,
      AlignerInput& source_input, AlignerInput& target_input,
      std::vector<double>& source_caps, std::vector<double>& target_caps) const;

  DocumentAlignerOptions options_;
  std::unique_ptr<Segmenter> source_segmenter_, target_segmenter_;
  std::unique_ptr<BilingualDictionary> dictionary_;
  std::unique_ptr<Aligner> aligner_;
  std::string dictionary_warning_;
};

// Strips Markdown emphasis that wraps a whole paragraph ("*text*", "**text**",
// "_text_") from the sentence spans: the first sentence of such a paragraph
// starts after the marker, the last ends before it.
void ExcludeParagraphEmphasis(const Document& doc,
                              std::vector<Sentence>& sentences);

}  // namespace sverka

#endif  // SVERKA_DOCUMENT_ALIGNER_H_
