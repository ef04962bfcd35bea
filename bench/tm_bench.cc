// Translation memory benchmarks on a generated memory: TMX export and
// import rates, fuzzy lookup (median and p99 per sentence), concordance.
//
//   SVERKA_BENCH_UNITS=N build/tm_bench   (default 100000 units)
//   SVERKA_BENCH_VERIFY=N        queries per minimum for the full-scan check
//
// Sentences are 6-20 Cyrillic pseudo-words drawn from a Zipf-distributed
// vocabulary of 50,000 (so common words are very common, as in text);
// queries are stored sources with one or two words changed.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "sverka/fuzzy_match.h"
#include "sverka/tmx.h"
#include "sverka/translation_memory.h"

namespace {

namespace fs = std::filesystem;

// CPU seconds (user + system) of the whole process, every thread: on a
// shared machine the wall time of an import says as much about the other
// processes as about it.
double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int64_t Units() {
  const char* env = std::getenv("SVERKA_BENCH_UNITS");
  return env != nullptr ? std::atoll(env) : 100000;
}

struct Corpus {
  std::vector<std::string> vocabulary;
  std::discrete_distribution<int> zipf;
  std::mt19937 random{42};

  Corpus() {
    const char* syllables[] = {"ра", "ко", "ни",  "ве",  "ло",  "ст", "пре",
                               "за", "ми", "до",  "бра", "тел", "на", "ски",
                               "ов", "жи", "гра", "ча",  "ще",  "ют"};
    std::vector<double> weights;
    for (int i = 0; i < 50000; ++i) {
      std::string word;
      int n = i;
      do {
        word += syllables[n % 20];
        n /= 20;
      } while (n > 0);
      vocabulary.push_back(word);
      weights.push_back(1.0 / (i + 1));
    }
    zipf = std::discrete_distribution<int>(weights.begin(), weights.end());
  }
  std::string Sentence() {
    const int words = 6 + static_cast<int>(random() % 15);
    std::string s;
    for (int i = 0; i < words; ++i) {
      std::string w = vocabulary[zipf(random)];
      if (i == 0) w = "Н" + w;
      s += (i ? " " : "") + w;
      if (i == words / 2 && random() % 3 == 0) s += ",";
    }
    return s + ".";
  }
};

struct Fixture {
  fs::path dir;
  std::string tmx, db;
  std::vector<std::string> sources;
  double export_units_per_s = 0, import_units_per_s = 0;
  double import_cpu_units_per_s = 0;  // per CPU second, all threads
  int64_t units = 0;
  std::unique_ptr<sverka::TranslationMemory> memory;

  Fixture() {
    units = Units();
    dir = fs::temp_directory_path() /
          ("sverka-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    tmx = (dir / "generated.tmx").string();
    db = (dir / "tm.db").string();
    Corpus corpus;
    std::vector<sverka::TranslationUnit> all;
    for (int64_t i = 0; i < units; ++i) {
      sverka::TranslationUnit u;
      u.source_language = "bg";
      u.target_language = "en";
      u.source_text = corpus.Sentence();
      u.target_text = "Translation " + std::to_string(i) + " of it.";
      u.created = u.changed = "2026-01-01T10:00:00Z";
      u.id = i + 1;
      if (i % 97 == 0) sources.push_back(u.source_text);
      all.push_back(std::move(u));
    }
    // Export: TmxWriter over the units (what ExportTmx does per unit).
    auto start = std::chrono::steady_clock::now();
    sverka::TmxWriter writer;
    if (!writer.Open(tmx, {}).ok()) std::abort();
    for (const auto& u : all) {
      if (!writer.Write(u).ok()) std::abort();
    }
    if (!writer.Close().ok()) std::abort();
    export_units_per_s = units / std::chrono::duration<double>(
                                     std::chrono::steady_clock::now() - start)
                                     .count();
    all.clear();
    // Import: the TMX file into a new memory (parse, index, one transaction).
    auto tm = sverka::OpenSqliteMemory(db, {});
    if (!tm.ok()) std::abort();
    memory = std::move(*tm);
    start = std::chrono::steady_clock::now();
    const double cpu_start = ProcessCpuSeconds();
    auto imported = sverka::ImportTmx(tmx, *memory, {});
    const double cpu = ProcessCpuSeconds() - cpu_start;
    if (!imported.ok()) {
      fprintf(stderr, "%s\n", imported.status().ToString().c_str());
      std::abort();
    }
    import_units_per_s =
        imported->imported /
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    import_cpu_units_per_s = imported->imported / cpu;
    fprintf(stderr,
            "memory: %lld units; TMX export %.0f units/s, TMX import %.0f "
            "units/s (%.0f per CPU second); TMX %s (%.0f MB)\n",
            static_cast<long long>(units), export_units_per_s,
            import_units_per_s, import_cpu_units_per_s, tmx.c_str(),
            fs::file_size(tmx) / 1e6);
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

// A stored source with one or two words replaced or dropped.
std::string Mutate(const std::string& source, std::mt19937& random) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < source.size()) {
    size_t space = source.find(' ', start);
    if (space == std::string::npos) space = source.size();
    words.push_back(source.substr(start, space - start));
    start = space + 1;
  }
  const int edits = 1 + static_cast<int>(random() % 2);
  for (int e = 0; e < edits && words.size() > 3; ++e) {
    const size_t at = 1 + random() % (words.size() - 2);
    if (random() % 2) {
      words[at] = "заменено";
    } else {
      words.erase(words.begin() + static_cast<long>(at));
    }
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The memory as given, counting the lookups whose candidates came from the
// prefilter and those that fell back to a full scan (truncated), so that an
// agreement with the full scan is not only the fallback agreeing with itself.
class CountingMemory : public sverka::TranslationMemory {
 public:
  explicit CountingMemory(sverka::TranslationMemory& memory)
      : memory_(memory) {}
  mutable int64_t prefiltered = 0, fell_back = 0, candidates = 0;

  sverka::Result<int64_t> Import(
      const std::vector<sverka::TranslationUnit>& units) override {
    return memory_.Import(units);
  }
  sverka::Result<std::unique_ptr<sverka::ImportSession>> BeginImport()
      override {
    return memory_.BeginImport();
  }
  sverka::Result<sverka::CandidateResult> FindCandidates(
      const sverka::CandidateQuery& query) const override {
    auto found = memory_.FindCandidates(query);
    if (found.ok()) {
      ++(found->truncated ? fell_back : prefiltered);
      candidates += static_cast<int64_t>(found->units.size());
    }
    return found;
  }
  sverka::Result<std::vector<sverka::TranslationUnit>> Search(
      const sverka::SearchQuery& query) const override {
    return memory_.Search(query);
  }
  sverka::Status ForEach(
      const sverka::ExportFilter& filter,
      const std::function<sverka::Status(const sverka::TranslationUnit&)>&
          visit) const override {
    return memory_.ForEach(filter, visit);
  }
  sverka::Result<sverka::MemoryStats> Stats() const override {
    return memory_.Stats();
  }
  sverka::Result<bool> HasOrigin(
      const std::string& origin_hash) const override {
    return memory_.HasOrigin(origin_hash);
  }

 private:
  sverka::TranslationMemory& memory_;
};

void BM_Lookup(benchmark::State& state) {
  Fixture& f = Shared();
  CountingMemory counting(*f.memory);
  sverka::FuzzyMatcher matcher(counting, {});
  std::mt19937 random(1);
  std::vector<double> ms;
  int64_t found = 0;
  for (auto _ : state) {
    const std::string query =
        Mutate(f.sources[random() % f.sources.size()], random);
    const auto start = std::chrono::steady_clock::now();
    auto matches = matcher.Lookup(query);
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count());
    if (!matches.ok()) state.SkipWithError("lookup failed");
    found += matches.ok() && !matches->empty();
  }
  std::sort(ms.begin(), ms.end());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["with_match_%"] = 100.0 * found / ms.size();
  state.counters["units"] = static_cast<double>(f.units);
  state.counters["candidates"] =
      static_cast<double>(counting.candidates) / ms.size();
  state.counters["fell_back"] = static_cast<double>(counting.fell_back);
}
BENCHMARK(BM_Lookup)->Iterations(1000)->Unit(benchmark::kMillisecond);

// The prefilter's proof on this memory: Lookup and LookupFullScan (which
// scores every unit) must return the same units with the same scores, at
// 50, 70 and 85 %. SVERKA_BENCH_VERIFY queries per minimum (default 10; a
// full scan of 1M units takes tens of seconds). "prefiltered" counts the
// comparisons whose Lookup used the prefilter's candidates (the others fell
// back to a full scan, which agrees trivially).
void BM_PrefilterAgreesWithFullScan(benchmark::State& state) {
  Fixture& f = Shared();
  const char* env = std::getenv("SVERKA_BENCH_VERIFY");
  const int queries = env != nullptr ? std::atoi(env) : 10;
  std::mt19937 random(3);
  int64_t compared = 0, agreed = 0, matches = 0;
  CountingMemory counting(*f.memory);
  for (auto _ : state) {
    for (int min_score : {50, 70, 85}) {
      sverka::FuzzyMatcher matcher(
          counting, {.max_results = 1000, .min_score = min_score});
      for (int q = 0; q < queries; ++q) {
        const std::string query =
            Mutate(f.sources[random() % f.sources.size()], random);
        auto fast = matcher.Lookup(query);
        auto full = matcher.LookupFullScan(query);
        if (!fast.ok() || !full.ok()) {
          state.SkipWithError("lookup failed");
          return;
        }
        std::vector<std::pair<int64_t, int>> a, b;
        for (const auto& m : *fast) a.emplace_back(m.unit.id, m.score);
        for (const auto& m : *full) b.emplace_back(m.unit.id, m.score);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        ++compared;
        agreed += a == b;
        matches += static_cast<int64_t>(b.size());
        if (a != b) {
          fprintf(stderr, "prefilter lost a match at %d%%: %s\n", min_score,
                  query.c_str());
        }
      }
    }
  }
  state.counters["queries"] = static_cast<double>(compared);
  state.counters["agreed"] = static_cast<double>(agreed);
  state.counters["full_scan_matches"] = static_cast<double>(matches);
  state.counters["prefiltered"] = static_cast<double>(counting.prefiltered);
  state.counters["fell_back"] = static_cast<double>(counting.fell_back);
}
BENCHMARK(BM_PrefilterAgreesWithFullScan)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_Concordance(benchmark::State& state) {
  Fixture& f = Shared();
  std::mt19937 random(2);
  for (auto _ : state) {
    const std::string& s = f.sources[random() % f.sources.size()];
    const std::string term = s.substr(0, s.find(' '));
    auto hits = sverka::Concordance(*f.memory, term, {.limit = 50});
    if (!hits.ok()) state.SkipWithError("concordance failed");
  }
}
BENCHMARK(BM_Concordance)->Iterations(300)->Unit(benchmark::kMillisecond);

void BM_ImportExportRates(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) benchmark::DoNotOptimize(f.units);
  state.counters["export_units_per_s"] = f.export_units_per_s;
  state.counters["import_units_per_s"] = f.import_units_per_s;
  state.counters["import_units_per_cpu_s"] = f.import_cpu_units_per_s;
}
BENCHMARK(BM_ImportExportRates)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  // As the sverka command does (src/cli/main.cc, include/sverka/tmx.h):
  // the import's threads would otherwise queue on SQLite's statistics mutex.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  if (std::getenv("SVERKA_BENCH_KEEP") == nullptr) {  // else: reuse the TMX
    std::error_code ec;
    fs::remove_all(Shared().dir, ec);
  }
  return 0;
}
