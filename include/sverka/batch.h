// Batch: many document pairs aligned into one translation memory, with a
// report per pair. The library part of `sverka batch`; it never prints and
// never exits.
//
// The pairs come from a manifest (one pair a line: source path, target path,
// optional id) or from two folders whose files are matched by name. A batch
// can be split across processes or machines (ShardSpec): every process reads
// the same manifest and takes the pairs of its shard, so together they cover
// it exactly once. RunBatch aligns the pairs on `jobs` worker threads that
// share one DocumentAligner (so the dictionary is loaded once), and one
// writer (the calling thread) stores the results in the memory in
// transactions of several pairs. A pair that
// fails (a missing or empty file, a document in the wrong language) is
// reported with its reason and the batch goes on.
//
// RunBatch keeps totals only, so that its memory does not grow with the
// number of pairs: each pair's report goes to BatchOptions::pair_done as
// soon as it is final, to be written out (BatchReportJsonWriter) or kept.
//
//   ASSIGN_OR_RETURN(std::vector<sverka::BatchPair> pairs,
//                    sverka::ReadManifest("press-2026.tsv"));
//   std::ofstream json("report.json");
//   sverka::BatchReportJsonWriter writer(json);
//   sverka::BatchOptions options;
//   options.memory_path = "press.db";
//   options.resume = true;            // skip pairs the memory already holds
//   options.pair_done = [&](const sverka::PairReport& p) { writer.Add(p); };
//   ASSIGN_OR_RETURN(sverka::BatchReport report,
//                    sverka::RunBatch(pairs, options));
//   writer.Finish(report);
//   if (report.failed > 0) ...;       // each failed PairReport says why
#ifndef SVERKA_BATCH_H_
#define SVERKA_BATCH_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/document_aligner.h"
#include "sverka/status.h"

namespace sverka {

// One document and its translation.
struct BatchPair {
  // Names the pair in reports, in per-pair output file names and for
  // sharding. From the manifest's third column, else the source path as the
  // manifest writes it; for folders, the file's path below the source folder
  // without its language ("news/a.txt" for news/a.bg.txt).
  std::string id{};
  std::string source_path{};  // as opened: relative paths made absolute or
  std::string target_path{};  // relative to the working directory
  int64_t manifest_line = 0;  // 1-based line in the manifest; 0 for folders
};

// Parses a manifest: UTF-8 text, one pair a line as
// SOURCE<TAB>TARGET[<TAB>ID]. Blank lines and lines starting with '#'
// (after leading spaces) are skipped; fields are trimmed of spaces; a UTF-8
// BOM and CRLF line ends are accepted. Relative paths are taken against the
// folder holding the manifest (`manifest_path`'s folder), so a manifest can
// move with its documents.
//
// Errors are kInvalidInput naming `manifest_path` and the line: a line with
// one field or more than three, an empty path, an id used twice (an id-less
// line's id is its source path, so a source listed twice needs ids), and a
// manifest without pairs.
Result<std::vector<BatchPair>> ParseManifest(std::string_view text,
                                             const std::string& manifest_path);

// Reads `path` and parses it as ParseManifest does. Errors: kNotFound when
// it does not exist, kInvalidInput when it is a folder, kIoError when it
// cannot be read, and those of ParseManifest.
Result<std::vector<BatchPair>> ReadManifest(const std::string& path);

// A file MatchFolders could not pair, and why.
struct UnmatchedFile {
  std::string path{};
  std::string reason{};
};

struct FolderMatch {
  std::vector<BatchPair> pairs{};          // sorted by id
  std::vector<UnmatchedFile> unmatched{};  // sorted by path
};

// Pairs the files below `source_dir` with those below `target_dir` (both
// searched recursively; names starting with '.' are left out) by name:
// - `x.bg.txt` with `x.en.txt` (the language code before the extension,
//   either language's full tag or its primary subtag): the folders may be
//   one and the same;
// - `bg/x.txt` with `en/x.txt`: the same relative path in two folders.
// A file's key is its relative path without its language code; files with
// equal keys make a pair. Every file that does not end up in a pair is
// listed in `unmatched` with the reason (no counterpart, two files with the
// same key, no language code when both folders are one), never skipped
// silently.
//
// Errors: kNotFound when a folder does not exist, kInvalidInput when it is a
// file, kIoError when it cannot be listed; kUsage when a language is empty
// or both are the same while the folders are too.
Result<FolderMatch> MatchFolders(const std::string& source_dir,
                                 const std::string& target_dir,
                                 const std::string& source_language,
                                 const std::string& target_language);

// Which part of a batch this process takes: shard `index` of `count`
// (1-based). Every pair falls in exactly one shard.
struct ShardSpec {
  enum class By {
    // The first 64 bits of SHA-256 of the pair's id, modulo `count`: a
    // pair stays in its shard when lines are added, removed or reordered.
    kIdHash,
    // The pair's position in the list, modulo `count`: shards of equal size,
    // as long as every process sees the same list in the same order.
    kIndex,
  };
  int index = 1;
  int count = 1;
  By by = By::kIdHash;
};

// Parses "K/N" (1 <= K <= N, N at most 1,000,000). Errors: kUsage saying
// what is wrong.
Result<ShardSpec> ParseShardSpec(std::string_view text);

// The pairs of `shard`, in their order in `pairs`. Never fails; a spec with
// an index outside 1..count selects nothing.
std::vector<BatchPair> SelectShard(const std::vector<BatchPair>& pairs,
                                   const ShardSpec& shard);

// What became of one pair.
struct PairReport {
  enum class State {
    kAligned,  // aligned (and stored, with a memory; written, with outputs)
    kSkipped,  // --resume: the memory already holds this document pair
    kFailed,   // `error` says why
    kNotRun,   // the batch was cancelled before the pair was taken
  };
  BatchPair pair{};
  int64_t index = 0;  // 0-based position among the pairs of the shard
  State state = State::kNotRun;
  AlignmentSummary summary{};  // when aligned
  std::vector<std::string> warnings{};
  Status error{};             // when failed
  std::string origin_hash{};  // when aligned or skipped
  double seconds = 0;         // reading, aligning and writing outputs
};

// "aligned", "skipped", "failed", "not run".
const char* PairStateName(PairReport::State state);

// The totals of a batch (the pairs' own reports go to
// BatchOptions::pair_done).
struct BatchReport {
  int64_t pairs = 0;  // this shard's pairs
  ShardSpec shard{};
  int64_t total_in_manifest = 0;  // pairs before sharding
  int jobs = 0;                   // worker threads used
  int64_t aligned = 0, skipped = 0, failed = 0, not_run = 0;
  int64_t source_sentences = 0, target_sentences = 0;
  int64_t sentence_pairs = 0;  // beads of aligned pairs
  std::map<std::string, int64_t> beads_by_type{};
  double mean_confidence = 0;  // over all beads
  int64_t below_threshold = 0;
  int64_t units_added = 0;  // pairs new to the memory
  int64_t commits = 0;      // memory transactions
  bool cancelled = false;
  double elapsed_seconds = 0;
};

// Where a running batch stands, for a progress bar or a log.
struct BatchProgress {
  int64_t pairs_total = 0;
  int64_t pairs_done = 0;  // aligned + skipped + failed
  int64_t pairs_failed = 0;
  int64_t pairs_skipped = 0;
  int64_t sentence_pairs = 0;
  double elapsed_seconds = 0;
  double sentence_pairs_per_second = 0;
  // Time left at the rate so far; negative while unknown.
  double eta_seconds = -1;
  // The pair that has just finished, or null when the call only reports a
  // commit to the memory.
  const PairReport* finished = nullptr;
};

// Per-pair output formats (BatchOptions::formats), written to
// `output_dir`/ID.EXT by the worker that aligned the pair:
//   "tsv"   source<TAB>target<TAB>confidence, one aligned pair a line;
//   "jsonl" one JSON object a pair: indices, texts, bead type, confidence;
//   "tmx"   TMX 1.4b (pairs with an empty side left out).
// Each file is written under a temporary name and renamed into place.
struct BatchOptions {
  // Worker threads; 0 means std::thread::hardware_concurrency() (1 when
  // unknown). Never more than the number of pairs.
  int jobs = 0;
  // The SQLite memory to store pairs in (created when missing); "" stores
  // nothing.
  std::string memory_path{};
  // Folder for per-pair outputs (created when missing); "" writes none.
  std::string output_dir{};
  std::vector<std::string> formats{"tsv"};
  // Skip pairs whose documents (by content hash, as
  // DocumentAlignment::origin_hash) the memory already holds. Needs a
  // memory. A skipped pair's outputs are not written again.
  bool resume = false;
  ShardSpec shard{};
  // Encoding of every document ("" or "auto" detects; see TextInputOptions).
  std::string encoding{};
  // Languages, dictionary, review threshold (review_threshold counts the
  // pairs below it).
  DocumentAlignerOptions aligner{};
  // The writer commits pending pairs when this many are waiting, or when the
  // oldest has waited commit_interval_ms, and at the end.
  int commit_every_pairs = 50;
  int commit_interval_ms = 1000;
  // Called on the thread running RunBatch, never concurrently: once for
  // every pair that finishes and once after every commit. May be empty.
  std::function<void(const BatchProgress&)> progress{};
  // Called on the thread running RunBatch, never concurrently, exactly once
  // for every pair of the shard when its report is final: an aligned pair
  // after the commit that stored it (a failed commit makes it failed), and
  // the pairs that arrived with it; a failed or skipped pair, or any pair
  // without a memory, as soon as it arrives when no commit is pending; the
  // pairs not run (cancelled) at the end. So the order is the order in
  // which pairs finish (the shard's order with one job), and PairReport::index
  // gives the position. RunBatch keeps none of them. May be empty.
  std::function<void(const PairReport&)> pair_done{};
  // When set and it becomes true (say, from a SIGINT handler), the workers
  // take no new pair; the pairs under way finish and everything aligned is
  // committed before RunBatch returns with `cancelled` set. Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

// Aligns the pairs of options.shard and reports on each.
//
// Each pair is read, checked against the memory (with `resume`), aligned,
// written to its outputs and queued for the memory; the writer stores
// queued pairs in one transaction per commit (see commit_every_pairs), so
// a killed batch loses at most the uncommitted pairs and never leaves half
// a pair in the memory; rerun it with `resume` to continue. A pair's
// failure (reading, the language check, writing its outputs, or a unit the
// memory refuses) is its own: it is reported as failed with the Status and
// the other pairs go on. When a commit fails for any other reason (the
// memory busy or the disk full), the pairs in it are reported as failed.
//
// Returns the report, also when pairs failed or the batch was cancelled.
// Errors stop the batch before any pair is aligned: kUsage for bad options
// (an unknown format, `resume` without a memory, commit_every_pairs < 1);
// errors of OpenSqliteMemory for the memory and of DocumentAligner::Init;
// kIoError naming `output_dir` when it cannot be created; kInternal when
// no thread can be started.
Result<BatchReport> RunBatch(const std::vector<BatchPair>& pairs,
                             const BatchOptions& options);

// Writes the report of a batch as one JSON object while the batch runs:
// "pairs" first, one object a pair as it is added (id, source, target,
// manifest line, index, state, sentences each side, beads by type, mean
// confidence, below threshold, warnings, error (null unless failed),
// origin hash and seconds), then, from Finish, "totals" (the counts of
// BatchReport, pairs and sentence pairs a second), "shard", "shard_by",
// "jobs", "elapsed_seconds" and "cancelled". Text is escaped as JSON
// requires; bytes that are not UTF-8 (in a path) become U+FFFD. Nothing is
// kept in memory: give it a stream that writes to a temporary file renamed
// into place after Finish (as `sverka batch --report` does), and an
// interrupted run leaves no half report behind. The stream's state says
// whether writing failed.
class BatchReportJsonWriter {
 public:
  // Writes the object's opening.
  explicit BatchReportJsonWriter(std::ostream& out);
  BatchReportJsonWriter(const BatchReportJsonWriter&) = delete;
  BatchReportJsonWriter& operator=(const BatchReportJsonWriter&) = delete;

  // Appends one pair's object.
  void Add(const PairReport& pair);
  // Appends the totals and closes the object; flushes the stream.
  void Finish(const BatchReport& report);

 private:
  std::ostream& out_;
  int64_t added_ = 0;
  std::string buffer_;
};

}  // namespace sverka

#endif  // SVERKA_BATCH_H_
