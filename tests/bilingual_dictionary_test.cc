#include "sverka/bilingual_dictionary.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "bilingual_dictionary_internal.h"

namespace sverka {
namespace {

namespace di = dictionary_internal;

const std::string kData =
    std::string(SVERKA_SOURCE_DIR) + "/tests/data/bilingual_dictionary/";
const std::string kInstalled = "/usr/share/dictd/freedict-eng-bul";

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---- dictd pieces
// ------------------------------------------------------------

TEST(DictdNumber, DecodesDictdBase64) {
  uint64_t v = 0;
  ASSERT_TRUE(di::DecodeDictdNumber("A", &v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(di::DecodeDictdNumber("B", &v));
  EXPECT_EQ(v, 1u);
  ASSERT_TRUE(di::DecodeDictdNumber("/", &v));
  EXPECT_EQ(v, 63u);
  ASSERT_TRUE(di::DecodeDictdNumber("BA", &v));
  EXPECT_EQ(v, 64u);
  ASSERT_TRUE(di::DecodeDictdNumber("DLWX", &v));  // "city" in eng-bul
  EXPECT_EQ(v, ((3u * 64 + 11) * 64 + 22) * 64 + 23);
  ASSERT_TRUE(di::DecodeDictdNumber("+0", &v));
  EXPECT_EQ(v, 62u * 64 + 52);
}

TEST(DictdNumber, RefusesBadDigitsAndEmpty) {
  uint64_t v = 7;
  EXPECT_FALSE(di::DecodeDictdNumber("", &v));
  EXPECT_FALSE(di::DecodeDictdNumber("B!", &v));
  EXPECT_FALSE(di::DecodeDictdNumber("A=", &v));
  EXPECT_FALSE(di::DecodeDictdNumber("//////////", &v));  // too large
  EXPECT_EQ(v, 7u);
}

TEST(DictdIndex, ParsesLinesAndNamesTheCorruptOne) {
  std::vector<di::DictdIndexEntry> entries;
  ASSERT_TRUE(
      di::ParseDictdIndex("a\tA\tB\n\nb c\tBA\tC\textra\n", "x.index", &entries)
          .ok());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].headword, "b c");
  EXPECT_EQ(entries[1].offset, 64u);
  EXPECT_EQ(entries[1].length, 2u);
  EXPECT_EQ(entries[1].line, 3);

  Status s =
      di::ParseDictdIndex("a\tA\tB\nno tabs here\n", "x.index", &entries);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.file(), "x.index");
  EXPECT_EQ(s.line(), 2);
}

TEST(DictdBody, InflatesGzipMadeAtTestTime) {
  const std::string text = "city /x/ <n>\nград\nlarge settlement\n";
  // gzip framing via deflateInit2(16 + MAX_WBITS), as dictzip writes.
  z_stream z{};
  ASSERT_EQ(
      deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(256, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);

  Result<std::string> inflated = di::InflateGzip(out);
  ASSERT_TRUE(inflated.ok()) << inflated.status().ToString();
  EXPECT_EQ(*inflated, text);

  // Two members in a row are read as one body.
  Result<std::string> twice = di::InflateGzip(out + out);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice, text + text);

  EXPECT_EQ(di::InflateGzip(out.substr(0, out.size() / 2)).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(di::InflateGzip("not gzip at all").status().code(),
            StatusCode::kInvalidInput);
}

TEST(DictdEntry, TakesTranslationLinesNotGlosses) {
  const auto phrases = di::ParseTranslations(
      "partner /ˈpɑːtnə/ <n>\n"
      "1. партньо́р, партньо́рка 2.\n"
      "a member of a business partnership\n"
      " 3.\n"
      "dancing partner\n"
      "2. [[съдружник|съдру́жник]] (юр.); съпру́г\n"
      "spouse\n");
  EXPECT_EQ(phrases, (std::vector<std::string>{"партньо́р", "партньо́рка",
                                               "съдру́жник", "съпру́г"}));
  EXPECT_EQ(di::ParseTranslations("run <n>\nbad (за път), неравен\nx\n"),
            (std::vector<std::string>{"bad", "неравен"}));
}

// ---- keys
// --------------------------------------------------------------------

std::string Key(std::string_view word, di::KeyLanguage language) {
  std::string key;
  di::MakeKey(word, language, &key);
  return key;
}
constexpr auto kBg = di::KeyLanguage::kBulgarian;
constexpr auto kEn = di::KeyLanguage::kEnglish;

TEST(Keys, BulgarianArticlesAndPluralsMeetTheBaseForm) {
  const std::string grad = Key("град", kBg);
  EXPECT_EQ(grad, "град");
  for (const char* form : {"градът", "града", "градове", "градовете", "Град"}) {
    EXPECT_EQ(Key(form, kBg), grad) << form;
  }
  const std::string obshtina = Key("община", kBg);
  for (const char* form : {"общината", "общини", "общините", "ОБЩИНА"}) {
    EXPECT_EQ(Key(form, kBg), obshtina) << form;
  }
  const std::string strategy = Key("стратегия", kBg);
  for (const char* form : {"стратегията", "стратегии", "стратегиите"}) {
    EXPECT_EQ(Key(form, kBg), strategy) << form;
  }
  const std::string partner = Key("партньор", kBg);
  for (const char* form :
       {"партньорът", "партньора", "партньори", "партньорите"}) {
    EXPECT_EQ(Key(form, kBg), partner) << form;
  }
  // Adjectives and their fleeting vowels.
  EXPECT_EQ(Key("нова", kBg), Key("нов", kBg));
  EXPECT_EQ(Key("новият", kBg), Key("нов", kBg));
  EXPECT_EQ(Key("новите", kBg), Key("нов", kBg));
  EXPECT_EQ(Key("силна", kBg), Key("силен", kBg));
  EXPECT_EQ(Key("малка", kBg), Key("малък", kBg));
  EXPECT_EQ(Key("българската", kBg), Key("български", kBg));
  // Verbs, lightly.
  EXPECT_EQ(Key("отива", kBg), Key("отивам", kBg));
  EXPECT_EQ(Key("отиват", kBg), Key("отивам", kBg));
  // Aspect pairs through the imperfective -ва-.
  EXPECT_EQ(Key("съобщи", kBg), Key("съобщавам", kBg));
  EXPECT_EQ(Key("отбеляза", kBg), Key("отбелязвам", kBg));
  EXPECT_EQ(Key("отбелязва", kBg), Key("отбелязвам", kBg));
  // -та is the article only after its vowel.
  EXPECT_EQ(Key("работата", kBg), Key("работа", kBg));
  EXPECT_EQ(Key("картата", kBg), Key("карта", kBg));
  EXPECT_NE(Key("карта", kBg), Key("кар", kBg));
  // Stems keep at least three letters.
  EXPECT_EQ(Key("ден", kBg), "ден");
  EXPECT_GE(Key("мета", kBg).size(), 6u);
}

TEST(Keys, StressMarksAreStripped) {
  EXPECT_EQ(Key("гра́д", kBg), Key("град", kBg));
  EXPECT_EQ(Key("партньо́р", kBg), Key("партньор", kBg));
  EXPECT_EQ(Key("ѝзвор", kBg), Key("извор", kBg));  // precomposed ѝ
  EXPECT_EQ(Key("свѐт", kBg), Key("свет", kBg));    // precomposed ѐ
  EXPECT_EQ(Key("общѝна", kBg), Key("община", kBg));
  // The pronoun "ѝ" is a word of its own (and a stopword), not "и".
  EXPECT_EQ(Key("ѝ", di::KeyLanguage::kOther), "ѝ");
  EXPECT_EQ(Key("и", di::KeyLanguage::kOther), "и");
  // Latin look-alikes typed inside a Cyrillic word.
  EXPECT_EQ(Key("дocтoeн", kBg), Key("достоен", kBg));
}

TEST(Keys, EnglishLightStemming) {
  EXPECT_EQ(Key("cities", kEn), Key("city", kEn));
  EXPECT_EQ(Key("City's", kEn), Key("city", kEn));
  EXPECT_EQ(Key("partners", kEn), Key("partner", kEn));
  EXPECT_EQ(Key("partners'", kEn), Key("partner", kEn));
  EXPECT_EQ(Key("strategies", kEn), Key("strategy", kEn));
  EXPECT_EQ(Key("municipalities", kEn), Key("municipality", kEn));
  EXPECT_EQ(Key("boxes", kEn), Key("box", kEn));
  EXPECT_EQ(Key("created", kEn), Key("create", kEn));
  EXPECT_EQ(Key("creating", kEn), Key("create", kEn));
  EXPECT_EQ(Key("planned", kEn), Key("plan", kEn));
  EXPECT_EQ(Key("running", kEn), Key("run", kEn));
  EXPECT_EQ(Key("called", kEn), Key("call", kEn));
  EXPECT_EQ(Key("said", kEn), Key("say", kEn));
  EXPECT_EQ(Key("took", kEn), Key("take", kEn));
  EXPECT_EQ(Key("women", kEn), Key("woman", kEn));
  EXPECT_EQ(Key("bus", kEn), "bus");
  EXPECT_EQ(Key("analysis", kEn), "analysis");
}

TEST(Keys, StopwordsAndNonWordsHaveNoKey) {
  for (const char* w : {"и", "на", "за", "се", "това", "ѝ", "Е"}) {
    EXPECT_EQ(Key(w, kBg), "") << w;
  }
  for (const char* w : {"the", "The", "of", "and", "is"}) {
    EXPECT_EQ(Key(w, kEn), "") << w;
  }
  EXPECT_EQ(Key("2024", kEn), "");
  EXPECT_EQ(Key("г", kBg), "");  // one letter: an initial or a unit
  EXPECT_EQ(Key("U", kEn), "");
  EXPECT_EQ(Key("...", kBg), "");
  EXPECT_EQ(Key("", kBg), "");
}

// IsWordChar answers from a table below U+0800 and from ICU above: both
// halves must agree with ICU's answer for every code point.
TEST(Words, WordCharTableAgreesWithIcu) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    ASSERT_EQ(di::IsWordChar(c), di::IsWordCharFromIcu(c))
        << static_cast<uint32_t>(c);
  }
  EXPECT_TRUE(di::IsWordChar(U'ж'));
  EXPECT_TRUE(di::IsWordChar(0x0301));  // combining acute: a stress mark
  EXPECT_FALSE(di::IsWordChar(U'—'));
}

TEST(Words, SplitsCyrillicLatinAndBadBytes) {
  std::vector<std::string> words;
  di::ForEachWord(
      "Гра\xCC\x81дът — e-mail, \xFF"
      "don't 42.",
      false, [&](std::string_view w) { words.emplace_back(w); });
  EXPECT_EQ(words, (std::vector<std::string>{"Гра\xCC\x81дът", "e-mail",
                                             "don't", "42"}));
}

// ---- the public API over FromPairs
// ----------------------------------------------

TEST(BilingualDictionary, FromPairsLinksContentWords) {
  auto dict =
      BilingualDictionary::FromPairs("bg", "en",
                                     {{"град", "city"},
                                      {"водещ партньор", "leading partner"},
                                      {"и", "and"},
                                      {"община", "the municipality"}});
  EXPECT_EQ(dict->first_language(), "bg");
  EXPECT_EQ(dict->second_language(), "en");
  EXPECT_EQ(dict->entry_count(), 3u);  // и/and are stopwords
  EXPECT_TRUE(dict->AreTranslations("градовете", "cities"));
  EXPECT_TRUE(dict->AreTranslations("cities", "градът"));  // either order
  EXPECT_TRUE(dict->AreTranslations("партньорите", "partners"));
  EXPECT_TRUE(dict->AreTranslations("водещия", "leading"));
  EXPECT_FALSE(dict->AreTranslations("водещ", "partner"));  // word by word
  EXPECT_TRUE(dict->AreTranslations("общините", "municipalities"));
  EXPECT_FALSE(dict->AreTranslations("и", "and"));
  EXPECT_FALSE(dict->AreTranslations("град", "village"));

  const std::string key = dict->KeyOf("Градовете", "bg");
  EXPECT_EQ(key, "град");
  EXPECT_EQ(dict->TranslationsOf(key, "bg"),
            (std::vector<std::string>{dict->KeyOf("city", "en")}));
  EXPECT_EQ(dict->TranslationsOf(dict->KeyOf("cities", "en"), "en"),
            (std::vector<std::string>{"град"}));
  EXPECT_TRUE(dict->TranslationsOf("село", "bg").empty());
  EXPECT_TRUE(dict->TranslationsOf(key, "de").empty());
  EXPECT_EQ(dict->KeyOf("и", "bg"), "");
  EXPECT_EQ(dict->KeyOf("Градовете", "bg-BG"), "град");
}

TEST(BilingualDictionary, SentenceKeysMeetAcrossLanguages) {
  auto dict = BilingualDictionary::FromPairs(
      "bg", "en",
      {{"град", "city"}, {"община", "municipality"}, {"план", "plan"}});
  BilingualDictionary::SentenceKeys bg, en, other;
  dict->KeysOfSentence("Общината и градът приеха план-програма.", "bg", bg);
  dict->KeysOfSentence("The municipality and the city's plans.", "en", en);
  dict->KeysOfSentence("Село без нищо.", "bg", other);
  EXPECT_EQ(bg.own.size(), 2u);  // община, град (план-програма is one word)
  EXPECT_EQ(en.own.size(), 3u);
  std::vector<uint32_t> shared;
  std::set_intersection(bg.translated.begin(), bg.translated.end(),
                        en.own.begin(), en.own.end(),
                        std::back_inserter(shared));
  EXPECT_EQ(shared.size(), 2u);
  EXPECT_TRUE(other.own.empty());
  EXPECT_TRUE(other.translated.empty());
  EXPECT_EQ(dict->KeyOfId(en.own[0], "en").empty(), false);
  EXPECT_EQ(dict->KeyOfId(999, "en"), "");
  EXPECT_EQ(dict->key_count("en"), 3u);
  EXPECT_EQ(dict->key_count("de"), 0u);
  // Reused: cleared first.
  dict->KeysOfSentence("", "bg", bg);
  EXPECT_TRUE(bg.own.empty());
}

// OwnKeysOfSentence and TranslationIdsOf give KeysOfSentence's two parts
// separately: the same `own`, and per own id the translations whose union is
// `translated`.
TEST(BilingualDictionary, OwnKeysAndTranslationIdsMakeTheSentenceKeys) {
  auto dict = BilingualDictionary::FromPairs("bg", "en",
                                             {{"град", "city"},
                                              {"град", "town"},
                                              {"община", "municipality"},
                                              {"община", "community"},
                                              {"план", "plan"}});
  for (const auto& [sentence, language] :
       std::vector<std::pair<std::string, std::string>>{
           {"Общината и градът приеха плана на града.", "bg"},
           {"The town and the municipality's plans.", "en"},
           {"Село без нищо.", "bg"}}) {
    BilingualDictionary::SentenceKeys whole, own;
    dict->KeysOfSentence(sentence, language, whole);
    own.translated = {7};  // cleared
    dict->OwnKeysOfSentence(sentence, language, own);
    EXPECT_EQ(own.own, whole.own) << sentence;
    EXPECT_TRUE(own.translated.empty()) << sentence;
    std::vector<uint32_t> gathered;
    for (const uint32_t id : own.own) {
      const auto& ids = dict->TranslationIdsOf(id, language);
      EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << sentence;
      gathered.insert(gathered.end(), ids.begin(), ids.end());
    }
    std::sort(gathered.begin(), gathered.end());
    gathered.erase(std::unique(gathered.begin(), gathered.end()),
                   gathered.end());
    EXPECT_EQ(gathered, whole.translated) << sentence;
  }
  BilingualDictionary::SentenceKeys bg;
  dict->OwnKeysOfSentence("Градът.", "bg", bg);
  ASSERT_EQ(bg.own.size(), 1u);
  EXPECT_EQ(dict->TranslationIdsOf(bg.own[0], "bg").size(), 2u);  // city, town
  EXPECT_TRUE(dict->TranslationIdsOf(999, "bg").empty());
  EXPECT_TRUE(dict->TranslationIdsOf(bg.own[0], "de").empty());
}

// One SentenceKeys reused across sentences, languages and dictionaries
// (it remembers the words it has keyed) answers as a fresh one each time.
TEST(BilingualDictionary, ReusedSentenceKeysAnswerAsFreshOnes) {
  auto first = BilingualDictionary::FromPairs(
      "bg", "en", {{"град", "city"}, {"община", "municipality"}});
  // Other pairs: the same words get other ids here.
  auto second = BilingualDictionary::FromPairs(
      "bg", "en",
      {{"план", "plan"}, {"община", "community"}, {"град", "town"}});
  const std::vector<
      std::tuple<const BilingualDictionary*, std::string, std::string>>
      calls = {{first.get(), "Общината и градът.", "bg"},
               {first.get(), "The city and the municipality.", "en"},
               {first.get(), "Градът и общината.", "bg"},
               {second.get(), "Общината и градът.", "bg"},
               {second.get(), "Градът, общината и планът.", "bg"},
               {first.get(), "Общината и градът.", "bg"}};
  BilingualDictionary::SentenceKeys reused;
  for (const auto& [dict, sentence, language] : calls) {
    BilingualDictionary::SentenceKeys fresh;
    dict->KeysOfSentence(sentence, language, fresh);
    dict->KeysOfSentence(sentence, language, reused);
    EXPECT_EQ(reused.own, fresh.own) << sentence;
    EXPECT_EQ(reused.translated, fresh.translated) << sentence;
    EXPECT_FALSE(fresh.own.empty()) << sentence;
  }
}

// ---- LoadDictd over the hand-made fixture
// ---------------------------------------

TEST(BilingualDictionary, LoadsTinyDictdFixture) {
  auto dict = BilingualDictionary::LoadDictd(kData + "tiny", "en", "bg");
  ASSERT_TRUE(dict.ok()) << dict.status().ToString();
  EXPECT_EQ((*dict)->entry_count(), 4u);  // 00-database-info skipped
  EXPECT_TRUE((*dict)->AreTranslations("city", "градът"));
  EXPECT_TRUE((*dict)->AreTranslations("partners", "партньорите"));
  EXPECT_TRUE((*dict)->AreTranslations("partner", "партньорка"));
  EXPECT_TRUE((*dict)->AreTranslations("partner", "съдружник"));
  EXPECT_TRUE((*dict)->AreTranslations("leading", "водещ"));
  EXPECT_TRUE((*dict)->AreTranslations("strategy", "стратегията"));
  EXPECT_TRUE((*dict)->AreTranslations("strategy", "план"));
  // Glosses and notes are not translations.
  EXPECT_FALSE((*dict)->AreTranslations("city", "settlement"));
  EXPECT_FALSE((*dict)->AreTranslations("partner", "юр"));
  EXPECT_TRUE((*dict)->TranslationsOf("tiny", "en").empty());
}

TEST(BilingualDictionary, ReadsAnUncompressedBody) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sverka_dict_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kData + "tiny.index", dir / "tiny.index",
                             std::filesystem::copy_options::overwrite_existing);
  std::ifstream in(kData + "tiny.dict.dz", std::ios::binary);
  const std::string compressed((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
  auto body = di::InflateGzip(compressed);
  ASSERT_TRUE(body.ok());
  std::ofstream(dir / "tiny.dict", std::ios::binary) << *body;
  auto dict =
      BilingualDictionary::LoadDictd((dir / "tiny").string(), "en", "bg");
  ASSERT_TRUE(dict.ok()) << dict.status().ToString();
  EXPECT_TRUE((*dict)->AreTranslations("city", "град"));
  std::filesystem::remove_all(dir);
}

TEST(BilingualDictionary, MissingFilesAreNotFoundWithPackageHint) {
  auto dict = BilingualDictionary::LoadDictd(kData + "no-such", "en", "bg");
  ASSERT_FALSE(dict.ok());
  EXPECT_EQ(dict.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(dict.status().file(), kData + "no-such.index");
  EXPECT_NE(dict.status().hint().find("dict-freedict-eng-bul"),
            std::string::npos);
}

TEST(BilingualDictionary, CorruptIndexLineIsInvalidInputWithLine) {
  auto dict = BilingualDictionary::LoadDictd(kData + "corrupt", "en", "bg");
  ASSERT_FALSE(dict.ok());
  EXPECT_EQ(dict.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(dict.status().file(), kData + "corrupt.index");
  EXPECT_EQ(dict.status().line(), 3);
}

TEST(BilingualDictionary, EntryBeyondTheBodyIsInvalidInput) {
  auto dict = BilingualDictionary::LoadDictd(kData + "beyond", "en", "bg");
  ASSERT_FALSE(dict.ok());
  EXPECT_EQ(dict.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(dict.status().file(), kData + "beyond.index");
  EXPECT_EQ(dict.status().line(), 4);
}

TEST(BilingualDictionary, TruncatedBodyIsInvalidInput) {
  auto dict = BilingualDictionary::LoadDictd(kData + "truncated", "en", "bg");
  ASSERT_FALSE(dict.ok());
  EXPECT_EQ(dict.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(dict.status().file(), kData + "truncated.dict.dz");
}

TEST(FindInstalledDictionary, FindsEitherDirection) {
  const std::string dir = kData.substr(0, kData.size() - 1);
  EXPECT_EQ(FindInstalledDictionary("en", "bg", dir), "");
  if (!std::filesystem::exists(kInstalled + ".index")) {
    GTEST_SKIP() << "dict-freedict-eng-bul is not installed";
  }
  EXPECT_EQ(FindInstalledDictionary("en", "bg"), kInstalled);
  EXPECT_EQ(FindInstalledDictionary("bg", "en"), kInstalled);
  EXPECT_EQ(FindInstalledDictionary("bg-BG", "en-GB"), kInstalled);
  EXPECT_EQ(FindInstalledDictionary("bg", "de"), "");
}

// ---- the installed FreeDict dictionary
// ------------------------------------------

class InstalledDictionary : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(kInstalled + ".index")) return;
    auto loaded = BilingualDictionary::LoadDictd(kInstalled, "en", "bg");
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    dict_ = std::move(loaded).value().release();
  }
  static void TearDownTestSuite() {
    delete dict_;
    dict_ = nullptr;
  }
  void SetUp() override {
    if (dict_ == nullptr) GTEST_SKIP() << "dict-freedict-eng-bul not installed";
  }
  static const BilingualDictionary* dict_;
};
const BilingualDictionary* InstalledDictionary::dict_ = nullptr;

TEST_F(InstalledDictionary, LoadsManyEntries) {
  EXPECT_GT(dict_->entry_count(), 25000u);
  EXPECT_GT(dict_->key_count("bg"), 20000u);
  // Load time is measured by bench/dictionary_bench, not here.
}

TEST_F(InstalledDictionary, KnowsTheWordsOfMunicipalDocuments) {
  EXPECT_TRUE(dict_->AreTranslations("partner", "партньор"));
  EXPECT_TRUE(dict_->AreTranslations("partners", "партньорите"));
  EXPECT_TRUE(dict_->AreTranslations("city", "град"));
  EXPECT_TRUE(dict_->AreTranslations("city", "градове"));
  EXPECT_TRUE(dict_->AreTranslations("cities", "градът"));
  EXPECT_TRUE(dict_->AreTranslations("municipality", "община"));
  EXPECT_TRUE(dict_->AreTranslations("municipalities", "общините"));
  EXPECT_TRUE(dict_->AreTranslations("strategy", "стратегия"));
  EXPECT_TRUE(dict_->AreTranslations("strategy", "стратегията"));
  EXPECT_TRUE(dict_->AreTranslations("град", "city"));  // either order
  EXPECT_FALSE(dict_->AreTranslations("city", "стратегия"));
  EXPECT_FALSE(dict_->AreTranslations("the", "на"));

  const auto& translations =
      dict_->TranslationsOf(dict_->KeyOf("градовете", "bg"), "bg");
  EXPECT_TRUE(Contains(translations, dict_->KeyOf("city", "en")));
  // Sorted, without repeats.
  EXPECT_TRUE(std::is_sorted(translations.begin(), translations.end()));
  EXPECT_EQ(std::adjacent_find(translations.begin(), translations.end()),
            translations.end());
}

TEST_F(InstalledDictionary, NoGlossesOrMetadataAsTranslations) {
  // "large settlement" is the gloss of city, not a translation.
  EXPECT_FALSE(dict_->AreTranslations("city", "settlement"));
  EXPECT_TRUE(dict_->TranslationsOf("00databaseinfo", "en").empty());
  EXPECT_TRUE(dict_->TranslationsOf("freedict", "en").empty());
}

}  // namespace
}  // namespace sverka
