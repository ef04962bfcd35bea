// PRIVATE to Sverka's review module: may change at any time.
//
// The tokens of a sentence that can tie it to its translation: numbers,
// month names and words that may be names (capitalised, or with a digit),
// each with a key that is the same on both sides of a good pair: the digits
// of a number, "m5" for May/май, and for a word its Latin, ASCII, lower-case
// spelling ("Враца" -> "vratsa", "Guimarães" -> "guimaraes"). The page
// highlights the tokens whose keys meet on both sides of a row.
//
//   ASSIGN_OR_RETURN(AnchorFinder finder, AnchorFinder::Create("bg"));
//   finder.Find("През май 2020 г. в Милано")
//     // {4,7,'m',"m5"} {8,12,'n',"2020"} {20,26,'w',"milano"}
#ifndef SVERKA_REVIEW_ANCHORS_H_
#define SVERKA_REVIEW_ANCHORS_H_

#include <unicode/uversion.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sverka/status.h"

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace sverka::internal {

struct AnchorToken {
  // Offsets in UTF-16 code units, as the page's JavaScript counts.
  int32_t begin = 0;
  int32_t end = 0;
  char kind = 'w';  // 'n' number, 'm' month, 'w' word or name
  std::string key;
};

class AnchorFinder {
 public:
  // `language`: ISO 639-1 or BCP 47; its BGN/PCGN romanisation is used when
  // ICU has one ("bg"), otherwise ICU's generic Any-Latin. Errors:
  // kInternal when ICU cannot build a transliterator.
  static Result<std::unique_ptr<AnchorFinder>> Create(
      const std::string& language);
  ~AnchorFinder();

  std::vector<AnchorToken> Find(std::string_view utf8);

 private:
  explicit AnchorFinder(std::unique_ptr<icu::Transliterator> romanize);
  const std::string& Key(const std::string& word);

  std::unique_ptr<icu::Transliterator> romanize_;
  std::unordered_map<std::string, std::string> keys_;  // word -> key
};

}  // namespace sverka::internal

#endif  // SVERKA_REVIEW_ANCHORS_H_
