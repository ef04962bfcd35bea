#include "aligner_features.h"

#include <unicode/dtfmtsym.h>
#include <unicode/rbnf.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>
#include <utility>

#include "internal/string_map.h"
#include "sverka/text_input.h"

namespace sverka::aligner_internal {
namespace {

// How much a dictionary word counts beside an anchor of the same rarity.
constexpr double kDictionaryScale = 0.8;

// Words a language writes for months and small numbers, from ICU's CLDR
// data: "септември" -> 9, "ten" -> 10.
struct LanguageLexicon {
  std::unordered_map<std::string, int> months;
  std::unordered_map<std::string, int> numbers;
};

std::string Lower(const icu::UnicodeString& s) {
  std::string out;
  icu::UnicodeString copy(s);
  copy.foldCase().toUTF8String(out);
  return out;
}

LanguageLexicon BuildLexicon(const std::string& language) {
  LanguageLexicon lexicon;
  const icu::Locale locale(language.c_str());
  UErrorCode status = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(locale, status);
  if (U_SUCCESS(status)) {
    for (auto context :
         {icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE}) {
      for (auto width : {icu::DateFormatSymbols::WIDE,
                         icu::DateFormatSymbols::ABBREVIATED}) {
        int32_t count = 0;
        const icu::UnicodeString* months =
            symbols.getMonths(count, context, width);
        for (int32_t m = 0; m < count && m < 12; ++m) {
          std::string name = Lower(months[m]);
          while (!name.empty() && name.back() == '.') name.pop_back();
          // Three-letter abbreviations ("май", "mar") are real words too;
          // only full names and unambiguous abbreviations count.
          if (name.size() >= 3) lexicon.months.emplace(name, m + 1);
        }
      }
    }
  }
  status = U_ZERO_ERROR;
  icu::RuleBasedNumberFormat spellout(icu::URBNF_SPELLOUT, locale, status);
  if (U_SUCCESS(status)) {
    for (int n = 2; n <= 100; ++n) {
      icu::UnicodeString words;
      spellout.format(static_cast<int32_t>(n), words);
      const std::string word = Lower(words);
      // One-word numerals only: "десет", "twenty"; "двадесет и пет" is three.
      if (word.find_first_of(" -\u00AD") == std::string::npos)
        lexicon.numbers.emplace(word, n);
    }
    // Gendered forms CLDR's default rule set does not give ("две", "два").
    for (const char* rule_set :
         {"%spellout-cardinal-feminine", "%spellout-cardinal-neuter",
          "%spellout-cardinal-masculine"}) {
      UErrorCode rs = U_ZERO_ERROR;
      for (int n = 2; n <= 20; ++n) {
        icu::UnicodeString words;
        icu::FieldPosition position;
        spellout.format(static_cast<int32_t>(n), icu::UnicodeString(rule_set),
                        words, position, rs);
        if (U_FAILURE(rs)) break;
        const std::string word = Lower(words);
        if (word.find(' ') == std::string::npos)
          lexicon.numbers.emplace(word, n);
      }
    }
  }
  return lexicon;
}

// Number keys from a run like "1 000", "1,000.5", "16.09.2021", "3,5".
void NumberKeys(const std::string& run, std::vector<std::string>& keys) {
  std::vector<std::string> groups;
  std::vector<char> separators;
  std::string current;
  for (char c : run) {
    if (c >= '0' && c <= '9') {
      current += c;
    } else {
      groups.push_back(current);
      separators.push_back(c);
      current.clear();
    }
  }
  groups.push_back(current);
  auto strip = [](std::string s) {
    s.erase(0, std::min(s.find_first_not_of('0'), s.size() - 1));
    return s;
  };
  // A date: 16.09.2021, 16/09/2021.
  if (groups.size() == 3 && separators[0] == separators[1] &&
      (separators[0] == '.' || separators[0] == '/') && groups[0].size() <= 2 &&
      groups[1].size() <= 2 &&
      (groups[2].size() == 4 || groups[2].size() == 2)) {
    const int month = std::stoi(groups[1]);
    if (month >= 1 && month <= 12) {
      keys.push_back("n:" + strip(groups[0]));
      keys.push_back("m:" + std::to_string(month));
      keys.push_back("n:" + strip(groups[2]));
      return;
    }
  }
  // Thousands: every group after the first has three digits and one kind of
  // separator ("1 000 000", "1,000", "1.000").
  bool thousands = groups.size() >= 2 && groups[0].size() <= 3;
  for (size_t i = 1; i < groups.size() && thousands; ++i) {
    thousands = groups[i].size() == 3 && separators[i - 1] == separators[0];
  }
  if (thousands &&
      !(groups.size() == 2 && separators[0] != ' ' && groups[0] == "0")) {
    std::string joined;
    for (const auto& g : groups) joined += g;
    keys.push_back("n:" + strip(joined));
    return;
  }
  // A decimal: "3,5" and "3.5" are the same number.
  if (groups.size() == 2 && (separators[0] == ',' || separators[0] == '.')) {
    keys.push_back("n:" + strip(groups[0]) + "." + groups[1]);
    return;
  }
  for (const auto& g : groups) {
    if (!g.empty()) keys.push_back("n:" + strip(g));
  }
}

// The consonant skeleton of an ASCII word: names and cognates keep their
// consonants across scripts and languages (Vratsa/Vraca -> "vrts",
// Guimaraes/Gimaraesh -> "gmrs").
std::string Skeleton(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (!std::isalpha(static_cast<unsigned char>(c))) continue;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::string_view("aeiouyhwj").find(c) != std::string_view::npos)
      continue;
    if (c == 'k' || c == 'q') c = 'c';
    if (c == 'z') c = 's';
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  // "ts" (ц) and "sh" (ш, with h already gone) collapse with their Latin
  // spellings: Vratsa/Vraca.
  std::string folded;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 't' && i + 1 < out.size() && out[i + 1] == 's') {
      folded += 't';
      ++i;
    } else {
      folded += out[i];
    }
  }
  return folded.substr(0, 4);
}

// ICU's character classes of the code points the aligner meets most (those
// of one or two UTF-8 bytes: Latin, Cyrillic, Greek, ...), read from ICU
// once: asking ICU per character was a good part of the feature time.
enum : uint8_t {
  kSpace = 1,
  kDigit = 2,
  kAlpha = 4,
  kUpper = 8,
  kTitle = 16,
};
class CharClasses {
 public:
  CharClasses() {
    for (UChar32 c = 0; c < kSize; ++c) table_[c] = FromIcu(c);
  }
  // The classes of `c`; 0 for a negative `c` (a bad byte).
  uint8_t operator()(UChar32 c) const {
    if (c < 0) return 0;
    return c < kSize ? table_[c] : FromIcu(c);
  }

 private:
  static uint8_t FromIcu(UChar32 c) {
    return static_cast<uint8_t>(
        (u_isspace(c) ? kSpace : 0) | (u_isdigit(c) ? kDigit : 0) |
        (u_isalpha(c) ? kAlpha : 0) | (u_isupper(c) ? kUpper : 0) |
        (u_istitle(c) ? kTitle : 0));
  }
  static constexpr UChar32 kSize = 0x800;
  std::array<uint8_t, kSize> table_;
};

const CharClasses& Classes() {
  static const CharClasses classes;
  return classes;
}

// The place of `id` in a sentence's sorted list of ids.
template <typename Id>
size_t SlotOf(const std::vector<Id>& ids, size_t id) {
  return static_cast<size_t>(
      std::lower_bound(ids.begin(), ids.end(), static_cast<Id>(id)) -
      ids.begin());
}

// Counts the entries of a sorted run inside a window that only moves
// forward.
class WindowCount {
 public:
  WindowCount(const int* begin, const int* end)
      : low_(begin), high_(begin), end_(end) {}
  int Count(int from, int to) {
    while (low_ != end_ && *low_ < from) ++low_;
    if (high_ < low_) high_ = low_;
    while (high_ != end_ && *high_ <= to) ++high_;
    return static_cast<int>(high_ - low_);
  }

 private:
  const int* low_;
  const int* high_;
  const int* end_;
};

// log(1 + sentences / df) for the counts of a window (both at most the
// sentences of two windows), from a table: a long pair asks it for every
// key of every sentence.
double Idf(int sentences, int df) {
  static constexpr int kMost = 2 * (2 * kWeightReach + 1);
  static const auto table = [] {
    std::vector<double> t((kMost + 1) * (kMost + 1), 0);
    for (int s = 0; s <= kMost; ++s) {
      for (int d = 1; d <= kMost; ++d)
        t[s * (kMost + 1) + d] = std::log(1 + static_cast<double>(s) / d);
    }
    return t;
  }();
  return table[sentences * (kMost + 1) + df];
}

// Sentences of a side of `size` within kWeightReach of `center`.
int WindowSize(int center, int size) {
  return std::min(size - 1, center + kWeightReach) -
         std::max(0, center - kWeightReach) + 1;
}

// A side's dictionary word ids, renumbered densely over one pair: kept
// between alignments (in the extractor's per-thread cache), an entry per
// word id of the dictionary, marked with the call that last met the id (so
// it is never cleared), and the id's new number.
struct DenseIds {
  std::vector<uint32_t> met, number;
  uint32_t call = 0;
  std::vector<uint32_t> distinct;

  bool Has(uint32_t id) const { return id < met.size() && met[id] == call; }
};

// Marks the word ids of `side` in `scratch` and numbers them 0, 1, 2... in
// id order (so every list renumbered stays sorted).
void NumberWords(const std::vector<SentenceFeatures>& side, DenseIds& scratch) {
  if (++scratch.call == 0) {  // wrapped: forget every mark
    std::fill(scratch.met.begin(), scratch.met.end(), 0);
    scratch.call = 1;
  }
  scratch.distinct.clear();
  for (const SentenceFeatures& f : side) {
    for (const uint32_t id : f.words) {
      if (id >= scratch.met.size()) {
        const size_t size = std::max<size_t>(id + 1, 2 * scratch.met.size());
        scratch.met.resize(size, 0);
        scratch.number.resize(size);
      }
      if (scratch.met[id] != scratch.call) {
        scratch.met[id] = scratch.call;
        scratch.distinct.push_back(id);
      }
    }
  }
  std::sort(scratch.distinct.begin(), scratch.distinct.end());
  for (size_t k = 0; k < scratch.distinct.size(); ++k)
    scratch.number[scratch.distinct[k]] = static_cast<uint32_t>(k);
}

// Scratch for MeetTranslations, kept between alignments: for each word of
// a side (by its number), the other side's numbers of its translations.
struct MetTranslations {
  std::vector<uint32_t> begin;  // by word number: where its list starts
  std::vector<uint32_t> ids;    // the lists, one after the other
  std::vector<uint32_t> sentence;
};

// Fills each sentence's `translated` with the other side's numbers
// (`other`, from NumberWords) of the translations of its words that are
// words of the other side: the rest can meet nothing, and they are most of
// a sentence's translations (a news sentence's words have ~80). Each
// distinct word's translations are looked at once, not at each of its
// occurrences. Reads the words' original ids (before RenumberWords).
void MeetTranslations(std::vector<SentenceFeatures>& side,
                      const std::string& language,
                      const BilingualDictionary& dictionary,
                      const DenseIds& own, const DenseIds& other,
                      MetTranslations& scratch) {
  scratch.begin.clear();
  scratch.ids.clear();
  for (const uint32_t id : own.distinct) {
    scratch.begin.push_back(static_cast<uint32_t>(scratch.ids.size()));
    for (const uint32_t translation :
         dictionary.TranslationIdsOf(id, language)) {
      if (other.Has(translation))
        scratch.ids.push_back(other.number[translation]);
    }
  }
  scratch.begin.push_back(static_cast<uint32_t>(scratch.ids.size()));
  std::vector<uint32_t>& met = scratch.sentence;
  for (SentenceFeatures& f : side) {
    met.clear();
    for (const uint32_t id : f.words) {
      const uint32_t k = own.number[id];
      met.insert(met.end(), scratch.ids.begin() + scratch.begin[k],
                 scratch.ids.begin() + scratch.begin[k + 1]);
    }
    std::sort(met.begin(), met.end());
    met.erase(std::unique(met.begin(), met.end()), met.end());
    f.translated.assign(met.begin(), met.end());
  }
}

// Replaces each word id of `side` by its number in `scratch`.
void RenumberWords(std::vector<SentenceFeatures>& side,
                   const DenseIds& scratch) {
  for (SentenceFeatures& f : side) {
    for (uint32_t& id : f.words) id = scratch.number[id];
  }
}

// Sizes `local` for the ids of `side` (keys or words) and fills each
// sentence's with the whole pair's `weights`.
template <typename Id>
void WholePairWeights(const std::vector<SentenceFeatures>& side,
                      std::vector<Id> SentenceFeatures::*member,
                      const std::vector<double>& weights,
                      std::vector<uint32_t>& begin, std::vector<float>& local) {
  begin.assign(side.size() + 1, 0);
  for (size_t i = 0; i < side.size(); ++i)
    begin[i + 1] = begin[i] + static_cast<uint32_t>((side[i].*member).size());
  local.resize(begin.back());
  float* out = local.data();
  for (const SentenceFeatures& f : side) {
    for (const Id id : f.*member) {
      const auto index = static_cast<size_t>(id);
      *out++ = static_cast<float>(index < weights.size() ? weights[index] : 0);
    }
  }
}

// Each sentence's key weights: the key's rarity among the sentences within
// kWeightReach of it on its side and of the same place on the other side.
// `weights` are the whole pair's (a key that cannot match keeps 0);
// `key_weight(id, idf)` scales a rarity to a weight. A pair short
// enough for every window to hold all of it keeps the whole pair's.
template <typename KeyWeight>
void LocalKeyWeights(const std::vector<SentenceFeatures>& source,
                     const std::vector<SentenceFeatures>& target,
                     const KeyWeight& key_weight, KeyWeights& weights) {
  const int n = static_cast<int>(source.size());
  const int m = static_cast<int>(target.size());
  SentenceWeights& source_local = weights.source_local;
  SentenceWeights& target_local = weights.target_local;
  WholePairWeights(source, &SentenceFeatures::keys, weights.keys,
                   source_local.key_begin, source_local.keys);
  WholePairWeights(target, &SentenceFeatures::keys, weights.keys,
                   target_local.key_begin, target_local.keys);
  if (n - 1 <= kWeightReach && m - 1 <= kWeightReach) return;
  const size_t ids = weights.keys.size();
  const Postings<false> in_source(source, weights.keys,
                                  &SentenceFeatures::keys);
  const Postings<false> in_target(target, weights.keys,
                                  &SentenceFeatures::keys);
  auto run = [&](const std::vector<SentenceFeatures>& mine,
                 SentenceWeights& local, const Postings<false>& own,
                 const Postings<false>& other, int own_size, int other_size) {
    for (size_t id = 0; id < ids; ++id) {
      if (weights.keys[id] == 0) continue;
      WindowCount own_count(own.begin(id), own.end(id));
      WindowCount other_count(other.begin(id), other.end(id));
      for (const int* e = own.begin(id); e != own.end(id); ++e) {
        const int i = *e;
        // The same place on the other side, in proportion.
        const int c =
            static_cast<int>(static_cast<int64_t>(i) * other_size / own_size);
        const int df = own_count.Count(i - kWeightReach, i + kWeightReach) +
                       other_count.Count(c - kWeightReach, c + kWeightReach);
        const int sentences =
            WindowSize(i, own_size) + WindowSize(c, other_size);
        local.keys[local.key_begin[i] + SlotOf(mine[i].keys, id)] =
            static_cast<float>(key_weight(id, Idf(sentences, df)));
      }
    }
  };
  run(source, source_local, in_source, in_target, n, m);
  run(target, target_local, in_target, in_source, m, n);
}

// Each sentence's word weights: as LocalKeyWeights, counted on the word's
// own side (as `weights`, the whole side's, are).
void LocalWordWeights(const std::vector<SentenceFeatures>& side,
                      const std::vector<double>& weights,
                      SentenceWeights& local) {
  WholePairWeights(side, &SentenceFeatures::words, weights, local.word_begin,
                   local.words);
  const int n = static_cast<int>(side.size());
  if (n - 1 <= kWeightReach) return;
  const Postings<false> in_side(side, weights, &SentenceFeatures::words);
  for (size_t id = 0; id < weights.size(); ++id) {
    WindowCount count(in_side.begin(id), in_side.end(id));
    for (const int* e = in_side.begin(id); e != in_side.end(id); ++e) {
      const int i = *e;
      const int df = count.Count(i - kWeightReach, i + kWeightReach);
      local.words[local.word_begin[i] + SlotOf(side[i].words, id)] =
          static_cast<float>(kDictionaryScale * Idf(WindowSize(i, n), df));
    }
  }
}

}  // namespace

struct FeatureExtractor::Impl {
  const BilingualDictionary* dictionary = nullptr;
  std::unique_ptr<icu::Transliterator> to_latin;
  mutable std::mutex mutex;
  mutable std::map<std::string, std::shared_ptr<const LanguageLexicon>>
      lexicons;

  // A transliterator with the skeletons it has made, kept between calls:
  // cloning ICU's compound transliterator and transliterating the same
  // names again for every document was most of the time a short document
  // took. One per concurrent Extract; skeletons depend only on the word.
  // Each word's keys are kept too (per language, as months and number
  // words are): news repeats its words, and a word's keys depend only on it.
  // Keys are interned: a word's keys are kept as ids into `key_ids` (with
  // their kinds in `key_kinds`), and `local` turns them into one Extract's
  // dense ids without hashing a key string per word. So are the dictionary's
  // word keys (`dictionary_keys`, per language, remember the words they have
  // looked up).
  // Two tables, for a word that starts with a capital and one that does
  // not: a word is looked up as the slice of its sentence, not copied with
  // a mark.
  using WordKeys = std::array<internal::StringMap<std::vector<uint32_t>>, 2>;
  struct Latin {
    std::unique_ptr<icu::Transliterator> transliterator;
    std::unordered_map<std::string, std::string> skeletons;
    std::map<std::string, WordKeys> words;  // by language
    internal::StringIds key_ids;            // a key's interned id is its place
    std::vector<char> key_kinds;  // by interned id: the key's first letter
    // Interned id -> this Extract's id; -1 when not met yet (each Extract
    // sets back the entries it used).
    std::vector<int> local;
    std::map<std::string, BilingualDictionary::SentenceKeys> dictionary_keys;
    DenseIds source_words, target_words;  // NumberWords
    MetTranslations met_translations;

    uint32_t Intern(const std::string& key) {
      const auto [id, added] = key_ids.Insert(key);
      if (added) key_kinds.push_back(key[0]);
      return static_cast<uint32_t>(id);
    }
  };
  mutable std::vector<std::unique_ptr<Latin>> idle;  // guarded by `mutex`
  // Past this many words a cache starts again, so memory stays bounded.
  static constexpr size_t kMaxSkeletons = 200'000;

  std::unique_ptr<Latin> AcquireLatin() const {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        std::unique_ptr<Latin> latin = std::move(idle.back());
        idle.pop_back();
        return latin;
      }
    }
    auto latin = std::make_unique<Latin>();
    latin->transliterator.reset(to_latin->clone());
    return latin;
  }
  void ReleaseLatin(std::unique_ptr<Latin> latin) const {
    if (latin->skeletons.size() > kMaxSkeletons) latin->skeletons.clear();
    for (auto& [language, words] : latin->words) {
      for (auto& by_case : words) {
        if (by_case.size() > kMaxSkeletons) by_case.Clear();
      }
    }
    if (latin->key_ids.size() > kMaxSkeletons) {
      // The words' keys are ids into these: they go too.
      latin->key_ids.Clear();
      latin->key_kinds.clear();
      latin->local.clear();
      latin->words.clear();
    }
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(std::move(latin));
  }

  std::shared_ptr<const LanguageLexicon> Lexicon(
      const std::string& language) const {
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = lexicons[language];
    if (!slot) slot = std::make_shared<LanguageLexicon>(BuildLexicon(language));
    return slot;
  }

  // Keys of one sentence, as interned ids (Latin::Intern).
  void SentenceKeys(const std::string& sentence, const LanguageLexicon& lexicon,
                    Latin& latin, WordKeys& word_cache,
                    std::vector<uint32_t>& keys, double& length) const {
    const CharClasses& classes = Classes();
    length = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(sentence.data());
    const int32_t n = static_cast<int32_t>(sentence.size());
    std::vector<std::string> number_keys;
    int32_t i = 0;
    while (i < n) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c < 0) continue;
      const uint8_t c_class = classes(c);
      if (!(c_class & kSpace)) length += 1;
      if (c_class & kDigit) {
        // A number run with its inner separators.
        int32_t end = i;
        while (end < n) {
          int32_t probe = end;
          UChar32 d;
          U8_NEXT(s, probe, n, d);
          if (classes(d) & kDigit) {
            end = probe;
            length += 1;
            continue;
          }
          const bool separator = d == '.' || d == ',' || d == ' ' ||
                                 d == 0x00A0 || d == 0x202F || d == '/';
          if (!separator || probe >= n) break;
          int32_t after = probe;
          UChar32 e;
          U8_NEXT(s, after, n, e);
          if (!(classes(e) & kDigit)) break;
          end = probe;
          if (d != ' ' && d != 0x00A0 && d != 0x202F) length += 1;
        }
        std::string run = sentence.substr(start, end - start);
        // Non-breaking spaces act like spaces.
        for (const char* nbsp : {"\xC2\xA0", "\xE2\x80\xAF"}) {
          for (size_t p; (p = run.find(nbsp)) != std::string::npos;)
            run.replace(p, strlen(nbsp), " ");
        }
        number_keys.clear();
        NumberKeys(run, number_keys);
        for (const std::string& key : number_keys)
          keys.push_back(latin.Intern(key));
        i = end;
        continue;
      }
      if (!(c_class & kAlpha)) continue;
      int32_t end = i;
      while (end < n) {
        int32_t probe = end;
        UChar32 d;
        U8_NEXT(s, probe, n, d);
        const uint8_t d_class = classes(d);
        if (!((d_class & (kAlpha | kDigit)) || d == 0x0301 || d == 0x0300 ||
              d == '-'))
          break;
        end = probe;
        if (d_class & (kAlpha | kDigit)) length += 1;
      }
      const bool capitalised = c_class & (kUpper | kTitle);
      const std::string_view word =
          std::string_view(sentence).substr(start, end - start);
      i = end;
      auto [cached, added] = word_cache[capitalised].TryEmplace(word);
      if (added) {
        const std::string text = sentence.substr(start, end - start);
        std::vector<std::string> word_keys;
        AddWordKeys(text, capitalised, lexicon, *latin.transliterator,
                    latin.skeletons, word_keys);
        for (const std::string& key : word_keys)
          cached->push_back(latin.Intern(key));
      }
      // One to three keys a word: a call to memmove for each cost more than
      // the copy.
      for (const uint32_t key : *cached) keys.push_back(key);
    }
  }

  void AddWordKeys(const std::string& word, bool capitalised,
                   const LanguageLexicon& lexicon, icu::Transliterator& latin,
                   std::unordered_map<std::string, std::string>& skeleton_cache,
                   std::vector<std::string>& keys) const {
    const std::string folded = NormalizeForMatching(word);
    if (auto it = lexicon.months.find(folded); it != lexicon.months.end()) {
      keys.push_back("m:" + std::to_string(it->second));
    }
    if (auto it = lexicon.numbers.find(folded); it != lexicon.numbers.end()) {
      keys.push_back("n:" + std::to_string(it->second));
    }
    // Acronyms and Latin tokens inside Cyrillic text (URBACT, CITIES4CSR).
    bool all_upper = word.size() >= 2;
    for (unsigned char ch : word) {
      if (!(std::isupper(ch) || std::isdigit(ch))) all_upper = false;
    }
    if (all_upper) keys.push_back("a:" + folded);

    const size_t letters = icu::UnicodeString::fromUTF8(folded).countChar32();
    if (letters >= 4 || (capitalised && letters >= 3)) {
      // The cache holds the word's ASCII transliteration.
      auto cached = skeleton_cache.find(folded);
      if (cached == skeleton_cache.end()) {
        std::string ascii;
        if (std::all_of(folded.begin(), folded.end(), [](char c) {
              return static_cast<unsigned char>(c) < 0x80;
            })) {
          // The chain leaves ASCII as it is but for its Lower step, and ICU
          // spent as long on an English word as on a Cyrillic one: the
          // English words were a sixth of aligning the 60 hard documents
          // with cold caches (callgrind, 753 -> 633 M instructions).
          ascii = folded;
          for (char& c : ascii) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          }
        } else {
          icu::UnicodeString text = icu::UnicodeString::fromUTF8(folded);
          latin.transliterate(text);
          text.toUTF8String(ascii);
        }
        cached = skeleton_cache.emplace(folded, std::move(ascii)).first;
      }
      if (letters >= 5 || capitalised) {
        const std::string skeleton = Skeleton(cached->second);
        if (skeleton.size() >= 3) keys.push_back("s:" + skeleton);
      }
      // Cognates stand in for a dictionary (aligner_cognates.cc).
      if (dictionary == nullptr) CognateKeys(cached->second, capitalised, keys);
    }
  }
};

FeatureExtractor::FeatureExtractor(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
FeatureExtractor::~FeatureExtractor() = default;

Result<std::unique_ptr<FeatureExtractor>> FeatureExtractor::Create(
    const BilingualDictionary* dictionary) {
  auto impl = std::make_unique<Impl>();
  impl->dictionary = dictionary;
  UErrorCode status = U_ZERO_ERROR;
  // BGN/PCGN romanisation is how Bulgarian names are written in English
  // (Враца -> Vratsa); Any-Latin covers every other script.
  icu::UnicodeString id("Bulgarian-Latin/BGN; Any-Latin; Latin-ASCII; Lower");
  UParseError parse_error;
  impl->to_latin.reset(icu::Transliterator::createInstance(
      id, UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status) || !impl->to_latin) {
    status = U_ZERO_ERROR;
    impl->to_latin.reset(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, parse_error, status));
  }
  if (U_FAILURE(status) || !impl->to_latin) {
    return Status::Internal(std::string("ICU transliterator unavailable: ") +
                            u_errorName(status));
  }
  return std::unique_ptr<FeatureExtractor>(
      new FeatureExtractor(std::move(impl)));
}

void FeatureExtractor::Extract(const AlignerInput& source,
                               const AlignerInput& target,
                               std::vector<SentenceFeatures>& source_features,
                               std::vector<SentenceFeatures>& target_features,
                               KeyWeights& key_weights) const {
  std::vector<double>& weights = key_weights.keys;
  std::unique_ptr<Impl::Latin> latin = impl_->AcquireLatin();
  // This call's key ids, dense from 0 in order of first appearance; `used`
  // holds the interned id of each.
  std::vector<uint32_t> used;
  std::vector<int> source_df, target_df;
  std::vector<char> kind;
  auto run = [&](const AlignerInput& side, std::vector<SentenceFeatures>& out,
                 std::vector<int>& df) {
    auto lexicon = impl_->Lexicon(side.language);
    Impl::WordKeys& word_cache = latin->words[side.language];
    BilingualDictionary::SentenceKeys& dictionary_keys =
        latin->dictionary_keys[side.language];
    std::vector<int>& local = latin->local;
    out.assign(side.sentences.size(), {});
    std::vector<uint32_t> keys;
    std::vector<std::string> punctuation;
    for (size_t i = 0; i < side.sentences.size(); ++i) {
      keys.clear();
      impl_->SentenceKeys(side.sentences[i], *lexicon, *latin, word_cache, keys,
                          out[i].length);
      punctuation.clear();
      PunctuationKeys(side.sentences[i], punctuation);  // aligner_cognates.cc
      for (const std::string& key : punctuation)
        keys.push_back(latin->Intern(key));
      if (local.size() < latin->key_kinds.size())
        local.resize(latin->key_kinds.size(), -1);
      out[i].keys.reserve(keys.size());  // one allocation, not a doubling
      for (const uint32_t key : keys) {
        int& id = local[key];
        if (id < 0) {
          id = static_cast<int>(used.size());
          used.push_back(key);
          source_df.push_back(0);
          target_df.push_back(0);
          kind.push_back(latin->key_kinds[key]);
        }
        out[i].keys.push_back(id);
      }
      std::sort(out[i].keys.begin(), out[i].keys.end());
      out[i].keys.erase(std::unique(out[i].keys.begin(), out[i].keys.end()),
                        out[i].keys.end());
      for (int id : out[i].keys) ++df[id];
      if (impl_->dictionary != nullptr) {
        impl_->dictionary->OwnKeysOfSentence(side.sentences[i], side.language,
                                             dictionary_keys);
        // Copied at its size: dictionary_keys keeps its grown buffer for the
        // next sentence instead of growing an empty one again by doubling.
        out[i].words.assign(dictionary_keys.own.begin(),
                            dictionary_keys.own.end());
      }
    }
  };
  run(source, source_features, source_df);
  run(target, target_features, target_df);
  // The dictionary's word ids number its whole vocabulary: renumbered here
  // densely over the words of this pair, in the same order (so every list
  // stays sorted), the arrays by word id below and in the search take the
  // size of the pair, not of the dictionary (zeroing them was a seventh of
  // a batch's instructions). A sentence's translations are gathered here,
  // only those that are words of the other side.
  if (impl_->dictionary != nullptr) {
    NumberWords(source_features, latin->source_words);
    NumberWords(target_features, latin->target_words);
    MeetTranslations(source_features, source.language, *impl_->dictionary,
                     latin->source_words, latin->target_words,
                     latin->met_translations);
    MeetTranslations(target_features, target.language, *impl_->dictionary,
                     latin->target_words, latin->source_words,
                     latin->met_translations);
    RenumberWords(source_features, latin->source_words);
    RenumberWords(target_features, latin->target_words);
  }
  for (const uint32_t key : used) latin->local[key] = -1;
  impl_->ReleaseLatin(std::move(latin));

  // Rare keys say more: inverse document frequency over both sides, scaled
  // by how reliable the kind of anchor is.
  auto key_weight = [&kind](size_t id, double idf) {
    double scale = 1.0;
    double cap = std::numeric_limits<double>::infinity();
    switch (kind[id]) {
      case 'n':
        scale = 1.6;
        break;  // numbers
      case 'm':
        scale = 1.4;
        break;  // months
      case 'a':
        scale = 1.6;
        break;  // acronyms and Latin tokens
      case 's':
        scale = 0.9;
        break;  // name/cognate skeletons
      case 'c':
        scale = 0.6;
        break;  // orthographic cognates, without a dictionary
      case 'p':
        // Punctuation is common: it weighs little, and even a rare mark
        // stays below the 2.0 of matchable weight from which lexical
        // support can carry a sentence inside a merge (two marks too).
        scale = 0.4;
        cap = 0.9;
        break;
    }
    return std::min(idf * scale, cap);
  };
  const double sentences =
      static_cast<double>(source_features.size() + target_features.size());
  weights.assign(used.size(), 0);
  for (size_t id = 0; id < used.size(); ++id) {
    if (source_df[id] == 0 || target_df[id] == 0) continue;  // cannot match
    weights[id] = key_weight(
        id, std::log(1 + sentences / (source_df[id] + target_df[id])));
  }
  LocalKeyWeights(source_features, target_features, key_weight, key_weights);
  // Dictionary words: rare words say more; a word none of whose
  // translations occurs on the other side cannot be evidence either way.
  auto word_weights = [](const std::vector<SentenceFeatures>& mine,
                         const std::vector<SentenceFeatures>& theirs,
                         std::vector<double>& out) {
    uint32_t top = 0;
    for (const auto& f : mine) {
      for (uint32_t w : f.words) top = std::max(top, w + 1);
    }
    std::vector<int> df(top, 0);
    std::vector<char> reachable(top, 0);
    for (const auto& f : mine) {
      for (uint32_t w : f.words) ++df[w];
    }
    for (const auto& f : theirs) {
      for (uint32_t w : f.translated) {
        if (w < top) reachable[w] = 1;
      }
    }
    out.assign(top, 0);
    const double n = static_cast<double>(mine.size());
    for (uint32_t w = 0; w < top; ++w) {
      if (df[w] > 0 && reachable[w])
        out[w] = kDictionaryScale * std::log(1 + n / df[w]);
    }
  };
  word_weights(source_features, target_features, key_weights.source_words);
  word_weights(target_features, source_features, key_weights.target_words);
  LocalWordWeights(source_features, key_weights.source_words,
                   key_weights.source_local);
  LocalWordWeights(target_features, key_weights.target_words,
                   key_weights.target_local);
}

}  // namespace sverka::aligner_internal
