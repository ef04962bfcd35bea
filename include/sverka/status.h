// Status and Result<T>: how every Sverka library function reports failure.
//
// The library never prints, never exits and never throws across its API. A
// function that can fail returns a Status (or a Result<T> holding either a
// value or a Status); only the command line decides what to print and which
// exit code to use.
//
// A Status carries what went wrong, where (a file name, and a line or byte
// offset when one is known) and what the user can do about it:
//
//   sverka::Status s = sverka::Status::InvalidInput("invalid UTF-8 byte 0xC3")
//                          .At("notes.txt").AtByte(1041)
//                          .WithHint("save the file as UTF-8, or pass --encoding");
//   s.ToString();  // "notes.txt: byte 1041: invalid UTF-8 byte 0xC3 (save ...)"
//
//   sverka::Result<Document> doc = ReadTextFile("notes.txt", {});
//   if (!doc.ok()) return doc.status();
//   Use(*doc);
#ifndef SVERKA_STATUS_H_
#define SVERKA_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sverka {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,    // the user's data is wrong: bad bytes, malformed TMX, ...
  kNotFound,        // a file, a language, a unit that is not there
  kIoError,         // the operating system refused: permissions, full disk
  kUsage,           // options that contradict each other or make no sense
  kBusy,            // another process holds a lock (the memory database)
  kUnsupported,     // a format or version Sverka does not read
  kInternal,        // a bug in Sverka or a library it calls
};

// Returns "invalid input", "not found", ... for messages.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string m) {
    return Status(StatusCode::kInvalidInput, std::move(m));
  }
  static Status NotFound(std::string m) {
    return Status(StatusCode::kNotFound, std::move(m));
  }
  static Status IoError(std::string m) {
    return Status(StatusCode::kIoError, std::move(m));
  }
  static Status Usage(std::string m) {
    return Status(StatusCode::kUsage, std::move(m));
  }
  static Status Busy(std::string m) {
    return Status(StatusCode::kBusy, std::move(m));
  }
  static Status Unsupported(std::string m) {
    return Status(StatusCode::kUnsupported, std::move(m));
  }
  static Status Internal(std::string m) {
    return Status(StatusCode::kInternal, std::move(m));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& file() const { return file_; }
  // 1-based line, or 0 when unknown.
  int64_t line() const { return line_; }
  // 0-based byte offset into the file, or -1 when unknown.
  int64_t byte_offset() const { return byte_offset_; }
  const std::string& hint() const { return hint_; }

  // Builders that fill in the location and the advice; each returns a copy so
  // they chain on temporaries. A location already set is kept: the innermost
  // code knows best where the problem is.
  Status At(std::string file) const&;
  Status At(std::string file) &&;
  Status AtLine(int64_t line) const;
  Status AtByte(int64_t offset) const;
  Status WithHint(std::string hint) const;
  // Prefixes the message with context ("reading the source: ...").
  Status Annotate(const std::string& context) const;

  // "FILE: line N: MESSAGE (HINT)" with the parts that are known.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string file_;
  int64_t line_ = 0;
  int64_t byte_offset_ = -1;
  std::string hint_;
};

// Either a value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sverka

#define SVERKA_CONCAT_INNER_(a, b) a##b
#define SVERKA_CONCAT_(a, b) SVERKA_CONCAT_INNER_(a, b)

// Returns from the calling function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::sverka::Status sverka_status_ = (expr);        \
    if (!sverka_status_.ok()) return sverka_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto doc, ReadTextFile(path, options));`
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(SVERKA_CONCAT_(sverka_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                           \
  if (!result.ok()) return result.status();       \
  lhs = std::move(result).value()

#endif  // SVERKA_STATUS_H_
