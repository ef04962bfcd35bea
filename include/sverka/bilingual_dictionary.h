// Bilingual dictionary: word translations the aligner uses as evidence.
//
// Reads FreeDict dictionaries in dictd format (an `.index` file of
// headword<TAB>base64 offset<TAB>base64 length lines and a dictzip-compressed
// `.dict.dz` body), as Debian's dict-freedict-eng-bul installs them in
// /usr/share/dictd, at run time. Everything is precomputed at load: lookups
// are hash-map probes that allocate nothing beyond the returned key.
//
// Words meet through keys. KeyOf() case-folds a word, strips stress marks
// (U+0300/U+0301 and precomposed ѐ/ѝ inside longer words; the pronoun "ѝ"
// stays itself), and reduces it to a light stem: for Bulgarian the definite
// article (-ът/-ят/-та/-то/-те), plural (-ове/-еве/-и), adjective and a few
// verb endings, so градът, градове, градовете and град share one key; for
// English plural -s/-es/-ies, -ed, -ing and possessive 's. Stopwords (и, на,
// the, of, ...) have no key. Multi-word translations ("водещ партньор" for
// "leading partner") are linked word by word through their content words.
//
//   auto dict = sverka::BilingualDictionary::LoadDictd(
//       "/usr/share/dictd/freedict-eng-bul", "en", "bg");
//   if (!dict.ok()) return dict.status();
//   (*dict)->AreTranslations("градовете", "cities");        // true
//   std::string key = (*dict)->KeyOf("Градът", "bg");        // "град"
//   for (const std::string& t : (*dict)->TranslationsOf(key, "bg")) ...
//
//   // Per sentence, without building strings (the aligner's inner loop):
//   sverka::BilingualDictionary::SentenceKeys keys;
//   (*dict)->KeysOfSentence(sentence, "bg", keys);
//   // keys.translated (English key ids) meets the `own` ids of an English
//   // sentence's KeysOfSentence(..., "en", ...) where the words translate.
#ifndef SVERKA_BILINGUAL_DICTIONARY_H_
#define SVERKA_BILINGUAL_DICTIONARY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sverka/status.h"

namespace sverka {

class BilingualDictionary {
 public:
  virtual ~BilingualDictionary() = default;

  // The two languages (ISO 639-1) the entries are between; for LoadDictd the
  // headword language is first.
  virtual const std::string& first_language() const = 0;
  virtual const std::string& second_language() const = 0;

  // The matching key of `word` in `language`: case folded, stress marks
  // removed, stemmed (see above). Returns "" for stopwords and for strings
  // without a letter. The key is computed by rule, so it is returned whether
  // or not the dictionary knows the word; a `language` that is neither of the
  // two gets case folding and stress stripping but no stemming. Never fails.
  virtual std::string KeyOf(std::string_view word,
                            std::string_view language) const = 0;

  // Keys (in the other language, each a KeyOf() there) that translate the
  // key `key` of `language`, sorted and without repeats. Returns an empty
  // vector when the key is not in the dictionary or `language` is neither of
  // the two. Made on each call (the aligner meets translations by id, see
  // KeysOfSentence): keeping every key's translations as strings was 15%
  // of the dictionary's load time.
  virtual std::vector<std::string> TranslationsOf(
      std::string_view key, std::string_view language) const = 0;

  // True when the dictionary links the keys of the two words, one in
  // first_language() and the other in second_language(), in either order.
  // False otherwise, including for stopwords and unknown words.
  virtual bool AreTranslations(std::string_view first_language_word,
                               std::string_view second_language_word) const = 0;

  // Number of dictionary entries that gave at least one translation pair
  // (LoadDictd: index entries, FromPairs: pairs).
  virtual size_t entry_count() const = 0;

  // Number of distinct keys of `language` that have translations (0 for a
  // language that is neither of the two).
  virtual size_t key_count(std::string_view language) const = 0;

  // Dictionary evidence of one sentence, as dense ids instead of strings. Key
  // ids are per language: 0 <= id < key_count(language).
  struct SentenceKeys {
    // Ids of the keys of the sentence's words that the dictionary knows, in
    // the sentence's language; sorted, without repeats.
    std::vector<uint32_t> own;
    // Ids, in the other language, of all translations of those words; sorted,
    // without repeats.
    std::vector<uint32_t> translated;
    // Private to KeysOfSentence: the key id of each word form it has met, so
    // that a word that recurs is folded, stemmed and looked up once. Valid
    // for one dictionary and language at a time (it starts again when either
    // changes) and bounded in size. Made by the dictionary on first use; a
    // SentenceKeys is moved, not copied.
    struct WordMemo;
    std::unique_ptr<WordMemo, void (*)(WordMemo*)> memo{nullptr, nullptr};
  };
  // Splits `sentence` (UTF-8 text in `language`) into words (letters with
  // inner hyphens, apostrophes and stress marks) and fills `keys`, clearing
  // it first and reusing its capacity. A source sentence's `translated`
  // shares an id with a target sentence's `own` exactly when a word of one is
  // a dictionary translation of a word of the other. Both vectors are empty
  // for a language that is neither of the two. Reusing one `keys` for many
  // sentences of one language (one per thread: it is not shared) is faster,
  // since it remembers the words it has keyed.
  virtual void KeysOfSentence(std::string_view sentence,
                              std::string_view language,
                              SentenceKeys& keys) const = 0;
  // KeysOfSentence's `own` alone (`translated` is left empty): for a caller
  // that meets the other side's words through TranslationIdsOf itself. The
  // aligner keeps only the translations the other side has as words, a few
  // of the ~80 a news sentence's words have, and gathering and sorting them
  // all was a tenth of its time.
  virtual void OwnKeysOfSentence(std::string_view sentence,
                                 std::string_view language,
                                 SentenceKeys& keys) const = 0;
  // The ids (in the other language, as KeysOfSentence's `translated`) of the
  // translations of key id `id` of `language`, sorted and without repeats;
  // empty when `id` is out of range or `language` is neither of the two. The
  // span stays valid as long as the dictionary.
  virtual std::span<const uint32_t> TranslationIdsOf(
      uint32_t id, std::string_view language) const = 0;
  // The key string of id `id` in `language` ("" when out of range); for
  // debugging and reports.
  virtual std::string_view KeyOfId(uint32_t id,
                                   std::string_view language) const = 0;

  // Loads `<base>.index` and `<base>.dict.dz` (or an uncompressed
  // `<base>.dict`), whose headwords are in `headword_language` and whose
  // translations are in `translation_language`. The body is inflated once and
  // every entry parsed at load (about 0.2 s for freedict-eng-bul).
  // Errors: kNotFound when a file is missing (the hint names the Debian
  // package dict-freedict-eng-bul); kInvalidInput naming the file and line of
  // a corrupt index line (bad base64, an entry beyond the body) or the file
  // of a corrupt body; kIoError when a file cannot be read.
  static Result<std::unique_ptr<BilingualDictionary>> LoadDictd(
      const std::string& base, const std::string& headword_language,
      const std::string& translation_language);

  // Builds a dictionary from (first language word, second language word)
  // pairs, for tests and user word lists. Either side may hold several words;
  // they are linked through their content words as dictionary entries are.
  // Pairs with a stopword-only side are skipped. Never fails.
  static std::unique_ptr<BilingualDictionary> FromPairs(
      const std::string& first_language, const std::string& second_language,
      const std::vector<std::pair<std::string, std::string>>& pairs);
};

// Where Debian installs a dictionary for a language pair, e.g.
// "/usr/share/dictd/freedict-eng-bul" for ("en", "bg") or ("bg", "en"): the
// base name (without .index) of the first of freedict-<a>-<b> and
// freedict-<b>-<a> (ISO 639-3 codes) whose .index exists in `directory`, or
// "" when none does. Which language the headwords are in follows from the
// name: the first code.
std::string FindInstalledDictionary(
    const std::string& language_a, const std::string& language_b,
    const std::string& directory = "/usr/share/dictd");

}  // namespace sverka

#endif  // SVERKA_BILINGUAL_DICTIONARY_H_
