// PRIVATE to Sverka's review module: may change at any time.
//
// Just enough JSON for the review page's decisions file (the page's data is
// written with internal/json.h).
//
//   ASSIGN_OR_RETURN(JsonValue v, ParseJson(text, "decisions.json"));
//   const JsonValue* format = v.Find("format");
#ifndef SVERKA_REVIEW_JSON_H_
#define SVERKA_REVIEW_JSON_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sverka/status.h"

namespace sverka::internal {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<std::pair<std::string, JsonValue>> object;

  // The member `key` of an object, or null when absent or not an object.
  const JsonValue* Find(std::string_view key) const;
};

// Parses one JSON document (RFC 8259; \u escapes become UTF-8). Errors:
// kInvalidInput at `name` and the byte offset of the problem.
Result<JsonValue> ParseJson(std::string_view text, const std::string& name);

}  // namespace sverka::internal

#endif  // SVERKA_REVIEW_JSON_H_
