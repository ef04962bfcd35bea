// Private to the batch module (src/batch*.cc): not part of the API.
#ifndef SVERKA_BATCH_INTERNAL_H_
#define SVERKA_BATCH_INTERNAL_H_

#include <string>
#include <string_view>

namespace sverka::batch_internal {

// Appends `text` as a JSON string literal, quotes included; bytes that are
// not UTF-8 become U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace sverka::batch_internal

#endif  // SVERKA_BATCH_INTERNAL_H_
