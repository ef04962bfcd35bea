// Runs the built `sverka` binary as a user would: exit codes, messages that
// name the file and what to do, and nothing written when something fails.
#include <gtest/gtest.h>

#include "test_util.h"

namespace sverka {
namespace {

using testing::Lines;
using testing::ReadFile;
using testing::RunProgram;
using testing::TempDir;
using testing::WriteFile;

const std::string kSverka = SVERKA_BINARY;
const std::string kSamples = std::string(SVERKA_SOURCE_DIR) + "/samples/";
const std::string kVratsa = kSamples + "vratsa-cities4csr.bg-en.txt";

constexpr char kBulgarian[] =
    "Община Враца участва в проекта. Срещата беше в Милано през май 2020 г.\n";
constexpr char kEnglish[] =
    "The Municipality of Vratsa takes part in the project. The meeting was "
    "in Milan in May 2020.\n";

TEST(Cli, NoArgumentsIsUsageError) {
  auto r = RunProgram(kSverka, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Usage"), std::string::npos);
}

TEST(Cli, HelpEverywhere) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"segment", "--help"},
                                             {"align", "--help"},
                                             {"tm", "--help"},
                                             {"tm", "export", "--help"},
                                             {"tm", "stats", "--help"},
                                             {"tm", "import", "--help"},
                                             {"tm", "lookup", "--help"},
                                             {"tm", "concord", "--help"},
                                             {"pretranslate", "--help"},
                                             {"review", "--help"},
                                             {"batch", "--help"},
                                             {"srx", "--help"}}) {
    auto r = RunProgram(kSverka, args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args[0];
  }
}

TEST(Cli, UnknownOptionAndFormatAreUsageErrors) {
  EXPECT_EQ(RunProgram(kSverka, {"align", "--no-such-flag"}).exit_code, 2);
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto r = RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt"),
                                "--format", "csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("csv"), std::string::npos);
}

TEST(Cli, SegmentPrintsOneSentenceALine) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  auto r = RunProgram(kSverka, {"segment", "--lang", "bg", dir.Path("a.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), (std::vector<std::string>{
                              "Община Враца участва в проекта.",
                              "Срещата беше в Милано през май 2020 г."}));
}

TEST(Cli, SegmentReadsStandardInput) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), "One sentence. Another one.\n");
  auto r =
      RunProgram(kSverka, {"segment", "--lang", "en", "-"}, dir.Path("a.txt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 2u);
}

TEST(Cli, AlignWritesEveryFormat) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto beads =
      RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt"),
                           "--format", "beads", "-q"});
  ASSERT_EQ(beads.exit_code, 0) << beads.err;
  EXPECT_EQ(Lines(beads.out), (std::vector<std::string>{"[0]:[0]", "[1]:[1]"}));

  auto tsv = RunProgram(kSverka,
                        {"align", dir.Path("a.txt"), dir.Path("b.txt"), "-q"});
  ASSERT_EQ(tsv.exit_code, 0) << tsv.err;
  auto lines = Lines(tsv.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].substr(0, lines[0].rfind('\t')),
            "Община Враца участва в проекта.\tThe Municipality of Vratsa takes "
            "part in the project.");

  auto jsonl =
      RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt"),
                           "--format", "jsonl", "-q"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  EXPECT_NE(jsonl.out.find("\"bead\":\"1-1\""), std::string::npos);
  EXPECT_NE(jsonl.out.find("\"source_text\":\"Община Враца"),
            std::string::npos);

  auto tmx =
      RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt"),
                           "--format", "tmx", "-o", dir.Path("out.tmx"), "-q"});
  ASSERT_EQ(tmx.exit_code, 0) << tmx.err;
  const std::string written = ReadFile(dir.Path("out.tmx"));
  EXPECT_NE(written.find("<tuv xml:lang=\"bg\">"), std::string::npos);
  EXPECT_NE(written.find("Vratsa"), std::string::npos);
}

TEST(Cli, AlignReportsSummaryOnStderr) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto r = RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 + 2 sentences"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1-1x2"), std::string::npos) << r.err;
}

TEST(Cli, MissingFileNamesIt) {
  auto r = RunProgram(kSverka, {"align", "/no/such/file.bg.txt", kVratsa});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/no/such/file.bg.txt"), std::string::npos) << r.err;
}

TEST(Cli, InvalidUtf8GivesTheByteOffset) {
  TempDir dir;
  WriteFile(dir.Path("bad.txt"),
            std::string("Добър ден.\nLatin text \xC3\x28 here.\n"));
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto r =
      RunProgram(kSverka, {"align", dir.Path("bad.txt"), dir.Path("b.txt")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("byte 30"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, EmptyAndBinaryFilesAreRefused) {
  TempDir dir;
  WriteFile(dir.Path("empty.txt"), "");
  WriteFile(dir.Path("blank.txt"), " \n\n\t\n");
  WriteFile(dir.Path("binary.txt"), std::string("\x7f"
                                                "ELF\x02\x01\x01\0\0\0\0",
                                                12));
  WriteFile(dir.Path("b.txt"), kEnglish);
  for (const char* name : {"empty.txt", "blank.txt", "binary.txt"}) {
    auto r = RunProgram(kSverka, {"align", dir.Path(name), dir.Path("b.txt")});
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  }
}

TEST(Cli, UnwritableTmxPathFailsAndNamesIt) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  WriteFile(dir.Path("b.txt"), kEnglish);
  const std::string path = dir.Path("no-such-folder/out.tmx");
  auto r = RunProgram(kSverka, {"align", dir.Path("a.txt"), dir.Path("b.txt"),
                                "--format", "tmx", "-o", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
}

TEST(Cli, FailedRunLeavesTheOldOutputInPlace) {
  TempDir dir;
  WriteFile(dir.Path("out.tsv"), "old result\n");
  WriteFile(dir.Path("empty.txt"), "");
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto r = RunProgram(kSverka, {"align", dir.Path("empty.txt"),
                                dir.Path("b.txt"), "-o", dir.Path("out.tsv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ReadFile(dir.Path("out.tsv")), "old result\n");
}

TEST(Cli, SwappedLanguagesAreCaught) {
  TempDir dir;
  WriteFile(dir.Path("a.txt"), kBulgarian);
  WriteFile(dir.Path("b.txt"), kEnglish);
  auto r = RunProgram(kSverka, {"align", dir.Path("b.txt"), dir.Path("a.txt")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("b.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  auto forced = RunProgram(kSverka, {"align", dir.Path("b.txt"),
                                     dir.Path("a.txt"), "--force", "-q"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST(Cli, LatvianGivenAsEnglishWarns) {
  TempDir dir;
  auto r = RunProgram(kSverka,
                      {"align", kSamples + "sofia-cities4csr-workshop.bg.txt",
                       kSamples + "kekava-cities4csr-milan-meeting.lv.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Latvian"), std::string::npos) << r.err;
}

TEST(Cli, AlignIntoMemoryThenStatsAndExport) {
  TempDir dir;
  const std::string db = dir.Path("tm.db");
  auto align = RunProgram(kSverka, {"align", "--bilingual", kVratsa, "--tm", db,
                                    "-q", "-o", dir.Path("out.tsv")});
  ASSERT_EQ(align.exit_code, 0) << align.err;
  auto stats = RunProgram(kSverka, {"tm", "stats", "--tm", db});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("bg->en"), std::string::npos) << stats.out;
  auto exported = RunProgram(
      kSverka, {"tm", "export", "--tm", db, "-o", dir.Path("v.tmx")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(ReadFile(dir.Path("v.tmx")).find("CITIES4CSR"), std::string::npos);
  // Aligning the same document again adds nothing new.
  auto again = RunProgram(kSverka, {"align", "--bilingual", kVratsa, "--tm", db,
                                    "-o", dir.Path("out2.tsv")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find(" 0 new pairs"), std::string::npos) << again.err;
}

TEST(Cli, MissingMemoryForStatsIsAnError) {
  TempDir dir;
  auto r = RunProgram(kSverka, {"tm", "stats", "--tm", dir.Path("none/tm.db")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("tm.db"), std::string::npos) << r.err;
}

// The translator's loop on the samples: a memory from Vratsa, then its TMX
// into a second memory, a lookup, a concordance search and a pre-translation.
TEST(Cli, MemoryCommandsOnTheVratsaMemory) {
  TempDir dir;
  const std::string db = dir.Path("tm.db");
  ASSERT_EQ(RunProgram(kSverka, {"align", "--bilingual", kVratsa, "--tm", db,
                                 "-q", "-o", dir.Path("out.tsv")})
                .exit_code,
            0);
  ASSERT_EQ(
      RunProgram(kSverka, {"tm", "export", "--tm", db, "-o", dir.Path("v.tmx")})
          .exit_code,
      0);

  const std::string copy = dir.Path("copy.db");
  auto imported =
      RunProgram(kSverka, {"tm", "import", dir.Path("v.tmx"), "--tm", copy});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto stats = RunProgram(kSverka, {"tm", "stats", "--tm", copy});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("bg->en: 7"), std::string::npos) << stats.out;

  const std::string stored =
      "Основната цел на проекта е да отключи възможности за подобряване на "
      "нашите градове.";
  auto exact = RunProgram(kSverka, {"tm", "lookup", "--tm", copy, stored});
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  EXPECT_NE(exact.out.find("100%"), std::string::npos) << exact.out;
  EXPECT_NE(exact.out.find("The main goal of the project is to unlock"),
            std::string::npos)
      << exact.out;
  // One word more is a fuzzy match, not an exact one.
  auto fuzzy = RunProgram(
      kSverka,
      {"tm", "lookup", "--tm", copy, "--json",
       "Основната цел на проекта е да отключи възможности за подобряване на "
       "нашите 12 градове."});
  ASSERT_EQ(fuzzy.exit_code, 0) << fuzzy.err;
  EXPECT_EQ(fuzzy.out.find("100"), std::string::npos) << fuzzy.out;
  EXPECT_NE(fuzzy.out.find("The main goal"), std::string::npos) << fuzzy.out;

  auto concord =
      RunProgram(kSverka, {"tm", "concord", "--tm", copy, "водещ партньор"});
  ASSERT_EQ(concord.exit_code, 0) << concord.err;
  EXPECT_NE(concord.out.find("lead partner"), std::string::npos) << concord.out;

  WriteFile(dir.Path("new.bg.txt"),
            std::string(stored) + " Срещата ще бъде в Милано.\n");
  auto pre = RunProgram(kSverka, {"pretranslate", dir.Path("new.bg.txt"),
                                  "--tm", copy, "-o", dir.Path("new.xlf")});
  ASSERT_EQ(pre.exit_code, 0) << pre.err;
  const std::string xliff = ReadFile(dir.Path("new.xlf"));
  EXPECT_NE(xliff.find("urn:oasis:names:tc:xliff:document:1.2"),
            std::string::npos);
  EXPECT_NE(xliff.find("state=\"translated\""), std::string::npos) << xliff;
  EXPECT_NE(xliff.find("Срещата ще бъде в Милано."), std::string::npos);
}

TEST(Cli, MalformedTmxImportsNothing) {
  TempDir dir;
  const std::string db = dir.Path("tm.db");
  ASSERT_EQ(RunProgram(kSverka, {"align", "--bilingual", kVratsa, "--tm", db,
                                 "-q", "-o", dir.Path("out.tsv")})
                .exit_code,
            0);
  // A good unit, then a file cut off inside the next one.
  WriteFile(dir.Path("cut.tmx"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
            "<header creationtool=\"t\" creationtoolversion=\"1\" "
            "segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"bg\" "
            "datatype=\"plaintext\"/><body>\n"
            "<tu><tuv xml:lang=\"bg\"><seg>Нов ред.</seg></tuv>"
            "<tuv xml:lang=\"en\"><seg>A new line.</seg></tuv></tu>\n"
            "<tu><tuv xml:lang=\"bg\"><seg>Недовърше");
  auto r =
      RunProgram(kSverka, {"tm", "import", dir.Path("cut.tmx"), "--tm", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cut.tmx"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 4"), std::string::npos) << r.err;
  auto stats = RunProgram(kSverka, {"tm", "stats", "--tm", db});
  EXPECT_NE(stats.out.find("units: 8"), std::string::npos) << stats.out;
}

}  // namespace
}  // namespace sverka
