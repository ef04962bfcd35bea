// Tests for language.h: guesses on the real samples and on short texts in
// the languages a translator mixes up, the checks that catch swapped or
// mislabelled files, and splitting a bilingual document.
#include "sverka/language.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace sverka {
namespace {

const std::string kSamples = SVERKA_SOURCE_DIR "/samples/";
const std::string kVratsa = kSamples + "vratsa-cities4csr.bg-en.txt";

Document Load(const std::string& path) {
  Result<Document> doc = ReadTextFile(path, {.encoding = "", .name = ""});
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? *doc : Document{};
}

Document FromText(const std::string& text, const std::string& name) {
  Result<Document> doc = DecodeText(text, {.encoding = "", .name = name});
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? *doc : Document{};
}

const std::string kEnglish =
    "The main goal of the project is to unlock opportunities for improving "
    "our cities. The network follows a bold vision of how business can be a "
    "proactive and responsible partner of the local authorities and other "
    "public institutions in the field of green economy.";

const std::string kBulgarian =
    "Основната цел на проекта е да отключи възможности за подобряване на "
    "нашите градове. Мрежата следва смела визия за това как корпоративният "
    "бизнес да бъде проактивен и отговорен партньор на местните власти и "
    "другите държавни институции.";

TEST(GuessLanguage, BulgarianSamples) {
  for (const char* name :
       {"sofia-cities4csr-workshop.bg.txt", "varna-b40-network.bg.txt"}) {
    const LanguageGuess guess = GuessLanguage(Load(kSamples + name).text);
    EXPECT_EQ(guess.language, "bg") << name;
    EXPECT_EQ(guess.script, "Cyrl") << name;
    EXPECT_GT(guess.confidence, 0.5) << name;
    EXPECT_LE(guess.confidence, 1.0) << name;
    EXPECT_EQ(guess.Name(), "Bulgarian");
  }
}

TEST(GuessLanguage, LatvianSamples) {
  for (const char* name : {"kekava-cities4csr-green-mobility.lv.txt",
                           "kekava-cities4csr-milan-meeting.lv.txt"}) {
    const LanguageGuess guess = GuessLanguage(Load(kSamples + name).text);
    EXPECT_EQ(guess.language, "lv") << name;
    EXPECT_EQ(guess.script, "Latn") << name;
    EXPECT_GT(guess.confidence, 0.5) << name;
    EXPECT_EQ(guess.Name(), "Latvian");
  }
}

TEST(GuessLanguage, BothPartsOfVratsa) {
  Result<BilingualSplit> split = SplitBilingual(Load(kVratsa), "bg", "en");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_EQ(GuessLanguage(split->first.text).language, "bg");
  const LanguageGuess english = GuessLanguage(split->second.text);
  EXPECT_EQ(english.language, "en");
  EXPECT_EQ(english.script, "Latn");
  EXPECT_GT(english.confidence, 0.5);
  EXPECT_EQ(english.Name(), "English");
}

TEST(GuessLanguage, TellsCyrillicLanguagesApart) {
  EXPECT_EQ(GuessLanguage(kBulgarian).language, "bg");
  EXPECT_EQ(GuessLanguage("Это был очень интересный проект, который помог "
                          "нашим городам. Мы были рады и это было важно "
                          "для всех жителей.")
                .language,
            "ru");
  EXPECT_EQ(GuessLanguage("Це був дуже цікавий проєкт, який допоміг нашим "
                          "містам. Ми були раді, і це було важливо для "
                          "їхніх мешканців.")
                .language,
            "uk");
  EXPECT_EQ(GuessLanguage("Ово је био веома занимљив пројекат који је помогао "
                          "нашим градовима. Љубазни људи су били задовољни "
                          "и њихови пријатељи.")
                .language,
            "sr");
}

TEST(GuessLanguage, TellsLatinLanguagesApart) {
  EXPECT_EQ(GuessLanguage(kEnglish).language, "en");
  EXPECT_EQ(GuessLanguage("Projekts ir par zaļo mobilitāti, un pašvaldība "
                          "strādā ar iedzīvotājiem, lai uzlabotu vidi.")
                .language,
            "lv");
  EXPECT_EQ(GuessLanguage("Die Stadt ist nicht groß, aber die Menschen sind "
                          "mit dem Projekt und der Arbeit zufrieden.")
                .language,
            "de");
  EXPECT_EQ(GuessLanguage("Le projet est très important pour la ville et "
                          "les habitants qui sont dans le réseau.")
                .language,
            "fr");
}

TEST(GuessLanguage, ShortOrLetterlessTextIsUnknown) {
  LanguageGuess guess = GuessLanguage("Враца");
  EXPECT_EQ(guess.language, "");
  EXPECT_EQ(guess.confidence, 0);
  EXPECT_EQ(guess.Name(), "an unknown language");
  EXPECT_EQ(GuessLanguage("").script, "");
  EXPECT_EQ(GuessLanguage("16.09.2021 - 12:30, 2020 / 42").language, "");
  // Names only: the script is clear, the language is not.
  guess = GuessLanguage("URBACT CITIES4CSR Milano Rijeka Guimaraes Bratislava");
  EXPECT_EQ(guess.script, "Latn");
  EXPECT_EQ(guess.language, "");
}

TEST(CheckLanguage, AcceptsRightLanguage) {
  std::string warning = "stale";
  EXPECT_TRUE(
      CheckLanguage(FromText(kBulgarian, "bg.txt"), "bg", &warning).ok());
  EXPECT_EQ(warning, "");
  EXPECT_TRUE(
      CheckLanguage(FromText(kEnglish, "en.txt"), "en-GB", &warning).ok());
  EXPECT_EQ(warning, "");
}

TEST(CheckLanguage, SwappedFilesAreAnError) {
  std::string warning;
  Status s = CheckLanguage(FromText(kBulgarian, "en.txt"), "en", &warning);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.file(), "en.txt");
  EXPECT_NE(s.message().find("looks like Bulgarian (Cyrillic), but was given "
                             "as English: the files may be swapped"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.hint().find("--force"), std::string::npos);

  s = CheckLanguage(FromText(kEnglish, "bg.txt"), "bg", &warning);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("looks like English (Latin), but was given as "
                             "Bulgarian"),
            std::string::npos)
      << s.message();
}

TEST(CheckLanguage, LatvianGivenAsEnglishIsAWarning) {
  const Document doc =
      Load(kSamples + "kekava-cities4csr-milan-meeting.lv.txt");
  std::string warning;
  EXPECT_TRUE(CheckLanguage(doc, "en", &warning).ok());
  EXPECT_NE(warning.find("looks like Latvian, not English"), std::string::npos)
      << warning;
  // Without a place for the warning, still OK.
  EXPECT_TRUE(CheckLanguage(doc, "en", nullptr).ok());
}

TEST(CheckLanguage, ShortOrMixedTextPasses) {
  std::string warning;
  EXPECT_TRUE(CheckLanguage(FromText("Враца", "a.txt"), "en", &warning).ok());
  EXPECT_EQ(warning, "");
  // Mostly English with Cyrillic names: fine as English.
  EXPECT_TRUE(CheckLanguage(FromText(kEnglish + " (Враца, Милано)", "a.txt"),
                            "en", &warning)
                  .ok());
  // A short Latvian phrase is too little for a warning.
  EXPECT_TRUE(
      CheckLanguage(FromText("Projekts ir par mobilitāti un vidi.", "a.txt"),
                    "en", &warning)
          .ok());
  EXPECT_EQ(warning, "");
}

TEST(SplitBilingual, SplitsVratsaAtTheEnLine) {
  const Document doc = Load(kVratsa);
  Result<BilingualSplit> split = SplitBilingual(doc, "bg", "en");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_EQ(split->first_language, "bg");
  EXPECT_EQ(split->second_language, "en");
  EXPECT_TRUE(split->first.text.starts_with("През м. Май 2020 г."));
  EXPECT_TRUE(split->second.text.starts_with("*In May 2020"));
  EXPECT_EQ(split->second_starts_at_line, 19);  // line 17 is "EN"
  EXPECT_EQ(split->first_starts_at_line,
            doc.LineOfOffset(doc.text.find("През")));
  EXPECT_EQ(split->first.text.find("\nEN\n"), std::string::npos);
  // The Bulgarian project name repeated after the English text is left out.
  EXPECT_TRUE(split->second.text.find("Проект „Cities4CSR") ==
              std::string::npos);
  EXPECT_NE(split->first.text.find("Проект „Cities4CSR"), std::string::npos);
  // Both parts are exact substrings, with their own line map.
  EXPECT_NE(doc.text.find(split->first.text), std::string::npos);
  EXPECT_NE(doc.text.find(split->second.text), std::string::npos);
  EXPECT_EQ(split->first.name, doc.name + " (bg part)");
  EXPECT_EQ(split->second.name, doc.name + " (en part)");
  EXPECT_EQ(split->second.content_hash, doc.content_hash);
  EXPECT_EQ(split->second.encoding, doc.encoding);
  EXPECT_EQ(split->second.line_starts.front(), 0u);
  EXPECT_EQ(split->second.LineOfOffset(split->second.text.find("*Within")),
            doc.LineOfOffset(doc.text.find("*Within")) -
                split->second_starts_at_line + 1);
}

TEST(SplitBilingual, SplitsWhereTheScriptChangesWithoutMarker) {
  // The Vratsa sample without its "EN" line: the switch is found from the
  // text, despite the Bulgarian line repeated at the end.
  const Document original = Load(kVratsa);
  std::string text = original.text;
  const size_t marker = text.find("\nEN\n");
  ASSERT_NE(marker, std::string::npos);
  text.erase(marker + 1, 3);
  const Document doc = FromText(text, "vratsa.bg-en.txt");
  Result<BilingualSplit> split = SplitBilingual(doc, "bg", "en");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_TRUE(split->first.text.starts_with("През м. Май 2020 г."));
  EXPECT_TRUE(split->second.text.starts_with("*In May 2020"));
  EXPECT_EQ(split->second_starts_at_line,
            doc.LineOfOffset(doc.text.find("*In May 2020")));
  EXPECT_EQ(split->first.name, "vratsa.bg-en.txt (bg part)");
  EXPECT_EQ(split->second.text.find("Проект „Cities4CSR"), std::string::npos);
}

TEST(SplitBilingual, SameScriptSplitsByLanguage) {
  const std::string latvian =
      "Projekts ir par zaļo mobilitāti, un pašvaldība strādā ar "
      "iedzīvotājiem, lai uzlabotu vidi un dzīves kvalitāti novadā.";
  const Document doc =
      FromText(latvian + "\n\n" + latvian + "\n\n" + kEnglish + "\n", "x.txt");
  Result<BilingualSplit> split = SplitBilingual(doc, "lv", "en");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_EQ(split->second.text, kEnglish + "\n");
  EXPECT_EQ(split->second_starts_at_line, 5);
}

TEST(SplitBilingual, MarkerLineVariants) {
  for (const std::string marker : {"**English**", "[EN]", "ENG", "## en:"}) {
    const Document doc =
        FromText("BG\n\n" + kBulgarian + "\n" + marker + "\n" + kEnglish, "m");
    Result<BilingualSplit> split = SplitBilingual(doc, "bg", "en");
    ASSERT_TRUE(split.ok()) << marker << ": " << split.status().ToString();
    EXPECT_EQ(split->first.text, kBulgarian + "\n") << marker;
    EXPECT_EQ(split->first_starts_at_line, 3);
    EXPECT_EQ(split->second.text, kEnglish) << marker;
    EXPECT_EQ(split->second_starts_at_line, 5);
  }
}

TEST(SplitBilingual, MonolingualDocumentIsAnError) {
  const Document doc = Load(kSamples + "sofia-cities4csr-workshop.bg.txt");
  Result<BilingualSplit> split = SplitBilingual(doc, "bg", "en");
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(split.status().file(), doc.name);
  EXPECT_NE(split.status().message().find("English"), std::string::npos);
  EXPECT_FALSE(split.status().hint().empty());
}

TEST(SplitBilingual, MarkerWithNothingAfterIsAnError) {
  Result<BilingualSplit> split =
      SplitBilingual(FromText(kBulgarian + "\n\nEN\n\n", "t.txt"), "bg", "en");
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(split.status().file(), "t.txt");
}

}  // namespace
}  // namespace sverka
