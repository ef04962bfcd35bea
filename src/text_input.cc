// DecodeText and ReadTextFile: bytes in a known or detected encoding become
// UTF-8 with "\n" line ends, or a Status that says which byte is wrong.
// NormalizeForMatching is in text_input_normalize.cc, Sha256Hex in
// text_input_sha256.cc.
#include "sverka/text_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "internal/icu_util.h"

namespace sverka {
namespace {

constexpr char kEncodingHint[] =
    "save the file as UTF-8, or name its encoding: --encoding windows-1251 "
    "for older Bulgarian files, --encoding ISO-8859-1 for Western European";
constexpr char kTextHint[] = "give a plain-text document";

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

std::string HexByte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// What a binary document is, from its first bytes; "" when it does not look
// like a format we know. Each says what to do, since the user's next step
// differs: a PDF needs text extraction, a DOCX only "save as".
std::string BinaryFormat(std::string_view bytes) {
  if (bytes.starts_with("%PDF")) {
    return "a PDF document: convert it to plain text first (e.g. pdftotext)";
  }
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) {
    return "a ZIP/DOCX/ODT document: save it as plain text";
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return "an old Word (.doc) document: save it as plain text";
  }
  if (bytes.starts_with("{\\rtf")) {
    return "an RTF document: save it as plain text";
  }
  if (bytes.starts_with("\x7F"
                        "ELF")) {
    return "a program, not a document";
  }
  return "";
}

// 1-based line at the end of `utf8`, counting LF, CRLF and a lone CR once
// each, the way the decoded text will count them.
int64_t LinesBefore(std::string_view utf8) {
  int64_t line = 1;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\n') {
      ++line;
    } else if (utf8[i] == '\r' &&
               (i + 1 == utf8.size() || utf8[i + 1] != '\n')) {
      ++line;
    }
  }
  return line;
}

// Offset of the first byte that is not part of well-formed UTF-8 (overlong
// forms, surrogates and truncated sequences included), or npos.
size_t FirstInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  size_t i = 0;
  while (i < size) {
    // ASCII runs are the common case; skip them without ICU.
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    // U8_NEXT takes int32_t lengths; look at a window around `i` so that
    // documents over 2 GiB do not overflow it.
    const size_t window = std::min<size_t>(size - i, 4);
    int32_t j = 0;
    UChar32 c;
    U8_NEXT(s + i, j, static_cast<int32_t>(window), c);
    if (c < 0) return i;
    i += static_cast<size_t>(j);
  }
  return std::string_view::npos;
}

Status InvalidUtf8(std::string_view bytes, size_t offset, size_t body_begin,
                   const std::string& name) {
  return Status::InvalidInput(
             "invalid UTF-8: byte " +
             HexByte(static_cast<unsigned char>(bytes[offset])) +
             " does not start or continue a character")
      .At(name)
      .AtLine(LinesBefore(bytes.substr(body_begin, offset - body_begin)))
      .AtByte(static_cast<int64_t>(offset))
      .WithHint(kEncodingHint);
}

// Bytes that read as windows-1251 make Bulgarian words: nearly all bytes
// above 0x7F are Cyrillic letters (0xC0-0xFF, Ёё), they stand together in
// words rather than inside Latin ones (as Latin-1 "café" would put 0xE9),
// and most are lower case (KOI8-R puts lower case at 0xC0-0xDF, where
// windows-1251 has upper case, so KOI8-R text reads as SHOUTING).
bool LooksLikeWindows1251Words(std::string_view bytes) {
  size_t high = 0, cyrillic = 0, lower = 0;
  size_t cyrillic_words = 0, mixed_words = 0;
  bool in_word = false, word_has_cyrillic = false, word_has_latin = false;
  auto end_word = [&] {
    if (word_has_cyrillic) ++(word_has_latin ? mixed_words : cyrillic_words);
    in_word = word_has_cyrillic = word_has_latin = false;
  };
  for (unsigned char c : bytes) {
    const bool latin = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool letter = c >= 0xC0 || c == 0xA8 || c == 0xB8;
    if (c >= 0x80) ++high;
    if (letter) {
      ++cyrillic;
      if (c >= 0xE0 || c == 0xB8) ++lower;
      in_word = word_has_cyrillic = true;
    } else if (latin) {
      in_word = word_has_latin = true;
    } else if (in_word) {
      end_word();
    }
  }
  end_word();
  return cyrillic > 0 && cyrillic * 10 >= high * 9 && lower * 2 >= cyrillic &&
         mixed_words * 10 <= cyrillic_words;
}

// True when ICU's detector finds windows-1251 plausible and prefers it to
// the other Cyrillic single-byte encodings, and the bytes look like
// Cyrillic words in it. Both are needed: the detector's Russian statistics
// judge Bulgarian, and a Latin-1 file must never be read as Cyrillic.
bool DetectWindows1251(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  icu::LocalUCharsetDetectorPointer detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return false;
  // The detector samples the start of the input anyway; 64 KiB is plenty.
  ucsdet_setText(detector.getAlias(), bytes.data(),
                 static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 16)),
                 &status);
  int32_t found = 0;
  const UCharsetMatch** matches =
      ucsdet_detectAll(detector.getAlias(), &found, &status);
  if (U_FAILURE(status)) return false;
  int32_t windows_1251 = 0, other_cyrillic = 0;
  for (int32_t i = 0; i < found; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    if (U_FAILURE(status) || name == nullptr) return false;
    const std::string_view encoding = name;
    if (encoding == "windows-1251") {
      windows_1251 = std::max(windows_1251, confidence);
    } else if (encoding == "KOI8-R" || encoding == "ISO-8859-5") {
      other_cyrillic = std::max(other_cyrillic, confidence);
    }
  }
  return windows_1251 >= 10 && windows_1251 > other_cyrillic &&
         LooksLikeWindows1251Words(bytes);
}

// The name users know for a converter's encoding: ICU's own names are
// "ibm-5347_P100-1998" and the like, the MIME/IANA ones "windows-1251".
std::string StandardName(UConverter* converter) {
  UErrorCode status = U_ZERO_ERROR;
  const char* internal_name = ucnv_getName(converter, &status);
  if (U_FAILURE(status) || internal_name == nullptr) return "";
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal_name, standard, &status);
    if (U_SUCCESS(status) && name != nullptr) return name;
  }
  return internal_name;
}

// Converts `body` (the input after any BOM, which starts at `body_begin` in
// `bytes`) from `converter`'s encoding to UTF-8. ICU's STOP callback halts at
// the first byte sequence the encoding does not define; its offset in the
// input and its line are reported.
Result<std::string> ConvertToUtf8(UConverter* converter, std::string_view bytes,
                                  size_t body_begin, const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                      nullptr, &status);
  RETURN_IF_ERROR(internal::IcuStatus(status, "setting up the converter"));
  const std::string_view body = bytes.substr(body_begin);
  const char* source = body.data();
  const char* const source_limit = body.data() + body.size();
  icu::UnicodeString unicode;
  std::vector<UChar> buffer(16 * 1024);
  while (true) {
    UChar* target = buffer.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(converter, &target, buffer.data() + buffer.size(), &source,
                   source_limit, nullptr, /*flush=*/true, &status);
    unicode.append(buffer.data(), static_cast<int32_t>(target - buffer.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_SUCCESS(status)) break;
    if (status != U_ILLEGAL_CHAR_FOUND && status != U_INVALID_CHAR_FOUND &&
        status != U_TRUNCATED_CHAR_FOUND) {
      return internal::IcuStatus(status, "decoding").At(name);
    }
    // `source` stands after the bytes that stopped the converter.
    char invalid[32];
    int8_t invalid_length = sizeof invalid;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter, invalid, &invalid_length, &ignored);
    if (U_FAILURE(ignored)) invalid_length = 0;
    size_t offset = static_cast<size_t>(source - body.data());
    offset -= std::min<size_t>(
        offset, static_cast<size_t>(std::max<int8_t>(invalid_length, 0)));
    std::string utf8_so_far;
    unicode.toUTF8String(utf8_so_far);
    const std::string encoding_name = StandardName(converter);
    const std::string what =
        status == U_TRUNCATED_CHAR_FOUND
            ? "the file ends in the middle of a " + encoding_name +
                  " character (truncated?)"
            : "byte " + HexByte(static_cast<unsigned char>(body[offset])) +
                  " is not valid " + encoding_name;
    return Status::InvalidInput(what)
        .At(name)
        .AtLine(LinesBefore(utf8_so_far))
        .AtByte(static_cast<int64_t>(body_begin + offset))
        .WithHint(kEncodingHint);
  }
  std::string utf8;
  unicode.toUTF8String(utf8);
  return utf8;
}

bool IsUtf16(std::string_view canonical_name) {
  return canonical_name.starts_with("UTF-16");
}

// Encodings whose code units are wider than a byte (UTF-16, UTF-32) have NUL
// bytes in every ASCII character, so a NUL byte says nothing there.
bool HasWideUnits(const std::string& encoding, const UConverter* converter) {
  return IsUtf16(encoding) ||
         (converter != nullptr && ucnv_getMinCharSize(converter) > 1);
}

// The encoding a byte-order mark announces, or "".
std::string EncodingOfBom(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return "UTF-8";
  if (bytes.starts_with(kUtf16LeBom)) return "UTF-16LE";
  if (bytes.starts_with(kUtf16BeBom)) return "UTF-16BE";
  return "";
}

// Opens ICU's converter for `encoding`; kUsage when ICU does not know it.
Result<icu::LocalUConverterPointer> OpenConverter(const std::string& encoding,
                                                  const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  icu::LocalUConverterPointer converter(ucnv_open(encoding.c_str(), &status));
  if (U_FAILURE(status)) {
    return Status::Usage("unknown encoding '" + encoding + "'")
        .At(name)
        .WithHint(
            "pass an encoding ICU knows, such as UTF-8, UTF-16LE or "
            "windows-1251");
  }
  return converter;
}

// CRLF and lone CR become "\n"; nothing else changes.
std::string NormalizeLineEnds(std::string utf8) {
  if (utf8.find('\r') == std::string::npos) return utf8;
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] != '\r') {
      out += utf8[i];
      continue;
    }
    out += '\n';
    if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
  }
  return out;
}

// True when every character is Unicode white space (NBSP included: a page
// of non-breaking spaces is no more a document than one of spaces).
bool OnlyWhitespace(std::string_view utf8) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const size_t size = utf8.size();
  for (size_t i = 0; i < size;) {
    if (s[i] < 0x80) {
      if (!u_isUWhiteSpace(s[i])) return false;
      ++i;
      continue;
    }
    int32_t j = 0;
    UChar32 c;
    U8_NEXT(s + i, j, static_cast<int32_t>(std::min<size_t>(size - i, 4)), c);
    if (c < 0 || (!u_isUWhiteSpace(c) && c != 0xFEFF && c != 0x200B)) {
      return false;
    }
    i += static_cast<size_t>(j);
  }
  return true;
}

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { ::close(fd_); }

 private:
  int fd_;
};

}  // namespace

int64_t Document::LineOfOffset(size_t offset) const {
  if (line_starts.empty()) return 1;
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<int64_t>(it - line_starts.begin());
}

namespace {

// DecodeText's body. `owned`, when not null, holds the bytes `bytes` views
// and may be taken over: UTF-8 input, nearly every document, then becomes
// the Document's text without a copy.
Result<Document> Decode(std::string_view bytes, std::string* owned,
                        const TextInputOptions& options) {
  const std::string name = options.name.empty() ? "-" : options.name;
  if (bytes.empty()) {
    return Status::InvalidInput("the file is empty")
        .At(name)
        .WithHint("give a document with text");
  }

  // The encoding: the one asked for (ICU's canonical name), else the BOM's.
  std::string requested = options.encoding;
  std::string lowered = requested;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lowered == "auto") requested.clear();
  icu::LocalUConverterPointer converter;
  std::string encoding;
  if (!requested.empty()) {
    ASSIGN_OR_RETURN(converter, OpenConverter(requested, name));
    encoding = StandardName(converter.getAlias());
    if (encoding.empty()) encoding = requested;
  }
  const std::string bom = EncodingOfBom(bytes);
  size_t body_begin = 0;
  if (!bom.empty()) {
    // A BOM is dropped when it belongs to the encoding; with UTF-16 it also
    // settles the byte order, which the user cannot see.
    const bool utf16_bom = IsUtf16(bom);
    if (encoding.empty() || encoding == bom ||
        (utf16_bom && IsUtf16(encoding))) {
      if (encoding != bom) {
        encoding = bom;
        converter.adoptInstead(nullptr);
      }
      body_begin = utf16_bom ? 2 : 3;
    }
  }
  const std::string_view body = bytes.substr(body_begin);
  if (body.empty()) {
    return Status::InvalidInput(
               "the file is empty (it holds only a byte-order "
               "mark)")
        .At(name)
        .WithHint("give a document with text");
  }

  // Binary files: in an encoding with one-byte units (everything but UTF-16
  // and UTF-32),
  // a NUL byte means this is not text.
  if (!HasWideUnits(encoding, converter.getAlias())) {
    if (const std::string format = BinaryFormat(body); !format.empty()) {
      return Status::InvalidInput("binary file: this looks like " + format)
          .At(name)
          .WithHint(kTextHint);
    }
    if (const size_t nul = body.find('\0'); nul != std::string_view::npos) {
      return Status::InvalidInput("binary file: it holds a NUL byte")
          .At(name)
          .AtByte(static_cast<int64_t>(body_begin + nul))
          .WithHint(
              "give a plain-text document (UTF-8, UTF-16 with a byte-order "
              "mark, or windows-1251)");
    }
  }

  // Detection without a BOM: UTF-8 when the bytes are valid UTF-8, else
  // windows-1251 when they clearly are, else the first invalid UTF-8 byte.
  bool validated_utf8 = false;
  if (encoding.empty()) {
    const size_t invalid = FirstInvalidUtf8(body);
    if (invalid == std::string_view::npos) {
      encoding = "UTF-8";
      validated_utf8 = true;
    } else if (DetectWindows1251(body)) {
      encoding = "windows-1251";
    } else {
      return InvalidUtf8(bytes, body_begin + invalid, body_begin, name);
    }
  }

  // Hashed before `owned` may be moved from (`bytes` views it).
  std::string content_hash = Sha256Hex(bytes);
  std::string utf8;
  if (encoding == "UTF-8") {
    // Validated here rather than by ICU, which would replace bad bytes;
    // detection has already validated the bytes it took for UTF-8.
    if (const size_t invalid =
            validated_utf8 ? std::string_view::npos : FirstInvalidUtf8(body);
        invalid != std::string_view::npos) {
      return InvalidUtf8(bytes, body_begin + invalid, body_begin, name);
    }
    if (owned != nullptr) {
      utf8 = std::move(*owned);
      utf8.erase(0, body_begin);
    } else {
      utf8.assign(body);
    }
  } else {
    if (converter.isNull()) {
      ASSIGN_OR_RETURN(converter, OpenConverter(encoding, name));
    }
    ASSIGN_OR_RETURN(
        utf8, ConvertToUtf8(converter.getAlias(), bytes, body_begin, name));
    // A NUL character in decoded UTF-16 is as binary as a NUL byte.
    if (const size_t nul = utf8.find('\0'); nul != std::string::npos) {
      return Status::InvalidInput("binary file: it holds a NUL character")
          .At(name)
          .AtLine(LinesBefore(std::string_view(utf8).substr(0, nul)))
          .WithHint(kTextHint);
    }
  }

  Document doc;
  doc.name = name;
  doc.encoding = encoding;
  doc.content_hash = std::move(content_hash);
  doc.text = NormalizeLineEnds(std::move(utf8));
  if (OnlyWhitespace(doc.text)) {
    return Status::InvalidInput("the file holds only whitespace")
        .At(name)
        .WithHint("give a document with text");
  }
  const std::string_view text = doc.text;
  doc.line_starts.reserve(
      1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  doc.line_starts.push_back(0);
  for (size_t at = text.find('\n'); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    doc.line_starts.push_back(at + 1);
  }
  return doc;
}

}  // namespace

Result<Document> DecodeText(std::string_view bytes,
                            const TextInputOptions& options) {
  return Decode(bytes, nullptr, options);
}

Result<Document> ReadTextFile(const std::string& path,
                              const TextInputOptions& options) {
  TextInputOptions named = options;
  if (named.name.empty()) named.name = path;
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin),
                 std::istreambuf_iterator<char>());
    if (std::cin.bad()) {
      return Status::IoError("cannot read standard input").At(named.name);
    }
    return DecodeText(bytes, named);
  }

  // open/fstat/read rather than stat + stdio: a batch reads two files a
  // pair, and each call here is a system call (errno says why one failed).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return Status::NotFound("no such file: " + path)
          .At(named.name)
          .WithHint("check the path");
    }
    if (error == EACCES || error == EPERM) {
      return Status::IoError(std::string("cannot read: ") +
                             std::strerror(error))
          .At(named.name)
          .WithHint("check the file's permissions");
    }
    return Status::IoError(std::string("cannot open: ") + std::strerror(error))
        .At(named.name);
  }
  const FileDescriptor closer(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return Status::IoError(std::string("cannot open: ") + std::strerror(errno))
        .At(named.name);
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::InvalidInput(path + " is a directory, not a document")
        .At(named.name)
        .WithHint("give the path of a text file");
  }

  // A regular file is read into a buffer one byte larger than its size, so
  // that the read() returning 0 (the end; a file system may return fewer
  // bytes before it) needs no larger buffer; anything else (a pipe, /proc)
  // starts at 64 KiB and doubles.
  const bool regular = S_ISREG(info.st_mode);
  bytes.resize(regular ? static_cast<size_t>(info.st_size) + 1 : 64 * 1024);
  size_t size = 0;
  while (true) {
    if (size == bytes.size()) bytes.resize(2 * bytes.size());
    const size_t wanted = bytes.size() - size;
    const ssize_t n = ::read(fd, bytes.data() + size, wanted);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("reading failed: ") +
                             std::strerror(errno))
          .At(named.name);
    }
    size += static_cast<size_t>(n);
    if (n == 0) break;
  }
  bytes.resize(size);
  return Decode(bytes, &bytes, named);
}

}  // namespace sverka
