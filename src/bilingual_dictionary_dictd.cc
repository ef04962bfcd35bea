// The dictd reader: index numbers, the gzip (dictzip) body and the text of
// FreeDict entries.
#include <zlib.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "bilingual_dictionary_internal.h"

namespace sverka::dictionary_internal {
namespace {

int DictdDigit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// "2. " at the start of a line: a new sense.
bool StartsWithSenseNumber(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && IsAsciiDigit(line[i])) ++i;
  return i > 0 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ';
}

// Removes "2." "3." ... at the end of a line (numbers of the senses whose
// glosses follow) and a sense number at the start.
std::string_view TrimSenseNumbers(std::string_view line) {
  if (StartsWithSenseNumber(line)) line.remove_prefix(line.find(' ') + 1);
  while (true) {
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.empty() || line.back() != '.') break;
    size_t i = line.size() - 1;
    size_t digits_end = i;
    while (i > 0 && IsAsciiDigit(line[i - 1])) --i;
    if (i == digits_end || (i > 0 && line[i - 1] != ' ')) break;
    line = line.substr(0, i);
  }
  return line;
}

// [[lemma|form]] -> form, [[form]] -> form; parenthesised notes removed.
std::string StripMarkup(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  int paren_depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line.compare(i, 2, "[[") == 0) {
      size_t close = line.find("]]", i + 2);
      if (close == std::string_view::npos) close = line.size();
      std::string_view link = line.substr(i + 2, close - i - 2);
      size_t bar = link.rfind('|');
      if (bar != std::string_view::npos) link.remove_prefix(bar + 1);
      if (paren_depth == 0) out.append(link);
      i = close + 1;
      continue;
    }
    const char c = line[i];
    if (c == '(') {
      ++paren_depth;
      out.push_back(' ');
    } else if (c == ')') {
      if (paren_depth > 0) --paren_depth;
      out.push_back(' ');
    } else if (paren_depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool DecodeDictdNumber(std::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 9) return false;  // 9 digits: 2^54
  uint64_t v = 0;
  for (char c : text) {
    const int digit = DictdDigit(c);
    if (digit < 0) return false;
    v = v * 64 + static_cast<uint64_t>(digit);
  }
  if (v > (uint64_t{1} << 53)) return false;
  *value = v;
  return true;
}

Status ParseDictdIndex(std::string_view text, const std::string& file_name,
                       std::vector<DictdIndexEntry>* entries) {
  entries->clear();
  int64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos
                            ? std::string_view::npos
                            : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) {
      return Status::InvalidInput(
                 "corrupt dictionary index line: expected "
                 "headword<TAB>offset<TAB>length")
          .At(file_name)
          .AtLine(line_number)
          .WithHint("reinstall the Debian package dict-freedict-eng-bul");
    }
    // dictd allows further fields (the original headword); ignore them.
    size_t tab3 = line.find('\t', tab2 + 1);
    if (tab3 == std::string_view::npos) tab3 = line.size();
    DictdIndexEntry entry;
    entry.headword = line.substr(0, tab1);
    entry.line = line_number;
    if (!DecodeDictdNumber(line.substr(tab1 + 1, tab2 - tab1 - 1),
                           &entry.offset) ||
        !DecodeDictdNumber(line.substr(tab2 + 1, tab3 - tab2 - 1),
                           &entry.length)) {
      return Status::InvalidInput(
                 "corrupt dictionary index line: offset or length is not a "
                 "dictd base64 number")
          .At(file_name)
          .AtLine(line_number)
          .WithHint("reinstall the Debian package dict-freedict-eng-bul");
    }
    entries->push_back(entry);
  }
  return Status::Ok();
}

Result<std::string> InflateGzip(std::string_view compressed) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    return Status::Internal("zlib inflateInit2 failed");
  }
  // The gzip trailer ends with the size of the data modulo 2^32: the
  // usual exact size of a single-member body.
  size_t expected = compressed.size() * 4 + 4096;
  if (compressed.size() >= 18) {
    const auto* tail = reinterpret_cast<const unsigned char*>(
        compressed.data() + compressed.size() - 4);
    const size_t size = tail[0] | (tail[1] << 8) | (tail[2] << 16) |
                        (static_cast<size_t>(tail[3]) << 24);
    if (size > 0 && size <= compressed.size() * 64) expected = size + 1;
  }
  std::string out;
  out.resize(expected);
  stream.next_in =
      reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  size_t produced = 0;
  int rc = Z_OK;
  while (true) {
    if (produced == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&stream, Z_NO_FLUSH);
    produced = out.size() - stream.avail_out;
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow.
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    // Z_BUF_ERROR with room left means the input ended early.
    if (rc != Z_OK) break;
  }
  const char* message = stream.msg;
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    return Status::InvalidInput(
        std::string("corrupt or truncated gzip data") +
        (message != nullptr ? std::string(": ") + message : std::string()));
  }
  out.resize(produced);
  return out;
}

std::vector<std::string> ParseTranslations(std::string_view entry) {
  std::vector<std::string> phrases;
  size_t pos = 0;
  int line_index = 0;
  while (pos < entry.size()) {
    size_t end = entry.find('\n', pos);
    if (end == std::string_view::npos) end = entry.size();
    std::string_view line = entry.substr(pos, end - pos);
    pos = end + 1;
    const int index = line_index++;
    if (index == 0) continue;  // headword, pronunciation, part of speech
    if (index != 1 && !StartsWithSenseNumber(line)) continue;  // a gloss
    const std::string text = StripMarkup(TrimSenseNumbers(line));
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == ',' || text[i] == ';') {
        std::string_view phrase(text.data() + start, i - start);
        while (!phrase.empty() && phrase.front() == ' ')
          phrase.remove_prefix(1);
        while (!phrase.empty() && phrase.back() == ' ') phrase.remove_suffix(1);
        if (!phrase.empty()) phrases.emplace_back(phrase);
        start = i + 1;
      }
    }
  }
  return phrases;
}

}  // namespace sverka::dictionary_internal
