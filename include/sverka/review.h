// Review: a person checks the aligned pairs before they count as memory.
//
// WriteReviewPage writes one self-contained HTML file (its CSS, script and
// data inline; it loads nothing from anywhere) that shows the pairs in two
// columns, source left and target right, one row per pair, with the
// aligner's confidence as a colour and a number, the bead type, and the
// anchors that tie the two sides (numbers, month names, identical words and
// names spelt alike across scripts) highlighted on both. Omissions are empty
// cells. The reviewer filters (confidence below a value, beads other than
// 1-1, text), works by keyboard (j/k move, c confirm, w wrong, m merge with
// the next row, s split a cell, u/d move a sentence to the row above/below,
// z undo, e export) and exports the decisions as JSON.
//
// ApplyReview brings those decisions into a memory: corrected pairs replace
// the pairs they were made from (origin "reviewed", unit property
// "x-reviewed" = "corrected"), confirmed pairs get "x-reviewed" =
// "confirmed", pairs marked wrong are removed.
//
//   ASSIGN_OR_RETURN(sverka::DocumentAlignment a, pipeline.Align(src, tgt));
//   RETURN_IF_ERROR(sverka::WriteReviewPage(a, "vratsa.html", {}));
//   // ... the reviewer saves vratsa.json ...
//   ASSIGN_OR_RETURN(auto decisions,
//   sverka::ReadReviewDecisions("vratsa.json")); ASSIGN_OR_RETURN(auto report,
//                    sverka::ApplyReview(decisions, "memory.db", {}));
#ifndef SVERKA_REVIEW_H_
#define SVERKA_REVIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/document_aligner.h"
#include "sverka/status.h"
#include "sverka/translation_memory.h"

namespace sverka {

struct ReviewPageOptions {
  // The page's title. Default: "Review: SOURCE + TARGET" for an alignment,
  // "Review: N pairs from the memory" for units.
  std::string title{};
  // Where the "confidence below" filter starts, and the colour boundary
  // between sure (green) and to check (amber, red below 0.5). Default 0.9.
  double threshold = 0.9;
  // The file name the decisions download as. Default: the page's file name
  // with ".json" for ".html" ("review.json" when rendering without a path).
  std::string export_name{};
};

// The page for an aligned document pair, as HTML. Each sentence of the
// alignment appears once; each pair is a row.
//
// Errors: kInvalidInput when a bead names a sentence the alignment does not
// have; kInternal when ICU's transliterator (used to find names written in
// another script) cannot be created.
Result<std::string> RenderReviewPage(const DocumentAlignment& alignment,
                                     const ReviewPageOptions& options);

// The page for units already in a memory (TranslationMemory::ForEach): one
// row per unit, each side split into sentences so a cell can be split. The
// units keep their ids, so the decisions name exactly the units to change.
//
// Errors: kInvalidInput when the units are of more than one language pair
// (choose one origin); kNotFound when `units` is empty; kInternal as above.
Result<std::string> RenderReviewPage(const std::vector<TranslationUnit>& units,
                                     const ReviewPageOptions& options);

// Renders the page and writes it to `path` under a temporary name renamed
// into place, so a failure never leaves half a page (or loses an old one).
// Errors: those of RenderReviewPage; kIoError naming `path` when it cannot
// be written.
Status WriteReviewPage(const DocumentAlignment& alignment,
                       const std::string& path,
                       const ReviewPageOptions& options);
Status WriteReviewPage(const std::vector<TranslationUnit>& units,
                       const std::string& path,
                       const ReviewPageOptions& options);

// A pair as it was when the page was written: the memory unit's id (0 for
// a page made from an alignment) and its texts.
struct ReviewedPair {
  int64_t id = 0;
  std::string source_text{};
  std::string target_text{};
};

enum class ReviewAction {
  kConfirm,  // the pair is right as it is
  kReject,   // the pair (or the row the reviewer made) is wrong
  kReplace,  // the reviewer rebuilt the row: `originals` become this pair
};

// One row the reviewer decided on.
struct ReviewDecision {
  ReviewAction action = ReviewAction::kConfirm;
  // The pairs the row was made from: one for kConfirm; one or more for
  // kReplace and kReject (a merged row has two).
  std::vector<ReviewedPair> originals{};
  // The row's texts as the reviewer left them, and its bead type ("2-1").
  std::string source_text{};
  std::string target_text{};
  std::string bead_type{};
  // The reviewer also confirmed the rebuilt row (kReplace only).
  bool confirmed = false;
};

// The file the page exports.
struct ReviewDecisions {
  std::string source_language{};
  std::string target_language{};
  std::string origin{};  // the alignment's origin, for the record
  std::string origin_hash{};
  std::vector<ReviewDecision> decisions{};
};

// Parses an exported decisions file; `name` is used in messages.
// Errors: kInvalidInput naming `name` (and the byte) for text that is not
// JSON, is not a Sverka decisions file (format "sverka-review-decisions"),
// lacks the languages, or has a decision without an action Sverka knows;
// kUnsupported for a version newer than 1.
Result<ReviewDecisions> ParseReviewDecisions(std::string_view json,
                                             const std::string& name);

// Reads and parses the file at `path`. Errors: kNotFound / kIoError when
// it cannot be read; then as ParseReviewDecisions.
Result<ReviewDecisions> ReadReviewDecisions(const std::string& path);

struct ApplyReviewReport {
  int64_t confirmed = 0;  // units marked x-reviewed=confirmed
  int64_t removed = 0;    // units removed (replaced, or marked wrong)
  int64_t added = 0;      // reviewed pairs stored (new or already there)
  // Originals the memory does not hold (by id and texts, or by texts):
  // a page made from an alignment that was never stored, or units removed
  // since. Their decisions change nothing, but reviewed pairs are still
  // stored. Up to 5 source texts are kept as examples.
  int64_t not_found = 0;
  std::vector<std::string> not_found_examples{};
};

// Applies `decisions` to the memory at `path` in one transaction: all of
// it or, on any error, nothing. An original is found by its id when the
// unit with that id still has the same texts, otherwise by its languages
// and texts. Reviewed pairs are stored with confidence 1, origin
// "reviewed", bead type from the row and "x-reviewed" = "corrected" (as
// Import does, a pair already stored is counted again, not duplicated).
//
// Errors: those of OpenSqliteMemory for `path`; kInvalidInput when the
// decisions' languages are empty; kBusy/kIoError when the write fails.
Result<ApplyReviewReport> ApplyReview(const ReviewDecisions& decisions,
                                      const std::string& path,
                                      const MemoryOptions& options);

}  // namespace sverka

#endif  // SVERKA_REVIEW_H_
