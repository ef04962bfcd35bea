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
//
// The rules are SRX 2.0 data: BuiltinRulesAsSrx() writes them out, and
// SegmenterOptions::srx_file reads an edited (or another tool's) file back.
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
  // An SRX 2.0 file whose rules for `language` replace the built-in ones;
  // "" (the default) uses the built-in rules. ICU's sentence breaks stay
  // the base: the file's rules decide at ICU's breaks and after sentence
  // punctuation before white space, and where none matches ICU decides.
  // The line rules (headlines, lists, soft wraps, blank lines) always apply.
  std::string srx_file = {};
};

class Segmenter {
 public:
  virtual ~Segmenter() = default;
  // Never fails once created; an empty document gives no sentences.
  virtual std::vector<Sentence> Split(const Document& doc) const = 0;

  // Errors: kInternal when ICU cannot create its iterator for the locale.
  // With `srx_file`: kNotFound when the file cannot be read or none of its
  // <languagemap>s matches `language`; kInvalidInput, naming the file and
  // line, when it is not well-formed SRX or a rule's regex does not compile
  // with ICU (the message quotes the regex).
  static Result<std::unique_ptr<Segmenter>> Create(
      const SegmenterOptions& options);
};

// Sverka's built-in rules for Bulgarian and English as an SRX 2.0 document
// (UTF-8), which OmegaT, Okapi Ratel and other CAT tools open and edit, and
// which `srx_file` reads back to the same segmentation. Errors: kInternal
// when libxml2 fails.
Result<std::string> BuiltinRulesAsSrx();

// Treats every non-blank line as one sentence (the `--presegmented` input);
// blank lines separate paragraphs.
std::vector<Sentence> SplitLines(const Document& doc);

}  // namespace sverka

#endif  // SVERKA_SEGMENTER_H_
