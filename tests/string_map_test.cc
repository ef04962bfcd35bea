// internal::StringMap, the flat map behind the word caches of the aligner,
// the dictionary and the language check.
#include "internal/string_map.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>

namespace sverka::internal {
namespace {

TEST(StringMap, FindsWhatWasAddedAndNothingElse) {
  StringMap<int> map;
  EXPECT_EQ(map.Find("Враца"), nullptr);  // empty: no slots yet
  auto [value, added] = map.TryEmplace("Враца");
  ASSERT_TRUE(added);
  EXPECT_EQ(*value, 0);  // value-initialised
  *value = 7;
  auto [again, added_again] = map.TryEmplace("Враца");
  EXPECT_FALSE(added_again);
  EXPECT_EQ(*again, 7);
  ASSERT_NE(map.Find("Враца"), nullptr);
  EXPECT_EQ(*map.Find("Враца"), 7);
  EXPECT_EQ(map.Find("Vratsa"), nullptr);
  EXPECT_EQ(map.size(), 1u);
}

TEST(StringMap, KeysDifferingInLengthOrOneByteAreDistinct) {
  StringMap<int> map;
  const std::string keys[] = {"",
                              "a",
                              "ab",
                              "abc",
                              "abcdefgh",
                              "abcdefghi",
                              "abcdefgX",
                              "X",
                              std::string("a\0b", 3),
                              std::string("a\0c", 3),
                              "word\x01",
                              "word\x02"};
  for (size_t i = 0; i < std::size(keys); ++i) {
    auto [value, added] = map.TryEmplace(keys[i]);
    EXPECT_TRUE(added) << i;
    *value = static_cast<int>(i);
  }
  ASSERT_EQ(map.size(), std::size(keys));
  for (size_t i = 0; i < std::size(keys); ++i) {
    const int* found = map.Find(keys[i]);
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(*found, static_cast<int>(i));
    EXPECT_EQ(map.KeyAt(i), keys[i]);  // insertion order
    EXPECT_EQ(map.ValueAt(i), static_cast<int>(i));
  }
}

// Many keys (the table grows many times) agree with std::unordered_map.
TEST(StringMap, AgreesWithUnorderedMapOverManyKeys) {
  StringMap<uint32_t> map;
  std::unordered_map<std::string, uint32_t> reference;
  uint64_t state = 1;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    // Words of 1 to 24 letters from a small alphabet: many repeats.
    std::string word(1 + (state >> 59) % 24, 'a');
    for (size_t k = 0; k < word.size(); ++k)
      word[k] = static_cast<char>('a' + (state >> (3 * k % 60)) % 4);
    auto [value, added] = map.TryEmplace(word);
    auto [it, reference_added] = reference.try_emplace(word, i);
    ASSERT_EQ(added, reference_added) << word;
    if (added) *value = static_cast<uint32_t>(i);
    ASSERT_EQ(*value, it->second) << word;
  }
  EXPECT_EQ(map.size(), reference.size());
  for (const auto& [word, value] : reference) {
    const uint32_t* found = map.Find(word);
    ASSERT_NE(found, nullptr) << word;
    EXPECT_EQ(*found, value);
  }
}

TEST(StringMap, ReserveKeepsWhatIsThere) {
  StringMap<int> map;
  *map.TryEmplace("град").first = 1;
  map.Reserve(1000);
  for (int i = 0; i < 1000; ++i) *map.TryEmplace(std::to_string(i)).first = i;
  ASSERT_NE(map.Find("град"), nullptr);
  EXPECT_EQ(*map.Find("град"), 1);
  EXPECT_EQ(*map.Find("999"), 999);
  EXPECT_EQ(map.size(), 1001u);
}

TEST(StringIds, NumbersStringsInTheOrderTheyCame) {
  StringIds ids;
  EXPECT_EQ(ids.IndexOf("град"), StringIds::npos);
  EXPECT_EQ(ids.Insert("град"), std::make_pair(size_t{0}, true));
  EXPECT_EQ(ids.Insert("city"), std::make_pair(size_t{1}, true));
  EXPECT_EQ(ids.Insert("град"), std::make_pair(size_t{0}, false));
  EXPECT_EQ(ids.IndexOf("city"), 1u);
  EXPECT_EQ(ids.KeyAt(1), "city");
  EXPECT_EQ(ids.size(), 2u);
}

TEST(StringMap, ClearForgetsEveryKey) {
  StringMap<std::string> map;
  *map.TryEmplace("one").first = "едно";
  *map.TryEmplace("two").first = "две";
  map.Clear();
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.Find("one"), nullptr);
  auto [value, added] = map.TryEmplace("two");
  EXPECT_TRUE(added);
  EXPECT_EQ(*value, "");
}

}  // namespace
}  // namespace sverka::internal
