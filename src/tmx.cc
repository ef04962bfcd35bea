#include "sverka/tmx.h"

#include <fcntl.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "internal/libxml_util.h"
#include "internal/output_file.h"

#ifndef SVERKA_VERSION
#define SVERKA_VERSION "unknown"
#endif

namespace sverka {
namespace {

namespace fs = std::filesystem;

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllOf(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

std::vector<std::string> SplitTag(const std::string& tag) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t dash = tag.find('-', start);
    parts.push_back(tag.substr(start, dash - start));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  return parts;
}

// Text as XML 1.0 allows it: C0 controls other than tab, LF and CR, U+FFFE,
// U+FFFF and (CESU-style) encoded surrogates become a space. Bytes that are
// not UTF-8 at all are an error: guessing would be silent mojibake.
Result<std::string> XmlSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      const bool allowed = b >= 0x20 || b == '\t' || b == '\n' || b == '\r';
      out += allowed ? static_cast<char>(b) : ' ';
      ++i;
      continue;
    }
    size_t length = 0;
    char32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2, cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3, cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4, cp = b & 0x07;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      valid = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (valid) {
      valid = !(length == 3 && cp < 0x800) && !(length == 4 && cp < 0x10000) &&
              cp <= 0x10FFFF;
    }
    if (!valid) {
      return Status::InvalidInput("text is not valid UTF-8 (byte 0x" +
                                  [&] {
                                    char hex[3];
                                    std::snprintf(hex, sizeof hex, "%02X", b);
                                    return std::string(hex);
                                  }() +
                                  ")")
          .AtByte(static_cast<int64_t>(i));
    }
    const bool forbidden =
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF;
    if (forbidden) {
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

bool IsBlank(const std::string& text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      // Non-ASCII whitespace (NBSP and the like) counts as text here: what a
      // CAT tool sees as empty is what matters, and they trim ASCII.
      return false;
    }
  }
  return true;
}

// "2026-11-22T17:35:00Z" -> "20261122T173500Z" (TMX's date form); "" when
// the date is missing or not in that form.
std::string TmxDate(const std::string& iso) {
  constexpr std::string_view kPattern = "dddd-dd-ddTdd:dd:ddZ";
  if (iso.size() != kPattern.size()) return "";
  std::string out;
  for (size_t i = 0; i < iso.size(); ++i) {
    if (kPattern[i] == 'd') {
      if (!IsDigit(iso[i])) return "";
      out += iso[i];
    } else if (iso[i] != kPattern[i]) {
      return "";
    } else if (iso[i] == 'T' || iso[i] == 'Z') {
      out += iso[i];
    }
  }
  return out;
}

std::string NowTmxDate() { return TmxDate(NowIso8601()); }

std::string FormatConfidence(double confidence) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", confidence);
  std::string s = buffer;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

constexpr const char* kReservedProps[] = {"x-confidence", "x-bead", "x-origin"};

// <tu> attributes a "@name" property may set (those TMX 1.4b defines that
// the unit's fields do not already give).
constexpr const char* kPropertyAttributes[] = {
    "creationid",          "changeid", "lastusagedate", "creationtool",
    "creationtoolversion", "datatype", "segtype",       "o-tmf",
    "o-encoding",          "srclang"};

// "x-domain#2" -> "x-domain": the reader numbers a type seen again.
std::string PropertyType(const std::string& key) {
  const size_t hash = key.rfind('#');
  if (hash == std::string::npos || hash == 0 || hash + 1 == key.size() ||
      key.find_first_not_of("0123456789", hash + 1) != std::string::npos) {
    return key;
  }
  return key.substr(0, hash);
}

// True when `markup` is content a <seg> may hold: well-formed XML.
bool MarkupIsWellFormed(const std::string& markup) {
  const std::string document = "<seg>" + markup + "</seg>";
  internal::XmlDocPtr doc(xmlReadMemory(
      document.data(), static_cast<int>(document.size()), nullptr, "UTF-8",
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  return doc != nullptr;
}

}  // namespace

struct TmxWriter::State {
  std::string path;          // the target
  internal::OutputFile out;  // a temporary beside it until Close()
  internal::XmlTextWriterPtr writer;
  TmxWriterOptions options;

  // The writer goes first: it may still flush into the file.
  ~State() { writer.reset(); }

  // Every xmlTextWriter call returns < 0 on failure (a write the system
  // refused); this makes that a Status naming the file.
  Status Check(int rc) const {
    if (rc >= 0) return Status::Ok();
    const int error = errno;
    std::string why = internal::FirstXmlError();
    if (why.empty()) why = internal::LastXmlError();
    if (why.empty()) why = error != 0 ? std::strerror(error) : "write failed";
    return Status::IoError("writing the TMX file failed: " + why)
        .At(path)
        .WithHint("check the free disk space");
  }
  Status Attribute(const char* name, const std::string& value) const {
    return Check(
        xmlTextWriterWriteAttribute(writer.get(), X(name), X(value.c_str())));
  }
  Status Prop(const std::string& type, const std::string& value) const {
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(writer.get(), X("prop"))));
    RETURN_IF_ERROR(Attribute("type", type));
    RETURN_IF_ERROR(
        Check(xmlTextWriterWriteString(writer.get(), X(value.c_str()))));
    return Check(xmlTextWriterEndElement(writer.get()));
  }
  Status Note(const std::string& text) const {
    return Check(
        xmlTextWriterWriteElement(writer.get(), X("note"), X(text.c_str())));
  }
  // `markup` (checked by MarkupIsWellFormed) is written as it is; else the
  // text, escaped.
  Status Variant(const std::string& language, const std::string& text,
                 const std::string& markup) const {
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(writer.get(), X("tuv"))));
    RETURN_IF_ERROR(Attribute("xml:lang", language));
    if (markup.empty()) {
      RETURN_IF_ERROR(Check(
          xmlTextWriterWriteElement(writer.get(), X("seg"), X(text.c_str()))));
    } else {
      RETURN_IF_ERROR(Check(xmlTextWriterStartElement(writer.get(), X("seg"))));
      RETURN_IF_ERROR(
          Check(xmlTextWriterWriteRaw(writer.get(), X(markup.c_str()))));
      RETURN_IF_ERROR(Check(xmlTextWriterEndElement(writer.get())));
    }
    return Check(xmlTextWriterEndElement(writer.get()));
  }
};

TmxWriter::TmxWriter() = default;
TmxWriter::~TmxWriter() = default;

Status TmxWriter::Open(const std::string& path,
                       const TmxWriterOptions& options) {
  if (state_) {
    return Status::Usage("the TMX writer is already open").At(state_->path);
  }
  written_ = skipped_ = 0;
  const std::string source_language =
      options.source_language == "*all*"
          ? options.source_language
          : CanonicalLanguageTag(options.source_language);
  if (source_language.empty()) {
    return Status::Usage("'" + options.source_language +
                         "' is not a BCP 47 language code")
        .WithHint("use a code like bg, en or en-GB");
  }
  const std::string admin_language =
      CanonicalLanguageTag(options.admin_language);
  if (admin_language.empty()) {
    return Status::Usage("'" + options.admin_language +
                         "' is not a BCP 47 language code (adminlang)")
        .WithHint("use a code like en");
  }

  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  RETURN_IF_ERROR(state->out.Open(path, "the TMX file"));
  internal::QuietXmlErrors();

  // The output buffer writes to the descriptor but never closes it: Close()
  // does, after fsync.
  xmlOutputBufferPtr out = xmlOutputBufferCreateFd(state->out.fd(), nullptr);
  if (out == nullptr) return Status::Internal("libxml2 output buffer failed");
  state->writer.reset(xmlNewTextWriter(out));
  if (!state->writer) {
    xmlOutputBufferClose(out);
    return Status::Internal("libxml2 text writer failed");
  }
  xmlTextWriterPtr w = state->writer.get();
  RETURN_IF_ERROR(
      state->Check(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nullptr)));
  // The document type TMX 1.4b asks for. Readers do not fetch it (xmllint,
  // translate-toolkit and OmegaT all load the file offline); validators are
  // given the DTD (tmx/tmx14.dtd). Written before indentation is on, which
  // would break the declaration over two lines.
  RETURN_IF_ERROR(state->Check(
      xmlTextWriterWriteDTD(w, X("tmx"), nullptr, X("tmx14.dtd"), nullptr)));
  RETURN_IF_ERROR(state->Check(xmlTextWriterWriteString(w, X("\n"))));
  RETURN_IF_ERROR(state->Check(xmlTextWriterSetIndent(w, 1)));
  RETURN_IF_ERROR(state->Check(xmlTextWriterSetIndentString(w, X("  "))));
  RETURN_IF_ERROR(state->Check(xmlTextWriterStartElement(w, X("tmx"))));
  RETURN_IF_ERROR(state->Attribute("version", "1.4"));
  RETURN_IF_ERROR(state->Check(xmlTextWriterStartElement(w, X("header"))));
  RETURN_IF_ERROR(state->Attribute("creationtool", options.creation_tool));
  RETURN_IF_ERROR(state->Attribute("creationtoolversion",
                                   options.creation_tool_version.empty()
                                       ? SVERKA_VERSION
                                       : options.creation_tool_version));
  RETURN_IF_ERROR(state->Attribute("segtype", "sentence"));
  RETURN_IF_ERROR(state->Attribute("o-tmf", "Sverka"));
  RETURN_IF_ERROR(state->Attribute("adminlang", admin_language));
  RETURN_IF_ERROR(state->Attribute("srclang", source_language));
  RETURN_IF_ERROR(state->Attribute("datatype", "plaintext"));
  RETURN_IF_ERROR(state->Attribute("creationdate", NowTmxDate()));
  RETURN_IF_ERROR(state->Check(xmlTextWriterEndElement(w)));  // header
  RETURN_IF_ERROR(state->Check(xmlTextWriterStartElement(w, X("body"))));
  state_ = std::move(state);
  return Status::Ok();
}

Status TmxWriter::Write(const TranslationUnit& unit) {
  if (!state_) return Status::Usage("TmxWriter::Write before Open");
  const State& s = *state_;
  auto about = [&](Status status) {
    return status.Annotate(
        "unit " + std::to_string(written_ + skipped_ + 1) +
        (unit.id > 0 ? " (id " + std::to_string(unit.id) + ")" : ""));
  };
  const std::string source_language =
      CanonicalLanguageTag(unit.source_language);
  const std::string target_language =
      CanonicalLanguageTag(unit.target_language);
  for (const auto& [given, canonical] :
       {std::pair(&unit.source_language, &source_language),
        std::pair(&unit.target_language, &target_language)}) {
    if (canonical->empty()) {
      return about(Status::InvalidInput("'" + *given +
                                        "' is not a BCP 47 language code"))
          .At(s.path)
          .WithHint("store units with codes like bg, en or en-GB");
    }
  }
  Result<std::string> source = XmlSafe(unit.source_text);
  if (!source.ok()) return about(source.status().Annotate("source")).At(s.path);
  Result<std::string> target = XmlSafe(unit.target_text);
  if (!target.ok()) return about(target.status().Annotate("target")).At(s.path);
  if (IsBlank(*source) || IsBlank(*target)) {
    ++skipped_;  // CAT tools reject or drop a <tu> with an empty side
    return Status::Ok();
  }

  // Every prop checked before the <tu> starts: an error never leaves half a
  // unit in the file. The DTD wants (note|prop)* before the tuvs.
  std::vector<std::pair<std::string, std::string>> props;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::pair<std::string, std::string>> notes;
  props.emplace_back("x-confidence", FormatConfidence(unit.confidence));
  if (!unit.bead_type.empty()) props.emplace_back("x-bead", unit.bead_type);
  if (!unit.origin.empty()) props.emplace_back("x-origin", unit.origin);
  for (const auto& [key, value] : unit.properties) {
    const std::string type = PropertyType(key);
    if (type == "<note>") {
      notes.emplace_back("note", value);
      continue;
    }
    if (!type.empty() && type[0] == '@') {
      for (const char* name : kPropertyAttributes) {
        if (type.compare(1, std::string::npos, name) == 0) {
          attributes.emplace_back(name, value);
        }
      }
      continue;
    }
    bool reserved = type.empty();
    for (const char* r : kReservedProps) reserved = reserved || type == r;
    if (!reserved) props.emplace_back(type, value);
  }
  for (const std::string* markup : {&unit.source_markup, &unit.target_markup}) {
    if (!markup->empty() && !MarkupIsWellFormed(*markup)) {
      return about(
                 Status::InvalidInput("inline markup is not well-formed XML: " +
                                      markup->substr(0, 60)))
          .At(s.path)
          .WithHint("store the <seg> content as a TMX reader gives it");
    }
  }
  for (auto* list : {&props, &attributes, &notes})
    for (auto& [type, value] : *list) {
      for (std::string* text : {&type, &value}) {
        Result<std::string> safe = XmlSafe(*text);
        if (!safe.ok()) {
          return about(safe.status().Annotate("property " + type)).At(s.path);
        }
        *text = *std::move(safe);
      }
    }

  xmlTextWriterPtr w = s.writer.get();
  RETURN_IF_ERROR(s.Check(xmlTextWriterStartElement(w, X("tu"))));
  if (unit.id > 0) {
    RETURN_IF_ERROR(s.Attribute("tuid", std::to_string(unit.id)));
  }
  if (std::string date = TmxDate(unit.created); !date.empty()) {
    RETURN_IF_ERROR(s.Attribute("creationdate", date));
  }
  if (std::string date = TmxDate(unit.changed); !date.empty()) {
    RETURN_IF_ERROR(s.Attribute("changedate", date));
  }
  if (unit.seen_count > 0) {
    RETURN_IF_ERROR(s.Attribute("usagecount", std::to_string(unit.seen_count)));
  }
  for (const auto& [name, value] : attributes) {
    RETURN_IF_ERROR(s.Attribute(name.c_str(), value));
  }
  for (const auto& note : notes) RETURN_IF_ERROR(s.Note(note.second));
  for (const auto& [type, value] : props) RETURN_IF_ERROR(s.Prop(type, value));
  RETURN_IF_ERROR(s.Variant(source_language, *source, unit.source_markup));
  RETURN_IF_ERROR(s.Variant(target_language, *target, unit.target_markup));
  RETURN_IF_ERROR(s.Check(xmlTextWriterEndElement(w)));  // tu
  ++written_;
  return Status::Ok();
}

Status TmxWriter::Close() {
  if (!state_) return Status::Usage("TmxWriter::Close before Open");
  // Whatever happens below, the writer is closed afterwards; on failure the
  // State's destructor removes the temporary file and the old one stays.
  std::unique_ptr<State> state = std::move(state_);
  RETURN_IF_ERROR(state->Check(xmlTextWriterEndDocument(state->writer.get())));
  RETURN_IF_ERROR(state->Check(xmlTextWriterFlush(state->writer.get())));
  state->writer.reset();
  return state->out.Commit();
}

Result<int64_t> ExportTmx(const TranslationMemory& memory,
                          const ExportFilter& filter, const std::string& path,
                          const TmxWriterOptions& options) {
  TmxWriter writer;
  RETURN_IF_ERROR(writer.Open(path, options));
  RETURN_IF_ERROR(memory.ForEach(
      filter, [&](const TranslationUnit& unit) { return writer.Write(unit); }));
  RETURN_IF_ERROR(writer.Close());
  return writer.written();
}

std::string CanonicalLanguageTag(const std::string& tag) {
  if (!IsValidLanguageTag(tag)) return "";
  std::vector<std::string> parts = SplitTag(tag);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string& p = parts[i];
    for (char& c : p) c = static_cast<char>(std::tolower(c));
    if (i > 0 && p.size() == 4 && AllOf(p, IsAlpha)) {
      p[0] = static_cast<char>(std::toupper(p[0]));  // script
    } else if (i > 0 && p.size() == 2 && AllOf(p, IsAlpha)) {
      for (char& c : p) c = static_cast<char>(std::toupper(c));  // region
    }
    if (i > 0) out += '-';
    out += p;
  }
  return out;
}

bool IsValidLanguageTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 35) return false;
  const std::vector<std::string> parts = SplitTag(tag);
  // language: 2-3 letters (ISO 639-1/2/3)
  if (parts[0].size() < 2 || parts[0].size() > 3 || !AllOf(parts[0], IsAlpha)) {
    return false;
  }
  enum { kScript, kRegion, kVariant } next = kScript;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (next <= kScript && p.size() == 4 && AllOf(p, IsAlpha)) {
      next = kRegion;
    } else if (next <= kRegion && ((p.size() == 2 && AllOf(p, IsAlpha)) ||
                                   (p.size() == 3 && AllOf(p, IsDigit)))) {
      next = kVariant;
    } else if (((p.size() >= 5 && p.size() <= 8) ||
                (p.size() == 4 && IsDigit(p[0]))) &&
               AllOf(p, IsAlnum)) {
      next = kVariant;  // "sl-rozaj", "de-1996"
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace sverka
