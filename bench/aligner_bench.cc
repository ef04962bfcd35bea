// Aligner speed. Long inputs: ntrex-dev's hard-long pair (890 x 872
// sentences, 60 news documents joined) repeated 1, 10 and 50 times, without
// and with the installed FreeDict dictionary. Issue 4 asks for linear growth
// (50x at most 6 times 10x) and the 10x pair well under hunalign's 3.7 s for
// a pair of that size; the Cold variant aligns it with a new aligner each
// time (nothing cached from the iteration before, as one `sverka align`).
// Documents: the 60 hard documents one by one (about 16 sentences a side),
// as `sverka batch` aligns them, with the dictionary.
//
//   build/aligner_bench --benchmark_filter=Align
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sverka/aligner.h"
#include "sverka/bilingual_dictionary.h"

namespace sverka {
namespace {

const std::string kCases =
    std::string(SVERKA_SHARED_DIR) + "/eval/align/ntrex-dev/";

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

AlignerInput Repeated(const std::string& language, int times) {
  const std::vector<std::string> lines =
      ReadLines(kCases + "hard-long/all/" + language + ".sent");
  AlignerInput input;
  input.language = language;
  for (int t = 0; t < times; ++t) {
    input.sentences.insert(input.sentences.end(), lines.begin(), lines.end());
  }
  input.paragraphs.assign(input.sentences.size(), 0);
  return input;
}

// The installed FreeDict eng-bul, loaded once; null when not installed.
const BilingualDictionary* Dictionary() {
  static const std::unique_ptr<BilingualDictionary> dictionary = [] {
    const std::string base = FindInstalledDictionary("en", "bg");
    if (base.empty()) return std::unique_ptr<BilingualDictionary>();
    auto loaded = BilingualDictionary::LoadDictd(base, "en", "bg");
    return loaded.ok() ? std::move(*loaded) : nullptr;
  }();
  return dictionary.get();
}

// `cold`: a new aligner for each iteration (created inside the timing), so
// that nothing one iteration learnt (each word's keys and Latin form, the
// dictionary's word memo) serves the next: one pair aligned once, as one
// `sverka align` does after loading the dictionary. Otherwise one aligner
// for all iterations, as a batch's worker keeps it.
void AlignRepeated(benchmark::State& state, const BilingualDictionary* dict,
                   bool cold = false) {
  const int times = static_cast<int>(state.range(0));
  const AlignerInput source = Repeated("bg", times);
  const AlignerInput target = Repeated("en", times);
  if (source.sentences.empty() || target.sentences.empty()) {
    state.SkipWithError("ntrex-dev hard-long case not found");
    return;
  }
  auto aligner = Aligner::Create({.dictionary = dict});
  if (!aligner.ok()) {
    state.SkipWithError(aligner.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    if (cold) {
      auto fresh = Aligner::Create({.dictionary = dict});
      if (!fresh.ok()) {
        state.SkipWithError(fresh.status().ToString().c_str());
        return;
      }
      Alignment alignment = (*fresh)->Align(source, target);
      benchmark::DoNotOptimize(alignment.beads.data());
      continue;
    }
    Alignment alignment = (*aligner)->Align(source, target);
    benchmark::DoNotOptimize(alignment.beads.data());
  }
  state.counters["sentences"] =
      static_cast<double>(source.sentences.size() + target.sentences.size());
}

void BM_AlignRepeatedHardLong(benchmark::State& state) {
  AlignRepeated(state, nullptr);
}
BENCHMARK(BM_AlignRepeatedHardLong)
    ->Arg(1)
    ->Arg(10)
    ->Arg(50)
    ->Unit(benchmark::kMillisecond);

void BM_AlignRepeatedHardLongDictionary(benchmark::State& state) {
  if (Dictionary() == nullptr) {
    state.SkipWithError("no FreeDict eng-bul installed");
    return;
  }
  AlignRepeated(state, Dictionary());
}
BENCHMARK(BM_AlignRepeatedHardLongDictionary)
    ->Arg(1)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond);

void BM_AlignRepeatedHardLongDictionaryCold(benchmark::State& state) {
  if (Dictionary() == nullptr) {
    state.SkipWithError("no FreeDict eng-bul installed");
    return;
  }
  AlignRepeated(state, Dictionary(), /*cold=*/true);
}
BENCHMARK(BM_AlignRepeatedHardLongDictionaryCold)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond);

// Every hard document aligned on its own; sentence pairs a second counts
// the source sentences.
void BM_AlignHardDocumentsDictionary(benchmark::State& state) {
  std::vector<std::pair<AlignerInput, AlignerInput>> documents;
  size_t sentences = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(kCases + "hard")) {
    AlignerInput source, target;
    source.language = "bg";
    target.language = "en";
    source.sentences = ReadLines(entry.path().string() + "/bg.sent");
    target.sentences = ReadLines(entry.path().string() + "/en.sent");
    source.paragraphs.assign(source.sentences.size(), 0);
    target.paragraphs.assign(target.sentences.size(), 0);
    sentences += source.sentences.size();
    documents.emplace_back(std::move(source), std::move(target));
  }
  if (documents.empty()) {
    state.SkipWithError("ntrex-dev hard cases not found");
    return;
  }
  auto aligner = Aligner::Create({.dictionary = Dictionary()});
  if (!aligner.ok()) {
    state.SkipWithError(aligner.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    for (const auto& [source, target] : documents) {
      Alignment alignment = (*aligner)->Align(source, target);
      benchmark::DoNotOptimize(alignment.beads.data());
    }
  }
  state.counters["documents"] = static_cast<double>(documents.size());
  state.counters["sentence_pairs_per_s"] =
      benchmark::Counter(static_cast<double>(sentences),
                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["dictionary"] = Dictionary() != nullptr ? 1 : 0;
}
BENCHMARK(BM_AlignHardDocumentsDictionary)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sverka

BENCHMARK_MAIN();
