#include "sverka/bilingual_dictionary.h"

#include <sys/stat.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "sverka/text_input.h"

namespace sverka {
namespace {

bool FileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// dictd's offsets and lengths: base64 digits, most significant first.
bool DecodeDictdNumber(std::string_view text, uint64_t* value) {
  static constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  *value = 0;
  if (text.empty()) return false;
  for (char c : text) {
    const size_t digit = kDigits.find(c);
    if (digit == std::string_view::npos) return false;
    *value = *value * 64 + digit;
  }
  return true;
}

icu::UnicodeString Unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

// Light stemmers: enough to bring inflected running text and dictionary
// base forms to one key, without listing forms. Bulgarian loses its
// definite article (-ът/-ят/-та/-то/-те), plural and adjective endings and
// a final vowel; English its plural, past and gerund endings.
icu::UnicodeString StemBulgarian(icu::UnicodeString word) {
  static const char* const kSuffixes[] = {
      "ьовете", "овете", "евете", "ищата", "ията", "ието", "ият", "ите", "ата", "ото",
      "ове",    "еве",   "ища",   "ия",   "ии",   "ът",   "ят",  "та",  "то",  "те",
      "ски",    "ска",   "ско",   "ния",  "ние",  "ен",   "на",  "но",  "ни",  "ам",
      "ям",     "ат",    "еш",    "ем",   "ете",  "ах",   "ала", "ало", "али", "ал"};
  for (const char* suffix : kSuffixes) {
    const icu::UnicodeString s = icu::UnicodeString::fromUTF8(suffix);
    if (word.endsWith(s) && word.countChar32() - s.countChar32() >= 3) {
      word.truncate(word.length() - s.length());
      break;
    }
  }
  static const icu::UnicodeString kVowels = icu::UnicodeString::fromUTF8("аяоеиъую");
  if (word.countChar32() > 3 && kVowels.indexOf(word.charAt(word.length() - 1)) >= 0) {
    word.truncate(word.length() - 1);
  }
  return word;
}

icu::UnicodeString StemEnglish(icu::UnicodeString word) {
  auto ends = [&](const char* s) { return word.endsWith(icu::UnicodeString(s)); };
  auto cut = [&](int n) { word.truncate(word.length() - n); };
  if (ends("'s") || ends("\u2019s")) cut(2);
  if (word.length() > 4 && ends("ies")) {
    cut(3);
    word.append(static_cast<UChar>('i'));
  } else if (word.length() > 4 && (ends("sses") || ends("shes") || ends("ches") || ends("xes"))) {
    cut(2);
  } else if (word.length() > 3 && ends("s") && !ends("ss") && !ends("us") && !ends("is")) {
    cut(1);
  }
  if (word.length() > 5 && ends("ing")) cut(3);
  else if (word.length() > 4 && ends("ed")) cut(2);
  if (word.length() > 3 && ends("y")) {
    cut(1);
    word.append(static_cast<UChar>('i'));
  }
  if (word.length() > 4 && ends("e")) cut(1);
  return word;
}

const std::unordered_set<std::string>& StopWords() {
  static const std::unordered_set<std::string> words = {
      "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and",
      "or", "be", "is", "are", "was", "were", "from", "as", "that", "this", "it",
      "one", "sth", "smb", "someone", "something", "oneself", "и", "или", "на",
      "в", "във", "за", "с", "със", "от", "до", "по", "се", "си", "съм", "е",
      "да", "не", "че", "като", "към", "при", "без", "който", "която", "което"};
  return words;
}

class MapDictionary final : public BilingualDictionary {
 public:
  MapDictionary(std::string first, std::string second)
      : first_(std::move(first)), second_(std::move(second)) {}

  const std::string& first_language() const override { return first_; }
  const std::string& second_language() const override { return second_; }

  std::string KeyOf(std::string_view word, std::string_view language) const override {
    const std::string folded = NormalizeForMatching(word);
    if (StopWords().count(folded)) return "";
    icu::UnicodeString unicode = Unicode(folded);
    if (unicode.countChar32() < 2) return "";
    unicode = language == "bg" ? StemBulgarian(unicode)
              : language == "en" ? StemEnglish(unicode)
                                 : unicode;
    std::string key;
    unicode.toUTF8String(key);
    return key;
  }

  const std::vector<std::string>& TranslationsOf(std::string_view key,
                                                 std::string_view language) const override {
    static const std::vector<std::string> kNone;
    const auto& map = language == first_ ? first_to_second_ : second_to_first_;
    auto it = map.find(std::string(key));
    return it == map.end() ? kNone : it->second;
  }

  bool AreTranslations(std::string_view first_word,
                       std::string_view second_word) const override {
    const std::string first_key = KeyOf(first_word, first_);
    const std::string second_key = KeyOf(second_word, second_);
    if (first_key.empty() || second_key.empty()) return false;
    const auto& translations = TranslationsOf(first_key, first_);
    return std::find(translations.begin(), translations.end(), second_key) != translations.end();
  }

  size_t entry_count() const override { return entries_; }

  // Adds a headword (first language) and one translation phrase (second):
  // every content word of the phrase is paired with every content word of
  // the headword.
  void Add(std::string_view headword, std::string_view translation) {
    std::vector<std::string> first_keys = Keys(headword, first_);
    std::vector<std::string> second_keys = Keys(translation, second_);
    for (const auto& a : first_keys) {
      for (const auto& b : second_keys) {
        AddUnique(first_to_second_[a], b);
        AddUnique(second_to_first_[b], a);
      }
    }
  }
  void CountEntry() { ++entries_; }

 private:
  static void AddUnique(std::vector<std::string>& list, const std::string& key) {
    if (std::find(list.begin(), list.end(), key) == list.end()) list.push_back(key);
  }

  std::vector<std::string> Keys(std::string_view phrase, const std::string& language) const {
    std::vector<std::string> keys;
    std::string word;
    const icu::UnicodeString unicode = Unicode(phrase);
    auto flush = [&] {
      if (word.empty()) return;
      std::string key = KeyOf(word, language);
      if (icu::UnicodeString::fromUTF8(key).countChar32() >= 3) keys.push_back(std::move(key));
      word.clear();
    };
    for (int32_t i = 0; i < unicode.length();) {
      const UChar32 c = unicode.char32At(i);
      i += U16_LENGTH(c);
      if (u_isalpha(c) || c == 0x0300 || c == 0x0301 || c == '\'') {
        icu::UnicodeString(c).toUTF8String(word);
      } else {
        flush();
      }
    }
    flush();
    return keys;
  }

  std::string first_, second_;
  std::unordered_map<std::string, std::vector<std::string>> first_to_second_, second_to_first_;
  size_t entries_ = 0;
};

bool HasCyrillic(std::string_view line) {
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    const unsigned char c = line[i];
    if (c == 0xD0 || c == 0xD1) return true;  // U+0400..U+047F lead bytes
  }
  return false;
}

// The translations of one dictd entry of freedict-eng-bul: lines holding
// Cyrillic ("1. партньо́р, партньо́рка 2."), split at commas and semicolons,
// sense numbers and notes in parentheses removed.
std::vector<std::string> TranslationsInEntry(std::string_view body) {
  std::vector<std::string> out;
  size_t pos = body.find('\n');  // the first line is the headword
  while (pos != std::string_view::npos && pos < body.size()) {
    const size_t end = std::min(body.find('\n', pos + 1), body.size());
    std::string line(body.substr(pos + 1, end - pos - 1));
    pos = end < body.size() ? end : std::string_view::npos;
    if (!HasCyrillic(line)) continue;
    std::string cleaned;
    int depth = 0;
    for (char c : line) {
      if (c == '(' || c == '[') ++depth;
      else if ((c == ')' || c == ']') && depth > 0) --depth;
      else if (depth == 0) cleaned += (std::isdigit(static_cast<unsigned char>(c)) ? ' ' : c);
    }
    std::string piece;
    for (char c : cleaned + ",") {
      if (c == ',' || c == ';') {
        piece.erase(0, piece.find_first_not_of(" .\t"));
        piece.erase(piece.find_last_not_of(" .\t") + 1);
        if (!piece.empty()) out.push_back(piece);
        piece.clear();
      } else {
        piece += c;
      }
    }
  }
  return out;
}

Result<std::string> ReadDictBody(const std::string& base) {
  const std::string dz = base + ".dict.dz", plain = base + ".dict";
  const std::string path = FileExists(dz) ? dz : plain;
  // dictzip is gzip with a random-access table in an extra field; reading
  // it whole with zlib is simpler and fast enough (a few MB).
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::NotFound("cannot open the dictionary body").At(path).WithHint(
        "install the Debian package dict-freedict-eng-bul, or pass --dictionary none");
  }
  std::string body;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) body.append(buffer, read);
  int error = Z_OK;
  const char* message = gzerror(file, &error);
  const bool failed = read < 0 || (error != Z_OK && error != Z_STREAM_END);
  const std::string what = failed && message ? message : "";
  gzclose(file);
  if (failed) return Status::InvalidInput("corrupt dictionary body: " + what).At(path);
  return body;
}

}  // namespace

Result<std::unique_ptr<BilingualDictionary>> BilingualDictionary::LoadDictd(
    const std::string& base, const std::string& headword_language,
    const std::string& translation_language) {
  const std::string index_path = base + ".index";
  std::ifstream index(index_path);
  if (!index) {
    return Status::NotFound("no dictionary index").At(index_path).WithHint(
        "install the Debian package dict-freedict-eng-bul, or pass --dictionary none");
  }
  ASSIGN_OR_RETURN(std::string body, ReadDictBody(base));
  auto dictionary = std::make_unique<MapDictionary>(headword_language, translation_language);
  std::string line;
  int64_t line_number = 0;
  while (std::getline(index, line)) {
    ++line_number;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    uint64_t offset = 0, length = 0;
    if (tab2 == std::string::npos ||
        !DecodeDictdNumber(std::string_view(line).substr(tab1 + 1, tab2 - tab1 - 1), &offset) ||
        !DecodeDictdNumber(std::string_view(line).substr(tab2 + 1), &length) ||
        offset + length > body.size()) {
      return Status::InvalidInput("not a dictd index line: '" + line.substr(0, 60) + "'")
          .At(index_path)
          .AtLine(line_number)
          .WithHint("reinstall the dictionary package");
    }
    const std::string headword = line.substr(0, tab1);
    if (headword.starts_with("00database") || headword.starts_with("00-database")) continue;
    for (const std::string& translation :
         TranslationsInEntry(std::string_view(body).substr(offset, length))) {
      dictionary->Add(headword, translation);
    }
    dictionary->CountEntry();
  }
  return std::unique_ptr<BilingualDictionary>(std::move(dictionary));
}

std::unique_ptr<BilingualDictionary> BilingualDictionary::FromPairs(
    const std::string& first_language, const std::string& second_language,
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  auto dictionary = std::make_unique<MapDictionary>(first_language, second_language);
  for (const auto& [first, second] : pairs) {
    dictionary->Add(first, second);
    dictionary->CountEntry();
  }
  return dictionary;
}

std::string FindInstalledDictionary(const std::string& language_a,
                                    const std::string& language_b,
                                    const std::string& directory) {
  // FreeDict names dictionaries by ISO 639-3 codes: freedict-eng-bul.
  const std::string a = icu::Locale(language_a.c_str()).getISO3Language();
  const std::string b = icu::Locale(language_b.c_str()).getISO3Language();
  if (a.empty() || b.empty()) return "";
  for (const std::string& name : {"freedict-" + a + "-" + b, "freedict-" + b + "-" + a}) {
    const std::string base = directory + "/" + name;
    if (FileExists(base + ".index") &&
        (FileExists(base + ".dict.dz") || FileExists(base + ".dict"))) {
      return base;
    }
  }
  return "";
}

}  // namespace sverka
