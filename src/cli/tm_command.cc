// sverka tm: work with a translation memory.
#include <iostream>

#include "cli/cli_common.h"
#include "sverka/tmx.h"
#include "sverka/translation_memory.h"

namespace sverka::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "Usage: sverka tm export --tm DB -o FILE.tmx [--min-confidence X]\n"
    "       sverka tm stats --tm DB\n"
    "       sverka tm import FILE.tmx --tm DB\n"
    "       sverka tm lookup --tm DB \"sentence\" | -f FILE\n"
    "       sverka tm concord --tm DB \"term\"\n"
    "       sverka tm apply-review FILE.json --tm DB";

int RunExport(const std::vector<std::string>& args) {
  std::string tm_path, output, source_language;
  ExportFilter filter;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)")(
      "output,o", po::value(&output)->required(), "the TMX file to write")(
      "min-confidence", po::value(&filter.min_confidence)->default_value(0),
      "leave out pairs the aligner was less sure of")(
      "origin", po::value(&filter.origin), "only pairs from this origin")(
      "since", po::value(&filter.since), "only pairs seen since (ISO 8601)")(
      "srclang", po::value(&source_language)->default_value("bg"),
      "the header's source language");
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm export --tm DB -o FILE.tmx\nWrites the memory as TMX "
      "1.4b.",
      description, {}, args, vm, &done);
  if (done) return parse;
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  TmxWriterOptions options;
  options.source_language = source_language;
  Result<int64_t> written = ExportTmx(**tm, filter, output, options);
  if (!written.ok()) return ReportError(written.status());
  std::cerr << "sverka: " << *written << " units written to " << output << "\n";
  return kExitOk;
}

int RunStats(const std::vector<std::string>& args) {
  std::string tm_path;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "tm", po::value(&tm_path)->required(), "the memory (SQLite file)");
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka tm stats --tm DB\nPrints what the memory holds.",
      description, {}, args, vm, &done);
  if (done) return parse;
  Result<std::unique_ptr<TranslationMemory>> tm =
      OpenSqliteMemory(tm_path, {.read_only = true});
  if (!tm.ok()) return ReportError(tm.status());
  Result<MemoryStats> stats = (*tm)->Stats();
  if (!stats.ok()) return ReportError(stats.status());
  std::cout << "memory: " << tm_path << "\n"
            << "schema version: " << stats->schema_version << "\n"
            << "units: " << stats->units << "\n"
            << "origins: " << stats->origins << "\n";
  for (const auto& [pair, count] : stats->units_by_language_pair) {
    std::cout << "  " << pair << ": " << count << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunTm(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage << "\n";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "export") return RunExport(rest);
  if (args[0] == "stats") return RunStats(rest);
  if (args[0] == "import") return RunTmImport(rest);
  if (args[0] == "lookup") return RunTmLookup(rest);
  if (args[0] == "concord") return RunTmConcord(rest);
  if (args[0] == "apply-review") return RunApplyReview(rest);
  std::cerr << "sverka: unknown tm command '" << args[0] << "'\n"
            << kUsage << "\n";
  return kExitUsage;
}

}  // namespace sverka::cli
