// Bilingual dictionary: load time of the installed FreeDict eng-bul and the
// cost of the per-word and per-sentence lookups the aligner makes.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <string>

#include "sverka/bilingual_dictionary.h"

namespace {

const std::string kBase = "/usr/share/dictd/freedict-eng-bul";

const sverka::BilingualDictionary* Dictionary() {
  static const auto* dict = [] {
    auto loaded = sverka::BilingualDictionary::LoadDictd(kBase, "en", "bg");
    return loaded.ok() ? std::move(loaded).value().release() : nullptr;
  }();
  return dict;
}

const char kBulgarian[] =
    "Общината на град Враца и нейните партньори представиха стратегията "
    "за развитие на градовете в региона до 2030 година.";
const char kEnglish[] =
    "The Municipality of Vratsa and its partners presented the strategy "
    "for the development of the cities in the region until 2030.";

void BM_LoadDictd(benchmark::State& state) {
  if (!std::filesystem::exists(kBase + ".index")) {
    state.SkipWithError("dict-freedict-eng-bul is not installed");
    return;
  }
  size_t entries = 0;
  for (auto _ : state) {
    auto dict = sverka::BilingualDictionary::LoadDictd(kBase, "en", "bg");
    if (!dict.ok()) {
      state.SkipWithError(dict.status().ToString().c_str());
      return;
    }
    entries = (*dict)->entry_count();
  }
  state.counters["entries"] = static_cast<double>(entries);
}
BENCHMARK(BM_LoadDictd)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_KeyAndTranslations(benchmark::State& state) {
  const auto* dict = Dictionary();
  if (dict == nullptr) {
    state.SkipWithError("dict-freedict-eng-bul is not installed");
    return;
  }
  for (auto _ : state) {
    const std::string key = dict->KeyOf("градовете", "bg");
    benchmark::DoNotOptimize(dict->TranslationsOf(key, "bg").size());
  }
}
BENCHMARK(BM_KeyAndTranslations);

void BM_KeysOfSentence(benchmark::State& state) {
  const auto* dict = Dictionary();
  if (dict == nullptr) {
    state.SkipWithError("dict-freedict-eng-bul is not installed");
    return;
  }
  sverka::BilingualDictionary::SentenceKeys bg, en;
  for (auto _ : state) {
    dict->KeysOfSentence(kBulgarian, "bg", bg);
    dict->KeysOfSentence(kEnglish, "en", en);
    benchmark::DoNotOptimize(bg.translated.size() + en.own.size());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_KeysOfSentence);

}  // namespace

BENCHMARK_MAIN();
