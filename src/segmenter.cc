#include "sverka/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <set>

#include "segmenter_rules.h"

namespace sverka {
namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Code point at byte offset `i` of `s` (advances `i`), or -1.
UChar32 NextCodePoint(std::string_view s, size_t& i) {
  UChar32 c;
  int32_t index = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), index,
          static_cast<int32_t>(s.size()), c);
  i = static_cast<size_t>(index);
  return c;
}

UChar32 PreviousCodePoint(std::string_view s, size_t& i) {
  UChar32 c;
  int32_t index = static_cast<int32_t>(i);
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, index, c);
  i = static_cast<size_t>(index);
  return c;
}

std::string Lowercase(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toLower()
      .toUTF8String(out);
  return out;
}

// The word before a candidate break (the characters back to the previous
// space, without opening quotes and brackets), e.g. "т.нар." or "2020г.".
std::string_view TokenBefore(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin > 0 && !IsSpaceByte(text[begin - 1])) --begin;
  std::string_view token = text.substr(begin, end - begin);
  while (!token.empty() && std::string_view("(\"'[«„“‘").find(token.front()) != std::string_view::npos) {
    token.remove_prefix(1);
  }
  // Multi-byte opening quotes: „ “ « ‘ are 2-3 bytes.
  for (std::string_view quote : {"„", "“", "«", "‘", "‚"}) {
    while (token.starts_with(quote)) token.remove_prefix(quote.size());
  }
  return token;
}

// The word after a candidate break, without leading quotes/brackets/dashes.
std::string_view TokenAfter(std::string_view text, size_t begin) {
  while (begin < text.size() && IsSpaceByte(text[begin])) ++begin;
  size_t end = begin;
  while (end < text.size() && !IsSpaceByte(text[end])) ++end;
  return text.substr(begin, end - begin);
}

// First letter or digit of a token: its kind decides most rules.
enum class Start { kNone, kLower, kUpper, kDigit, kOther };

Start StartOf(std::string_view token) {
  size_t i = 0;
  while (i < token.size()) {
    const UChar32 c = NextCodePoint(token, i);
    if (c < 0) return Start::kNone;
    if (u_isdigit(c)) return Start::kDigit;
    if (u_islower(c)) return Start::kLower;
    if (u_isupper(c) || u_istitle(c)) return Start::kUpper;
    if (u_isalpha(c)) return Start::kOther;
  }
  return Start::kNone;
}

class IcuRuleSegmenter final : public Segmenter {
 public:
  IcuRuleSegmenter(std::unique_ptr<icu::BreakIterator> iterator,
                   const LanguageRules& rules)
      : iterator_(std::move(iterator)), rules_(rules) {}

  std::vector<Sentence> Split(const Document& doc) const override {
    std::vector<Sentence> out;
    std::unique_ptr<icu::BreakIterator> iterator(iterator_->clone());
    const std::string& text = doc.text;
    int paragraph = 0;
    bool any = false;
    for (const Block& block : Blocks(text)) {
      if (block.new_paragraph && any) ++paragraph;
      SplitBlock(text, block, *iterator, paragraph, out);
      any = !out.empty();
    }
    return out;
  }

 private:
  // A run of text that no sentence crosses: a paragraph, or a line of it that
  // ends hard (a headline, a list item, a line without final punctuation).
  struct Block {
    size_t begin, end;
    bool new_paragraph;
  };

  // Splits the text at blank lines, then at hard line ends inside paragraphs.
  std::vector<Block> Blocks(const std::string& text) const {
    std::vector<Block> blocks;
    struct Line {
      size_t begin, end;  // trimmed
    };
    std::vector<std::vector<Line>> paragraphs(1);
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      size_t b = pos, e = nl;
      while (b < e && IsSpaceByte(text[b])) ++b;
      while (e > b && IsSpaceByte(text[e - 1])) --e;
      if (b == e) {
        if (!paragraphs.back().empty()) paragraphs.emplace_back();
      } else {
        paragraphs.back().push_back({b, e});
      }
      if (nl == text.size()) break;
      pos = nl + 1;
    }
    for (const auto& lines : paragraphs) {
      if (lines.empty()) continue;
      size_t longest = 0;
      for (const Line& l : lines) longest = std::max(longest, l.end - l.begin);
      size_t block_begin = lines[0].begin;
      bool first = true;
      for (size_t i = 0; i < lines.size(); ++i) {
        const bool last = i + 1 == lines.size();
        if (!last && IsSoftLineEnd(text, lines[i], lines[i + 1], longest)) continue;
        blocks.push_back({block_begin, lines[i].end, first});
        first = false;
        if (!last) block_begin = lines[i + 1].begin;
      }
    }
    return blocks;
  }

  // A line end inside a paragraph is soft (text wrapped at a fixed width)
  // when the line is about as long as the paragraph's longest one and does
  // not end a sentence, or when the next line starts in lower case.
  template <typename LineT>
  static bool IsSoftLineEnd(const std::string& text, const LineT& line,
                            const LineT& next, size_t longest) {
    const std::string_view line_text(text.data() + line.begin, line.end - line.begin);
    const std::string_view next_text(text.data() + next.begin, next.end - next.begin);
    const Start next_start = StartOf(next_text.substr(0, 8));
    // A list item or a dialogue turn starts its own segment.
    if (next_text.starts_with("- ") || next_text.starts_with("– ") ||
        next_text.starts_with("— ") || next_text.starts_with("* ") ||
        next_text.starts_with("• ")) {
      return false;
    }
    size_t end = line_text.size();
    const UChar32 last = PreviousCodePoint(line_text, end);
    const bool ends_sentence = last == '.' || last == '!' || last == '?' ||
                               last == 0x2026 || last == ':' || last == ';';
    if (next_start == Start::kLower && line_text.size() >= 30) return true;
    const bool wrapped = longest >= 50 && line_text.size() * 10 >= longest * 7;
    return wrapped && !ends_sentence && next_start != Start::kNone;
  }

  void SplitBlock(const std::string& text, const Block& block,
                  icu::BreakIterator& iterator, int paragraph,
                  std::vector<Sentence>& out) const {
    // ICU breaks at every line end; soft ones become spaces in its copy (the
    // offsets stay the same since both are one byte).
    std::string copy = text.substr(block.begin, block.end - block.begin);
    std::replace(copy.begin(), copy.end(), '\n', ' ');
    const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(copy);
    iterator.setText(unicode);
    // UTF-16 index -> byte offset in `copy`.
    std::vector<size_t> byte_of(unicode.length() + 1, copy.size());
    {
      size_t byte = 0;
      int32_t unit = 0;
      while (byte < copy.size()) {
        byte_of[unit] = byte;
        const UChar32 c = NextCodePoint(copy, byte);
        unit += (c >= 0x10000) ? 2 : 1;
      }
      byte_of[unicode.length()] = copy.size();
    }
    size_t start = 0;
    for (int32_t b = iterator.next(); b != icu::BreakIterator::DONE; b = iterator.next()) {
      const size_t boundary = byte_of[b];
      if (boundary >= copy.size()) break;
      if (KeepTogether(copy, boundary)) continue;
      Emit(text, block.begin + start, block.begin + boundary, paragraph, out);
      start = boundary;
    }
    Emit(text, block.begin + start, block.end, paragraph, out);
  }

  static void Emit(const std::string& text, size_t begin, size_t end,
                   int paragraph, std::vector<Sentence>& out) {
    while (begin < end && IsSpaceByte(text[begin])) ++begin;
    while (end > begin && IsSpaceByte(text[end - 1])) --end;
    if (begin < end) out.push_back({begin, end, paragraph});
  }

  // True when ICU's break at `boundary` falls inside a sentence: after an
  // abbreviation, an initial, before a lower-case word.
  bool KeepTogether(std::string_view text, size_t boundary) const {
    size_t end = boundary;
    while (end > 0 && IsSpaceByte(text[end - 1])) --end;
    if (end == 0) return false;
    const std::string_view before = TokenBefore(text, end);
    const std::string_view after = TokenAfter(text, boundary);
    const Start next = StartOf(after.substr(0, 8));
    const char last = text[end - 1];
    if (next == Start::kLower && (last == '.' || last == '?' || last == '!' ||
                                  last == ',' || last == ';')) {
      // "„Какво?“ – попита той": a lower-case word goes on the sentence.
      return StartOf(after) == Start::kLower && !after.starts_with("-");
    }
    if (last != '.') return false;
    std::string word = Lowercase(before.substr(0, before.size() - 1));
    if (word.empty()) return false;
    if (rules_.always.count(word)) return true;
    if (rules_.before_number.count(word) && next == Start::kDigit) return true;
    if (rules_.before_month.count(word) && rules_.months.count(Lowercase(StripPunct(after)))) {
      return true;
    }
    if (rules_.before_name.count(word) && next == Start::kUpper) return true;
    // An initial: one capital letter and a dot before a name ("Н. Михайлов").
    size_t i = 0;
    const UChar32 first = NextCodePoint(before, i);
    if (i + 1 == before.size() && (u_isupper(first) || u_istitle(first)) &&
        next == Start::kUpper) {
      return true;
    }
    // Dotted abbreviations ("U.S.", "т.нар.", "e.g.") hold the sentence
    // together unless a word that usually opens a sentence follows.
    if (word.find('.') != std::string::npos && IsLetterDotWord(word)) {
      if (next != Start::kUpper) return true;
      return !rules_.sentence_starters.count(Lowercase(StripPunct(after)));
    }
    return false;
  }

  static std::string_view StripPunct(std::string_view token) {
    while (!token.empty() && std::string_view(".,;:!?)\"'»“”").find(token.back()) != std::string_view::npos) {
      token.remove_suffix(1);
    }
    return token;
  }

  // "u.s", "т.нар", "e.g": letters separated by single dots.
  static bool IsLetterDotWord(std::string_view word) {
    size_t i = 0;
    bool previous_dot = true;
    while (i < word.size()) {
      const UChar32 c = NextCodePoint(word, i);
      if (c == '.') {
        if (previous_dot) return false;
        previous_dot = true;
      } else if (u_isalpha(c)) {
        previous_dot = false;
      } else {
        return false;
      }
    }
    return true;
  }

  std::unique_ptr<icu::BreakIterator> iterator_;
  const LanguageRules& rules_;
};

}  // namespace

Result<std::unique_ptr<Segmenter>> Segmenter::Create(const SegmenterOptions& options) {
  std::string locale = options.language.empty() ? "en" : options.language;
  if (locale == "en") locale = "en@ss=standard";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status) || !iterator) {
    return Status::Internal(std::string("ICU cannot create a sentence iterator for '") +
                            locale + "': " + u_errorName(status));
  }
  return std::unique_ptr<Segmenter>(
      new IcuRuleSegmenter(std::move(iterator), RulesFor(options.language)));
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
