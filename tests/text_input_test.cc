// Tests for text_input.h through its public functions: every encoding
// Sverka reads, every way a file can fail to be a text, and the helpers.
#include "sverka/text_input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "test_util.h"

namespace sverka {
namespace {

using ::sverka::testing::ReadFile;
using ::sverka::testing::TempDir;
using ::sverka::testing::WriteFile;

// A real Bulgarian paragraph (from the Vratsa sample), in UTF-8.
const std::string kBulgarian =
    "Основната цел на проекта е да отключи възможности за подобряване на "
    "нашите градове.\nМрежата за планиране на действия на CITIES4CSR следва "
    "смела визия за това как корпоративният бизнес да бъде проактивен и "
    "отговорен партньор на местните власти.\n";

// Converts UTF-8 to `encoding` with ICU, as a translator's editor would save.
std::string Encode(const std::string& utf8, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(encoding, "UTF-8", out.data(),
                                 static_cast<int32_t>(out.size()), utf8.data(),
                                 static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(n));
  return out;
}

Document DecodeOrDie(std::string_view bytes, TextInputOptions options = {}) {
  Result<Document> doc = DecodeText(bytes, options);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? *doc : Document{};
}

Status DecodeError(std::string_view bytes, TextInputOptions options = {}) {
  Result<Document> doc = DecodeText(bytes, options);
  EXPECT_FALSE(doc.ok()) << "decoded as " << doc->encoding;
  return doc.status();
}

TEST(DecodeText, KeepsUtf8AsWritten) {
  Document doc = DecodeOrDie(kBulgarian, {.encoding = "", .name = "a.txt"});
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "UTF-8");
  EXPECT_EQ(doc.name, "a.txt");
  EXPECT_EQ(doc.content_hash, Sha256Hex(kBulgarian));
}

TEST(DecodeText, DoesNotNormalise) {
  // "й" decomposed (и + U+0306) and a stressed "а̀" stay as written.
  const std::string text = "и\xCC\x86 ма\xCC\x80ма\n";
  EXPECT_EQ(DecodeOrDie(text).text, text);
}

TEST(DecodeText, RemovesUtf8Bom) {
  const std::string bytes = "\xEF\xBB\xBF" + kBulgarian;
  Document doc = DecodeOrDie(bytes);
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "UTF-8");
  // The hash is of the bytes as they were, BOM included.
  EXPECT_EQ(doc.content_hash, Sha256Hex(bytes));
}

TEST(DecodeText, ReadsUtf16LittleEndianWithBom) {
  const std::string bytes = "\xFF\xFE" + Encode(kBulgarian, "UTF-16LE");
  Document doc = DecodeOrDie(bytes);
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "UTF-16LE");
}

TEST(DecodeText, ReadsUtf16BigEndianWithBom) {
  const std::string bytes = "\xFE\xFF" + Encode(kBulgarian, "UTF-16BE");
  Document doc = DecodeOrDie(bytes);
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "UTF-16BE");
}

TEST(DecodeText, BomSettlesByteOrderOfExplicitUtf16) {
  const std::string bytes = "\xFF\xFE" + Encode(kBulgarian, "UTF-16LE");
  Document doc = DecodeOrDie(bytes, {.encoding = "UTF-16", .name = ""});
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "UTF-16LE");
}

TEST(DecodeText, DetectsWindows1251) {
  const std::string bytes = Encode(kBulgarian, "windows-1251");
  ASSERT_FALSE(DecodeText(bytes, {.encoding = "UTF-8", .name = ""}).ok());
  Document doc = DecodeOrDie(bytes);
  EXPECT_EQ(doc.encoding, "windows-1251");
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.content_hash, Sha256Hex(bytes));
}

TEST(DecodeText, DetectsWindows1251OnWholeSample) {
  const std::string utf8 =
      ReadFile(SVERKA_SOURCE_DIR "/samples/varna-b40-network.bg.txt");
  ASSERT_FALSE(utf8.empty());
  Document doc = DecodeOrDie(Encode(utf8, "windows-1251"));
  EXPECT_EQ(doc.encoding, "windows-1251");
  EXPECT_EQ(doc.text, DecodeOrDie(utf8).text);
}

TEST(DecodeText, DoesNotReadLatin1AsCyrillic) {
  // French in ISO-8859-1: not UTF-8, not Cyrillic. Reading it as
  // windows-1251 would be mojibake ("cafщ"), so it is an error at the é.
  const std::string bytes = Encode(
      "Le caf\xC3\xA9 est pr\xC3\xA8s de la gare.\nIl est ferm\xC3\xA9 le "
      "lundi et le mardi.\n",
      "ISO-8859-1");
  Status s = DecodeError(bytes, {.encoding = "", .name = "fr.txt"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 6);  // L e _ c a f é
  EXPECT_EQ(s.line(), 1);
  EXPECT_EQ(s.file(), "fr.txt");
}

TEST(DecodeText, DoesNotReadKoi8AsWindows1251) {
  const std::string bytes = Encode(kBulgarian + kBulgarian, "KOI8-R");
  Status s = DecodeError(bytes);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 0);  // "О" is 0xEF in KOI8-R
}

TEST(DecodeText, ExplicitEncodingIsUsed) {
  // ISO-8859-5 is never detected, but any ICU converter name can be given.
  const std::string bytes = Encode(kBulgarian, "ISO-8859-5");
  Document doc = DecodeOrDie(bytes, {.encoding = "ISO-8859-5", .name = ""});
  EXPECT_EQ(doc.text, kBulgarian);
  EXPECT_EQ(doc.encoding, "ISO-8859-5");
  // Aliases resolve to ICU's canonical name.
  EXPECT_EQ(DecodeOrDie(kBulgarian, {.encoding = "utf8", .name = ""}).encoding,
            "UTF-8");
  EXPECT_EQ(DecodeOrDie(kBulgarian, {.encoding = "auto", .name = ""}).encoding,
            "UTF-8");
}

TEST(DecodeText, UnknownEncodingIsUsageError) {
  Status s = DecodeError("text", {.encoding = "klingon-9", .name = "a.txt"});
  EXPECT_EQ(s.code(), StatusCode::kUsage);
  EXPECT_NE(s.message().find("klingon-9"), std::string::npos);
}

TEST(DecodeText, ByteInvalidInExplicitEncodingHasOffsetAndLine) {
  // US-ASCII defines no byte above 0x7F.
  const std::string bytes = "line\nnext\xE9";
  Status s = DecodeError(bytes, {.encoding = "US-ASCII", .name = "w.txt"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 9);
  EXPECT_EQ(s.line(), 2);
  EXPECT_EQ(s.file(), "w.txt");
}

TEST(DecodeText, InvalidUtf8NamesFirstBadByteAndLine) {
  // a0 b1 \n2 ц3-4 d5 \n6 x7 y8, then a lone continuation byte at 9.
  const std::string bytes = "ab\nцd\nxy\x80z\n";
  Status s = DecodeError(bytes, {.encoding = "", .name = "bad.txt"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 9);
  EXPECT_EQ(s.line(), 3);
  EXPECT_EQ(s.file(), "bad.txt");
  EXPECT_NE(s.hint().find("--encoding windows-1251"), std::string::npos);
  EXPECT_NE(s.message().find("0x80"), std::string::npos);
}

TEST(DecodeText, InvalidUtf8AfterBomAndCrlfCountsInputBytes) {
  // Truncated 3-byte sequence (E2 82 then 'A') starts at 3 + 4 + 1 = 8.
  const std::string bytes =
      "\xEF\xBB\xBFok\r\nx\xE2\x82"
      "A";
  Status s = DecodeError(bytes);
  EXPECT_EQ(s.byte_offset(), 8);
  EXPECT_EQ(s.line(), 2);
}

TEST(DecodeText, OverlongAndSurrogateUtf8AreInvalid) {
  EXPECT_EQ(DecodeError("a\xC0\xAF").byte_offset(), 1);       // overlong '/'
  EXPECT_EQ(DecodeError("ab\xED\xA0\x80").byte_offset(), 2);  // U+D800
}

TEST(DecodeText, InvalidUtf8WithExplicitUtf8) {
  Status s = DecodeError("\xD0\x90\xFF", {.encoding = "UTF-8", .name = ""});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 2);
}

TEST(DecodeText, TruncatedUtf16IsAnError) {
  const std::string bytes = "\xFF\xFE" + Encode("две\n", "UTF-16LE") + "\x41";
  Status s = DecodeError(bytes, {.encoding = "", .name = "u16.txt"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 10);
  EXPECT_EQ(s.line(), 2);
  EXPECT_NE(s.message().find("truncated"), std::string::npos);
}

TEST(DecodeText, UnpairedSurrogateInUtf16IsAnError) {
  // "ab", then a lead surrogate D800 followed by 'c' instead of a trail.
  const std::string bytes = std::string(
      "\xFF\xFE"
      "a\0b\0\x00\xD8"
      "c\0",
      10);
  Status s = DecodeError(bytes);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.byte_offset(), 6);
}

TEST(DecodeText, EmptyInputIsRefused) {
  Status s = DecodeError("", {.encoding = "", .name = "empty.txt"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("empty"), std::string::npos);
  EXPECT_EQ(s.file(), "empty.txt");
  EXPECT_NE(DecodeError("\xEF\xBB\xBF").message().find("empty"),
            std::string::npos);
}

TEST(DecodeText, WhitespaceOnlyInputIsRefused) {
  for (const std::string text :
       {"   \n\t\r\n  ", "\xC2\xA0\n\xE2\x80\x83"}) {  // NBSP, em space
    Status s = DecodeError(text, {.encoding = "", .name = "blank.txt"});
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
    EXPECT_NE(s.message().find("whitespace"), std::string::npos);
    EXPECT_EQ(s.file(), "blank.txt");
  }
}

TEST(DecodeText, NulByteMeansBinary) {
  const std::string bytes("text\0more", 9);
  Status s = DecodeError(bytes, {.encoding = "", .name = "bin.dat"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("binary file"), std::string::npos);
  EXPECT_EQ(s.byte_offset(), 4);
  EXPECT_EQ(s.file(), "bin.dat");
}

TEST(DecodeText, RecognisesPdf) {
  Status s = DecodeError("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
                         {.encoding = "", .name = "a.pdf"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("a PDF document: convert it to plain text first "
                             "(e.g. pdftotext)"),
            std::string::npos);
  EXPECT_EQ(s.file(), "a.pdf");
}

TEST(DecodeText, RecognisesDocxZipAndOldWord) {
  Status docx = DecodeError(std::string("PK\x03\x04\x14\0\x06\0", 8),
                            {.encoding = "", .name = "a.docx"});
  EXPECT_NE(docx.message().find("ZIP/DOCX/ODT"), std::string::npos);
  EXPECT_EQ(docx.file(), "a.docx");
  Status doc = DecodeError(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  EXPECT_NE(doc.message().find(".doc"), std::string::npos);
}

TEST(DecodeText, CrlfAndLoneCrBecomeLf) {
  Document doc = DecodeOrDie("един\r\nдва\rтри\n\r\n");
  EXPECT_EQ(doc.text, "един\nдва\nтри\n\n");
  EXPECT_EQ(doc.line_starts, (std::vector<size_t>{0, 9, 16, 23, 24}));
}

TEST(DecodeText, CrlfInUtf16) {
  const std::string bytes = "\xFF\xFE" + Encode("a\r\nб\r\n", "UTF-16LE");
  EXPECT_EQ(DecodeOrDie(bytes).text, "a\nб\n");
}

TEST(Document, LineOfOffset) {
  Document doc = DecodeOrDie("ab\nцд\n\nx");
  // Offsets: a0 b1 \n2 ц3-4 д5-6 \n7 \n8 x9
  EXPECT_EQ(doc.LineOfOffset(0), 1);
  EXPECT_EQ(doc.LineOfOffset(2), 1);  // the "\n" ends its own line
  EXPECT_EQ(doc.LineOfOffset(3), 2);
  EXPECT_EQ(doc.LineOfOffset(7), 2);
  EXPECT_EQ(doc.LineOfOffset(8), 3);
  EXPECT_EQ(doc.LineOfOffset(9), 4);
  EXPECT_EQ(doc.LineOfOffset(1000), 4);
  EXPECT_EQ(Document{}.LineOfOffset(5), 1);
}

TEST(ReadTextFile, ReadsSample) {
  const std::string path =
      SVERKA_SOURCE_DIR "/samples/sofia-cities4csr-workshop.bg.txt";
  Result<Document> doc = ReadTextFile(path, {});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->name, path);
  EXPECT_TRUE(doc->text.starts_with("Назад\n"));
  EXPECT_EQ(doc->content_hash, Sha256Hex(ReadFile(path)));
  EXPECT_EQ(doc->line_starts.front(), 0u);
}

// ReadTextFile hands its buffer to the Document when the file is UTF-8:
// the BOM must still go, the hash must still cover it, and the result must
// be what DecodeText makes of the same bytes.
TEST(ReadTextFile, Utf8WithBomAndCrlfMatchesDecodeText) {
  TempDir dir;
  const std::string bytes = "\xEF\xBB\xBFПърви ред\r\nвтори ред\r\n";
  WriteFile(dir.Path("bom.txt"), bytes);
  Result<Document> read = ReadTextFile(dir.Path("bom.txt"), {});
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  Result<Document> decoded = DecodeText(bytes, {});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(read->text, "Първи ред\nвтори ред\n");
  EXPECT_EQ(read->text, decoded->text);
  EXPECT_EQ(read->encoding, "UTF-8");
  EXPECT_EQ(read->content_hash, Sha256Hex(bytes));
  EXPECT_EQ(read->line_starts, decoded->line_starts);
  EXPECT_EQ(read->line_starts.size(), 3u);
}

// A pipe has no size to size the buffer by: its bytes are read as they come,
// past the first buffer (64 KiB), whole.
TEST(ReadTextFile, ReadsPipeLargerThanItsFirstBuffer) {
  TempDir dir;
  const std::string path = dir.Path("pipe");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  std::string bytes;
  while (bytes.size() < 300 * 1024) {
    bytes += "Ред " + std::to_string(bytes.size()) + ".\n";
  }
  // Opening a FIFO blocks until the other end opens: write from a thread.
  std::thread writer([&] { WriteFile(path, bytes); });
  Result<Document> read = ReadTextFile(path, {});
  writer.join();
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->text, bytes);
  EXPECT_EQ(read->content_hash, Sha256Hex(bytes));
}

TEST(ReadTextFile, DashReadsStandardInput) {
  std::istringstream input("\xEF\xBB\xBFот стандартния вход\r\n");
  std::streambuf* saved = std::cin.rdbuf(input.rdbuf());
  Result<Document> doc = ReadTextFile("-", {});
  std::cin.rdbuf(saved);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->name, "-");
  EXPECT_EQ(doc->text, "от стандартния вход\n");
}

TEST(ReadTextFile, ExplicitWindows1251File) {
  TempDir dir;
  WriteFile(dir.Path("old.txt"), Encode(kBulgarian, "windows-1251"));
  Result<Document> doc = ReadTextFile(
      dir.Path("old.txt"), {.encoding = "cp1251", .name = "old.txt"});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->encoding, "windows-1251");
  EXPECT_EQ(doc->text, kBulgarian);
  EXPECT_EQ(doc->name, "old.txt");
}

TEST(ReadTextFile, MissingFileIsNotFound) {
  TempDir dir;
  const std::string path = dir.Path("nope.txt");
  Result<Document> doc = ReadTextFile(path, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(doc.status().file(), path);
  EXPECT_NE(doc.status().message().find(path), std::string::npos);
}

TEST(ReadTextFile, DirectoryIsRefused) {
  TempDir dir;
  Result<Document> doc = ReadTextFile(dir.path(), {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(doc.status().message().find("is a directory"), std::string::npos);
}

TEST(ReadTextFile, FailingReadIsIoError) {
  // The kernel refuses to read address 0 of a process's memory (EIO): a
  // read error that even root gets.
  Result<Document> doc = ReadTextFile("/proc/self/mem", {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kIoError);
  EXPECT_EQ(doc.status().file(), "/proc/self/mem");
}

TEST(ReadTextFile, UnreadableFileIsIoError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  const std::string path = dir.Path("secret.txt");
  WriteFile(path, "text");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  Result<Document> doc = ReadTextFile(path, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kIoError);
  EXPECT_EQ(doc.status().file(), path);
}

TEST(ReadTextFile, ErrorsNameTheFileAndUseOptionsName) {
  TempDir dir;
  WriteFile(dir.Path("a.pdf"), "%PDF-1.4\n");
  Result<Document> doc = ReadTextFile(dir.Path("a.pdf"), {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().file(), dir.Path("a.pdf"));
  WriteFile(dir.Path("b.txt"), "текст");
  Result<Document> named =
      ReadTextFile(dir.Path("b.txt"), {.encoding = "", .name = "b"});
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->name, "b");
}

TEST(Sha256Hex, FipsVectors) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the length no longer fits the first padding block.
  EXPECT_EQ(
      Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every way the input can end against the 64-byte blocks (the tail alone,
// the tail plus a length block, several blocks), whichever compression
// function the processor runs. Expected values from Python's hashlib.
TEST(Sha256Hex, EveryBlockBoundary) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 % 251);
  const std::pair<size_t, const char*> kCases[] = {
      {1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"},
      {55, "8af594de0e003fdee5c8bb088216c824349b4137070f559574f4a4bddd27b714"},
      {56, "db81bc2bfd43620591df192139062da77d4c376f1888ea3d2190bd07c8d901f9"},
      {63, "bd535b38bf0d0d1a09d370b7e34b2696cea3767801a45d5611a4aaa6954e8527"},
      {64, "292be91abe8c0909fe3d26575af5755eee74d23816dc68c3ba41765136967654"},
      {65, "ba65aedf7884642499a59ae124894611d986cf429e69f569488048af3a99e25a"},
      {119, "d367ab298e74477421127b0b448667c37c006c636f5738f081c39388756e5fad"},
      {120, "be7beb9c82089eb08da8fe6eb30c13b9d56869014e228a8c3eb0fdfe832efab2"},
      {127, "770cba7b80c7615a327db5812ccd3f80895d801b587448fcd0b2c1a10f5c88a3"},
      {128, "cb5311e1d7aa8e11d6af7081f3ffc3e4efa008c7483a1a791fe170bf37546ba7"},
      {129, "b9e17b1020711e1a6f25633f677a750b3d54399773eb191acac2cb8c7c8b2541"},
      {1000,
       "59425e4412e296fc74736673ce067027f384203f59c0d2c3e6be7b13347b3ffc"},
  };
  for (const auto& [length, expected] : kCases) {
    EXPECT_EQ(Sha256Hex(std::string_view(data).substr(0, length)), expected)
        << length << " bytes";
  }
}

TEST(NormalizeForMatching, FoldsCase) {
  EXPECT_EQ(NormalizeForMatching("Vratsa CITIES4CSR"), "vratsa cities4csr");
  EXPECT_EQ(NormalizeForMatching("ВРАЦА Община"), "враца община");
  EXPECT_EQ(NormalizeForMatching("Straße"), "strasse");
}

TEST(NormalizeForMatching, ComposesToNfc) {
  // и + combining breve is й; e + combining acute is é.
  EXPECT_EQ(NormalizeForMatching("и\xCC\x86"), "й");
  EXPECT_EQ(NormalizeForMatching("cafe\xCC\x81"), "caf\xC3\xA9");
}

TEST(NormalizeForMatching, RemovesStressMarks) {
  EXPECT_EQ(NormalizeForMatching("ма\xCC\x80ма"), "мама");  // grave
  EXPECT_EQ(NormalizeForMatching("гра\xCC\x81д"), "град");  // acute
  EXPECT_EQ(NormalizeForMatching("\xD1\x9D"), "и");         // ѝ precomposed
  EXPECT_EQ(NormalizeForMatching("И\xCC\x80"), "и");        // Ѝ decomposed
  // Latin accents are letters, not stress: kept.
  EXPECT_EQ(NormalizeForMatching("Café"), "café");
  // The breve of й and the diaeresis of ё are kept.
  EXPECT_EQ(NormalizeForMatching("ЙЁ"), "йё");
}

// What ICU makes of a text without stress marks: case folding, then NFC.
std::string FoldedByIcu(const std::string& text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  u.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out;
  nfc->normalize(u, status).toUTF8String(out);
  EXPECT_TRUE(U_SUCCESS(status));
  return out;
}

std::string Utf8(UChar32 c) {
  std::string out;
  icu::UnicodeString(c).toUTF8String(out);
  return out;
}

// ASCII, Cyrillic and Bulgarian punctuation are folded without ICU: each
// such character alone and all of them in one text must come out as ICU
// folds them, and a combining mark after one must still compose.
TEST(NormalizeForMatching, FoldsWithoutIcuAsIcuDoes) {
  std::vector<UChar32> characters;
  for (UChar32 c = 0; c < 0x80; ++c) characters.push_back(c);
  for (UChar32 c = 0x400; c < 0x460; ++c) {
    // Ѐ ѐ Ѝ ѝ: their grave is a stress mark (RemovesStressMarks).
    if (c != 0x400 && c != 0x40D && c != 0x450 && c != 0x45D) {
      characters.push_back(c);
    }
  }
  for (UChar32 c : {0xA0, 0xA7, 0xAB, 0xB0, 0xBB, 0x2013, 0x2014, 0x2018,
                    0x2019, 0x201C, 0x201D, 0x201E, 0x2026, 0x2116}) {
    characters.push_back(c);
  }
  std::string all;
  for (UChar32 c : characters) {
    const std::string text = Utf8(c);
    EXPECT_EQ(NormalizeForMatching(text), FoldedByIcu(text)) << std::hex << c;
    all += text;
  }
  EXPECT_EQ(NormalizeForMatching(all), FoldedByIcu(all));
  EXPECT_EQ(NormalizeForMatching("Е\xCC\x88ЛХА"), "ёлха");  // Е + diaeresis
  EXPECT_EQ(NormalizeForMatching("ѠѢ Ѣ"), FoldedByIcu("ѠѢ Ѣ"));
  // Not UTF-8: folded as ICU reads it, without reading past the end.
  EXPECT_EQ(NormalizeForMatching("Д\xD0"), FoldedByIcu("Д\xD0"));
  EXPECT_EQ(NormalizeForMatching("\xE2\x80"), FoldedByIcu("\xE2\x80"));
}

TEST(NormalizeForMatching, KeepsTextWithoutMarks) {
  const std::string text = "през м. май 2020 г. започна – „cities4csr“";
  EXPECT_EQ(NormalizeForMatching(text), text);
  EXPECT_EQ(NormalizeForMatching(""), "");
}

}  // namespace
}  // namespace sverka
