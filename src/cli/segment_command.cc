// sverka segment: one sentence a line.
#include <algorithm>
#include <iostream>

#include "cli/cli_common.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"

namespace sverka::cli {

namespace po = boost::program_options;

int RunSegment(const std::vector<std::string>& args) {
  std::string input, language, encoding, output, srx;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "lang,l", po::value(&language)->default_value("bg"),
      "language of the text: bg, en or another ISO 639-1 code")(
      "encoding", po::value(&encoding)->default_value("auto"),
      "input encoding (auto: BOM, UTF-8, then detected; or e.g. windows-1251)")(
      "srx", po::value(&srx),
      "SRX 2.0 rules to use instead of the built-in ones (see 'sverka srx "
      "export')")("output,o", po::value(&output)->default_value("-"),
                  "where to write the sentences")(
      "input", po::value(&input)->required(), "the document, or - for stdin");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka segment [--lang bg|en|CODE] [--srx RULES.srx] FILE|-\n"
      "Prints the sentences of FILE, one a line; blank lines separate "
      "paragraphs.",
      options, positional, args, vm, &done);
  if (done) return parse;

  Result<Document> doc =
      ReadTextFile(input, {.encoding = encoding, .name = input});
  if (!doc.ok()) return ReportError(doc.status());
  Result<std::unique_ptr<Segmenter>> segmenter =
      Segmenter::Create({.language = language, .srx_file = srx});
  if (!segmenter.ok()) return ReportError(segmenter.status());
  Output out;
  if (Status s = out.Open(output); !s.ok()) return ReportError(s);
  int paragraph = -1;
  for (const Sentence& sentence : (*segmenter)->Split(*doc)) {
    if (paragraph >= 0 && sentence.paragraph != paragraph) out.stream() << "\n";
    paragraph = sentence.paragraph;
    std::string text(sentence.Text(*doc));
    std::replace(text.begin(), text.end(), '\n', ' ');
    out.stream() << text << "\n";
  }
  if (Status s = out.Commit(); !s.ok()) return ReportError(s);
  return kExitOk;
}

}  // namespace sverka::cli
