#include "sverka/document_aligner.h"

#include <unicode/locid.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "aligner_confidence.h"
#include "internal/json.h"
#include "sverka/language.h"

namespace sverka {
namespace {

// The language subtag of a BCP 47 tag: "en-GB" -> "en".
std::string PrimaryLanguage(const std::string& tag) {
  std::string primary = tag.substr(0, tag.find_first_of("-_"));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return primary;
}

// A sentence's text for storage: its own characters, except that line
// breaks inside it (soft-wrapped text) become spaces, since a segment in a
// memory is one line in every CAT tool.
std::string SentenceText(const Document& doc, const Sentence& s) {
  std::string text(s.Text(doc));
  // Most sentences hold neither, and find (memchr) tells that at memory
  // speed; std::replace compared byte by byte (2% of a batch).
  for (const char space : {'\n', '\t'}) {
    for (size_t at = text.find(space); at != std::string::npos;
         at = text.find(space, at + 1)) {
      text[at] = ' ';
    }
  }
  return text;
}

std::string JoinSentences(const std::vector<std::string>& sentences,
                          const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) {
    if (!out.empty()) out += ' ';
    out += sentences[i];
  }
  return out;
}

AlignerInput ToAlignerInput(const Document& doc,
                            const std::vector<Sentence>& sentences,
                            const std::string& language) {
  AlignerInput input;
  input.language = PrimaryLanguage(language);
  input.sentences.reserve(sentences.size());
  input.paragraphs.reserve(sentences.size());
  for (const Sentence& s : sentences) {
    input.sentences.push_back(SentenceText(doc, s));
    input.paragraphs.push_back(s.paragraph);
  }
  return input;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One side cut at its soft boundaries: the pieces, and for each piece the
// sentence it came from.
struct Pieces {
  std::vector<Sentence> spans;
  std::vector<int> parent;
};

Pieces CutAtSoftBoundaries(const Document& doc,
                           const std::vector<Sentence>& sentences,
                           const std::vector<std::vector<size_t>>& soft) {
  Pieces pieces;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    size_t begin = s.begin;
    for (size_t at : soft[i]) {
      // SentenceText keeps byte offsets (it only replaces white space).
      Sentence piece{begin, s.begin + at, s.paragraph};
      while (piece.end > piece.begin && IsSpace(doc.text[piece.end - 1]))
        --piece.end;
      pieces.spans.push_back(piece);
      pieces.parent.push_back(static_cast<int>(i));
      begin = s.begin + at;
    }
    pieces.spans.push_back({begin, s.end, s.paragraph});
    pieces.parent.push_back(static_cast<int>(i));
  }
  return pieces;
}

// The beads over pieces, for one side: the bead each piece is in.
std::vector<int> BeadOfPiece(const std::vector<Bead>& beads, size_t pieces,
                             bool source) {
  std::vector<int> bead_of(pieces, -1);
  for (size_t b = 0; b < beads.size(); ++b)
    for (int i : source ? beads[b].source : beads[b].target)
      bead_of[i] = static_cast<int>(b);
  return bead_of;
}

// Marks in `glue` the beads that must become one because the other side did
// not confirm the cuts of a sentence: its pieces went to different beads, but
// one of them (or of the beads between) has nothing on the other side, or is
// below `sure`. The sentence stays whole, and so does what aligned with it.
void MarkUnconfirmedCuts(const std::vector<Bead>& beads, const Pieces& pieces,
                         bool source, double sure,
                         std::vector<std::pair<int, int>>& glue) {
  const std::vector<int> bead_of =
      BeadOfPiece(beads, pieces.spans.size(), source);
  size_t i = 0;
  while (i < pieces.parent.size()) {
    size_t j = i;
    while (j + 1 < pieces.parent.size() &&
           pieces.parent[j + 1] == pieces.parent[i])
      ++j;
    const int first = bead_of[i], last = bead_of[j];
    bool confirmed = true;
    for (int b = first; b <= last && first < last; ++b)
      if (beads[b].source.empty() || beads[b].target.empty() ||
          beads[b].confidence < sure)
        confirmed = false;
    if (!confirmed) glue.push_back({first, last});
    i = j + 1;
  }
}

// Where a bead holds two pieces of one sentence on the `cut` side against one
// whole sentence on the `other` side, the headline may be glued on both
// sides but give a cue on one only. Adds to `other_soft` the weak boundary
// (WeakBoundaries) of that sentence whose share of its length is closest to
// the share of the first piece, if within kMatchingCutSlack, and marks the
// bead in `changed`.
constexpr double kMatchingCutSlack = 0.1;

void AddMatchingCuts(const std::vector<Bead>& beads, bool cut_is_source,
                     const Pieces& cut, const Pieces& other,
                     const Document& other_doc,
                     std::vector<std::vector<size_t>>& other_soft,
                     std::vector<bool>& changed) {
  for (size_t b = 0; b < beads.size(); ++b) {
    const Bead& bead = beads[b];
    const std::vector<int>& cut_side =
        cut_is_source ? bead.source : bead.target;
    const std::vector<int>& other_side =
        cut_is_source ? bead.target : bead.source;
    if (other_side.size() != 1) continue;
    const int parent = other.parent[other_side[0]];
    const bool whole =
        (other_side[0] == 0 || other.parent[other_side[0] - 1] != parent) &&
        (other_side[0] + 1 == static_cast<int>(other.parent.size()) ||
         other.parent[other_side[0] + 1] != parent);
    if (!whole || !other_soft[parent].empty()) continue;
    for (size_t k = 0; k + 1 < cut_side.size(); ++k) {
      const int first = cut_side[k];
      if (cut.parent[first] != cut.parent[cut_side[k + 1]]) continue;
      size_t last = k + 1;
      while (last + 1 < cut_side.size() &&
             cut.parent[cut_side[last + 1]] == cut.parent[first])
        ++last;
      const Sentence& head = cut.spans[first];
      const double share = double(head.end - head.begin) /
                           double(cut.spans[cut_side[last]].end - head.begin);
      const Sentence& whole_span = other.spans[other_side[0]];
      const std::string text(
          std::string_view(other_doc.text)
              .substr(whole_span.begin, whole_span.end - whole_span.begin));
      double best = kMatchingCutSlack;
      size_t best_at = 0;
      for (size_t at : WeakBoundaries(text)) {
        const double gap = std::abs(double(at) / double(text.size()) - share);
        if (gap <= best) best = gap, best_at = at;
      }
      if (best_at > 0) {
        other_soft[parent].push_back(best_at);
        changed[b] = true;
      }
      break;
    }
  }
}

// How many beads on each side of a bead in doubt are aligned again with it.
// The search learns its length ratio from the 1-1 beads of what it aligns
// (it needs five) and weighs each bead against the alternatives around it: a
// window of a few beads gives it too little of either, and its confidence
// comes out too high (ntrex-dev tsv, 2 beads: drift link F1 0.9790, 8 beads:
// 0.9831, and 12 beads, about the whole of a news article: 0.9795).
constexpr size_t kWindowBeads = 8;

AlignerInput Slice(const AlignerInput& input, int begin, int end) {
  AlignerInput slice;
  slice.language = input.language;
  slice.sentences.assign(input.sentences.begin() + begin,
                         input.sentences.begin() + end);
  slice.paragraphs.assign(input.paragraphs.begin() + begin,
                          input.paragraphs.begin() + end);
  return slice;
}

// `beads` (over `source` and `target`, in order, covering both) with each
// stretch of beads within kWindowBeads of a bead marked in `redo` replaced
// by the alignment of its sentences as a document of their own. The rest of
// the document stays as it was aligned: a second search over all of it
// would cost as much as the first and change nothing there.
std::vector<Bead> RealignAround(const Aligner& aligner,
                                const AlignerInput& source,
                                const AlignerInput& target,
                                const std::vector<Bead>& beads,
                                const std::vector<bool>& redo) {
  // Where each bead starts on each side.
  std::vector<int> source_at(beads.size() + 1, 0),
      target_at(beads.size() + 1, 0);
  for (size_t b = 0; b < beads.size(); ++b) {
    source_at[b + 1] = source_at[b] + static_cast<int>(beads[b].source.size());
    target_at[b + 1] = target_at[b] + static_cast<int>(beads[b].target.size());
  }
  std::vector<Bead> out;
  size_t b = 0;
  while (b < beads.size()) {
    size_t marked = b;
    while (marked < beads.size() && !redo[marked]) ++marked;
    const size_t first =
        marked < beads.size()
            ? (marked > kWindowBeads ? marked - kWindowBeads : 0)
            : beads.size();
    for (; b < std::max(first, b); ++b) out.push_back(beads[b]);
    if (b == beads.size()) break;
    // Extend the window while another marked bead is within reach.
    size_t last = std::min(marked + kWindowBeads, beads.size() - 1);
    for (size_t k = marked + 1; k <= last; ++k)
      if (redo[k]) last = std::min(k + kWindowBeads, beads.size() - 1);
    const int s_begin = source_at[b], s_end = source_at[last + 1];
    const int t_begin = target_at[b], t_end = target_at[last + 1];
    Alignment window = aligner.Align(Slice(source, s_begin, s_end),
                                     Slice(target, t_begin, t_end));
    for (Bead& bead : window.beads) {
      for (int& i : bead.source) i += s_begin;
      for (int& j : bead.target) j += t_begin;
      out.push_back(std::move(bead));
    }
    b = last + 1;
  }
  return out;
}

// The pieces of one side cut again (`before` to `after`, where some whole
// sentences were cut in two), and `beads` moved onto the new pieces: a bead
// holding a sentence now cut holds both its pieces.
void MovePieces(const Pieces& before, const Pieces& after, bool source,
                std::vector<Bead>& beads) {
  std::vector<int> begin(before.parent.size()), end(before.parent.size());
  size_t k = 0;
  for (size_t i = 0; i < before.parent.size(); ++i) {
    begin[i] = static_cast<int>(k);
    const bool last_of_sentence = i + 1 == before.parent.size() ||
                                  before.parent[i + 1] != before.parent[i];
    ++k;
    // A sentence that was one piece may be several now.
    while (last_of_sentence && k < after.parent.size() &&
           after.parent[k] == before.parent[i])
      ++k;
    end[i] = static_cast<int>(k);
  }
  for (Bead& bead : beads) {
    std::vector<int>& side = source ? bead.source : bead.target;
    std::vector<int> moved;
    for (int i : side)
      for (int n = begin[i]; n < end[i]; ++n) moved.push_back(n);
    side = std::move(moved);
  }
}

// The shapes Aligner's search makes beads of (1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
// 3-1, 1-3).
bool IsBeadShape(const Bead& bead) {
  const size_t s = bead.source.size(), t = bead.target.size();
  if (s == 0 || t == 0) return s + t == 1;
  return s + t <= 4;
}

// Appends the pieces of one side that a group of beads holds to `out` as
// sentences: consecutive pieces of one sentence become one again, and such a
// glued sentence gets `confidence` (the group's) in `caps`, others 1.
void GluePieces(const std::vector<int>& group_pieces, const Pieces& pieces,
                double confidence, std::vector<Sentence>& out,
                std::vector<double>& caps) {
  for (size_t k = 0; k < group_pieces.size(); ++k) {
    const int piece = group_pieces[k];
    if (k > 0 && pieces.parent[piece] == pieces.parent[group_pieces[k - 1]]) {
      out.back().end = pieces.spans[piece].end;
      caps.back() = confidence;
    } else {
      out.push_back(pieces.spans[piece]);
      caps.push_back(1);
    }
  }
}

}  // namespace

void ExcludeParagraphEmphasis(const Document& doc,
                              std::vector<Sentence>& sentences) {
  static constexpr std::string_view kMarkers[] = {"**", "__", "*", "_"};
  const std::string_view text = doc.text;
  size_t first = 0;
  while (first < sentences.size()) {
    size_t last = first;
    while (last + 1 < sentences.size() &&
           sentences[last + 1].paragraph == sentences[first].paragraph) {
      ++last;
    }
    Sentence& head = sentences[first];
    Sentence& tail = sentences[last];
    for (std::string_view marker : kMarkers) {
      std::string_view head_text =
          text.substr(head.begin, head.end - head.begin);
      std::string_view tail_text =
          text.substr(tail.begin, tail.end - tail.begin);
      const bool wraps =
          head_text.starts_with(marker) && tail_text.ends_with(marker) &&
          (first != last || head_text.size() > 2 * marker.size());
      // "*" followed by a space is a list bullet, not emphasis.
      if (!wraps || IsSpace(text[head.begin + marker.size()])) continue;
      head.begin += marker.size();
      tail.end -= marker.size();
      while (head.begin < head.end && IsSpace(text[head.begin])) ++head.begin;
      while (tail.end > tail.begin && IsSpace(text[tail.end - 1])) --tail.end;
      break;
    }
    first = last + 1;
  }
  // A sentence that was nothing but the marker is gone.
  std::erase_if(sentences, [](const Sentence& s) { return s.begin >= s.end; });
}

std::vector<TranslationUnit> DocumentAlignment::ToUnits() const {
  std::vector<TranslationUnit> units;
  const std::string now = NowIso8601();
  for (const AlignedPair& pair : pairs) {
    TranslationUnit unit;
    unit.source_language = source_language;
    unit.target_language = target_language;
    unit.source_text = pair.source_text;
    unit.target_text = pair.target_text;
    unit.confidence = pair.bead.confidence;
    unit.bead_type = pair.bead.Type();
    unit.origin = source_name + "|" + target_name;
    unit.origin_hash = origin_hash;
    unit.created = now;
    unit.changed = now;
    units.push_back(std::move(unit));
  }
  return units;
}

DocumentAligner::DocumentAligner() = default;
DocumentAligner::~DocumentAligner() = default;

Status DocumentAligner::Init(const DocumentAlignerOptions& options) {
  options_ = options;
  const std::string source = PrimaryLanguage(options.source_language);
  const std::string target = PrimaryLanguage(options.target_language);
  ASSIGN_OR_RETURN(source_segmenter_, Segmenter::Create({.language = source}));
  ASSIGN_OR_RETURN(target_segmenter_, Segmenter::Create({.language = target}));

  std::string dictionary_base = options.dictionary;
  if (dictionary_base.empty()) {
    dictionary_base = FindInstalledDictionary(source, target);
    if (dictionary_base.empty()) {
      dictionary_warning_ = "no " + source + "-" + target +
                            " dictionary installed: aligning by length, "
                            "numbers, names, cognates and punctuation";
      if ((source == "bg" && target == "en") ||
          (source == "en" && target == "bg")) {
        dictionary_warning_ +=
            " (install dict-freedict-eng-bul for better "
            "alignments)";
      }
    }
  }
  if (!dictionary_base.empty() && dictionary_base != "none") {
    // FreeDict names its files by ISO 639-3 codes, headword language first:
    // freedict-eng-bul holds English headwords with Bulgarian translations.
    const std::string base_name =
        dictionary_base.substr(dictionary_base.find_last_of('/') + 1);
    const size_t source_at =
        base_name.find(icu::Locale(source.c_str()).getISO3Language());
    const size_t target_at =
        base_name.find(icu::Locale(target.c_str()).getISO3Language());
    const bool source_first = source_at <= target_at;
    const std::string headword = source_first ? source : target;
    const std::string translation = source_first ? target : source;
    ASSIGN_OR_RETURN(dictionary_, BilingualDictionary::LoadDictd(
                                      dictionary_base, headword, translation));
  }
  AlignerOptions aligner_options;
  aligner_options.dictionary = dictionary_.get();
  aligner_options.review_threshold = options.review_threshold;
  ASSIGN_OR_RETURN(aligner_, Aligner::Create(aligner_options));
  return Status::Ok();
}

std::vector<Sentence> DocumentAligner::SentencesOf(
    const Document& doc, const Segmenter& segmenter) const {
  if (options_.presegmented) return SplitLines(doc);
  std::vector<Sentence> sentences = segmenter.Split(doc);
  ExcludeParagraphEmphasis(doc, sentences);
  return sentences;
}

std::optional<Alignment> DocumentAligner::CutConfirmedSoftBoundaries(
    const Document& source, const Document& target,
    std::vector<Sentence>& source_spans, std::vector<Sentence>& target_spans,
    AlignerInput& source_input, AlignerInput& target_input,
    std::vector<double>& source_caps, std::vector<double>& target_caps) const {
  source_caps.assign(source_spans.size(), 1);
  target_caps.assign(target_spans.size(), 1);
  auto source_soft = SoftBoundaries(source_input);
  auto target_soft = SoftBoundaries(target_input);
  const auto none = [](const std::vector<std::vector<size_t>>& soft) {
    return std::all_of(soft.begin(), soft.end(),
                       [](const auto& s) { return s.empty(); });
  };
  if (none(source_soft) && none(target_soft)) return std::nullopt;

  Pieces source_pieces = CutAtSoftBoundaries(source, source_spans, source_soft);
  Pieces target_pieces = CutAtSoftBoundaries(target, target_spans, target_soft);
  AlignerInput source_piece_input =
      ToAlignerInput(source, source_pieces.spans, options_.source_language);
  AlignerInput target_piece_input =
      ToAlignerInput(target, target_pieces.spans, options_.target_language);
  Alignment pieces_alignment =
      aligner_->Align(source_piece_input, target_piece_input);
  std::vector<Bead>& beads = pieces_alignment.beads;

  std::vector<bool> matched(beads.size(), false);
  AddMatchingCuts(beads, true, source_pieces, target_pieces, target,
                  target_soft, matched);
  AddMatchingCuts(beads, false, target_pieces, source_pieces, source,
                  source_soft, matched);
  if (std::find(matched.begin(), matched.end(), true) != matched.end()) {
    // Both sides now cut where one only was: align the pieces around those
    // beads again.
    const Pieces source_before = std::move(source_pieces);
    const Pieces target_before = std::move(target_pieces);
    source_pieces = CutAtSoftBoundaries(source, source_spans, source_soft);
    target_pieces = CutAtSoftBoundaries(target, target_spans, target_soft);
    MovePieces(source_before, source_pieces, true, beads);
    MovePieces(target_before, target_pieces, false, beads);
    source_piece_input =
        ToAlignerInput(source, source_pieces.spans, options_.source_language);
    target_piece_input =
        ToAlignerInput(target, target_pieces.spans, options_.target_language);
    beads = RealignAround(*aligner_, source_piece_input, target_piece_input,
                          beads, matched);
  }
  std::vector<std::pair<int, int>> glue;
  // A cut is kept only where the pairs it makes would not be flagged for
  // review: a surer alignment than the sentence whole is what confirms it.
  MarkUnconfirmedCuts(beads, source_pieces, true, options_.review_threshold,
                      glue);
  MarkUnconfirmedCuts(beads, target_pieces, false, options_.review_threshold,
                      glue);
  // Each bead's group: the last bead it must be glued to.
  std::vector<int> glue_to(beads.size());
  for (size_t b = 0; b < beads.size(); ++b) glue_to[b] = static_cast<int>(b);
  for (const auto& [first, last] : glue)
    for (int b = first; b <= last; ++b) glue_to[b] = std::max(glue_to[b], last);

  source_spans.clear();
  target_spans.clear();
  source_caps.clear();
  target_caps.clear();
  // Each group becomes one bead over the glued sentences. The search over
  // the pieces already chose where the groups start and end, so the glued
  // sentences are aligned again (the stretch around the group, below) only
  // where a group merged several beads or makes a bead the aligner has no
  // shape for.
  Alignment glued;
  std::vector<bool> not_a_bead;
  for (size_t b = 0; b < beads.size();) {
    // Extend the group while a bead inside it reaches further.
    size_t end = b;
    for (size_t k = b; k <= end; ++k)
      end = std::max(end, static_cast<size_t>(glue_to[k]));
    std::vector<int> source_group, target_group;
    double confidence = 1;
    for (size_t k = b; k <= end; ++k) {
      confidence = std::min(confidence, beads[k].confidence);
      source_group.insert(source_group.end(), beads[k].source.begin(),
                          beads[k].source.end());
      target_group.insert(target_group.end(), beads[k].target.begin(),
                          beads[k].target.end());
    }
    Bead bead;
    bead.confidence = confidence;
    const size_t first_source = source_spans.size();
    const size_t first_target = target_spans.size();
    GluePieces(source_group, source_pieces, confidence, source_spans,
               source_caps);
    GluePieces(target_group, target_pieces, confidence, target_spans,
               target_caps);
    for (size_t i = first_source; i < source_spans.size(); ++i)
      bead.source.push_back(static_cast<int>(i));
    for (size_t j = first_target; j < target_spans.size(); ++j)
      bead.target.push_back(static_cast<int>(j));
    not_a_bead.push_back(end != b || !IsBeadShape(bead));
    glued.beads.push_back(std::move(bead));
    b = end + 1;
  }
  source_input = ToAlignerInput(source, source_spans, options_.source_language);
  target_input = ToAlignerInput(target, target_spans, options_.target_language);
  if (std::find(not_a_bead.begin(), not_a_bead.end(), true) !=
      not_a_bead.end()) {
    // A group the search has no bead for, or that merged several beads:
    // its glued sentences are aligned again, with their neighbours.
    glued.beads = RealignAround(*aligner_, source_input, target_input,
                                glued.beads, not_a_bead);
  }
  return glued;
}

Result<DocumentAlignment> DocumentAligner::Align(const Document& source,
                                                 const Document& target) const {
  DocumentAlignment result;
  result.source_name = source.name;
  result.target_name = target.name;
  result.source_language = options_.source_language;
  result.target_language = options_.target_language;
  result.origin_hash = Sha256Hex(source.content_hash + target.content_hash);

  if (!options_.force) {
    for (const auto& [doc, language] :
         {std::pair{&source, PrimaryLanguage(options_.source_language)},
          std::pair{&target, PrimaryLanguage(options_.target_language)}}) {
      std::string warning;
      RETURN_IF_ERROR(CheckLanguage(*doc, language, &warning));
      if (!warning.empty()) result.warnings.push_back(warning);
    }
  }
  if (!dictionary_warning_.empty())
    result.warnings.push_back(dictionary_warning_);

  std::vector<Sentence> source_spans = SentencesOf(source, *source_segmenter_);
  std::vector<Sentence> target_spans = SentencesOf(target, *target_segmenter_);
  AlignerInput source_input =
      ToAlignerInput(source, source_spans, options_.source_language);
  AlignerInput target_input =
      ToAlignerInput(target, target_spans, options_.target_language);
  std::vector<double> source_caps, target_caps;
  std::optional<Alignment> known;
  if (!options_.presegmented) {
    known = CutConfirmedSoftBoundaries(source, target, source_spans,
                                       target_spans, source_input, target_input,
                                       source_caps, target_caps);
  }
  Alignment alignment =
      known ? std::move(*known) : aligner_->Align(source_input, target_input);
  // A sentence the other side did not let us cut may still be two: the bead
  // holding it is no surer than the alignment that kept its pieces together.
  for (Bead& bead : alignment.beads) {
    for (int i : bead.source)
      if (static_cast<size_t>(i) < source_caps.size())
        bead.confidence = std::min(bead.confidence, source_caps[i]);
    for (int j : bead.target)
      if (static_cast<size_t>(j) < target_caps.size())
        bead.confidence = std::min(bead.confidence, target_caps[j]);
  }
  result.source_sentences = std::move(source_input.sentences);
  result.target_sentences = std::move(target_input.sentences);

  AlignmentSummary& summary = result.summary;
  summary.source_sentences = static_cast<int>(source_spans.size());
  summary.target_sentences = static_cast<int>(target_spans.size());
  double confidence_sum = 0;
  for (const Bead& bead : alignment.beads) {
    AlignedPair pair;
    pair.bead = bead;
    pair.source_text = JoinSentences(result.source_sentences, bead.source);
    pair.target_text = JoinSentences(result.target_sentences, bead.target);
    ++summary.beads_by_type[bead.Type()];
    confidence_sum += bead.confidence;
    if (!bead.source.empty() && !bead.target.empty() &&
        bead.confidence < options_.review_threshold) {
      ++summary.below_threshold;
    }
    result.pairs.push_back(std::move(pair));
  }
  if (!alignment.beads.empty()) {
    summary.mean_confidence = confidence_sum / alignment.beads.size();
  }
  return result;
}

Result<DocumentAlignment> DocumentAligner::AlignBilingual(
    const Document& bilingual) const {
  ASSIGN_OR_RETURN(
      BilingualSplit split,
      SplitBilingual(bilingual, PrimaryLanguage(options_.source_language),
                     PrimaryLanguage(options_.target_language)));
  ASSIGN_OR_RETURN(DocumentAlignment result, Align(split.first, split.second));
  result.origin_hash = bilingual.content_hash;
  return result;
}

Result<std::string> FormatPairs(const DocumentAlignment& alignment,
                                std::string_view format) {
  if (format != "tsv" && format != "beads" && format != "jsonl") {
    return Status::Usage("unknown pair format '" + std::string(format) + "'")
        .WithHint("use tsv, beads or jsonl");
  }
  const auto indices = [](std::string& out, const std::vector<int>& list) {
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(list[i]);
    }
    out += ']';
  };
  const auto confidence = [](std::string& out, double value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    out += buffer;
  };
  std::string out;
  for (const AlignedPair& pair : alignment.pairs) {
    const Bead& bead = pair.bead;
    if (format == "beads") {
      indices(out, bead.source);
      out += ':';
      indices(out, bead.target);
    } else if (format == "tsv") {
      out += pair.source_text + '\t' + pair.target_text + '\t';
      confidence(out, bead.confidence);
    } else {
      out += "{\"source\":";
      indices(out, bead.source);
      out += ",\"target\":";
      indices(out, bead.target);
      out += ",\"source_text\":";
      internal::AppendJsonString(out, pair.source_text);
      out += ",\"target_text\":";
      internal::AppendJsonString(out, pair.target_text);
      out += ",\"bead\":";
      internal::AppendJsonString(out, bead.Type());
      out += ",\"confidence\":";
      confidence(out, bead.confidence);
      out += '}';
    }
    out += '\n';
  }
  return out;
}

}  // namespace sverka
