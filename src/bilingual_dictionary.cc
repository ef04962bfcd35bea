#include "sverka/bilingual_dictionary.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bilingual_dictionary_internal.h"
#include "internal/string_map.h"

namespace sverka {
namespace {

namespace di = dictionary_internal;

// The Debian package that installs `path`: dict-freedict-<a>-<b> for a
// FreeDict file, else the English-Bulgarian one Sverka is made for.
std::string PackageHint(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  name = name.substr(0, name.find('.'));
  if (!name.starts_with("freedict-")) name = "freedict-eng-bul";
  return "install the Debian package dict-" + name;
}

}  // namespace

struct BilingualDictionary::SentenceKeys::WordMemo {
  uint64_t owner = 0;  // which dictionary side filled it; 0: none
  internal::StringMap<uint32_t> ids;  // word form -> key id, or kNone
};

namespace {

// The keys of one language: ids, strings and links to the other language.
struct Side {
  std::string language;
  di::KeyLanguage key_language = di::KeyLanguage::kOther;
  internal::StringIds ids;  // a key's id is its place (KeyAt(id))
  // The other side's ids each key links to, sorted: those of key `id` are
  // link_ids[link_begin[id] .. link_begin[id + 1]). One array for all keys,
  // not a vector each (a hundred thousand allocations at load).
  std::vector<uint32_t> link_begin;
  std::vector<uint32_t> link_ids;

  std::span<const uint32_t> Links(uint32_t id) const {
    return std::span<const uint32_t>(link_ids).subspan(
        link_begin[id], link_begin[id + 1] - link_begin[id]);
  }

  uint32_t Intern(const std::string& key) {
    return static_cast<uint32_t>(ids.Insert(key).first);
  }
  // kNone when absent.
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t Find(std::string_view key) const {
    const size_t id = ids.IndexOf(key);
    return id == internal::StringIds::npos ? kNone : static_cast<uint32_t>(id);
  }
  std::string_view Name(uint32_t id) const { return ids.KeyAt(id); }
};

// Collects key pairs, then freezes them into the two sides.
class Builder {
 public:
  Builder(const std::string& first, const std::string& second) {
    sides_[0].language = first;
    sides_[1].language = second;
    sides_[0].key_language = di::KeyLanguageOf(first);
    sides_[1].key_language = di::KeyLanguageOf(second);
  }

  // Room for about `entries` entries, to spare rehashing.
  void Reserve(size_t entries) {
    for (Side& side : sides_) side.ids.Reserve(entries);
    pairs_.reserve(entries * 3);
  }

  // Links the content words of `first` (a phrase of the first language) to
  // those of `second`; returns whether any pair was added.
  bool AddPhrases(std::string_view first, std::string_view second) {
    // A dictd entry gives its headword with each of its translations in
    // turn: its keys are made once.
    if (first != first_phrase_) {
      ContentKeys(first, 0, &first_keys_);
      first_phrase_.assign(first);
    }
    ContentKeys(second, 1, &second_keys_);
    const size_t a = first_keys_.size();
    const size_t b = second_keys_.size();
    if (a == 0 || b == 0) return false;
    if (a == 1 || b == 1) {
      // One word against a phrase: a long explanation is no translation.
      if (a > 3 || b > 3) return false;
      for (const std::string& x : first_keys_) {
        for (const std::string& y : second_keys_) Add(x, y);
      }
      return true;
    }
    if (a != b) return false;  // "Alexander the Great" ~ "Александър Велики"
    for (size_t i = 0; i < a; ++i) Add(first_keys_[i], second_keys_[i]);
    return true;
  }

  void Freeze() {
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
    // Counted, then placed: pairs_ is sorted by (a, b), so each key's links
    // come out sorted on both sides.
    for (Side& side : sides_) {
      side.link_begin.assign(side.ids.size() + 1, 0);
      side.link_ids.resize(pairs_.size());
    }
    for (const auto& [a, b] : pairs_) {
      ++sides_[0].link_begin[a + 1];
      ++sides_[1].link_begin[b + 1];
    }
    for (Side& side : sides_) {
      for (size_t id = 1; id < side.link_begin.size(); ++id)
        side.link_begin[id] += side.link_begin[id - 1];
    }
    std::vector<uint32_t> next[2] = {sides_[0].link_begin,
                                     sides_[1].link_begin};
    for (const auto& [a, b] : pairs_) {
      sides_[0].link_ids[next[0][a]++] = b;
      sides_[1].link_ids[next[1][b]++] = a;
    }
    pairs_.clear();
    pairs_.shrink_to_fit();
  }

  Side* sides() { return sides_; }

 private:
  // The keys of `phrase`'s content words. A word form recurs in many
  // entries (as a translation above all): each is stemmed once per side.
  void ContentKeys(std::string_view phrase, int side,
                   std::vector<std::string>* keys) {
    keys->clear();
    di::ForEachWord(phrase, /*drop_abbreviations=*/true,
                    [&](std::string_view word) {
                      auto [key, added] = form_keys_[side].TryEmplace(word);
                      if (added) {
                        di::MakeKey(word, sides_[side].key_language, &key_);
                        *key = key_;
                      }
                      if (!key->empty()) keys->push_back(*key);
                    });
  }
  void Add(const std::string& a, const std::string& b) {
    pairs_.emplace_back(sides_[0].Intern(a), sides_[1].Intern(b));
  }

  Side sides_[2];
  std::vector<std::pair<uint32_t, uint32_t>> pairs_;
  std::vector<std::string> first_keys_, second_keys_;
  // Whose keys first_keys_ holds (at first "", which has none).
  std::string first_phrase_;
  std::string key_;
  internal::StringMap<std::string> form_keys_[2];  // word form -> its key
};

class DictionaryImpl final : public BilingualDictionary {
 public:
  DictionaryImpl(Builder& builder, size_t entries)
      : entry_count_(entries), serial_(NextSerial()) {
    sides_[0] = std::move(builder.sides()[0]);
    sides_[1] = std::move(builder.sides()[1]);
  }

  const std::string& first_language() const override {
    return sides_[0].language;
  }
  const std::string& second_language() const override {
    return sides_[1].language;
  }

  std::string KeyOf(std::string_view word,
                    std::string_view language) const override {
    std::string key;
    di::MakeKey(word, KeyLanguageFor(language), &key);
    return key;
  }

  std::vector<std::string> TranslationsOf(
      std::string_view key, std::string_view language) const override {
    const Side* side = SideOf(language);
    if (side == nullptr) return {};
    const uint32_t id = side->Find(key);
    if (id == Side::kNone) return {};
    const Side& other = side == &sides_[0] ? sides_[1] : sides_[0];
    std::vector<std::string> names;
    for (const uint32_t o : side->Links(id)) names.emplace_back(other.Name(o));
    std::sort(names.begin(), names.end());
    return names;
  }

  bool AreTranslations(std::string_view first_word,
                       std::string_view second_word) const override {
    return Linked(first_word, second_word) || Linked(second_word, first_word);
  }

  size_t entry_count() const override { return entry_count_; }

  size_t key_count(std::string_view language) const override {
    const Side* side = SideOf(language);
    return side == nullptr ? 0 : side->ids.size();
  }

  void KeysOfSentence(std::string_view sentence, std::string_view language,
                      SentenceKeys& keys) const override {
    const Side* side = OwnKeys(sentence, language, keys);
    if (side == nullptr) return;
    // The translations of each distinct word once, not of each occurrence.
    for (const uint32_t id : keys.own) {
      const std::span<const uint32_t> links = side->Links(id);
      keys.translated.insert(keys.translated.end(), links.begin(), links.end());
    }
    SortUnique(keys.translated);
  }

  void OwnKeysOfSentence(std::string_view sentence, std::string_view language,
                         SentenceKeys& keys) const override {
    OwnKeys(sentence, language, keys);
  }

  std::span<const uint32_t> TranslationIdsOf(
      uint32_t id, std::string_view language) const override {
    const Side* side = SideOf(language);
    if (side == nullptr || id >= side->ids.size()) return {};
    return side->Links(id);
  }

  std::string_view KeyOfId(uint32_t id,
                           std::string_view language) const override {
    const Side* side = SideOf(language);
    if (side == nullptr || id >= side->ids.size()) return {};
    return side->Name(id);
  }

 private:
  // Clears `keys` and fills its `own`; returns the sentence's side, or
  // nullptr for a language that is neither of the two.
  const Side* OwnKeys(std::string_view sentence, std::string_view language,
                      SentenceKeys& keys) const {
    keys.own.clear();
    keys.translated.clear();
    const Side* side = SideOf(language);
    if (side == nullptr) return nullptr;
    // Most words of a text recur: each form is keyed once, then found in
    // the memo (smaller and closer in cache than the dictionary's map).
    if (!keys.memo) {
      keys.memo = {new SentenceKeys::WordMemo,
                   [](SentenceKeys::WordMemo* memo) { delete memo; }};
    }
    SentenceKeys::WordMemo& memo = *keys.memo;
    const uint64_t owner = serial_ * 2 + (side == &sides_[0] ? 0 : 1);
    if (memo.owner != owner || memo.ids.size() > kMaxMemoWords) {
      memo.ids.Clear();
      memo.owner = owner;
    }
    char buffer[di::kMaxKeyBytes];
    di::ForEachWord(
        sentence, /*drop_abbreviations=*/false, [&](std::string_view word) {
          auto [known, added] = memo.ids.TryEmplace(word);
          if (added) {
            const size_t length = di::MakeKey(word, side->key_language, buffer);
            *known = length == 0 ? Side::kNone
                                 : side->Find(std::string_view(buffer, length));
          }
          const uint32_t id = *known;
          if (id == Side::kNone) return;
          keys.own.push_back(id);
        });
    SortUnique(keys.own);
    return side;
  }

  static void SortUnique(std::vector<uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  // The side of `language`: an exact match of the code, else of its primary
  // subtag ("bg-BG" -> "bg").
  const Side* SideOf(std::string_view language) const {
    for (const Side& side : sides_) {
      if (side.language == language) return &side;
    }
    const std::string_view primary = language.substr(0, language.find('-'));
    for (const Side& side : sides_) {
      if (side.language == primary) return &side;
    }
    return nullptr;
  }
  di::KeyLanguage KeyLanguageFor(std::string_view language) const {
    const Side* side = SideOf(language);
    return side != nullptr ? side->key_language : di::KeyLanguageOf(language);
  }

  // First word in the first language, second in the second.
  bool Linked(std::string_view first_word, std::string_view second_word) const {
    char a[di::kMaxKeyBytes];
    char b[di::kMaxKeyBytes];
    const size_t a_length = di::MakeKey(first_word, sides_[0].key_language, a);
    const size_t b_length = di::MakeKey(second_word, sides_[1].key_language, b);
    if (a_length == 0 || b_length == 0) return false;
    const uint32_t a_id = sides_[0].Find(std::string_view(a, a_length));
    const uint32_t b_id = sides_[1].Find(std::string_view(b, b_length));
    if (a_id == Side::kNone || b_id == Side::kNone) return false;
    const std::span<const uint32_t> links = sides_[0].Links(a_id);
    return std::binary_search(links.begin(), links.end(), b_id);
  }

  // Identifies this dictionary to a SentenceKeys memo, which may outlive
  // it (a new dictionary at the same address must not reuse its ids).
  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }
  // Past this many word forms a memo starts again, so memory stays bounded.
  static constexpr size_t kMaxMemoWords = 200'000;

  Side sides_[2];
  size_t entry_count_;
  uint64_t serial_;
};

// Reads a whole file; kNotFound when it is not there.
Result<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::NotFound("dictionary file not found")
        .At(path)
        .WithHint(PackageHint(path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError("cannot open the dictionary file").At(path);
  }
  std::string bytes;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Status::IoError("cannot read the dictionary file").At(path);
  bytes.resize(size);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    return Status::IoError("cannot read the dictionary file").At(path);
  }
  return bytes;
}

bool Exists(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

// ISO 639-1 -> the ISO 639-3 code FreeDict names files by.
std::string FreeDictCode(const std::string& language) {
  static const std::pair<const char*, const char*> kCodes[] = {
      {"bg", "bul"}, {"en", "eng"}, {"de", "deu"}, {"fr", "fra"}, {"es", "spa"},
      {"it", "ita"}, {"ru", "rus"}, {"nl", "nld"}, {"pt", "por"}, {"pl", "pol"},
      {"cs", "ces"}, {"sr", "srp"}, {"hr", "hrv"}, {"el", "ell"}, {"tr", "tur"},
      {"ro", "ron"}, {"mk", "mkd"}, {"uk", "ukr"}, {"sv", "swe"}, {"fi", "fin"},
      {"da", "dan"}, {"hu", "hun"}, {"ja", "jpn"}, {"la", "lat"}};
  const std::string primary = language.substr(0, language.find('-'));
  for (const auto& [two, three] : kCodes) {
    if (primary == two) return three;
  }
  return primary;  // already three letters, or unknown
}

}  // namespace

Result<std::unique_ptr<BilingualDictionary>> BilingualDictionary::LoadDictd(
    const std::string& base, const std::string& headword_language,
    const std::string& translation_language) {
  const std::string index_path = base + ".index";
  ASSIGN_OR_RETURN(std::string index_text, ReadFile(index_path));

  std::string body;
  const std::string dz_path = base + ".dict.dz";
  const std::string plain_path = base + ".dict";
  if (Exists(dz_path)) {
    ASSIGN_OR_RETURN(std::string compressed, ReadFile(dz_path));
    Result<std::string> inflated = di::InflateGzip(compressed);
    if (!inflated.ok()) {
      return inflated.status().At(dz_path).WithHint("re" +
                                                    PackageHint(dz_path));
    }
    body = std::move(inflated).value();
  } else if (Exists(plain_path)) {
    ASSIGN_OR_RETURN(body, ReadFile(plain_path));
  } else {
    return Status::NotFound("dictionary body not found (.dict.dz or .dict)")
        .At(dz_path)
        .WithHint(PackageHint(dz_path));
  }

  std::vector<di::DictdIndexEntry> entries;
  RETURN_IF_ERROR(di::ParseDictdIndex(index_text, index_path, &entries));

  Builder builder(headword_language, translation_language);
  builder.Reserve(entries.size());
  size_t used = 0;
  for (const di::DictdIndexEntry& entry : entries) {
    if (entry.headword.starts_with("00database") ||
        entry.headword.starts_with("00-database")) {
      continue;
    }
    if (entry.offset > body.size() ||
        entry.length > body.size() - entry.offset) {
      return Status::InvalidInput(
                 "dictionary index entry points beyond the end of the body (" +
                 std::to_string(body.size()) + " bytes)")
          .At(index_path)
          .AtLine(entry.line)
          .WithHint("re" + PackageHint(index_path));
    }
    const std::string_view text(body.data() + entry.offset, entry.length);
    bool any = false;
    for (const std::string& phrase : di::ParseTranslations(text)) {
      if (builder.AddPhrases(entry.headword, phrase)) any = true;
    }
    if (any) ++used;
  }
  builder.Freeze();
  return std::unique_ptr<BilingualDictionary>(
      new DictionaryImpl(builder, used));
}

std::unique_ptr<BilingualDictionary> BilingualDictionary::FromPairs(
    const std::string& first_language, const std::string& second_language,
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  Builder builder(first_language, second_language);
  size_t used = 0;
  for (const auto& [first, second] : pairs) {
    if (builder.AddPhrases(first, second)) ++used;
  }
  builder.Freeze();
  return std::make_unique<DictionaryImpl>(builder, used);
}

std::string FindInstalledDictionary(const std::string& language_a,
                                    const std::string& language_b,
                                    const std::string& directory) {
  const std::string a = FreeDictCode(language_a);
  const std::string b = FreeDictCode(language_b);
  for (const std::string& name :
       {"freedict-" + a + "-" + b, "freedict-" + b + "-" + a}) {
    const std::string base = directory + "/" + name;
    if (Exists(base + ".index") &&
        (Exists(base + ".dict.dz") || Exists(base + ".dict"))) {
      return base;
    }
  }
  return "";
}

}  // namespace sverka
