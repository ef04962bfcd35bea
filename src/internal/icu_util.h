// Private to Sverka (not installed, may change): small helpers over ICU's C
// and C++ APIs shared by the modules that use ICU.
//
// ICU already ships RAII owners for its C handles, and Sverka uses them
// rather than writing its own: icu::LocalUConverterPointer (unicode/ucnv.h),
// icu::LocalUCharsetDetectorPointer (unicode/ucsdet.h),
// icu::LocalUBreakIteratorPointer (unicode/ubrk.h). What is here turns
// UErrorCode into Status and moves text between UTF-8 and ICU's UTF-16.
#ifndef SVERKA_INTERNAL_ICU_UTIL_H_
#define SVERKA_INTERNAL_ICU_UTIL_H_

#include <unicode/errorcode.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "sverka/status.h"

namespace sverka::internal {

// OK when `code` is not a failure; otherwise kInternal naming what was being
// done and ICU's name for the code ("U_MEMORY_ALLOCATION_ERROR"). ICU
// warnings (U_USING_DEFAULT_WARNING, ...) are not failures.
inline Status IcuStatus(UErrorCode code, std::string_view doing) {
  if (U_SUCCESS(code)) return Status::Ok();
  return Status::Internal(std::string(doing) +
                          " failed in ICU: " + u_errorName(code));
}

// UTF-8 to ICU's UTF-16. Ill-formed sequences become U+FFFD; callers pass
// text that DecodeText has already validated.
inline icu::UnicodeString FromUtf8(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

inline std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_ICU_UTIL_H_
