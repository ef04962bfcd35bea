// Text input: bytes from a file become a Document, UTF-8 text that remembers
// where each of its characters came from.
//
// Translators' documents come as UTF-8 (with or without a BOM), UTF-16 with a
// BOM, or Windows-1251 (older Bulgarian files); lines end in LF or CRLF.
// DecodeText turns them into UTF-8 and keeps the text exactly as written
// (no normalisation: that is for matching only, see NormalizeForMatching).
// Bytes that are not valid in the encoding are an error that names the byte
// offset; Sverka never guesses its way into mojibake.
//
//   sverka::TextInputOptions options;           // encoding detected
//   auto doc = sverka::ReadTextFile("vratsa.bg.txt", options);
//   if (!doc.ok()) { report(doc.status()); }
//   doc->text;                 // UTF-8, line ends normalised to "\n"
//   doc->LineOfOffset(1234);   // 1-based line in the original file
#ifndef SVERKA_TEXT_INPUT_H_
#define SVERKA_TEXT_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sverka/status.h"

namespace sverka {

struct TextInputOptions {
  // "" or "auto": detect (BOM, then valid UTF-8, then ICU's charset detector
  // restricted to what a Bulgarian/English document plausibly is). Otherwise
  // an ICU converter name: "UTF-8", "UTF-16LE", "windows-1251", ...
  std::string encoding;
  // The name used in error messages and stored as the origin of pairs.
  std::string name;
};

// A decoded document. `text` is UTF-8 with "\n" line ends (a CRLF pair
// becomes "\n"; nothing else changes). Offsets are byte offsets into `text`.
struct Document {
  std::string name;       // file name or "-" for standard input
  std::string encoding;   // the encoding the bytes were read in
  std::string text;       // UTF-8, "\n" line ends
  // Byte offset in `text` where each line starts; line_starts[0] == 0.
  std::vector<size_t> line_starts;
  // SHA-256 of the input bytes, hex, for the memory's origin record.
  std::string content_hash;

  // 1-based line number of a byte offset into `text`.
  int64_t LineOfOffset(size_t offset) const;
};

// Decodes `bytes` into a Document. Errors (StatusCode::kInvalidInput):
// invalid bytes for the encoding (with the byte offset in the input), an
// empty or whitespace-only input, binary data (NUL bytes, or a PDF/DOCX/ZIP
// signature: the message says what it looks like and that it needs
// converting). An unknown encoding name is kUsage.
Result<Document> DecodeText(std::string_view bytes,
                            const TextInputOptions& options);

// Reads `path` ("-" for standard input) and decodes it. A missing path,
// a directory or an unreadable file is kNotFound / kIoError naming the path;
// then as DecodeText.
Result<Document> ReadTextFile(const std::string& path,
                              const TextInputOptions& options);

// The text used for matching, never for storage: NFC, case-folded, with
// combining stress marks removed (dictionary texts mark stress: "а̀").
std::string NormalizeForMatching(std::string_view utf8);

// Hex SHA-256 of bytes (for content hashes).
std::string Sha256Hex(std::string_view bytes);

}  // namespace sverka

#endif  // SVERKA_TEXT_INPUT_H_
