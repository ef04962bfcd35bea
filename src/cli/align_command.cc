// sverka align: a document and its translation -> aligned pairs.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/cli_common.h"
#include "sverka/document_aligner.h"
#include "sverka/review.h"
#include "sverka/text_input.h"
#include "sverka/tmx.h"
#include "sverka/translation_memory.h"

namespace sverka::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "Usage: sverka align SRC TGT [--src-lang bg] [--tgt-lang en] "
    "[--presegmented]\n"
    "                    [--format tsv|beads|tmx|jsonl] [-o FILE] [--tm DB]\n"
    "       sverka align --bilingual FILE [options]\n"
    "Aligns the sentences of SRC with those of its translation TGT.\n"
    "  tsv:   source<TAB>target<TAB>confidence, one pair a line (a side may be "
    "empty)\n"
    "  beads: [0, 1]:[2] lines, 0-based sentence indices\n"
    "  jsonl: one JSON object a pair: indices, texts, bead type, confidence\n"
    "  tmx:   TMX 1.4b (pairs with an empty side are left out)";

std::string FormatConfidence(double confidence) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.3f", confidence);
  return buffer;
}

std::string Summarize(const DocumentAlignment& result, double threshold) {
  const AlignmentSummary& s = result.summary;
  std::ostringstream out;
  out << result.source_name << " + " << result.target_name << ": "
      << s.source_sentences << " + " << s.target_sentences
      << " sentences; beads";
  for (const auto& [type, count] : s.beads_by_type)
    out << " " << type << "x" << count;
  out << "; mean confidence " << FormatConfidence(s.mean_confidence) << "; "
      << s.below_threshold << " pairs below " << threshold << " to review";
  return out.str();
}

}  // namespace

int RunAlign(const std::vector<std::string>& args) {
  std::string source_path, target_path, bilingual, format, output, tm_path,
      encoding, dictionary, review_path;
  DocumentAlignerOptions options;
  bool quiet = false;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "src-lang", po::value(&options.source_language)->default_value("bg"),
      "language of the source document (ISO 639-1 or BCP 47)")(
      "tgt-lang", po::value(&options.target_language)->default_value("en"),
      "language of the translation")(
      "presegmented", po::bool_switch(&options.presegmented),
      "the files hold one sentence a line, taken as they are")(
      "bilingual", po::value(&bilingual),
      "one document holding the source text followed by its translation")(
      "format,f", po::value(&format)->default_value("tsv"),
      "tsv, beads, jsonl or tmx")(
      "output,o", po::value(&output)->default_value("-"), "output file")(
      "tm", po::value(&tm_path),
      "also store the pairs in this memory (SQLite)")(
      "encoding", po::value(&encoding)->default_value("auto"),
      "input encoding (auto, UTF-8, UTF-16, windows-1251, ...)")(
      "dictionary", po::value(&options.dictionary),
      "dictd dictionary base path, or 'none' (default: the installed FreeDict "
      "one)")("threshold",
              po::value(&options.review_threshold)->default_value(0.9),
              "pairs below this confidence are counted as to review")(
      "force", po::bool_switch(&options.force),
      "align even when a document looks like another language")(
      "quiet,q", po::bool_switch(&quiet), "no summary on stderr")(
      "review", po::value(&review_path),
      "also write a review page (HTML) for checking the pairs in a browser")(
      "source", po::value(&source_path), "source document")(
      "target", po::value(&target_path), "translated document");
  po::positional_options_description positional;
  positional.add("source", 1).add("target", 1);
  po::variables_map vm;
  bool done = false;
  const int parse =
      ParseOptions(kUsage, description, positional, args, vm, &done);
  if (done) return parse;
  if (format != "tsv" && format != "beads" && format != "jsonl" &&
      format != "tmx") {
    return ReportError(Status::Usage("unknown --format '" + format +
                                     "': use tsv, beads, jsonl or tmx"));
  }
  if (bilingual.empty() == (source_path.empty() || target_path.empty())) {
    return ReportError(Status::Usage(
        bilingual.empty()
            ? "give SRC and TGT, or --bilingual FILE"
            : "give either --bilingual FILE or SRC and TGT, not both"));
  }
  if (!bilingual.empty() && !source_path.empty()) {
    return ReportError(
        Status::Usage("give either --bilingual FILE or SRC and TGT, not both"));
  }

  DocumentAligner pipeline;
  if (Status s = pipeline.Init(options); !s.ok()) return ReportError(s);

  Result<DocumentAlignment> result = Status::Internal("not aligned");
  if (!bilingual.empty()) {
    Result<Document> doc =
        ReadTextFile(bilingual, {.encoding = encoding, .name = bilingual});
    if (!doc.ok()) return ReportError(doc.status());
    result = pipeline.AlignBilingual(*doc);
  } else {
    Result<Document> source =
        ReadTextFile(source_path, {.encoding = encoding, .name = source_path});
    if (!source.ok()) return ReportError(source.status());
    Result<Document> target =
        ReadTextFile(target_path, {.encoding = encoding, .name = target_path});
    if (!target.ok()) return ReportError(target.status());
    result = pipeline.Align(*source, *target);
  }
  if (!result.ok()) return ReportError(result.status());
  if (!quiet) {
    for (const std::string& warning : result->warnings) Warn(warning);
  }

  // The memory first: a pair that cannot be stored should not look aligned.
  if (!tm_path.empty()) {
    Result<std::unique_ptr<TranslationMemory>> tm =
        OpenSqliteMemory(tm_path, {});
    if (!tm.ok()) return ReportError(tm.status());
    Result<int64_t> added = (*tm)->Import(result->ToUnits());
    if (!added.ok()) return ReportError(added.status());
    if (!quiet) {
      std::cerr << "sverka: " << *added << " new pairs stored in " << tm_path
                << "\n";
    }
  }

  if (format == "tmx") {
    TmxWriter writer;
    TmxWriterOptions tmx_options;
    tmx_options.source_language = options.source_language;
    if (Status s = writer.Open(output, tmx_options); !s.ok())
      return ReportError(s);
    for (const TranslationUnit& unit : result->ToUnits()) {
      if (Status s = writer.Write(unit); !s.ok()) return ReportError(s);
    }
    if (Status s = writer.Close(); !s.ok()) return ReportError(s);
  } else {
    Output out;
    if (Status s = out.Open(output); !s.ok()) return ReportError(s);
    Result<std::string> text = FormatPairs(*result, format);
    if (!text.ok()) return ReportError(text.status());
    out.stream() << *text;
    if (Status s = out.Commit(); !s.ok()) return ReportError(s);
  }
  if (!review_path.empty()) {
    if (Status s = WriteReviewPage(*result, review_path,
                                   {.threshold = options.review_threshold});
        !s.ok()) {
      return ReportError(s);
    }
  }
  if (!quiet) {
    std::cerr << "sverka: " << Summarize(*result, options.review_threshold)
              << "\n";
  }
  return kExitOk;
}

}  // namespace sverka::cli
