// TmxReader and ImportTmx: TMX 1.1 to 1.4b over libxml2's xmlTextReader,
// one <tu> expanded at a time.
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/xmlreader.h>
#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "internal/libxml_util.h"
#include "sverka/tmx.h"

namespace sverka {
namespace {

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const char* C(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

bool Is(xmlNodePtr node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, X(name));
}

std::string Attribute(xmlNodePtr node, const char* name) {
  return internal::ToString(
      internal::XmlCharPtr(xmlGetNoNsProp(node, X(name))));
}

// xml:lang, or TMX 1.1's lang.
std::string LanguageOf(xmlNodePtr tuv) {
  internal::XmlCharPtr lang(xmlGetNsProp(tuv, X("lang"), XML_XML_NAMESPACE));
  if (!lang) lang.reset(xmlGetNoNsProp(tuv, X("lang")));
  return internal::ToString(lang);
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Whether the <!DOCTYPE> node declares any general or parameter entity.
// TMX uses none of its own; refusing a file that declares some stops
// external-entity reads and "billion laughs" expansion before a single
// reference is parsed. The node comes from xmlTextReaderCurrentNode, not
// xmlTextReaderCurrentDoc: the latter makes the reader keep every node it
// has passed (and leaks the document).
bool DeclaresEntities(xmlNodePtr node) {
  if (node == nullptr || node->type != XML_DTD_NODE) return false;
  const auto* dtd = reinterpret_cast<const xmlDtd*>(node);
  auto non_empty = [](void* table) {
    return table != nullptr &&
           xmlHashSize(static_cast<xmlHashTablePtr>(table)) > 0;
  };
  return non_empty(dtd->entities) || non_empty(dtd->pentities);
}

// "20250301T093000Z" -> "2025-03-01T09:30:00Z"; "" when not that form.
std::string IsoDate(const std::string& tmx) {
  constexpr std::string_view kPattern = "ddddddddTddddddZ";
  if (tmx.size() != kPattern.size()) return "";
  for (size_t i = 0; i < tmx.size(); ++i) {
    const bool digit = tmx[i] >= '0' && tmx[i] <= '9';
    if (kPattern[i] == 'd' ? !digit : tmx[i] != kPattern[i]) return "";
  }
  return tmx.substr(0, 4) + "-" + tmx.substr(4, 2) + "-" + tmx.substr(6, 2) +
         "T" + tmx.substr(9, 2) + ":" + tmx.substr(11, 2) + ":" +
         tmx.substr(13, 2) + "Z";
}

// How well a <tuv> language matches a requested one: 2 exactly, 1 by the
// language alone (requested without region), 0 not.
int LanguageMatch(const std::string& canonical_tuv,
                  const std::string& requested) {
  if (canonical_tuv.empty()) return 0;
  const std::string tuv = Lower(canonical_tuv);
  if (tuv == requested) return 2;
  if (requested.find('-') == std::string::npos &&
      tuv.compare(0, tuv.find('-'), requested) == 0) {
    return 1;
  }
  return 0;
}

// Inline codes: their content is the original format's markup (or, in
// <sub>, a subflow), not the segment's text.
bool IsCode(xmlNodePtr node) {
  return Is(node, "bpt") || Is(node, "ept") || Is(node, "ph") ||
         Is(node, "it") || Is(node, "ut");
}

// Keeps the prop/note types unique: the second "x-domain" is "x-domain#2".
void AddProperty(std::map<std::string, std::string>& properties,
                 const std::string& key, std::string value) {
  std::string unique = key;
  for (int n = 2; properties.count(unique) > 0; ++n) {
    unique = key + "#" + std::to_string(n);
  }
  properties.emplace(std::move(unique), std::move(value));
}

// The <tu> attributes ReadUnit reads: the first kFieldAttributes are fields
// of the unit, the others become "@name" properties.
constexpr size_t kFieldAttributes = 3;
constexpr const char* kUnitAttributes[] = {
    "creationdate", "changedate",    "usagecount",   "creationid",
    "changeid",     "lastusagedate", "creationtool", "creationtoolversion",
    "datatype",     "segtype",       "o-tmf",        "o-encoding",
    "srclang"};

// The value of each of kUnitAttributes on `tu` ("" where it has none), as
// xmlGetNoNsProp gives it, in one pass over the attributes the <tu> has:
// asked name by name, libxml2 walks them for each of the 13 names and
// searches the DTD for each one absent (a tenth of reading a TMX). Only
// when the file's own DTD declares attributes (whose defaults count as
// present) is each name asked for.
void ReadUnitAttributes(xmlNodePtr tu, std::string* values) {
  const xmlDtd* dtd = tu->doc != nullptr ? tu->doc->intSubset : nullptr;
  if (dtd != nullptr && dtd->attributes != nullptr) {
    for (size_t i = 0; i < std::size(kUnitAttributes); ++i) {
      values[i] = Attribute(tu, kUnitAttributes[i]);
    }
    return;
  }
  for (xmlAttrPtr attribute = tu->properties; attribute != nullptr;
       attribute = attribute->next) {
    if (attribute->ns != nullptr) continue;  // xml:..., not TMX's own
    for (size_t i = 0; i < std::size(kUnitAttributes); ++i) {
      if (!xmlStrEqual(attribute->name, X(kUnitAttributes[i]))) continue;
      values[i] = internal::ToString(internal::XmlCharPtr(
          xmlNodeListGetString(tu->doc, attribute->children, 1)));
      break;
    }
  }
}

// The first error libxml2 reported, with its line.
struct XmlErrorSink {
  std::string message;
  int line = 0;
};

}  // namespace

struct TmxReader::State {
  std::string path;
  TmxReaderOptions options;
  std::string source_language;  // requested, lower case
  std::string target_language;
  xmlTextReaderPtr reader = nullptr;
  TmxHeaderInfo header;
  XmlErrorSink errors;
  bool done = false;
  // The reader sits on a node Next has not looked at yet.
  bool positioned = false;
  // Each xml:lang the file writes (a few, on every <tuv>), as ReadUnit
  // takes it: canonical, and how well it matches the requested languages.
  struct TuvLanguage {
    std::string canonical;
    int source_quality = 0;
    int target_quality = 0;
  };
  std::unordered_map<std::string, TuvLanguage> tuv_languages;

  ~State() {
    if (reader != nullptr) xmlFreeTextReader(reader);
  }

  int Line() const {
    const int line = xmlTextReaderGetParserLineNumber(reader);
    return line > 0 ? line : 0;
  }

  Status Error(const std::string& message, int64_t line,
               const std::string& hint) const {
    Status s = Status::InvalidInput(message).At(path);
    if (line > 0) s = s.AtLine(line);
    return hint.empty() ? s : s.WithHint(hint);
  }

  // The status for xmlTextReaderRead/Expand failing.
  Status ParseError() const {
    if (errors.message.find("ntity") != std::string::npos) {
      return Error("refused: " + errors.message,
                   errors.line > 0 ? errors.line : Line(),
                   "TMX needs no entities of its own; remove the [...] part "
                   "of the <!DOCTYPE> line; nothing of it was imported");
    }
    if (!errors.message.empty()) {
      return Error("not well-formed XML: " + errors.message,
                   errors.line > 0 ? errors.line : Line(),
                   "the file is damaged or cut short (an interrupted "
                   "download or export?); export it again from the CAT "
                   "tool; nothing of it was imported");
    }
    return Error("the XML parser stopped", Line(),
                 "export the file again; nothing of it was imported");
  }

  // One step of the stream; false at the end.
  Result<bool> Read() {
    const int rc = xmlTextReaderRead(reader);
    if (rc < 0 || !errors.message.empty()) return ParseError();
    return rc == 1;
  }

  Status CheckDepth(int depth) const {
    if (depth <= options.max_depth) return Status::Ok();
    return Error("elements nested " + std::to_string(depth) +
                     " deep; a TMX file needs fewer than " +
                     std::to_string(options.max_depth),
                 Line(), "this is not a TMX file a CAT tool wrote");
  }

  Status ReadUnit(xmlNodePtr tu, TranslationUnit* unit,
                  std::set<std::string>& languages, bool* complete);
  Status ReadSegment(xmlNodePtr seg, std::string* text,
                     std::string* markup) const;
  Status CollectText(xmlNodePtr node, int depth, std::string* text,
                     bool* has_markup) const;
};

namespace {

void OnXmlError(void* data, xmlErrorPtr error) {
  auto* sink = static_cast<XmlErrorSink*>(data);
  if (error == nullptr || error->level < XML_ERR_ERROR ||
      !sink->message.empty()) {
    return;  // warnings, and everything after the first error
  }
  std::string message = error->message != nullptr ? error->message : "";
  while (!message.empty() &&
         (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  sink->message = message.empty() ? "parse error" : message;
  sink->line = error->line;
}

}  // namespace

Status TmxReader::State::CollectText(xmlNodePtr node, int depth,
                                     std::string* text,
                                     bool* has_markup) const {
  if (depth > options.max_depth) {
    return Error("inline markup nested " + std::to_string(depth) +
                     " deep; a TMX file needs fewer than " +
                     std::to_string(options.max_depth),
                 xmlGetLineNo(node), "this is not a TMX file a CAT tool wrote");
  }
  for (xmlNodePtr child = node->children; child != nullptr;
       child = child->next) {
    switch (child->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (child->content != nullptr) *text += C(child->content);
        break;
      case XML_ELEMENT_NODE:
        *has_markup = true;
        if (IsCode(child)) {
          // Only checked for depth: codes are not text.
          std::string ignored;
          RETURN_IF_ERROR(CollectText(child, depth + 1, &ignored, has_markup));
        } else {
          RETURN_IF_ERROR(CollectText(child, depth + 1, text, has_markup));
        }
        break;
      case XML_ENTITY_REF_NODE:
        return Error("entity reference &" + std::string(C(child->name)) +
                         "; in a segment",
                     xmlGetLineNo(node),
                     "TMX needs no entities besides &lt; &gt; &amp; &quot; "
                     "&apos; and character references");
      default:
        break;  // comments, processing instructions
    }
  }
  return Status::Ok();
}

Status TmxReader::State::ReadSegment(xmlNodePtr seg, std::string* text,
                                     std::string* markup) const {
  // Into *text and trimmed there: a unit reused from an earlier batch
  // keeps its strings' room (see ImportTmx).
  text->clear();
  bool has_markup = false;
  RETURN_IF_ERROR(CollectText(seg, 6, text, &has_markup));
  const char* kSpace = " \t\n\r";
  text->erase(std::min(text->size(), text->find_last_not_of(kSpace) + 1));
  text->erase(0, std::min(text->size(), text->find_first_not_of(kSpace)));
  markup->clear();
  if (has_markup) {
    // The content as written, for writing back.
    std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer(xmlBufferCreate(),
                                                              xmlBufferFree);
    if (!buffer) return Status::Internal("libxml2 could not allocate");
    for (xmlNodePtr child = seg->children; child != nullptr;
         child = child->next) {
      if (xmlNodeDump(buffer.get(), seg->doc, child, 0, 0) < 0) {
        return Status::Internal("libxml2 could not serialise a segment");
      }
    }
    markup->assign(C(xmlBufferContent(buffer.get())),
                   static_cast<size_t>(xmlBufferLength(buffer.get())));
  }
  return Status::Ok();
}

Status TmxReader::State::ReadUnit(xmlNodePtr tu, TranslationUnit* unit,
                                  std::set<std::string>& languages,
                                  bool* complete) {
  *unit = TranslationUnit{};
  unit->id = 0;
  unit->origin = options.origin;
  const int64_t tu_line = xmlGetLineNo(tu);
  std::string attributes[std::size(kUnitAttributes)];
  ReadUnitAttributes(tu, attributes);
  for (size_t i = 0; i < 2; ++i) {  // creationdate, changedate
    const std::string& value = attributes[i];
    if (value.empty()) continue;
    const std::string iso = IsoDate(value);
    if (iso.empty()) {
      return Error(std::string(kUnitAttributes[i]) + " \"" + value +
                       "\" is not a TMX date",
                   tu_line,
                   "TMX dates are UTC in the form YYYYMMDDThhmmssZ "
                   "(20250301T093000Z); fix or remove the attribute");
    }
    (i == 0 ? unit->created : unit->changed) = iso;
  }
  if (const std::string& count = attributes[2]; !count.empty()) {
    if (count.size() > 9 ||
        count.find_first_not_of("0123456789") != std::string::npos) {
      return Error("usagecount \"" + count + "\" is not a number", tu_line,
                   "write a whole number or remove the attribute");
    }
    unit->seen_count = std::max(1, std::stoi(count));
  }
  for (size_t i = kFieldAttributes; i < std::size(kUnitAttributes); ++i) {
    std::string& value = attributes[i];
    if (!value.empty()) {
      unit->properties["@" + std::string(kUnitAttributes[i])] =
          std::move(value);
    }
  }

  int source_quality = 0;
  int target_quality = 0;
  xmlNodePtr source_seg = nullptr;
  xmlNodePtr target_seg = nullptr;
  for (xmlNodePtr child = tu->children; child != nullptr; child = child->next) {
    if (Is(child, "prop")) {
      const std::string type = Attribute(child, "type");
      std::string value =
          internal::ToString(internal::XmlCharPtr(xmlNodeGetContent(child)));
      if (type.empty()) {
        return Error("<prop> without a type", xmlGetLineNo(child),
                     "give every prop a type attribute");
      }
      if (type == "x-confidence") {
        char* end = nullptr;
        const double confidence = std::strtod(value.c_str(), &end);
        if (end != value.c_str() && *end == '\0' && confidence >= 0 &&
            confidence <= 1) {
          unit->confidence = confidence;
          continue;
        }
      } else if (type == "x-bead") {
        unit->bead_type = value;
        continue;
      } else if (type == "x-origin") {
        unit->origin = value;
        continue;
      }
      AddProperty(unit->properties, type, std::move(value));
    } else if (Is(child, "note")) {
      AddProperty(
          unit->properties, "<note>",
          internal::ToString(internal::XmlCharPtr(xmlNodeGetContent(child))));
    } else if (Is(child, "tuv")) {
      const std::string written = LanguageOf(child);
      if (written.empty()) {
        return Error("<tuv> without xml:lang", xmlGetLineNo(child),
                     "every <tuv> needs its language, like "
                     "<tuv xml:lang=\"en\">");
      }
      auto [known, first_time] = tuv_languages.try_emplace(written);
      TuvLanguage& language = known->second;
      if (first_time) {
        languages.insert(written);
        std::string dashed = written;
        for (char& c : dashed) c = c == '_' ? '-' : c;  // "en_US", old tools
        language.canonical = CanonicalLanguageTag(dashed);
        language.source_quality =
            LanguageMatch(language.canonical, source_language);
        language.target_quality =
            LanguageMatch(language.canonical, target_language);
      }
      xmlNodePtr seg = nullptr;
      for (xmlNodePtr s = child->children; s != nullptr; s = s->next) {
        if (Is(s, "seg")) seg = s;
      }
      if (seg == nullptr) {
        return Error("<tuv xml:lang=\"" + written + "\"> without a <seg>",
                     xmlGetLineNo(child), "every <tuv> needs its <seg>");
      }
      if (language.source_quality > source_quality) {
        source_quality = language.source_quality;
        source_seg = seg;
        unit->source_language = language.canonical;
      }
      if (language.target_quality > target_quality) {
        target_quality = language.target_quality;
        target_seg = seg;
        unit->target_language = language.canonical;
      }
    }
  }
  *complete = false;
  if (source_seg == nullptr || target_seg == nullptr ||
      source_seg == target_seg) {
    return Status::Ok();
  }
  RETURN_IF_ERROR(
      ReadSegment(source_seg, &unit->source_text, &unit->source_markup));
  RETURN_IF_ERROR(
      ReadSegment(target_seg, &unit->target_text, &unit->target_markup));
  *complete = !unit->source_text.empty() && !unit->target_text.empty();
  return Status::Ok();
}

TmxReader::TmxReader() = default;
TmxReader::~TmxReader() = default;

const TmxHeaderInfo& TmxReader::header() const {
  static const TmxHeaderInfo kEmpty;
  return state_ ? state_->header : kEmpty;
}

Status TmxReader::Open(const std::string& path,
                       const TmxReaderOptions& options) {
  state_.reset();
  read_ = skipped_ = 0;
  languages_.clear();
  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  for (auto [given, requested] :
       {std::pair(&options.source_language, &state->source_language),
        std::pair(&options.target_language, &state->target_language)}) {
    *requested = Lower(CanonicalLanguageTag(*given));
    if (requested->empty()) {
      return Status::Usage("'" + *given + "' is not a BCP 47 language code")
          .WithHint("use a code like bg, en or en-GB");
    }
  }
  if (state->options.origin.empty()) {
    state->options.origin = std::filesystem::path(path).filename().string();
  }
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT) {
      return Status::NotFound("no such file")
          .At(path)
          .WithHint("check the path of the TMX file");
    }
    return Status::IoError(std::string("cannot read: ") + std::strerror(error))
        .At(path);
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::IoError("is a folder, not a TMX file")
        .At(path)
        .WithHint("pass the .tmx file inside it");
  }
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    return Status::IoError(std::string("cannot read: ") + std::strerror(errno))
        .At(path)
        .WithHint("check the file's permissions");
  }

  // No network, no DTD, no entity substitution; libxml2's size and depth
  // limits stay (no XML_PARSE_HUGE). BIG_LINES: right line numbers past
  // 65535.
  state->reader = xmlReaderForFile(path.c_str(), nullptr,
                                   XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  if (state->reader == nullptr) {
    return Status::IoError("libxml2 cannot open the file").At(path);
  }
  xmlTextReaderSetStructuredErrorHandler(state->reader, OnXmlError,
                                         &state->errors);

  // Up to the root element.
  for (;;) {
    ASSIGN_OR_RETURN(bool more, state->Read());
    if (!more) {
      return state->Error("no XML element in the file", state->Line(),
                          "pass a TMX file");
    }
    const int type = xmlTextReaderNodeType(state->reader);
    if (type == XML_READER_TYPE_ELEMENT) break;
    if (type == XML_READER_TYPE_DOCUMENT_TYPE &&
        DeclaresEntities(xmlTextReaderCurrentNode(state->reader))) {
      return state->Error(
          "the DOCTYPE declares entities, which Sverka does not expand (they "
          "can read local files or grow to gigabytes)",
          state->Line(),
          "TMX needs none: remove the [...] part of the <!DOCTYPE> line");
    }
  }
  const char* encoding = C(xmlTextReaderConstEncoding(state->reader));
  state->header.encoding = encoding != nullptr ? encoding : "UTF-8";
  {
    const std::string e = Lower(state->header.encoding);
    if (e != "utf-8" && e != "utf8" && e.rfind("utf-16", 0) != 0 &&
        e != "us-ascii" && e != "ascii") {
      return state->Error(
          "the file declares encoding=\"" + state->header.encoding +
              "\"; TMX is always Unicode (UTF-8 or UTF-16)",
          1,
          "if the text is UTF-8, change the declaration to "
          "encoding=\"UTF-8\"; otherwise convert it, e.g. iconv -f " +
              state->header.encoding + " -t UTF-8, and fix the declaration");
    }
  }
  const char* root = C(xmlTextReaderConstLocalName(state->reader));
  if (root == nullptr || std::strcmp(root, "tmx") != 0) {
    return state->Error("not a TMX file: the root element is <" +
                            std::string(root ? root : "?") + ">, not <tmx>",
                        state->Line(), "pass a .tmx file (TMX 1.1 to 1.4b)");
  }
  {
    internal::XmlCharPtr version(
        xmlTextReaderGetAttribute(state->reader, X("version")));
    state->header.version = internal::ToString(version);
    const std::string& v = state->header.version;
    if (!v.empty() && v != "1.1" && v != "1.2" && v != "1.3" && v != "1.4" &&
        v != "1.4a" && v != "1.4b") {
      return Status::Unsupported("TMX version " + v +
                                 " (Sverka reads 1.1 to 1.4b)")
          .At(path)
          .AtLine(state->Line())
          .WithHint("export the memory as TMX 1.4 from the CAT tool");
    }
  }
  // The header, then the <body>.
  bool header_seen = false;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, state->Read());
    if (!more) {
      return state->Error("the file ends before <body>", state->Line(),
                          "the file is cut short; export it again");
    }
    if (xmlTextReaderNodeType(state->reader) != XML_READER_TYPE_ELEMENT) {
      continue;
    }
    RETURN_IF_ERROR(state->CheckDepth(xmlTextReaderDepth(state->reader)));
    const std::string name = C(xmlTextReaderConstLocalName(state->reader));
    if (name == "header" && xmlTextReaderDepth(state->reader) == 1) {
      header_seen = true;
      internal::XmlCharPtr srclang(
          xmlTextReaderGetAttribute(state->reader, X("srclang")));
      state->header.source_language = internal::ToString(srclang);
      internal::XmlCharPtr tool(
          xmlTextReaderGetAttribute(state->reader, X("creationtool")));
      state->header.creation_tool = internal::ToString(tool);
      if (state->header.source_language.empty()) {
        return state->Error("the <header> has no srclang", state->Line(),
                            "TMX requires it: add srclang=\"bg\" (the source "
                            "language) or srclang=\"*all*\" to <header>");
      }
    } else if (name == "body" && xmlTextReaderDepth(state->reader) == 1) {
      if (!header_seen) {
        return state->Error("<body> before any <header>", state->Line(),
                            "a TMX file starts with <header srclang=...>");
      }
      if (xmlTextReaderIsEmptyElement(state->reader)) state->done = true;
      break;
    }
  }
  state_ = std::move(state);
  return Status::Ok();
}

Result<bool> TmxReader::Next(TranslationUnit* unit) {
  if (!state_) return Status::Usage("TmxReader::Next before Open");
  State& s = *state_;
  while (!s.done) {
    if (!s.positioned) {
      ASSIGN_OR_RETURN(bool more, s.Read());
      if (!more) {
        return s.Error("the file ends inside <body>", s.Line(),
                       "the file is cut short; export it again");
      }
    }
    s.positioned = false;
    const int type = xmlTextReaderNodeType(s.reader);
    const int depth = xmlTextReaderDepth(s.reader);
    if (type == XML_READER_TYPE_END_ELEMENT && depth == 1) {
      s.done = true;  // </body>; the rest must still be well-formed
      for (;;) {
        ASSIGN_OR_RETURN(bool rest, s.Read());
        if (!rest) break;
      }
      break;
    }
    if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
      return s.Error("entity reference outside a segment", s.Line(),
                     "TMX needs no entities of its own");
    }
    if (type != XML_READER_TYPE_ELEMENT) continue;
    RETURN_IF_ERROR(s.CheckDepth(depth));
    if (depth != 2 ||
        !xmlStrEqual(xmlTextReaderConstLocalName(s.reader), X("tu"))) {
      continue;
    }
    xmlNodePtr tu = xmlTextReaderExpand(s.reader);
    if (tu == nullptr || !s.errors.message.empty()) return s.ParseError();
    ++read_;
    bool complete = false;
    RETURN_IF_ERROR(s.ReadUnit(tu, unit, languages_, &complete));
    // Onto the node after </tu> (the expanded nodes are freed as the reader
    // moves on); the loop looks at it before reading further.
    const int rc = xmlTextReaderNext(s.reader);
    if (rc < 0 || !s.errors.message.empty()) return s.ParseError();
    if (rc == 0) {
      return s.Error("the file ends inside <body>", s.Line(),
                     "the file is cut short; export it again");
    }
    s.positioned = true;
    if (complete) return true;
    ++skipped_;
  }
  return false;
}

namespace {

// Batches of units passed from the thread reading the TMX to the one
// storing them: parsing (libxml2 and ReadUnit) and storing (SQLite) each
// take a good part of an import, and they need not wait for each other.
// At most kInFlight batches wait, so memory stays bounded whatever the
// file's size.
class BatchQueue {
 public:
  static constexpr size_t kInFlight = 2;

  // A batch for the reader to fill: one the storing side has finished
  // with when there is one (its units' strings keep their room, so reading
  // into them allocates little, and they are freed or reused on the
  // reader's thread, not the storing one), else a new one.
  std::vector<TranslationUnit> Empty(size_t size) {
    std::vector<TranslationUnit> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!spent_.empty()) {
        batch = std::move(spent_.back());
        spent_.pop_back();
      }
    }
    batch.resize(size);
    return batch;
  }
  // The storing side hands back a batch it has stored.
  void Recycle(std::vector<TranslationUnit> batch) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spent_.size() < kInFlight + 1) spent_.push_back(std::move(batch));
  }

  // The reader's side; false when the storing side has stopped.
  bool Push(std::vector<TranslationUnit> batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock,
                  [this] { return stopped_ || ready_.size() < kInFlight; });
    if (stopped_) return false;
    ready_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // The end of the file, or the reader's error.
  void Finish(Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    status_ = std::move(status);
    changed_.notify_all();
  }

  // The storing side: the next batch, or nullopt at the end (then
  // status() says whether the reader failed).
  std::optional<std::vector<TranslationUnit>> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return finished_ || !ready_.empty(); });
    // After a reader error the batches still waiting would only be rolled
    // back: stop at once.
    if (ready_.empty() || !status_.ok()) return std::nullopt;
    std::vector<TranslationUnit> batch = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return batch;
  }
  Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }
  // The storing side gives up: the reader stops at its next batch.
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<TranslationUnit>> ready_;
  std::vector<std::vector<TranslationUnit>> spent_;
  bool finished_ = false;
  bool stopped_ = false;
  Status status_;
};

}  // namespace

Result<TmxImportResult> ImportTmx(const std::string& path,
                                  TranslationMemory& memory,
                                  const TmxReaderOptions& options) {
  TmxReader reader;
  // Open on this thread: it checks the file and header (and initialises
  // libxml2, which must happen before a second thread parses).
  RETURN_IF_ERROR(reader.Open(path, options));
  ASSIGN_OR_RETURN(std::unique_ptr<ImportSession> session,
                   memory.BeginImport());
  constexpr size_t kBatch = 2048;
  BatchQueue queue;
  std::thread reading([&reader, &queue] {
    // An exception must not cross the thread (std::terminate): it becomes
    // the import's error, as it would have left ImportTmx before.
    try {
      for (;;) {
        std::vector<TranslationUnit> batch = queue.Empty(kBatch);
        size_t n = 0;
        while (n < kBatch) {
          Result<bool> more = reader.Next(&batch[n]);
          if (!more.ok()) {
            queue.Finish(more.status());
            return;
          }
          if (!*more) break;
          ++n;
        }
        const bool end = n < kBatch;
        batch.resize(n);
        if (n > 0 && !queue.Push(std::move(batch))) return;
        if (end) {
          queue.Finish(Status::Ok());
          return;
        }
      }
    } catch (const std::exception& e) {
      queue.Finish(
          Status::Internal(std::string("reading the TMX: ") + e.what()));
    }
  });
  TmxImportResult result;
  Status stored;
  while (std::optional<std::vector<TranslationUnit>> batch = queue.Pop()) {
    Result<int64_t> added = session->Add(*batch);
    if (!added.ok()) {
      stored = added.status().Annotate("importing " + path);
      break;
    }
    result.new_pairs += *added;
    result.imported += static_cast<int64_t>(batch->size());
    queue.Recycle(std::move(*batch));
  }
  queue.Stop();
  reading.join();
  // A failed Add has already rolled the session back; a reader error
  // returns before Commit, and dropping the session rolls it back.
  RETURN_IF_ERROR(stored);
  RETURN_IF_ERROR(queue.status());
  result.read = reader.read();
  result.skipped = reader.skipped();
  result.languages = reader.languages();
  if (result.imported == 0 && result.read > 0) {
    std::string seen;
    for (const std::string& language : result.languages) {
      seen += (seen.empty() ? "" : ", ") + language;
    }
    return Status::NotFound("no <tu> has both " + options.source_language +
                            " and " + options.target_language +
                            " text; the file's languages: " + seen)
        .At(path)
        .WithHint("pass the pair it holds with --src-lang and --tgt-lang");
  }
  RETURN_IF_ERROR(session->Commit());
  return result;
}

}  // namespace sverka
