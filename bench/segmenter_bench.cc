// Segmenter throughput: Segmenter::Split beside ICU's bare sentence
// BreakIterator on the same text (all dev documents of a language joined,
// from ../shared/eval/seg). Both count the UTF-8 to UTF-16 conversion, so
// the ratio is what the line rules and the language rules cost.
//
//   build/segmenter_bench --benchmark_filter=bg
#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sverka/segmenter.h"

namespace {

// The dev documents of `lang`, joined with blank lines; "" when missing.
const std::string& DevText(const std::string& lang) {
  static auto* texts = new std::vector<std::pair<std::string, std::string>>;
  for (const auto& [l, text] : *texts) {
    if (l == lang) return text;
  }
  std::vector<std::filesystem::path> files;
  const auto docs =
      std::filesystem::path(SVERKA_SHARED_DIR) / "eval/seg" / lang / "docs";
  if (std::filesystem::exists(docs)) {
    for (const auto& e : std::filesystem::directory_iterator(docs)) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text += ss.str();
    text += "\n\n";
  }
  texts->emplace_back(lang, std::move(text));
  return texts->back().second;
}

sverka::Document MakeDocument(const std::string& text) {
  sverka::Document doc;
  doc.name = "dev";
  doc.encoding = "UTF-8";
  doc.text = text;
  doc.line_starts.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') doc.line_starts.push_back(i + 1);
  }
  return doc;
}

const char* Language(const benchmark::State& state) {
  return state.range(0) == 0 ? "bg" : "en";
}

void BM_SegmenterSplit(benchmark::State& state) {
  const std::string lang = Language(state);
  const std::string& text = DevText(lang);
  if (text.empty()) {
    state.SkipWithError("no dev set in ../shared/eval/seg");
    return;
  }
  auto segmenter = sverka::Segmenter::Create({.language = lang});
  if (!segmenter.ok()) {
    state.SkipWithError(segmenter.status().ToString().c_str());
    return;
  }
  const sverka::Document doc = MakeDocument(text);
  size_t sentences = 0;
  for (auto _ : state) {
    std::vector<sverka::Sentence> out = (*segmenter)->Split(doc);
    sentences = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(lang);
  state.counters["sentences"] = static_cast<double>(sentences);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_SegmenterSplit)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// ICU alone: the whole text converted once per iteration and every sentence
// break visited (the locales Segmenter::Create uses).
void BM_IcuSentenceBreakIterator(benchmark::State& state) {
  const std::string lang = Language(state);
  const std::string& text = DevText(lang);
  if (text.empty()) {
    state.SkipWithError("no dev set in ../shared/eval/seg");
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(
          icu::Locale(lang == "en" ? "en@ss=standard" : "bg"), status));
  if (U_FAILURE(status)) {
    state.SkipWithError(u_errorName(status));
    return;
  }
  size_t breaks = 0;
  for (auto _ : state) {
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    iterator->setText(unicode);
    breaks = 0;
    for (int32_t b = iterator->first(); b != icu::BreakIterator::DONE;
         b = iterator->next()) {
      ++breaks;
    }
    benchmark::DoNotOptimize(breaks);
  }
  state.SetLabel(lang);
  state.counters["breaks"] = static_cast<double>(breaks);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_IcuSentenceBreakIterator)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
