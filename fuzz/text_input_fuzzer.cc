// Fuzzes DecodeText: detection (BOM, UTF-8, windows-1251) on the whole input,
// and an explicit encoding chosen by the first byte on the rest. A decoded
// Document must hold valid UTF-8 with consistent line starts and the input's
// hash; a refusal must name the file and point inside the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "sverka/text_input.h"

namespace {

using sverka::fuzz::IsValidUtf8;

constexpr const char* kEncodings[] = {
    "UTF-8",        "UTF-16", "UTF-16LE",        "UTF-16BE",
    "windows-1251", "KOI8-R", "ISO-8859-5",      "ISO-8859-1",
    "utf8",         "cp1251", "no-such-encoding"};
constexpr char kName[] = "fuzz.txt";

void CheckDecoded(std::string_view bytes, const sverka::Document& doc) {
  FUZZ_CHECK(doc.name == kName);
  FUZZ_CHECK(!doc.encoding.empty());
  FUZZ_CHECK(IsValidUtf8(doc.text));
  FUZZ_CHECK(doc.text.find('\0') == std::string::npos);
  // Not empty and not only (ASCII) whitespace: those are refused.
  FUZZ_CHECK(doc.text.find_first_not_of(" \t\n\r\f\v") != std::string::npos);
  FUZZ_CHECK(!doc.line_starts.empty() && doc.line_starts[0] == 0);
  size_t newlines = 0;
  for (char c : doc.text) newlines += c == '\n';
  FUZZ_CHECK(doc.line_starts.size() == newlines + 1);
  for (size_t i = 1; i < doc.line_starts.size(); ++i) {
    FUZZ_CHECK(doc.line_starts[i] > doc.line_starts[i - 1]);
    FUZZ_CHECK(doc.line_starts[i] <= doc.text.size());
    FUZZ_CHECK(doc.text[doc.line_starts[i] - 1] == '\n');
    FUZZ_CHECK(doc.LineOfOffset(doc.line_starts[i]) ==
               static_cast<int64_t>(i + 1));
  }
  FUZZ_CHECK(doc.LineOfOffset(0) == 1);
  FUZZ_CHECK(doc.LineOfOffset(doc.text.size()) ==
             static_cast<int64_t>(doc.line_starts.size()));
  FUZZ_CHECK(doc.content_hash.size() == 64);
  FUZZ_CHECK(doc.content_hash == sverka::Sha256Hex(bytes));
  FUZZ_CHECK(IsValidUtf8(sverka::NormalizeForMatching(doc.text)));
}

void CheckRefused(std::string_view bytes, const sverka::Status& status,
                  bool known_encoding) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.file() == kName);
  FUZZ_CHECK(!status.message().empty());
  FUZZ_CHECK(status.code() != sverka::StatusCode::kInternal);
  if (known_encoding) {
    FUZZ_CHECK(status.code() == sverka::StatusCode::kInvalidInput);
  } else {
    // An empty file is refused before the encoding name is looked at.
    FUZZ_CHECK(
        status.code() == sverka::StatusCode::kUsage ||
        (bytes.empty() && status.code() == sverka::StatusCode::kInvalidInput));
  }
  FUZZ_CHECK(status.byte_offset() >= -1);
  FUZZ_CHECK(status.byte_offset() <= static_cast<int64_t>(bytes.size()));
  FUZZ_CHECK(status.line() >= 0);
}

void Decode(std::string_view bytes, const std::string& encoding) {
  sverka::Result<sverka::Document> doc =
      sverka::DecodeText(bytes, {.encoding = encoding, .name = kName});
  if (doc.ok()) {
    FUZZ_CHECK(encoding != "no-such-encoding");
    CheckDecoded(bytes, *doc);
  } else {
    CheckRefused(bytes, doc.status(), encoding != "no-such-encoding");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Decode(bytes, "auto");
  if (size > 0) {
    constexpr size_t kCount = sizeof kEncodings / sizeof kEncodings[0];
    Decode(bytes.substr(1), kEncodings[data[0] % kCount]);
  }
  return 0;
}
