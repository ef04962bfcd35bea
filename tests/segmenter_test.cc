// Tests of the segmenter through its public header: one test per rule
// family, the line rules, and the text-preservation contract over the
// samples and the dev sets.
#include "sverka/segmenter.h"

#include <gtest/gtest.h>
#include <unicode/regex.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "segmenter_regex.h"
#include "segmenter_rules.h"

namespace sverka {
namespace {

Document MakeDocument(std::string text) {
  Document doc;
  doc.name = "test";
  doc.encoding = "UTF-8";
  doc.text = std::move(text);
  doc.line_starts.push_back(0);
  for (size_t i = 0; i < doc.text.size(); ++i) {
    if (doc.text[i] == '\n') doc.line_starts.push_back(i + 1);
  }
  return doc;
}

std::vector<std::string> Split(const std::string& language,
                               const std::string& text) {
  auto segmenter = Segmenter::Create({.language = language});
  EXPECT_TRUE(segmenter.ok()) << segmenter.status().ToString();
  if (!segmenter.ok()) return {};
  const Document doc = MakeDocument(text);
  std::vector<std::string> out;
  for (const Sentence& s : (*segmenter)->Split(doc)) {
    out.emplace_back(s.Text(doc));
  }
  return out;
}

using Sentences = std::vector<std::string>;

TEST(Segmenter, SplitsPlainSentences) {
  EXPECT_EQ(Split("bg", "Аз съм тук. Той е там."),
            (Sentences{"Аз съм тук.", "Той е там."}));
  EXPECT_EQ(Split("en", "I am here. He is there!"),
            (Sentences{"I am here.", "He is there!"}));
}

TEST(Segmenter, EmptyDocumentGivesNoSentences) {
  EXPECT_TRUE(Split("bg", "").empty());
  EXPECT_TRUE(Split("en", " \n\n \t\n").empty());
}

TEST(Segmenter, KeepsMonthAbbreviationInsideSentence) {
  EXPECT_EQ(
      Split("bg", "През м. Май 2020 г. започна проектът. Той е важен."),
      (Sentences{"През м. Май 2020 г. започна проектът.", "Той е важен."}));
  EXPECT_EQ(Split("bg", "През м. май тя дойде."),
            (Sentences{"През м. май тя дойде."}));
}

TEST(Segmenter, KeepsAbbreviationsThatNeverEndSentences) {
  EXPECT_EQ(
      Split("bg", "Създадена е т.нар. Урбакт местна група. Тя работи."),
      (Sentences{"Създадена е т.нар. Урбакт местна група.", "Тя работи."}));
  EXPECT_EQ(Split("bg", "Лекция изнесе проф. Иванов, а после д-р Петров."),
            (Sentences{"Лекция изнесе проф. Иванов, а после д-р Петров."}));
  EXPECT_EQ(
      Split("bg", "Срещата е на бул. Христо Ботев и ул. Шипка. Влезте."),
      (Sentences{"Срещата е на бул. Христо Ботев и ул. Шипка.", "Влезте."}));
  EXPECT_EQ(Split("bg", "Храмът Св. Георги е в гр. Враца, обл. Враца."),
            (Sentences{"Храмът Св. Георги е в гр. Враца, обл. Враца."}));
  EXPECT_EQ(Split("bg", "Т.е. всичко е наред, напр. това."),
            (Sentences{"Т.е. всичко е наред, напр. това."}));
}

TEST(Segmenter, KeepsAbbreviationBeforeNumber) {
  EXPECT_EQ(Split("bg", "Вижте стр. 5 и чл. 3, ал. 2. Това е всичко."),
            (Sentences{"Вижте стр. 5 и чл. 3, ал. 2.", "Това е всичко."}));
  EXPECT_EQ(Split("en", "See No. 5 on Sept. 11 at ext. 3. That is all."),
            (Sentences{"See No. 5 on Sept. 11 at ext. 3.", "That is all."}));
}

// A month is abbreviated before a day; before a capitalised word its dot
// ends the sentence (the ntrex news texts have both).
TEST(Segmenter, MonthAbbreviationEndsASentenceBeforeACapital) {
  EXPECT_EQ(
      Split("en",
            "It stays closed until Oct. President Widodo will visit. "
            "Votes are cast on Nov. What time is the rally?"),
      (Sentences{"It stays closed until Oct.", "President Widodo will visit.",
                 "Votes are cast on Nov.", "What time is the rally?"}));
  EXPECT_EQ(Split("en", "It opens on Oct. 5 in St. Louis."),
            (Sentences{"It opens on Oct. 5 in St. Louis."}));
}

TEST(Segmenter, KeepsUnitsBeforeLowerCase) {
  EXPECT_EQ(Split("bg", "Струва 5 млн. лв. и 2 млрд. евро. Скъпо е."),
            (Sentences{"Струва 5 млн. лв. и 2 млрд. евро.", "Скъпо е."}));
}

TEST(Segmenter, KeepsDateWithYearSuffix) {
  EXPECT_EQ(
      Split("bg", "На 16.09.2021г. се проведе среща. Присъстваха 20 души."),
      (Sentences{"На 16.09.2021г. се проведе среща.", "Присъстваха 20 души."}));
}

TEST(Segmenter, BreaksAfterYearBeforeCapital) {
  EXPECT_EQ(Split("bg", "Сградата е от 1996 г. Тя е нова."),
            (Sentences{"Сградата е от 1996 г.", "Тя е нова."}));
  EXPECT_EQ(Split("bg", "Живял е през XIX в. За него знаем малко."),
            (Sentences{"Живял е през XIX в.", "За него знаем малко."}));
}

TEST(Segmenter, KeepsInitialsBeforeName) {
  EXPECT_EQ(Split("bg", "Докладът е на Н. Михайлов. Той го прочете."),
            (Sentences{"Докладът е на Н. Михайлов.", "Той го прочете."}));
  EXPECT_EQ(Split("en", "The report is by J. Smith. He read it."),
            (Sentences{"The report is by J. Smith.", "He read it."}));
}

TEST(Segmenter, InitialMustBeInTheScriptOfTheNameAfterIt) {
  // Kept together: initials before a name in their own script.
  EXPECT_EQ(Split("bg", "Говори проф. Н. Михайлов от гр. София."),
            (Sentences{"Говори проф. Н. Михайлов от гр. София."}));
  EXPECT_EQ(Split("bg", "Книгата на J. R. R. Tolkien излезе."),
            (Sentences{"Книгата на J. R. R. Tolkien излезе."}));
  EXPECT_EQ(Split("bg", "Речта на John F. Kennedy е известна."),
            (Sentences{"Речта на John F. Kennedy е известна."}));
  EXPECT_EQ(Split("bg", "Дойде U.S. Army."), (Sentences{"Дойде U.S. Army."}));
  // A Latin look-alike of a Cyrillic letter may be a mistyped initial: kept.
  EXPECT_EQ(Split("bg", "Говори A. Иванов, кметът."),
            (Sentences{"Говори A. Иванов, кметът."}));
  // Split: any other Latin letter before a Cyrillic word is a grade, a
  // letter or a Roman numeral at the end of a sentence, not an initial.
  EXPECT_EQ(Split("bg", "Той получи оценка D. Данните са ясни."),
            (Sentences{"Той получи оценка D.", "Данните са ясни."}));
  EXPECT_EQ(Split("bg", "След буквата U. От там."),
            (Sentences{"След буквата U.", "От там."}));
  EXPECT_EQ(Split("bg", "Управлявал е Карл V. Той умира през 1558 г."),
            (Sentences{"Управлявал е Карл V.", "Той умира през 1558 г."}));
}

TEST(Segmenter, EnglishAcronymOrRomanNumeralEndsSentence) {
  // ICU's exceptions "O." and "F." (initials) must not hold "NATO." or
  // "IMF." together with the next sentence.
  EXPECT_EQ(Split("en", "He joined NATO. The premier said so."),
            (Sentences{"He joined NATO.", "The premier said so."}));
  EXPECT_EQ(Split("en", "Talks with the IMF. I was there."),
            (Sentences{"Talks with the IMF.", "I was there."}));
  EXPECT_EQ(Split("en", "It began after World War II. Europe was poor."),
            (Sentences{"It began after World War II.", "Europe was poor."}));
  // Kept together: dotted initialisms and initials before names, and
  // abbreviations in upper-case text.
  EXPECT_EQ(Split("en",
                  "The U.S. Army met John F. Kennedy and J. R. R. "
                  "Tolkien."),
            (Sentences{"The U.S. Army met John F. Kennedy and J. R. R. "
                       "Tolkien."}));
  EXPECT_EQ(Split("en", "MR. SMITH WENT TO ST. LOUIS."),
            (Sentences{"MR. SMITH WENT TO ST. LOUIS."}));
}

TEST(Segmenter, KeepsEnglishTitles) {
  EXPECT_EQ(
      Split("en", "Mr. Smith met Dr. Jones and Mrs. Brown. They talked."),
      (Sentences{"Mr. Smith met Dr. Jones and Mrs. Brown.", "They talked."}));
  EXPECT_EQ(Split("en", "Use e.g. salt, i.e. sodium. Then stir."),
            (Sentences{"Use e.g. salt, i.e. sodium.", "Then stir."}));
}

TEST(Segmenter, InitialismHoldsUnlessASentenceStarts) {
  EXPECT_EQ(Split("en", "He joined the U.S. Army in 1990."),
            (Sentences{"He joined the U.S. Army in 1990."}));
  EXPECT_EQ(Split("en", "She lives in the U.S. The weather is fine."),
            (Sentences{"She lives in the U.S.", "The weather is fine."}));
  EXPECT_EQ(Split("en", "Most U.S. citizens agree."),
            (Sentences{"Most U.S. citizens agree."}));
}

TEST(Segmenter, EnglishCompanySuffixBeforeLowerCase) {
  EXPECT_EQ(Split("en", "Acme Corp. said it would grow. Shares rose."),
            (Sentences{"Acme Corp. said it would grow.", "Shares rose."}));
}

TEST(Segmenter, BreaksBeforeDialogueDash) {
  EXPECT_EQ(
      Split("bg", "Майката даде играчка. - Реже нещо. – Да, реже."),
      (Sentences{"Майката даде играчка.", "- Реже нещо.", "– Да, реже."}));
  EXPECT_EQ(Split("bg", "Той каза: - Не идвам!"),
            (Sentences{"Той каза:", "- Не идвам!"}));
  // A dash inside a sentence stays: "ЦСКА - Левски".
  EXPECT_EQ(Split("bg", "Мачът ЦСКА - Левски свърши."),
            (Sentences{"Мачът ЦСКА - Левски свърши."}));
}

TEST(Segmenter, BreaksBeforeSentenceStartingWithNumber) {
  EXPECT_EQ(Split("bg", "Пазарът отвори на 1 декември. 5 фирми участват."),
            (Sentences{"Пазарът отвори на 1 декември.", "5 фирми участват."}));
}

TEST(Segmenter, BreaksBeforeLowerCaseInEnglishWebText) {
  EXPECT_EQ(Split("en", "max and jen are looking for you. call them now."),
            (Sentences{"max and jen are looking for you.", "call them now."}));
  // ... but not after an ellipsis or inside brackets.
  EXPECT_EQ(Split("en", "I waited... and waited (and so on.) then left."),
            (Sentences{"I waited... and waited (and so on.) then left."}));
}

TEST(Segmenter, KeepsUrlQueryTogether) {
  EXPECT_EQ(Split("en", "See http://example.com/search? q=cats for more."),
            (Sentences{"See http://example.com/search? q=cats for more."}));
}

TEST(Segmenter, HeadlineLineEndsSegment) {
  EXPECT_EQ(
      Split("bg",
            "Община Варна кандидатства\nКметът участва в срещата. Тя е важна."),
      (Sentences{"Община Варна кандидатства", "Кметът участва в срещата.",
                 "Тя е важна."}));
  EXPECT_EQ(Split("en", "Meeting notes\nWe met today"),
            (Sentences{"Meeting notes", "We met today"}));
}

TEST(Segmenter, ListItemsEndSegments) {
  EXPECT_EQ(Split("en", "Bring these:\n- a pen\n- some paper\n1. arrive early"),
            (Sentences{"Bring these:", "- a pen", "- some paper",
                       "1. arrive early"}));
}

// The list-item rule ("^\\s*1." holds "1. arrive" together) applies at
// the start of a line only, however far into the line the number is.
TEST(Segmenter, ListItemRuleHoldsOnlyAtTheStartOfALine) {
  EXPECT_EQ(Split("en", "1. Arrive early."), (Sentences{"1. Arrive early."}));
  const std::string gap(85, ' ');
  EXPECT_EQ(Split("en", "Word" + gap + "1. Next sentence."),
            (Sentences{"Word" + gap + "1.", "Next sentence."}));
}

TEST(Segmenter, SoftWrappedParagraphDoesNotSplit) {
  const std::string text =
      "The municipality of Vratsa joined the network of cities that work on\n"
      "social responsibility in the spring, and its first meeting took place\n"
      "in the town hall with the mayor, the deputy mayors and guests from\n"
      "Riga. Everyone agreed.";
  EXPECT_EQ(
      Split("en", text),
      (Sentences{"The municipality of Vratsa joined the network of cities "
                 "that work on\nsocial responsibility in the spring, and "
                 "its first meeting took place\nin the town hall with the "
                 "mayor, the deputy mayors and guests from\nRiga.",
                 "Everyone agreed."}));
  // A line that continues in lower case is wrapped too.
  EXPECT_EQ(Split("bg", "Общинският съвет на Враца прие\nрешение за участие."),
            (Sentences{"Общинският съвет на Враца прие\nрешение за участие."}));
}

TEST(Segmenter, BlankLinesNumberParagraphs) {
  auto segmenter = Segmenter::Create({.language = "bg"});
  ASSERT_TRUE(segmenter.ok());
  const Document doc = MakeDocument(
      "Първо изречение. Второ изречение.\n\n\n"
      "Заглавие\nТрето изречение\n  \nЧетвърто.");
  const std::vector<Sentence> s = (*segmenter)->Split(doc);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].paragraph, 0);
  EXPECT_EQ(s[1].paragraph, 0);
  EXPECT_EQ(s[2].paragraph, 1);
  EXPECT_EQ(s[2].Text(doc), "Заглавие");
  EXPECT_EQ(s[3].paragraph, 1);
  EXPECT_EQ(s[4].paragraph, 2);
  EXPECT_EQ(s[4].Text(doc), "Четвърто.");
}

TEST(Segmenter, BlankLineEndsSentenceEvenWithoutPunctuation) {
  EXPECT_EQ(Split("bg", "Той каза, че\n\nсе връща."),
            (Sentences{"Той каза, че", "се връща."}));
}

TEST(Segmenter, OtherLanguagesGetIcuAndLineRules) {
  EXPECT_EQ(Split("lv", "Sveiki. Kā jums klājas?\n\nLabi"),
            (Sentences{"Sveiki.", "Kā jums klājas?", "Labi"}));
}

TEST(Segmenter, SurvivesInvalidUtf8) {
  const std::string text = "Bad \xC3 byte. Next \xFF\xFE one.\n\xE2\x82";
  const Document doc = MakeDocument(text);
  auto segmenter = Segmenter::Create({.language = "en"});
  ASSERT_TRUE(segmenter.ok());
  for (const Sentence& s : (*segmenter)->Split(doc)) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
  }
}

// The contract: spans strictly increasing, trimmed, non-empty, and between
// them only white space, so that the sentences give back the text.
void ExpectPreservesText(const Document& doc, const std::vector<Sentence>& s,
                         const std::string& what) {
  size_t previous_end = 0;
  int previous_paragraph = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    ASSERT_LT(s[i].begin, s[i].end) << what << " sentence " << i;
    ASSERT_LE(s[i].end, doc.text.size()) << what;
    ASSERT_GE(s[i].begin, previous_end) << what << " sentence " << i;
    ASSERT_GE(s[i].paragraph, previous_paragraph) << what;
    for (size_t k = previous_end; k < s[i].begin; ++k) {
      ASSERT_TRUE(isspace(static_cast<unsigned char>(doc.text[k])))
          << what << ": non-space byte dropped at " << k;
    }
    ASSERT_FALSE(isspace(static_cast<unsigned char>(doc.text[s[i].begin])));
    ASSERT_FALSE(isspace(static_cast<unsigned char>(doc.text[s[i].end - 1])));
    previous_end = s[i].end;
    previous_paragraph = s[i].paragraph;
  }
  for (size_t k = previous_end; k < doc.text.size(); ++k) {
    ASSERT_TRUE(isspace(static_cast<unsigned char>(doc.text[k])))
        << what << ": text after the last sentence at " << k;
  }
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Segmenter, PreservesTextOfSamplesAndDevSets) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(SVERKA_SOURCE_DIR) / "samples")) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  for (const char* lang : {"bg", "en"}) {
    const auto docs =
        std::filesystem::path(SVERKA_SHARED_DIR) / "eval/seg" / lang / "docs";
    if (!std::filesystem::exists(docs)) continue;
    for (const auto& e : std::filesystem::directory_iterator(docs)) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
  }
  ASSERT_FALSE(files.empty());
  for (const char* lang : {"bg", "en", "lv"}) {
    auto segmenter = Segmenter::Create({.language = lang});
    ASSERT_TRUE(segmenter.ok());
    for (const auto& path : files) {
      std::string text = ReadFile(path);
      if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
      const Document doc = MakeDocument(text);
      ExpectPreservesText(doc, (*segmenter)->Split(doc),
                          path.string() + " (" + lang + ")");
    }
  }
}

TEST(Segmenter, SplitsTheVratsaSampleWithoutBreakingAbbreviations) {
  const std::string text = ReadFile(std::filesystem::path(SVERKA_SOURCE_DIR) /
                                    "samples/vratsa-cities4csr.bg-en.txt");
  ASSERT_FALSE(text.empty());
  const Document doc = MakeDocument(text);
  auto segmenter = Segmenter::Create({.language = "bg"});
  ASSERT_TRUE(segmenter.ok());
  for (const Sentence& s : (*segmenter)->Split(doc)) {
    const std::string_view t = s.Text(doc);
    for (std::string_view tail : {" м.", " т.нар.", " гр.", " проф.", " ул."}) {
      EXPECT_FALSE(t.ends_with(tail)) << t;
    }
  }
}

std::filesystem::path WriteTemp(const std::string& name,
                                const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sverka_segmenter_test_" + name);
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

std::vector<std::filesystem::path> DevFiles(const char* lang) {
  std::vector<std::filesystem::path> files;
  const auto docs =
      std::filesystem::path(SVERKA_SHARED_DIR) / "eval/seg" / lang / "docs";
  if (!std::filesystem::exists(docs)) return files;
  for (const auto& e : std::filesystem::directory_iterator(docs)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Srx, ExportThenImportSegmentsTheDevSetsIdentically) {
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok()) << srx.status().ToString();
  EXPECT_NE(srx->find("<srx version=\"2.0\" "
                      "xmlns=\"http://www.lisa.org/srx20\">"),
            std::string::npos);
  EXPECT_NE(srx->find("languagepattern=\"bg.*\" "
                      "languagerulename=\"Bulgarian\""),
            std::string::npos);
  const auto path = WriteTemp("builtin.srx", *srx);
  for (const char* lang : {"bg", "en"}) {
    auto builtin = Segmenter::Create({.language = lang});
    auto imported =
        Segmenter::Create({.language = lang, .srx_file = path.string()});
    ASSERT_TRUE(builtin.ok());
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    std::vector<std::filesystem::path> files = DevFiles(lang);
    files.push_back(std::filesystem::path(SVERKA_SOURCE_DIR) /
                    "samples/vratsa-cities4csr.bg-en.txt");
    size_t sentences = 0;
    for (const auto& file : files) {
      const Document doc = MakeDocument(ReadFile(file));
      const std::vector<Sentence> a = (*builtin)->Split(doc);
      const std::vector<Sentence> b = (*imported)->Split(doc);
      ASSERT_EQ(a.size(), b.size()) << file;
      for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].begin, b[i].begin) << file << " sentence " << i;
        ASSERT_EQ(a[i].end, b[i].end) << file << " sentence " << i;
      }
      sentences += a.size();
    }
    EXPECT_GT(sentences, 0u);
  }
  // Exporting what was imported is the identity too: nothing is lost.
  auto again = Segmenter::Create({.language = "bg", .srx_file = path.string()});
  ASSERT_TRUE(again.ok());
  std::filesystem::remove(path);
}

TEST(Srx, LoadsAnOmegaTStyleFileWithCascade) {
  const std::string path =
      std::string(SVERKA_SOURCE_DIR) + "/tests/data/segmenter/omegat.srx";
  for (const char* lang : {"en", "bg", "de", "ja", "ru", "zh", "nl", "it"}) {
    auto segmenter = Segmenter::Create({.language = lang, .srx_file = path});
    EXPECT_TRUE(segmenter.ok())
        << lang << ": " << segmenter.status().ToString();
  }
  auto en = Segmenter::Create({.language = "en", .srx_file = path});
  ASSERT_TRUE(en.ok());
  const Document doc =
      MakeDocument("Dr. Smith and Mr. Brown met. They talked, etc. and left.");
  std::vector<std::string> out;
  for (const Sentence& s : (*en)->Split(doc)) out.emplace_back(s.Text(doc));
  // The English rules hold "Dr." and "Mr."; cascading into Default breaks
  // after "met.".
  EXPECT_EQ(out, (Sentences{"Dr. Smith and Mr. Brown met.",
                            "They talked, etc. and left."}));
}

// OmegaT 3.6's own default rules (tests/data/segmenter/README.md): every
// language map loads, and the Bulgarian and English texts below segment
// exactly as OmegaT 3.6 itself segments them with this file (its
// org.omegat.core.segmentation.Segmenter, run once by hand). The file has
// no Bulgarian rules, so "Проф." and "ч." end segments there, as in OmegaT.
TEST(Srx, LoadsOmegaTsDefaultRulesAndSegmentsAsOmegaTDoes) {
  const std::string path = std::string(SVERKA_SOURCE_DIR) +
                           "/tests/data/segmenter/omegat-3.6-defaultRules.srx";
  for (const char* lang : {"bg", "en", "ca", "de", "es", "fi", "fr", "it", "ja",
                           "nl", "pl", "ru", "sv", "zh"}) {
    auto segmenter = Segmenter::Create({.language = lang, .srx_file = path});
    EXPECT_TRUE(segmenter.ok())
        << lang << ": " << segmenter.status().ToString();
  }
  auto split = [&](const char* lang, const std::string& text) {
    auto segmenter = Segmenter::Create({.language = lang, .srx_file = path});
    EXPECT_TRUE(segmenter.ok()) << segmenter.status().ToString();
    std::vector<std::string> out;
    if (!segmenter.ok()) return out;
    const Document doc = MakeDocument(text);
    for (const Sentence& s : (*segmenter)->Split(doc)) {
      out.emplace_back(s.Text(doc));
    }
    return out;
  };
  EXPECT_EQ(split("bg",
                  "Аз съм тук. Той е там? Да! Ще видим... Проф. Иванов "
                  "дойде в 10 ч. на 5 май. Какво каза той: „Добре“. Край."),
            (Sentences{"Аз съм тук.", "Той е там?", "Да!", "Ще видим...",
                       "Проф.", "Иванов дойде в 10 ч.", "на 5 май.",
                       "Какво каза той: „Добре“.", "Край."}));
  EXPECT_EQ(
      split("en",
            "Dr. Smith arrived at 10 a.m. on Monday. He said hello! "
            "Did he leave? Then he left, etc. and so on. Mr. Brown "
            "stayed... until noon."),
      (Sentences{"Dr. Smith arrived at 10 a.m. on Monday.", "He said hello!",
                 "Did he leave?", "Then he left, etc. and so on.",
                 "Mr. Brown stayed... until noon."}));
}

// OmegaT 3.6 drops a whole file when a <rule> lacks <beforebreak> or
// <afterbreak>, so the export writes both, empty or not.
TEST(Srx, ExportWritesBothPatternsOfEveryRule) {
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok()) << srx.status().ToString();
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t i = srx->find(what); i != std::string::npos;
         i = srx->find(what, i + 1)) {
      ++n;
    }
    return n;
  };
  const size_t rules = count("<rule ");
  EXPECT_GT(rules, 20u);
  EXPECT_EQ(count("<beforebreak"), rules);
  EXPECT_EQ(count("<afterbreak"), rules);
}

// An SRX file of one no-break rule for every language, the rule on line 5
// and its patterns (`patterns`, XML) on the lines after it.
std::filesystem::path WriteOneRuleSrx(const std::string& name,
                                      const std::string& patterns) {
  return WriteTemp(name,
                   "<?xml version=\"1.0\"?>\n"
                   "<srx xmlns=\"http://www.lisa.org/srx20\" "
                   "version=\"2.0\">\n"
                   "<header cascade=\"no\"/><body><languagerules>\n"
                   "<languagerule languagerulename=\"X\">\n"
                   "<rule break=\"no\">\n" +
                       patterns +
                       "</rule></languagerule></languagerules>\n"
                       "<maprules><languagemap languagepattern=\".*\" "
                       "languagerulename=\"X\"/></maprules>\n"
                       "</body></srx>\n");
}

// Creating a segmenter for `language` from the SRX file at `path` is
// refused as the file's fault at `line`, with `quoted` in the message.
void ExpectSrxRefusedAt(const std::filesystem::path& path,
                        const std::string& language, int line,
                        const std::string& quoted) {
  auto segmenter =
      Segmenter::Create({.language = language, .srx_file = path.string()});
  ASSERT_FALSE(segmenter.ok());
  const Status& s = segmenter.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.file(), path.string());
  EXPECT_EQ(s.line(), line);
  EXPECT_NE(s.message().find(quoted), std::string::npos) << s.ToString();
}

TEST(Srx, RegexIcuRefusesIsQuotedWithFileAndLine) {
  const auto path =
      WriteOneRuleSrx("bad_regex.srx", "<beforebreak>(abc\\.</beforebreak>\n");
  ExpectSrxRefusedAt(path, "bg", 5, "/(abc\\./");
  std::filesystem::remove(path);
}

// "\c" at the end of a pattern compiles alone, but inside the segmenter's
// "(?=...)" it takes the ")" as its control letter (found by the SRX
// fuzzer): refused as the file's fault, with the rule's line.
TEST(Srx, PatternThatBreaksInsideAGroupIsQuotedWithFileAndLine) {
  const auto path = WriteOneRuleSrx("group_regex.srx",
                                    "<beforebreak>\\bMrs?\\.</beforebreak>\n"
                                    "<afterbreak>\\c</afterbreak>\n");
  ExpectSrxRefusedAt(path, "en", 5, "inside a group");
  std::filesystem::remove(path);
}

TEST(Srx, MalformedFilesAreRefusedWithFileAndLine) {
  struct Case {
    const char* name;
    const char* content;
    int line;
    const char* says;
  };
  const Case cases[] = {
      {"truncated.srx",
       "<?xml version=\"1.0\"?>\n<srx version=\"2.0\">\n<body>\n"
       "<languagerules>\n",
       0, "not well-formed XML"},
      {"not_srx.srx", "<?xml version=\"1.0\"?>\n<tmx/>\n", 2, "<tmx>"},
      {"bad_break.srx",
       "<srx version=\"2.0\"><body><languagerules>\n"
       "<languagerule languagerulename=\"X\">\n<rule break=\"maybe\"/>\n"
       "</languagerule></languagerules></body></srx>\n",
       3, "break=\"maybe\""},
      {"undefined_rule.srx",
       "<srx version=\"2.0\"><body><languagerules/>\n<maprules>\n"
       "<languagemap languagepattern=\".*\" languagerulename=\"Y\"/>\n"
       "</maprules></body></srx>\n",
       3, "\"Y\""},
      {"empty.srx", "", 0, "empty"},
  };
  for (const Case& c : cases) {
    const auto path = WriteTemp(c.name, c.content);
    auto segmenter =
        Segmenter::Create({.language = "bg", .srx_file = path.string()});
    ASSERT_FALSE(segmenter.ok()) << c.name;
    const Status& s = segmenter.status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << s.ToString();
    EXPECT_EQ(s.file(), path.string());
    if (c.line > 0) {
      EXPECT_EQ(s.line(), c.line) << s.ToString();
    }
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s.ToString();
    std::filesystem::remove(path);
  }
}

TEST(Srx, MissingFileOrLanguageIsNotFound) {
  auto missing = Segmenter::Create(
      {.language = "bg", .srx_file = "/nonexistent/rules.srx"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok());
  const auto path = WriteTemp("builtin_fr.srx", *srx);
  auto french =
      Segmenter::Create({.language = "fr", .srx_file = path.string()});
  ASSERT_FALSE(french.ok());
  EXPECT_EQ(french.status().code(), StatusCode::kNotFound);
  EXPECT_NE(french.status().message().find("'fr'"), std::string::npos);
  std::filesystem::remove(path);
}

// The edge sets are necessary conditions (segmenter_regex.h).
bool Contains(const EdgeSets& edge, size_t k, UChar32 c) {
  return k < edge.sets.size() && edge.sets[k].contains(c);
}

TEST(SegmenterRegex, ReadsTheCodePointsAtTheEdgesOfAMatch) {
  const EdgeSets initials = LastCodePoints("\\b(?:\\p{Lu}\\.){1,4}");
  ASSERT_EQ(initials.sets.size(), 2u);
  EXPECT_TRUE(Contains(initials, 0, '.'));
  EXPECT_FALSE(Contains(initials, 0, 'A'));
  EXPECT_TRUE(Contains(initials, 1, u'Н'));
  EXPECT_FALSE(Contains(initials, 1, u'н'));
  // Both alternatives end with "в" before the dot.
  const EdgeSets century =
      LastCodePoints("(?:\\b[IVXLC]+|\\p{N})\\s?(?:в|вв)\\.");
  ASSERT_EQ(century.sets.size(), 2u);
  EXPECT_TRUE(Contains(century, 1, u'в'));
  EXPECT_FALSE(Contains(century, 1, u'г'));
  // An optional closing quote: the last code point is the quote or the mark.
  const EdgeSets end = LastCodePoints("[.!?][\"\\u201D]{0,2}");
  ASSERT_EQ(end.sets.size(), 1u);
  EXPECT_TRUE(Contains(end, 0, '!'));
  EXPECT_TRUE(Contains(end, 0, 0x201D));
  EXPECT_FALSE(Contains(end, 0, 'a'));
  // After the white space: the first letters of the alternatives.
  const EdgeSets starts =
      FirstCodePointsAfterSpaces("\\s+(?:The|It|\\p{N})\\b");
  ASSERT_EQ(starts.sets.size(), 1u);
  EXPECT_TRUE(Contains(starts, 0, 'T'));
  EXPECT_TRUE(Contains(starts, 0, '7'));
  EXPECT_FALSE(Contains(starts, 0, 't'));
  // Regex classes and UnicodeSet patterns differ on "{", "$" and spaces.
  const EdgeSets klass = FirstCodePoints("[ {$]");
  ASSERT_EQ(klass.sets.size(), 1u);
  EXPECT_TRUE(Contains(klass, 0, ' '));
  EXPECT_TRUE(Contains(klass, 0, '$'));
}

TEST(SegmenterRegex, KnowsNothingItCannotRead) {
  // Case-insensitive literals may match more code points ("ß" and "ss").
  EXPECT_EQ(LastCodePoints("(?i)ss").sets.size(), 0u);
  EXPECT_EQ(LastCodePoints("(?i)ss\\.").sets.size(), 1u);
  // Other flags change the syntax; back references, unknown escapes.
  EXPECT_TRUE(LastCodePoints("(?x) a b").sets.empty());
  EXPECT_TRUE(FirstCodePoints("(a)\\1").sets.size() == 1u);
  EXPECT_TRUE(LastCodePoints("(a)\\1").sets.empty());
  EXPECT_TRUE(LastCodePoints("a\\k<x>").sets.empty());
  EXPECT_TRUE(LastCodePoints("a*").sets.empty());
  EXPECT_TRUE(FirstCodePointsAfterSpaces("\\s+\\s*a").sets.empty());
  // An escaped backslash before a flag group: the flag still counts.
  EXPECT_TRUE(LastCodePoints("\\\\(?i)x").sets.empty());
}

// Wherever ICU finds a match of a rule's pattern, the edge sets hold: at
// every position of the samples and of text made for the rules' edge
// cases, for the built-in rules and those of OmegaT's default file.
TEST(SegmenterRegex, EdgeSetsHoldWhereverIcuMatches) {
  // The start of a sample (its Bulgarian and English text) and the cases.
  std::string text = ReadFile(std::filesystem::path(SVERKA_SOURCE_DIR) /
                              "samples/vratsa-cities4csr.bg-en.txt")
                         .substr(0, 1500);
  text +=
      " През XIX в. За него. Н. Михайлов и U.S. The a.m. on 16. 09. 2021 г. "
      "- Аз съм. ... ok... Mr. Smith etc. and (Asian, etc.) equals 'x.' y. "
      "ss. SS. ß. \xEF\xAC\x80. 1) a? q=1 \xF0\x9D\x90\x80. \xF0\x9D\x90\x80 "
      "\t\u00A0x. \u2026 \u201Cy.\u201D \u00BBZ\u00AB Dr. No. 5 Sept. 11 V. "
      "e.g. i.e. ..\u2026 N.B. St. Louis \u0432. \u0412. \u0432\u0432. 12.";
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(text);
  std::vector<SegmentRule> rules;
  for (const char* lang : {"bg", "en"}) {
    for (SegmentRule& r : BuiltinRules(lang).rules) rules.push_back(r);
  }
  const std::string omegat =
      std::string(SVERKA_SOURCE_DIR) +
      "/tests/data/segmenter/omegat-3.6-defaultRules.srx";
  for (const char* lang : {"en", "bg", "ru", "pl", "ja", "fi"}) {
    Result<LanguageRules> read = ReadSrx(omegat, lang);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    for (SegmentRule& r : read->rules) rules.push_back(r);
  }
  std::vector<int32_t> positions;  // every code point boundary
  for (int32_t pos = 0; pos < unicode.length();
       pos = unicode.moveIndex32(pos, 1)) {
    positions.push_back(pos);
  }
  positions.push_back(unicode.length());
  size_t checked = 0;
  for (const SegmentRule& rule : rules) {
    for (const bool before : {true, false}) {
      const std::string& regex = before ? rule.before : rule.after;
      if (regex.empty()) continue;
      const EdgeSets edge =
          before ? LastCodePoints(regex) : FirstCodePoints(regex);
      const EdgeSets spaces =
          before ? EdgeSets{} : FirstCodePointsAfterSpaces(regex);
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse{};
      // A before-break pattern: the match that ends at a position, with a
      // look-behind where ICU can, else in a window as the segmenter does.
      bool window = false;
      std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
          icu::UnicodeString::fromUTF8(before ? "(?<=" + regex + ")" : regex),
          0, parse, status));
      if (status == U_REGEX_LOOK_BEHIND_LIMIT) {
        status = U_ZERO_ERROR;
        window = true;
        pattern.reset(icu::RegexPattern::compile(
            icu::UnicodeString::fromUTF8("(?:" + regex + ")$"), 0, parse,
            status));
      }
      ASSERT_TRUE(U_SUCCESS(status)) << regex;
      std::unique_ptr<icu::RegexMatcher> m(pattern->matcher(unicode, status));
      std::unique_ptr<icu::RegexPattern> whole(icu::RegexPattern::compile(
          icu::UnicodeString::fromUTF8(regex), 0, parse, status));
      std::unique_ptr<icu::RegexMatcher> start(whole->matcher(unicode, status));
      for (icu::RegexMatcher* matcher : {m.get(), start.get()}) {
        matcher->useTransparentBounds(true);
        matcher->useAnchoringBounds(window && matcher == m.get());
      }
      for (int32_t pos : positions) {
        if (before) {
          if (window) {
            m->region(std::max(0, pos - 40), pos, status);
            if (!m->find(status)) continue;
          } else {
            m->region(pos, unicode.length(), status);
            if (!m->lookingAt(status)) continue;
          }
          // Where the shortest match starts: the sets may not reach
          // further back than that.
          int32_t first = -1;
          for (int32_t from = pos; from >= std::max(0, pos - 40); --from) {
            start->region(from, pos, status);
            if (start->matches(status)) {
              first = from;
              break;
            }
          }
          if (first < 0) continue;  // only "^" at the window's start
          // The match ends at `pos`, its code points in the sets.
          int32_t i = pos;
          for (size_t k = 0; k < edge.sets.size(); ++k) {
            ASSERT_GT(i, first) << regex << " at " << pos;
            i = unicode.moveIndex32(i, -1);
            ASSERT_TRUE(edge.sets[k].contains(unicode.char32At(i)))
                << regex << " set " << k << " at " << pos;
          }
        } else {
          m->region(pos, unicode.length(), status);
          if (!m->lookingAt(status)) continue;
          int32_t i = pos;
          for (size_t k = 0; k < edge.sets.size(); ++k) {
            ASSERT_LT(i, m->end(status)) << regex << " at " << pos;
            ASSERT_TRUE(edge.sets[k].contains(unicode.char32At(i)))
                << regex << " set " << k << " at " << pos;
            i = unicode.moveIndex32(i, 1);
          }
          i = pos;
          while (i < unicode.length() && u_isUWhiteSpace(unicode.char32At(i))) {
            i = unicode.moveIndex32(i, 1);
          }
          for (size_t k = 0; k < spaces.sets.size(); ++k) {
            ASSERT_LT(i, m->end(status)) << regex << " at " << pos;
            ASSERT_TRUE(spaces.sets[k].contains(unicode.char32At(i)))
                << regex << " after spaces, set " << k << " at " << pos;
            i = unicode.moveIndex32(i, 1);
          }
        }
        ++checked;
      }
      ASSERT_TRUE(U_SUCCESS(status)) << regex;
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(SplitLines, EachLineIsASentence) {
  const Document doc = MakeDocument("  One. Two.\nThree\n\n\nFour  \n");
  const std::vector<Sentence> s = SplitLines(doc);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].Text(doc), "One. Two.");
  EXPECT_EQ(s[0].paragraph, 0);
  EXPECT_EQ(s[1].Text(doc), "Three");
  EXPECT_EQ(s[1].paragraph, 0);
  EXPECT_EQ(s[2].Text(doc), "Four");
  EXPECT_EQ(s[2].paragraph, 1);
  EXPECT_TRUE(SplitLines(MakeDocument("")).empty());
  EXPECT_TRUE(SplitLines(MakeDocument("\n\n")).empty());
}

// ---- SRX export for engines without ICU's fallback (OmegaT, Okapi) ----
//
// Sverka's rules correct ICU's BreakIterator, which breaks where no rule
// matches; an SRX engine does not, so the export ends each languagerule with
// an explicit break rule that stands for ICU and that Sverka skips on import.

// The "<rule ...>...</rule>" elements of the languagerule named `name`.
std::vector<std::string> ExportedRules(const std::string& srx,
                                       const std::string& name) {
  std::vector<std::string> rules;
  const size_t open =
      srx.find("<languagerule languagerulename=\"" + name + "\">");
  const size_t close = srx.find("</languagerule>", open);
  if (open == std::string::npos || close == std::string::npos) return rules;
  for (size_t at = srx.find("<rule ", open); at < close;
       at = srx.find("<rule ", at + 1)) {
    rules.push_back(srx.substr(at, srx.find("</rule>", at) + 7 - at));
  }
  return rules;
}

TEST(SrxExport, EndsEachLanguageWithABreakRuleStandingForIcu) {
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok()) << srx.status().ToString();
  for (const auto& [lang, name] :
       {std::pair<std::string, std::string>{"bg", "Bulgarian"},
        {"en", "English"}}) {
    const std::vector<std::string> rules = ExportedRules(*srx, name);
    ASSERT_EQ(rules.size(), BuiltinRules(lang).rules.size() + 1) << lang;
    // Last, after every no-break rule, as SRX's first-match order needs.
    EXPECT_NE(rules.back().find("<rule break=\"yes\">"), std::string::npos);
    EXPECT_NE(rules.back().find("<beforebreak>[.?!…]+"), std::string::npos)
        << rules.back();
    EXPECT_NE(rules.back().find("<afterbreak>\\s+"), std::string::npos)
        << rules.back();
  }
  // Read back, it is skipped: the rules are the built-in ones, in order.
  const auto path = WriteTemp("fallback.srx", *srx);
  for (const char* lang : {"bg", "en"}) {
    Result<LanguageRules> read = ReadSrx(path.string(), lang);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    const LanguageRules builtin = BuiltinRules(lang);
    ASSERT_EQ(read->rules.size(), builtin.rules.size()) << lang;
    for (size_t i = 0; i < builtin.rules.size(); ++i) {
      EXPECT_EQ(read->rules[i].is_break, builtin.rules[i].is_break);
      EXPECT_EQ(read->rules[i].before, builtin.rules[i].before);
      EXPECT_EQ(read->rules[i].after, builtin.rules[i].after);
    }
  }
  std::filesystem::remove(path);
}

TEST(SrxExport, AnEditedFallbackRuleIsAnOrdinaryBreakRule) {
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok());
  std::string edited = *srx;
  const std::string from = "<afterbreak>\\s+";
  const size_t at = edited.find(from, edited.find("Sverka: stands for ICU"));
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, from.size(), "<afterbreak>\\s*");
  const auto path = WriteTemp("fallback_edited.srx", edited);
  Result<LanguageRules> read = ReadSrx(path.string(), "bg");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->rules.size(), BuiltinRules("bg").rules.size() + 1);
  EXPECT_TRUE(read->rules.back().is_break);
  EXPECT_EQ(read->rules.back().after.rfind("\\s*", 0), 0u);
  std::filesystem::remove(path);
}

// Java folds case only in ASCII inside "(?i:" (OmegaT missed "Проф." and
// "Май"); the export writes "(?iu:", which ICU accepts, and the reader gives
// back "(?i:" (the round trip above compares the patterns).
TEST(SrxExport, CaseInsensitiveGroupsSayUnicodeForJava) {
  Result<std::string> srx = BuiltinRulesAsSrx();
  ASSERT_TRUE(srx.ok());
  EXPECT_NE(srx->find("(?iu:"), std::string::npos);
  EXPECT_EQ(srx->find("(?i:"), std::string::npos);
  const auto path = WriteTemp("unicode_case.srx", *srx);
  auto segmenter =
      Segmenter::Create({.language = "bg", .srx_file = path.string()});
  ASSERT_TRUE(segmenter.ok()) << segmenter.status().ToString();
  const Document doc =
      MakeDocument("Т.нар. Урбакт се събра. Водеше го Проф. Иванов.");
  EXPECT_EQ((*segmenter)->Split(doc).size(), 2u);
  std::filesystem::remove(path);
}

// ---- SRX header without a cascade attribute ----
//
// SRX 2.0 requires the attribute; OmegaT's own defaultRules.srx leaves it
// out and OmegaT always cascades, so a 2.0 file without it cascades. SRX
// 1.0 had no cascading.
TEST(SrxCascade, MissingAttributeCascadesInSrx20AsOmegaTDoes) {
  auto file = [](const std::string& srx_attributes, const std::string& header) {
    return "<srx " + srx_attributes + ">" + header +
           "<body><languagerules>\n"
           "<languagerule languagerulename=\"English\">"
           "<rule break=\"no\"><beforebreak>\\bDr\\.</beforebreak>"
           "<afterbreak>\\s</afterbreak></rule></languagerule>\n"
           "<languagerule languagerulename=\"Default\">"
           "<rule break=\"yes\"><beforebreak>\\.</beforebreak>"
           "<afterbreak>\\s</afterbreak></rule></languagerule>\n"
           "</languagerules><maprules>"
           "<languagemap languagepattern=\"EN.*\" "
           "languagerulename=\"English\"/>"
           "<languagemap languagepattern=\".*\" "
           "languagerulename=\"Default\"/>"
           "</maprules></body></srx>\n";
  };
  const struct {
    const char* name;
    std::string content;
    size_t rules;
  } cases[] = {
      {"cascade_missing_20.srx", file("version=\"2.0\"", "<header/>"), 2},
      {"cascade_missing_none.srx", file("", "<header></header>"), 2},
      {"cascade_missing_10.srx", file("version=\"1.0\"", "<header/>"), 1},
      {"cascade_no.srx", file("version=\"2.0\"", "<header cascade=\"no\"/>"),
       1},
      {"cascade_yes.srx", file("version=\"2.0\"", "<header cascade=\"yes\"/>"),
       2},
  };
  for (const auto& c : cases) {
    const auto path = WriteTemp(c.name, c.content);
    Result<LanguageRules> read = ReadSrx(path.string(), "en");
    ASSERT_TRUE(read.ok()) << c.name << ": " << read.status().ToString();
    EXPECT_EQ(read->rules.size(), c.rules) << c.name;
    std::filesystem::remove(path);
  }
  const auto bad =
      WriteTemp("cascade_bad.srx",
                file("version=\"2.0\"", "<header cascade=\"maybe\"/>"));
  Result<LanguageRules> read = ReadSrx(bad.string(), "en");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().ToString().find("cascade=\"maybe\""),
            std::string::npos)
      << read.status().ToString();
  std::filesystem::remove(bad);
}

}  // namespace
}  // namespace sverka
