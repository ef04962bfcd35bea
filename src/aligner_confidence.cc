#include "aligner_confidence.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sverka {
namespace {

// The chance that one cue is a real boundary (see BeadConfidence).
constexpr double kMissedBoundaryOdds = 0.5;

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
};

Token MakeToken(std::string_view text) {
  Token token;
  std::vector<UChar32> cps;
  for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) c = 0xFFFD;
    cps.push_back(c);
  }
  if (cps.empty()) return token;
  token.starts_lower = u_islower(cps[0]);
  token.starts_upper = u_isupper(cps[0]) && cps.size() > 1 && u_islower(cps[1]);
  token.ends_in_letter = u_isalpha(cps.back());
  size_t b = 0, e = cps.size();
  while (b < e && !u_isalnum(cps[b])) ++b;
  while (e > b && !u_isalnum(cps[e - 1])) --e;
  icu::UnicodeString core;
  for (size_t k = b; k < e; ++k) {
    core.append(cps[k]);
    if (u_isalpha(cps[k])) ++token.letters;
  }
  core.toLower().toUTF8String(token.core);
  return token;
}

std::vector<Token> Tokens(const std::string& sentence) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() &&
           (sentence[i] == ' ' || sentence[i] == '\t' || sentence[i] == '\n'))
      ++i;
    size_t j = i;
    while (j < sentence.size() && sentence[j] != ' ' && sentence[j] != '\t' &&
           sentence[j] != '\n')
      ++j;
    if (j > i)
      tokens.push_back(MakeToken(std::string_view(sentence).substr(i, j - i)));
    i = j;
  }
  return tokens;
}

}  // namespace

std::vector<int> MissedBoundaryCues(const AlignerInput& side) {
  std::vector<int> cues(side.sentences.size(), 0);
  if (!SentenceCaseLanguage(side.language)) return cues;
  std::vector<std::vector<Token>> tokens;
  tokens.reserve(side.sentences.size());
  for (const auto& s : side.sentences) tokens.push_back(Tokens(s));
  std::unordered_set<std::string> lower;             // seen in lower case
  std::unordered_map<std::string, int> capitalised;  // after a lower word
  for (const auto& sentence : tokens) {
    for (size_t k = 0; k < sentence.size(); ++k) {
      if (sentence[k].starts_lower) lower.insert(sentence[k].core);
      if (k > 0 && sentence[k - 1].starts_lower && sentence[k].starts_upper)
        ++capitalised[sentence[k].core];
    }
  }
  for (size_t s = 0; s < tokens.size(); ++s) {
    const auto& sentence = tokens[s];
    for (size_t k = 1; k < sentence.size(); ++k) {
      const Token &a = sentence[k - 1], &b = sentence[k];
      if (!(a.starts_lower && a.ends_in_letter && a.letters >= 3 &&
            b.starts_upper && lower.count(b.core)))
        continue;
      // This capitalised word after a lower-case one (counted above), and
      // nowhere else so: not a name.
      const auto after_lower = capitalised.find(b.core);
      if (after_lower == capitalised.end() || after_lower->second <= 1)
        ++cues[s];
    }
  }
  return cues;
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
