// Bad input and hard stops, through the built `sverka` binary as a user
// meets them: each case checks the exit code and that the message names the
// file (and the position, when there is one) and says what to do; the memory
// cases also check that nothing stored is lost. docs/robustness.md lists the
// answers.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace sverka {
namespace {

using testing::Lines;
using testing::ReadFile;
using testing::RunResult;
using testing::TempDir;
using testing::WriteFile;
using Clock = std::chrono::steady_clock;

const std::string kSverka = SVERKA_BINARY;
const std::string kSamples = std::string(SVERKA_SOURCE_DIR) + "/samples/";

constexpr char kBulgarian[] =
    "Община Враца участва в проекта. Срещата беше в Милано през май 2020 г.\n";
constexpr char kEnglish[] =
    "The Municipality of Vratsa takes part in the project. The meeting was "
    "in Milan in May 2020.\n";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs the sverka binary (a free function: inside a TEST, plain `Run` would
// find testing::Test::Run).
RunResult Sverka(const std::vector<std::string>& args) {
  return testing::Run(kSverka, args);
}

#define EXPECT_CONTAINS(text, part) \
  EXPECT_TRUE(Contains(text, part)) \
      << "missing \"" << (part) << "\" in: " << (text)

// A hang guard, not a speed check (speed is measured by the benchmarks):
// pathological input must not make a run effectively endless, e.g. through
// regex backtracking. Generous so a loaded machine or a sanitizer build
// stays well inside it.
constexpr int kHangLimitSeconds = 180;

// Runs sverka under timeout(1); exit code 124 means it was killed.
struct TimedRun {
  RunResult result;
};
TimedRun RunTimed(const std::vector<std::string>& args, int limit_seconds) {
  std::vector<std::string> words = {std::to_string(limit_seconds), kSverka};
  words.insert(words.end(), args.begin(), args.end());
  return TimedRun{testing::Run("timeout", words)};
}

// Starts sverka with `args` in a child process, output to files in `dir`,
// as user `uid` when uid >= 0. The child exits 99 when it cannot switch
// user or start the binary.
pid_t Spawn(const std::vector<std::string>& args, const TempDir& dir,
            int uid = -1) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out =
        open(dir.Path("child.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    const int err =
        open(dir.Path("child.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(99);
    if (uid >= 0 && (setgid(uid) != 0 || setuid(uid) != 0)) _exit(99);
    std::vector<char*> argv = {const_cast<char*>(kSverka.c_str())};
    for (const std::string& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(kSverka.c_str(), argv.data());
    _exit(99);
  }
  return pid;
}

int WaitFor(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs sverka as the unprivileged user "nobody" (root ignores permissions).
RunResult RunAsNobody(const std::vector<std::string>& args,
                      const TempDir& dir) {
  RunResult result;
  result.exit_code = WaitFor(Spawn(args, dir, 65534));
  result.out = ReadFile(dir.Path("child.out"));
  result.err = ReadFile(dir.Path("child.err"));
  return result;
}

// --- the memory, read directly with SQLite ----------------------------------

class Database {
 public:
  explicit Database(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
    if (db_) sqlite3_busy_timeout(db_, 5000);
  }
  ~Database() { sqlite3_close(db_); }
  bool ok() const { return db_ != nullptr; }
  // The first column of the first row, as text ("" on any error).
  std::string Query(const std::string& sql) const {
    sqlite3_stmt* statement = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(statement, 0);
      if (text) value = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(statement);
    return value;
  }
  bool Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string IntegrityCheck(const std::string& path) {
  Database db(path);
  if (!db.ok()) return "cannot open";
  return db.Query("PRAGMA integrity_check");
}

int64_t CountUnits(const std::string& path) {
  Database db(path);
  const std::string count =
      db.ok() ? db.Query("SELECT count(*) FROM units") : "";
  return count.empty() ? -1 : std::stoll(count);
}

// Two presegmented documents of `lines` distinct sentences each, named
// <stem>.bg.txt and <stem>.en.txt.
void WritePresegmentedPair(const TempDir& dir, const std::string& stem,
                           int lines) {
  std::string source, target;
  for (int i = 0; i < lines; ++i) {
    source += "Изречение " + std::to_string(i) + " от документа " + stem +
              " говори за проекта.\n";
    target += "Sentence " + std::to_string(i) + " of the document " + stem +
              " is about the project.\n";
  }
  WriteFile(dir.Path(stem + ".bg.txt"), source);
  WriteFile(dir.Path(stem + ".en.txt"), target);
}

std::vector<std::string> AlignIntoMemory(const TempDir& dir,
                                         const std::string& stem,
                                         const std::string& memory) {
  return {"align",
          dir.Path(stem + ".bg.txt"),
          dir.Path(stem + ".en.txt"),
          "--presegmented",
          "--dictionary",
          "none",
          "--tm",
          memory,
          "-o",
          "/dev/null",
          "-q"};
}

// --- text input -------------------------------------------------------------

TEST(Robustness, InvalidUtf8NamesFileLineAndByte) {
  TempDir dir;
  WriteFile(dir.Path("bad.txt"),
            std::string("Добър ден.\nLatin \xC3\x28 here.\n"));
  auto r = Sverka({"segment", dir.Path("bad.txt")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_CONTAINS(r.err,
                  dir.Path("bad.txt") + ": line 2: byte 25: invalid UTF-8");
  EXPECT_CONTAINS(r.err, "--encoding");
  EXPECT_TRUE(r.out.empty());
}

TEST(Robustness, TruncatedUtf16SaysSo) {
  TempDir dir;
  // BOM, "Здравей." in UTF-16LE, then half a character.
  std::string bytes = "\xFF\xFE";
  for (char16_t c : std::u16string(u"Здравей, свят.")) {
    bytes += static_cast<char>(c & 0xFF);
    bytes += static_cast<char>(c >> 8);
  }
  bytes += 'A';
  WriteFile(dir.Path("u16.txt"), bytes);
  auto r = Sverka({"segment", dir.Path("u16.txt")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_CONTAINS(r.err, dir.Path("u16.txt") + ": line 1: byte 30");
  EXPECT_CONTAINS(r.err, "ends in the middle of a UTF-16LE character");
}

TEST(Robustness, Windows1251IsReadAndLookAlikesAreRefusedNotGuessed) {
  TempDir dir;
  // "Община Враца участва в проекта." in windows-1251 and in KOI8-R: the
  // same letters, other bytes.
  const std::string cp1251 =
      "\xCE\xE1\xF9\xE8\xED\xE0 \xC2\xF0\xE0\xF6\xE0 \xF3\xF7\xE0\xF1\xF2\xE2"
      "\xE0 \xE2 \xEF\xF0\xEE\xE5\xEA\xF2\xE0.\n";
  const std::string koi8 =
      "\xEF\xC2\xDD\xC9\xCE\xC1 \xF7\xD2\xC1\xC3\xC1 \xD5\xDE\xC1\xD3\xD4\xD7"
      "\xC1 \xD7 \xD0\xD2\xCF\xC5\xCB\xD4\xC1.\n";
  WriteFile(dir.Path("cp1251.txt"), cp1251);
  WriteFile(dir.Path("koi8.txt"), koi8);
  auto good = Sverka({"segment", dir.Path("cp1251.txt")});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out, "Община Враца участва в проекта.\n");

  // KOI8-R would read as windows-1251 mojibake; it is refused instead, at
  // its first byte, and reads right once named.
  auto koi = Sverka({"segment", dir.Path("koi8.txt")});
  EXPECT_EQ(koi.exit_code, 1);
  EXPECT_CONTAINS(koi.err, dir.Path("koi8.txt") + ": line 1: byte 0");
  EXPECT_CONTAINS(koi.err, "--encoding");
  auto named =
      Sverka({"segment", "--encoding", "KOI8-R", dir.Path("koi8.txt")});
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(named.out, "Община Враца участва в проекта.\n");

  // Latin-1 German is not taken for Cyrillic either.
  WriteFile(dir.Path("latin1.txt"), "Ein sch\xF6ner Tag f\xFCr M\xFCller.\n");
  auto latin = Sverka({"segment", dir.Path("latin1.txt")});
  EXPECT_EQ(latin.exit_code, 1);
  EXPECT_CONTAINS(latin.err, dir.Path("latin1.txt") + ": line 1: byte 7");
  // The hint must not send a Western European file to windows-1251, which
  // would read it as Cyrillic mojibake ("schцner").
  EXPECT_CONTAINS(latin.err, "--encoding ISO-8859-1");
}

TEST(Robustness, EmptyWhitespaceAndOneEmptySideAreRefused) {
  TempDir dir;
  WriteFile(dir.Path("empty.txt"), "");
  WriteFile(dir.Path("blank.txt"), " \n\t\n\xC2\xA0\n");
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  auto empty = Sverka({"segment", dir.Path("empty.txt")});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_CONTAINS(empty.err, dir.Path("empty.txt") + ": the file is empty");
  auto blank = Sverka({"segment", dir.Path("blank.txt")});
  EXPECT_EQ(blank.exit_code, 1);
  EXPECT_CONTAINS(blank.err,
                  dir.Path("blank.txt") + ": the file holds only whitespace");
  auto one_side = Sverka({"align", dir.Path("bg.txt"), dir.Path("empty.txt"),
                          "--tm", dir.Path("tm.db")});
  EXPECT_EQ(one_side.exit_code, 1);
  EXPECT_CONTAINS(one_side.err, dir.Path("empty.txt") + ": the file is empty");
  EXPECT_TRUE(one_side.out.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.Path("tm.db")));
}

TEST(Robustness, BinaryPdfAndDocxSayWhatTheyAreAndWhatToDo) {
  TempDir dir;
  WriteFile(dir.Path("program.txt"), std::string("\x7F"
                                                 "ELF\x02\x01\x01\0\0\0\0\0",
                                                 12));
  std::string noise = "text ";
  std::mt19937 random(7);
  for (int i = 0; i < 4000; ++i) noise += static_cast<char>(1 + random() % 255);
  noise[100] = '\0';
  WriteFile(dir.Path("noise.bin"), noise);
  WriteFile(dir.Path("report.pdf"),
            "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\n");
  // A ZIP local file header, as every DOCX starts (the length comes from
  // the array: the literal holds NUL bytes).
  static constexpr char kDocx[] =
      "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml";
  WriteFile(dir.Path("report.docx"), std::string(kDocx, sizeof kDocx - 1));
  struct Case {
    const char* name;
    const char* says;
    const char* advice;
  };
  for (const Case& c :
       {Case{"program.txt", "binary file", "plain-text"},
        Case{"noise.bin", "byte 100: binary file: it holds a NUL byte",
             "plain-text"},
        Case{"report.pdf", "looks like a PDF document", "pdftotext"},
        Case{"report.docx", "looks like a ZIP/DOCX/ODT document",
             "save it as plain text"}}) {
    auto r = Sverka({"segment", dir.Path(c.name)});
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_CONTAINS(r.err, dir.Path(c.name) + ": ");
    EXPECT_CONTAINS(r.err, c.says);
    EXPECT_CONTAINS(r.err, c.advice);
    EXPECT_TRUE(r.out.empty()) << c.name;
  }
}

TEST(Robustness, TenMegabyteLineWithoutPunctuationFinishes) {
  TempDir dir;
  std::string source, target;
  const char* bg_words[] = {"община ", "проект ", "среща ", "град ", "дума "};
  const char* en_words[] = {"town ", "project ", "meeting ", "city ", "word "};
  for (size_t i = 0; source.size() < 10'000'000; ++i) {
    source += bg_words[i % 5];
    target += en_words[i % 5];
  }
  WriteFile(dir.Path("long.bg.txt"), source + "\n");
  WriteFile(dir.Path("long.en.txt"), target + "\n");
  auto segment =
      RunTimed({"segment", dir.Path("long.bg.txt"), "-o", dir.Path("out.txt")},
               kHangLimitSeconds);
  ASSERT_EQ(segment.result.exit_code, 0)
      << segment.result.err << " (124: timed out)";
  EXPECT_EQ(Lines(ReadFile(dir.Path("out.txt"))).size(), 1u);
  auto align =
      RunTimed({"align", dir.Path("long.bg.txt"), dir.Path("long.en.txt"),
                "--dictionary", "none", "-q", "-o", dir.Path("out.tsv")},
               kHangLimitSeconds);
  ASSERT_EQ(align.result.exit_code, 0)
      << align.result.err << " (124: timed out)";
  EXPECT_EQ(Lines(ReadFile(dir.Path("out.tsv"))).size(), 1u);
}

TEST(Robustness, MillionOneWordLinesFinish) {
  TempDir dir;
  std::string text;
  const char* words[] = {"община\n", "проект\n", "среща\n", "град\n"};
  for (int i = 0; i < 1'000'000; ++i) text += words[i % 4];
  WriteFile(dir.Path("million.txt"), text);
  auto segment =
      RunTimed({"segment", dir.Path("million.txt"), "-o", dir.Path("out.txt")},
               kHangLimitSeconds);
  ASSERT_EQ(segment.result.exit_code, 0)
      << segment.result.err << " (124: timed out)";
  EXPECT_EQ(Lines(ReadFile(dir.Path("out.txt"))).size(), 1'000'000u);
}

TEST(Robustness, DirectoryAndMissingPathAreNamed) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  auto folder = Sverka({"align", dir.path(), dir.Path("bg.txt")});
  EXPECT_EQ(folder.exit_code, 1);
  EXPECT_CONTAINS(folder.err, dir.path() + " is a directory");
  EXPECT_CONTAINS(folder.err, "give the path of a text file");
  auto missing = Sverka({"align", dir.Path("bg.txt"), dir.Path("nothing.txt")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_CONTAINS(missing.err, "no such file: " + dir.Path("nothing.txt"));
  EXPECT_CONTAINS(missing.err, "check the path");
}

TEST(Robustness, UnwritableOutputKeepsNothingHalfWritten) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  for (const std::string& output :
       {std::string("/proc/sverka-out.tsv"), dir.Path("no-folder/out.tsv"),
        dir.path()}) {
    auto r = Sverka(
        {"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q", "-o", output});
    EXPECT_EQ(r.exit_code, 1) << output;
    EXPECT_CONTAINS(r.err, output + ": cannot write");
    EXPECT_TRUE(r.out.empty());
  }
  // An output path under a file names the file, not a missing folder.
  auto under_file = Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"),
                            "-q", "-o", dir.Path("bg.txt") + "/out.tsv"});
  EXPECT_EQ(under_file.exit_code, 1);
  EXPECT_CONTAINS(under_file.err,
                  dir.Path("bg.txt") + " is a file, not a folder");
  auto tmx = Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                     "--format", "tmx", "-o", "/proc/sverka-out.tmx"});
  EXPECT_EQ(tmx.exit_code, 1);
  EXPECT_CONTAINS(tmx.err, "/proc/sverka-out.tmx: cannot write");
  // Only the two inputs: no temporary file left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2);
}

// Output to a device is written in place: a temporary renamed over
// /dev/null would turn it into a plain file (for root, machine-wide).
TEST(Robustness, OutputToADeviceLeavesTheDevice) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  const std::string memory = dir.Path("tm.db");
  for (const char* format : {"tsv", "tmx", "jsonl"}) {
    auto r = Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                     "--dictionary", "none", "--format", format, "--tm", memory,
                     "-o", "/dev/null"});
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    ASSERT_TRUE(std::filesystem::is_character_file("/dev/null")) << format;
  }
  auto tmx = Sverka({"tm", "export", "--tm", memory, "-o", "/dev/null"});
  EXPECT_EQ(tmx.exit_code, 0) << tmx.err;
  ASSERT_TRUE(std::filesystem::is_character_file("/dev/null"));
  auto page = Sverka({"review", "--tm", memory, "-o", "/dev/null"});
  EXPECT_EQ(page.exit_code, 0) << page.err;
  ASSERT_TRUE(std::filesystem::is_character_file("/dev/null"));
  auto xliff = Sverka(
      {"pretranslate", dir.Path("bg.txt"), "--tm", memory, "-o", "/dev/null"});
  EXPECT_EQ(xliff.exit_code, 0) << xliff.err;
  ASSERT_TRUE(std::filesystem::is_character_file("/dev/null"));

  // A full device is a full disk: refused, and still a device.
  auto full = Sverka({"tm", "export", "--tm", memory, "-o", "/dev/full"});
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_CONTAINS(full.err, "/dev/full: ");
  // The system's reason, in Sverka's one message (libxml2 prints nothing).
  EXPECT_CONTAINS(full.err, "No space left on device");
  EXPECT_FALSE(Contains(full.err, "I/O error")) << full.err;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
  auto full_tsv = Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                          "--dictionary", "none", "-o", "/dev/full"});
  EXPECT_EQ(full_tsv.exit_code, 1);
  EXPECT_CONTAINS(full_tsv.err, "/dev/full: ");
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
}

// --- languages --------------------------------------------------------------

TEST(Robustness, SwappedFilesStopUnlessForced) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  auto r = Sverka({"align", dir.Path("en.txt"), dir.Path("bg.txt"), "--tm",
                   dir.Path("tm.db")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_CONTAINS(r.err, dir.Path("en.txt") +
                             ": looks like English (Latin), but was given as "
                             "Bulgarian: the files may be swapped");
  EXPECT_CONTAINS(r.err, "--force");
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.Path("tm.db")));
  auto forced = Sverka({"align", dir.Path("en.txt"), dir.Path("bg.txt"),
                        "--force", "-q", "--dictionary", "none"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST(Robustness, LatvianGivenAsEnglishIsNamed) {
  auto r = Sverka({"align", kSamples + "sofia-cities4csr-workshop.bg.txt",
                   kSamples + "kekava-cities4csr-milan-meeting.lv.txt",
                   "--dictionary", "none", "-o", "/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.err,
                  "warning: " + kSamples +
                      "kekava-cities4csr-milan-meeting.lv.txt looks like "
                      "Latvian, not English");
}

// --- the memory -------------------------------------------------------------

TEST(Robustness, ReadOnlyMemoryIsRefusedAndKept) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  const std::string memory = dir.Path("tm.db");
  ASSERT_EQ(Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                    "--dictionary", "none", "--tm", memory, "-o", "/dev/null"})
                .exit_code,
            0);
  const std::string before = ReadFile(memory);
  chmod(dir.path().c_str(), 0777);
  chmod(memory.c_str(), 0444);
  auto r = RunAsNobody({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                        "--dictionary", "none", "--tm", memory},
                       dir);
  if (r.exit_code == 99) GTEST_SKIP() << "cannot run as an unprivileged user";
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_CONTAINS(
      r.err, memory + ": cannot write to the memory: the file is read-only");
  EXPECT_CONTAINS(r.err, "chmod u+w");
  EXPECT_TRUE(r.out.empty());  // no pairs printed as if stored
  EXPECT_EQ(ReadFile(memory), before);
  auto stats = RunAsNobody({"tm", "stats", "--tm", memory}, dir);
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_CONTAINS(stats.out, "units: 2");
}

// A memory of 300 units, and three damaged copies of it: random bytes, the
// first half of the file, and the file with 2 KB of its second page
// overwritten (the page size is in the header, bytes 16-17, big-endian).
struct DamagedMemories {
  std::string good, noise, truncated, trampled;
};
DamagedMemories MakeDamagedMemories(const TempDir& dir) {
  WritePresegmentedPair(dir, "doc", 300);
  const std::string memory = dir.Path("good.db");
  EXPECT_EQ(Sverka(AlignIntoMemory(dir, "doc", memory)).exit_code, 0);
  DamagedMemories m;
  m.good = ReadFile(memory);
  EXPECT_GT(m.good.size(), 8192u);
  std::mt19937 random(11);
  for (int i = 0; i < 8192; ++i) m.noise += static_cast<char>(random() % 256);
  m.truncated = m.good.substr(0, m.good.size() / 2);
  m.trampled = m.good;
  const size_t page = static_cast<unsigned char>(m.good[16]) * 256 +
                      static_cast<unsigned char>(m.good[17]);
  EXPECT_GT(m.good.size(), 2 * page);
  for (size_t i = page; i < m.trampled.size() && i < page + 2048; ++i)
    m.trampled[i] = m.noise[i % m.noise.size()];
  return m;
}

std::vector<std::string> StatsOf(const std::string& memory) {
  return {"tm", "stats", "--tm", memory};
}

TEST(Robustness, CorruptedMemoryIsRefusedClearly) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  const DamagedMemories m = MakeDamagedMemories(dir);
  struct Case {
    std::string name, bytes, says, advice;
  };
  for (const Case& c :
       {Case{"noise.db", m.noise, "not a Sverka translation memory",
             "check the --tm path"},
        Case{"half.db", m.truncated, "the memory is damaged", "backup"},
        Case{"trampled.db", m.trampled, "the memory is damaged", "backup"}}) {
    const std::string path = dir.Path(c.name);
    WriteFile(path, c.bytes);
    std::vector<std::vector<std::string>> commands = {
        {"tm", "export", "--tm", path, "-o", dir.Path("out.tmx")},
        {"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q", "--dictionary",
         "none", "--tm", path},
        // Counts alone come from intact pages: stats checks every page.
        StatsOf(path)};
    for (const auto& args : commands) {
      auto r = Sverka(args);
      EXPECT_EQ(r.exit_code, 1) << c.name << " " << args[0] << "\n" << r.out;
      EXPECT_CONTAINS(r.err, path + ": ");
      EXPECT_CONTAINS(r.err, c.says);
      EXPECT_CONTAINS(r.err, c.advice);
      EXPECT_TRUE(r.out.empty()) << c.name << " " << args[0];
      EXPECT_FALSE(std::filesystem::exists(dir.Path("out.tmx")));
    }
    EXPECT_EQ(ReadFile(path), c.bytes) << c.name << " changed";
  }
}

TEST(Robustness, MemoryFromANewerSverkaIsRefusedUntouched) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  const std::string memory = dir.Path("tm.db");
  ASSERT_EQ(Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                    "--dictionary", "none", "--tm", memory, "-o", "/dev/null"})
                .exit_code,
            0);
  {
    Database db(memory);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.Exec("PRAGMA user_version = 99"));
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"tm", "stats", "--tm", memory},
           {"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
            "--dictionary", "none", "--tm", memory}}) {
    auto r = Sverka(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_CONTAINS(r.err, memory +
                               ": memory schema version 99 was written by a "
                               "newer Sverka");
    EXPECT_CONTAINS(r.err, "upgrade Sverka");
  }
  EXPECT_EQ(Database(memory).Query("PRAGMA user_version"), "99");
  EXPECT_EQ(CountUnits(memory), 2);
}

TEST(Robustness, SecondWriterWaitsThenFailsNamingTheLock) {
  TempDir dir;
  WriteFile(dir.Path("bg.txt"), kBulgarian);
  WriteFile(dir.Path("en.txt"), kEnglish);
  const std::string memory = dir.Path("tm.db");
  WritePresegmentedPair(dir, "doc", 50);
  ASSERT_EQ(Sverka(AlignIntoMemory(dir, "doc", memory)).exit_code, 0);
  // Another process is in the middle of a write.
  Database writer(memory);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer.Exec("BEGIN IMMEDIATE; UPDATE units SET seen_count = 7;"));

  // A reader works meanwhile and sees the last committed state (WAL).
  auto reader = Sverka({"tm", "stats", "--tm", memory});
  EXPECT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_CONTAINS(reader.out, "units: 50");
  auto export_run =
      Sverka({"tm", "export", "--tm", memory, "-o", dir.Path("out.tmx")});
  EXPECT_EQ(export_run.exit_code, 0) << export_run.err;
  EXPECT_CONTAINS(ReadFile(dir.Path("out.tmx")), "usagecount=\"1\"");

  const auto start = Clock::now();
  auto second = Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
                        "--dictionary", "none", "--tm", memory});
  const double waited =
      std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_CONTAINS(second.err, "another process is writing to " + memory);
  EXPECT_CONTAINS(second.err, "wait");
  EXPECT_TRUE(second.out.empty());
  EXPECT_GE(waited, 4.0);  // the busy timeout, 5 s

  ASSERT_TRUE(writer.Exec("COMMIT"));
  EXPECT_EQ(IntegrityCheck(memory), "ok");
  EXPECT_EQ(CountUnits(memory), 50);
  auto later =
      Sverka({"align", dir.Path("bg.txt"), dir.Path("en.txt"), "-q",
              "--dictionary", "none", "--tm", memory, "-o", "/dev/null"});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(CountUnits(memory), 52);
}

// A small tmpfs, mounted for the test when the process may (root).
class SmallDisk {
 public:
  SmallDisk(const std::string& path, const char* size) : path_(path) {
    std::filesystem::create_directories(path);
    const std::string options = std::string("size=") + size;
    mounted_ = mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST(Robustness, TmxExportOntoAFullDiskKeepsTheOldFile) {
  TempDir dir;
  SmallDisk disk(dir.Path("disk"), "64k");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (not root?)";
  const std::string small = dir.Path("small.db"), big = dir.Path("big.db");
  WritePresegmentedPair(dir, "few", 3);
  WritePresegmentedPair(dir, "many", 2000);
  ASSERT_EQ(Sverka(AlignIntoMemory(dir, "few", small)).exit_code, 0);
  ASSERT_EQ(Sverka(AlignIntoMemory(dir, "many", big)).exit_code, 0);
  const std::string target = dir.Path("disk/memory.tmx");
  auto first = Sverka({"tm", "export", "--tm", small, "-o", target});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string old_tmx = ReadFile(target);
  ASSERT_TRUE(Contains(old_tmx, "</tmx>"));

  auto full = Sverka({"tm", "export", "--tm", big, "-o", target});
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_CONTAINS(full.err, target + ": ");
  EXPECT_CONTAINS(full.err, "space");
  EXPECT_EQ(ReadFile(target), old_tmx);
  // Nothing but the old file: the temporary one is gone, the disk is free.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.Path("disk")),
                          std::filesystem::directory_iterator()),
            1);
}

// A child importing document after document into one memory is killed with
// SIGKILL at random moments; each time the memory must pass SQLite's
// integrity check and hold exactly the imports that finished, plus at most
// the one that was running, whole.
TEST(Robustness, SigkillDuringImportsLosesNothingCommitted) {
  TempDir dir;
  constexpr int kDocuments = 5;
  for (int d = 0; d < kDocuments; ++d)
    WritePresegmentedPair(dir, "doc" + std::to_string(d), 100 + 25 * d);

  // A reference run without kills: the unit total after each import.
  std::vector<int64_t> totals = {0};
  const std::string reference = dir.Path("reference.db");
  const auto start = Clock::now();
  for (int d = 0; d < kDocuments; ++d) {
    auto r = Sverka(AlignIntoMemory(dir, "doc" + std::to_string(d), reference));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    totals.push_back(CountUnits(reference));
    ASSERT_GT(totals.back(), totals[totals.size() - 2]);
  }
  const double full_run =
      std::chrono::duration<double>(Clock::now() - start).count();

  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  constexpr int kKills = 20;
  int killed_running = 0, in_flight_committed = 0;
  for (int trial = 0; trial < kKills; ++trial) {
    const std::string memory =
        dir.Path("killed" + std::to_string(trial) + ".db");
    std::uniform_real_distribution<double> when(0.0, full_run);
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(when(random)));
    int finished = 0;
    bool killed = false;
    for (int d = 0; d < kDocuments && !killed; ++d) {
      const pid_t pid =
          Spawn(AlignIntoMemory(dir, "doc" + std::to_string(d), memory), dir);
      int status = 0;
      while (waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() >= deadline) {
          kill(pid, SIGKILL);
          waitpid(pid, &status, 0);
          killed = WIFSIGNALED(status);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (killed) break;
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << ReadFile(dir.Path("child.err"));
      ++finished;
    }
    if (!std::filesystem::exists(memory))
      continue;  // killed before creating it
    EXPECT_EQ(IntegrityCheck(memory), "ok") << "trial " << trial;
    const int64_t units = CountUnits(memory);
    // Its own reader (read-only, recovering the WAL) agrees.
    auto stats = Sverka({"tm", "stats", "--tm", memory});
    if (units >= 0) {
      EXPECT_EQ(stats.exit_code, 0) << stats.err;
      EXPECT_CONTAINS(stats.out, "units: " + std::to_string(units));
    }
    const bool whole =
        units == totals[finished] ||
        (killed && finished < kDocuments && units == totals[finished + 1]);
    EXPECT_TRUE(whole || (units == -1 && finished == 0))
        << "trial " << trial << ": " << units << " units after " << finished
        << " finished imports; expected " << totals[finished] << " or "
        << totals[std::min(finished + 1, kDocuments)];
    killed_running += killed;
    in_flight_committed += killed && units == totals[finished + 1];
  }
  RecordProperty("kills_of_a_running_import", killed_running);
  RecordProperty("kills_after_the_commit", in_flight_committed);
}

}  // namespace
}  // namespace sverka
