#include "sverka/pretranslate.h"

#include <gtest/gtest.h>
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>

#include <string>

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

// Validates `path` against the XLIFF 1.2 strict schema offline: the
// schema's import of xml.xsd goes through the shared catalog, and the
// no-network loader refuses anything else.
std::string SchemaErrors(const std::string& path) {
  static bool catalog = [] {
    xmlInitializeCatalog();
    xmlLoadCatalog(SVERKA_SHARED_DIR "/xliff/catalog.xml");
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
    return true;
  }();
  (void)catalog;
  std::string errors;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(
      SVERKA_SHARED_DIR "/xliff/xliff-core-1.2-strict.xsd");
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema == nullptr) return "the schema does not load";
  xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(
      context,
      [](void* out, xmlErrorPtr e) {
        *static_cast<std::string*>(out) +=
            "line " + std::to_string(e->line) + ": " + e->message;
      },
      &errors);
  const int rc = xmlSchemaValidateFile(context, path.c_str(), XML_PARSE_NONET);
  xmlSchemaFreeValidCtxt(context);
  xmlSchemaFree(schema);
  if (rc != 0 && errors.empty())
    errors = "invalid (" + std::to_string(rc) + ")";
  return errors;
}

TEST(Pretranslate, FillsExactAndFuzzyMatchesAndValidatesAsXliff12) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE(
      (*tm)
          ->Import({Unit("Проектът е финансиран по Програма УРБАКТ III.",
                         "The project is funded by URBACT III."),
                    Unit("Мрежата включва 10 общини от цяла Европа.",
                         "The network includes 10 municipalities "
                         "from all over Europe."),
                    Unit("Срещата се проведе в град Враца.",
                         "The meeting took place in Vratsa.")})
          .ok());
  auto doc = DecodeText(
      "Проектът е финансиран по Програма УРБАКТ III. Мрежата включва 12 "
      "общини от цяла Европа.\n\nСрещата се проведе в град София & "
      "<Пловдив>. Нищо общо няма тук.\n",
      {.encoding = "", .name = "sofia.bg.txt"});
  ASSERT_TRUE(doc.ok());
  auto segmenter = Segmenter::Create({.language = "bg"});
  ASSERT_TRUE(segmenter.ok());
  FuzzyMatcher matcher(**tm, {.min_score = 50});
  const std::string out = dir.Path("sofia.xlf");
  auto report = Pretranslate(*doc, **segmenter, matcher, out, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->total.sentences, 4);
  EXPECT_EQ(report->exact.sentences, 1);
  EXPECT_EQ(report->exact.words, 7);
  EXPECT_EQ(report->bands[0].sentences, 1);     // the 99% number match
  EXPECT_EQ(report->below_bands.sentences, 1);  // 61%, the minimum is 50
  EXPECT_EQ(report->no_match.sentences, 1);
  const std::string xliff = ReadFile(out);
  EXPECT_NE(xliff.find("state=\"translated\" state-qualifier=\"exact-match\""),
            std::string::npos);
  EXPECT_NE(xliff.find("The network includes 12 municipalities"),
            std::string::npos);
  EXPECT_NE(xliff.find("state=\"needs-review-translation\""),
            std::string::npos);
  EXPECT_NE(xliff.find("match-quality=\"99\""), std::string::npos);
  EXPECT_NE(xliff.find("София &amp; &lt;Пловдив&gt;"), std::string::npos);
  EXPECT_EQ(SchemaErrors(out), "");
  // The check can fail: a state XLIFF 1.2 does not define.
  std::string bad = xliff;
  bad.replace(bad.find("needs-review-translation"), 24, "almost-done");
  testing::WriteFile(dir.Path("bad.xlf"), bad);
  EXPECT_NE(SchemaErrors(dir.Path("bad.xlf")).find("almost-done"),
            std::string::npos);
}

TEST(Pretranslate, UnwritableOutputIsAnIoErrorNamingIt) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  auto doc = DecodeText("Да.\n", {});
  auto segmenter = Segmenter::Create({.language = "bg"});
  FuzzyMatcher matcher(**tm, {});
  const std::string out = dir.Path("missing/out.xlf");
  auto report = Pretranslate(*doc, **segmenter, matcher, out, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kIoError);
  EXPECT_EQ(report.status().file(), out);
}

}  // namespace
}  // namespace sverka
