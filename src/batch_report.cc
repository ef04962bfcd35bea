// Batch: the report as JSON.
#include <cstdio>
#include <ostream>
#include <string>

#include "internal/json.h"
#include "sverka/batch.h"

namespace sverka {
namespace {

using internal::AppendJsonString;

std::string Number(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

template <typename Map>
void AppendCounts(std::string& out, const Map& counts) {
  out += '{';
  bool first = true;
  for (const auto& [type, count] : counts) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, type);
    out += ':' + std::to_string(count);
  }
  out += '}';
}

void AppendPair(std::string& out, const PairReport& pair) {
  const AlignmentSummary& s = pair.summary;
  out += "{\"id\":";
  AppendJsonString(out, pair.pair.id);
  out += ",\"source\":";
  AppendJsonString(out, pair.pair.source_path);
  out += ",\"target\":";
  AppendJsonString(out, pair.pair.target_path);
  if (pair.pair.manifest_line > 0) {
    out += ",\"manifest_line\":" + std::to_string(pair.pair.manifest_line);
  }
  out += ",\"index\":" + std::to_string(pair.index);
  out += ",\"state\":";
  AppendJsonString(out, PairStateName(pair.state));
  out += ",\"source_sentences\":" + std::to_string(s.source_sentences);
  out += ",\"target_sentences\":" + std::to_string(s.target_sentences);
  out += ",\"beads_by_type\":";
  AppendCounts(out, s.beads_by_type);
  out += ",\"mean_confidence\":" + Number(s.mean_confidence, 4);
  out += ",\"below_threshold\":" + std::to_string(s.below_threshold);
  out += ",\"warnings\":[";
  for (size_t i = 0; i < pair.warnings.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, pair.warnings[i]);
  }
  out += "],\"error\":";
  if (pair.state == PairReport::State::kFailed) {
    AppendJsonString(out, pair.error.ToString());
  } else {
    out += "null";
  }
  out += ",\"origin_hash\":";
  AppendJsonString(out, pair.origin_hash);
  out += ",\"seconds\":" + Number(pair.seconds, 4) + "}";
}

}  // namespace

const char* PairStateName(PairReport::State state) {
  switch (state) {
    case PairReport::State::kAligned:
      return "aligned";
    case PairReport::State::kSkipped:
      return "skipped";
    case PairReport::State::kFailed:
      return "failed";
    case PairReport::State::kNotRun:
      return "not run";
  }
  return "unknown";
}

BatchReportJsonWriter::BatchReportJsonWriter(std::ostream& out) : out_(out) {
  out_ << "{\n\"pairs\":[";
}

void BatchReportJsonWriter::Add(const PairReport& pair) {
  buffer_.clear();
  buffer_ += added_++ > 0 ? ",\n" : "\n";
  AppendPair(buffer_, pair);
  out_ << buffer_;
}

void BatchReportJsonWriter::Finish(const BatchReport& report) {
  const double elapsed = report.elapsed_seconds;
  const auto rate = [elapsed](int64_t count) {
    return Number(elapsed > 0 ? static_cast<double>(count) / elapsed : 0, 1);
  };
  std::string out = "\n],\n\"totals\":{";
  out += "\"pairs\":" + std::to_string(report.pairs);
  out += ",\"pairs_in_manifest\":" + std::to_string(report.total_in_manifest);
  out += ",\"aligned\":" + std::to_string(report.aligned);
  out += ",\"skipped\":" + std::to_string(report.skipped);
  out += ",\"failed\":" + std::to_string(report.failed);
  out += ",\"not_run\":" + std::to_string(report.not_run);
  out += ",\"source_sentences\":" + std::to_string(report.source_sentences);
  out += ",\"target_sentences\":" + std::to_string(report.target_sentences);
  out += ",\"sentence_pairs\":" + std::to_string(report.sentence_pairs);
  out += ",\"beads_by_type\":";
  AppendCounts(out, report.beads_by_type);
  out += ",\"mean_confidence\":" + Number(report.mean_confidence, 4);
  out += ",\"below_threshold\":" + std::to_string(report.below_threshold);
  out += ",\"units_added\":" + std::to_string(report.units_added);
  out += ",\"commits\":" + std::to_string(report.commits);
  out += ",\"pairs_per_second\":" +
         rate(report.aligned + report.skipped + report.failed);
  out += ",\"sentence_pairs_per_second\":" + rate(report.sentence_pairs);
  out += "},\n\"shard\":";
  AppendJsonString(out, std::to_string(report.shard.index) + "/" +
                            std::to_string(report.shard.count));
  out += ",\"shard_by\":";
  AppendJsonString(
      out, report.shard.by == ShardSpec::By::kIndex ? "index" : "id-hash");
  out += ",\"jobs\":" + std::to_string(report.jobs);
  out += ",\"elapsed_seconds\":" + Number(elapsed, 3);
  out += ",\"cancelled\":";
  out += report.cancelled ? "true" : "false";
  out += "}\n";
  out_ << out;
  out_.flush();
}

}  // namespace sverka
