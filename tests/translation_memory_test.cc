#include "sverka/translation_memory.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sverka/text_input.h"
#include "test_util.h"

namespace sverka {
namespace {

using ::sverka::testing::TempDir;
using ::sverka::testing::WriteFile;

TranslationUnit Unit(std::string source, std::string target,
                     std::string changed = "2026-01-01T10:00:00Z") {
  TranslationUnit u;
  u.source_language = "bg";
  u.target_language = "en";
  u.source_text = std::move(source);
  u.target_text = std::move(target);
  u.confidence = 0.75;
  u.bead_type = "1-1";
  u.origin = "vratsa.bg.txt|vratsa.en.txt";
  u.origin_hash = "abc123";
  u.created = changed;
  u.changed = changed;
  return u;
}

std::vector<TranslationUnit> All(const TranslationMemory& tm,
                                 const ExportFilter& filter = {}) {
  std::vector<TranslationUnit> units;
  Status s = tm.ForEach(filter, [&](const TranslationUnit& u) {
    units.push_back(u);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return units;
}

// Runs raw SQL on the memory file, as another program (or process) would.
void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// The first column of each row `sql` gives, read as another program would.
std::vector<std::string> TextRows(const std::string& path,
                                  const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr),
            SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    rows.emplace_back(
        reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

// The journal mode another connection finds the memory in.
std::string JournalMode(const std::string& path) {
  const std::vector<std::string> rows = TextRows(path, "PRAGMA journal_mode");
  return rows.empty() ? "" : rows[0];
}

int64_t UserVersion(const std::string& path) {
  const std::vector<std::string> rows = TextRows(path, "PRAGMA user_version");
  return rows.empty() ? -1 : std::stoll(rows[0]);
}

TEST(TranslationMemory, ImportsAndReadsBackEveryField) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  TranslationUnit u = Unit("„Здравей“, каза тя.", "\"Hello,\" she said.");
  u.properties["x-note"] = "checked";
  auto added = (*tm)->Import({u, Unit("Враца е град.", "Vratsa is a town.")});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 2);

  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_GT(units[0].id, 0);
  EXPECT_LT(units[0].id, units[1].id);
  EXPECT_EQ(units[0].source_language, "bg");
  EXPECT_EQ(units[0].target_language, "en");
  EXPECT_EQ(units[0].source_text, "„Здравей“, каза тя.");
  EXPECT_EQ(units[0].target_text, "\"Hello,\" she said.");
  EXPECT_DOUBLE_EQ(units[0].confidence, 0.75);
  EXPECT_EQ(units[0].bead_type, "1-1");
  EXPECT_EQ(units[0].origin, "vratsa.bg.txt|vratsa.en.txt");
  EXPECT_EQ(units[0].origin_hash, "abc123");
  EXPECT_EQ(units[0].created, "2026-01-01T10:00:00Z");
  EXPECT_EQ(units[0].seen_count, 1);
  EXPECT_EQ(units[0].properties.at("x-note"), "checked");
  EXPECT_TRUE(units[1].properties.empty());
}

TEST(TranslationMemory, IdenticalPairIsStoredOnceWithCountAndDateUpdated) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.", "2026-01-01T10:00:00Z")}), 1);

  TranslationUnit again = Unit("Да.", "Yes.", "2026-03-05T08:30:00Z");
  again.confidence = 0.9;
  again.bead_type = "2-1";
  auto added = (*tm)->Import({again, Unit("Не.", "No."), again});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 1);  // only "Не." is new

  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].source_text, "Да.");
  EXPECT_EQ(units[0].seen_count, 3);
  EXPECT_EQ(units[0].created, "2026-01-01T10:00:00Z");
  EXPECT_EQ(units[0].changed, "2026-03-05T08:30:00Z");
  EXPECT_DOUBLE_EQ(units[0].confidence, 0.9);  // the higher one
  EXPECT_EQ(units[0].bead_type, "1-1");        // the first one

  // An older sighting does not move the date back.
  ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.", "2025-01-01T00:00:00Z")}), 0);
  EXPECT_EQ(All(**tm)[0].changed, "2026-03-05T08:30:00Z");
  EXPECT_EQ(All(**tm)[0].seen_count, 4);

  // Same texts, other language pair: a different unit.
  TranslationUnit regional = Unit("Да.", "Yes.");
  regional.target_language = "en-GB";
  EXPECT_EQ(*(*tm)->Import({regional}), 1);
}

// A memory finds a pair seen again by the hash stored with it
// (units.pair_hash): a binary that hashed differently would store every
// pair of an existing memory a second time. The values are those of the
// schema v5 hash; changing them needs a schema step that hashes every unit
// again.
TEST(TranslationMemory, StoredPairHashesNeverChange) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
    TranslationUnit long_one =
        Unit("Проектът CITIES4CSR е съфинансиран от програмата URBACT.",
             "The CITIES4CSR project is co-financed by the URBACT programme.");
    TranslationUnit other_pair = Unit("Да.", "Yes.");
    other_pair.target_language = "en-GB";
    ASSERT_TRUE(
        (*tm)->Import({Unit("Да.", "Yes."), long_one, other_pair}).ok());
  }
  EXPECT_EQ(
      TextRows(path, "SELECT pair_hash FROM units ORDER BY id"),
      (std::vector<std::string>{"6334955403093695193", "880384045384645741",
                                "-1476318604098869998"}));
}

TEST(TranslationMemory, EmptyDatesMeanNow) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit u = Unit("Да.", "Yes.", "");
  ASSERT_TRUE((*tm)->Import({u}).ok());
  const std::string now = NowIso8601();
  TranslationUnit stored = All(**tm).at(0);
  EXPECT_EQ(stored.created.substr(0, 10), now.substr(0, 10));
  EXPECT_EQ(stored.created, stored.changed);
}

TEST(TranslationMemory, ImportLandsWholeOrNotAtAll) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_EQ(*(*tm)->Import({Unit("Първо.", "First.")}), 1);

  TranslationUnit no_language = Unit("Трето.", "Third.");
  no_language.target_language = "";
  auto result =
      (*tm)->Import({Unit("Второ.", "Second."), Unit("Първо.", "First."),
                     no_language, Unit("Четвърто.", "Fourth.")});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(result.status().message().find("unit 3"), std::string::npos)
      << result.status().ToString();
  EXPECT_NE(result.status().message().find("target_language"),
            std::string::npos)
      << result.status().ToString();
  EXPECT_EQ(result.status().file(), dir.Path("tm.db"));

  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].seen_count, 1);  // the repeat of "Първо." rolled back
  auto stats = (*tm)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->units, 1);
  EXPECT_EQ(stats->origins, 1);

  // The memory still takes a good batch afterwards.
  EXPECT_EQ(*(*tm)->Import({Unit("Второ.", "Second.")}), 1);
}

TEST(TranslationMemory, RefusesBadConfidenceAndDates) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit too_sure = Unit("А.", "A.");
  too_sure.confidence = 1.5;
  EXPECT_EQ((*tm)->Import({too_sure}).status().code(),
            StatusCode::kInvalidInput);
  TranslationUnit nan = Unit("А.", "A.");
  nan.confidence = std::nan("");
  EXPECT_EQ((*tm)->Import({nan}).status().code(), StatusCode::kInvalidInput);
  TranslationUnit bad_date = Unit("А.", "A.", "22.11.2026");
  EXPECT_EQ((*tm)->Import({bad_date}).status().code(),
            StatusCode::kInvalidInput);
  // The session checks each unit itself (SQLite's CHECK constraints are
  // off for its statements): every rule, each with what is wrong.
  auto refused = [&](const TranslationUnit& unit) {
    Result<int64_t> result = (*tm)->Import({Unit("Б.", "B."), unit});
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
    return result.status().message();
  };
  TranslationUnit doubtful = Unit("А.", "A.");
  doubtful.confidence = -0.25;
  EXPECT_NE(refused(doubtful).find("confidence -0.25"), std::string::npos);
  TranslationUnit spaced = Unit("А.", "A.");
  spaced.changed = "2026-11-22 17:35:00Z";
  EXPECT_NE(refused(spaced).find("changed date \"2026-11-22 17:35:00Z\""),
            std::string::npos);
  TranslationUnit local = Unit("А.", "A.", "2026-11-22T17:35:00+02");
  EXPECT_NE(refused(local).find("created date"), std::string::npos);
  TranslationUnit no_source = Unit("А.", "A.");
  no_source.source_language = "";
  EXPECT_NE(refused(no_source).find("source_language"), std::string::npos);
  TranslationUnit untyped = Unit("А.", "A.");
  untyped.properties[""] = "value";
  EXPECT_NE(refused(untyped).find("property"), std::string::npos);
  EXPECT_TRUE(All(**tm).empty());

  // The constraints are still the schema's for any other writer.
  ASSERT_EQ(*(*tm)->Import({Unit("А.", "A.", "2026-11-22T17:35:00Z")}), 1);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.Path("tm.db").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE units SET changed = '22.11.2026'", nullptr,
                         nullptr, nullptr),
            SQLITE_CONSTRAINT);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE units SET confidence = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_CONSTRAINT);
  sqlite3_close(db);
  EXPECT_EQ(All(**tm).at(0).changed, "2026-11-22T17:35:00Z");
}

TEST(TranslationMemory, EmptySideIsStored) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  EXPECT_EQ(*(*tm)->Import({Unit("Само български.", "")}), 1);
  EXPECT_EQ(All(**tm).size(), 1u);
}

TEST(TranslationMemory, FiltersByConfidenceOriginAndDate) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit low = Unit("Ниско.", "Low.", "2026-01-01T00:00:00Z");
  low.confidence = 0.2;
  TranslationUnit other = Unit("Друго.", "Other.", "2026-06-01T12:00:00Z");
  other.origin = "sofia.bg.txt|sofia.en.txt";
  other.origin_hash = "def456";
  TranslationUnit no_hash = Unit("Ръчно.", "By hand.", "2026-06-02T00:00:00Z");
  no_hash.origin = "glossary.tmx";
  no_hash.origin_hash = "";
  ASSERT_TRUE((*tm)->Import({low, other, no_hash}).ok());

  EXPECT_EQ(All(**tm).size(), 3u);
  EXPECT_EQ(All(**tm, {.min_confidence = 0.5}).size(), 2u);
  auto sofia = All(**tm, {.origin = "sofia.bg.txt|sofia.en.txt"});
  ASSERT_EQ(sofia.size(), 1u);
  EXPECT_EQ(sofia[0].source_text, "Друго.");
  EXPECT_EQ(All(**tm, {.origin = "sofia.en.txt"}).size(), 1u);  // one file
  EXPECT_EQ(All(**tm, {.origin = "def456"}).size(), 1u);        // the hash
  EXPECT_EQ(All(**tm, {.origin = "glossary.tmx"}).size(), 1u);
  EXPECT_EQ(All(**tm, {.origin = "sofia"}).size(), 0u);  // no partial names
  EXPECT_EQ(All(**tm, {.since = "2026-06-01"}).size(), 2u);
  EXPECT_EQ(All(**tm, {.since = "2026-06-01T12:00:01Z"}).size(), 1u);

  Status bad =
      (*tm)->ForEach({.since = "yesterday"},
                     [](const TranslationUnit&) { return Status::Ok(); });
  EXPECT_EQ(bad.code(), StatusCode::kUsage);
}

TEST(TranslationMemory, ForEachStopsAtTheVisitorsError) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE((*tm)->Import({Unit("1.", "1."), Unit("2.", "2.")}).ok());
  int visits = 0;
  Status s = (*tm)->ForEach({}, [&](const TranslationUnit&) {
    ++visits;
    return Status::IoError("disk full");
  });
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(visits, 1);
  EXPECT_EQ(*(*tm)->Import({Unit("3.", "3.")}), 1);  // no transaction left
}

TEST(TranslationMemory, StatsAndOrigins) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit reverse = Unit("Hello.", "Здравей.");
  reverse.source_language = "en";
  reverse.target_language = "bg";
  ASSERT_TRUE(
      (*tm)->Import({Unit("А.", "A."), Unit("Б.", "B."), reverse}).ok());
  auto stats = (*tm)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->units, 3);
  EXPECT_EQ(stats->origins, 1);
  EXPECT_EQ(stats->units_by_language_pair.at("bg->en"), 2);
  EXPECT_EQ(stats->units_by_language_pair.at("en->bg"), 1);
  EXPECT_EQ(stats->schema_version, "5");
  EXPECT_EQ(stats->path, dir.Path("tm.db"));
  EXPECT_TRUE(*(*tm)->HasOrigin("abc123"));
  EXPECT_FALSE(*(*tm)->HasOrigin("nope"));
}

TEST(TranslationMemory, ReopenKeepsDataAndSetsUserVersion) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.")}), 1);
  }
  EXPECT_EQ(UserVersion(path), 5);
  auto reopened = OpenSqliteMemory(path, {.read_only = true});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  std::vector<TranslationUnit> units = All(**reopened);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].target_text, "Yes.");
  EXPECT_EQ((*reopened)->Import({Unit("Не.", "No.")}).status().code(),
            StatusCode::kUsage);
}

TEST(TranslationMemory, WalMode) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  ASSERT_TRUE(OpenSqliteMemory(path, {}).ok());
  EXPECT_EQ(JournalMode(path), "wal");
}

TEST(TranslationMemory, ANewMemoryHasLargePages) {
  TempDir dir;
  const std::string path = dir.Path("new.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.")}), 1);
  }
  EXPECT_EQ(TextRows(path, "PRAGMA page_size"),
            std::vector<std::string>{"16384"});
  // A memory made before keeps its 4 KB pages (see the upgrade tests).
}

TEST(TranslationMemory, NewerSchemaIsRefused) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  ASSERT_TRUE(OpenSqliteMemory(path, {}).ok());
  Sql(path, "PRAGMA user_version = 99");
  for (bool read_only : {false, true}) {
    auto tm = OpenSqliteMemory(path, {.read_only = read_only});
    ASSERT_FALSE(tm.ok());
    EXPECT_EQ(tm.status().code(), StatusCode::kUnsupported);
    EXPECT_NE(tm.status().message().find("newer Sverka"), std::string::npos);
    EXPECT_NE(tm.status().hint().find("upgrade"), std::string::npos);
    EXPECT_EQ(tm.status().file(), path);
  }
  EXPECT_EQ(UserVersion(path), 99);  // left alone
}

TEST(TranslationMemory, NotADatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.Path("notes.txt");
  std::string text;
  for (int i = 0; i < 100; ++i) text += "Това не е база данни.\n";
  WriteFile(path, text);
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_FALSE(tm.ok());
  EXPECT_EQ(tm.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(tm.status().file(), path);
  EXPECT_EQ(testing::ReadFile(path), text);  // untouched
}

TEST(TranslationMemory, OtherProgramsDatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.Path("other.db");
  Sql(path, "CREATE TABLE customers (name TEXT)");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_FALSE(tm.ok());
  EXPECT_EQ(tm.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(tm.status().message().find("not a Sverka"), std::string::npos);
}

TEST(TranslationMemory, CorruptFileIsRefused) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    std::vector<TranslationUnit> many;
    for (int i = 0; i < 300; ++i) {
      many.push_back(Unit("Изречение " + std::to_string(i), "Sentence"));
    }
    ASSERT_TRUE((*tm)->Import(many).ok());
  }
  // Keep the SQLite header, scribble over the pages after it.
  std::string bytes = testing::ReadFile(path);
  ASSERT_GT(bytes.size(), 8192u);
  for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i);
  WriteFile(path, bytes);
  Status status;
  auto tm = OpenSqliteMemory(path, {});
  if (!tm.ok()) {
    status = tm.status();
  } else {
    status =
        (*tm)->ForEach({}, [](const TranslationUnit&) { return Status::Ok(); });
  }
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput) << status.ToString();
}

TEST(TranslationMemory, UnopenablePathNamesItAndSaysWhatToDo) {
  TempDir dir;
  const std::string path = dir.Path("no/such/folder/tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_FALSE(tm.ok());
  EXPECT_EQ(tm.status().code(), StatusCode::kIoError);
  EXPECT_EQ(tm.status().file(), path);
  EXPECT_FALSE(tm.status().hint().empty());

  auto missing = OpenSqliteMemory(dir.Path("missing.db"), {.read_only = true});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.Path("missing.db")));

  EXPECT_EQ(OpenSqliteMemory("", {}).status().code(), StatusCode::kUsage);
}

// Runs `body` in a child process as an unprivileged user (root ignores file
// permissions); returns the child's exit code, or -1 when it cannot switch.
template <typename Body>
int RunAsNobody(Body body) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(99);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(TranslationMemory, ReadOnlyFileIsRefusedForWritingClearly) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.")}), 1);
  }
  chmod(dir.path().c_str(), 0777);
  chmod(path.c_str(), 0444);
  // 0: refused with kIoError saying "read-only" and naming the file;
  // 1..: something else. Read-only opening still works (exit code 0 too).
  const int code = RunAsNobody([&] {
    auto tm = OpenSqliteMemory(path, {});
    if (tm.ok()) return 1;
    if (tm.status().code() != StatusCode::kIoError) return 2;
    if (tm.status().message().find("read-only") == std::string::npos) return 3;
    if (tm.status().file() != path) return 4;
    if (tm.status().hint().empty()) return 5;
    auto reader = OpenSqliteMemory(path, {.read_only = true});
    if (!reader.ok()) return 6;
    auto stats = (*reader)->Stats();
    if (!stats.ok() || stats->units != 1) return 7;
    return 0;
  });
  if (code == 99) GTEST_SKIP() << "cannot switch to an unprivileged user";
  EXPECT_EQ(code, 0);
}

TEST(TranslationMemory, ImportIntoAnEmptyMemoryWritesUnderARollbackJournal) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  {
    auto session = (*tm)->BeginImport();
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    ASSERT_EQ(*(*session)->Add({Unit("Едно.", "One.")}), 1);
    // Its pages go once into the file, not into the WAL and again.
    EXPECT_EQ(JournalMode(path), "delete");
    ASSERT_TRUE((*session)->Commit().ok());
  }
  EXPECT_EQ(JournalMode(path), "wal");
  EXPECT_EQ(All(**tm).size(), 1u);

  // Into a memory that holds units, WAL throughout.
  {
    auto session = (*tm)->BeginImport();
    ASSERT_TRUE(session.ok());
    ASSERT_EQ(*(*session)->Add({Unit("Две.", "Two.")}), 1);
    EXPECT_EQ(JournalMode(path), "wal");
    ASSERT_TRUE((*session)->Commit().ok());
  }

  // A failed import into an empty memory leaves it empty, and in WAL.
  const std::string second = dir.Path("second.db");
  auto empty = OpenSqliteMemory(second, {});
  ASSERT_TRUE(empty.ok());
  TranslationUnit bad = Unit("Три.", "Three.");
  bad.confidence = 2;
  EXPECT_FALSE((*empty)->Import({Unit("Едно.", "One."), bad}).ok());
  EXPECT_TRUE(All(**empty).empty());
  EXPECT_EQ(JournalMode(second), "wal");
}

TEST(TranslationMemory, ImportKilledHalfWayIntoAnEmptyMemoryLeavesItEmpty) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  ASSERT_TRUE(OpenSqliteMemory(path, {}).ok());
  const pid_t pid = fork();
  if (pid == 0) {
    // A process that dies in the middle of its import, some of its pages
    // already in the file (a small page cache spills them).
    auto tm = OpenSqliteMemory(path, {.cache_kib = 64});
    if (!tm.ok()) _exit(2);
    auto session = (*tm)->BeginImport();
    if (!session.ok()) _exit(3);
    std::vector<TranslationUnit> units;
    for (int i = 0; i < 5000; ++i) {
      units.push_back(Unit("Изречение номер " + std::to_string(i) + ".",
                           "Sentence number " + std::to_string(i) + "."));
    }
    if (!(*session)->Add(units).ok()) _exit(4);
    _exit(0);  // no commit, no rollback, no destructor: as a kill would
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  // Under the rollback journal it left behind, the next open undoes it.
  EXPECT_TRUE(std::filesystem::exists(path + "-journal"));
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  EXPECT_TRUE(All(**tm).empty());
  EXPECT_EQ(JournalMode(path), "wal");
  EXPECT_EQ(TextRows(path, "PRAGMA integrity_check"),
            std::vector<std::string>{"ok"});
  EXPECT_EQ(*(*tm)->Import({Unit("Едно.", "One.")}), 1);
}

TEST(TranslationMemory, ImportBesideAReaderOfTheEmptyMemoryStaysInWal) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {.busy_timeout_ms = 5000});
  ASSERT_TRUE(tm.ok());
  // Another process is reading the (empty) memory: leaving WAL would have
  // to wait for it, so the import does not try.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &reader), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM units;", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(*(*tm)->Import({Unit("Едно.", "One.")}), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(JournalMode(path), "wal");
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(reader);
}

TEST(TranslationMemory, WritableOpenPutsAMemoryLeftInRollbackModeBackInWal) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_EQ(*(*tm)->Import({Unit("Едно.", "One.")}), 1);
  }
  // As an import that crashed (or met a reader that held on) leaves it.
  Sql(path, "PRAGMA journal_mode = DELETE");
  ASSERT_EQ(JournalMode(path), "delete");
  ASSERT_TRUE(OpenSqliteMemory(path, {.read_only = true}).ok());
  EXPECT_EQ(JournalMode(path), "delete");  // a reader changes nothing
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  EXPECT_EQ(JournalMode(path), "wal");
  EXPECT_EQ(All(**tm).size(), 1u);
}

TEST(TranslationMemory, ReaderWorksWhileAWriterHoldsTheLockAndWriterGetsBusy) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_EQ(*(*tm)->Import({Unit("Да.", "Yes.")}), 1);
  }
  // Another process is in the middle of a write.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(writer, "BEGIN IMMEDIATE; UPDATE units SET seen_count = 50;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);

  auto reader =
      OpenSqliteMemory(path, {.read_only = true, .busy_timeout_ms = 200});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<TranslationUnit> units = All(**reader);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].seen_count, 1);  // the last committed state

  auto second = OpenSqliteMemory(path, {.busy_timeout_ms = 200});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const auto start = std::chrono::steady_clock::now();
  auto result = (*second)->Import({Unit("Не.", "No.")});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kBusy);
  EXPECT_NE(
      result.status().message().find("another process is writing to " + path),
      std::string::npos)
      << result.status().ToString();
  EXPECT_NE(result.status().hint().find("wait"), std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(150));

  ASSERT_EQ(sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(writer);
  EXPECT_EQ(*(*second)->Import({Unit("Не.", "No.")}), 1);
  EXPECT_EQ(All(**reader)[0].seen_count, 50);
}

TEST(TranslationMemory, ImportSessionTakesBatchesInOneTransaction) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  {
    auto session = (*tm)->BeginImport();
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    EXPECT_EQ(*(*session)->Add({Unit("Едно.", "One.")}), 1);
    EXPECT_EQ(*(*session)->Add({Unit("Две.", "Two."), Unit("Едно.", "One.")}),
              1);
    // A second session cannot start while this one is open.
    EXPECT_EQ((*tm)->BeginImport().status().code(), StatusCode::kUsage);
    // Not committed: dropped.
  }
  EXPECT_TRUE(All(**tm).empty());
  auto session = (*tm)->BeginImport();
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE((*session)->Add({Unit("Едно.", "One.")}).ok());
  TranslationUnit bad = Unit("Три.", "Three.");
  bad.confidence = 2;
  Result<int64_t> failed = (*session)->Add({Unit("Две.", "Two."), bad});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("unit 3"), std::string::npos)
      << failed.status().ToString();
  EXPECT_EQ((*session)->Commit().code(), StatusCode::kUsage);
  EXPECT_TRUE(All(**tm).empty());  // the first batch went too
}

TEST(TranslationMemory, SeenCountAndMarkupComeIn) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit u = Unit("Натиснете Запази.", "Press Save.");
  u.seen_count = 4;
  u.source_markup =
      "Натиснете <bpt i=\"1\">&lt;b&gt;</bpt>Запази<ept "
      "i=\"1\">&lt;/b&gt;</ept>.";
  ASSERT_EQ(*(*tm)->Import({u}), 1);
  u.seen_count = 1;
  u.source_markup.clear();
  ASSERT_EQ(*(*tm)->Import({u}), 0);
  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].seen_count, 5);
  EXPECT_NE(units[0].source_markup.find("<bpt i=\"1\">"), std::string::npos);
  EXPECT_EQ(units[0].target_markup, "");
}

TEST(TranslationMemory, FindCandidatesByRareWordsAndLength) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  TranslationUnit regional = Unit("Водещ партньор е Община Враца.",
                                  "The lead partner is Vratsa Municipality.");
  regional.source_language = "bg-BG";
  regional.target_language = "en-US";
  ASSERT_TRUE((*tm)
                  ->Import({regional,
                            Unit("Общината е партньор в проекта.",
                                 "The municipality is a partner."),
                            Unit("Времето е хубаво днес и утре, и вдругиден, "
                                 "а после вали.",
                                 "Nice weather."),
                            Unit("Водещ партньор е Община Враца.",
                                 "Lead partner: Vratsa.")})
                  .ok());
  CandidateQuery query{.source_language = "bg",
                       .target_language = "en",
                       .words = {"водещ", "партньор", "е", "община", "враца"},
                       .min_shared_words = 4,
                       .min_source_words = 3,
                       .max_source_words = 8};
  auto found = (*tm)->FindCandidates(query);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  std::vector<std::string> targets;
  for (const auto& u : found->units) targets.push_back(u.target_text);
  std::sort(targets.begin(), targets.end());
  // Both Vratsa units (bg-BG/en-US taken for bg/en); the long one is out of
  // the band; "Общината е партньор" may come (the prefilter may let through
  // more than it must) but nothing that qualifies is missing.
  EXPECT_NE(std::find(targets.begin(), targets.end(),
                      "The lead partner is Vratsa Municipality."),
            targets.end());
  EXPECT_NE(std::find(targets.begin(), targets.end(), "Lead partner: Vratsa."),
            targets.end());
  EXPECT_EQ(std::find(targets.begin(), targets.end(), "Nice weather."),
            targets.end());
  query.target_language = "en-GB";  // a region asked for is a region needed
  found = (*tm)->FindCandidates(query);
  ASSERT_TRUE(found.ok());
  for (const auto& u : found->units) EXPECT_NE(u.target_language, "en-US");
  query.target_language = "";
  EXPECT_EQ((*tm)->FindCandidates(query).status().code(), StatusCode::kUsage);
}

// A session into a memory that holds units indexes its words in one pass at
// the commit (the trigger is paused inside the transaction): every unit is
// found, once, and an import that fails leaves the index and its trigger as
// they were.
TEST(TranslationMemory, LargeImportIndexesEveryUnitAndKeepsTheTrigger) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE((*tm)->Import({Unit("Старо изречение.", "An old one.")}).ok());
  auto numbered = [](int from, int to) {
    std::vector<TranslationUnit> units;
    for (int i = from; i < to; ++i) {
      units.push_back(Unit("Изречение номер " + std::to_string(i) + ".",
                           "Sentence number " + std::to_string(i) + "."));
    }
    return units;
  };
  {
    auto session = (*tm)->BeginImport();
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE((*session)->Add(numbered(0, 6000)).ok());
    ASSERT_TRUE((*session)->Add(numbered(6000, 12000)).ok());
    ASSERT_TRUE(
        (*session)->Add({Unit("Старо изречение.", "An old one.")}).ok());
    ASSERT_TRUE((*session)->Commit().ok());
  }
  auto count = [&](std::vector<std::string> phrase) -> size_t {
    auto found = (*tm)->Search({.source_language = "bg",
                                .target_language = "en",
                                .phrase = std::move(phrase),
                                .limit = 100000});
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? found->size() : 0;
  };
  EXPECT_EQ(count({"изречение", "номер"}), 12000u);
  EXPECT_EQ(count({"номер", "11999"}), 1u);
  EXPECT_EQ(count({"sentence", "number", "0"}), 1u);
  EXPECT_EQ(count({"старо"}), 1u);  // stored before: indexed once, not twice

  // A small import too.
  ASSERT_TRUE((*tm)->Import({Unit("Ново изречение.", "A new one.")}).ok());
  EXPECT_EQ(count({"ново"}), 1u);

  // A large import that fails leaves nothing, the trigger included.
  {
    auto session = (*tm)->BeginImport();
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE((*session)->Add(numbered(20000, 31000)).ok());
    TranslationUnit bad = Unit("Лошо.", "Bad.");
    bad.confidence = 7;
    EXPECT_FALSE((*session)->Add({bad}).ok());
  }
  EXPECT_EQ(count({"номер", "20000"}), 0u);
  ASSERT_TRUE((*tm)->Import({Unit("Още едно.", "One more.")}).ok());
  EXPECT_EQ(count({"още"}), 1u);
  EXPECT_EQ(All(**tm).size(), 12003u);
}

// An import into an empty memory drops the secondary indexes and the insert
// triggers inside its transaction; they must be back, exactly as they were
// declared, after a commit and after a rollback alike.
std::vector<std::string> IndexesAndTriggers(const std::string& path) {
  return TextRows(path,
                  "SELECT name || ': ' || sql FROM sqlite_schema WHERE type IN "
                  "('index', 'trigger') AND sql IS NOT NULL ORDER BY name");
}

TEST(TranslationMemory, ImportIntoEmptyMemoryIndexesAllAndKeepsTheSchema) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  const std::vector<std::string> schema = IndexesAndTriggers(path);
  for (const char* name :
       {"units_by_changed", "units_text_insert", "units_words_insert"}) {
    EXPECT_EQ(std::count_if(schema.begin(), schema.end(),
                            [&](const std::string& entry) {
                              return entry.rfind(std::string(name) + ": ", 0) ==
                                     0;
                            }),
              1)
        << name;
  }

  // A first import that fails leaves the empty memory as it was.
  TranslationUnit bad = Unit("Лошо.", "Bad.");
  bad.confidence = 7;
  EXPECT_FALSE((*tm)->Import({Unit("Първо.", "First."), bad}).ok());
  EXPECT_EQ(IndexesAndTriggers(path), schema);
  EXPECT_TRUE(All(**tm).empty());

  TranslationUnit again =
      Unit("Първо изречение.", "First sentence.", "2026-03-01T10:00:00Z");
  again.confidence = 0.9;
  auto added =
      (*tm)->Import({Unit("Първо изречение.", "First sentence."),
                     Unit("Второ изречение.", "Second sentence."), again});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(IndexesAndTriggers(path), schema);
  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].seen_count, 2);
  EXPECT_EQ(units[0].changed, "2026-03-01T10:00:00Z");
  EXPECT_DOUBLE_EQ(units[0].confidence, 0.9);
  EXPECT_EQ(units[0].origin, "vratsa.bg.txt|vratsa.en.txt");
  EXPECT_EQ(units[1].seen_count, 1);

  auto count = [&](std::vector<std::string> phrase) -> size_t {
    auto found = (*tm)->Search({.source_language = "bg",
                                .target_language = "en",
                                .phrase = std::move(phrase)});
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? found->size() : 0;
  };
  EXPECT_EQ(count({"изречение"}), 2u);
  EXPECT_EQ(count({"second"}), 1u);
  // Into a memory that is no longer empty, the trigger indexes as it goes.
  ASSERT_TRUE((*tm)->Import({Unit("Трето изречение.", "Third one.")}).ok());
  EXPECT_EQ(count({"изречение"}), 3u);
  auto candidates = (*tm)->FindCandidates({.source_language = "bg",
                                           .target_language = "en",
                                           .words = {"трето"},
                                           .min_shared_words = 1,
                                           .min_source_words = 1,
                                           .max_source_words = 5});
  ASSERT_TRUE(candidates.ok()) << candidates.status().ToString();
  ASSERT_EQ(candidates->units.size(), 1u);
  EXPECT_EQ(candidates->units[0].source_text, "Трето изречение.");
}

TEST(TranslationMemory,
     ImportIntoEmptyMemoryMergesItsWordIndexAndKeepsItsSettings) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  // Enough words that FTS5 writes its pending terms out several times (each
  // 1 MB), so the builder's segments are merged at the end.
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 20000; ++i) {
    std::string source = "единица" + std::to_string(i);
    std::string target = "unit" + std::to_string(i);
    for (int w = 0; w < 20; ++w) {
      source += " дума" + std::to_string(i * 20 + w);
      target += " word" + std::to_string(i * 20 + w);
    }
    units.push_back(Unit(source + ".", target + "."));
  }
  ASSERT_EQ(*(*tm)->Import(units), 20000);
  Sql(path,
      "INSERT INTO unit_text (unit_text, rank) VALUES ('integrity-check', 0)");
  for (int i = 0; i < 20000; i += 997) {
    auto found =
        (*tm)->Search({.source_language = "bg",
                       .target_language = "en",
                       .phrase = {"word" + std::to_string(i * 20 + 19)},
                       .in_source = false});
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(found->size(), 1u) << i;
    EXPECT_EQ(found->at(0).target_text, units[i].target_text);
  }
  // The builder merges only at its end (its own automerge and crisismerge
  // settings); the memory keeps FTS5's defaults for later writes.
  EXPECT_EQ(TextRows(path, "SELECT k FROM unit_text_config ORDER BY k"),
            std::vector<std::string>{"version"});
}

// Every row `sql` returns, its columns joined by '|', read by a connection
// of its own after `setup` ran on it.
std::vector<std::string> Rows(const std::string& path, const std::string& sql,
                              const std::string& setup = "") {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  std::vector<std::string> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const auto* text =
          reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      row += (i ? "|" : "") + std::string(text ? text : "NULL");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

// Each word of the index, with the unit, column and position of each of
// its occurrences: what the index answers queries from.
std::vector<std::string> IndexedWords(const std::string& path) {
  return Rows(path,
              "SELECT term, doc, col, offset FROM temp.words ORDER BY 1, 2, "
              "3, 4",
              "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, "
              "unit_text, instance)");
}

// An import into an empty memory builds the word index beside the rows, in
// a database of its own, and copies it in before the commit: the index must
// be the one the trigger builds unit by unit, down to each word's position.
TEST(TranslationMemory, WordIndexBuiltBesideTheImportIsTheTriggersIndex) {
  TempDir dir;
  const char* words[] = {"Изречение", "ВОДЕЩ",  "партньор", "Гра́дът",
                         "во̀дещ",     "Élan",   "café",     "10.000",
                         "1,5",       "Враца,", "ЪГЪЛ",     "ѝ"};
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 5000; ++i) {
    std::string source = "Номер " + std::to_string(i);
    for (int w = 0; w < 3 + i % 9; ++w) {
      source += std::string(" ") + words[(i * 7 + w) % 12];
    }
    units.push_back(
        Unit(source + ".", "Number " + std::to_string(i % 3000) + " é."));
    // A pair seen again is stored, and indexed, once.
    if (i % 10 == 0) units.push_back(units.back());
  }
  const std::string beside = dir.Path("beside.db");
  const std::string by_trigger = dir.Path("trigger.db");
  {
    auto tm = OpenSqliteMemory(beside, {});
    ASSERT_TRUE(tm.ok());
    // An import that fails after thousands of units leaves nothing, and
    // the builder's thread is stopped on the way.
    std::vector<TranslationUnit> failing = units;
    failing.push_back(Unit("Лошо.", "Bad."));
    failing.back().confidence = 7;
    EXPECT_FALSE((*tm)->Import(failing).ok());
    EXPECT_TRUE(All(**tm).empty());
    EXPECT_TRUE(IndexedWords(beside).empty());
    auto added = (*tm)->Import(units);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    EXPECT_EQ(*added, 5000);
  }
  {
    // The memory is no longer empty after the first unit, and the rest is
    // too small to pause the trigger.
    auto tm = OpenSqliteMemory(by_trigger, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_TRUE((*tm)->Import({units[0]}).ok());
    ASSERT_TRUE((*tm)
                    ->Import(std::vector<TranslationUnit>(units.begin() + 1,
                                                          units.end()))
                    .ok());
  }
  const std::vector<std::string> indexed = IndexedWords(beside);
  EXPECT_GT(indexed.size(), 50000u);
  EXPECT_EQ(indexed, IndexedWords(by_trigger));
  const std::string averages =
      "SELECT hex(block) FROM unit_text_data WHERE id = 1";  // rows, words
  EXPECT_EQ(Rows(beside, averages), Rows(by_trigger, averages));
  // FTS5's own check of the index's structure.
  Sql(beside,
      "INSERT INTO unit_text (unit_text, rank) VALUES ('integrity-check', 0)");

  // Found the same way, and the memory goes on taking units.
  auto tm = OpenSqliteMemory(beside, {});
  ASSERT_TRUE(tm.ok());
  auto found = (*tm)->Search({.source_language = "bg",
                              .target_language = "en",
                              .phrase = {"водещ", "партньор"},
                              .limit = 10000});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_GT(found->size(), 100u);
  ASSERT_TRUE((*tm)->Import({Unit("Водещ партньор.", "Lead partner.")}).ok());
  auto more = (*tm)->Search({.source_language = "bg",
                             .target_language = "en",
                             .phrase = {"водещ", "партньор"},
                             .limit = 10000});
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->size(), found->size() + 1);
}

// FTS5 keeps what it read of an index on the connection; the connection
// that found the memory empty must find what it then imported.
TEST(TranslationMemory, ConnectionThatReadTheEmptyIndexFindsWhatItImports) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  const SearchQuery query = {.source_language = "bg",
                             .target_language = "en",
                             .phrase = {"изречение"}};
  const CandidateQuery candidates = {.source_language = "bg",
                                     .target_language = "en",
                                     .words = {"изречение"},
                                     .min_shared_words = 1,
                                     .min_source_words = 1,
                                     .max_source_words = 5};
  auto found = (*tm)->Search(query);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  auto none = (*tm)->FindCandidates(candidates);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->units.empty());

  ASSERT_TRUE((*tm)
                  ->Import({Unit("Първо изречение.", "First sentence."),
                            Unit("Второ изречение.", "Second sentence.")})
                  .ok());
  found = (*tm)->Search(query);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 2u);
  auto some = (*tm)->FindCandidates(candidates);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(some->units.size(), 2u);
}

TEST(TranslationMemory, SearchFindsAPhraseInEitherLanguageFolded) {
  TempDir dir;
  auto tm = OpenSqliteMemory(dir.Path("tm.db"), {});
  ASSERT_TRUE(tm.ok());
  ASSERT_TRUE(
      (*tm)
          ->Import({Unit("ВОДЕЩ ПАРТНЬОР е Община Враца.",
                         "The lead partner is Vratsa."),
                    Unit("Партньор, водещ групата.", "A partner leading."),
                    Unit("Гра́дът е во̀дещ партньор.", "The city leads.")})
          .ok());
  auto found = (*tm)->Search({.source_language = "bg",
                              .target_language = "en",
                              .phrase = {"водещ", "партньор"}});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);  // case and stress marks folded; order kept
  for (const auto& u : *found) {
    EXPECT_EQ(u.origin, "vratsa.bg.txt|vratsa.en.txt");
  }
  found = (*tm)->Search({.source_language = "bg",
                         .target_language = "en",
                         .phrase = {"lead", "partner"},
                         .in_source = false});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].target_text, "The lead partner is Vratsa.");
}

// The tables of a version 1 memory as Sverka 0.1 created them: the start of
// every older memory the upgrade tests build by hand.
constexpr char kVersion1Schema[] = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE origins (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  content_hash TEXT UNIQUE, created TEXT NOT NULL);
CREATE TABLE units (id INTEGER PRIMARY KEY, source_language TEXT NOT NULL,
  target_language TEXT NOT NULL, source_text TEXT NOT NULL,
  target_text TEXT NOT NULL, confidence REAL NOT NULL,
  bead_type TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
  changed TEXT NOT NULL, seen_count INTEGER NOT NULL DEFAULT 1,
  UNIQUE (source_language, target_language, source_text, target_text));
CREATE INDEX units_by_changed ON units (changed);
CREATE TABLE unit_origins (unit_id INTEGER NOT NULL REFERENCES units (id)
  ON DELETE CASCADE, origin_id INTEGER NOT NULL REFERENCES origins (id)
  ON DELETE CASCADE, PRIMARY KEY (unit_id, origin_id)) WITHOUT ROWID;
CREATE INDEX unit_origins_by_origin ON unit_origins (origin_id);
CREATE TABLE unit_properties (unit_id INTEGER NOT NULL REFERENCES units (id)
  ON DELETE CASCADE, type TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (unit_id, type)) WITHOUT ROWID;
)sql";

TEST(TranslationMemory, UpgradesAVersion1MemoryAndIndexesItsUnits) {
  TempDir dir;
  const std::string path = dir.Path("v1.db");
  // The v1 schema as Sverka 0.1 wrote it, with one unit.
  Sql(path, std::string(kVersion1Schema) + R"sql(
INSERT INTO units VALUES (1, 'bg', 'en', 'Водещ партньор е Враца.',
  'Vratsa is the lead partner.', 0.9, '1-1', '2026-01-01T10:00:00Z',
  '2026-01-01T10:00:00Z', 1);
PRAGMA application_id = 1398164289;
PRAGMA user_version = 1;
)sql");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  EXPECT_EQ(UserVersion(path), 5);
  // Made with SQLite's 4 KB pages, it keeps them (only a new file takes 16 KB).
  EXPECT_EQ(TextRows(path, "PRAGMA page_size"),
            std::vector<std::string>{"4096"});
  auto found = (*tm)->Search({.source_language = "bg",
                              .target_language = "en",
                              .phrase = {"водещ", "партньор"}});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  auto candidates = (*tm)->FindCandidates({.source_language = "bg",
                                           .target_language = "en",
                                           .words = {"враца"},
                                           .min_source_words = 4,
                                           .max_source_words = 4});
  ASSERT_TRUE(candidates.ok());
  EXPECT_EQ(candidates->units.size(), 1u);  // source_words filled in
}

// Counts rows of a query run on the memory file as another program would.
int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr),
            SQLITE_OK)
      << sql;
  int64_t n = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    n = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return n;
}

TEST(TranslationMemory, UpgradesAVersion2MemoryKeepingUnitsLinksAndIndex) {
  TempDir dir;
  const std::string path = dir.Path("v2.db");
  // The v2 schema as Sverka wrote it before the pair hash (v1, then the v2
  // step), with three units, two origins, properties and markup. The
  // triggers are created after the rows (they call Sverka's functions); the
  // word index rows are what sverka_fold gives for these texts.
  Sql(path, std::string(kVersion1Schema) + R"sql(
ALTER TABLE units ADD COLUMN source_markup TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN target_markup TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN source_words INTEGER;
CREATE INDEX units_by_source_words ON units (source_words);
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '',
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'");
CREATE VIRTUAL TABLE unit_text_terms USING fts5vocab(unit_text, 'col');
INSERT INTO origins VALUES (1, 'vratsa.bg.txt|vratsa.en.txt', 'abc', '2026-01-01T10:00:00Z');
INSERT INTO origins VALUES (2, 'project.tmx', NULL, '2026-01-02T10:00:00Z');
INSERT INTO units VALUES (3, 'bg', 'en', 'Водещ партньор е Враца.',
  'Vratsa is the lead partner.', 0.9, '1-1', '2026-01-01T10:00:00Z',
  '2026-01-01T10:00:00Z', 2, '', '', 4);
INSERT INTO units VALUES (7, 'bg', 'en', 'Натисни Старт.',
  'Press Start.', 1, '', '2026-01-02T10:00:00Z', '2026-01-03T10:00:00Z', 1,
  'Натисни <bpt i="1">&lt;b&gt;</bpt>Старт<ept i="1">&lt;/b&gt;</ept>.',
  'Press <bpt i="1">&lt;b&gt;</bpt>Start<ept i="1">&lt;/b&gt;</ept>.', 2);
INSERT INTO units VALUES (9, 'en', 'bg', 'Yes.', 'Да.', 0.5, '1-1',
  '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', 1, '', '', 1);
INSERT INTO unit_origins VALUES (3, 1), (3, 2), (7, 2), (9, 1);
INSERT INTO unit_properties VALUES (3, 'x-reviewed', 'confirmed'),
  (7, '@creationid', 'ANNA'), (7, 'x-domain', 'software');
INSERT INTO unit_text (rowid, source, target) VALUES
  (3, 'водещ партньор е враца.', 'vratsa is the lead partner.'),
  (7, 'натисни старт.', 'press start.'), (9, 'yes.', 'да.');
CREATE TRIGGER units_text_insert AFTER INSERT ON units BEGIN
  INSERT INTO unit_text (rowid, source, target)
    VALUES (new.id, sverka_fold(new.source_text), sverka_fold(new.target_text));
END;
CREATE TRIGGER units_words_insert AFTER INSERT ON units
WHEN new.source_words IS NULL BEGIN
  UPDATE units SET source_words = sverka_match_words(new.source_text)
    WHERE id = new.id;
END;
CREATE TRIGGER units_text_delete AFTER DELETE ON units BEGIN
  INSERT INTO unit_text (unit_text, rowid, source, target)
    VALUES ('delete', old.id, sverka_fold(old.source_text),
            sverka_fold(old.target_text));
END;
PRAGMA application_id = 1398164289;
PRAGMA user_version = 2;
)sql");
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  }
  EXPECT_EQ(UserVersion(path), 5);
  // Every unit with its id, every link and property; none dangling; the
  // unused vocabulary table gone, the hash index there.
  EXPECT_EQ(Count(path, "SELECT count(*) FROM unit_origins"), 4);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM unit_properties"), 3);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  EXPECT_EQ(Count(path,
                  "SELECT count(*) FROM sqlite_schema WHERE name = "
                  "'unit_text_terms'"),
            0);
  EXPECT_EQ(Count(path,
                  "SELECT count(*) FROM sqlite_schema WHERE name = "
                  "'units_by_pair_hash'"),
            1);
  EXPECT_EQ(Count(path,
                  "SELECT count(*) FROM pragma_foreign_key_list('unit_origins')"
                  " WHERE \"table\" = 'units'"),
            1);

  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].id, 3);
  EXPECT_EQ(units[0].source_text, "Водещ партньор е Враца.");
  EXPECT_EQ(units[0].seen_count, 2);
  EXPECT_DOUBLE_EQ(units[0].confidence, 0.9);
  EXPECT_EQ(units[0].origin, "vratsa.bg.txt|vratsa.en.txt");
  EXPECT_EQ(units[0].properties.at("x-reviewed"), "confirmed");
  EXPECT_EQ(units[1].id, 7);
  EXPECT_EQ(units[1].changed, "2026-01-03T10:00:00Z");
  EXPECT_EQ(units[1].origin, "project.tmx");
  EXPECT_EQ(units[1].properties.at("@creationid"), "ANNA");
  EXPECT_EQ(units[1].properties.at("x-domain"), "software");
  EXPECT_EQ(units[1].target_markup,
            "Press <bpt i=\"1\">&lt;b&gt;</bpt>Start<ept "
            "i=\"1\">&lt;/b&gt;</ept>.");
  EXPECT_EQ(units[2].id, 9);
  EXPECT_EQ(units[2].source_language, "en");

  // The pairs stored before the upgrade are found again by their hash...
  TranslationUnit again =
      Unit("Водещ партньор е Враца.", "Vratsa is the lead partner.",
           "2026-02-01T10:00:00Z");
  EXPECT_EQ(*(*tm)->Import({again, Unit("Ново.", "New.")}), 1);
  units = All(**tm);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].seen_count, 3);
  EXPECT_EQ(units[0].changed, "2026-02-01T10:00:00Z");
  EXPECT_EQ(units[3].id, 10);  // after the largest id kept
  // ...the word index still finds them, phrases in order...
  auto found = (*tm)->Search({.source_language = "bg",
                              .target_language = "en",
                              .phrase = {"водещ", "партньор"}});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, 3);
  // ...and the child tables' foreign keys hold against the rebuilt table.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db,
                         "PRAGMA foreign_keys = ON; INSERT INTO "
                         "unit_properties VALUES (8, 'x', 'y')",
                         nullptr, nullptr, nullptr) &
                0xff,
            SQLITE_CONSTRAINT);
  sqlite3_close(db);
}

// Units in the memory as this Sverka stores them, then the word index as
// `declaration` (an older version's) made it: cut by FTS5's unicode61
// tokenizer from the texts as NormalizeForMatching folds them, punctuation
// and all; and the version set back to `version`. The upgrade builds the
// index again, and every unit is found as before.
void UpgradeKeepsEveryUnitFindable(int version,
                                   const std::string& declaration) {
  TempDir dir;
  const std::string path = dir.Path("old.db");
  std::vector<TranslationUnit> units = {
      Unit("ВОДЕЩ ПАРТНЬОР е Община Враца.", "The lead partner is Vratsa."),
      Unit("Партньор, водещ групата.", "A partner leading the group."),
      Unit("Гра́дът е во̀дещ партньор.", "The city is a lead partner.")};
  for (int i = 0; i < 300; ++i) {
    units.push_back(Unit("Изречение " + std::to_string(i) + " от проекта.",
                         "Sentence " + std::to_string(i) + " of the project."));
  }
  // Words against punctuation beyond ASCII, which the word index's text
  // must turn into spaces: Bulgarian quotes, a dash, № and a no-break space
  // (the path without ICU), and ¿ beside a word that needs ICU's folding.
  units.push_back(Unit("„Водещ партньор“ — община №5\u00a0Враца.",
                       "«Lead partner» — No.\u00a05 ¿Müller?"));
  units[5].properties["x-domain"] = "software";
  {
    auto tm = OpenSqliteMemory(path, {});
    ASSERT_TRUE(tm.ok());
    ASSERT_TRUE((*tm)->Import(units).ok());
  }
  std::string old_index = "DROP TABLE unit_text;\n" + declaration + ";\n";
  for (size_t i = 0; i < units.size(); ++i) {
    auto quoted = [](const std::string& text) {
      std::string out = "'";
      for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
      return out + "'";
    };
    old_index += "INSERT INTO unit_text (rowid, source, target) VALUES (" +
                 std::to_string(i + 1) + ", " +
                 quoted(NormalizeForMatching(units[i].source_text)) + ", " +
                 quoted(NormalizeForMatching(units[i].target_text)) + ");\n";
  }
  // And the pairs' hashes as another function made them (FNV-1a, before
  // version 5): the upgrade computes them again.
  Sql(path, old_index + "UPDATE units SET pair_hash = 0;" +
                "PRAGMA user_version = " + std::to_string(version));

  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok()) << tm.status().ToString();
  EXPECT_EQ(UserVersion(path), 5);
  EXPECT_EQ(Count(path,
                  "SELECT count(*) FROM sqlite_schema WHERE name = "
                  "'unit_text_docsize'"),
            0);
  Sql(path,
      "INSERT INTO unit_text (unit_text, rank) VALUES ('integrity-check', 0)");
  std::vector<TranslationUnit> stored = All(**tm);
  ASSERT_EQ(stored.size(), units.size());
  EXPECT_EQ(stored[5].properties.at("x-domain"), "software");

  // Concordance finds the phrase folded and in order, not its words apart
  // ("Партньор, водещ" has both, the other way round)...
  auto search = [&](std::vector<std::string> phrase, bool in_source = true,
                    bool in_target = true) {
    std::vector<int64_t> ids;
    auto found = (*tm)->Search({.source_language = "bg",
                                .target_language = "en",
                                .phrase = std::move(phrase),
                                .in_source = in_source,
                                .in_target = in_target,
                                .limit = 1000});
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    if (found.ok()) {
      for (const TranslationUnit& u : *found) ids.push_back(u.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(search({"водещ", "партньор"}), (std::vector<int64_t>{1, 3, 304}));
  EXPECT_EQ(search({"партньор", "водещ"}), (std::vector<int64_t>{2}));
  EXPECT_EQ(search({"lead", "partner"}, false),
            (std::vector<int64_t>{1, 3, 304}));
  EXPECT_EQ(search({"partner", "lead"}), (std::vector<int64_t>{}));
  // ...its words wherever punctuation stands against them...
  const std::vector<int64_t> quoted = {304};
  EXPECT_EQ(search({"водещ", "партньор", "община", "5", "враца"}), quoted);
  EXPECT_EQ(search({"lead", "partner", "no", "5", "müller"}, false), quoted);
  EXPECT_EQ(search({"müller"}), quoted);
  // ...every unit, by its number in either language...
  for (int i = 0; i < 300; ++i) {
    const std::vector<int64_t> expected = {i + 4};
    EXPECT_EQ(search({"изречение", std::to_string(i)}), expected) << i;
    EXPECT_EQ(search({"sentence", std::to_string(i)}, false), expected) << i;
  }
  // ...and the fuzzy lookup's prefilter reads the same word lists.
  auto candidates = (*tm)->FindCandidates({.source_language = "bg",
                                           .target_language = "en",
                                           .words = {"проекта", "изречение"},
                                           .min_shared_words = 2,
                                           .min_source_words = 1,
                                           .max_source_words = 10,
                                           .limit = 1000});
  ASSERT_TRUE(candidates.ok()) << candidates.status().ToString();
  EXPECT_EQ(candidates->units.size(), 300u);
  // A pair seen again is found by its hash...
  EXPECT_EQ(*(*tm)->Import({units[0], units[303]}), 0);
  EXPECT_EQ(All(**tm).at(303).seen_count, 2);
  // ...and new units are indexed by the triggers as before.
  ASSERT_TRUE((*tm)->Import({Unit("Нов водещ партньор.", "New one.")}).ok());
  EXPECT_EQ(search({"водещ", "партньор"}).size(), 4u);
}

TEST(TranslationMemory, UpgradesAVersion3MemoryKeepingEveryUnitFindable) {
  // Version 3's word index kept each row's size in words.
  UpgradeKeepsEveryUnitFindable(3, R"sql(
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '',
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"))sql");
}

TEST(TranslationMemory, UpgradesAVersion4MemoryKeepingEveryUnitFindable) {
  UpgradeKeepsEveryUnitFindable(4, R"sql(
CREATE VIRTUAL TABLE unit_text USING fts5(
  source, target, content = '', columnsize = 0,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"))sql");
}

TEST(TranslationMemory, PairsSharingAHashStayApart) {
  TempDir dir;
  const std::string path = dir.Path("tm.db");
  auto tm = OpenSqliteMemory(path, {});
  ASSERT_TRUE(tm.ok());
  ASSERT_EQ(*(*tm)->Import({Unit("Едно.", "One."), Unit("Две.", "Two.")}), 2);
  // Forge a collision: the first pair now has the second one's hash.
  Sql(path,
      "UPDATE units SET pair_hash = (SELECT pair_hash FROM units WHERE "
      "source_text = 'Две.') WHERE source_text = 'Едно.'");
  // The second pair seen again is told from the first by its texts.
  EXPECT_EQ(*(*tm)->Import({Unit("Две.", "Two.")}), 0);
  EXPECT_EQ(*(*tm)->Import({Unit("Две.", "Two, too.")}), 1);
  std::vector<TranslationUnit> units = All(**tm);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].seen_count, 1);
  EXPECT_EQ(units[1].seen_count, 2);
  // Field boundaries count: ("ab", "c") and ("a", "bc") are two pairs.
  EXPECT_EQ(*(*tm)->Import({Unit("аб", "в"), Unit("а", "бв")}), 2);
}

}  // namespace
}  // namespace sverka
