// Batch benchmarks (issue 6): the aligner by document length, and the
// memory operations the batch writer and --resume use.
//
// BM_Align/N aligns a document pair of N sentences a side: the 956 gold
// sentences of ntrex-dev/clean-long (../shared/eval/align) repeated, with
// the installed FreeDict dictionary when there is one (as `sverka batch`
// does by default). Sizes run in increasing order and each reports the
// process's peak RSS after it (getrusage), so the figure for N is the peak
// of the largest alignment so far.
//
// BM_ImportBatch stores 50 document pairs of 20 units in one Import, as the
// batch writer commits; BM_HasOrigin is the --resume check for one pair.
//
// BM_ReadPair is a batch worker's work on a pair before segmenting: read,
// decode and hash both documents and check their languages, over every
// ntrex-dev case (clean, hard, drift) in turn.
//
//   build/batch_bench --benchmark_filter=Align
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sverka/aligner.h"
#include "sverka/bilingual_dictionary.h"
#include "sverka/language.h"
#include "sverka/text_input.h"
#include "sverka/translation_memory.h"

namespace {

std::vector<std::string> ReadLines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

const std::vector<std::string>& GoldSentences(const std::string& language) {
  static const auto* const source = new std::vector<std::string>(
      ReadLines(std::filesystem::path(SVERKA_SHARED_DIR) /
                "eval/align/ntrex-dev/clean-long/all/bg.sent"));
  static const auto* const target = new std::vector<std::string>(
      ReadLines(std::filesystem::path(SVERKA_SHARED_DIR) /
                "eval/align/ntrex-dev/clean-long/all/en.sent"));
  return language == "bg" ? *source : *target;
}

// `count` sentences of `language`, the gold ones over and over; a
// paragraph every four sentences.
sverka::AlignerInput Input(const std::string& language, int count) {
  const std::vector<std::string>& gold = GoldSentences(language);
  sverka::AlignerInput input;
  input.language = language;
  for (int i = 0; i < count && !gold.empty(); ++i) {
    input.sentences.push_back(gold[i % gold.size()]);
    input.paragraphs.push_back(i / 4);
  }
  return input;
}

double PeakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux: kilobytes
}

void BM_Align(benchmark::State& state) {
  static const std::unique_ptr<sverka::BilingualDictionary> dictionary = [] {
    const std::string base = sverka::FindInstalledDictionary("en", "bg");
    if (base.empty()) return std::unique_ptr<sverka::BilingualDictionary>();
    auto loaded = sverka::BilingualDictionary::LoadDictd(base, "en", "bg");
    return loaded.ok() ? std::move(*loaded) : nullptr;
  }();
  const int sentences = static_cast<int>(state.range(0));
  const sverka::AlignerInput source = Input("bg", sentences);
  const sverka::AlignerInput target = Input("en", sentences);
  if (source.sentences.empty()) {
    state.SkipWithError("no ntrex-dev data in ../shared/eval/align");
    return;
  }
  auto aligner = sverka::Aligner::Create({.dictionary = dictionary.get()});
  if (!aligner.ok()) {
    state.SkipWithError(aligner.status().ToString().c_str());
    return;
  }
  size_t beads = 0;
  for (auto _ : state) {
    sverka::Alignment alignment = (*aligner)->Align(source, target);
    beads = alignment.beads.size();
    benchmark::DoNotOptimize(alignment);
  }
  state.counters["beads"] = static_cast<double>(beads);
  state.counters["sentences_per_s"] =
      benchmark::Counter(static_cast<double>(sentences),
                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MB"] = PeakRssMegabytes();
  state.counters["dictionary"] = dictionary ? 1 : 0;
}
BENCHMARK(BM_Align)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// 50 pairs of 20 units, new texts each time (as a batch's commit).
std::vector<sverka::TranslationUnit> CommitUnits(int64_t serial) {
  std::vector<sverka::TranslationUnit> units;
  const std::string now = sverka::NowIso8601();
  for (int pair = 0; pair < 50; ++pair) {
    const std::string origin =
        std::to_string(serial) + "-" + std::to_string(pair);
    for (int k = 0; k < 20; ++k) {
      sverka::TranslationUnit unit;
      unit.source_language = "bg";
      unit.target_language = "en";
      unit.source_text = "Общината получи " + std::to_string(k) +
                         " лева по проект " + origin + ".";
      unit.target_text = "The municipality received " + std::to_string(k) +
                         " leva under project " + origin + ".";
      unit.confidence = 0.95;
      unit.bead_type = "1-1";
      unit.origin = origin + ".bg.txt|" + origin + ".en.txt";
      unit.origin_hash = sverka::Sha256Hex(origin);
      unit.created = now;
      unit.changed = now;
      units.push_back(std::move(unit));
    }
  }
  return units;
}

std::string TempMemoryPath() {
  return (std::filesystem::temp_directory_path() /
          ("sverka-batch-bench-" + std::to_string(::getpid()) + ".db"))
      .string();
}

void RemoveMemory(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
}

void BM_ImportBatch(benchmark::State& state) {
  const std::string path = TempMemoryPath();
  RemoveMemory(path);
  auto memory = sverka::OpenSqliteMemory(path, {});
  if (!memory.ok()) {
    state.SkipWithError(memory.status().ToString().c_str());
    return;
  }
  int64_t serial = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::vector<sverka::TranslationUnit> units = CommitUnits(serial++);
    state.ResumeTiming();
    auto added = (*memory)->Import(units);
    if (!added.ok()) {
      state.SkipWithError(added.status().ToString().c_str());
      break;
    }
  }
  state.counters["units_per_s"] =
      benchmark::Counter(1000, benchmark::Counter::kIsIterationInvariantRate);
  memory->reset();
  RemoveMemory(path);
}
BENCHMARK(BM_ImportBatch)->Unit(benchmark::kMillisecond)->Iterations(40);

void BM_HasOrigin(benchmark::State& state) {
  const std::string path = TempMemoryPath();
  RemoveMemory(path);
  auto memory = sverka::OpenSqliteMemory(path, {});
  if (!memory.ok()) {
    state.SkipWithError(memory.status().ToString().c_str());
    return;
  }
  for (int64_t serial = 0; serial < 20; ++serial) {  // 1000 origins
    if (!(*memory)->Import(CommitUnits(serial)).ok()) {
      state.SkipWithError("import failed");
      return;
    }
  }
  int64_t i = 0;
  for (auto _ : state) {
    // Half stored, half not.
    const std::string origin =
        std::to_string(i % 40) + "-" + std::to_string(i % 50);
    auto found = (*memory)->HasOrigin(sverka::Sha256Hex(origin));
    benchmark::DoNotOptimize(found);
    ++i;
  }
  memory->reset();
  RemoveMemory(path);
}
BENCHMARK(BM_HasOrigin)->Unit(benchmark::kMicrosecond);

// The bg.txt and en.txt of every ntrex-dev case.
std::vector<std::pair<std::string, std::string>> DevCasePaths() {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::filesystem::path root =
      std::filesystem::path(SVERKA_SHARED_DIR) / "eval/align/ntrex-dev";
  for (const char* variant : {"clean", "hard", "drift"}) {
    std::error_code ec;
    std::vector<std::filesystem::path> cases;
    for (const auto& entry :
         std::filesystem::directory_iterator(root / variant, ec)) {
      if (std::filesystem::exists(entry.path() / "bg.txt")) {
        cases.push_back(entry.path());
      }
    }
    std::sort(cases.begin(), cases.end());
    for (const auto& path : cases) {
      pairs.emplace_back((path / "bg.txt").string(),
                         (path / "en.txt").string());
    }
  }
  return pairs;
}

void BM_ReadPair(benchmark::State& state) {
  const std::vector<std::pair<std::string, std::string>> pairs = DevCasePaths();
  if (pairs.empty()) {
    state.SkipWithError("no ntrex-dev data in ../shared/eval/align");
    return;
  }
  size_t next = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& [source_path, target_path] = pairs[next++ % pairs.size()];
    for (const auto& [path, language] :
         {std::pair{&source_path, "bg"}, std::pair{&target_path, "en"}}) {
      sverka::Result<sverka::Document> doc = sverka::ReadTextFile(*path, {});
      if (!doc.ok()) {
        state.SkipWithError(doc.status().ToString().c_str());
        return;
      }
      std::string warning;
      sverka::Status checked = sverka::CheckLanguage(*doc, language, &warning);
      benchmark::DoNotOptimize(checked);
      bytes += static_cast<int64_t>(doc->text.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());  // pairs
}
BENCHMARK(BM_ReadPair)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
