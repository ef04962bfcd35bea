// Batch: manifests, folder matching, shards, the report, and batches run
// through the library and through the binary (a failing pair in the middle,
// --resume after a SIGKILL, shards that cover a manifest exactly once).
#include "sverka/batch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "sverka/translation_memory.h"
#include "test_util.h"

namespace sverka {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

const std::string kSverka = SVERKA_BINARY;

// A Bulgarian document and its English translation, `sentences` long, every
// sentence unique to the pair (its number `id`-k), so that every unit of
// the memory comes from exactly one pair.
std::pair<std::string, std::string> MakeDocuments(int id, int sentences) {
  static const char* const kBulgarian[] = {
      "Общината получи %d лева за ремонт на улица номер %s.",
      "Кметът откри новата детска градина в квартал %s с %d места.",
      "Срещата на партньорите по проект %s ще бъде на %d май в Милано.",
      "Жителите подадоха %d предложения за парка по програма %s.",
  };
  static const char* const kEnglish[] = {
      "The municipality received %d leva to repair street number %s.",
      "The mayor opened the new kindergarten in district %s with %d places.",
      "The meeting of the partners in project %s will be on %d May in Milan.",
      "Residents made %d proposals for the park under programme %s.",
  };
  std::string source, target;
  for (int k = 0; k < sentences; ++k) {
    const std::string tag = std::to_string(id) + "-" + std::to_string(k);
    const int amount = 1000 + 37 * id + 11 * k;
    const int t = (id + k) % 4;
    char buffer[512];
    if (t == 0 || t == 3) {
      std::snprintf(buffer, sizeof buffer, kBulgarian[t], amount, tag.c_str());
      source += buffer;
      std::snprintf(buffer, sizeof buffer, kEnglish[t], amount, tag.c_str());
      target += buffer;
    } else {
      std::snprintf(buffer, sizeof buffer, kBulgarian[t], tag.c_str(), amount);
      source += buffer;
      std::snprintf(buffer, sizeof buffer, kEnglish[t], tag.c_str(), amount);
      target += buffer;
    }
    const bool paragraph_end = k % 3 == 2;
    source += paragraph_end ? "\n\n" : " ";
    target += paragraph_end ? "\n\n" : " ";
  }
  return {source, target};
}

// Writes `count` pairs as DIR/NNN.bg.txt + DIR/NNN.en.txt and a manifest
// DIR/manifest.tsv with relative paths; returns the manifest's path.
std::string MakeBatch(const TempDir& dir, int count, int sentences) {
  std::string manifest = "# generated\n";
  for (int i = 0; i < count; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%03d", i);
    const auto [source, target] = MakeDocuments(i, sentences);
    WriteFile(dir.Path(std::string(name) + ".bg.txt"), source);
    WriteFile(dir.Path(std::string(name) + ".en.txt"), target);
    manifest +=
        std::string(name) + ".bg.txt\t" + name + ".en.txt\t" + name + "\n";
  }
  WriteFile(dir.Path("manifest.tsv"), manifest);
  return dir.Path("manifest.tsv");
}

// Runs the sverka binary (a free function: TEST bodies hide Run()).
testing::RunResult RunSverka(const std::vector<std::string>& args) {
  return testing::Run(kSverka, args);
}

BatchOptions Options() {
  BatchOptions options;
  options.jobs = 2;
  options.aligner.dictionary = "none";  // fast and the same on every machine
  return options;
}

// A batch's totals and every pair's report, by its index: RunBatch keeps
// no pair's report, it passes each on once (checked here) to pair_done.
struct Collected {
  Result<BatchReport> report;
  std::vector<PairReport> pairs;
};

Collected RunCollecting(const std::vector<BatchPair>& pairs,
                        BatchOptions options) {
  std::vector<PairReport> reports;
  std::vector<int> calls;
  options.pair_done = [&](const PairReport& pair) {
    const size_t index = static_cast<size_t>(pair.index);
    if (index >= reports.size()) {
      reports.resize(index + 1);
      calls.resize(index + 1);
    }
    reports[index] = pair;
    ++calls[index];
  };
  Collected out{RunBatch(pairs, options), {}};
  if (out.report.ok()) {
    EXPECT_EQ(static_cast<int64_t>(reports.size()), out.report->pairs);
    for (size_t i = 0; i < calls.size(); ++i) {
      EXPECT_EQ(calls[i], 1) << "pair " << i;
      EXPECT_EQ(reports[i].index, static_cast<int64_t>(i));
    }
  }
  out.pairs = std::move(reports);
  return out;
}

// The "key":number of a JSON report.
int64_t JsonCount(const std::string& json, const std::string& key) {
  std::smatch match;
  if (!std::regex_search(json, match, std::regex("\"" + key + "\":([0-9]+)"))) {
    return -1;
  }
  return std::stoll(match[1]);
}

// ---- Manifest ----

TEST(Manifest, SkipsCommentsAndResolvesPathsAgainstItsFolder) {
  const std::string text =
      "\xEF\xBB\xBF# source\ttarget\tid\n"
      "\n"
      "a.bg.txt\ta.en.txt\n"
      "  # an indented comment\n"
      "sub/b.bg.txt\t/abs/b.en.txt\tpress-b\r\n"
      " c.bg.txt \t c.en.txt \t\n";
  Result<std::vector<BatchPair>> pairs =
      ParseManifest(text, "/data/batch/manifest.tsv");
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_EQ(pairs->size(), 3u);
  EXPECT_EQ((*pairs)[0].id, "a.bg.txt");
  EXPECT_EQ((*pairs)[0].source_path, "/data/batch/a.bg.txt");
  EXPECT_EQ((*pairs)[0].target_path, "/data/batch/a.en.txt");
  EXPECT_EQ((*pairs)[0].manifest_line, 3);
  EXPECT_EQ((*pairs)[1].id, "press-b");
  EXPECT_EQ((*pairs)[1].source_path, "/data/batch/sub/b.bg.txt");
  EXPECT_EQ((*pairs)[1].target_path, "/abs/b.en.txt");
  EXPECT_EQ((*pairs)[2].id, "c.bg.txt");
  EXPECT_EQ((*pairs)[2].target_path, "/data/batch/c.en.txt");
  EXPECT_EQ((*pairs)[2].manifest_line, 6);
}

TEST(Manifest, ManifestInTheWorkingDirectoryKeepsRelativePaths) {
  Result<std::vector<BatchPair>> pairs = ParseManifest("a\tb\n", "m.tsv");
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ((*pairs)[0].source_path, "a");
  EXPECT_EQ((*pairs)[0].target_path, "b");
}

TEST(Manifest, BadLineNamesFileAndLine) {
  Result<std::vector<BatchPair>> pairs =
      ParseManifest("# pairs\na\tb\nonly-one-path.txt\n", "m.tsv");
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(pairs.status().file(), "m.tsv");
  EXPECT_EQ(pairs.status().line(), 3);
  EXPECT_NE(pairs.status().ToString().find("m.tsv: line 3"), std::string::npos)
      << pairs.status().ToString();

  pairs = ParseManifest("a\tb\tc\td\n", "m.tsv");
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().line(), 1);

  pairs = ParseManifest("a\t\n", "m.tsv");
  ASSERT_FALSE(pairs.ok());
  EXPECT_NE(pairs.status().message().find("target"), std::string::npos);
}

TEST(Manifest, RepeatedIdNamesBothLines) {
  Result<std::vector<BatchPair>> pairs =
      ParseManifest("a\tb\nx\ty\na\tc\n", "m.tsv");
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().line(), 3);
  EXPECT_NE(pairs.status().message().find("line 1"), std::string::npos);
  // Ids in the third column make the lines distinct.
  EXPECT_TRUE(ParseManifest("a\tb\t1\na\tc\t2\n", "m.tsv").ok());
}

TEST(Manifest, EmptyAndMissingManifests) {
  Result<std::vector<BatchPair>> pairs = ParseManifest("# nothing\n\n", "m");
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().code(), StatusCode::kInvalidInput);
  TempDir dir;
  pairs = ReadManifest(dir.Path("missing.tsv"));
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(pairs.status().file(), dir.Path("missing.tsv"));
  pairs = ReadManifest(dir.path());
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().code(), StatusCode::kInvalidInput);
}

// ---- Folder matching ----

std::vector<std::string> Ids(const std::vector<BatchPair>& pairs) {
  std::vector<std::string> ids;
  for (const BatchPair& pair : pairs) ids.push_back(pair.id);
  return ids;
}

TEST(MatchFolders, LanguageInTheNameInOneFolder) {
  TempDir dir;
  std::filesystem::create_directories(dir.Path("news"));
  for (const char* name :
       {"a.bg.txt", "a.en.txt", "news/b.BG.md", "news/b.en.md", "lonely.bg.txt",
        "readme.txt", ".hidden.bg.txt"}) {
    WriteFile(dir.Path(name), "x");
  }
  Result<FolderMatch> match = MatchFolders(dir.path(), dir.path(), "bg", "en");
  ASSERT_TRUE(match.ok()) << match.status().ToString();
  EXPECT_EQ(Ids(match->pairs),
            (std::vector<std::string>{"a.txt", "news/b.md"}));
  EXPECT_EQ(match->pairs[0].source_path, dir.Path("a.bg.txt"));
  EXPECT_EQ(match->pairs[0].target_path, dir.Path("a.en.txt"));
  ASSERT_EQ(match->unmatched.size(), 2u);
  EXPECT_EQ(match->unmatched[0].path, dir.Path("lonely.bg.txt"));
  EXPECT_NE(match->unmatched[0].reason.find("no en file"), std::string::npos);
  EXPECT_EQ(match->unmatched[1].path, dir.Path("readme.txt"));
}

TEST(MatchFolders, SameNameInTwoFolders) {
  TempDir dir;
  for (const char* name :
       {"bg/x.txt", "en/x.txt", "bg/2026/y.txt", "en/2026/y.txt",
        "bg/only-bg.txt", "en/only-en.txt", "bg/z.bg.txt", "en/z.en.txt"}) {
    std::filesystem::create_directories(
        std::filesystem::path(dir.Path(name)).parent_path());
    WriteFile(dir.Path(name), "x");
  }
  Result<FolderMatch> match =
      MatchFolders(dir.Path("bg"), dir.Path("en"), "bg", "en");
  ASSERT_TRUE(match.ok()) << match.status().ToString();
  EXPECT_EQ(Ids(match->pairs),
            (std::vector<std::string>{"2026/y.txt", "x.txt", "z.txt"}));
  EXPECT_EQ(match->pairs[0].source_path, dir.Path("bg") + "/2026/y.txt");
  ASSERT_EQ(match->unmatched.size(), 2u);
  EXPECT_EQ(match->unmatched[0].path, dir.Path("bg") + "/only-bg.txt");
  EXPECT_EQ(match->unmatched[1].path, dir.Path("en") + "/only-en.txt");
}

TEST(MatchFolders, TwoFilesForOneNameAreBothListed) {
  TempDir dir;
  for (const char* name : {"bg/x.txt", "bg/x.bg.txt", "en/x.txt"}) {
    std::filesystem::create_directories(
        std::filesystem::path(dir.Path(name)).parent_path());
    WriteFile(dir.Path(name), "x");
  }
  Result<FolderMatch> match =
      MatchFolders(dir.Path("bg"), dir.Path("en"), "bg", "en");
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(match->pairs.empty());
  EXPECT_EQ(match->unmatched.size(), 3u);
}

TEST(MatchFolders, MissingFolderAndOneLanguage) {
  TempDir dir;
  Result<FolderMatch> match =
      MatchFolders(dir.Path("nope"), dir.path(), "bg", "en");
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(match.status().file(), dir.Path("nope"));
  match = MatchFolders(dir.path(), dir.path(), "bg", "bg");
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.status().code(), StatusCode::kUsage);
}

// ---- Shards ----

TEST(Shard, ParsesKOfN) {
  Result<ShardSpec> spec = ParseShardSpec("2/3");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->index, 2);
  EXPECT_EQ(spec->count, 3);
  for (const char* bad :
       {"", "3", "0/3", "4/3", "1/0", "a/b", "1/3x", "-1/3", "1/99999999"}) {
    Result<ShardSpec> wrong = ParseShardSpec(bad);
    ASSERT_FALSE(wrong.ok()) << bad;
    EXPECT_EQ(wrong.status().code(), StatusCode::kUsage) << bad;
  }
}

TEST(Shard, ShardsCoverEveryPairExactlyOnce) {
  std::vector<BatchPair> pairs;
  for (int i = 0; i < 1000; ++i) {
    pairs.push_back({.id = "doc-" + std::to_string(i),
                     .source_path = "s",
                     .target_path = "t",
                     .manifest_line = i + 1});
  }
  for (ShardSpec::By by : {ShardSpec::By::kIdHash, ShardSpec::By::kIndex}) {
    std::multiset<std::string> seen;
    for (int k = 1; k <= 3; ++k) {
      const std::vector<BatchPair> shard =
          SelectShard(pairs, {.index = k, .count = 3, .by = by});
      EXPECT_GT(shard.size(), 250u);  // roughly a third each
      EXPECT_LT(shard.size(), 420u);
      for (const BatchPair& pair : shard) seen.insert(pair.id);
    }
    EXPECT_EQ(seen.size(), pairs.size());
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(),
              pairs.size());
  }
}

TEST(Shard, HashShardOfAPairDoesNotDependOnTheOthers) {
  std::vector<BatchPair> pairs;
  for (int i = 0; i < 50; ++i) pairs.push_back({.id = std::to_string(i)});
  std::vector<BatchPair> reversed(pairs.rbegin(), pairs.rend());
  reversed.resize(30);
  for (int k = 1; k <= 4; ++k) {
    std::set<std::string> all, some;
    for (const BatchPair& p : SelectShard(pairs, {.index = k, .count = 4})) {
      all.insert(p.id);
    }
    for (const BatchPair& p : SelectShard(reversed, {.index = k, .count = 4})) {
      some.insert(p.id);
      EXPECT_TRUE(all.count(p.id)) << p.id;
    }
  }
}

// ---- Report ----

TEST(Report, JsonHasTotalsAndEscapedPairs) {
  BatchReport report;
  report.pairs = 2;
  report.shard = {.index = 1, .count = 2};
  PairReport aligned;
  aligned.pair = {.id = "a\"b", .source_path = "s\xFF.txt", .target_path = "t"};
  aligned.state = PairReport::State::kAligned;
  aligned.summary.source_sentences = 3;
  aligned.summary.beads_by_type = {{"1-1", 2}, {"2-1", 1}};
  aligned.warnings = {"line\nbreak"};
  PairReport failed;
  failed.pair = {.id = "f", .source_path = "x", .target_path = "y"};
  failed.state = PairReport::State::kFailed;
  failed.error = Status::NotFound("no such file").At("x");
  failed.index = 1;
  report.aligned = 1;
  report.failed = 1;
  std::ostringstream stream;
  BatchReportJsonWriter writer(stream);
  writer.Add(aligned);
  writer.Add(failed);
  writer.Finish(report);
  const std::string json = stream.str();
  EXPECT_EQ(json.rfind("{\n\"pairs\":[\n{\"id\":", 0), 0u) << json;
  EXPECT_NE(json.find("\"index\":1,"), std::string::npos);
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");
  EXPECT_NE(json.find("\"id\":\"a\\\"b\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"source\":\"s\xEF\xBF\xBD.txt\""), std::string::npos);
  EXPECT_NE(json.find("\"beads_by_type\":{\"1-1\":2,\"2-1\":1}"),
            std::string::npos);
  EXPECT_NE(json.find("\"warnings\":[\"line\\nbreak\"]"), std::string::npos);
  EXPECT_NE(json.find("\"error\":\"x: no such file\""), std::string::npos);
  EXPECT_NE(json.find("\"error\":null"), std::string::npos);
  EXPECT_NE(json.find("\"shard\":\"1/2\""), std::string::npos);
  EXPECT_EQ(JsonCount(json, "failed"), 1);
  EXPECT_EQ(JsonCount(json, "aligned"), 1);
  EXPECT_NE(json.find("\"totals\":{\"pairs\":2,"), std::string::npos);
}

TEST(Report, JsonWithoutPairsIsStillAnObject) {
  std::ostringstream stream;
  BatchReportJsonWriter writer(stream);
  writer.Finish(BatchReport{});
  EXPECT_EQ(stream.str().rfind("{\n\"pairs\":[\n],\n\"totals\":{", 0), 0u)
      << stream.str();
}

// ---- Running batches ----

TEST(RunBatch, FailingPairInTheMiddleDoesNotStopTheBatch) {
  TempDir dir;
  MakeBatch(dir, 4, 6);
  WriteFile(dir.Path("empty.bg.txt"), "");
  std::vector<BatchPair> pairs = {
      {.id = "0",
       .source_path = dir.Path("000.bg.txt"),
       .target_path = dir.Path("000.en.txt")},
      {.id = "missing",
       .source_path = dir.Path("missing.bg.txt"),
       .target_path = dir.Path("001.en.txt")},
      {.id = "1",
       .source_path = dir.Path("001.bg.txt"),
       .target_path = dir.Path("001.en.txt")},
      {.id = "empty",
       .source_path = dir.Path("empty.bg.txt"),
       .target_path = dir.Path("002.en.txt")},
      {.id = "2",
       .source_path = dir.Path("002.bg.txt"),
       .target_path = dir.Path("002.en.txt")},
  };
  BatchOptions options = Options();
  options.memory_path = dir.Path("tm.db");
  options.output_dir = dir.Path("out");
  options.formats = {"tsv", "jsonl", "tmx"};
  options.commit_every_pairs = 2;
  std::vector<int64_t> done;
  options.progress = [&](const BatchProgress& p) {
    if (p.finished != nullptr) done.push_back(p.pairs_done);
    EXPECT_EQ(p.pairs_total, 5);
  };
  Collected run = RunCollecting(pairs, options);
  Result<BatchReport>& report = run.report;
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(run.pairs.size(), 5u);
  EXPECT_EQ(report->aligned, 3);
  EXPECT_EQ(report->failed, 2);
  EXPECT_FALSE(report->cancelled);
  EXPECT_EQ(done, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  const PairReport& missing = run.pairs[1];
  EXPECT_EQ(missing.state, PairReport::State::kFailed);
  EXPECT_EQ(missing.error.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.error.file(), dir.Path("missing.bg.txt"));
  EXPECT_NE(run.pairs[3].error.message().find("empty"), std::string::npos);
  EXPECT_EQ(run.pairs[4].state, PairReport::State::kAligned);
  EXPECT_EQ(run.pairs[4].summary.source_sentences, 6);
  EXPECT_EQ(report->source_sentences, 18);

  for (const char* name : {"0.tsv", "0.jsonl", "0.tmx", "2.tsv"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.Path("out/") + name)) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Path("out/missing.tsv")));
  EXPECT_EQ(testing::Lines(ReadFile(dir.Path("out/0.tsv"))).size(),
            static_cast<size_t>(run.pairs[0].summary.beads_by_type.at("1-1")));

  auto memory = OpenSqliteMemory(dir.Path("tm.db"), {.read_only = true});
  ASSERT_TRUE(memory.ok());
  Result<MemoryStats> stats = (*memory)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->origins, 3);
  EXPECT_EQ(stats->units, report->sentence_pairs);
  EXPECT_EQ(report->units_added, report->sentence_pairs);
}

TEST(RunBatch, ResumeSkipsStoredPairsAndCancelKeepsWhatIsDone) {
  TempDir dir;
  const std::string manifest = MakeBatch(dir, 8, 4);
  Result<std::vector<BatchPair>> pairs = ReadManifest(manifest);
  ASSERT_TRUE(pairs.ok());
  BatchOptions options = Options();
  options.jobs = 1;
  options.memory_path = dir.Path("tm.db");
  options.commit_every_pairs = 1;
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  options.progress = [&](const BatchProgress& p) {
    if (p.pairs_done >= 3) cancel = true;
  };
  Collected first_run = RunCollecting(*pairs, options);
  Result<BatchReport>& first = first_run.report;
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->cancelled);
  EXPECT_GE(first->aligned, 3);
  EXPECT_GT(first->not_run, 0);
  EXPECT_EQ(first->aligned + first->not_run, 8);

  cancel = false;
  options.progress = nullptr;
  options.resume = true;
  options.jobs = 2;
  Collected second_run = RunCollecting(*pairs, options);
  Result<BatchReport>& second = second_run.report;
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->cancelled);
  EXPECT_EQ(second->skipped, first->aligned);
  EXPECT_EQ(second->aligned, first->not_run);
  ASSERT_EQ(first_run.pairs.size(), 8u);
  ASSERT_EQ(second_run.pairs.size(), 8u);
  for (size_t i = 0; i < second_run.pairs.size(); ++i) {
    EXPECT_EQ(second_run.pairs[i].state == PairReport::State::kSkipped,
              first_run.pairs[i].state == PairReport::State::kAligned)
        << i;
  }
}

// The workers share one DocumentAligner and its dictionary: four jobs give
// every pair the same sentences, beads and outputs as one job does. Run
// under ThreadSanitizer (see BENCHMARKS.md) this is also the race check.
TEST(RunBatch, WorkersSharingOneAlignerGiveTheResultsOfOneJob) {
  TempDir dir;
  const std::string manifest = MakeBatch(dir, 12, 9);
  Result<std::vector<BatchPair>> pairs = ReadManifest(manifest);
  ASSERT_TRUE(pairs.ok());
  std::vector<BatchReport> reports;
  std::vector<std::vector<PairReport>> pair_reports;
  for (int jobs : {1, 4}) {
    BatchOptions options = Options();
    options.jobs = jobs;
    // "partner" and "city" meet the documents' партньорите and partners.
    options.aligner.dictionary = std::string(SVERKA_SOURCE_DIR) +
                                 "/tests/data/bilingual_dictionary/tiny";
    options.memory_path = dir.Path("tm-" + std::to_string(jobs) + ".db");
    options.output_dir = dir.Path("out-" + std::to_string(jobs));
    options.commit_every_pairs = 3;
    Collected run = RunCollecting(*pairs, options);
    ASSERT_TRUE(run.report.ok()) << run.report.status().ToString();
    EXPECT_EQ(run.report->jobs, jobs);
    EXPECT_EQ(run.report->aligned, 12);
    ASSERT_EQ(run.pairs.size(), 12u);
    reports.push_back(*std::move(run.report));
    pair_reports.push_back(std::move(run.pairs));
  }
  EXPECT_EQ(reports[0].sentence_pairs, reports[1].sentence_pairs);
  EXPECT_EQ(reports[0].units_added, reports[1].units_added);
  for (size_t i = 0; i < pair_reports[0].size(); ++i) {
    const PairReport& one = pair_reports[0][i];
    const PairReport& four = pair_reports[1][i];
    EXPECT_EQ(one.summary.source_sentences, 9);
    EXPECT_EQ(four.summary.source_sentences, one.summary.source_sentences);
    EXPECT_EQ(four.summary.beads_by_type, one.summary.beads_by_type) << i;
    EXPECT_EQ(four.summary.mean_confidence, one.summary.mean_confidence) << i;
    EXPECT_EQ(four.origin_hash, one.origin_hash) << i;
    const std::string name = "/" + one.pair.id + ".tsv";
    EXPECT_EQ(ReadFile(dir.Path("out-4") + name),
              ReadFile(dir.Path("out-1") + name))
        << i;
  }
}

TEST(RunBatch, BadOptionsFailBeforeAnyPair) {
  std::vector<BatchPair> pairs = {
      {.id = "a", .source_path = "a", .target_path = "b"}};
  BatchOptions options = Options();
  options.formats = {"csv"};
  EXPECT_EQ(RunBatch(pairs, options).status().code(), StatusCode::kUsage);
  options = Options();
  options.resume = true;
  EXPECT_EQ(RunBatch(pairs, options).status().code(), StatusCode::kUsage);
}

// ---- Through the binary ----

TEST(BatchCli, ExitStatusSaysWhetherAPairFailed) {
  TempDir dir;
  const std::string manifest = MakeBatch(dir, 3, 3);
  auto ok = RunSverka({"batch", manifest, "--dictionary", "none", "--tm",
                       dir.Path("tm.db"), "--report", dir.Path("r.json")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(JsonCount(ReadFile(dir.Path("r.json")), "aligned"), 3);

  WriteFile(dir.Path("bad.tsv"),
            "000.bg.txt\t000.en.txt\nnone.bg.txt\t001.en.txt\n"
            "002.bg.txt\t002.en.txt\n");
  auto failed = RunSverka({"batch", dir.Path("bad.tsv"), "--dictionary", "none",
                           "--report", dir.Path("r2.json")});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find(dir.Path("none.bg.txt")), std::string::npos)
      << failed.err;
  const std::string json = ReadFile(dir.Path("r2.json"));
  EXPECT_EQ(JsonCount(json, "aligned"), 2);
  EXPECT_EQ(JsonCount(json, "failed"), 1);

  EXPECT_EQ(RunSverka({"batch"}).exit_code, 2);
  EXPECT_EQ(RunSverka({"batch", manifest, "--shard", "4/3"}).exit_code, 2);
  EXPECT_EQ(RunSverka({"batch", manifest, "--resume"}).exit_code, 2);
  auto bad_line = RunSverka({"batch", dir.Path("000.bg.txt")});
  EXPECT_EQ(bad_line.exit_code, 1);
  EXPECT_NE(bad_line.err.find("line 1"), std::string::npos) << bad_line.err;
}

TEST(BatchCli, FoldersListUnmatchedFiles) {
  TempDir dir;
  MakeBatch(dir, 2, 3);
  WriteFile(dir.Path("extra.bg.txt"), "Само на български.\n");
  auto r = RunSverka({"batch", "--src-dir", dir.path(), "--tgt-dir", dir.path(),
                      "--dictionary", "none", "--out", dir.Path("out")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("extra.bg.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("manifest.tsv"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.Path("out/000.txt.tsv")));
  EXPECT_TRUE(std::filesystem::exists(dir.Path("out/001.txt.tsv")));
}

TEST(BatchCli, ShardsTogetherCoverTheManifestOnce) {
  TempDir dir;
  const std::string manifest = MakeBatch(dir, 12, 2);
  int64_t aligned = 0;
  std::multiset<std::string> ids;
  for (int k = 1; k <= 3; ++k) {
    const std::string report = dir.Path("r" + std::to_string(k) + ".json");
    auto r = RunSverka({"batch", manifest, "--shard", std::to_string(k) + "/3",
                        "--dictionary", "none", "--tm",
                        dir.Path("tm" + std::to_string(k) + ".db"), "--report",
                        report, "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string json = ReadFile(report);
    aligned += JsonCount(json, "aligned");
    const std::regex id("\\{\"id\":\"([0-9]+)\"");
    for (auto it = std::sregex_iterator(json.begin(), json.end(), id);
         it != std::sregex_iterator(); ++it) {
      ids.insert((*it)[1]);
    }
  }
  EXPECT_EQ(aligned, 12);
  ASSERT_EQ(ids.size(), 12u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 12u);
}

// Starts the binary with `args` as a child; returns its pid.
pid_t Spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kSverka.c_str()));
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stderr);
    execv(kSverka.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

TEST(BatchCli, ResumeAfterKillStoresEveryPairExactlyOnce) {
  constexpr int kPairs = 150, kSentences = 12;
  TempDir dir;
  const std::string manifest = MakeBatch(dir, kPairs, kSentences);
  const std::string tm = dir.Path("tm.db");
  const std::vector<std::string> args = {
      "batch",        manifest, "--tm",           tm, "--jobs", "2",
      "--dictionary", "none",   "--commit-every", "3"};
  const pid_t child = Spawn(args);
  ASSERT_GT(child, 0);
  // Kill it as soon as some pairs are committed.
  bool killed = false;
  for (int i = 0; i < 4000 && !killed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto memory =
        OpenSqliteMemory(tm, {.read_only = true, .busy_timeout_ms = 0});
    if (!memory.ok()) continue;
    Result<MemoryStats> stats = (*memory)->Stats();
    if (stats.ok() && stats->origins >= 6) {
      kill(child, SIGKILL);
      killed = true;
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(killed);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the batch ended before the kill";

  std::vector<std::string> resume = args;
  resume.insert(resume.end(),
                {"--resume", "--report", dir.Path("r.json"), "--quiet"});
  auto r = RunSverka(resume);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = ReadFile(dir.Path("r.json"));
  EXPECT_GE(JsonCount(json, "skipped"), 6);
  EXPECT_EQ(JsonCount(json, "skipped") + JsonCount(json, "aligned"), kPairs);

  auto memory = OpenSqliteMemory(tm, {.read_only = true});
  ASSERT_TRUE(memory.ok());
  Result<MemoryStats> stats = (*memory)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->origins, kPairs);
  // Every sentence of every pair is in the memory, each unit seen once.
  std::set<std::string> sentences;
  const std::regex tag("\\b([0-9]+-[0-9]+)\\b");
  Status visited = (*memory)->ForEach({}, [&](const TranslationUnit& unit) {
    EXPECT_EQ(unit.seen_count, 1) << unit.source_text;
    for (auto it = std::sregex_iterator(unit.source_text.begin(),
                                        unit.source_text.end(), tag);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(sentences.insert((*it)[1]).second) << (*it)[1];
    }
    return Status::Ok();
  });
  ASSERT_TRUE(visited.ok()) << visited.ToString();
  EXPECT_EQ(sentences.size(), static_cast<size_t>(kPairs * kSentences));
}

}  // namespace
}  // namespace sverka
