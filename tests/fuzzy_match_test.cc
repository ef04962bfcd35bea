#include "sverka/fuzzy_match.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace sverka {
namespace {

using ::sverka::testing::ReadFile;
using ::sverka::testing::TempDir;

TranslationUnit Unit(std::string source, std::string target) {
  TranslationUnit u;
  u.source_language = "bg";
  u.target_language = "en";
  u.source_text = std::move(source);
  u.target_text = std::move(target);
  u.origin = "vratsa-cities4csr.bg-en.txt";
  return u;
}

// The sentence of `text` that starts with `begin`, up to and including the
// first `end` after it.
std::string Cut(const std::string& text, const std::string& begin,
                const std::string& end) {
  const size_t from = text.find(begin);
  EXPECT_NE(from, std::string::npos) << begin;
  const size_t to = text.find(end, from);
  EXPECT_NE(to, std::string::npos) << end;
  return text.substr(from, to + end.size() - from);
}

// A memory with sentence pairs from the Vratsa sample (the bilingual text
// the README aligns), cut by hand.
std::unique_ptr<TranslationMemory> VratsaMemory(const TempDir& dir) {
  const std::string text =
      ReadFile(SVERKA_SOURCE_DIR "/samples/vratsa-cities4csr.bg-en.txt");
  std::vector<TranslationUnit> units = {
      Unit(Cut(text, "Съфинансирана от Европейския", "приоритети."),
           Cut(text, "Co-financed by the European", "priorities.")),
      Unit(Cut(text, "Основната цел на проекта", "градове."),
           Cut(text, "The main goal of the project", "cities.")),
      Unit("През м. Май 2020 г. започна изпълнението на втора фаза на "
           "проекта.",
           "In May 2020 the second phase of the project began."),
      Unit("Мрежата включва 10 общини от цяла Европа.",
           "The network includes 10 municipalities from all over Europe."),
      Unit("Проектът е финансиран по Програма УРБАКТ III.",
           "The project is funded by the URBACT III Programme."),
  };
  auto tm = OpenSqliteMemory(dir.Path("vratsa.db"), {});
  EXPECT_TRUE(tm.ok()) << tm.status().ToString();
  EXPECT_TRUE((*tm)->Import(units).ok());
  return std::move(*tm);
}

TEST(Concordance, FindsLeadPartnerInTheVratsaMemory) {
  TempDir dir;
  auto tm = VratsaMemory(dir);
  auto hits = Concordance(*tm, "водещ партньор", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  const ConcordanceHit& hit = (*hits)[0];
  EXPECT_NE(hit.unit.target_text.find("lead partner"), std::string::npos);
  ASSERT_EQ(hit.source_spans.size(), 1u);
  EXPECT_EQ(hit.unit.source_text.substr(
                hit.source_spans[0].first,
                hit.source_spans[0].second - hit.source_spans[0].first),
            "водещ партньор");
  // In English too, in any case.
  hits = Concordance(*tm, "LEAD Partner", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  ASSERT_EQ((*hits)[0].target_spans.size(), 1u);
  // Stress marks as dictionaries write them are folded.
  hits = Concordance(*tm, "во̀дещ партньо́р", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
  // Only where asked.
  hits = Concordance(*tm, "lead partner", {.in_target = false});
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
  hits = Concordance(*tm, " , ", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

TEST(FuzzyMatcher, ExactSourceIsAHundredPercent) {
  TempDir dir;
  auto tm = VratsaMemory(dir);
  FuzzyMatcher matcher(*tm, {});
  auto matches =
      matcher.Lookup("Проектът е финансиран по Програма УРБАКТ III.");
  ASSERT_TRUE(matches.ok()) << matches.status().ToString();
  ASSERT_FALSE(matches->empty());
  EXPECT_EQ((*matches)[0].score, 100);
  EXPECT_EQ((*matches)[0].suggestion,
            "The project is funded by the URBACT III Programme.");
  EXPECT_FALSE((*matches)[0].numbers_substituted);
}

TEST(FuzzyMatcher, ADifferentNumberIs99WithTheNumberPutIn) {
  TempDir dir;
  auto tm = VratsaMemory(dir);
  FuzzyMatcher matcher(*tm, {});
  auto matches = matcher.Lookup("Мрежата включва 12 общини от цяла Европа.");
  ASSERT_TRUE(matches.ok()) << matches.status().ToString();
  ASSERT_FALSE(matches->empty());
  EXPECT_EQ((*matches)[0].score, 99);
  EXPECT_TRUE((*matches)[0].numbers_substituted);
  EXPECT_EQ((*matches)[0].suggestion,
            "The network includes 12 municipalities from all over Europe.");
  // Two numbers, one written with the other decimal separator in English.
  ASSERT_TRUE(tm->Import({Unit("Растеж от 1,5 % през 2019 г.",
                               "Growth of 1.5% in 2019.")})
                  .ok());
  matches = matcher.Lookup("Растеж от 2,25 % през 2021 г.");
  ASSERT_TRUE(matches.ok());
  ASSERT_FALSE(matches->empty());
  EXPECT_EQ((*matches)[0].score, 99);
  EXPECT_EQ((*matches)[0].suggestion, "Growth of 2.25% in 2021.");
}

TEST(FuzzyMatcher, ScoresLikeACatTool) {
  EXPECT_EQ(MatchScore("Мрежата включва общини.", "Мрежата включва общини."),
            100);
  EXPECT_EQ(MatchScore("Мрежата  включва общини.", "Мрежата включва общини."),
            100);  // white space does not count
  // Case costs less than a word: 1 of 3.5 words at 0.2.
  EXPECT_EQ(MatchScore("мрежата включва общини.", "Мрежата включва общини."),
            94);
  // Punctuation costs half a word.
  EXPECT_EQ(MatchScore("Мрежата включва общини!", "Мрежата включва общини."),
            85);
  // One different word of four.
  EXPECT_EQ(MatchScore("Мрежата включва десет общини.",
                       "Мрежата включва пет общини."),
            77);
  // Only the full stop is shared: 0.5 of 3 words.
  EXPECT_EQ(MatchScore("Да.", "Не, благодаря."), 16);
  EXPECT_EQ(MatchScore("", "Не."), 0);
}

TEST(FuzzyMatcher, TopNMinimumAndOrder) {
  TempDir dir;
  auto tm = VratsaMemory(dir);
  ASSERT_TRUE(tm->Import({Unit("Проектът е финансиран по Програма УРБАКТ.",
                               "The project is funded by URBACT."),
                          Unit("Проектът е финансиран от Програма УРБАКТ III.",
                               "Funded by URBACT III.")})
                  .ok());
  FuzzyMatcher matcher(*tm, {.max_results = 2});
  auto matches =
      matcher.Lookup("Проектът е финансиран по Програма УРБАКТ III.");
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_EQ((*matches)[0].score, 100);
  EXPECT_LT((*matches)[1].score, 100);
  EXPECT_GE((*matches)[1].score, 70);
  FuzzyMatcher strict(*tm, {.min_score = 95});
  matches = strict.Lookup("Проектът е финансиран по Програма УРБАКТ II.");
  ASSERT_TRUE(matches.ok());
  EXPECT_TRUE(matches->empty());
  FuzzyMatcher bad(*tm, {.min_score = 0});
  EXPECT_EQ(bad.Lookup("x").status().code(), StatusCode::kUsage);
}

// The prefilter against a full scan: random sentences over a small
// vocabulary (so that many units share words) and mutated queries.
// At 50 % a 4-word query needs no shared word (the bound allows 4 changes),
// so every unit of 0 to 8 words is a candidate: more than max_candidates.
// The match must still be found.
TEST(FuzzyMatcher, MoreCandidatesThanTheLimitLoseNoMatch) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 21000; ++i) {
    units.push_back(Unit("Ред " + std::to_string(i) + " от списъка.",
                         "Line " + std::to_string(i) + " of the list."));
  }
  // Stored last, so the highest id: the first a cut would drop.
  units.push_back(Unit("Кметът откри новия мост.", "The mayor opened it."));
  ASSERT_TRUE((*tm)->Import(units).ok());
  FuzzyMatcher matcher(**tm, {.min_score = 50, .max_candidates = 20000});
  auto matches = matcher.Lookup("Кметът откри стария мост.");
  ASSERT_TRUE(matches.ok()) << matches.status().ToString();
  ASSERT_FALSE(matches->empty());
  EXPECT_EQ((*matches)[0].unit.target_text, "The mayor opened it.");
  EXPECT_EQ((*matches)[0].score, 77);  // one word of 4.5 changed
}

// Each match's unit id and score, in the order given.
std::vector<std::pair<int64_t, int>> IdsAndScores(
    const std::vector<FuzzyMatch>& matches) {
  std::vector<std::pair<int64_t, int>> out;
  for (const FuzzyMatch& m : matches) out.emplace_back(m.unit.id, m.score);
  return out;
}

TEST(FuzzyMatcher, PrefilterLosesNoMatchAFullScanFinds) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  std::mt19937 random(7);
  const std::vector<std::string> vocabulary = {
      "общината", "проект", "партньор", "град",   "мрежа",       "водещ",
      "и",        "на",     "в",        "за",     "с",           "Враца",
      "София",    "2020",   "10",       "бизнес", "отговорност", "план",
      "действия", ",",      "-",        "местни", "власти"};
  auto sentence = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
      s += (i ? " " : "") + vocabulary[random() % vocabulary.size()];
    }
    return s + ".";
  };
  std::vector<std::string> sources;
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 3000; ++i) {
    sources.push_back(sentence(3 + static_cast<int>(random() % 12)));
    units.push_back(Unit(sources.back(), "T" + std::to_string(i)));
  }
  ASSERT_TRUE((*tm)->Import(units).ok());
  for (int min_score : {50, 70, 85}) {
    FuzzyMatcher matcher(**tm, {.max_results = 1000, .min_score = min_score});
    int compared = 0, found = 0;
    for (int q = 0; q < 40; ++q) {
      // A stored source with a word or two changed, dropped or added.
      std::string query = sources[random() % sources.size()];
      for (int edits = static_cast<int>(random() % 3); edits > 0; --edits) {
        const size_t space = query.find(' ', random() % query.size());
        if (space == std::string::npos) break;
        query.insert(space, " " + vocabulary[random() % vocabulary.size()]);
      }
      auto fast = matcher.Lookup(query);
      auto full = matcher.LookupFullScan(query);
      ASSERT_TRUE(fast.ok() && full.ok());
      std::vector<std::pair<int64_t, int>> a = IdsAndScores(*fast);
      std::vector<std::pair<int64_t, int>> b = IdsAndScores(*full);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b) << query << " at " << min_score;
      ++compared;
      found += static_cast<int>(b.size());
    }
    EXPECT_GT(found, compared / 2) << min_score;  // not an empty comparison
  }
}

// Words in more units than FindCandidates probes at once (4096), so their
// lists are estimated and then read whole, and a small top N, so the edit
// distance is cut off against the N best so far: still exactly what a full
// scan finds, in the same order.
TEST(FuzzyMatcher, PrefilterWithCommonWordsAndSmallTopAgreesWithFullScan) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  std::mt19937 random(11);
  const std::vector<std::string> common = {"и", "на", "за", "се", "от"};
  std::vector<std::string> rare;
  for (int i = 0; i < 300; ++i) rare.push_back("дума" + std::to_string(i));
  auto sentence = [&] {
    std::string s;
    const int words = 4 + static_cast<int>(random() % 10);
    for (int i = 0; i < words; ++i) {
      const std::string& w = random() % 3 != 0
                                 ? common[random() % common.size()]
                                 : rare[random() % rare.size()];
      s += (i ? " " : "") + w;
    }
    return s + ".";
  };
  std::vector<std::string> sources;
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 9000; ++i) {
    sources.push_back(sentence());
    units.push_back(Unit(sources.back(), "T" + std::to_string(i)));
  }
  ASSERT_TRUE((*tm)->Import(units).ok());
  for (int max_results : {3, 1000}) {
    FuzzyMatcher matcher(**tm, {.max_results = max_results, .min_score = 70});
    int found = 0;
    for (int q = 0; q < 30; ++q) {
      std::string query = sources[random() % sources.size()];
      const size_t space = query.find(' ', random() % query.size());
      if (space != std::string::npos) query.insert(space, " вмъкната");
      auto fast = matcher.Lookup(query);
      auto full = matcher.LookupFullScan(query);
      ASSERT_TRUE(fast.ok() && full.ok());
      const auto a = IdsAndScores(*fast);
      const auto b = IdsAndScores(*full);
      EXPECT_EQ(a, b) << query << " top " << max_results;
      found += static_cast<int>(b.size());
    }
    // Not an empty comparison: each query finds at least its source.
    EXPECT_GE(found, 30) << max_results;
  }
}

// The bound on shared words is tight: of a 10-word query (10.5 with the
// full stop) a source may lack 3 words at 70 % (71 %), not 4 (61 %).
TEST(FuzzyMatcher, SourceLackingAsManyWordsAsTheMinimumAllowsIsFound) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE((*tm)
                  ->Import({Unit("а бе ве ге де же зе ий ка ел.", "three"),
                            Unit("а бе ве ге де же зе ий ем ен.", "four")})
                  .ok());
  FuzzyMatcher matcher(**tm, {});
  auto matches = matcher.Lookup("а бе ве ге де же ох уу фи хи.");
  ASSERT_TRUE(matches.ok());
  EXPECT_TRUE(matches->empty());  // both lack 4 of the 10 words
  matches = matcher.Lookup("а бе ве ге де же зе ох уу фи.");
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 2u);  // both lack exactly 3
  EXPECT_EQ((*matches)[0].score, 71);
  EXPECT_EQ((*matches)[1].score, 71);
}

}  // namespace
}  // namespace sverka
