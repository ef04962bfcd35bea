// Private to the aligner: evidence that needs neither a dictionary nor a
// shared script beyond what ICU's Latin transliteration gives, for any
// language pair. Two kinds of anchor key, comparable as strings across the
// two sides like the others in aligner_features.cc:
//
//  "c:" orthographic cognates (Simard, Foster and Isabelle 1992): the first
//       four letters of a word of four letters or more, after case and
//       diacritic folding and transliteration to Latin ("Expedition" and
//       "expédition" -> "c:expe", "Polizei"/"police" -> "c:poli"), and the
//       whole of a capitalised three-letter word (names: "Eva", "Leo").
//       Character names with few consonants ("Anna", "Paul", "Emma") have
//       no consonant skeleton; their prefix is the anchor literary
//       translation most often keeps.
//  "p:" punctuation a translator keeps: a question mark, an exclamation
//       mark, direct speech (any quotation mark, or a dialogue dash opening
//       the sentence: German „…“ and »…« meet French « … » and "— Oui"),
//       parentheses, a colon that is not inside a number, an ellipsis.
//
// Punctuation is common, so its keys weigh little and each is capped (the
// weights are in aligner_features.cc): a short line with nothing but a
// question mark to match cannot clear the aligner's rule that every sentence
// of a merge have its own evidence.
#include <string>
#include <string_view>
#include <vector>

#include "aligner_features.h"

namespace sverka::aligner_internal {
namespace {

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The code point starting at s[i] when it is one of the multi-byte marks we
// look for, with its length in bytes; 0 otherwise.
struct Mark {
  char key;  // '?', '!', 'q', '(', 'e', or 0
  int bytes;
};

Mark MultiByteMark(std::string_view s, size_t i) {
  // Letters of most scripts lead with other bytes: skip them at once.
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  if (lead != 0xC2 && lead != 0xD8 && lead != 0xE2 && lead != 0xE3 &&
      lead != 0xEF)
    return {0, 0};
  auto starts = [&](std::string_view what) {
    return s.compare(i, what.size(), what) == 0;
  };
  // Quotation marks: „ “ ” ‚ ‘ « » ‹ › 「 」 『 』 (not ’, the apostrophe).
  for (std::string_view q :
       {"\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9A",
        "\xE2\x80\x98", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\xB9", "\xE2\x80\xBA",
        "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F"}) {
    if (starts(q)) return {'q', static_cast<int>(q.size())};
  }
  if (starts("\xE2\x80\xA6")) return {'e', 3};  // …
  // ¿ ？ ؟ and ¡ ！
  if (starts("\xC2\xBF")) return {'?', 2};
  if (starts("\xEF\xBC\x9F")) return {'?', 3};
  if (starts("\xD8\x9F")) return {'?', 2};
  if (starts("\xC2\xA1")) return {'!', 2};
  if (starts("\xEF\xBC\x81")) return {'!', 3};
  // （ ）
  if (starts("\xEF\xBC\x88") || starts("\xEF\xBC\x89")) return {'(', 3};
  return {0, 0};
}

}  // namespace

void CognateKeys(std::string_view ascii, bool capitalised,
                 std::vector<std::string>& keys) {
  std::string letters;
  for (size_t i = 0; i < ascii.size() && letters.size() < 4; ++i) {
    char c = ascii[i];
    if (!IsAsciiLetter(c)) continue;
    c = static_cast<char>(c | 0x20);  // lower case
    // Spellings that differ between languages for the same sound:
    // "Kultur"/"culture", "Foto"/"photo".
    if (c == 'k') c = 'c';
    if (c == 'p' && i + 1 < ascii.size() && (ascii[i + 1] | 0x20) == 'h') {
      c = 'f';
      ++i;
    }
    letters += c;
  }
  if (letters.size() == 4 || (capitalised && letters.size() == 3)) {
    keys.push_back("c:" + letters);
  }
}

void PunctuationKeys(std::string_view sentence,
                     std::vector<std::string>& keys) {
  bool seen['z' + 1] = {};
  auto add = [&](char key) {
    if (seen[static_cast<unsigned char>(key)]) return;
    seen[static_cast<unsigned char>(key)] = true;
    keys.push_back(std::string("p:") + key);
  };
  // A dialogue dash opens the sentence: "— Oui", "—Sí", "– Ja", "- Yes"
  // (a hyphen only before a space; no dash before a number: "–5 °C").
  size_t first = 0;
  while (first < sentence.size() && sentence[first] == ' ') ++first;
  std::string_view head = sentence.substr(first);
  for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93", "-"}) {
    if (head.size() <= dash.size() || head.compare(0, dash.size(), dash) != 0)
      continue;
    const char next = head[dash.size()];
    const bool spaced = next == ' ' || next == '\xC2' /* NBSP */;
    if (spaced || (dash.size() > 1 && !(next >= '0' && next <= '9'))) add('q');
  }
  for (size_t i = 0; i < sentence.size(); ++i) {
    const char c = sentence[i];
    switch (c) {
      case '?':
      case '!':
        add(c);
        break;
      case '"':
        add('q');
        break;
      case '\'': {
        // An opening single quote ("said 'see' in"), not an apostrophe
        // ("don't", "l'homme", "Jones' car").
        const bool opens =
            i == 0 || sentence[i - 1] == ' ' || sentence[i - 1] == '(';
        const unsigned char next =
            i + 1 < sentence.size() ? sentence[i + 1] : ' ';
        if (opens && (IsAsciiLetter(static_cast<char>(next)) || next >= 0xC0))
          add('q');
        break;
      }
      case '(':
      case ')':
      case '[':
      case ']':
        add('(');
        break;
      case ':': {
        // Not inside a number ("10:30") or a URL ("https://").
        const bool digit_before =
            i > 0 && sentence[i - 1] >= '0' && sentence[i - 1] <= '9';
        const bool glued_after =
            i + 1 < sentence.size() &&
            (sentence[i + 1] == '/' ||
             (sentence[i + 1] >= '0' && sentence[i + 1] <= '9'));
        if (!digit_before && !glued_after) add(':');
        break;
      }
      case '.':
        if (i + 2 < sentence.size() && sentence[i + 1] == '.' &&
            sentence[i + 2] == '.') {
          add('e');
          i += 2;
        }
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0xC0) {
          const Mark mark = MultiByteMark(sentence, i);
          if (mark.key != 0) {
            add(mark.key);
            i += mark.bytes - 1;
          }
        }
    }
  }
}

}  // namespace sverka::aligner_internal
