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
//   RETURN_IF_ERROR(writer.Write(unit));
//   RETURN_IF_ERROR(writer.Close());   // renames into place
#ifndef SVERKA_TMX_H_
#define SVERKA_TMX_H_

#include <cstdint>
#include <memory>
#include <string>

#include "sverka/status.h"
#include "sverka/translation_memory.h"

namespace sverka {

struct TmxWriterOptions {
  std::string source_language = "bg";  // header srclang, BCP 47
  std::string creation_tool = "Sverka";
  std::string creation_tool_version;    // "" = this build's version
  std::string admin_language = "en";
};

class TmxWriter {
 public:
  TmxWriter();
  ~TmxWriter();
  TmxWriter(const TmxWriter&) = delete;
  TmxWriter& operator=(const TmxWriter&) = delete;

  // Starts `path` ("-" for standard output). Errors: kIoError naming the
  // path when its folder does not exist or cannot be written; kUsage for an
  // invalid BCP 47 language code.
  Status Open(const std::string& path, const TmxWriterOptions& options);
  // Writes one <tu>. A unit with an empty side is skipped (counted in
  // skipped()); an invalid language code is kInvalidInput.
  Status Write(const TranslationUnit& unit);
  // Finishes the document and moves it into place. Without Close (an error
  // path), the destructor removes the temporary file and the old file stays.
  Status Close();

  int64_t written() const { return written_; }
  int64_t skipped() const { return skipped_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  int64_t written_ = 0;
  int64_t skipped_ = 0;
};

// Exports every unit of `memory` passing `filter` to `path`.
Result<int64_t> ExportTmx(const TranslationMemory& memory,
                          const ExportFilter& filter, const std::string& path,
                          const TmxWriterOptions& options);

// True for a well-formed BCP 47 tag of the simple kinds translators use:
// "bg", "en", "en-GB", "sr-Latn", "pt-BR", "zh-Hant-TW".
bool IsValidLanguageTag(const std::string& tag);

}  // namespace sverka

#endif  // SVERKA_TMX_H_
