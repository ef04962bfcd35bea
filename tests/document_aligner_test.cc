// The pipeline from documents to pairs, and the Vratsa sample end to end
// against its golden alignment (checked by hand: tests/data/vratsa.golden.tsv).
#include "sverka/document_aligner.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "internal/json.h"
#include "sverka/segmenter.h"
#include "test_util.h"

namespace sverka {
namespace {

Document MakeDocument(std::string text, std::string name = "test.txt") {
  Document doc;
  doc.name = std::move(name);
  doc.text = std::move(text);
  doc.line_starts.push_back(0);
  for (size_t i = 0; i < doc.text.size(); ++i) {
    if (doc.text[i] == '\n') doc.line_starts.push_back(i + 1);
  }
  doc.content_hash = Sha256Hex(doc.text);
  return doc;
}

std::vector<std::string> Texts(const Document& doc,
                               const std::vector<Sentence>& sentences) {
  std::vector<std::string> out;
  for (const Sentence& s : sentences) out.emplace_back(s.Text(doc));
  return out;
}

TEST(ExcludeParagraphEmphasis, StripsMarkersWrappingAParagraph) {
  Document doc = MakeDocument("*First one. Second one.*\n\n**Bold only.**\n");
  std::vector<Sentence> sentences = {{0, 11, 0}, {12, 24, 0}, {26, 40, 1}};
  ExcludeParagraphEmphasis(doc, sentences);
  EXPECT_EQ(
      Texts(doc, sentences),
      (std::vector<std::string>{"First one.", "Second one.", "Bold only."}));
}

TEST(ExcludeParagraphEmphasis, KeepsBulletsAndInnerEmphasis) {
  Document doc = MakeDocument("* item one.\n\nA *word* here.\n");
  std::vector<Sentence> sentences = {{0, 11, 0}, {13, 27, 1}};
  ExcludeParagraphEmphasis(doc, sentences);
  EXPECT_EQ(Texts(doc, sentences),
            (std::vector<std::string>{"* item one.", "A *word* here."}));
}

class VratsaSample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pipeline_.Init({}).ok());
    auto doc = ReadTextFile(
        std::string(SVERKA_SOURCE_DIR) + "/samples/vratsa-cities4csr.bg-en.txt",
        {.encoding = "auto", .name = "vratsa-cities4csr.bg-en.txt"});
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    auto result = pipeline_.AlignBilingual(*doc);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    result_ = std::move(*result);
  }
  DocumentAligner pipeline_;
  DocumentAlignment result_;
};

TEST_F(VratsaSample, MatchesTheGoldenAlignment) {
  // Each golden line: source<TAB>target, the pairs a translator expects.
  const std::string golden = testing::ReadFile(std::string(SVERKA_SOURCE_DIR) +
                                               "/tests/data/vratsa.golden.tsv");
  std::string actual;
  for (const AlignedPair& pair : result_.pairs) {
    actual += pair.source_text + "\t" + pair.target_text + "\n";
  }
  EXPECT_EQ(actual, golden);
}

// One aligner, several threads at once (as the batch's workers use it):
// every thread gets the alignment a single call gives. Under
// ThreadSanitizer this is the check that Align shares nothing mutable.
TEST_F(VratsaSample, OneAlignerServesSeveralThreadsAtOnce) {
  auto doc = ReadTextFile(
      std::string(SVERKA_SOURCE_DIR) + "/samples/vratsa-cities4csr.bg-en.txt",
      {.encoding = "auto", .name = "vratsa-cities4csr.bg-en.txt"});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  constexpr int kThreads = 4;
  std::vector<Result<DocumentAlignment>> results(kThreads,
                                                 Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(
        [&, t] { results[t] = pipeline_.AlignBilingual(*doc); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Result<DocumentAlignment>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_EQ(result->pairs.size(), result_.pairs.size());
    for (size_t i = 0; i < result_.pairs.size(); ++i) {
      EXPECT_EQ(result->pairs[i].source_text, result_.pairs[i].source_text);
      EXPECT_EQ(result->pairs[i].target_text, result_.pairs[i].target_text);
      EXPECT_EQ(result->pairs[i].bead.confidence,
                result_.pairs[i].bead.confidence);
    }
  }
}

TEST_F(VratsaSample, StoresTheInputTextWithoutMarkdown) {
  ASSERT_FALSE(result_.pairs.empty());
  EXPECT_EQ(result_.pairs.front().target_text.substr(0, 12), "In May 2020,");
  for (const AlignedPair& pair : result_.pairs) {
    EXPECT_FALSE(pair.target_text.starts_with("*")) << pair.target_text;
    EXPECT_FALSE(pair.target_text.ends_with("*")) << pair.target_text;
  }
}

TEST_F(VratsaSample, UnitsCarryOriginAndConfidence) {
  auto units = result_.ToUnits();
  ASSERT_EQ(units.size(), result_.pairs.size());
  for (const TranslationUnit& unit : units) {
    EXPECT_EQ(unit.source_language, "bg");
    EXPECT_EQ(unit.target_language, "en");
    EXPECT_GE(unit.confidence, 0.0);
    EXPECT_LE(unit.confidence, 1.0);
    EXPECT_EQ(unit.origin_hash.size(), 64u);
    EXPECT_NE(unit.origin.find("vratsa"), std::string::npos);
  }
}

TEST(DocumentAligner, RefusesSwappedDocumentsUnlessForced) {
  DocumentAligner pipeline;
  ASSERT_TRUE(pipeline.Init({.dictionary = "none"}).ok());
  Document english =
      MakeDocument("The meeting was in Milan. It went well.\n", "en.txt");
  Document bulgarian =
      MakeDocument("Срещата беше в Милано. Мина добре.\n", "bg.txt");
  auto swapped = pipeline.Align(english, bulgarian);
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(swapped.status().file(), "en.txt");

  DocumentAligner forced;
  ASSERT_TRUE(forced.Init({.force = true, .dictionary = "none"}).ok());
  EXPECT_TRUE(forced.Align(english, bulgarian).ok());
}

TEST(DocumentAligner, PresegmentedTakesLinesAsTheyAre) {
  DocumentAligner pipeline;
  ASSERT_TRUE(pipeline.Init({.presegmented = true, .dictionary = "none"}).ok());
  Document source =
      MakeDocument("Първо изречение. Второ в същия ред.\nТрето.\n");
  Document target =
      MakeDocument("First sentence. Second on the same line.\nThird.\n");
  auto result = pipeline.Align(source, target);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->summary.source_sentences, 2);
  EXPECT_EQ(result->summary.target_sentences, 2);
  ASSERT_EQ(result->pairs.size(), 2u);
  EXPECT_EQ(result->pairs[1].source_text, "Трето.");
  EXPECT_EQ(result->pairs[1].target_text, "Third.");
  EXPECT_EQ(result->summary.beads_by_type.at("1-1"), 2);
}

TEST(DocumentAligner, WarnsOnceWhenNoDictionaryIsInstalled) {
  DocumentAligner pipeline;
  ASSERT_TRUE(
      pipeline.Init({.source_language = "de", .target_language = "fr"}).ok());
  Document source = MakeDocument("Das Treffen war in Mailand. Es war gut.\n");
  Document target =
      MakeDocument("La réunion a eu lieu à Milan. C'était bien.\n");
  auto result = pipeline.Align(source, target);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  int dictionary_warnings = 0;
  for (const auto& w : result->warnings) {
    dictionary_warnings += w.find("dictionary") != std::string::npos;
  }
  EXPECT_EQ(dictionary_warnings, 1);
}

std::vector<std::pair<std::string, std::string>> PairTexts(
    const DocumentAlignment& alignment) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const AlignedPair& pair : alignment.pairs)
    out.emplace_back(pair.source_text, pair.target_text);
  return out;
}

// Aligns a Bulgarian and an English running text (segmented by Sverka) with
// no dictionary, as `sverka align bg.txt en.txt --dictionary none` does.
Result<DocumentAlignment> AlignRunningText(std::string bg, std::string en) {
  DocumentAligner pipeline;
  const Status init = pipeline.Init({.dictionary = "none"});
  if (!init.ok()) return init;
  return pipeline.Align(MakeDocument(std::move(bg), "bg.txt"),
                        MakeDocument(std::move(en), "en.txt"));
}

// Running text where a headline lost its line break and runs into the first
// sentence on both sides: the segmenter sees one sentence, the cut at the
// capitalised common word ("града Общината", "centre The") makes pieces
// that each find their counterpart, so the pairs come out separate.
TEST(DocumentAligner, CutsAHeadlineGluedToTheFirstSentence) {
  auto result = AlignRunningText(
      "Кметът открива нов парк в центъра на града Общината ще засади 200 "
      "дървета до края на май. Паркът ще бъде отворен за всички жители на "
      "общината. Строителството ще струва 2 милиона лева.\n",
      "Mayor opens new park in the city centre The municipality will plant "
      "200 trees by the end of May. The park will be open to all residents "
      "of the municipality. Construction will cost 2 million leva.\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto pairs = PairTexts(*result);
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0].first, "Кметът открива нов парк в центъра на града");
  EXPECT_EQ(pairs[0].second, "Mayor opens new park in the city centre");
  EXPECT_EQ(pairs[1].first, "Общината ще засади 200 дървета до края на май.");
  EXPECT_EQ(pairs[1].second,
            "The municipality will plant 200 trees by the end of May.");
  EXPECT_EQ(result->summary.beads_by_type.at("1-1"), 4);
  // Aligned from the running text as given, the cut is only ours: the beads
  // beside it are no less sure for it.
  for (const AlignedPair& pair : result->pairs)
    EXPECT_GE(pair.bead.confidence, 0.9) << pair.source_text;
}

// The headline is glued on both sides but cued on one only (a capitalised
// common word after a lower-case one in Bulgarian; in English a name, which
// may follow any word): the English is cut where the Bulgarian was, and the
// stretch around it aligned again, in the middle of a longer text that keeps
// every other sentence where it was.
TEST(DocumentAligner, CutsTheOtherSideOfAGluedHeadlineInsideALongText) {
  std::string bg, en;
  const auto add_items = [&](int first, int last) {
    for (int i = first; i <= last; ++i) {
      bg += "Точка " + std::to_string(i) + " от дневния ред беше приета с " +
            std::to_string(20 + i) + " гласа.\n";
      en += "Item " + std::to_string(i) + " of the agenda was adopted with " +
            std::to_string(20 + i) + " votes.\n";
    }
  };
  add_items(1, 12);
  bg +=
      "Кметът открива нов парк в центъра на града Общината ще засади 200 "
      "дървета до края на май.\nПаркът ще бъде отворен за всички жители на "
      "общината.\nСтроителството ще струва 2 милиона лева.\n";
  en +=
      "Mayor opens new park in the city centre Sofia will plant 200 "
      "trees by the end of May.\nThe park will be open to all residents "
      "of the municipality.\nConstruction will cost 2 million leva.\n";
  add_items(13, 20);
  auto result = AlignRunningText(bg, en);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto pairs = PairTexts(*result);
  ASSERT_EQ(pairs.size(), 24u);
  EXPECT_EQ(pairs[12].first, "Кметът открива нов парк в центъра на града");
  EXPECT_EQ(pairs[12].second, "Mayor opens new park in the city centre");
  EXPECT_EQ(pairs[13].second, "Sofia will plant 200 trees by the end of May.");
  // Every other sentence is still paired with its own translation.
  for (size_t k = 0; k < pairs.size(); ++k) {
    if (k >= 12 && k < 16) continue;
    const int item = static_cast<int>(k < 12 ? k + 1 : k - 3);
    EXPECT_NE(pairs[k].first.find("Точка " + std::to_string(item) + " "),
              std::string::npos);
    EXPECT_NE(pairs[k].second.find("Item " + std::to_string(item) + " "),
              std::string::npos);
  }
  EXPECT_EQ(result->summary.beads_by_type.at("1-1"), 24);
}

// A cut the other side does not confirm is undone: here the capitalised
// word is mid-sentence on one side only, and the sentence stays whole.
TEST(DocumentAligner, KeepsASentenceWholeWhenTheOtherSideHasNoCut) {
  auto result = AlignRunningText(
      "Той каза, че Общината ще плати за ремонта на училището. Ремонтът ще "
      "започне през май. Общината има бюджет от 3 милиона лева за "
      "училищата.\n",
      "He said the municipality would pay for the repair of the school. The "
      "repair will start in May. The municipality has a budget of 3 million "
      "leva for schools.\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto pairs = PairTexts(*result);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].first,
            "Той каза, че Общината ще плати за ремонта на училището.");
  EXPECT_EQ(result->summary.beads_by_type.at("1-1"), 3);
}

// A capitalised term inside a sentence ("чрез Корпоративна Социална
// Отговорност") is capitalised in the translation too, at the same place:
// both sides would confirm a cut there, so it is not taken as one.
TEST(DocumentAligner, KeepsACapitalisedTermInsideItsSentence) {
  auto result = AlignRunningText(
      "Мрежата решава проблемите на градовете чрез Корпоративна Социална "
      "Отговорност в десет общини. Корпоративната социална отговорност е "
      "тема на срещата през 2020 г.\n",
      "The network solves the problems of cities through Corporate Social "
      "Responsibility in ten municipalities. Corporate social responsibility "
      "is the topic of the meeting in 2020.\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto pairs = PairTexts(*result);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].second,
            "The network solves the problems of cities through Corporate "
            "Social Responsibility in ten municipalities.");
}

// The formats `sverka align` and `sverka batch --out` share.
TEST(FormatPairs, WritesEachFormatAndRefusesOthers) {
  DocumentAlignment alignment;
  AlignedPair merged;
  merged.bead.source = {0, 1};
  merged.bead.target = {0};
  merged.bead.confidence = 0.9871;
  merged.source_text = "Той каза „да“. Тръгна.";
  merged.target_text = "He said \"yes\" and left.";
  AlignedPair dropped;
  dropped.bead.source = {2};
  dropped.bead.confidence = 0.5;
  dropped.source_text = "Без превод.";
  alignment.pairs = {merged, dropped};

  EXPECT_EQ(*FormatPairs(alignment, "beads"), "[0, 1]:[0]\n[2]:[]\n");
  EXPECT_EQ(*FormatPairs(alignment, "tsv"),
            "Той каза „да“. Тръгна.\tHe said \"yes\" and left.\t0.987\n"
            "Без превод.\t\t0.500\n");
  EXPECT_EQ(*FormatPairs(alignment, "jsonl"),
            "{\"source\":[0, 1],\"target\":[0],\"source_text\":\"Той каза "
            "„да“. Тръгна.\",\"target_text\":\"He said \\\"yes\\\" and "
            "left.\",\"bead\":\"2-1\",\"confidence\":0.987}\n"
            "{\"source\":[2],\"target\":[],\"source_text\":\"Без превод.\","
            "\"target_text\":\"\",\"bead\":\"1-0\",\"confidence\":0.500}\n");
  Result<std::string> xml = FormatPairs(alignment, "xml");
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.status().code(), StatusCode::kUsage);
}

TEST(JsonString, EscapesWhatJsonAndHtmlNeed) {
  std::string out;
  internal::AppendJsonString(out, "a\"b\\c\n\t\x01 \x7F\xFF ю");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001 \\u007f\xEF\xBF\xBD ю\"");
  out.clear();
  internal::AppendJsonString(out, "</script> & \xE2\x80\xA8");
  EXPECT_EQ(out, "\"</script> & \xE2\x80\xA8\"");  // fine in a file
  out.clear();
  internal::AppendJsonString(out, "</script> & \xE2\x80\xA8",
                             internal::JsonIn::kHtmlScript);
  EXPECT_EQ(out, "\"\\u003c/script\\u003e \\u0026 \\u2028\"");
}

}  // namespace
}  // namespace sverka
