// The aligner through its header: each evidence source on a small hand-made
// pair where it alone decides, each bead type, empty and long inputs, and
// confidence that is high where the answer is clear and low where it is not.
#include "sverka/aligner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "aligner_confidence.h"
#include "aligner_features.h"
#include "sverka/bilingual_dictionary.h"

namespace sverka {
namespace {

AlignerInput Side(const std::string& language,
                  std::vector<std::string> sentences) {
  AlignerInput input;
  input.language = language;
  input.paragraphs.assign(sentences.size(), 0);
  input.sentences = std::move(sentences);
  return input;
}

// "[0, 1]:[0] [2]:[]" for readable failures.
std::string Beads(const Alignment& alignment) {
  std::string out;
  for (const Bead& bead : alignment.beads) {
    if (!out.empty()) out += " ";
    out += "[";
    for (size_t k = 0; k < bead.source.size(); ++k) {
      out += (k ? ", " : "") + std::to_string(bead.source[k]);
    }
    out += "]:[";
    for (size_t k = 0; k < bead.target.size(); ++k) {
      out += (k ? ", " : "") + std::to_string(bead.target[k]);
    }
    out += "]";
  }
  return out;
}

Alignment Align(const AlignerInput& source, const AlignerInput& target,
                const BilingualDictionary* dictionary = nullptr) {
  AlignerOptions options;
  options.dictionary = dictionary;
  auto aligner = Aligner::Create(options);
  EXPECT_TRUE(aligner.ok()) << aligner.status().ToString();
  return (*aligner)->Align(source, target);
}

// Every sentence of both sides exactly once, in order.
void ExpectCovers(const Alignment& alignment, size_t n, size_t m) {
  int next_source = 0, next_target = 0;
  for (const Bead& bead : alignment.beads) {
    EXPECT_FALSE(bead.source.empty() && bead.target.empty());
    for (int i : bead.source) EXPECT_EQ(i, next_source++);
    for (int j : bead.target) EXPECT_EQ(j, next_target++);
    EXPECT_GE(bead.confidence, 0.0);
    EXPECT_LE(bead.confidence, 1.0);
  }
  EXPECT_EQ(static_cast<size_t>(next_source), n);
  EXPECT_EQ(static_cast<size_t>(next_target), m);
}

TEST(Aligner, BeadTypeNamesItsShape) {
  Bead bead{{3, 4}, {7}, 0.5};
  EXPECT_EQ(bead.Type(), "2-1");
  EXPECT_EQ(Bead({{}, {2}, 1}).Type(), "0-1");
}

TEST(Aligner, EmptyInputs) {
  Alignment none = Align(Side("bg", {}), Side("en", {}));
  EXPECT_TRUE(none.beads.empty());

  Alignment only_source = Align(Side("bg", {"Едно.", "Две."}), Side("en", {}));
  EXPECT_EQ(Beads(only_source), "[0]:[] [1]:[]");
  Alignment only_target = Align(Side("bg", {}), Side("en", {"One."}));
  EXPECT_EQ(Beads(only_target), "[]:[0]");
}

TEST(Aligner, OneToOneOnAPlainTranslation) {
  AlignerInput source =
      Side("bg", {"Кметът на Враца откри новия парк в неделя.",
                  "Паркът струва 2 милиона лева и е най-големият в града.",
                  "Жителите го посрещнаха с радост.",
                  "Следващият проект е библиотека."});
  AlignerInput target = Side(
      "en",
      {"The mayor of Vratsa opened the new park on Sunday.",
       "The park cost 2 million leva and is the largest in the town.",
       "Residents welcomed it with joy.", "The next project is a library."});
  Alignment a = Align(source, target);
  EXPECT_EQ(Beads(a), "[0]:[0] [1]:[1] [2]:[2] [3]:[3]");
  ExpectCovers(a, 4, 4);
}

// Three sentences of the same length; only the numbers say which one the
// translation left out.
TEST(Aligner, NumbersDecideWhichSentenceIsMissing) {
  AlignerInput source = Side("bg", {"През 1998 г. в клуба членуваха 12 души.",
                                    "През 2005 г. в клуба членуваха 40 души.",
                                    "През 2011 г. в клуба членуваха 77 души."});
  AlignerInput target = Side("en", {"In 1998 the club had 12 members.",
                                    "In 2011 the club had 77 members."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1]:[] [2]:[1]");
}

// Numbers in their national forms: 1 000 000 ~ 1,000,000, 3,5 ~ 3.5.
TEST(Aligner, NumbersMatchAcrossSeparators) {
  AlignerInput source = Side("bg", {"Бюджетът е 1 000 000 лева за годината.",
                                    "Ръстът е 3,5 процента за годината."});
  AlignerInput target = Side("en", {"Growth is 3.5 percent this year."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0]");
  AlignerInput target2 =
      Side("en", {"The budget is 1,000,000 leva this year."});
  EXPECT_EQ(Beads(Align(source, target2)), "[0]:[0] [1]:[]");
}

// hunalign's famous trap: a "1" shared by a heading and an unrelated
// sentence far away must not pull the heading out of place.
TEST(Aligner, ASharedNumberDoesNotDragAWrongPairing) {
  AlignerInput source =
      Side("bg", {"Глава 1", "Беше студена утрин и градът още спеше под снега.",
                  "Старият пазач отключи портата и влезе в двора.",
                  "Кучетата го посрещнаха с радостен лай.",
                  "Само 1 прозорец светеше в голямата къща на хълма."});
  AlignerInput target = Side(
      "en", {"Chapter One",
             "It was a cold morning and the town still slept under the snow.",
             "The old keeper unlocked the gate and walked into the yard.",
             "The dogs greeted him with joyful barking.",
             "Only 1 window was lit in the big house on the hill."});
  EXPECT_EQ(Beads(Align(source, target)),
            "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4]");
}

// 16.09.2021 ~ 16 September 2021: day, month from the CLDR month names, year.
TEST(Aligner, DatesMatchAcrossFormats) {
  AlignerInput source = Side("bg", {"Първата среща беше на 16.09.2021 г.",
                                    "Втората среща беше на 03.11.2022 г."});
  AlignerInput target =
      Side("en", {"The second meeting was on 3 November 2022."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0]");
  AlignerInput target2 =
      Side("en", {"The first meeting was on 16 September 2021."});
  EXPECT_EQ(Beads(Align(source, target2)), "[0]:[0] [1]:[]");
}

// Names across scripts through transliteration: Враца ~ Vratsa,
// Гимараеш ~ Guimaraes.
TEST(Aligner, NamesMatchAcrossScripts) {
  AlignerInput source =
      Side("bg", {"Делегацията пристигна във Враца вечерта.",
                  "Делегацията пристигна в Гимараеш вечерта."});
  AlignerInput target =
      Side("en", {"The delegation arrived in Guimaraes in the evening."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0]");
  AlignerInput target2 =
      Side("en", {"The delegation arrived in Vratsa in the evening."});
  EXPECT_EQ(Beads(Align(source, target2)), "[0]:[0] [1]:[]");
}

// Identical tokens: acronyms and Latin words inside Cyrillic text.
TEST(Aligner, IdenticalTokensMatch) {
  AlignerInput source = Side("bg", {"Проектът URBACT събра партньори.",
                                    "Мрежата CITIES4CSR събра партньори."});
  AlignerInput target =
      Side("en", {"The CITIES4CSR network gathered partners."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0]");
}

// Words that share nothing but their meaning: only a dictionary helps.
TEST(Aligner, DictionaryWordsDecide) {
  auto dictionary = BilingualDictionary::FromPairs("en", "bg",
                                                   {{"cat", "котка"},
                                                    {"dog", "куче"},
                                                    {"sleep", "спя"},
                                                    {"bark", "лая"},
                                                    {"garden", "градина"},
                                                    {"house", "къща"}});
  AlignerInput source =
      Side("bg", {"Котката спи в къщата.", "Кучето лае в градината."});
  AlignerInput target = Side("en", {"The dog barks in the garden."});
  EXPECT_EQ(Beads(Align(source, target, dictionary.get())), "[0]:[] [1]:[0]");
  AlignerInput target2 = Side("en", {"The cat sleeps in the house."});
  EXPECT_EQ(Beads(Align(source, target2, dictionary.get())), "[0]:[0] [1]:[]");
}

TEST(Aligner, TwoSentencesJoinedIntoOne) {
  AlignerInput source =
      Side("bg", {"Общината обяви конкурс за 15 нови проекта.",
                  "Кандидатите трябва да подадат документи до края на март.",
                  "Резултатите ще бъдат обявени през май.",
                  "Всеки проект ще получи до 5000 лева."});
  AlignerInput target = Side(
      "en",
      {"The municipality announced a competition for 15 new projects.",
       "Results will be announced in May, and candidates must submit their "
       "documents by the end of March.",
       "Each project will receive up to 5000 leva."});
  // Not [1]:[1] [2]:[]: both joined sentences are in the target one.
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1, 2]:[1] [3]:[2]");
}

TEST(Aligner, OneSentenceSplitInTwo) {
  AlignerInput source = Side(
      "bg",
      {"Срещата в Братислава продължи 3 дни.",
       "Участниците обсъдиха 12 добри практики, а кметовете подписаха обща "
       "декларация за устойчиво развитие на градовете.",
       "Следващата среща ще бъде в Милано."});
  AlignerInput target =
      Side("en", {"The meeting in Bratislava lasted 3 days.",
                  "The participants discussed 12 good practices.",
                  "The mayors signed a joint declaration on sustainable urban "
                  "development.",
                  "The next meeting will be in Milan."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1]:[1, 2] [2]:[3]");
}

TEST(Aligner, ASentenceLeftOutOfTheTranslation) {
  AlignerInput source = Side(
      "bg",
      {"Фестивалът започва на 4 юни.",
       "Тази година програмата включва над 40 концерта, театрални постановки, "
       "изложби и работилници за деца в целия град.",
       "Билетите са в продажба от 1 май."});
  AlignerInput target = Side("en", {"The festival starts on 4 June.",
                                    "Tickets are on sale from 1 May."});
  Alignment a = Align(source, target);
  EXPECT_EQ(Beads(a), "[0]:[0] [1]:[] [2]:[1]");
}

TEST(Aligner, ASentenceAddedInTheTranslation) {
  AlignerInput source = Side("bg", {"Фестивалът започва на 4 юни.",
                                    "Билетите са в продажба от 1 май."});
  AlignerInput target = Side(
      "en", {"The festival starts on 4 June.",
             "This year the programme includes more than 40 concerts, theatre "
             "shows, exhibitions and workshops for children all over the town.",
             "Tickets are on sale from 1 May."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] []:[1] [1]:[2]");
}

// A short line of web-page furniture is dropped, not merged into the
// headline beside it.
TEST(Aligner, FurnitureLineIsNotSwallowedIntoAMerge) {
  AlignerInput source = Side(
      "bg", {"Сподели", "Ураганът Роза ще донесе проливни дъждове в Аризона",
             "Според прогнозата ураганът отслабва над Мексико."});
  AlignerInput target =
      Side("en", {"Hurricane Rosa to bring heavy rain to Arizona",
                  "As forecast, the hurricane is weakening over Mexico."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0] [2]:[1]");
}

TEST(Aligner, SwappedNeighboursMakeATwoTwoBead) {
  AlignerInput source =
      Side("bg", {"Влакът тръгна в 7 часа.", "В него пътуваха 300 души.",
                  "Само 12 от тях имаха билети за първа класа.",
                  "Пристигнахме в Пловдив по обед."});
  AlignerInput target = Side("en", {"The train left at 7 o'clock.",
                                    "Only 12 of them had first-class tickets.",
                                    "There were 300 people on board.",
                                    "We arrived in Plovdiv at noon."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1, 2]:[1, 2] [3]:[3]");
}

// Nothing here is Bulgarian or English: numbers, names and length carry a
// German-French pair without a dictionary.
TEST(Aligner, OtherLanguagePairsWithoutDictionary) {
  AlignerInput source = Side(
      "de",
      {"Im Jahr 1871 kam er nach Paris.",
       "Dort lernte er Victor Hugo kennen, der ihm half, eine Stelle bei einer "
       "Zeitung zu finden.",
       "Drei Jahre später kehrte er nach Berlin zurück."});
  AlignerInput target =
      Side("fr", {"En 1871, il arriva à Paris.",
                  "Trois ans plus tard, il retourna à Berlin."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1]:[] [2]:[1]");
}

TEST(Aligner, ConfidenceIsHighWhereClearAndLowWhereNot) {
  AlignerInput source =
      Side("bg", {"Кметът на Враца откри новия парк в неделя.",
                  "Паркът струва 2 милиона лева и е най-големият в града."});
  AlignerInput target = Side(
      "en", {"The mayor of Vratsa opened the new park on Sunday.",
             "The park cost 2 million leva and is the largest in the town."});
  Alignment clear = Align(source, target);
  ASSERT_EQ(clear.beads.size(), 2u);
  for (const Bead& bead : clear.beads) EXPECT_GE(bead.confidence, 0.9);

  // Two target sentences of the same length and nothing to tell which one
  // translates the single source sentence: whichever is chosen, it is not sure.
  AlignerInput one = Side("bg", {"Това е така."});
  AlignerInput two = Side("en", {"It is so.", "So it is."});
  Alignment unsure = Align(one, two);
  ExpectCovers(unsure, 1, 2);
  for (const Bead& bead : unsure.beads) {
    if (!bead.source.empty() && !bead.target.empty()) {
      EXPECT_LT(bead.confidence, 0.7);
    }
  }
}

// Paragraphs on both sides: a merge does not cross a paragraph boundary.
TEST(Aligner, MergesStayInsideParagraphs) {
  AlignerInput source =
      Side("bg", {"Първият абзац свършва тук.", "Вторият започва тук.",
                  "И продължава с още едно изречение."});
  source.paragraphs = {0, 1, 1};
  AlignerInput target = Side(
      "en", {"The first paragraph ends here.",
             "The second starts here and goes on with one more sentence."});
  target.paragraphs = {0, 1};
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1, 2]:[1]");
}

// Long inputs: the search is a band around anchors, and one region of
// changes does not derail the rest. (Time and memory: bench/aligner_bench.)
// One aligner serves many documents, also from several threads at once (as
// `sverka batch` uses it): what it keeps between calls (transliterators,
// each word's keys) must not change any answer.
TEST(Aligner, ReusedAlignerAnswersAsAFreshOne) {
  const std::vector<std::pair<AlignerInput, AlignerInput>> documents = {
      {Side("bg", {"Делегацията пристигна във Враца вечерта.",
                   "Делегацията пристигна в Гимараеш вечерта."}),
       Side("en", {"The delegation arrived in Guimaraes in the evening."})},
      {Side("bg", {"Проектът URBACT събра 1 000 партньори.",
                   "Мрежата CITIES4CSR събра партньори от Враца."}),
       Side("en", {"The CITIES4CSR network gathered partners from Vratsa."})},
      {Side("bg", {"Делегацията пристигна в Гимараеш вечерта.",
                   "На 16.09.2021 г. кметът откри десет нови паркинга."}),
       Side("en",
            {"The delegation arrived in Guimaraes in the evening.",
             "On 16 September 2021 the mayor opened ten new car parks."})}};
  std::vector<std::string> fresh;
  for (const auto& [source, target] : documents) {
    fresh.push_back(Beads(Align(source, target)));
  }
  auto aligner = Aligner::Create({});
  ASSERT_TRUE(aligner.ok()) << aligner.status().ToString();
  auto run = [&](std::vector<std::string>& answers) {
    for (int round = 0; round < 3; ++round) {
      for (size_t d = 0; d < documents.size(); ++d) {
        const Alignment a =
            (*aligner)->Align(documents[d].first, documents[d].second);
        if (round == 2) answers[d] = Beads(a);
      }
    }
  };
  std::vector<std::string> first(documents.size()), second(documents.size());
  std::thread other([&] { run(second); });
  run(first);
  other.join();
  EXPECT_EQ(first, fresh);
  EXPECT_EQ(second, fresh);
  EXPECT_EQ(fresh[0], "[0]:[] [1]:[0]");
}

TEST(Aligner, LongInputKeepsItsWay) {
  const int n = 20000;
  AlignerInput source, target;
  source.language = "bg";
  target.language = "en";
  const char* bg_words[] = {"градът", "паркът", "кметът", "проектът",
                            "срещата"};
  const char* en_words[] = {"the town", "the park", "the mayor", "the project",
                            "the meeting"};
  std::vector<int> expected_target(n, -1);  // source i -> its target, or -1
  for (int i = 0; i < n; ++i) {
    const int w = (i * 7) % 5;
    std::string bg = "Изречение " + std::to_string(i) + ": " + bg_words[w];
    std::string en = "Sentence " + std::to_string(i) + ": " + en_words[w];
    for (int k = 0; k < (i * 13) % 9; ++k) {
      bg += " и още";
      en += " and more";
    }
    source.sentences.push_back(bg + ".");
    if (i % 97 == 50) continue;  // left out of the translation
    expected_target[i] = static_cast<int>(target.sentences.size());
    target.sentences.push_back(en + ".");
  }
  source.paragraphs.assign(source.sentences.size(), 0);
  target.paragraphs.assign(target.sentences.size(), 0);

  Alignment a = Align(source, target);
  ExpectCovers(a, source.sentences.size(), target.sentences.size());
  int right = 0;
  for (const Bead& bead : a.beads) {
    if (bead.source.size() == 1 && bead.target.size() == 1 &&
        expected_target[bead.source[0]] == bead.target[0]) {
      ++right;
    }
    if (bead.source.size() == 1 && bead.target.empty() &&
        expected_target[bead.source[0]] == -1) {
      ++right;
    }
  }
  EXPECT_GE(right, n * 99 / 100);
}

// ---------------------------------------------------------------------------
// Any language pair without a dictionary (aligner_cognates.cc): each new
// evidence source on a small hand-made pair where length alone picks the
// wrong sentence, and hand-made literary passages (tests/data/anylang/).

// Names with few consonants ("Emma") and cognates whose consonants differ
// ("Polizei"/"police") match by their folded first letters.
TEST(AlignerAnyLanguage, CognatesDecideWhichSentenceIsMissing) {
  AlignerInput source =
      Side("de", {"Otto ging ins Theater.", "Emma rief sofort die Polizei an.",
                  "Es war schon spät."});
  AlignerInput target =
      Side("fr", {"Emma appela la police.", "Il était déjà tard."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0] [2]:[1]");
}

// Cognates spelt differently in each language ("Foto"/"photo") still match.
TEST(AlignerAnyLanguage, CognateSpellingVariantsMatch) {
  AlignerInput source =
      Side("de", {"Er stand lange am Fenster.",
                  "Sie zeigte ihm ein altes, vergilbtes Foto.",
                  "Keiner sagte etwas."});
  AlignerInput target =
      Side("fr", {"Elle lui montra une photo.", "Personne ne dit rien."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0] [2]:[1]");
}

// A question stays a question: "?" meets " ?" across conventions.
TEST(AlignerAnyLanguage, QuestionMarkDecidesWhichSentenceIsMissing) {
  AlignerInput source =
      Side("de", {"Er schwieg eine Weile.", "Wo warst du denn gestern?",
                  "Dann ging er hinaus."});
  AlignerInput target = Side("fr", {"Où étais-tu hier ?", "Puis il sortit."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0] [2]:[1]");
}

// Direct speech meets direct speech whatever marks it: German „…“ and »…«,
// French « … » and the dialogue dash (spaced or not), English "…" and
// '…' (an opening single quote, not an apostrophe).
TEST(AlignerAnyLanguage, DirectSpeechMatchesAcrossQuotationConventions) {
  const std::vector<std::pair<AlignerInput, AlignerInput>> pairs = {
      {Side("de", {"Sie sah lange aus dem Fenster.", "„Es wird bald regnen.“",
                   "Niemand antwortete ihr."}),
       Side("fr", {"— Il va bientôt pleuvoir, dit-elle.",
                   "Personne ne lui répondit."})},
      {Side("fr", {"Elle regarda longtemps par la fenêtre.",
                   "« Il va bientôt pleuvoir. »", "Personne ne lui répondit."}),
       Side("de",
            {"„Es wird bald regnen“, sagte sie.", "Niemand antwortete ihr."})},
      {Side("en", {"She looked out of the window.", "\"It will rain soon.\"",
                   "Nobody answered her."}),
       Side("de", {"»Es wird bald regnen.«", "Niemand antwortete ihr."})},
      {Side("en", {"She looked out of the window.", "'It will rain soon.'",
                   "Nobody answered her."}),
       Side("de", {"»Es wird bald regnen.«", "Niemand antwortete ihr."})},
      {Side("es", {"Miró largo rato por la ventana.", "—Pronto va a llover.",
                   "Nadie le contestó."}),
       Side("en",
            {"\"It will rain soon,\" she said.", "Nobody answered her."})},
  };
  for (const auto& [source, target] : pairs) {
    EXPECT_EQ(Beads(Align(source, target)), "[0]:[] [1]:[0] [2]:[1]")
        << source.language << "-" << target.language;
  }
}

// Punctuation is light: a short reply whose only evidence is its question
// mark and quotes (both found in its neighbour's translation) is left out,
// not merged into that neighbour's bead.
TEST(AlignerAnyLanguage, PunctuationAloneDoesNotSwallowADroppedLine) {
  AlignerInput source =
      Side("de", {"„Hast du das gehört?“, fragte sie leise.", "„Was?“",
                  "Er legte das Buch auf den Tisch."});
  AlignerInput target =
      Side("fr", {"« Tu as entendu ? » demanda-t-elle doucement.",
                  "Il posa le livre sur la table."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1]:[] [2]:[1]");
}

// Length counts characters in any script: a Japanese side needs no spaces.
TEST(AlignerAnyLanguage, LengthWorksWithoutSpaces) {
  AlignerInput source = Side(
      "ja", {"今日は朝から雨が降っています。", "私は一日中家で本を読みました。",
             "夕方になって、古い友達が訪ねて来ました。"});
  AlignerInput target =
      Side("en", {"It has been raining since this morning.",
                  "I spent the whole day at home reading a book, and in the "
                  "evening an old friend came to visit."});
  EXPECT_EQ(Beads(Align(source, target)), "[0]:[0] [1, 2]:[1]");
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Hand-made literary passages (joins, splits, a left-out sentence, dialogue)
// in tests/data/anylang/NAME.SRC, NAME.TGT and NAME.gold, one bead a line.
TEST(AlignerAnyLanguage, HandMadeLiteraryPassages) {
  const std::string dir = SVERKA_SOURCE_DIR "/tests/data/anylang/";
  const std::vector<std::array<std::string, 3>> passages = {
      {"salon", "de", "fr"}, {"kommissar", "de", "fr"}, {"museum", "en", "de"}};
  for (const auto& [name, src, tgt] : passages) {
    const AlignerInput source = Side(src, ReadLines(dir + name + "." + src));
    const AlignerInput target = Side(tgt, ReadLines(dir + name + "." + tgt));
    std::string gold;
    for (const std::string& bead : ReadLines(dir + name + ".gold")) {
      gold += (gold.empty() ? "" : " ") + bead;
    }
    const Alignment alignment = Align(source, target);
    ExpectCovers(alignment, source.sentences.size(), target.sentences.size());
    EXPECT_EQ(Beads(alignment), gold) << name;
  }
}

// A long pair is searched in a band through anchors (keys found once in
// their neighbourhood on each side). A name that occurs once on each side
// by chance, sixty sentences apart, in a stretch without other anchors
// fits the increasing chain; it must not bend the band off the true path.
TEST(AlignerAnyLanguage, StrayAnchorDoesNotBendALongAlignment) {
  const std::vector<std::string> source_words = {"Haus",  "ging", "nach",
                                                 "Stadt", "Wald", "heute"};
  const std::vector<std::string> target_words = {"maison", "allait", "vers",
                                                 "ville",  "bois",   "demain"};
  AlignerInput source = Side("de", {}), target = Side("fr", {});
  const int n = 600;
  for (int k = 0; k < n; ++k) {
    const int words = 3 + (k * 7919) % 13;
    std::string s, t;
    for (int w = 0; w < words; ++w) {
      s += source_words[(k + w) % source_words.size()] + " ";
      t += target_words[(k + w) % target_words.size()] + " ";
    }
    // Numbers anchor every tenth sentence, except between 300 and 400.
    if (k % 10 == 0 && (k < 300 || k >= 400)) {
      s += std::to_string(1000 + k) + " ";
      t += std::to_string(1000 + k) + " ";
    }
    if (k == 300) s += "Zebulon ";
    if (k == 360) t += "Zebulon ";
    source.sentences.push_back(s + "ende.");
    target.sentences.push_back(t + "fin.");
  }
  source.paragraphs.assign(n, 0);
  target.paragraphs.assign(n, 0);
  const Alignment alignment = Align(source, target);
  ExpectCovers(alignment, n, n);
  int right = 0;
  for (const Bead& bead : alignment.beads) {
    right += bead.source.size() == 1 && bead.target.size() == 1 &&
             bead.source[0] == bead.target[0] && bead.source[0] >= 300 &&
             bead.source[0] < 400;
  }
  EXPECT_GE(right, 95);
}

// A headline run into the first sentence with no punctuation between
// ("... фермер Фермер беше ...": "фермер" is a common word of the document,
// written in lower case elsewhere) is likely two units: the bead holding it
// is aligned, but not sure. The other beads keep their confidence.
TEST(Aligner, LikelyMissedBoundaryLowersConfidence) {
  const AlignerInput source = Side(
      "bg", {"Прасе уби фермер Фермер беше нападнат от прасе на пазар в "
             "Китай на 12 май 2018 г.",
             "Местните медии съобщават, че фермерът е бил намерен мъртъв на "
             "14 май.",
             "Полицията разследва случая от 15 май."});
  const AlignerInput target =
      Side("en", {"Pig Kills Farmer A farmer was attacked by a pig in a market "
                  "in China on 12 May 2018.",
                  "Local media report that the farmer was found dead on 14 "
                  "May.",
                  "Police are investigating the case since 15 May."});
  Alignment a = Align(source, target);
  ASSERT_EQ(Beads(a), "[0]:[0] [1]:[1] [2]:[2]");
  EXPECT_LT(a.beads[0].confidence, 0.9);
  EXPECT_GE(a.beads[1].confidence, 0.9);
  EXPECT_GE(a.beads[2].confidence, 0.9);
}

// The same words capitalised after a lower-case one in English are names
// and titles ("the Security Council"), not a cue: no language that
// capitalises every word of a name gets the penalty.
TEST(Aligner, TitleCaseLanguageHasNoMissedBoundaryCue) {
  const AlignerInput source =
      Side("en", {"The farmer went to the Farmer market on 12 May 2018.",
                  "The farmer sold 14 pigs."});
  const AlignerInput target =
      Side("en", {"The farmer went to the Farmer market on 12 May 2018.",
                  "The farmer sold 14 pigs."});
  Alignment a = Align(source, target);
  ASSERT_EQ(Beads(a), "[0]:[0] [1]:[1]");
  EXPECT_GE(a.beads[0].confidence, 0.9);
}

// A capitalised term in Bulgarian ("чрез Корпоративна Социална
// Отговорност", the Vratsa sample's wording) is two capitalised common words
// in a row, not a headline run into a sentence: the pair keeps its
// confidence, as the soft boundaries of running text already do.
TEST(Aligner, CapitalisedTermIsNoMissedBoundaryCue) {
  const AlignerInput source = Side(
      "bg", {"Мрежата решава проблемите на 10 града чрез Корпоративна "
             "Социална Отговорност.",
             "Темата на срещата на 12 май е корпоративна социална отговорност.",
             "Социалната политика на 8 общини е обсъдена."});
  const AlignerInput target = Side(
      "en", {"The network solves the problems of 10 cities through Corporate "
             "Social Responsibility.",
             "The topic of the meeting on 12 May is corporate social "
             "responsibility.",
             "The social policy of 8 municipalities was discussed."});
  Alignment a = Align(source, target);
  ASSERT_EQ(Beads(a), "[0]:[0] [1]:[1] [2]:[2]");
  EXPECT_GE(a.beads[0].confidence, 0.9);
}

// A key weighs by how rare it is around its sentence, not in the whole
// pair: the same article aligned alone or in the middle of a long pair of
// other texts gives its sentences the same weights (counted over the whole
// pair, a name met once would weigh log(1 + 880 / 2) there against
// log(1 + 80 / 2) in its article, and the costs are weighed on articles).
// The cues count a word's uses in the text they are given; the tokens of
// sentences seen before (kept per thread) must not carry another text's
// counts, in any order, nor when a text too long to keep comes between.
TEST(Aligner, MissedBoundaryCuesAreEachTextsOwn) {
  AlignerInput with_lower;
  with_lower.language = "bg";
  with_lower.sentences = {"Той каза нещо за срещата.",
                          "Обсъдиха новия общ план Срещата продължи дълго."};
  AlignerInput without = with_lower;
  without.sentences.erase(without.sentences.begin());
  const std::string& glued = without.sentences[0];
  const std::vector<size_t> at_the_capital = {glued.find("Срещата")};
  AlignerInput long_text = with_lower;
  for (int i = 0; i < 5000; ++i) {
    long_text.sentences.push_back("Изречение номер " + std::to_string(i) +
                                  " за друго.");
  }
  const std::vector<int> expected_with = {0, 1}, expected_without = {0};
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(MissedBoundaryCues(with_lower), expected_with);
    EXPECT_EQ(MissedBoundaryCues(without), expected_without);
    EXPECT_EQ(MissedBoundaryCues(with_lower), expected_with);
    const std::vector<int> cues = MissedBoundaryCues(long_text);
    ASSERT_EQ(cues.size(), long_text.sentences.size());
    EXPECT_EQ(cues[1], 1);
    EXPECT_EQ(std::count(cues.begin(), cues.end(), 0),
              static_cast<long>(cues.size()) - 1);
    EXPECT_EQ(SoftBoundaries(with_lower)[1], at_the_capital);
    EXPECT_TRUE(SoftBoundaries(without)[0].empty());
  }
}

TEST(AlignerFeatures, KeysWeighTheSameInAnArticleAndInALongPair) {
  auto dictionary = BilingualDictionary::FromPairs(
      "en", "bg", {{"mayor", "кмет"}, {"item", "точка"}, {"sun", "слънце"}});
  auto article = [](const std::string& language) {
    std::vector<std::string> sentences;
    for (int i = 0; i < 40; ++i) {
      const std::string number = std::to_string(100 + i);
      if (language == "bg") {
        sentences.push_back(i == 20
                                ? "Кметът на Враца прие точка " + number + "."
                                : "Точка " + number + " е приета.");
      } else {
        sentences.push_back(i == 20 ? "The mayor of Vratsa adopted item " +
                                          number + "."
                                    : "Item " + number + " was adopted.");
      }
    }
    return sentences;
  };
  auto filler = [](const std::string& language, int first) {
    std::vector<std::string> sentences;
    for (int k = first; k < first + 200; ++k) {
      sentences.push_back(language == "bg" ? "Слънцето грее над Враца."
                                           : "The sun shines over Vratsa.");
      sentences.back() += " " + std::to_string(1000 + k);
    }
    return sentences;
  };
  auto long_pair = [&](const std::string& language) {
    std::vector<std::string> sentences = filler(language, 0);
    for (std::string& s : article(language)) sentences.push_back(s);
    for (std::string& s : filler(language, 200)) sentences.push_back(s);
    return sentences;
  };
  auto extractor = aligner_internal::FeatureExtractor::Create(dictionary.get());
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  // The weights of one sentence's keys and of its words, each sorted (key
  // ids differ between the two extractions).
  auto weights_of = [&](const std::vector<std::string>& bg,
                        const std::vector<std::string>& en, int sentence) {
    std::vector<aligner_internal::SentenceFeatures> source, target;
    aligner_internal::KeyWeights weights;
    (*extractor)
        ->Extract(Side("bg", bg), Side("en", en), source, target, weights);
    const auto& local = weights.source_local;
    std::vector<float> keys(
        local.Keys(sentence),
        local.Keys(sentence) + source[sentence].keys.size());
    std::vector<float> words(
        local.Words(sentence),
        local.Words(sentence) + source[sentence].words.size());
    std::sort(keys.begin(), keys.end());
    std::sort(words.begin(), words.end());
    return std::make_pair(keys, words);
  };
  const auto alone = weights_of(article("bg"), article("en"), 20);
  const auto inside = weights_of(long_pair("bg"), long_pair("en"), 220);
  ASSERT_GE(alone.first.size(), 3u);   // the number, Vratsa, Kmet...
  ASSERT_GE(alone.second.size(), 2u);  // кмет, точка
  EXPECT_GT(alone.first.back(), 0.0f);
  EXPECT_EQ(alone.first, inside.first);
  EXPECT_EQ(alone.second, inside.second);
}

}  // namespace
}  // namespace sverka
