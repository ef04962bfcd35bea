#include "sverka/status.h"

namespace sverka {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidInput: return "invalid input";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kIoError: return "I/O error";
    case StatusCode::kUsage: return "usage error";
    case StatusCode::kBusy: return "busy";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kInternal: return "internal error";
  }
  return "unknown";
}

Status Status::At(std::string file) const& {
  Status copy = *this;
  return std::move(copy).At(std::move(file));
}

Status Status::At(std::string file) && {
  if (file_.empty()) file_ = std::move(file);
  return std::move(*this);
}

Status Status::AtLine(int64_t line) const {
  Status copy = *this;
  if (copy.line_ == 0) copy.line_ = line;
  return copy;
}

Status Status::AtByte(int64_t offset) const {
  Status copy = *this;
  if (copy.byte_offset_ < 0) copy.byte_offset_ = offset;
  return copy;
}

Status Status::WithHint(std::string hint) const {
  Status copy = *this;
  if (copy.hint_.empty()) copy.hint_ = std::move(hint);
  return copy;
}

Status Status::Annotate(const std::string& context) const {
  Status copy = *this;
  copy.message_ = context + ": " + copy.message_;
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out;
  if (!file_.empty()) out += file_ + ": ";
  if (line_ > 0) out += "line " + std::to_string(line_) + ": ";
  if (byte_offset_ >= 0) out += "byte " + std::to_string(byte_offset_) + ": ";
  out += message_;
  if (!hint_.empty()) out += " (" + hint_ + ")";
  return out;
}

}  // namespace sverka
