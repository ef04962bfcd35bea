#include "sverka/text_input.h"

#include <sys/stat.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

namespace sverka {
namespace {

constexpr char kEncodingHint[] =
    "save the file as UTF-8, or name its encoding with --encoding "
    "(e.g. windows-1251)";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// What a binary file looks like, from its first bytes; "" when it does not
// look like a known format.
std::string BinaryFormatName(std::string_view bytes) {
  auto starts = [&](std::string_view magic) { return bytes.starts_with(magic); };
  if (starts("%PDF")) return "a PDF document: convert it to plain text first (e.g. pdftotext)";
  if (starts(std::string_view("PK\x03\x04", 4))) {
    return "a ZIP archive (DOCX, ODT and XLSX are ZIP files): save it as plain "
           "text (UTF-8) first";
  }
  if (starts(std::string_view("\xD0\xCF\x11\xE0", 4))) {
    return "an old Microsoft Office document (.doc): save it as plain text "
           "(UTF-8) first";
  }
  if (starts("{\\rtf")) return "an RTF document: save it as plain text (UTF-8) first";
  if (starts("\x7F" "ELF")) return "a program, not a text";
  return "";
}

// 1-based line of a byte offset in raw bytes (counting LF).
int64_t LineInBytes(std::string_view bytes, size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + std::min(offset, bytes.size()), '\n');
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string_view::npos;
}

std::string HexByte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// Converts bytes in `encoding` to UTF-8, stopping at the first byte the
// converter cannot map (ICU's STOP callback) and reporting its offset.
Result<std::string> ConvertToUtf8(std::string_view bytes,
                                  const std::string& encoding,
                                  const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(encoding.c_str(), &status));
  if (U_FAILURE(status)) {
    return Status::Usage("unknown encoding '" + encoding + "'")
        .At(name)
        .WithHint("use an ICU converter name such as UTF-8, UTF-16LE or "
                  "windows-1251");
  }
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr,
                      nullptr, nullptr, &status);
  icu::UnicodeString unicode;
  const char* source = bytes.data();
  const char* const source_limit = bytes.data() + bytes.size();
  std::vector<UChar> buffer(64 * 1024);
  while (true) {
    UChar* target = buffer.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(converter.get(), &target, buffer.data() + buffer.size(),
                   &source, source_limit, nullptr, /*flush=*/true, &status);
    unicode.append(buffer.data(), static_cast<int32_t>(target - buffer.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) {
      // `source` stands after the bytes that could not be converted.
      char invalid[32];
      int8_t invalid_length = sizeof invalid;
      UErrorCode ignored = U_ZERO_ERROR;
      ucnv_getInvalidChars(converter.get(), invalid, &invalid_length, &ignored);
      size_t offset = static_cast<size_t>(source - bytes.data());
      offset -= std::min<size_t>(offset, std::max<int8_t>(invalid_length, 0));
      const bool truncated = status == U_TRUNCATED_CHAR_FOUND;
      std::string what = truncated ? "the file ends in the middle of a " + encoding +
                                         " character (truncated?)"
                                   : "byte " + HexByte(bytes[offset]) +
                                         " is not valid " + encoding;
      return Status::InvalidInput(what)
          .At(name)
          .AtLine(LineInBytes(bytes, offset))
          .AtByte(static_cast<int64_t>(offset))
          .WithHint(kEncodingHint);
    }
    break;
  }
  std::string utf8;
  unicode.toUTF8String(utf8);
  return utf8;
}

// ICU's detector on bytes that are not UTF-8: trusted only for the single-byte
// Cyrillic encodings Bulgarian documents come in, and only when it is sure.
std::string DetectLegacyEncoding(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return "";
  ucsdet_setText(detector.get(), bytes.data(),
                 static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 20)),
                 &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
  if (U_FAILURE(status)) return "";
  for (int32_t i = 0; i < found; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    if (U_FAILURE(status) || name == nullptr) return "";
    const std::string encoding = name;
    if (encoding == "windows-1251" || encoding == "KOI8-R" ||
        encoding == "ISO-8859-5") {
      // Bulgarian text in these encodings is windows-1251 in practice: the
      // detector's Russian statistics confuse them on short Bulgarian texts.
      return confidence >= 10 ? "windows-1251" : "";
    }
  }
  return "";
}

// Bytes that decode as windows-1251 to mostly Cyrillic letters.
bool LooksLikeWindows1251Cyrillic(std::string_view bytes) {
  size_t high = 0, cyrillic_letters = 0;
  for (unsigned char c : bytes) {
    if (c >= 0x80) {
      ++high;
      if (c >= 0xC0) ++cyrillic_letters;  // А..я
    }
  }
  return high > 0 && cyrillic_letters * 10 >= high * 8;
}

}  // namespace

int64_t Document::LineOfOffset(size_t offset) const {
  if (line_starts.empty()) return 1;
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<int64_t>(it - line_starts.begin());
}

Result<Document> DecodeText(std::string_view bytes,
                            const TextInputOptions& options) {
  const std::string& name = options.name.empty() ? std::string("-") : options.name;
  Document doc;
  doc.name = name;
  doc.content_hash = Sha256Hex(bytes);
  if (bytes.empty()) {
    return Status::InvalidInput("the file is empty").At(name).WithHint(
        "give a document with text");
  }

  std::string encoding = options.encoding;
  if (encoding == "auto") encoding.clear();
  std::string_view body = bytes;
  // A byte-order mark settles the encoding (and is not part of the text).
  if (body.starts_with("\xEF\xBB\xBF")) {
    if (encoding.empty()) encoding = "UTF-8";
    body.remove_prefix(3);
  } else if (body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF")) {
    if (encoding.empty()) encoding = body[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    body.remove_prefix(2);
  }
  const bool utf16 = encoding.starts_with("UTF-16") || encoding.starts_with("utf-16");
  if (!utf16) {
    if (const std::string format = BinaryFormatName(body); !format.empty()) {
      return Status::InvalidInput("this is " + format).At(name);
    }
    if (size_t nul = body.find('\0'); nul != std::string_view::npos) {
      const size_t offset = nul + (bytes.size() - body.size());
      return Status::InvalidInput("binary file: it holds a NUL byte")
          .At(name)
          .AtByte(static_cast<int64_t>(offset))
          .WithHint("give a plain-text document (UTF-8, UTF-16 with a BOM or "
                    "windows-1251)");
    }
  }

  if (encoding.empty()) {
    const size_t invalid = FirstInvalidUtf8(body);
    if (invalid == std::string_view::npos) {
      encoding = "UTF-8";
    } else {
      std::string legacy = DetectLegacyEncoding(body);
      if (legacy.empty() && LooksLikeWindows1251Cyrillic(body)) legacy = "windows-1251";
      if (legacy.empty()) {
        const size_t offset = invalid + (bytes.size() - body.size());
        return Status::InvalidInput("invalid UTF-8: byte " +
                                    HexByte(bytes[offset]) +
                                    " does not start or continue a character")
            .At(name)
            .AtLine(LineInBytes(bytes, offset))
            .AtByte(static_cast<int64_t>(offset))
            .WithHint(kEncodingHint);
      }
      encoding = legacy;
    }
  }
  doc.encoding = encoding;

  std::string utf8;
  if (encoding == "UTF-8" || encoding == "utf-8" || encoding == "utf8") {
    if (const size_t invalid = FirstInvalidUtf8(body); invalid != std::string_view::npos) {
      const size_t offset = invalid + (bytes.size() - body.size());
      return Status::InvalidInput("invalid UTF-8: byte " + HexByte(bytes[offset]) +
                                  " does not start or continue a character")
          .At(name)
          .AtLine(LineInBytes(bytes, offset))
          .AtByte(static_cast<int64_t>(offset))
          .WithHint(kEncodingHint);
    }
    utf8.assign(body);
  } else {
    Result<std::string> converted = ConvertToUtf8(body, encoding, name);
    if (!converted.ok()) {
      // Offsets from the converter are into `body`; report them in the file.
      const Status& s = converted.status();
      if (s.byte_offset() < 0) return s;
      Status located(s.code(), s.message());
      return located.At(name)
          .AtLine(s.line())
          .AtByte(s.byte_offset() + static_cast<int64_t>(bytes.size() - body.size()))
          .WithHint(s.hint());
    }
    utf8 = std::move(*converted);
    if (utf8.starts_with("\xEF\xBB\xBF")) utf8.erase(0, 3);
  }

  // Line ends: CRLF and a lone CR become "\n"; nothing else changes.
  doc.text.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\r') {
      doc.text += '\n';
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
    } else {
      doc.text += utf8[i];
    }
  }
  if (doc.text.find_first_not_of(" \t\n\f\v") == std::string::npos ||
      icu::UnicodeString::fromUTF8(doc.text).trim().isEmpty()) {
    return Status::InvalidInput("the file holds only whitespace")
        .At(name)
        .WithHint("give a document with text");
  }
  doc.line_starts.push_back(0);
  for (size_t i = 0; i < doc.text.size(); ++i) {
    if (doc.text[i] == '\n') doc.line_starts.push_back(i + 1);
  }
  return doc;
}

Result<Document> ReadTextFile(const std::string& path,
                              const TextInputOptions& options) {
  TextInputOptions named = options;
  if (named.name.empty()) named.name = path;
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin),
                 std::istreambuf_iterator<char>());
    return DecodeText(bytes, named);
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Status::NotFound("no such file").At(path).WithHint(
        "check the path");
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::InvalidInput("is a directory, not a document")
        .At(path)
        .WithHint("give the path of a text file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(std::string("cannot read: ") + std::strerror(errno))
        .At(path)
        .WithHint("check the file's permissions");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::IoError("reading failed").At(path);
  return DecodeText(content.str(), named);
}

std::string NormalizeForMatching(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  static const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.foldCase();
  status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = nfd->normalize(text, status);
  if (U_FAILURE(status)) decomposed = text;
  // Stress marks of dictionary texts (grave and acute) go; "й" and "ё"
  // recompose below because their marks (breve, diaeresis) stay.
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    const UChar c = decomposed.charAt(i);
    if (c != 0x0300 && c != 0x0301) stripped.append(c);
  }
  status = U_ZERO_ERROR;
  icu::UnicodeString composed = nfc->normalize(stripped, status);
  if (U_FAILURE(status)) composed = stripped;
  std::string out;
  composed.toUTF8String(out);
  return out;
}

// SHA-256 (FIPS 180-4). None of the libraries Sverka uses offers it, and the
// memory needs a content hash that cannot collide by accident.
std::string Sha256Hex(std::string_view bytes) {
  static constexpr uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
      0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
      0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
      0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
      0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
      0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
      0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
      0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  std::string message(bytes);
  const uint64_t bit_length = static_cast<uint64_t>(bytes.size()) * 8;
  message += static_cast<char>(0x80);
  while (message.size() % 64 != 56) message += '\0';
  for (int i = 7; i >= 0; --i) message += static_cast<char>(bit_length >> (i * 8));
  for (size_t chunk = 0; chunk < message.size(); chunk += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(&message[chunk + 4 * i]);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
             (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    }
    for (int i = 16; i < 64; ++i) {
      const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
             g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      const uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const uint32_t ch = (e & f) ^ (~e & g);
      const uint32_t t1 = hh + s1 + ch + k[i] + w[i];
      const uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const uint32_t t2 = s0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (uint32_t word : h) {
    for (int i = 28; i >= 0; i -= 4) hex += kHex[(word >> i) & 15];
  }
  return hex;
}

}  // namespace sverka
