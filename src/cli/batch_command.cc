// sverka batch: many document pairs (a manifest, or two folders) into one
// memory, with a progress bar and a report.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/cli_common.h"
#include "sverka/batch.h"

namespace sverka::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "Usage: sverka batch MANIFEST.tsv [--jobs N] [--tm DB] [--out DIR]\n"
    "                    [--format tsv,tmx,jsonl] [--report FILE.json] "
    "[--resume]\n"
    "                    [--shard K/N] [--quiet]\n"
    "       sverka batch --src-dir A --tgt-dir B [options]\n"
    "Aligns many document pairs on N threads into one memory.\n"
    "  MANIFEST: one pair a line, SOURCE<TAB>TARGET[<TAB>ID]; '#' starts a\n"
    "            comment; relative paths are taken from the manifest's "
    "folder.\n"
    "  --src-dir/--tgt-dir: files paired by name, x.bg.txt with x.en.txt (one\n"
    "            folder or two) or bg/x.txt with en/x.txt; unmatched files "
    "are\n"
    "            listed.\n"
    "  --resume: skip pairs the memory already holds (after Ctrl-C or a "
    "crash).\n"
    "  --shard K/N: take the K-th of N parts; N processes with the same\n"
    "            manifest cover it exactly once.\n"
    "Exit status: 0 every pair aligned, 1 a pair failed or the batch was\n"
    "interrupted, 2 usage.";

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int signal_number) {
  g_cancel.store(true);
  // A second Ctrl-C ends the process at once; the memory stays whole.
  std::signal(signal_number, SIG_DFL);
}

std::string Duration(double seconds) {
  if (seconds < 0) return "--:--";
  const long total = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600,
                  total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

std::string Fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string DescribePair(const PairReport& pair) {
  std::ostringstream out;
  out << pair.pair.id << ": " << PairStateName(pair.state);
  if (pair.state == PairReport::State::kAligned) {
    int beads = 0;
    for (const auto& [type, count] : pair.summary.beads_by_type) beads += count;
    out << ", " << pair.summary.source_sentences << " + "
        << pair.summary.target_sentences << " sentences, " << beads
        << " pairs, mean confidence " << Fixed(pair.summary.mean_confidence, 3)
        << ", " << pair.summary.below_threshold << " to review";
  } else if (pair.state == PairReport::State::kSkipped) {
    out << " (already in the memory)";
  } else if (pair.state == PairReport::State::kFailed) {
    out << ": " << pair.error.ToString();
  }
  return out.str();
}

// Draws the progress: a bar redrawn in place on a terminal, a line a pair
// otherwise. Failures are always printed.
class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, bool terminal)
      : quiet_(quiet), terminal_(terminal) {}

  void operator()(const BatchProgress& progress) {
    const PairReport* pair = progress.finished;
    const bool failed =
        pair != nullptr && pair->state == PairReport::State::kFailed;
    if (failed) {
      ClearBar();
      std::cerr << "sverka: failed: " << pair->pair.id << ": "
                << pair->error.ToString() << "\n";
    }
    if (quiet_) return;
    if (!terminal_) {
      if (pair != nullptr && !failed) {
        std::cerr << "sverka: [" << progress.pairs_done << "/"
                  << progress.pairs_total << "] " << DescribePair(*pair)
                  << "\n";
      }
      return;
    }
    const double now = progress.elapsed_seconds;
    if (progress.pairs_done < progress.pairs_total && now - last_draw_ < 0.1 &&
        !failed) {
      return;
    }
    last_draw_ = now;
    constexpr int kWidth = 30;
    const int filled = progress.pairs_total > 0
                           ? static_cast<int>(kWidth * progress.pairs_done /
                                              progress.pairs_total)
                           : kWidth;
    std::string line =
        "\r[" + std::string(filled, '#') + std::string(kWidth - filled, '.') +
        "] " + std::to_string(progress.pairs_done) + "/" +
        std::to_string(progress.pairs_total) + " pairs  " +
        Fixed(progress.sentence_pairs_per_second, 0) +
        " sentence pairs/s  ETA " + Duration(progress.eta_seconds);
    if (progress.pairs_failed > 0) {
      line += "  " + std::to_string(progress.pairs_failed) + " failed";
    }
    std::cerr << line << "\033[K" << std::flush;
    bar_shown_ = true;
  }

  void ClearBar() {
    if (bar_shown_) std::cerr << "\r\033[K";
    bar_shown_ = false;
  }

 private:
  bool quiet_, terminal_;
  bool bar_shown_ = false;
  double last_draw_ = -1;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

void PrintSummary(const BatchReport& report, const BatchOptions& options) {
  const double elapsed = report.elapsed_seconds;
  const int64_t done = report.aligned + report.skipped + report.failed;
  std::cerr << "sverka: " << report.aligned << " of " << report.pairs
            << " pairs aligned";
  if (report.shard.count > 1) {
    std::cerr << " (shard " << report.shard.index << "/" << report.shard.count
              << " of " << report.total_in_manifest << ")";
  }
  std::cerr << ", " << report.skipped << " skipped, " << report.failed
            << " failed";
  if (report.not_run > 0) std::cerr << ", " << report.not_run << " not run";
  std::cerr << " in " << Fixed(elapsed, 1) << " s with " << report.jobs
            << (report.jobs == 1 ? " job" : " jobs") << " ("
            << Fixed(elapsed > 0 ? done / elapsed : 0, 1) << " pairs/s, "
            << Fixed(elapsed > 0 ? report.sentence_pairs / elapsed : 0, 0)
            << " sentence pairs/s)\n";
  std::cerr << "sverka: " << report.source_sentences << " + "
            << report.target_sentences << " sentences, "
            << report.sentence_pairs << " sentence pairs; beads";
  for (const auto& [type, count] : report.beads_by_type) {
    std::cerr << " " << type << "x" << count;
  }
  std::cerr << "; mean confidence " << Fixed(report.mean_confidence, 3) << "; "
            << report.below_threshold << " below "
            << options.aligner.review_threshold << " to review\n";
  if (!options.memory_path.empty()) {
    std::cerr << "sverka: " << report.units_added << " new pairs stored in "
              << options.memory_path << " (" << report.commits
              << " transactions)\n";
  }
}

}  // namespace

int RunBatch(const std::vector<std::string>& args) {
  std::string manifest, source_dir, target_dir, formats, report_path, shard;
  std::string shard_by;
  BatchOptions options;
  bool quiet = false;
  po::options_description description("Options");
  description.add_options()("help,h", "show this help")(
      "src-dir", po::value(&source_dir), "folder of source documents")(
      "tgt-dir", po::value(&target_dir),
      "folder of translations (may be the same folder)")(
      "jobs,j", po::value(&options.jobs)->default_value(0),
      "worker threads (0: one a core)")(
      "tm", po::value(&options.memory_path),
      "store the pairs in this memory (SQLite)")(
      "out", po::value(&options.output_dir),
      "write each pair's alignment to DIR/ID.FORMAT")(
      "format,f", po::value(&formats)->default_value("tsv"),
      "formats for --out, comma-separated: tsv, tmx, jsonl")(
      "report", po::value(&report_path), "write the report as JSON to FILE")(
      "resume", po::bool_switch(&options.resume),
      "skip pairs already in the memory (same content)")(
      "shard", po::value(&shard)->default_value("1/1"),
      "take part K of N of the pairs")(
      "shard-by", po::value(&shard_by)->default_value("hash"),
      "hash: by a hash of the pair id (stable when the manifest changes); "
      "index: by line, equal parts")(
      "src-lang",
      po::value(&options.aligner.source_language)->default_value("bg"),
      "language of the source documents")(
      "tgt-lang",
      po::value(&options.aligner.target_language)->default_value("en"),
      "language of the translations")(
      "presegmented", po::bool_switch(&options.aligner.presegmented),
      "the files hold one sentence a line")(
      "encoding", po::value(&options.encoding)->default_value("auto"),
      "input encoding (auto, UTF-8, UTF-16, windows-1251, ...)")(
      "dictionary", po::value(&options.aligner.dictionary),
      "dictd dictionary base path, or 'none'")(
      "threshold",
      po::value(&options.aligner.review_threshold)->default_value(0.9),
      "pairs below this confidence are counted as to review")(
      "force", po::bool_switch(&options.aligner.force),
      "align even when a document looks like another language")(
      "commit-every", po::value(&options.commit_every_pairs)->default_value(50),
      "pairs per memory transaction (also every second)")(
      "quiet,q", po::bool_switch(&quiet), "print only failures")(
      "manifest", po::value(&manifest), "manifest");
  po::positional_options_description positional;
  positional.add("manifest", 1);
  po::variables_map vm;
  bool done = false;
  const int parse =
      ParseOptions(kUsage, description, positional, args, vm, &done);
  if (done) return parse;

  const bool folders = !source_dir.empty() || !target_dir.empty();
  if (folders == !manifest.empty()) {
    return ReportError(Status::Usage(
        folders ? "give either a manifest or --src-dir and --tgt-dir, not both"
                : "give a manifest, or --src-dir and --tgt-dir"));
  }
  if (folders && (source_dir.empty() || target_dir.empty())) {
    return ReportError(
        Status::Usage("--src-dir and --tgt-dir go together: give both"));
  }
  options.formats = SplitCommas(formats);
  if (options.formats.empty()) {
    return ReportError(Status::Usage("--format is empty: use tsv, tmx, jsonl"));
  }
  if (!vm["format"].defaulted() && options.output_dir.empty()) {
    return ReportError(Status::Usage("--format needs --out DIR"));
  }
  Result<ShardSpec> spec = ParseShardSpec(shard);
  if (!spec.ok()) return ReportError(spec.status());
  options.shard = *spec;
  if (shard_by == "index") {
    options.shard.by = ShardSpec::By::kIndex;
  } else if (shard_by != "hash") {
    return ReportError(Status::Usage("unknown --shard-by '" + shard_by +
                                     "': use hash or index"));
  }

  std::vector<BatchPair> pairs;
  std::vector<UnmatchedFile> unmatched;
  if (folders) {
    Result<FolderMatch> match =
        MatchFolders(source_dir, target_dir, options.aligner.source_language,
                     options.aligner.target_language);
    if (!match.ok()) return ReportError(match.status());
    pairs = std::move(match->pairs);
    unmatched = std::move(match->unmatched);
    for (const UnmatchedFile& file : unmatched) {
      Warn("not paired: " + file.path + ": " + file.reason);
    }
    if (pairs.empty()) {
      return ReportError(
          Status::InvalidInput("no file pairs found")
              .WithHint("name them x.bg.txt and x.en.txt, or put them in "
                        "two folders under the same names"));
    }
  } else {
    Result<std::vector<BatchPair>> read = ReadManifest(manifest);
    if (!read.ok()) return ReportError(read.status());
    pairs = std::move(*read);
  }

  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  ProgressPrinter printer(quiet, terminal);
  options.progress = [&printer](const BatchProgress& p) { printer(p); };
  options.cancel = &g_cancel;
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  // The report is written as the pairs finish, to a temporary file that
  // replaces REPORT only when it is complete (an old report stays whole
  // when the batch is killed); no pair's report is kept in memory.
  Output json_out;
  std::optional<BatchReportJsonWriter> json;
  if (!report_path.empty()) {
    if (Status s = json_out.Open(report_path); !s.ok()) return ReportError(s);
    json.emplace(json_out.stream());
    options.pair_done = [&json](const PairReport& p) { json->Add(p); };
  }

  Result<BatchReport> report = sverka::RunBatch(pairs, options);
  printer.ClearBar();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!report.ok()) return ReportError(report.status());

  if (json) {
    json->Finish(*report);
    if (Status s = json_out.Commit(); !s.ok()) return ReportError(s);
  }
  // Failures were printed as they happened; the report lists them again.
  if (!quiet) PrintSummary(*report, options);
  if (report->cancelled) {
    std::cerr << "sverka: interrupted: " << report->not_run
              << " pairs not run; every aligned pair is "
              << (options.memory_path.empty() ? "in the outputs" : "stored")
              << (options.memory_path.empty()
                      ? ""
                      : "; run the same command with --resume to go on")
              << "\n";
  }
  return report->failed > 0 || report->cancelled ? kExitBadInput : kExitOk;
}

}  // namespace sverka::cli
