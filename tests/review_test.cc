// The review page and the decisions it exports, through sverka/review.h.
// The page's behaviour in a browser is tested by tests/browser/.
#include "sverka/review.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>

#include "review_json.h"
#include "test_util.h"

namespace sverka {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

DocumentAlignment SmallAlignment() {
  DocumentAlignment a;
  a.source_name = "a.bg.txt";
  a.target_name = "a.en.txt";
  a.source_language = "bg";
  a.target_language = "en";
  a.origin_hash = "abc";
  a.source_sentences = {"Община Враца участва в проекта.",
                        "Срещата беше в Милано през май 2020 г.",
                        "Няма превод."};
  a.target_sentences = {"The Municipality of Vratsa takes part.",
                        "The meeting was in Milan in May 2020."};
  auto pair = [&](std::vector<int> s, std::vector<int> t, double c) {
    AlignedPair p;
    p.bead.source = s;
    p.bead.target = t;
    p.bead.confidence = c;
    for (int i : s) {
      p.source_text +=
          (p.source_text.empty() ? "" : " ") + a.source_sentences[i];
    }
    for (int i : t) {
      p.target_text +=
          (p.target_text.empty() ? "" : " ") + a.target_sentences[i];
    }
    a.pairs.push_back(p);
  };
  pair({0}, {0}, 0.97);
  pair({1}, {1}, 0.62);
  pair({2}, {}, 0.3);
  return a;
}

// The JSON inside <script type="application/json" id="sverka-data">.
std::string DataOf(const std::string& html) {
  const std::string open =
      "<script type=\"application/json\" id=\"sverka-data\">";
  const size_t begin = html.find(open);
  if (begin == std::string::npos) return "";
  const size_t end = html.find("</script>", begin);
  return html.substr(begin + open.size(), end - begin - open.size());
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(Review, PageIsSelfContained) {
  Result<std::string> html = RenderReviewPage(SmallAlignment(), {});
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  // Nothing is loaded from anywhere: no src or href pointing at a URL, no
  // stylesheet link, no external script, no import.
  const std::regex remote(R"((src|href|action)\s*=\s*["']?\s*(https?:)?//)",
                          std::regex::icase);
  EXPECT_FALSE(std::regex_search(*html, remote));
  EXPECT_EQ(html->find("http://"), std::string::npos);
  EXPECT_EQ(html->find("https://"), std::string::npos);
  EXPECT_EQ(html->find("<link"), std::string::npos);
  EXPECT_EQ(html->find("<script src"), std::string::npos);
  EXPECT_EQ(html->find("import("), std::string::npos);
  EXPECT_EQ(html->find("fetch("), std::string::npos);
  // Exactly the data script and the inline program.
  EXPECT_EQ(Count(*html, "<script"), 2);
  EXPECT_EQ(Count(*html, "</script>"), 2);
  // Every placeholder was filled.
  EXPECT_EQ(html->find("{{"), std::string::npos);
  EXPECT_NE(html->find("<title>Review: a.bg.txt + a.en.txt</title>"),
            std::string::npos);
}

TEST(Review, DataCannotEndTheScriptElement) {
  DocumentAlignment a = SmallAlignment();
  const std::string evil =
      "Текст </script><script>alert(1)</script> <!-- и </SCRIPT > & \u2028.";
  a.source_sentences[0] = evil;
  a.pairs[0].source_text = evil;
  ReviewPageOptions options;
  options.title = "</title><script>alert(2)</script>";
  Result<std::string> html = RenderReviewPage(a, options);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  std::string lower = *html;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(Count(lower, "</script"), 2);
  EXPECT_EQ(Count(lower, "<script"), 2);
  EXPECT_EQ(Count(lower, "<!--"), 0);
  // The text comes back intact from the JSON, as JSON.parse would read it.
  Result<internal::JsonValue> data = internal::ParseJson(DataOf(*html), "page");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const internal::JsonValue* source = data->Find("source");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->array.at(0).array.at(0).string, evil);
  EXPECT_EQ(data->Find("title")->string, options.title);
}

TEST(Review, OneRowPerPairAndAnchorsOnBothSides) {
  Result<std::string> html = RenderReviewPage(SmallAlignment(), {});
  ASSERT_TRUE(html.ok());
  Result<internal::JsonValue> data = internal::ParseJson(DataOf(*html), "page");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const auto& rows = data->Find("rows")->array;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].Find("t")->array.size(), 0u);  // the omission
  EXPECT_EQ(rows[2].Find("b")->string, "1-0");
  EXPECT_DOUBLE_EQ(rows[1].Find("c")->number, 0.62);
  // Keys the page matches across the two sides of row 2: the year, the
  // month and the city, whatever script it is written in.
  auto keys = [&](const char* side, size_t i) {
    std::map<std::string, std::string> out;
    for (const auto& token : data->Find(side)->array.at(i).array.at(1).array) {
      out[token.array.at(3).string] = token.array.at(2).string;
    }
    return out;
  };
  const auto source = keys("source", 1);
  const auto target = keys("target", 1);
  for (const char* key : {"2020", "m5"}) {
    EXPECT_TRUE(source.count(key)) << key;
    EXPECT_TRUE(target.count(key)) << key;
  }
  EXPECT_TRUE(source.count("milano"));
  EXPECT_TRUE(target.count("milan"));
  EXPECT_TRUE(keys("source", 0).count("vratsa"));
  EXPECT_TRUE(keys("target", 0).count("vratsa"));
}

TEST(Review, BeadNamingAMissingSentenceIsRefused) {
  DocumentAlignment a = SmallAlignment();
  a.pairs[1].bead.target = {7};
  Result<std::string> html = RenderReviewPage(a, {});
  EXPECT_EQ(html.status().code(), StatusCode::kInvalidInput);
}

TEST(Review, WritesThePageAndNamesTheExport) {
  TempDir dir;
  ASSERT_TRUE(
      WriteReviewPage(SmallAlignment(), dir.Path("vratsa.html"), {}).ok());
  const std::string html = ReadFile(dir.Path("vratsa.html"));
  EXPECT_NE(html.find("\"export_name\":\"vratsa.json\""), std::string::npos);
  Status s =
      WriteReviewPage(SmallAlignment(), dir.Path("no/such/page.html"), {});
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.ToString().find("page.html"), std::string::npos);
}

std::vector<TranslationUnit> StoredUnits(const std::string& path) {
  std::vector<TranslationUnit> units;
  auto tm = OpenSqliteMemory(path, {.read_only = true});
  EXPECT_TRUE(tm.ok());
  EXPECT_TRUE((*tm)
                  ->ForEach({},
                            [&](const TranslationUnit& u) {
                              units.push_back(u);
                              return Status::Ok();
                            })
                  .ok());
  return units;
}

TranslationUnit Unit(const std::string& source, const std::string& target,
                     double confidence) {
  TranslationUnit u;
  u.source_language = "bg";
  u.target_language = "en";
  u.source_text = source;
  u.target_text = target;
  u.confidence = confidence;
  u.bead_type = "1-1";
  u.origin = "a.bg.txt|a.en.txt";
  u.origin_hash = "hash-a";
  return u;
}

TEST(Review, PageFromMemoryUnitsKeepsTheirIds) {
  TempDir dir;
  const std::string db = dir.Path("memory.db");
  auto tm = OpenSqliteMemory(db, {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE((*tm)
                  ->Import({Unit("Едно. Две.", "One. Two.", 0.5),
                            Unit("Три.", "Three.", 0.9)})
                  .ok());
  std::vector<TranslationUnit> units = StoredUnits(db);
  Result<std::string> html = RenderReviewPage(units, {});
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  Result<internal::JsonValue> data = internal::ParseJson(DataOf(*html), "page");
  ASSERT_TRUE(data.ok());
  const auto& rows = data->Find("rows")->array;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Find("id")->number, static_cast<double>(units[0].id));
  // Split into sentences, so the reviewer can split the cell.
  EXPECT_EQ(rows[0].Find("s")->array.size(), 2u);
  EXPECT_EQ(rows[0].Find("t")->array.size(), 2u);

  units.push_back(units[0]);
  units.back().target_language = "de";
  EXPECT_EQ(RenderReviewPage(units, {}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(
      RenderReviewPage(std::vector<TranslationUnit>{}, {}).status().code(),
      StatusCode::kNotFound);
}

TEST(Review, ApplyConfirmsRemovesAndReplaces) {
  TempDir dir;
  const std::string db = dir.Path("memory.db");
  {
    auto tm = OpenSqliteMemory(db, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_TRUE((*tm)
                    ->Import({Unit("Първо.", "First.", 0.95),
                              Unit("Второ.", "Wrong.", 0.4),
                              Unit("Трето", "Third and", 0.5),
                              Unit("и четвърто.", "fourth.", 0.5)})
                    .ok());
  }
  const std::vector<TranslationUnit> before = StoredUnits(db);
  ASSERT_EQ(before.size(), 4u);
  const std::string json = R"({"format":"sverka-review-decisions","version":1,
    "source_language":"bg","target_language":"en","origin":"a","origin_hash":"",
    "decisions":[
     {"action":"confirm","originals":[{"id":)" +
                           std::to_string(before[0].id) +
                           R"(,"source":"Първо.","target":"First."}],
      "source":"Първо.","target":"First.","bead":"1-1","confirmed":true},
     {"action":"reject","originals":[{"id":0,"source":"Второ.","target":"Wrong."}],
      "source":"Второ.","target":"Wrong.","bead":"1-1","confirmed":false},
     {"action":"replace","originals":[
        {"id":)" + std::to_string(before[2].id) +
                           R"(,"source":"Трето","target":"Third and"},
        {"id":999,"source":"и четвърто.","target":"fourth."}],
      "source":"Трето и четвърто.","target":"Third and fourth.","bead":"2-2",
      "confirmed":false},
     {"action":"confirm","originals":[{"id":0,"source":"Няма го.","target":"Gone."}],
      "source":"Няма го.","target":"Gone.","bead":"1-1"}]})";
  Result<ReviewDecisions> decisions = ParseReviewDecisions(json, "d.json");
  ASSERT_TRUE(decisions.ok()) << decisions.status().ToString();
  ASSERT_EQ(decisions->decisions.size(), 4u);

  Result<ApplyReviewReport> report = ApplyReview(*decisions, db, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->confirmed, 1);
  EXPECT_EQ(report->removed, 3);
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->not_found, 1);
  ASSERT_EQ(report->not_found_examples.size(), 1u);
  EXPECT_EQ(report->not_found_examples[0], "Няма го.");

  const std::vector<TranslationUnit> after = StoredUnits(db);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].source_text, "Първо.");
  EXPECT_EQ(after[0].properties.at("x-reviewed"), "confirmed");
  EXPECT_EQ(after[1].source_text, "Трето и четвърто.");
  EXPECT_EQ(after[1].target_text, "Third and fourth.");
  EXPECT_EQ(after[1].origin, "reviewed");
  EXPECT_EQ(after[1].bead_type, "2-2");
  EXPECT_DOUBLE_EQ(after[1].confidence, 1.0);
  EXPECT_EQ(after[1].properties.at("x-reviewed"), "corrected");

  // The word index follows: the new pair is found, the removed ones not.
  auto tm = OpenSqliteMemory(db, {.read_only = true});
  ASSERT_TRUE(tm.ok());
  Result<std::vector<TranslationUnit>> found = (*tm)->Search(
      {.source_language = "bg", .target_language = "en", .phrase = {"fourth"}});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].source_text, "Трето и четвърто.");
  found = (*tm)->Search(
      {.source_language = "bg", .target_language = "en", .phrase = {"wrong"}});
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST(Review, ApplyOnAMissingMemoryFolderChangesNothing) {
  TempDir dir;
  ReviewDecisions decisions;
  decisions.source_language = "bg";
  decisions.target_language = "en";
  Result<ApplyReviewReport> report =
      ApplyReview(decisions, dir.Path("no/such/memory.db"), {});
  EXPECT_EQ(report.status().code(), StatusCode::kIoError);
  decisions.source_language = "";
  EXPECT_EQ(ApplyReview(decisions, dir.Path("m.db"), {}).status().code(),
            StatusCode::kInvalidInput);
}

TEST(Review, BadDecisionFilesAreRefused) {
  auto code = [](const std::string& json) {
    return ParseReviewDecisions(json, "d.json").status().code();
  };
  Result<ReviewDecisions> broken =
      ParseReviewDecisions("{\"format\": ", "d.json");
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(broken.status().file(), "d.json");
  EXPECT_EQ(broken.status().byte_offset(), 11);
  EXPECT_EQ(code("[]"), StatusCode::kInvalidInput);
  EXPECT_EQ(code(R"({"format":"tmx","version":1})"), StatusCode::kInvalidInput);
  EXPECT_EQ(code(R"({"format":"sverka-review-decisions","version":2,
                    "source_language":"bg","target_language":"en",
                    "decisions":[]})"),
            StatusCode::kUnsupported);
  EXPECT_EQ(code(R"({"format":"sverka-review-decisions","version":1,
                    "source_language":"bg","target_language":"en",
                    "decisions":[{"action":"delete","originals":[{}]}]})"),
            StatusCode::kInvalidInput);
  EXPECT_EQ(code(R"({"format":"sverka-review-decisions","version":1,
                    "target_language":"en","decisions":[]})"),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadReviewDecisions("/no/such/decisions.json").status().code(),
            StatusCode::kNotFound);
  // \u escapes, surrogate pairs included, become UTF-8.
  Result<ReviewDecisions> ok = ParseReviewDecisions(
      R"({"format":"sverka-review-decisions","version":1,
          "source_language":"bg","target_language":"en","decisions":[
          {"action":"reject","originals":[{"source":"\u0414\ud83d\ude00",
           "target":"x"}]}]})",
      "d.json");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->decisions[0].originals[0].source_text, "Д\U0001F600");
}

}  // namespace
}  // namespace sverka
