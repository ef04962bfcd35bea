#include "review_json.h"

#include <cstdio>
#include <cstdlib>

namespace sverka::internal {
namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(std::string_view text, const std::string& name)
      : text_(text), name_(name) {}

  Result<JsonValue> Document() {
    JsonValue value;
    RETURN_IF_ERROR(Value(value, 0));
    SkipSpace();
    if (pos_ != text_.size()) return Error("text after the JSON value");
    return value;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidInput("not valid JSON: " + what)
        .At(name_)
        .AtByte(static_cast<int64_t>(pos_))
        .WithHint("pass the file the review page exported, unchanged");
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Status Value(JsonValue& value, int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    SkipSpace();
    if (pos_ >= text_.size()) return Error("unexpected end");
    const char c = text_[pos_];
    if (c == '{') return Object(value, depth);
    if (c == '[') return Array(value, depth);
    if (c == '"') {
      value.type = JsonValue::Type::kString;
      return String(value.string);
    }
    if (Literal("true") || Literal("false")) {
      value.type = JsonValue::Type::kBool;
      value.boolean = c == 't';
      return Status::Ok();
    }
    if (Literal("null")) return Status::Ok();
    return Number(value);
  }

  Status Number(JsonValue& value) {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        ++pos_;
      }
      return pos_ > from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (!digits()) return Error("expected a value");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return Error("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        ++pos_;
      }
      if (!digits()) return Error("expected an exponent");
    }
    const std::string number(text_.substr(start, pos_ - start));
    value.type = JsonValue::Type::kNumber;
    value.number = std::strtod(number.c_str(), nullptr);
    return Status::Ok();
  }

  Result<unsigned> Hex4() {
    if (text_.size() - pos_ < 4) return Error("short \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= h - '0';
      else if (h >= 'a' && h <= 'f')
        code |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F')
        code |= h - 'A' + 10;
      else
        return Error("bad \\u escape");
    }
    return code;
  }

  static void AppendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  Status String(std::string& out) {
    ++pos_;  // the opening quote
    for (;;) {
      if (pos_ >= text_.size()) return Error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return Status::Ok();
      if (static_cast<unsigned char>(c) < 0x20) {
        --pos_;
        return Error("control character in a string");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return Error("unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          ASSIGN_OR_RETURN(unsigned code, Hex4());
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (!Literal("\\u")) return Error("unpaired surrogate");
            ASSIGN_OR_RETURN(unsigned low, Hex4());
            if (low < 0xDC00 || low > 0xDFFF) {
              return Error("unpaired surrogate");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return Error("unpaired surrogate");
          }
          AppendUtf8(out, code);
          break;
        }
        default:
          --pos_;
          return Error("unknown escape");
      }
    }
  }

  Status Array(JsonValue& value, int depth) {
    value.type = JsonValue::Type::kArray;
    ++pos_;
    SkipSpace();
    if (Literal("]")) return Status::Ok();
    for (;;) {
      value.array.emplace_back();
      RETURN_IF_ERROR(Value(value.array.back(), depth + 1));
      SkipSpace();
      if (Literal("]")) return Status::Ok();
      if (!Literal(",")) return Error("expected ',' or ']'");
    }
  }

  Status Object(JsonValue& value, int depth) {
    value.type = JsonValue::Type::kObject;
    ++pos_;
    SkipSpace();
    if (Literal("}")) return Status::Ok();
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Error("expected a member name");
      }
      std::string key;
      RETURN_IF_ERROR(String(key));
      SkipSpace();
      if (!Literal(":")) return Error("expected ':'");
      value.object.emplace_back(std::move(key), JsonValue{});
      RETURN_IF_ERROR(Value(value.object.back().second, depth + 1));
      SkipSpace();
      if (Literal("}")) return Status::Ok();
      if (!Literal(",")) return Error("expected ',' or '}'");
    }
  }

  std::string_view text_;
  const std::string& name_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (type != Type::kObject) return nullptr;
  for (const auto& [name, value] : object) {
    if (name == key) return &value;
  }
  return nullptr;
}

Result<JsonValue> ParseJson(std::string_view text, const std::string& name) {
  return Parser(text, name).Document();
}

}  // namespace sverka::internal
