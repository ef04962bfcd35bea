// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// The one JSON string writer of the library and the CLI (jsonl alignments,
// batch reports, lookups, the review page's data).
//
//   std::string out;
//   internal::AppendJsonString(out, "a \"b\"");                 // "a \"b\""
//   internal::AppendJsonString(out, "</script>", JsonIn::kHtmlScript);
#ifndef SVERKA_INTERNAL_JSON_H_
#define SVERKA_INTERNAL_JSON_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace sverka::internal {

enum class JsonIn {
  kFile,        // a .json or .jsonl file, or standard output
  kHtmlScript,  // inside an HTML <script> element
};

// Appends `utf8` as a JSON string literal, quotes included: quotes,
// backslashes and control characters escaped, invalid UTF-8 bytes as U+FFFD
// (JSON must be valid Unicode). For kHtmlScript also '<', '>', '&' and
// U+2028/U+2029, so the text can never end or confuse the element.
inline void AppendJsonString(std::string& out, std::string_view utf8,
                             JsonIn where = JsonIn::kFile) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(utf8[i]);
  };
  // Length of the well-formed UTF-8 sequence at i, or 0.
  const auto sequence = [&](size_t i) -> size_t {
    const unsigned char c = byte(i);
    size_t length;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
    } else {
      return 0;
    }
    if (i + length > utf8.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    const unsigned char second = byte(i + 1);
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
        (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
      return 0;  // overlong, surrogate or above U+10FFFF
    }
    return length;
  };
  const bool html = where == JsonIn::kHtmlScript;
  out += '"';
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = byte(i);
    const size_t length = sequence(i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (length > 1) {
      if (html && length == 3 && c == 0xE2 && byte(i + 1) == 0x80 &&
          (byte(i + 2) == 0xA8 || byte(i + 2) == 0xA9)) {
        out += byte(i + 2) == 0xA8 ? "\\u2028" : "\\u2029";
      } else {
        out.append(utf8.substr(i, length));
      }
      i += length;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F ||
            (html && (c == '<' || c == '>' || c == '&'))) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_JSON_H_
