// sverka review: a review page for pairs already in a memory; and
// sverka tm apply-review: the reviewer's decisions back into the memory.
#include <iostream>

#include "cli/cli_common.h"
#include "sverka/review.h"
#include "sverka/translation_memory.h"

namespace sverka::cli {

namespace po = boost::program_options;

int RunReview(const std::vector<std::string>& args) {
  std::string tm_path, output;
  ExportFilter filter;
  ReviewPageOptions page;
  double below = 1.0;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "output,o", po::value(&output)->required(), "the HTML page to write")(
      "origin", po::value(&filter.origin),
      "only pairs from this origin (a file name or content hash)")(
      "since", po::value(&filter.since), "only pairs seen since (ISO 8601)")(
      "below", po::value(&below)->default_value(1.0),
      "only pairs whose confidence is below this (1 = all)")(
      "threshold", po::value(&page.threshold)->default_value(0.9),
      "where the page's 'confidence below' filter starts")(
      "title", po::value(&page.title), "the page's title");
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka review --tm DB [--origin X] [--below 0.9] -o FILE.html\n"
      "Writes a review page for pairs in the memory: open it in a browser,\n"
      "check the pairs by keyboard, export the decisions and apply them with\n"
      "'sverka tm apply-review FILE.json --tm DB'.",
      description, {}, args, vm, &done);
  if (done) return parse;
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  std::vector<TranslationUnit> units;
  Status read = (*tm)->ForEach(filter, [&](const TranslationUnit& unit) {
    if (unit.confidence < below || below >= 1.0) units.push_back(unit);
    return Status::Ok();
  });
  if (!read.ok()) return ReportError(read);
  if (units.empty()) {
    return ReportError(Status::NotFound("no pairs in the memory match")
                           .At(tm_path)
                           .WithHint("check --origin, --since and --below"));
  }
  if (Status s = WriteReviewPage(units, output, page); !s.ok()) {
    return ReportError(s);
  }
  std::cerr << "sverka: " << units.size() << " pairs in " << output << "\n";
  return kExitOk;
}

int RunApplyReview(const std::vector<std::string>& args) {
  std::string decisions_path, tm_path;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "decisions", po::value(&decisions_path)->required(),
      "the JSON file the review page exported");
  po::positional_options_description positional;
  positional.add("decisions", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm apply-review FILE.json --tm DB\n"
      "Applies a review page's decisions in one transaction: corrected pairs\n"
      "replace the pairs they were made from (origin \"reviewed\"), confirmed\n"
      "pairs get the property x-reviewed=confirmed, wrong pairs are removed.",
      description, positional, args, vm, &done);
  if (done) return parse;
  Result<ReviewDecisions> decisions = ReadReviewDecisions(decisions_path);
  if (!decisions.ok()) return ReportError(decisions.status());
  Result<ApplyReviewReport> report = ApplyReview(*decisions, tm_path, {});
  if (!report.ok()) return ReportError(report.status());
  for (const std::string& text : report->not_found_examples) {
    Warn("not in the memory: \"" + text.substr(0, 60) + "\"");
  }
  std::cerr << "sverka: " << tm_path << ": " << report->confirmed
            << " confirmed, " << report->removed << " removed, "
            << report->added << " reviewed pairs stored";
  if (report->not_found > 0) {
    std::cerr << ", " << report->not_found << " not found";
  }
  std::cerr << "\n";
  return kExitOk;
}

}  // namespace sverka::cli
