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
  // "" or "auto" (the default): detect. A byte-order mark decides (UTF-8,
  // UTF-16LE, UTF-16BE); else bytes that are valid UTF-8 are UTF-8; else
  // windows-1251 when ICU's charset detector prefers it to the other
  // Cyrillic encodings and the bytes read as Cyrillic words in it (a Latin-1
  // or KOI8-R file is not); else an error at the first invalid UTF-8 byte.
  // Otherwise any ICU converter name or alias: "UTF-8", "utf8", "UTF-16"
  // (byte order from the BOM, big-endian without one), "UTF-16LE",
  // "windows-1251", "ISO-8859-5", ... A BOM of the named encoding is
  // dropped; any other leading bytes are text.
  std::string encoding;
  // The name used in error messages and stored as the origin of pairs;
  // "" means "-" in DecodeText and the path in ReadTextFile.
  std::string name;
};

// A decoded document. `text` is UTF-8 with "\n" line ends (a CRLF pair
// becomes "\n"; nothing else changes). Offsets are byte offsets into `text`.
struct Document {
  std::string name;  // TextInputOptions::name, file name or "-" for stdin
  // The encoding the bytes were read in, by its MIME/IANA name ("UTF-8",
  // "UTF-16LE", "windows-1251"), ICU's own name when it has neither.
  std::string encoding;
  std::string text;  // UTF-8, "\n" line ends
  // Byte offset in `text` where each line starts; line_starts[0] == 0.
  std::vector<size_t> line_starts;
  // SHA-256 of the input bytes, hex, for the memory's origin record.
  std::string content_hash;

  // 1-based line number of a byte offset into `text`.
  int64_t LineOfOffset(size_t offset) const;
};

// Decodes `bytes` into a Document whose text is the input as written, in
// UTF-8, without its BOM and with "\n" line ends; content_hash is the
// SHA-256 of `bytes` (BOM included).
//
// Every error names the file (Status::file() is options.name):
// - kInvalidInput with byte_offset() (into `bytes`, BOM counted) and line()
//   of the first byte the encoding does not define: invalid UTF-8 (overlong
//   forms and surrogates included), undetectable legacy bytes, an unpaired
//   UTF-16 surrogate, or input that ends inside a character (an odd UTF-16
//   byte count). The hint says to save as UTF-8 or pass --encoding.
// - kInvalidInput "the file is empty" (no bytes, or only a BOM) or "the
//   file holds only whitespace" (Unicode white space, NBSP included).
// - kInvalidInput "binary file: ..." for a NUL byte (in encodings with
//   one-byte units; with byte_offset()) or a NUL character, and for known
//   signatures, saying what the file looks like and what to do: a PDF
//   ("convert it to plain text first (e.g. pdftotext)"), a ZIP/DOCX/ODT or
//   old Word .doc ("save it as plain text"), RTF, an ELF program.
// - kUsage when options.encoding is a name ICU does not know.
// - kInternal when ICU fails for another reason (a bug, or missing data).
Result<Document> DecodeText(std::string_view bytes,
                            const TextInputOptions& options);

// Reads `path` ("-" for standard input) and decodes it as DecodeText does,
// with options.name defaulting to `path`. Before decoding:
// - kNotFound naming the path when it does not exist;
// - kInvalidInput "... is a directory" when it is one;
// - kIoError with the system's reason when it cannot be opened or read
//   (permissions, I/O errors).
Result<Document> ReadTextFile(const std::string& path,
                              const TextInputOptions& options);

// The text used for matching, never for storage: NFC, case-folded (so
// "Straße" matches "STRASSE"), with stress marks removed: a combining grave
// or acute accent (U+0300, U+0301) on a Cyrillic letter, as dictionary
// texts write stress ("а̀", "гра́д"), precomposed ѐ/ѝ included. Latin
// letters keep their accents (é is a letter of its own). Never fails; ASCII
// and Cyrillic text takes a fast path without ICU (the same result).
std::string NormalizeForMatching(std::string_view utf8);

// Lower-case hex SHA-256 (FIPS 180-4) of `bytes`, for content hashes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sverka

#endif  // SVERKA_TEXT_INPUT_H_
