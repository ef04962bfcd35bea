// TMX 1.4b: the exchange format every CAT tool (Trados, memoQ, OmegaT)
// reads and writes, over libxml2's xmlTextWriter.
//
// The writer produces a header with creationtool, creationtoolversion,
// segtype="sentence", o-tmf, adminlang, srclang, datatype="plaintext" and
// creationdate, then one <tu> per unit with a <tuv xml:lang> per language
// and props for the confidence, the bead type and the origin. Characters
// XML 1.0 forbids (a 0x0B pasted from Word) are replaced by a space; units
// with an empty side are skipped (CAT tools reject or drop them). The file
// is written to a temporary name beside the target and renamed, so a failed
// export never leaves half a TMX in place of the old one.
//
//   sverka::TmxWriter writer;
//   RETURN_IF_ERROR(writer.Open("out.tmx", {.source_language = "bg"}));
//   for (const sverka::TranslationUnit& unit : units)
//     RETURN_IF_ERROR(writer.Write(unit));
//   RETURN_IF_ERROR(writer.Close());   // renames into place
//
// or, from a memory: sverka::ExportTmx(*memory, {}, "out.tmx", {}).
#ifndef SVERKA_TMX_H_
#define SVERKA_TMX_H_

#include <cstdint>
#include <memory>
#include <string>

#include "sverka/status.h"
#include "sverka/translation_memory.h"

namespace sverka {

// Every member has a default, so {.source_language = "en"} is enough.
struct TmxWriterOptions {
  // The header's srclang: a BCP 47 code, or "*all*" (TMX's "any language").
  std::string source_language = "bg";
  std::string creation_tool = "Sverka";
  std::string creation_tool_version{};  // "" = this build's version
  std::string admin_language = "en";    // header adminlang, BCP 47
};

// Writes one TMX file. Not thread-safe; one writer per file.
class TmxWriter {
 public:
  TmxWriter();
  // Without a successful Close(), removes the temporary file: the target is
  // left as it was (absent, or the old file).
  ~TmxWriter();
  TmxWriter(const TmxWriter&) = delete;
  TmxWriter& operator=(const TmxWriter&) = delete;

  // Starts `path` ("-" for standard output, written directly) by creating a
  // temporary file beside it, and writes the XML declaration, the DOCTYPE
  // (<!DOCTYPE tmx SYSTEM "tmx14.dtd">), the header and <body>. Language
  // codes are written in BCP 47's case ("en-gb" becomes "en-GB").
  // Errors: kIoError naming the path when its folder does not exist, is not
  // writable or the path is a folder (the old file is untouched); kUsage for
  // an invalid BCP 47 language code in `options`, or when already open.
  Status Open(const std::string& path, const TmxWriterOptions& options);

  // Writes one <tu>: tuid (the unit's id, when set), creationdate and
  // changedate (YYYYMMDDThhmmssZ, when the unit's dates are ISO 8601 UTC),
  // usagecount (seen_count); then props x-confidence, x-bead, x-origin (the
  // last two when not empty) and one per entry of `properties`; then a <tuv
  // xml:lang> with <seg> for the source and one for the target. Characters
  // XML 1.0 forbids become a space. A unit with an empty or whitespace-only
  // side is skipped and counted in skipped(); that is not an error.
  // Errors: kInvalidInput for a language code that is not BCP 47 or text that
  // is not UTF-8; kIoError when the system refuses the write; kUsage before
  // Open. After an error, do not Close: let the writer go, and the old file
  // stays.
  Status Write(const TranslationUnit& unit);

  // Finishes the document, flushes and fsyncs it, and renames it over the
  // target (atomic on POSIX file systems). Errors: kIoError naming the path
  // (disk full, rename refused), and then the target is left as it was;
  // kUsage when not open. The writer is closed either way and may be
  // opened again.
  Status Close();

  int64_t written() const { return written_; }
  int64_t skipped() const { return skipped_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  int64_t written_ = 0;
  int64_t skipped_ = 0;
};

// Exports every unit of `memory` passing `filter` to `path` and returns how
// many <tu> were written (units with an empty side are left out). Errors are
// those of TmxWriter and TranslationMemory::ForEach; on any of them the file
// at `path` is left as it was.
Result<int64_t> ExportTmx(const TranslationMemory& memory,
                          const ExportFilter& filter, const std::string& path,
                          const TmxWriterOptions& options);

// True for a well-formed BCP 47 tag of the simple kinds translators use,
// any letter case: a 2-3 letter language, then optionally a 4-letter script,
// a 2-letter or 3-digit region, and variants: "bg", "en", "en-GB",
// "sr-Latn", "pt-BR", "zh-Hant-TW", "es-419", "de-DE-1996". False for "",
// "bg_BG", "english", "en-" and private-use or grandfathered tags.
bool IsValidLanguageTag(const std::string& tag);

}  // namespace sverka

#endif  // SVERKA_TMX_H_
