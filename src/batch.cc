// Batch: the worker pool, the single writer into the memory and the
// per-pair output files.
#include "sverka/batch.h"

#include <libxml/parser.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include "internal/output_file.h"
#include "sverka/text_input.h"
#include "sverka/tmx.h"
#include "sverka/translation_memory.h"

namespace sverka {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The batch connections' page cache. The memory's default (128 MB) suits one
// large import; a batch appends in small transactions, and a cache that grows
// with the memory made peak RSS grow with the number of pairs.
constexpr int kBatchCacheKib = 4 * 1024;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A pair id as a relative path below the output folder: empty, "." and ".."
// components are dropped so that no id writes outside it.
std::string OutputName(const std::string& id) {
  std::string name;
  size_t start = 0;
  while (start <= id.size()) {
    size_t end = id.find('/', start);
    if (end == std::string::npos) end = id.size();
    const std::string part = id.substr(start, end - start);
    if (!part.empty() && part != "." && part != "..") {
      if (!name.empty()) name += '/';
      name += part;
    }
    start = end + 1;
  }
  return name.empty() ? "_" : name;
}

Status WriteOutputs(const DocumentAlignment& alignment, const BatchPair& pair,
                    const BatchOptions& options) {
  const fs::path base = fs::path(options.output_dir) / OutputName(pair.id);
  std::error_code ec;
  fs::create_directories(base.parent_path(), ec);
  if (ec) {
    return Status::IoError("cannot create the folder: " + ec.message())
        .At(base.parent_path().string());
  }
  for (const std::string& format : options.formats) {
    const fs::path path = base.string() + "." + format;
    if (format == "tmx") {
      TmxWriter writer;
      TmxWriterOptions tmx_options;
      tmx_options.source_language = options.aligner.source_language;
      RETURN_IF_ERROR(writer.Open(path.string(), tmx_options));
      for (const TranslationUnit& unit : alignment.ToUnits()) {
        RETURN_IF_ERROR(writer.Write(unit));
      }
      RETURN_IF_ERROR(writer.Close());
    } else {
      ASSIGN_OR_RETURN(std::string text, FormatPairs(alignment, format));
      RETURN_IF_ERROR(internal::WriteFileAtomically(
          path.string(), text, "the " + format + " output"));
    }
  }
  return Status::Ok();
}

// A pair a worker has finished, on its way to the writer.
struct Finished {
  PairReport report;
  std::vector<TranslationUnit> units;
};

// What the workers and the writer share; every member under `mutex` except
// the atomics.
struct Shared {
  std::mutex mutex;
  std::condition_variable results;  // the writer waits for results
  std::condition_variable room;     // workers wait for room in the queue
  std::condition_variable started;  // workers wait until all are ready
  std::deque<Finished> queue;
  size_t max_queue = 0;
  int workers_running = 0;
  int workers_initializing = 0;
  Status init_error;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
};

class Batch {
 public:
  Batch(const BatchOptions& options, const std::vector<BatchPair>& pairs)
      : options_(options), pairs_(pairs) {}

  // Body of a worker thread. `aligner` is the one DocumentAligner of the
  // batch, shared read-only by every worker (its Align is const and keeps no
  // state between calls), so the dictionary is loaded once, not once a job.
  void Work(const DocumentAligner& aligner) {
    Status init;
    std::unique_ptr<TranslationMemory> reader;
    if (options_.resume) {
      // Memories are not thread-safe: each worker reads its own connection.
      Result<std::unique_ptr<TranslationMemory>> opened =
          OpenSqliteMemory(options_.memory_path,
                           {.read_only = true, .cache_kib = kBatchCacheKib});
      if (opened.ok()) {
        reader = std::move(*opened);
      } else {
        init = opened.status();
      }
    }
    {
      std::unique_lock lock(shared_.mutex);
      if (!init.ok()) {
        if (shared_.init_error.ok()) shared_.init_error = init;
        shared_.stop = true;
      }
      if (--shared_.workers_initializing == 0) shared_.started.notify_all();
      shared_.started.wait(
          lock, [this] { return shared_.workers_initializing == 0; });
    }
    while (!shared_.stop && !Cancelled()) {
      const size_t index = shared_.next++;
      if (index >= pairs_.size()) break;
      Finished finished;
      finished.report.pair = pairs_[index];
      finished.report.index = static_cast<int64_t>(index);
      Process(aligner, reader.get(), finished.report, finished.units);
      {
        std::unique_lock lock(shared_.mutex);
        shared_.room.wait(
            lock, [this] { return shared_.queue.size() < shared_.max_queue; });
        shared_.queue.push_back(std::move(finished));
      }
      // Woken after the unlock, the writer does not wake only to wait for
      // the mutex this worker still holds (stack samples of 2 jobs showed
      // workers and the writer queueing on it).
      shared_.results.notify_one();
    }
    std::lock_guard lock(shared_.mutex);
    --shared_.workers_running;
    shared_.results.notify_one();
  }

  // Runs the writer on the calling thread until every worker has finished.
  void Write(TranslationMemory* memory, BatchReport& report) {
    const auto interval =
        std::chrono::milliseconds(std::max(0, options_.commit_interval_ms));
    Clock::time_point oldest_pending;
    while (true) {
      std::deque<Finished> arrived;
      bool workers_done = false;
      {
        std::unique_lock lock(shared_.mutex);
        auto ready = [this] {
          return !shared_.queue.empty() || shared_.workers_running == 0;
        };
        if (pending_.empty()) {
          shared_.results.wait(lock, ready);
        } else {
          shared_.results.wait_until(lock, oldest_pending + interval, ready);
        }
        arrived.swap(shared_.queue);
        workers_done = shared_.workers_running == 0 && shared_.queue.empty();
      }
      shared_.room.notify_all();
      for (Finished& finished : arrived) {
        waiting_.push_back(std::move(finished.report));
        PairReport& pair = waiting_.back();
        ++progress_.pairs_done;
        if (pair.state == PairReport::State::kFailed) ++progress_.pairs_failed;
        if (pair.state == PairReport::State::kSkipped) {
          ++progress_.pairs_skipped;
        }
        if (pair.state == PairReport::State::kAligned) {
          for (const auto& [type, count] : pair.summary.beads_by_type) {
            progress_.sentence_pairs += count;
          }
          if (memory != nullptr && !finished.units.empty()) {
            if (pending_.empty()) oldest_pending = Clock::now();
            pending_.push_back(
                {waiting_.size() - 1, units_.size(), finished.units.size()});
            std::move(finished.units.begin(), finished.units.end(),
                      std::back_inserter(units_));
          }
        }
        Report(&pair);
      }
      if (!pending_.empty() &&
          (workers_done ||
           pending_.size() >=
               static_cast<size_t>(options_.commit_every_pairs) ||
           Clock::now() >= oldest_pending + interval)) {
        Commit(*memory, report);
        Report(nullptr);
      }
      // A pair's report is final once no commit that could fail it is
      // pending; reports are passed on in the order the pairs arrived.
      if (pending_.empty()) Release(report);
      if (workers_done) break;
    }
    // The pairs no worker took (cancelled).
    for (size_t index = std::min(shared_.next.load(), pairs_.size());
         index < pairs_.size(); ++index) {
      PairReport pair{.pair = pairs_[index],
                      .index = static_cast<int64_t>(index)};
      Tally(pair, report);
      if (options_.pair_done) options_.pair_done(pair);
    }
  }

  Shared& shared() { return shared_; }
  void set_start(Clock::time_point start) { start_ = start; }

 private:
  struct Pending {
    size_t waiting;  // in waiting_
    size_t first_unit;
    size_t unit_count;
  };

  bool Cancelled() const {
    return options_.cancel != nullptr && options_.cancel->load();
  }

  void Process(const DocumentAligner& aligner, const TranslationMemory* reader,
               PairReport& report, std::vector<TranslationUnit>& units) {
    const Clock::time_point start = Clock::now();
    const BatchPair& pair = report.pair;
    auto fail = [&](const Status& status) {
      report.state = PairReport::State::kFailed;
      report.error = status;
      report.seconds = SecondsSince(start);
    };
    Result<Document> source =
        ReadTextFile(pair.source_path,
                     {.encoding = options_.encoding, .name = pair.source_path});
    if (!source.ok()) return fail(source.status());
    Result<Document> target =
        ReadTextFile(pair.target_path,
                     {.encoding = options_.encoding, .name = pair.target_path});
    if (!target.ok()) return fail(target.status());
    // As DocumentAligner::Align computes DocumentAlignment::origin_hash.
    report.origin_hash = Sha256Hex(source->content_hash + target->content_hash);
    if (reader != nullptr) {
      Result<bool> stored = reader->HasOrigin(report.origin_hash);
      if (!stored.ok()) return fail(stored.status());
      if (*stored) {
        report.state = PairReport::State::kSkipped;
        report.seconds = SecondsSince(start);
        return;
      }
    }
    Result<DocumentAlignment> alignment = aligner.Align(*source, *target);
    if (!alignment.ok()) return fail(alignment.status());
    report.summary = alignment->summary;
    report.warnings = alignment->warnings;
    report.origin_hash = alignment->origin_hash;
    if (!options_.output_dir.empty()) {
      if (Status s = WriteOutputs(*alignment, pair, options_); !s.ok()) {
        return fail(s.Annotate("writing the outputs"));
      }
    }
    if (!options_.memory_path.empty()) units = alignment->ToUnits();
    report.state = PairReport::State::kAligned;
    report.seconds = SecondsSince(start);
  }

  // Stores the pending pairs in one transaction. When the memory refuses a
  // unit, each pair is tried on its own so that only the bad one fails.
  void Commit(TranslationMemory& memory, BatchReport& report) {
    Result<int64_t> added = memory.Import(units_);
    if (added.ok()) {
      report.units_added += *added;
      ++report.commits;
    } else if (added.status().code() == StatusCode::kInvalidInput &&
               pending_.size() > 1) {
      for (const Pending& pending : pending_) {
        const std::vector<TranslationUnit> units(
            units_.begin() + pending.first_unit,
            units_.begin() + pending.first_unit + pending.unit_count);
        Result<int64_t> one = memory.Import(units);
        if (one.ok()) {
          report.units_added += *one;
          ++report.commits;
        } else {
          MarkFailed(pending.waiting, one.status());
        }
      }
    } else {
      for (const Pending& pending : pending_) {
        MarkFailed(pending.waiting, added.status());
      }
    }
    pending_.clear();
    units_.clear();
  }

  void MarkFailed(size_t waiting, const Status& status) {
    PairReport& pair = waiting_[waiting];
    pair.state = PairReport::State::kFailed;
    pair.error = status.Annotate("storing the pairs in the memory");
    ++progress_.pairs_failed;
  }

  void Report(const PairReport* finished) {
    if (!options_.progress) return;
    progress_.pairs_total = static_cast<int64_t>(pairs_.size());
    progress_.elapsed_seconds = SecondsSince(start_);
    const double elapsed = progress_.elapsed_seconds;
    progress_.sentence_pairs_per_second =
        elapsed > 0 ? progress_.sentence_pairs / elapsed : 0;
    progress_.eta_seconds =
        progress_.pairs_done > 0
            ? elapsed / progress_.pairs_done *
                  (progress_.pairs_total - progress_.pairs_done)
            : -1;
    progress_.finished = finished;
    options_.progress(progress_);
  }

  // Adds the final reports to the totals and hands them on.
  void Release(BatchReport& report) {
    for (const PairReport& pair : waiting_) {
      Tally(pair, report);
      if (options_.pair_done) options_.pair_done(pair);
    }
    waiting_.clear();
  }

  // Adds one final report to the totals (mean_confidence is a sum here,
  // divided at the end).
  static void Tally(const PairReport& pair, BatchReport& report) {
    switch (pair.state) {
      case PairReport::State::kAligned:
        ++report.aligned;
        break;
      case PairReport::State::kSkipped:
        ++report.skipped;
        break;
      case PairReport::State::kFailed:
        ++report.failed;
        break;
      case PairReport::State::kNotRun:
        ++report.not_run;
        break;
    }
    if (pair.state != PairReport::State::kAligned) return;
    const AlignmentSummary& s = pair.summary;
    report.source_sentences += s.source_sentences;
    report.target_sentences += s.target_sentences;
    int64_t beads = 0;
    for (const auto& [type, count] : s.beads_by_type) {
      report.beads_by_type[type] += count;
      beads += count;
    }
    report.sentence_pairs += beads;
    report.mean_confidence += s.mean_confidence * static_cast<double>(beads);
    report.below_threshold += s.below_threshold;
  }

  const BatchOptions& options_;
  const std::vector<BatchPair>& pairs_;
  Shared shared_;
  // Reports of the pairs that arrived since the last commit, in arrival
  // order: at most the pairs of one commit.
  std::deque<PairReport> waiting_;
  std::vector<Pending> pending_;
  std::vector<TranslationUnit> units_;
  BatchProgress progress_;
  Clock::time_point start_ = Clock::now();
};

Status CheckOptions(const BatchOptions& options) {
  for (const std::string& format : options.formats) {
    if (format != "tsv" && format != "tmx" && format != "jsonl") {
      return Status::Usage("unknown output format '" + format +
                           "': use tsv, tmx or jsonl");
    }
  }
  if (options.resume && options.memory_path.empty()) {
    return Status::Usage("resuming needs a memory to look the pairs up in")
        .WithHint("pass --tm FILE");
  }
  if (options.commit_every_pairs < 1) {
    return Status::Usage("pairs per commit must be at least 1");
  }
  if (options.jobs < 0) return Status::Usage("the number of jobs is negative");
  return Status::Ok();
}

}  // namespace

Result<BatchReport> RunBatch(const std::vector<BatchPair>& pairs,
                             const BatchOptions& options) {
  const Clock::time_point start = Clock::now();
  RETURN_IF_ERROR(CheckOptions(options));
  BatchReport report;
  report.shard = options.shard;
  report.total_in_manifest = static_cast<int64_t>(pairs.size());
  // The whole list when there is one shard: not a copy of every path.
  const bool whole = options.shard.index == 1 && options.shard.count == 1;
  std::vector<BatchPair> shard_pairs;
  if (!whole) shard_pairs = SelectShard(pairs, options.shard);
  const std::vector<BatchPair>& selected = whole ? pairs : shard_pairs;
  report.pairs = static_cast<int64_t>(selected.size());

  std::unique_ptr<TranslationMemory> memory;
  if (!options.memory_path.empty()) {
    ASSIGN_OR_RETURN(memory, OpenSqliteMemory(options.memory_path,
                                              {.cache_kib = kBatchCacheKib}));
  }
  if (!options.output_dir.empty()) {
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    if (ec || !fs::is_directory(options.output_dir, ec)) {
      return Status::IoError("cannot create the output folder")
          .At(options.output_dir)
          .WithHint("check the path and its permissions");
    }
  }
  // libxml2 (the TMX outputs, written by the workers) sets up its globals
  // lazily unless xmlInitParser runs first, on one thread: two workers
  // opening their first TMX file at once raced there (ThreadSanitizer).
  xmlInitParser();

  // One aligner for all workers, made before any thread starts: a bad
  // option (a dictionary that cannot be read) fails here, and the dictionary
  // (~20 MB, ~0.2 s to load) is loaded once whatever the number of jobs.
  DocumentAligner aligner;
  RETURN_IF_ERROR(aligner.Init(options.aligner));

  int jobs = options.jobs > 0
                 ? options.jobs
                 : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp<int>(jobs, 1,
                         std::max<int>(1, static_cast<int>(selected.size())));
  report.jobs = jobs;

  Batch batch(options, selected);
  batch.set_start(start);
  Shared& shared = batch.shared();
  shared.max_queue =
      static_cast<size_t>(std::max(options.commit_every_pairs, 2 * jobs));
  shared.workers_running = jobs;
  shared.workers_initializing = jobs;
  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) {
    try {
      workers.emplace_back(&Batch::Work, &batch, std::cref(aligner));
    } catch (const std::system_error& e) {
      // Fewer workers than asked for; none at all is an error.
      std::lock_guard lock(shared.mutex);
      shared.workers_running -= jobs - i;
      shared.workers_initializing -= jobs - i;
      if (i == 0) {
        return Status::Internal(std::string("cannot start a thread: ") +
                                e.what());
      }
      report.jobs = i;
      shared.started.notify_all();
      break;
    }
  }
  batch.Write(memory.get(), report);
  for (std::thread& worker : workers) worker.join();
  if (!shared.init_error.ok()) return shared.init_error;

  if (report.sentence_pairs > 0) {
    report.mean_confidence /= static_cast<double>(report.sentence_pairs);
  }
  report.cancelled = report.not_run > 0;
  report.elapsed_seconds = SecondsSince(start);
  return report;
}

}  // namespace sverka
