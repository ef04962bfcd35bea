// sverka tm import | lookup | concord, and sverka pretranslate: the
// translator's side of the memory.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli_common.h"
#include "sverka/fuzzy_match.h"
#include "sverka/pretranslate.h"
#include "sverka/segmenter.h"
#include "sverka/text_input.h"
#include "sverka/tmx.h"
#include "sverka/translation_memory.h"

namespace sverka::cli {
namespace {

namespace po = boost::program_options;

// Adds the two language options every memory command takes.
void AddLanguages(po::options_description& d, std::string* source,
                  std::string* target) {
  d.add_options()("src-lang", po::value(source)->default_value("bg"),
                  "source language of the pairs (BCP 47)")(
      "tgt-lang", po::value(target)->default_value("en"), "target language");
}

// `text` with the byte ranges in `spans` in bold when `color`.
std::string Highlight(const std::string& text,
                      const std::vector<std::pair<size_t, size_t>>& spans,
                      bool color) {
  if (!color || spans.empty()) return text;
  std::string out;
  size_t at = 0;
  for (const auto& [begin, end] : spans) {
    if (begin < at || end > text.size()) continue;
    out += text.substr(at, begin - at) + "\x1b[1;33m" +
           text.substr(begin, end - begin) + "\x1b[0m";
    at = end;
  }
  return out + text.substr(at);
}

}  // namespace

int RunTmImport(const std::vector<std::string>& args) {
  std::string tm_path, input;
  TmxReaderOptions options;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "input", po::value(&input)->required(), "the TMX file");
  AddLanguages(d, &options.source_language, &options.target_language);
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm import FILE.tmx --tm DB [--src-lang bg --tgt-lang en]\n"
      "Imports a TMX (1.1 to 1.4b, UTF-8 or UTF-16) in one transaction: the "
      "whole file or nothing.",
      d, positional, args, vm, &done);
  if (done) return parse;
  Result<std::unique_ptr<TranslationMemory>> tm = OpenSqliteMemory(tm_path, {});
  if (!tm.ok()) return ReportError(tm.status());
  Result<TmxImportResult> result = ImportTmx(input, **tm, options);
  if (!result.ok()) return ReportError(result.status());
  std::cerr << "sverka: " << input << ": " << result->read << " units read, "
            << result->imported << " imported (" << result->new_pairs
            << " new), " << result->skipped << " without both "
            << options.source_language << " and " << options.target_language
            << "\n";
  return kExitOk;
}

int RunTmLookup(const std::vector<std::string>& args) {
  std::string tm_path, sentence, file;
  MatchOptions options;
  bool json = false;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "file,f", po::value(&file), "look up each line of this file")(
      "top,n", po::value(&options.max_results)->default_value(5),
      "best N matches")("min", po::value(&options.min_score)->default_value(70),
                        "minimum match percentage")(
      "json", po::bool_switch(&json), "JSON lines instead of a table")(
      "sentence", po::value(&sentence), "the sentence to look up");
  AddLanguages(d, &options.source_language, &options.target_language);
  po::positional_options_description positional;
  positional.add("sentence", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm lookup --tm DB \"sentence\" | -f FILE [--top 5] "
      "[--min 70] [--json]\nThe memory's best matches, scored as CAT tools do.",
      d, positional, args, vm, &done);
  if (done) return parse;
  if (sentence.empty() == file.empty()) {
    return ReportError(Status::Usage("give a sentence or -f FILE, not both"));
  }
  std::vector<std::string> queries;
  if (!file.empty()) {
    Result<Document> doc =
        ReadTextFile(file, {.encoding = "auto", .name = file});
    if (!doc.ok()) return ReportError(doc.status());
    for (const Sentence& s : SplitLines(*doc))
      queries.emplace_back(s.Text(*doc));
  } else {
    queries.push_back(sentence);
  }
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  FuzzyMatcher matcher(**tm, options);
  for (const std::string& query : queries) {
    Result<std::vector<FuzzyMatch>> matches = matcher.Lookup(query);
    if (!matches.ok()) return ReportError(matches.status());
    if (json) {
      std::cout << "{\"query\":" << JsonString(query) << ",\"matches\":[";
      for (size_t i = 0; i < matches->size(); ++i) {
        const FuzzyMatch& m = (*matches)[i];
        std::cout << (i ? "," : "") << "{\"score\":" << m.score
                  << ",\"source\":" << JsonString(m.unit.source_text)
                  << ",\"target\":" << JsonString(m.unit.target_text)
                  << ",\"suggestion\":" << JsonString(m.suggestion)
                  << ",\"numbers_substituted\":"
                  << (m.numbers_substituted ? "true" : "false")
                  << ",\"origin\":" << JsonString(m.unit.origin) << "}";
      }
      std::cout << "]}\n";
      continue;
    }
    std::cout << "> " << query << "\n";
    if (matches->empty())
      std::cout << "  (no match at " << options.min_score << "% or more)\n";
    for (const FuzzyMatch& m : *matches) {
      std::cout << "  " << m.score << "%  " << m.unit.source_text << "\n"
                << "        " << m.suggestion
                << (m.numbers_substituted ? "   [numbers substituted]" : "")
                << "\n";
    }
  }
  return kExitOk;
}

int RunTmConcord(const std::vector<std::string>& args) {
  std::string tm_path, term;
  ConcordanceOptions options;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "limit", po::value(&options.limit)->default_value(50),
      "at most this many units")("term", po::value(&term)->required(),
                                 "a word or phrase, in either language");
  AddLanguages(d, &options.source_language, &options.target_language);
  po::positional_options_description positional;
  positional.add("term", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm concord --tm DB \"term\"\nEvery unit holding the term, "
      "in either language (case and stress marks ignored).",
      d, positional, args, vm, &done);
  if (done) return parse;
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  Result<std::vector<ConcordanceHit>> hits = Concordance(**tm, term, options);
  if (!hits.ok()) return ReportError(hits.status());
  const bool color = ::isatty(STDOUT_FILENO);
  for (const ConcordanceHit& hit : *hits) {
    std::cout << Highlight(hit.unit.source_text, hit.source_spans, color)
              << "\n"
              << "  = "
              << Highlight(hit.unit.target_text, hit.target_spans, color)
              << "\n";
  }
  std::cerr << "sverka: " << hits->size() << " units hold '" << term << "'\n";
  return kExitOk;
}

int RunPretranslate(const std::vector<std::string>& args) {
  std::string tm_path, input, output, encoding;
  MatchOptions match;
  PretranslateOptions options;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "output,o", po::value(&output)->required(),
      "the XLIFF 1.2 file to write")(
      "min", po::value(&match.min_score)->default_value(70),
      "minimum match percentage")("encoding",
                                  po::value(&encoding)->default_value("auto"),
                                  "input encoding")(
      "input", po::value(&input)->required(), "the document to translate");
  AddLanguages(d, &options.source_language, &options.target_language);
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka pretranslate DOC --tm DB -o OUT.xlf\nFills each sentence "
      "of DOC "
      "with the memory's best match and writes XLIFF 1.2 for a CAT tool.",
      d, positional, args, vm, &done);
  if (done) return parse;
  match.source_language = options.source_language;
  match.target_language = options.target_language;
  Result<Document> doc =
      ReadTextFile(input, {.encoding = encoding, .name = input});
  if (!doc.ok()) return ReportError(doc.status());
  const std::string language =
      options.source_language.substr(0, options.source_language.find('-'));
  Result<std::unique_ptr<Segmenter>> segmenter =
      Segmenter::Create({.language = language});
  if (!segmenter.ok()) return ReportError(segmenter.status());
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  FuzzyMatcher matcher(**tm, match);
  Result<PretranslateReport> report =
      Pretranslate(*doc, **segmenter, matcher, output, options);
  if (!report.ok()) return ReportError(report.status());
  auto line = [](const char* label, const MatchCount& c) {
    char buffer[96];
    std::snprintf(
        buffer, sizeof buffer, "  %-12s %6lld sentences %7lld words\n", label,
        static_cast<long long>(c.sentences), static_cast<long long>(c.words));
    std::cerr << buffer;
  };
  std::cerr << "sverka: " << input << " -> " << output << "\n";
  line("exact", report->exact);
  for (size_t b = 0; b < report->bands.size(); ++b) {
    const std::string label =
        std::to_string(PretranslateReport::kBandFloors[b]) + "-" +
        std::to_string(PretranslateReport::kBandCeilings[b]) + "%";
    line(label.c_str(), report->bands[b]);
  }
  if (report->below_bands.sentences > 0) line("below 70%", report->below_bands);
  line("no match", report->no_match);
  line("total", report->total);
  return kExitOk;
}

}  // namespace sverka::cli
