#include "aligner_confidence.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "internal/string_map.h"

namespace sverka {
namespace {

// The chance that one cue is a real boundary (see BeadConfidence).
constexpr double kMissedBoundaryOdds = 0.5;
// A soft boundary leaves at least this many words on each side: a headline
// or a sentence is rarely shorter, and shorter pieces carry too little
// evidence for the aligner to place them.
constexpr size_t kMinSoftPieceTokens = 3;
// At most this many soft boundaries in one sentence: a sentence then makes
// three pieces, which a 3-1 bead can still put back together.
constexpr size_t kMaxSoftBoundaries = 2;
// A word written in lower case at least this many times as often as it is
// capitalised mid-sentence is a common word wherever it is capitalised.
constexpr int kUsuallyLowerRatio = 4;

// Languages whose multi-word names and titles are capitalised on the first
// word only, so a capitalised common word after a lower-case one is rare
// inside a sentence.
bool SentenceCaseLanguage(const std::string& language) {
  static const std::set<std::string> kLanguages = {
      "bg", "be", "cs", "es", "fr", "hr", "it", "mk",
      "pl", "pt", "ro", "ru", "sk", "sl", "sr", "uk"};
  return kLanguages.count(language) > 0;
}

struct Token {
  std::string core;           // lower-cased, outer punctuation stripped
  bool starts_lower = false;  // first code point a lower-case letter
  bool starts_upper = false;  // first code point an upper-case letter,
                              // followed by a lower-case one
  bool ends_in_letter = false;
  int letters = 0;
  size_t begin = 0;  // byte offset in the sentence
  // A capital that may start a sentence: an upper-case first code point
  // followed by a lower-case one or by nothing ("A", "В").
  bool capital = false;
  // An opening quote or bracket directly followed by an upper-case letter.
  bool quote_capital = false;
  // Ends as a word, a number or a closing quote does, not with a comma,
  // colon, dash or other punctuation that joins what follows to it.
  bool ends_open = false;
};

// ICU's character properties, read from a table for Latin and Cyrillic
// (below U+0500, most of what Bulgarian and English text holds) and asked
// of ICU for the rest: a token takes several of them per character, and the
// table, filled by ICU itself, answers the same in a fraction of the time.
class CharProperties {
 public:
  static const CharProperties& Get() {
    static const CharProperties properties;
    return properties;
  }
  bool IsLower(UChar32 c) const { return Has(c, kLower, u_islower); }
  bool IsUpper(UChar32 c) const { return Has(c, kUpper, u_isupper); }
  bool IsAlpha(UChar32 c) const { return Has(c, kAlpha, u_isalpha); }
  bool IsAlnum(UChar32 c) const { return Has(c, kAlnum, u_isalnum); }
  int8_t Type(UChar32 c) const {
    return InTable(c) ? types_[c] : u_charType(c);
  }
  // Appends `c` lower-cased to `out` where the simple (one code point)
  // mapping is the full one whatever the locale: ASCII outside Turkish and
  // Azeri (dotless i) and Lithuanian (dot above), and Cyrillic. Returns false
  // for any other code point, which then takes ICU's full case mapping.
  bool AppendSimpleLower(UChar32 c, std::string& out) const {
    const bool simple =
        c < 0x80 ? ascii_lower_is_simple_ : c >= 0x400 && c < kTableSize;
    if (!simple) return false;
    char bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, lower_[c]);
    out.append(bytes, static_cast<size_t>(length));
    return true;
  }

 private:
  static constexpr UChar32 kTableSize = 0x500;
  enum : uint8_t { kLower = 1, kUpper = 2, kAlpha = 4, kAlnum = 8 };

  CharProperties() {
    for (UChar32 c = 0; c < kTableSize; ++c) {
      flags_[c] = (u_islower(c) ? kLower : 0) | (u_isupper(c) ? kUpper : 0) |
                  (u_isalpha(c) ? kAlpha : 0) | (u_isalnum(c) ? kAlnum : 0);
      types_[c] = u_charType(c);
      lower_[c] = u_tolower(c);
    }
    const std::string language = icu::Locale::getDefault().getLanguage();
    ascii_lower_is_simple_ =
        language != "tr" && language != "az" && language != "lt";
  }
  static bool InTable(UChar32 c) { return c >= 0 && c < kTableSize; }
  bool Has(UChar32 c, uint8_t flag, UBool (*icu)(UChar32)) const {
    return InTable(c) ? (flags_[c] & flag) != 0 : icu(c) != 0;
  }

  uint8_t flags_[kTableSize];
  int8_t types_[kTableSize];
  UChar32 lower_[kTableSize];
  // Whether ICU's default locale lower-cases ASCII as ASCII does.
  bool ascii_lower_is_simple_ = true;
};

// Quotation marks that open a quote; brackets are not among them (a
// parenthesis after a word is rarely a sentence start).
bool IsOpeningQuote(UChar32 c) {
  return c == '"' || c == '\'' || c == 0x201E /* „ */ || c == 0x201A /* ‚ */ ||
         CharProperties::Get().Type(c) == U_INITIAL_PUNCTUATION;
}

// Words are short: their code points fit on the stack, and only a longer
// token (a URL, a run of symbols) takes the heap.
constexpr size_t kInlineCodePoints = 64;

// Makes `token` the token `text` (at byte `begin` of its sentence), reusing
// its buffer for the core.
void FillToken(std::string_view text, size_t begin, Token& token) {
  token.core.clear();
  token.starts_lower = token.starts_upper = token.ends_in_letter = false;
  token.capital = token.quote_capital = token.ends_open = false;
  token.letters = 0;
  token.begin = begin;
  // A token has at most as many code points as bytes.
  UChar32 inline_cps[kInlineCodePoints];
  std::vector<UChar32> heap_cps;
  UChar32* cps = inline_cps;
  if (text.size() > kInlineCodePoints) {
    heap_cps.resize(text.size());
    cps = heap_cps.data();
  }
  size_t count = 0;
  for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    cps[count++] = c < 0 ? 0xFFFD : c;
  }
  if (count == 0) return;
  const CharProperties& props = CharProperties::Get();
  const UChar32 first = cps[0], last = cps[count - 1];
  token.starts_lower = props.IsLower(first);
  token.starts_upper =
      props.IsUpper(first) && count > 1 && props.IsLower(cps[1]);
  token.ends_in_letter = props.IsAlpha(last);
  token.capital = props.IsUpper(first) && (count == 1 || props.IsLower(cps[1]));
  token.quote_capital =
      count > 2 && IsOpeningQuote(first) && props.IsUpper(cps[1]);
  const int8_t last_type = props.Type(last);
  token.ends_open = props.IsAlnum(last) || last_type == U_FINAL_PUNCTUATION ||
                    last == '"' || last == '\'' ||
                    last == 0x201C /* “ closes „ */;
  size_t b = 0, e = count;
  while (b < e && !props.IsAlnum(cps[b])) ++b;
  while (e > b && !props.IsAlnum(cps[e - 1])) --e;
  token.core.reserve(2 * (e - b));
  bool simple = true;
  for (size_t k = b; k < e; ++k) {
    if (props.IsAlpha(cps[k])) ++token.letters;
    if (simple) simple = props.AppendSimpleLower(cps[k], token.core);
  }
  if (!simple) {
    // Full case mapping (Greek final sigma, ligatures, locale rules).
    icu::UnicodeString core;
    for (size_t k = b; k < e; ++k) core.append(cps[k]);
    token.core.clear();
    core.toLower().toUTF8String(token.core);
  }
}

// What separates tokens: spaces, tabs and line breaks.
bool IsTokenSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Calls f(token) for each token of `sentence` (its runs of characters
// between spaces, tabs and line breaks) in order. The token is one object
// filled again for each: a caller that keeps a token copies what it needs.
template <typename F>
void ForEachToken(const std::string& sentence, F f) {
  Token token;
  size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() && IsTokenSpace(sentence[i])) ++i;
    size_t j = i;
    while (j < sentence.size() && !IsTokenSpace(sentence[j])) ++j;
    if (j > i) {
      FillToken(std::string_view(sentence).substr(i, j - i), i, token);
      f(static_cast<const Token&>(token));
    }
    i = j;
  }
}

std::vector<Token> Tokens(const std::string& sentence) {
  std::vector<Token> tokens;
  ForEachToken(sentence, [&](const Token& token) { tokens.push_back(token); });
  return tokens;
}

// Whether the capitalised word at `k` runs on into another capitalised word
// that is `common` (a word of the language, not a name): a capitalised term
// ("чрез Корпоративна Социална Отговорност"), which the translation may
// capitalise too, not a sentence start.
// `sentence` holds Token or any record with its `capital` and `core`; common
// takes a `core`.
template <typename Tokens, typename Common>
bool StartsACapitalisedTerm(const Tokens& sentence, size_t k,
                            const Common& common) {
  return k + 1 < sentence.size() && sentence[k + 1].capital &&
         common(sentence[k + 1].core);
}

// A side's tokens, each kept as the marks the cues read and its lower-cased
// core as an id (one look-up of the core per token, where keeping tokens
// whole cost a string each and a look-up per use: a tenth of a batch's
// time went to building them).
struct CompactToken {
  uint32_t core;
  bool starts_lower, starts_upper, ends_in_letter, capital, quote_capital,
      ends_open;
  int letters;
  size_t begin;
};

struct SideTokens {
  // A list per sentence, not one for the text: one large array, freed at
  // the end, moves glibc's threshold for mapping memory and then costs the
  // search's tables page faults in every alignment after it.
  std::vector<std::vector<CompactToken>> sentences;
  size_t cores = 0;  // distinct cores: ids are 0 .. cores - 1
};

// Each sentence's tokens, by the sentence's text, with the cores numbered
// in the memo's own order; kept per thread. The document aligner asks for
// the same sentences' tokens again and again (the soft boundaries, the cues
// of the pieces' alignment, of each window aligned again and of the glued
// result): tokenizing them each time was a sixth of a batch's instructions.
// Emptied once it holds more than kMemoSentences, so that a long batch's
// memory stays flat; a longer text than that is tokenized on its own.
class TokenMemo {
 public:
  static constexpr size_t kMemoSentences = 4096;

  // `sentence`'s tokens, their cores numbered in the memo.
  const std::vector<CompactToken>& Of(const std::string& sentence) {
    const auto [tokens, added] = sentences_.TryEmplace(sentence);
    if (added) *tokens = Tokenize(sentence, cores_);
    return *tokens;
  }
  size_t cores() const { return cores_.size(); }
  size_t size() const { return sentences_.size(); }
  void Clear() {
    sentences_.Clear();
    cores_.Clear();
  }

  static std::vector<CompactToken> Tokenize(const std::string& sentence,
                                            internal::StringIds& cores) {
    std::vector<CompactToken> tokens;
    // Sized once, a token a space (only a hint: tabs and runs of spaces
    // aside): grown token by token, each list was reallocated several
    // times. Counting the tokens exactly cost more than the reallocations.
    tokens.reserve(
        static_cast<size_t>(std::count(sentence.begin(), sentence.end(), ' ')) +
        1);
    ForEachToken(sentence, [&](const Token& token) {
      const auto core = static_cast<uint32_t>(cores.Insert(token.core).first);
      tokens.push_back({core, token.starts_lower, token.starts_upper,
                        token.ends_in_letter, token.capital,
                        token.quote_capital, token.ends_open, token.letters,
                        token.begin});
    });
    return tokens;
  }

 private:
  internal::StringMap<std::vector<CompactToken>> sentences_;
  internal::StringIds cores_;
};

SideTokens TokensOf(const AlignerInput& side) {
  SideTokens out;
  out.sentences.resize(side.sentences.size());
  thread_local TokenMemo memo;
  if (side.sentences.size() > TokenMemo::kMemoSentences) {
    // Too long a text to keep: numbered on its own.
    internal::StringIds cores;
    for (size_t s = 0; s < side.sentences.size(); ++s)
      out.sentences[s] = TokenMemo::Tokenize(side.sentences[s], cores);
    out.cores = cores.size();
    return out;
  }
  if (memo.size() > TokenMemo::kMemoSentences) memo.Clear();  // at most 2x
  // The memo's core ids renumbered densely over this text (the cues size
  // their tables by the text's distinct cores), in order of appearance.
  thread_local std::vector<uint32_t> local_plus_one;  // by memo id; 0: none
  std::vector<uint32_t> seen;
  for (size_t s = 0; s < side.sentences.size(); ++s) {
    std::vector<CompactToken> tokens = memo.Of(side.sentences[s]);
    if (local_plus_one.size() < memo.cores())
      local_plus_one.resize(memo.cores(), 0);
    for (CompactToken& token : tokens) {
      uint32_t& local = local_plus_one[token.core];
      if (local == 0) {
        seen.push_back(token.core);
        local = static_cast<uint32_t>(seen.size());
      }
      token.core = local - 1;
    }
    out.sentences[s] = std::move(tokens);
  }
  for (uint32_t core : seen) local_plus_one[core] = 0;
  out.cores = seen.size();
  return out;
}

}  // namespace

std::vector<int> MissedBoundaryCues(const AlignerInput& side) {
  std::vector<int> cues(side.sentences.size(), 0);
  if (!SentenceCaseLanguage(side.language)) return cues;
  const SideTokens tokens = TokensOf(side);
  std::vector<char> lower(tokens.cores, 0);       // by core: seen in lower case
  std::vector<int> capitalised(tokens.cores, 0);  // by core: after a lower word
  for (const auto& sentence : tokens.sentences) {
    for (size_t k = 0; k < sentence.size(); ++k) {
      if (sentence[k].starts_lower) lower[sentence[k].core] = 1;
      if (k > 0 && sentence[k - 1].starts_lower && sentence[k].starts_upper)
        ++capitalised[sentence[k].core];
    }
  }
  for (size_t s = 0; s < tokens.sentences.size(); ++s) {
    const auto& sentence = tokens.sentences[s];
    for (size_t k = 1; k < sentence.size(); ++k) {
      const CompactToken &a = sentence[k - 1], &b = sentence[k];
      if (!(a.starts_lower && a.ends_in_letter && a.letters >= 3 &&
            b.starts_upper && lower[b.core]))
        continue;
      if (StartsACapitalisedTerm(sentence, k,
                                 [&](uint32_t core) { return lower[core]; }))
        continue;
      // This capitalised word after a lower-case one (counted above), and
      // nowhere else so: not a name.
      if (capitalised[b.core] <= 1) ++cues[s];
    }
  }
  return cues;
}

std::vector<std::vector<size_t>> SoftBoundaries(const AlignerInput& side) {
  std::vector<std::vector<size_t>> soft(side.sentences.size());
  const SideTokens tokens = TokensOf(side);
  // How often each word is seen in lower case, and how often capitalised
  // after a word that ends with no punctuation (mid-sentence, or a missed
  // boundary).
  std::vector<int> lower(tokens.cores, 0), capitalised(tokens.cores, 0);
  for (const auto& sentence : tokens.sentences) {
    for (size_t k = 0; k < sentence.size(); ++k) {
      if (sentence[k].starts_lower) ++lower[sentence[k].core];
      if (k > 0 && sentence[k - 1].ends_open && sentence[k].capital)
        ++capitalised[sentence[k].core];
    }
  }
  // A common word, not part of a name: capitalised after an unpunctuated
  // word once at most, or far less often than it is written in lower case.
  // The second test keeps a long text (many documents, each with a headline
  // glued to its first sentence) from hiding every such start behind the
  // others ("... name Voters will", "... 832 The death toll").
  const auto common = [&](uint32_t core) {
    if (lower[core] == 0) return false;
    const int mid = capitalised[core];
    return mid <= 1 || mid * kUsuallyLowerRatio <= lower[core];
  };
  const bool sentence_case = SentenceCaseLanguage(side.language);
  for (size_t s = 0; s < tokens.sentences.size(); ++s) {
    const auto& sentence = tokens.sentences[s];
    std::vector<size_t> strong, weak;  // token indices
    for (size_t k = kMinSoftPieceTokens;
         k + kMinSoftPieceTokens <= sentence.size(); ++k) {
      const CompactToken &a = sentence[k - 1], &b = sentence[k];
      // In title case short function words stay lower ("Mauls Farmer to
      // Death"): after a lower-case word, only a longer one ends a sentence.
      if (!a.ends_open || (!sentence_case && a.starts_lower && a.letters < 3))
        continue;
      // Where titles capitalise every word ("Killer Pig Mauls Chinese
      // Farmer"), a capital after a capital is a sentence start only for a
      // short function word ("... in California A shark").
      const bool title_run = a.capital && !sentence_case && b.letters > 3;
      // Capitalised common words in a row make a capitalised term ("through
      // Corporate Social Responsibility"), which the translation may
      // capitalise too: not a sentence start, neither at its first word nor
      // inside it. (After a name, "in California A shark", or before one,
      // "President Donald Trump", a capitalised common word may well be.)
      const bool in_term = StartsACapitalisedTerm(sentence, k, common) ||
                           (a.capital && common(a.core));
      if (b.capital && !title_run && !in_term && common(b.core)) {
        // A common word, capitalised here only: a sentence start.
        strong.push_back(k);
      } else if (b.quote_capital && a.capital && a.ends_in_letter && k >= 2 &&
                 sentence[k - 2].capital) {
        // A quotation opening after two capitalised words with no
        // punctuation: the end of a title-case headline ("... in Harlem
        // Struggle "Historically, ..."); after a lower-case word it is more
        // often a quote inside the sentence ("chanting "No forgetting"").
        weak.push_back(k);
      }
    }
    // The strong ones first, each leaving whole pieces around it.
    std::vector<size_t> chosen;
    for (const auto* list : {&strong, &weak}) {
      for (size_t k : *list) {
        const bool room =
            std::all_of(chosen.begin(), chosen.end(), [&](size_t c) {
              return (k > c ? k - c : c - k) >= kMinSoftPieceTokens;
            });
        if (room && chosen.size() < kMaxSoftBoundaries) chosen.push_back(k);
      }
    }
    for (size_t k : chosen) soft[s].push_back(sentence[k].begin);
    std::sort(soft[s].begin(), soft[s].end());
  }
  return soft;
}

std::vector<size_t> WeakBoundaries(const std::string& sentence) {
  const std::vector<Token> tokens = Tokens(sentence);
  std::vector<size_t> weak;
  for (size_t k = kMinSoftPieceTokens; k + kMinSoftPieceTokens <= tokens.size();
       ++k) {
    if (tokens[k - 1].ends_open &&
        (tokens[k].capital || tokens[k].quote_capital))
      weak.push_back(tokens[k].begin);
  }
  return weak;
}

double BeadConfidence(double posterior, const Bead& bead,
                      const std::vector<int>& source_cues,
                      const std::vector<int>& target_cues) {
  double confidence = posterior;
  for (int i : bead.source)
    for (int c = 0; c < source_cues[i]; ++c)
      confidence *= 1 - kMissedBoundaryOdds;
  for (int j : bead.target)
    for (int c = 0; c < target_cues[j]; ++c)
      confidence *= 1 - kMissedBoundaryOdds;
  return confidence;
}

}  // namespace sverka
