#include "sverka/status.h"

#include <gtest/gtest.h>

namespace sverka {
namespace {

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, MessageNamesFileLineByteAndHint) {
  Status s = Status::InvalidInput("invalid UTF-8 byte 0xC3")
                 .At("notes.txt")
                 .AtLine(3)
                 .AtByte(41)
                 .WithHint("save the file as UTF-8");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(),
            "notes.txt: line 3: byte 41: invalid UTF-8 byte 0xC3 (save the "
            "file as UTF-8)");
}

TEST(Status, InnermostLocationWins) {
  Status s = Status::IoError("disk full").At("inner.tmx").At("outer.tmx");
  EXPECT_EQ(s.file(), "inner.tmx");
  EXPECT_EQ(s.AtLine(5).AtLine(9).line(), 5);
}

TEST(Status, AnnotateKeepsTheCode) {
  Status s = Status::NotFound("no such file").Annotate("reading the source");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "reading the source: no such file");
}

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidInput(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  RETURN_IF_ERROR(Half(n).status().ok() ? Status::Ok() : Half(n).status());
  return Status::Ok();
}

TEST(Result, PropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), StatusCode::kInvalidInput);
}

TEST(Result, OkStatusIsNotAValue) {
  Result<int> r = Status::Ok();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace sverka
