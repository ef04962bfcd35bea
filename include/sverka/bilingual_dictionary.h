// Bilingual dictionary: word translations the aligner uses as evidence.
//
// Reads FreeDict dictionaries in dictd format (an `.index` file of
// headword<TAB>base64 offset<TAB>base64 length lines and a dictzip-compressed
// `.dict.dz` body), as Debian's dict-freedict-eng-bul installs them in
// /usr/share/dictd, at run time. Headwords and translations are normalised
// for matching (case folded, stress marks stripped) and Bulgarian words are
// reduced to a stem (definite articles -ът/-ят/-та/-то/-те and plural
// endings), so inflected forms in running text find their entry.
//
//   auto dict = sverka::BilingualDictionary::LoadDictd(
//       "/usr/share/dictd/freedict-eng-bul", "en", "bg");
//   if (dict.ok() && (*dict)->AreTranslations("партньор", "partner")) ...
#ifndef SVERKA_BILINGUAL_DICTIONARY_H_
#define SVERKA_BILINGUAL_DICTIONARY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/status.h"

namespace sverka {

class BilingualDictionary {
 public:
  virtual ~BilingualDictionary() = default;

  // The two languages (ISO 639-1) the entries are between.
  virtual const std::string& first_language() const = 0;
  virtual const std::string& second_language() const = 0;

  // Keys for matching a word of `language`: its normalised stem. Two words
  // are translations when their keys share an entry.
  virtual std::string KeyOf(std::string_view word,
                            std::string_view language) const = 0;
  // Translation keys (in the other language) of a key of `language`; empty
  // when the word is not in the dictionary.
  virtual const std::vector<std::string>& TranslationsOf(
      std::string_view key, std::string_view language) const = 0;
  // True when the two words (in either order of the two languages) are
  // translations of each other according to the dictionary.
  virtual bool AreTranslations(std::string_view first_language_word,
                               std::string_view second_language_word) const = 0;
  virtual size_t entry_count() const = 0;

  // Loads `<base>.index` and `<base>.dict.dz` (or `<base>.dict`). Errors:
  // kNotFound when the files are missing (the hint names the Debian
  // package), kInvalidInput naming the file and line of a corrupt entry.
  static Result<std::unique_ptr<BilingualDictionary>> LoadDictd(
      const std::string& base, const std::string& headword_language,
      const std::string& translation_language);

  // Builds a dictionary from pairs (for tests and user word lists).
  static std::unique_ptr<BilingualDictionary> FromPairs(
      const std::string& first_language, const std::string& second_language,
      const std::vector<std::pair<std::string, std::string>>& pairs);
};

// Where Debian installs a dictionary for a language pair, e.g.
// "/usr/share/dictd/freedict-eng-bul" for ("en", "bg"), or "" when none of the
// known FreeDict names for the pair exists there.
std::string FindInstalledDictionary(const std::string& language_a,
                                    const std::string& language_b,
                                    const std::string& directory =
                                        "/usr/share/dictd");

}  // namespace sverka

#endif  // SVERKA_BILINGUAL_DICTIONARY_H_
