// Private to the fuzzers: checks that stop the run with a message, so that
// libFuzzer records the input that broke an invariant as a crash.
#ifndef SVERKA_FUZZ_FUZZ_UTIL_H_
#define SVERKA_FUZZ_FUZZ_UTIL_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "sverka/status.h"

// Aborts with the failed condition and the line when `condition` is false.
#define FUZZ_CHECK(condition)                                               \
  do {                                                                      \
    if (!(condition)) {                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                   #condition);                                             \
      std::abort();                                                         \
    }                                                                       \
  } while (false)

namespace sverka::fuzz {

// True when `text` is well-formed UTF-8: shortest forms, no surrogates,
// nothing above U+10FFFF, no sequence cut off at the end.
inline bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// True when `offset` starts a UTF-8 character of `text` (or is its end).
inline bool IsCharBoundary(std::string_view text, size_t offset) {
  return offset == text.size() ||
         (offset < text.size() &&
          (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

// Every error must say which file it is about.
inline void CheckNamesFile(const Status& status, std::string_view name) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.file() == name);
  FUZZ_CHECK(!status.message().empty());
  FUZZ_CHECK(status.code() != StatusCode::kInternal);
}

// A folder of this process's own for files the code under test reads or
// writes (in /dev/shm when there is one, so the disk is spared); removed at
// exit.
inline const std::string& ScratchFolder() {
  // Never destroyed: the exit handler below runs after static destructors
  // of objects constructed before it was registered.
  static const std::string* folder = [] {
    std::string pattern = std::filesystem::is_directory("/dev/shm")
                              ? "/dev/shm/sverka-fuzz-XXXXXX"
                              : "/tmp/sverka-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern.data());
    FUZZ_CHECK(made != nullptr);
    auto* path = new std::string(made);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(ScratchFolder(), ignored);
    });
    return path;
  }();
  return *folder;
}

// Writes the fuzzer's input to `name` in ScratchFolder(), for readers that
// take a path; returns the path.
inline std::string WriteScratchFile(std::string_view name, const uint8_t* data,
                                    size_t size) {
  std::string path = ScratchFolder() + "/" + std::string(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data),
            static_cast<std::streamsize>(size));
  FUZZ_CHECK(out.good());
  return path;
}

}  // namespace sverka::fuzz

#endif  // SVERKA_FUZZ_FUZZ_UTIL_H_
