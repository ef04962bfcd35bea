#include "sverka/tmx.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "internal/libxml_util.h"
#include "test_util.h"

namespace sverka {
namespace {

namespace fs = std::filesystem;
using ::sverka::testing::ReadFile;
using ::sverka::testing::TempDir;
using ::sverka::testing::WriteFile;

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

TranslationUnit Unit(std::string source, std::string target) {
  TranslationUnit u;
  u.id = 7;
  u.source_language = "bg";
  u.target_language = "en";
  u.source_text = std::move(source);
  u.target_text = std::move(target);
  u.confidence = 0.8125;
  u.bead_type = "1-1";
  u.origin = "vratsa.bg.txt|vratsa.en.txt";
  u.created = "2026-11-22T17:35:00Z";
  u.changed = "2026-11-23T08:00:05Z";
  u.seen_count = 2;
  return u;
}

Status WriteTmx(const std::string& path,
                const std::vector<TranslationUnit>& units,
                TmxWriter* writer_out = nullptr) {
  TmxWriter local;
  TmxWriter& writer = writer_out ? *writer_out : local;
  RETURN_IF_ERROR(writer.Open(path, {}));
  for (const TranslationUnit& u : units) RETURN_IF_ERROR(writer.Write(u));
  return writer.Close();
}

std::string Attr(xmlNodePtr node, const char* name) {
  return internal::ToString(internal::XmlCharPtr(xmlGetProp(node, X(name))));
}
std::string Lang(xmlNodePtr tuv) {
  return internal::ToString(
      internal::XmlCharPtr(xmlGetNsProp(tuv, X("lang"), XML_XML_NAMESPACE)));
}
std::string Text(xmlNodePtr node) {
  return internal::ToString(internal::XmlCharPtr(xmlNodeGetContent(node)));
}
std::vector<xmlNodePtr> Children(xmlNodePtr node, const char* name) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, X(name))) {
      out.push_back(c);
    }
  }
  return out;
}

internal::XmlDocPtr Parse(const std::string& path) {
  return internal::XmlDocPtr(
      xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET));
}

// The <tu> elements of a parsed TMX.
std::vector<xmlNodePtr> Units(xmlDocPtr doc) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  std::vector<xmlNodePtr> bodies = Children(root, "body");
  if (bodies.size() != 1) return {};
  return Children(bodies[0], "tu");
}

std::vector<std::string> LeftoverTemporaries(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".tmp")) names.push_back(name);
  }
  return names;
}

TEST(TmxWriter, WritesHeaderAndUnitsThatParseBackExactly) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TranslationUnit quoted = Unit("„Здравей“, каза тя: 5 < 6 & 7 > 3.",
                                "\"Hello,\" she said: 5 < 6 & 7 > 3 'ok'.");
  quoted.properties["x-reviewed"] = "yes & no";
  TranslationUnit regional = Unit("Враца", "Vratsa");
  regional.target_language = "en-gb";
  regional.bead_type = "";
  regional.origin = "";
  TmxWriter writer;
  ASSERT_TRUE(WriteTmx(path, {quoted, regional}, &writer).ok());
  EXPECT_EQ(writer.written(), 2);
  EXPECT_EQ(writer.skipped(), 0);

  const std::string bytes = ReadFile(path);
  EXPECT_TRUE(bytes.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
      << bytes.substr(0, 80);
  EXPECT_NE(bytes.find("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"),
            std::string::npos);
  EXPECT_NE(bytes.find("Здравей"), std::string::npos);  // UTF-8, not &#...;

  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  xmlNodePtr root = xmlDocGetRootElement(doc.get());
  ASSERT_STREQ(reinterpret_cast<const char*>(root->name), "tmx");
  EXPECT_EQ(Attr(root, "version"), "1.4");
  std::vector<xmlNodePtr> headers = Children(root, "header");
  ASSERT_EQ(headers.size(), 1u);
  xmlNodePtr header = headers[0];
  EXPECT_EQ(Attr(header, "creationtool"), "Sverka");
  EXPECT_FALSE(Attr(header, "creationtoolversion").empty());
  EXPECT_EQ(Attr(header, "segtype"), "sentence");
  EXPECT_EQ(Attr(header, "o-tmf"), "Sverka");
  EXPECT_EQ(Attr(header, "adminlang"), "en");
  EXPECT_EQ(Attr(header, "srclang"), "bg");
  EXPECT_EQ(Attr(header, "datatype"), "plaintext");
  EXPECT_TRUE(std::regex_match(Attr(header, "creationdate"),
                               std::regex(R"(\d{8}T\d{6}Z)")))
      << Attr(header, "creationdate");

  std::vector<xmlNodePtr> tus = Units(doc.get());
  ASSERT_EQ(tus.size(), 2u);
  xmlNodePtr tu = tus[0];
  EXPECT_EQ(Attr(tu, "creationdate"), "20261122T173500Z");
  EXPECT_EQ(Attr(tu, "changedate"), "20261123T080005Z");
  EXPECT_EQ(Attr(tu, "usagecount"), "2");
  // Props first (the DTD's order), then source and target variants.
  std::vector<std::string> order;
  std::map<std::string, std::string> props;
  for (xmlNodePtr c = tu->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    order.push_back(reinterpret_cast<const char*>(c->name));
    if (order.back() == "prop") props[Attr(c, "type")] = Text(c);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"prop", "prop", "prop", "prop",
                                             "tuv", "tuv"}));
  EXPECT_EQ(props["x-confidence"], "0.8125");
  EXPECT_EQ(props["x-bead"], "1-1");
  EXPECT_EQ(props["x-origin"], "vratsa.bg.txt|vratsa.en.txt");
  EXPECT_EQ(props["x-reviewed"], "yes & no");
  std::vector<xmlNodePtr> tuvs = Children(tu, "tuv");
  ASSERT_EQ(tuvs.size(), 2u);
  EXPECT_EQ(Lang(tuvs[0]), "bg");
  EXPECT_EQ(Lang(tuvs[1]), "en");
  EXPECT_EQ(Text(Children(tuvs[0], "seg").at(0)), quoted.source_text);
  EXPECT_EQ(Text(Children(tuvs[1], "seg").at(0)), quoted.target_text);

  // Regional code in canonical case; no empty bead/origin props.
  std::vector<xmlNodePtr> second = Children(tus[1], "tuv");
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(Lang(second[1]), "en-GB");
  EXPECT_EQ(Children(tus[1], "prop").size(), 1u);
}

TEST(TmxWriter, KeepsLineBreaksTabsAndCarriageReturns) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TranslationUnit u = Unit("ред 1\nред 2\tтаб\r\nкрай", "line 1\nline 2");
  ASSERT_TRUE(WriteTmx(path, {u}).ok());
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  std::vector<xmlNodePtr> tuvs = Children(Units(doc.get()).at(0), "tuv");
  EXPECT_EQ(Text(Children(tuvs[0], "seg").at(0)), u.source_text);
}

TEST(TmxWriter, ReplacesCharactersXmlForbidsWithASpace) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  // 0x0B (Word's line break), 0x01, U+FFFE, U+FFFF and an encoded lone
  // surrogate (ED A0 80).
  TranslationUnit u = Unit("Първи\x0Bред\x01",
                           "First\xEF\xBF\xBEline\xEF\xBF\xBF\xED\xA0\x80!");
  u.origin = "a\x0B.txt";
  ASSERT_TRUE(WriteTmx(path, {u}).ok());
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc) << "not well-formed: " << ReadFile(path);
  std::vector<xmlNodePtr> tus = Units(doc.get());
  ASSERT_EQ(tus.size(), 1u);
  std::vector<xmlNodePtr> tuvs = Children(tus[0], "tuv");
  EXPECT_EQ(Text(Children(tuvs[0], "seg").at(0)), "Първи ред ");
  EXPECT_EQ(Text(Children(tuvs[1], "seg").at(0)), "First line  !");
  EXPECT_EQ(ReadFile(path).find('\x0B'), std::string::npos);
}

TEST(TmxWriter, RefusesTextThatIsNotUtf8) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TmxWriter writer;
  ASSERT_TRUE(writer.Open(path, {}).ok());
  Status s = writer.Write(Unit("\xC3\x28 broken", "ok"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("UTF-8"), std::string::npos) << s.ToString();
  TranslationUnit bad_origin = Unit("Да.", "Yes.");
  bad_origin.origin = "\xFF.txt";
  EXPECT_EQ(writer.Write(bad_origin).code(), StatusCode::kInvalidInput);
  // Neither error left half a <tu> behind.
  ASSERT_TRUE(writer.Write(Unit("Не.", "No.")).ok());
  ASSERT_TRUE(writer.Close().ok());
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  std::vector<xmlNodePtr> tus = Units(doc.get());
  ASSERT_EQ(tus.size(), 1u);
  EXPECT_EQ(Children(tus[0], "tuv").size(), 2u);
}

TEST(TmxWriter, SkipsAndCountsUnitsWithAnEmptySide) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TmxWriter writer;
  ASSERT_TRUE(WriteTmx(path,
                       {Unit("Да.", ""), Unit("", "Yes."), Unit("  \t", "No."),
                        Unit("Да.", "\x0B"), Unit("Не.", "No.")},
                       &writer)
                  .ok());
  EXPECT_EQ(writer.written(), 1);
  EXPECT_EQ(writer.skipped(), 4);
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  EXPECT_EQ(Units(doc.get()).size(), 1u);
}

TEST(TmxWriter, RejectsInvalidLanguageCodes) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TmxWriter writer;
  Status open = writer.Open(path, {.source_language = "bg_BG"});
  EXPECT_EQ(open.code(), StatusCode::kUsage);
  EXPECT_NE(open.message().find("bg_BG"), std::string::npos);
  EXPECT_FALSE(fs::exists(path));

  ASSERT_TRUE(writer.Open(path, {}).ok());
  TranslationUnit u = Unit("Да.", "Yes.");
  u.target_language = "english";
  Status write = writer.Write(u);
  EXPECT_EQ(write.code(), StatusCode::kInvalidInput);
  EXPECT_NE(write.message().find("english"), std::string::npos);
  u.target_language = "";
  EXPECT_EQ(writer.Write(u).code(), StatusCode::kInvalidInput);
}

TEST(TmxWriter, LanguageTags) {
  for (const char* good :
       {"bg", "en", "en-GB", "en-gb", "sr-Latn", "pt-BR", "zh-Hant-TW",
        "es-419", "fil", "sl-rozaj", "de-DE-1996"}) {
    EXPECT_TRUE(IsValidLanguageTag(good)) << good;
  }
  for (const char* bad :
       {"", "b", "bg_BG", "english", "en-", "-en", "en--GB", "en-GBR", "bg BG",
        "bg-Cyrl-Cyrl", "en-GB-US", "бг"}) {
    EXPECT_FALSE(IsValidLanguageTag(bad)) << bad;
  }
}

TEST(TmxWriter, UnwritablePathIsAnIoErrorNamingIt) {
  TempDir dir;
  const std::string path = dir.Path("no/such/folder/out.tmx");
  TmxWriter writer;
  Status s = writer.Open(path, {});
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.file(), path);
  EXPECT_NE(s.message().find("does not exist"), std::string::npos);
  EXPECT_FALSE(s.hint().empty());
  EXPECT_EQ(writer.Write(Unit("Да.", "Yes.")).code(), StatusCode::kUsage);

  EXPECT_EQ(writer.Open(dir.path(), {}).code(), StatusCode::kIoError);
}

TEST(TmxWriter, FolderWithoutWritePermissionIsAnIoError) {
  TempDir dir;
  const std::string folder = dir.Path("locked");
  fs::create_directory(folder);
  const std::string path = folder + "/out.tmx";
  WriteFile(path, "old");
  chmod(dir.path().c_str(), 0755);
  chmod(folder.c_str(), 0555);
  chmod(path.c_str(), 0666);
  // Root ignores permissions: try as an unprivileged user in a child.
  const pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(99);
    TmxWriter writer;
    Status s = writer.Open(path, {});
    _exit(s.code() == StatusCode::kIoError && s.file() == path &&
                  !s.hint().empty()
              ? 0
              : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  chmod(folder.c_str(), 0755);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 99) {
    GTEST_SKIP() << "cannot switch to an unprivileged user";
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(ReadFile(path), "old");
}

TEST(TmxWriter, FailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  WriteFile(path, "the old TMX");
  {
    TmxWriter writer;
    ASSERT_TRUE(writer.Open(path, {}).ok());
    ASSERT_TRUE(writer.Write(Unit("Да.", "Yes.")).ok());
    TranslationUnit bad = Unit("Не.", "No.");
    bad.source_language = "bulgarian";
    ASSERT_FALSE(writer.Write(bad).ok());
    EXPECT_EQ(ReadFile(path), "the old TMX");  // nothing renamed yet
    // No Close: the error path.
  }
  EXPECT_EQ(ReadFile(path), "the old TMX");
  EXPECT_TRUE(LeftoverTemporaries(dir.path()).empty());
}

TEST(TmxWriter, CloseReplacesTheOldFile) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  WriteFile(path, "the old TMX");
  ASSERT_TRUE(WriteTmx(path, {Unit("Да.", "Yes.")}).ok());
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  EXPECT_EQ(Units(doc.get()).size(), 1u);
  EXPECT_TRUE(LeftoverTemporaries(dir.path()).empty());
  TmxWriter writer;
  EXPECT_EQ(writer.Close().code(), StatusCode::kUsage);  // never opened
}

TEST(TmxWriter, ValidAgainstTheTmx14Dtd) {
  TempDir dir;
  const std::string path = dir.Path("out.tmx");
  TranslationUnit extra = Unit("Второ.", "Second.");
  extra.properties["x-note"] = "n";
  ASSERT_TRUE(WriteTmx(path, {Unit("Първо.", "First."), extra}).ok());
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  const std::string dtd_path = SVERKA_SOURCE_DIR "/tmx/tmx14.dtd";
  internal::XmlDtdPtr dtd(xmlParseDTD(nullptr, X(dtd_path.c_str())));
  ASSERT_TRUE(dtd) << dtd_path;
  internal::XmlValidCtxtPtr context(xmlNewValidCtxt());
  ASSERT_TRUE(context);
  EXPECT_EQ(xmlValidateDtd(context.get(), doc.get(), dtd.get()), 1)
      << ReadFile(path);

  // An empty memory is a valid TMX too (body holds tu*).
  ASSERT_TRUE(WriteTmx(dir.Path("empty.tmx"), {}).ok());
  internal::XmlDocPtr empty = Parse(dir.Path("empty.tmx"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(xmlValidateDtd(context.get(), empty.get(), dtd.get()), 1);
}

TEST(ExportTmx, WritesWhatTheFilterLetsThroughAndSkipsEmptySides) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  TranslationUnit low = Unit("Може би.", "Maybe.");
  low.confidence = 0.1;
  ASSERT_TRUE(
      (*tm)->Import({Unit("Да.", "Yes."), Unit("Само тук.", ""), low}).ok());
  const std::string path = dir.Path("out.tmx");
  Result<int64_t> all = ExportTmx(**tm, {}, path, {});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(*all, 2);
  Result<int64_t> sure = ExportTmx(**tm, {.min_confidence = 0.5}, path, {});
  ASSERT_TRUE(sure.ok());
  EXPECT_EQ(*sure, 1);
  internal::XmlDocPtr doc = Parse(path);
  ASSERT_TRUE(doc);
  std::vector<xmlNodePtr> tus = Units(doc.get());
  ASSERT_EQ(tus.size(), 1u);
  EXPECT_EQ(Attr(tus[0], "tuid"), "1");
  EXPECT_EQ(Attr(tus[0], "usagecount"), "1");
}

TEST(ExportTmx, FailureKeepsTheOldFile) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit odd = Unit("Да.", "Yes.");
  odd.target_language = "English";  // stored, but not a BCP 47 code
  ASSERT_TRUE((*tm)->Import({Unit("Не.", "No."), odd}).ok());
  const std::string path = dir.Path("out.tmx");
  WriteFile(path, "the old TMX");
  Result<int64_t> result = ExportTmx(**tm, {}, path, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadFile(path), "the old TMX");
  EXPECT_EQ(LeftoverTemporaries(dir.path()).size(), 0u);
}

TEST(ExportTmx, CheckTmxWithOmegatAcceptsIt) {
  const std::string tool = SVERKA_SHARED_DIR "/tools/check-tmx";
  if (access(tool.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << tool;
  if (access("/usr/share/omegat/OmegaT.jar", R_OK) != 0 ||
      (access("/usr/bin/omegat", X_OK) != 0 &&
       access("/usr/local/bin/omegat", X_OK) != 0)) {
    GTEST_SKIP() << "OmegaT is not installed (apt-get install omegat)";
  }
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE(
      (*tm)
          ->Import({Unit("Враца е град в Северозападна България.",
                         "Vratsa is a town in north-western Bulgaria."),
                    Unit("„Градовете за социална отговорност“ е проект.",
                         "\u201CCities for social responsibility\u201D is a "
                         "project."),
                    Unit("Партньорите са от 5 държави & 6 града.",
                         "The partners come from 5 countries & 6 cities."),
                    Unit("Само на български.", "")})
          .ok());
  const std::string path = dir.Path("vratsa.bg-en.tmx");
  Result<int64_t> written = ExportTmx(**tm, {}, path, {});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_EQ(*written, 3);
  testing::RunResult run =
      testing::Run(tool, {path, "--expect-tus", "3", "--omegat"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("PASS omegat"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace sverka
