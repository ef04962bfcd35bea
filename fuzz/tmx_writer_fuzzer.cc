// Fuzzes the TMX writer with arbitrary unit texts, language codes and
// properties. A unit is either refused (kInvalidInput, and then no file
// appears) or written; a written file must be well-formed XML that gives
// back every text exactly, except the characters XML 1.0 forbids, which
// become a space. Fields of the input are separated by 0x1F: source
// language, target language, source text, target text, prop type, prop
// value, bead type, origin.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "sverka/tmx.h"

namespace {

using sverka::fuzz::IsValidUtf8;

std::vector<std::string> Fields(std::string_view data) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t end = data.find('\x1F', start);
    fields.emplace_back(data.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  fields.resize(std::max<size_t>(fields.size(), 8));
  return fields;
}

// What the writer must make of valid UTF-8: forbidden characters -> space.
std::string XmlSafe(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      const bool allowed = b >= 0x20 || b == '\t' || b == '\n' || b == '\r';
      out += allowed ? static_cast<char>(b) : ' ';
      ++i;
      continue;
    }
    const size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    const std::string_view c = text.substr(i, length);
    const bool forbidden = c == "\xEF\xBF\xBE" || c == "\xEF\xBF\xBF";
    if (forbidden) {
      out += ' ';
    } else {
      out.append(c);
    }
    i += length;
  }
  return out;
}

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\n\r") == std::string::npos;
}

std::string Content(xmlNodePtr node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string text = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return text;
}

void Collect(xmlNodePtr node, const char* name, std::vector<std::string>* out) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE &&
        xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name))) {
      out->push_back(Content(node));
    }
    Collect(node->children, name, out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> f =
      Fields(std::string_view(reinterpret_cast<const char*>(data), size));
  sverka::TranslationUnit unit;
  unit.source_language = f[0].empty() ? "bg" : f[0];
  unit.target_language = f[1].empty() ? "en" : f[1];
  unit.source_text = f[2];
  unit.target_text = f[3];
  if (!f[4].empty()) unit.properties[f[4]] = f[5];
  unit.bead_type = f[6];
  unit.origin = f[7];
  // Surrogate code points (ED A0..BF xx) are not UTF-8, and the writer
  // turns them into a space; keep the model simple by leaving them out.
  for (const std::string& field : f) {
    for (size_t i = 0; i + 1 < field.size(); ++i) {
      if (field[i] == '\xED' &&
          static_cast<unsigned char>(field[i + 1]) >= 0xA0)
        return 0;
    }
  }

  const std::string path = sverka::fuzz::ScratchFolder() + "/out.tmx";
  std::filesystem::remove(path);
  sverka::TmxWriter writer;
  FUZZ_CHECK(writer.Open(path, {.source_language = "bg"}).ok());
  const sverka::Status written = writer.Write(unit);
  if (!written.ok()) {
    FUZZ_CHECK(written.code() == sverka::StatusCode::kInvalidInput);
    FUZZ_CHECK(written.file() == path);
    return 0;  // the writer removes its temporary file; nothing appears
  }
  FUZZ_CHECK(writer.Close().ok());
  const bool all_valid = IsValidUtf8(f[2]) && IsValidUtf8(f[3]);
  FUZZ_CHECK(all_valid);

  xmlDocPtr doc = xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET);
  FUZZ_CHECK(doc != nullptr);  // well-formed
  std::vector<std::string> segs, props;
  Collect(xmlDocGetRootElement(doc), "seg", &segs);
  Collect(xmlDocGetRootElement(doc), "prop", &props);
  xmlFreeDoc(doc);
  const std::string source = XmlSafe(unit.source_text);
  const std::string target = XmlSafe(unit.target_text);
  if (IsBlank(source) || IsBlank(target)) {
    FUZZ_CHECK(segs.empty());
    FUZZ_CHECK(writer.skipped() == 1);
  } else {
    FUZZ_CHECK(segs.size() == 2);
    FUZZ_CHECK(segs[0] == source);
    FUZZ_CHECK(segs[1] == target);
    if (!unit.origin.empty()) {
      bool found = false;
      for (const std::string& p : props) found |= p == XmlSafe(unit.origin);
      FUZZ_CHECK(found);
    }
  }
  return 0;
}
