// The segmenter: blocks from the line structure, ICU's sentence breaks
// inside each block, then the language's rules (segmenter_rules.h) at every
// candidate position.
#include "sverka/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "segmenter_regex.h"
#include "segmenter_rules.h"

namespace sverka {
namespace {

bool IsSpaceByte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsSpaceUnit(UChar c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_isUWhiteSpace(c);
}

// A line of the document, [begin, end) trimmed of white space.
struct Line {
  size_t begin, end;
  size_t length;  // in code points
};

// A run of text that no sentence crosses: a paragraph, or part of one that
// ends at a hard line break. Soft line breaks inside it are in `soft`.
struct Block {
  size_t begin, end;
  int paragraph;
};

// Number of code points in a UTF-8 string.
// Eight bytes at a time: a continuation byte (10xxxxxx) has bit 7 set and
// bit 6 clear.
size_t Length(std::string_view s) {
  size_t continuation = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    // One bit per continuation byte, summed by a multiplication (popcount
    // would be a library call without -mpopcnt).
    const uint64_t bits = (x & ~(x << 1) & 0x8080808080808080ULL) >> 7;
    continuation += static_cast<size_t>((bits * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) {
    continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  }
  return s.size() - continuation;
}

UChar32 FirstCodePoint(std::string_view s) {
  int32_t i = 0;
  UChar32 c = U_SENTINEL;
  if (!s.empty()) {
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i,
            static_cast<int32_t>(s.size()), c);
  }
  return c;
}

UChar32 LastCodePoint(std::string_view s) {
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c = U_SENTINEL;
  if (i > 0) U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return c;
}

// A line that starts a list item or a dialogue turn: "- ", "– ", "* ",
// "• ", "1. ", "1) ", "а) ".
bool StartsItem(std::string_view line) {
  for (std::string_view marker :
       {"- ", "\u2013 ", "\u2014 ", "* ", "\u2022 ", "\u00B7 ", "> "}) {
    if (line.starts_with(marker)) return true;
  }
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] >= '0' && line[i] <= '9') ++i;
  if (i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') &&
      line[i + 1] == ' ') {
    return true;
  }
  return false;
}

// Whether the line break after `lines[i]` (inside a paragraph) is soft: the
// text was wrapped there, so the line break is a space.
//
// A paragraph counts as wrapped text when it has at least three lines and
// its lines (all but the last) are 40 to 120 characters wide. A break is
// soft when the next line's first word would not have fitted on the line
// (that is why the text was wrapped), or when the next line continues in
// lower case. A line that opens a list item or a dialogue turn always
// starts a segment.
bool IsSoftBreak(std::string_view text, const std::vector<Line>& lines,
                 size_t i, size_t width) {
  const Line& line = lines[i];
  const Line& next = lines[i + 1];
  const std::string_view line_text =
      text.substr(line.begin, line.end - line.begin);
  const std::string_view next_text =
      text.substr(next.begin, next.end - next.begin);
  if (StartsItem(next_text)) return false;
  const UChar32 first = FirstCodePoint(next_text);
  const size_t length = line.length;
  if (u_islower(first) && length >= 20) return true;
  if (width == 0) return false;
  const UChar32 last = LastCodePoint(line_text);
  if (last == ':' && (next_text.starts_with("\"") || u_isupper(first))) {
    return false;  // "Dear Sir:" / "Notes:" before their text
  }
  const size_t space = next_text.find(' ');
  const size_t first_word = Length(next_text.substr(
      0, space == std::string_view::npos ? next_text.size() : space));
  return length + 1 + first_word > width;
}

// The lines of `text` grouped into paragraphs (blank lines separate them),
// then cut into blocks at hard line breaks.
std::vector<Block> Blocks(std::string_view text) {
  std::vector<Block> blocks;
  std::vector<Line> lines;
  int paragraph = 0;
  auto flush = [&]() {
    if (lines.empty()) return;
    size_t width = 0;
    if (lines.size() >= 3) {
      for (size_t i = 0; i + 1 < lines.size(); ++i) {
        width = std::max(width, lines[i].length);
      }
      if (width < 40 || width > 120) width = 0;
    }
    size_t begin = lines[0].begin;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i + 1 < lines.size() && IsSoftBreak(text, lines, i, width)) continue;
      blocks.push_back({begin, lines[i].end, paragraph});
      if (i + 1 < lines.size()) begin = lines[i + 1].begin;
    }
    lines.clear();
    ++paragraph;
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    size_t b = pos, e = nl;
    while (b < e && IsSpaceByte(text[b])) ++b;
    while (e > b && IsSpaceByte(text[e - 1])) --e;
    if (b == e) {
      flush();
    } else {
      lines.push_back({b, e, Length(text.substr(b, e - b))});
    }
    pos = nl + 1;
  }
  flush();
  return blocks;
}

// A rule compiled once: either one pattern "(?<=before)after" tried with
// lookingAt() at the candidate, or, when `before` has no bounded length
// (ICU's look-behind needs one), "(?:before)$" searched in a window that
// ends at the candidate plus "after" tried at it.
struct CompiledRule {
  bool is_break;
  std::unique_ptr<icu::RegexPattern> joined;
  std::unique_ptr<icu::RegexPattern> before;
  std::unique_ptr<icu::RegexPattern> after;
  // Abbreviations (lower case) that stand for `before` (see SegmentRule).
  std::unordered_set<std::u16string> words;
  // Necessary conditions read from the patterns (segmenter_regex.h),
  // tested before any regex runs: the code points that end the text before
  // the candidate, those that start the text after it, and those after the
  // white space that starts it.
  EdgeSets before_tail;
  EdgeSets after_head;
  EdgeSets after_spaces;
  // `before` starts with "^": a match in the window must start at the
  // block's start, so none can when the window does not reach it.
  bool before_at_start = false;
};

// u_isalnum and u_tolower with the answers for ASCII and the basic
// Cyrillic letters (А-я) written out: the same results, without a call.
bool IsAlnumUnit(UChar c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  if (c >= 0x410 && c <= 0x44F) return true;
  return u_isalnum(c);
}

UChar ToLowerUnit(UChar c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
  if (c >= 0x410 && c <= 0x44F) return c <= 0x42F ? c + 0x20 : c;
  return static_cast<UChar>(u_tolower(c));
}

// The lower-cased token of letters, digits, dots, hyphens and underscores
// that ends with the dot just before `pos` (the dot left out), at most 24
// units; empty when there is no dot there. The word boundaries inside it
// are where "\\b" could start an abbreviation.
void AbbreviationToken(const icu::UnicodeString& text, int32_t pos,
                       std::u16string* token) {
  token->clear();
  if (pos < 2 || text.charAt(pos - 1) != '.') return;
  int32_t start = pos - 1;
  while (start > 0 && pos - 1 - start < 24) {
    const UChar c = text.charAt(start - 1);
    if (!(IsAlnumUnit(c) || c == '.' || c == '-' || c == '_')) break;
    --start;
  }
  for (int32_t i = start; i < pos - 1; ++i) {
    token->push_back(static_cast<char16_t>(ToLowerUnit(text.charAt(i))));
  }
}

// Whether `token` ends with one of `words` starting at a word boundary:
// what "\\b(?i:w1|w2|...)\\." matches before the dot.
bool EndsWithAbbreviation(const std::u16string& token,
                          const std::unordered_set<std::u16string>& words,
                          std::u16string* suffix) {
  for (size_t i = 0; i < token.size(); ++i) {
    const bool boundary =
        IsAlnumUnit(token[i]) && (i == 0 || !IsAlnumUnit(token[i - 1]));
    if (!boundary) continue;
    suffix->assign(token, i);
    if (words.count(*suffix) > 0) return true;
  }
  return false;
}

// Every abbreviation of the first 64 rules, with the rules (bit k: rule k)
// whose tables hold it: one lookup per word boundary answers all tables.
using WordRules = std::unordered_map<std::u16string, uint64_t>;

WordRules MakeWordRules(const std::vector<CompiledRule>& rules) {
  WordRules word_rules;
  for (size_t k = 0; k < rules.size() && k < 64; ++k) {
    for (const std::u16string& word : rules[k].words) {
      word_rules[word] |= uint64_t{1} << k;
    }
  }
  return word_rules;
}

// The rules (as in WordRules) with an abbreviation that `token` ends with at
// a word boundary: EndsWithAbbreviation for all of them at once.
uint64_t RulesOfToken(const std::u16string& token, const WordRules& words,
                      std::u16string* suffix) {
  uint64_t rules = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    const bool boundary =
        IsAlnumUnit(token[i]) && (i == 0 || !IsAlnumUnit(token[i - 1]));
    if (!boundary) continue;
    suffix->assign(token, i);
    if (auto it = words.find(*suffix); it != words.end()) rules |= it->second;
  }
  return rules;
}

// Per-call matchers for the rules (a RegexMatcher is not thread-safe).
class RuleMatchers {
 public:
  RuleMatchers(const std::vector<CompiledRule>& rules,
               const WordRules& word_rules)
      : word_rules_(word_rules) {
    UErrorCode status = U_ZERO_ERROR;
    for (const CompiledRule& rule : rules) {
      Entry e;
      e.is_break = rule.is_break;
      e.words = &rule.words;
      e.before_tail = &rule.before_tail.sets;
      e.after_head = &rule.after_head.sets;
      e.after_spaces = &rule.after_spaces.sets;
      e.before_at_start = rule.before_at_start;
      if (rule.joined) e.joined.reset(rule.joined->matcher(status));
      if (rule.before) e.before.reset(rule.before->matcher(status));
      if (rule.after) e.after.reset(rule.after->matcher(status));
      for (icu::RegexMatcher* m :
           {e.joined.get(), e.before.get(), e.after.get()}) {
        if (m == nullptr) continue;
        m->useTransparentBounds(true);
        m->useAnchoringBounds(m == e.before.get());
      }
      entries_.push_back(std::move(e));
    }
    ok_ = U_SUCCESS(status);
  }

  // A new block: the matchers move to `text` when a rule first needs them.
  void Reset(const icu::UnicodeString& text) {
    ++generation_;
    length_ = text.length();
    text_ = &text;
    units_ = text.getBuffer();
  }

  // The first matching rule's decision at `pos`: 1 break, 0 no break, -1
  // no rule matches.
  int Decide(int32_t pos) {
    if (!ok_) return -1;
    int32_t next = pos;
    while (next < length_ && IsSpaceUnit(units_[next])) ++next;
    bool token_done = false;
    uint64_t token_rules = 0;
    for (size_t k = 0; k < entries_.size(); ++k) {
      Entry& e = entries_[k];
      if (!Ends(pos, *e.before_tail) || !Starts(pos, *e.after_head) ||
          !Starts(next, *e.after_spaces)) {
        continue;
      }
      if (e.before && e.before_at_start && pos > kWindow) continue;
      if (!e.words->empty() && (pos == 0 || units_[pos - 1] != '.')) {
        continue;
      }
      if (e.generation != generation_) {
        for (icu::RegexMatcher* m :
             {e.joined.get(), e.before.get(), e.after.get()}) {
          if (m != nullptr) m->reset(*text_);
        }
        e.generation = generation_;
      }
      UErrorCode status = U_ZERO_ERROR;
      bool match = false;
      if (!e.words->empty()) {
        if (!token_done) {
          AbbreviationToken(*text_, pos, &token_);
          token_rules = RulesOfToken(token_, word_rules_, &suffix_);
          token_done = true;
        }
        match = k < 64 ? (token_rules >> k) & 1
                       : EndsWithAbbreviation(token_, *e.words, &suffix_);
        if (match && e.after) {
          e.after->region(pos, length_, status);
          match = U_SUCCESS(status) && e.after->lookingAt(status);
        }
      } else if (e.joined) {
        e.joined->region(pos, length_, status);
        match = U_SUCCESS(status) && e.joined->lookingAt(status);
      } else {
        match = true;
        if (e.after) {
          e.after->region(pos, length_, status);
          match = U_SUCCESS(status) && e.after->lookingAt(status);
        }
        if (match && e.before) {
          e.before->region(std::max(0, pos - kWindow), pos, status);
          match = U_SUCCESS(status) && e.before->find(status);
        }
      }
      if (U_SUCCESS(status) && match) return e.is_break ? 1 : 0;
    }
    return -1;
  }

 private:
  // Whether the code points before `pos` are in `sets` (the last first).
  bool Ends(int32_t pos, const std::vector<icu::UnicodeSet>& sets) const {
    for (const icu::UnicodeSet& set : sets) {
      if (pos <= 0) return false;
      UChar32 c;
      U16_PREV(units_, 0, pos, c);
      if (!set.contains(c)) return false;
    }
    return true;
  }

  // Whether the code points from `pos` on are in `sets`.
  bool Starts(int32_t pos, const std::vector<icu::UnicodeSet>& sets) const {
    for (const icu::UnicodeSet& set : sets) {
      if (pos >= length_) return false;
      UChar32 c;
      U16_NEXT(units_, pos, length_, c);
      if (!set.contains(c)) return false;
    }
    return true;
  }

  static constexpr int32_t kWindow = 80;
  struct Entry {
    bool is_break;
    std::unique_ptr<icu::RegexMatcher> joined, before, after;
    const std::unordered_set<std::u16string>* words;
    const std::vector<icu::UnicodeSet>* before_tail;
    const std::vector<icu::UnicodeSet>* after_head;
    const std::vector<icu::UnicodeSet>* after_spaces;
    bool before_at_start;
    uint64_t generation = 0;  // the block the matchers were last reset to
  };
  const WordRules& word_rules_;
  const icu::UnicodeString* text_ = nullptr;
  const UChar* units_ = nullptr;
  uint64_t generation_ = 0;
  std::u16string token_, suffix_;  // reused across candidates
  std::vector<Entry> entries_;
  int32_t length_ = 0;
  bool ok_ = true;
};

// Closing quotes and brackets that may follow a sentence's final mark.
bool IsClosing(UChar c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D ||
         c == 0x201C || c == 0x00BB || c == 0x2019;
}

class RuleSegmenter final : public Segmenter {
 public:
  RuleSegmenter(std::unique_ptr<icu::BreakIterator> iterator,
                std::vector<CompiledRule> rules)
      : iterator_(std::move(iterator)),
        rules_(std::move(rules)),
        word_rules_(MakeWordRules(rules_)) {}

  std::vector<Sentence> Split(const Document& doc) const override {
    std::vector<Sentence> out;
    std::unique_ptr<icu::BreakIterator> iterator(iterator_->clone());
    RuleMatchers matchers(rules_, word_rules_);
    if (!iterator) return out;
    std::string_view text = doc.text;
    Scratch scratch;
    for (const Block& block : Blocks(text)) {
      SplitBlock(text, block, *iterator, matchers, scratch, out);
    }
    return out;
  }

 private:
  struct Candidate {
    int32_t pos;  // UTF-16 index just after the last non-space unit
    bool icu;     // ICU breaks here
    bool operator<(const Candidate& o) const { return pos < o.pos; }
  };

  // Buffers reused from block to block.
  struct Scratch {
    icu::UnicodeString unicode;
    std::vector<uint32_t> byte_of;  // the block's byte of each UTF-16 unit
    std::vector<int32_t> marks;     // units that are sentence punctuation
    std::vector<Candidate> candidates;
  };

  // What an ASCII byte is to Decode().
  enum AsciiKind : uint8_t { kPlain, kLineBreak, kMark };
  static constexpr auto kAsciiKind = [] {
    std::array<AsciiKind, 128> kind{};
    for (char c : {'\n', '\r', '\v', '\f'}) kind[c] = kLineBreak;
    for (char c : {'.', '!', '?', ':', ';'}) kind[c] = kMark;
    return kind;
  }();

  // The block as UTF-16 in one pass over its bytes: bad bytes become
  // U+FFFD (as u_strFromUTF8WithSub makes them: U8_NEXT's maximal
  // subparts), soft line breaks and other line separators become spaces
  // (one unit each) for ICU and the rules, and the offset map and the
  // positions of sentence punctuation are filled on the way.
  static void Decode(std::string_view piece, Scratch& scratch) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(piece.data());
    const int32_t n = static_cast<int32_t>(piece.size());
    std::vector<uint32_t>& byte_of = scratch.byte_of;
    std::vector<int32_t>& marks = scratch.marks;
    byte_of.resize(static_cast<size_t>(n) + 1);
    marks.clear();
    UChar* units = scratch.unicode.getBuffer(n + 1);
    if (units == nullptr) {  // out of memory: an empty block
      scratch.unicode.remove();
      byte_of.assign(1, 0);
      return;
    }
    int32_t i = 0, u = 0;
    while (i < n) {
      byte_of[u] = static_cast<uint32_t>(i);
      const uint8_t b = bytes[i];
      if (b < 0x80) {
        ++i;
        switch (kAsciiKind[b]) {
          case kLineBreak:
            units[u++] = ' ';
            continue;
          case kMark:
            marks.push_back(u);
            break;
          default:
            break;
        }
        units[u++] = b;
        continue;
      }
      if (b >= 0xC2 && b < 0xE0 && i + 1 < n && (bytes[i + 1] & 0xC0) == 0x80) {
        // Two bytes: Cyrillic and such; U+0085 (NEL) is a line break.
        const UChar c =
            static_cast<UChar>(((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
        i += 2;
        units[u++] = c == 0x85 ? u' ' : c;
        continue;
      }
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      if (c < 0) c = 0xFFFD;
      if (c == 0x2028 || c == 0x2029) c = ' ';
      if (c == 0x2026) marks.push_back(u);
      if (c >= 0x10000) {
        byte_of[u + 1] = byte_of[u];
        units[u++] = U16_LEAD(c);
        units[u++] = U16_TRAIL(c);
      } else {
        units[u++] = static_cast<UChar>(c);
      }
    }
    byte_of[u] = static_cast<uint32_t>(n);
    scratch.unicode.releaseBuffer(u);
  }

  void SplitBlock(std::string_view text, const Block& block,
                  icu::BreakIterator& iterator, RuleMatchers& matchers,
                  Scratch& scratch, std::vector<Sentence>& out) const {
    const std::string_view piece =
        text.substr(block.begin, block.end - block.begin);
    Decode(piece, scratch);
    const icu::UnicodeString& unicode = scratch.unicode;
    const std::vector<uint32_t>& byte_of = scratch.byte_of;
    const int32_t length = unicode.length();
    const UChar* units = unicode.getBuffer();

    std::vector<Candidate>& candidates = scratch.candidates;
    candidates.clear();
    iterator.setText(unicode);
    for (int32_t b = iterator.next();
         b != icu::BreakIterator::DONE && b < length; b = iterator.next()) {
      int32_t p = b;
      while (p > 0 && IsSpaceUnit(units[p - 1])) --p;
      if (p > 0) candidates.push_back({p, true});
    }
    // Positions after sentence punctuation (and closing quotes) before a
    // space: where the rules may add a break ICU does not make.
    for (const int32_t i : scratch.marks) {
      if (i + 1 >= length) continue;
      int32_t p = i + 1;
      while (p < length && p - i <= 3 && IsClosing(units[p])) ++p;
      if (p < length && IsSpaceUnit(units[p])) {
        candidates.push_back({p, false});
      }
    }
    std::sort(candidates.begin(), candidates.end());

    matchers.Reset(unicode);
    int32_t start = 0;
    for (size_t k = 0; k < candidates.size(); ++k) {
      Candidate c = candidates[k];
      while (k + 1 < candidates.size() && candidates[k + 1].pos == c.pos) {
        ++k;
        c.icu = c.icu || candidates[k].icu;
      }
      if (c.pos <= start) continue;
      const int decision = matchers.Decide(c.pos);
      if (decision == 0 || (decision < 0 && !c.icu)) continue;
      Emit(text, block.begin + byte_of[start], block.begin + byte_of[c.pos],
           block.paragraph, out);
      start = c.pos;
    }
    Emit(text, block.begin + byte_of[start], block.end, block.paragraph, out);
  }

  static void Emit(std::string_view text, size_t begin, size_t end,
                   int paragraph, std::vector<Sentence>& out) {
    while (begin < end && IsSpaceByte(text[begin])) ++begin;
    while (end > begin && IsSpaceByte(text[end - 1])) --end;
    if (begin < end) out.push_back({begin, end, paragraph});
  }

  std::unique_ptr<icu::BreakIterator> iterator_;
  std::vector<CompiledRule> rules_;
  WordRules word_rules_;  // after rules_, which it is made from
};

Result<std::unique_ptr<icu::RegexPattern>> Compile(const std::string& regex,
                                                   const std::string& language,
                                                   UErrorCode* status_out) {
  UParseError parse{};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(regex), 0, parse, status));
  if (status_out != nullptr) *status_out = status;
  if (U_FAILURE(status)) {
    return Status::Internal("segmentation rule for '" + language +
                            "': cannot compile /" + regex + "/ at offset " +
                            std::to_string(parse.offset) + ": " +
                            u_errorName(status));
  }
  return pattern;
}

Result<CompiledRule> CompileRule(const SegmentRule& rule,
                                 const std::string& language) {
  CompiledRule compiled;
  compiled.is_break = rule.is_break;
  compiled.before_tail = LastCodePoints(rule.before);
  compiled.after_head = FirstCodePoints(rule.after);
  compiled.after_spaces = FirstCodePointsAfterSpaces(rule.after);
  compiled.before_at_start = AnchoredAtTextStart(rule.before);
  if (!rule.words.empty()) {
    for (const std::string& w : rule.words) {
      icu::UnicodeString word = icu::UnicodeString::fromUTF8(w);
      word.toLower(icu::Locale::getRoot());
      compiled.words.emplace(word.getBuffer(), word.length());
    }
    if (!rule.after.empty()) {
      ASSIGN_OR_RETURN(compiled.after, Compile(rule.after, language, nullptr));
    }
    return compiled;
  }
  const std::string before =
      rule.before.empty() ? "" : "(?<=" + rule.before + ")";
  UErrorCode status = U_ZERO_ERROR;
  // The after-break test comes first: it is anchored and cheap, and fails
  // at most candidates; the look-behind then tries each possible start.
  const std::string after = rule.after.empty() ? "" : "(?=" + rule.after + ")";
  auto joined = Compile(after + before, language, &status);
  if (joined.ok()) {
    compiled.joined = std::move(joined).value();
    return compiled;
  }
  if (status != U_REGEX_LOOK_BEHIND_LIMIT) return joined.status();
  // An unbounded before-break pattern: search for it in a window instead.
  ASSIGN_OR_RETURN(compiled.before,
                   Compile("(?:" + rule.before + ")$", language, nullptr));
  if (!rule.after.empty()) {
    ASSIGN_OR_RETURN(compiled.after, Compile(rule.after, language, nullptr));
  }
  return compiled;
}

}  // namespace

Result<std::unique_ptr<Segmenter>> Segmenter::Create(
    const SegmenterOptions& options) {
  LanguageRules rules;
  if (options.srx_file.empty()) {
    rules = BuiltinRules(options.language);
  } else {
    ASSIGN_OR_RETURN(rules, ReadSrx(options.srx_file, options.language));
  }
  std::vector<CompiledRule> compiled;
  for (const SegmentRule& rule : rules.rules) {
    Result<CompiledRule> c = CompileRule(rule, rules.language);
    if (!c.ok() && !options.srx_file.empty()) {
      // ReadSrx checked each pattern; should a combination of a rule's
      // two still fail, the file is what to fix.
      return c.status()
          .At(options.srx_file)
          .WithHint(
              "fix or remove this rule's regular expressions in the SRX file");
    }
    if (!c.ok()) return c.status();
    compiled.push_back(std::move(c).value());
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(
          icu::Locale(rules.icu_locale.c_str()), status));
  if (U_FAILURE(status) || !iterator) {
    return Status::Internal("ICU cannot create a sentence iterator for '" +
                            rules.icu_locale + "': " + u_errorName(status))
        .WithHint("check that ICU's data (libicu72) is installed");
  }
  return std::unique_ptr<Segmenter>(
      new RuleSegmenter(std::move(iterator), std::move(compiled)));
}

Result<std::string> BuiltinRulesAsSrx() {
  return WriteSrx({BuiltinRules("bg"), BuiltinRules("en")});
}

std::vector<Sentence> SplitLines(const Document& doc) {
  std::vector<Sentence> out;
  const std::string& t = doc.text;
  int paragraph = 0;
  bool blank_run = false;
  size_t pos = 0;
  while (pos <= t.size()) {
    size_t nl = t.find('\n', pos);
    if (nl == std::string::npos) nl = t.size();
    size_t b = pos, e = nl;
    while (b < e && IsSpaceByte(t[b])) ++b;
    while (e > b && IsSpaceByte(t[e - 1])) --e;
    if (b == e) {
      blank_run = true;
    } else {
      if (blank_run && !out.empty()) ++paragraph;
      blank_run = false;
      out.push_back({b, e, paragraph});
    }
    pos = nl + 1;
  }
  return out;
}

}  // namespace sverka
