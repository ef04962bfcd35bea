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
//
// The reader streams a TMX 1.1 to 1.4b file (UTF-8 or UTF-16, as Trados,
// memoQ, OmegaT and Okapi write it) one <tu> at a time, so a 1 GB file
// needs no more memory than its largest unit:
//
//   sverka::TmxReader reader;
//   RETURN_IF_ERROR(reader.Open("export.tmx", {.source_language = "bg",
//                                              .target_language = "en"}));
//   sverka::TranslationUnit unit;
//   for (;;) {
//     ASSIGN_OR_RETURN(bool more, reader.Next(&unit));
//     if (!more) break;
//     Use(unit);
//   }
//
// or, into a memory in one transaction: sverka::ImportTmx("export.tmx",
// *memory, {}).
#ifndef SVERKA_TMX_H_
#define SVERKA_TMX_H_

#include <cstdint>
#include <memory>
#include <set>
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

// Every member has a default, so {.target_language = "en-GB"} is enough.
struct TmxReaderOptions {
  // The pair to take from each <tu>. A <tuv xml:lang> (or TMX 1.1's lang)
  // matches in any letter case; a code without a region takes any region
  // ("bg" takes "BG-BG", "en" takes "en-US"), a code with one only that
  // region. Other languages of a <tu> are passed over. BCP 47 codes.
  std::string source_language = "bg";
  std::string target_language = "en";
  // The units' origin when a <tu> has no x-origin prop; "" = the file's
  // name without its folders.
  std::string origin{};
  // Elements nested deeper than this are refused (a TMX needs about 8).
  int max_depth = 32;
};

// What the reader learnt from the <tmx> and <header> elements.
struct TmxHeaderInfo {
  std::string version{};          // "1.4", "1.1", ...
  std::string source_language{};  // srclang, "*all*" or a code
  std::string creation_tool{};
  std::string encoding{};  // as declared or detected: "UTF-8", "UTF-16"
};

// Reads one TMX file, <tu> by <tu>. Not thread-safe.
//
// A unit comes out with both texts trimmed and with the codes of inline
// markup (<bpt>, <ept>, <ph>, <it>, <ut> and the <sub> inside them) left
// out, <hi> kept as text; a <seg> that holds markup also comes out as
// written in source_markup/target_markup. Languages are the <tuv>'s codes
// in BCP 47 case ("BG-BG" becomes "bg-BG"). creationdate/changedate become
// created/changed, usagecount seen_count; the props x-confidence, x-bead
// and x-origin (Sverka's own) fill confidence, bead_type and origin, every
// other prop, note and <tu> attribute goes into properties (see
// TranslationUnit::properties).
//
// For safety the parser never uses the network, never loads a DTD or an
// external entity, and refuses any DOCTYPE that declares entities (which
// TMX never needs; they are how files read local files or expand to
// gigabytes); libxml2's own limits stay on.
class TmxReader {
 public:
  TmxReader();
  ~TmxReader();
  TmxReader(const TmxReader&) = delete;
  TmxReader& operator=(const TmxReader&) = delete;

  // Opens `path` and reads up to the <body>. Errors name the file and,
  // when the problem is inside it, the line:
  //   kNotFound     the file does not exist;
  //   kIoError      it cannot be read (permissions, a folder);
  //   kInvalidInput not well-formed XML, not a TMX (another root element),
  //                 no header srclang, a declared encoding that is not
  //                 Unicode (TMX is UTF-8 or UTF-16) or that the bytes
  //                 contradict, a DOCTYPE declaring entities, nesting
  //                 deeper than max_depth;
  //   kUnsupported  a TMX version other than 1.1 to 1.4b;
  //   kUsage        a requested language that is not a BCP 47 code.
  Status Open(const std::string& path, const TmxReaderOptions& options);

  // Reads the next <tu> that has both requested languages into `*unit`
  // and returns true; returns false at the end of the file (<tu>s lacking
  // a side are counted in skipped()). Errors (the file and line named):
  // kInvalidInput for XML that breaks off or is malformed (a truncated
  // file), a <tuv> without a language, a <tu> without a <seg>, a date not
  // in TMX's YYYYMMDDThhmmssZ form, an entity reference, nesting deeper
  // than max_depth; kUsage before Open. After an error, stop reading.
  Result<bool> Next(TranslationUnit* unit);

  const TmxHeaderInfo& header() const;
  int64_t read() const { return read_; }        // <tu> elements seen
  int64_t skipped() const { return skipped_; }  // ... without both sides
  // Every language code seen on a <tuv>, as written.
  const std::set<std::string>& languages() const { return languages_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  int64_t read_ = 0;
  int64_t skipped_ = 0;
  std::set<std::string> languages_;
};

struct TmxImportResult {
  int64_t read = 0;       // <tu> elements in the file
  int64_t imported = 0;   // units with both languages, given to the memory
  int64_t new_pairs = 0;  // ... of which were not stored before
  int64_t skipped = 0;    // <tu>s lacking one of the languages or a text
  std::set<std::string> languages{};  // every <tuv> language seen
};

// Reads `path` with TmxReader and stores its units in `memory` in batches
// of one ImportSession: the whole file lands, or (on any error, a truncated
// file included) nothing of it does. Errors are TmxReader's and the
// memory's; kNotFound when no <tu> has both languages (the message lists
// the languages the file has).
//
// Runs on up to three threads (parsing, storing and, into an empty memory,
// the word index). A program that does not read SQLite's memory statistics
// should turn them off before it opens a database, as the sverka command
// does: `sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)`; else the threads
// queue on the one mutex SQLite counts allocations under.
Result<TmxImportResult> ImportTmx(const std::string& path,
                                  TranslationMemory& memory,
                                  const TmxReaderOptions& options);

// `tag` in BCP 47's conventional case ("en-gb" -> "en-GB", "sr-latn" ->
// "sr-Latn"); "" when IsValidLanguageTag refuses it.
std::string CanonicalLanguageTag(const std::string& tag);

// True for a well-formed BCP 47 tag of the simple kinds translators use,
// any letter case: a 2-3 letter language, then optionally a 4-letter script,
// a 2-letter or 3-digit region, and variants: "bg", "en", "en-GB",
// "sr-Latn", "pt-BR", "zh-Hant-TW", "es-419", "de-DE-1996". False for "",
// "bg_BG", "english", "en-" and private-use or grandfathered tags.
bool IsValidLanguageTag(const std::string& tag);

}  // namespace sverka

#endif  // SVERKA_TMX_H_
