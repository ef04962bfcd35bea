// Segmenter: a Document becomes sentences, spans into its text.
//
// ICU's sentence BreakIterator is the base; language rules stop the splits
// it makes wrongly (after abbreviations such as "г.", "т.нар.", "проф.",
// "Mr.", "U.S.", after initials) and add the ones it misses (a headline or a
// list item on its own line). A blank line always ends a sentence and starts
// a new paragraph. The text is never changed: the spans, concatenated with
// the whitespace between them, give back the document.
//
//   auto segmenter = sverka::Segmenter::Create({.language = "bg"});
//   if (!segmenter.ok()) ...;
//   std::vector<sverka::Sentence> sentences = (*segmenter)->Split(doc);
//   for (const auto& s : sentences) std::cout << s.Text(doc) << "\n";
#ifndef SVERKA_SEGMENTER_H_
#define SVERKA_SEGMENTER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/status.h"
#include "sverka/text_input.h"

namespace sverka {

// One sentence: [begin, end) in Document::text, trimmed of surrounding
// whitespace; `paragraph` counts blank-line separated blocks from 0.
struct Sentence {
  size_t begin = 0;
  size_t end = 0;
  int paragraph = 0;
  std::string_view Text(const Document& doc) const {
    return std::string_view(doc.text).substr(begin, end - begin);
  }
};

struct SegmenterOptions {
  // ISO 639-1 code. "bg" and "en" have built-in rules; any other language
  // gets ICU's rules for that locale plus the generic line rules.
  std::string language = "en";
};

class Segmenter {
 public:
  virtual ~Segmenter() = default;
  // Never fails once created; an empty document gives no sentences.
  virtual std::vector<Sentence> Split(const Document& doc) const = 0;

  // Errors: kInternal when ICU cannot create its iterator for the locale.
  static Result<std::unique_ptr<Segmenter>> Create(
      const SegmenterOptions& options);
};

// Treats every non-blank line as one sentence (the `--presegmented` input);
// blank lines separate paragraphs.
std::vector<Sentence> SplitLines(const Document& doc);

}  // namespace sverka

#endif  // SVERKA_SEGMENTER_H_
