// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// StringMap<V>: strings to values in flat arrays, for the caches keyed by a
// word that the aligner and the dictionary look up for every word of every
// sentence. std::unordered_map<std::string, V> followed
// a node per lookup (one allocation per key), took the bucket by a division
// and needed a std::string to look up with; here the slots are one array of
// 8 bytes each, the keys one buffer, and a lookup takes a std::string_view.
//
//   StringMap<std::vector<uint32_t>> keys_of_word;
//   auto [keys, added] = keys_of_word.TryEmplace("Враца");  // empty if added
//   if (added) keys->push_back(...);
//   if (const std::vector<uint32_t>* found = keys_of_word.Find("Враца")) ...
//
//   StringIds words;  // a numbering: no values, a string's place is its id
//   const size_t id = words.Insert("град").first;
//
// Values live in insertion order (ValueAt(i), KeyAt(i)); a pointer that
// TryEmplace or Find returns stays valid until the next Insert, TryEmplace
// or Clear. Keys must be shorter than 4 GB, and all of them together too.
#ifndef SVERKA_INTERNAL_STRING_MAP_H_
#define SVERKA_INTERNAL_STRING_MAP_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "internal/hash.h"

namespace sverka::internal {

// A value for maps that only number their strings (StringIds).
struct NoValue {};

template <typename V>
class StringMap {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // `key`'s place (KeyAt, ValueAt: the order keys were added in), or npos.
  size_t IndexOf(std::string_view key) const {
    if (slots_.empty()) return npos;
    const uint32_t index = slots_[Locate(key, HashString(key))].index;
    return index == 0 ? npos : index - 1;
  }

  // `key`'s place and false, or the place of `key` added now (with a
  // value-initialised value) and true.
  std::pair<size_t, bool> Insert(std::string_view key) {
    // Grown at half full: linear probing stays short.
    if (2 * (entries_.size() + 1) > slots_.size()) Grow();
    const uint64_t hash = HashString(key);
    Slot& slot = slots_[Locate(key, hash)];
    if (slot.index != 0) return {slot.index - 1, false};
    slot.tag = Tag(hash);
    entries_.push_back({static_cast<uint32_t>(keys_.size()),
                        static_cast<uint32_t>(key.size())});
    keys_.append(key);
    if constexpr (!std::is_empty_v<V>) values_.emplace_back();
    slot.index = static_cast<uint32_t>(entries_.size());
    return {slot.index - 1, true};
  }

  // The value of `key`, or nullptr.
  V* Find(std::string_view key) {
    const size_t index = IndexOf(key);
    return index == npos ? nullptr : &values_[index];
  }
  const V* Find(std::string_view key) const {
    const size_t index = IndexOf(key);
    return index == npos ? nullptr : &values_[index];
  }

  // The value of `key` and false, or a new value-initialised one for it and
  // true.
  std::pair<V*, bool> TryEmplace(std::string_view key) {
    const auto [index, added] = Insert(key);
    return {&values_[index], added};
  }

  std::string_view KeyAt(size_t i) const {
    return std::string_view(keys_).substr(entries_[i].offset,
                                          entries_[i].length);
  }
  V& ValueAt(size_t i) { return values_[i]; }
  const V& ValueAt(size_t i) const { return values_[i]; }

  // Room for `count` keys without growing.
  void Reserve(size_t count) {
    entries_.reserve(count);
    if constexpr (!std::is_empty_v<V>) values_.reserve(count);
    size_t room = slots_.empty() ? 16 : slots_.size();
    while (room < 2 * count) room *= 2;
    if (room > slots_.size()) Rehash(room);
  }

  // Forgets every key; keeps the room for as many again.
  void Clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    entries_.clear();
    keys_.clear();
    values_.clear();
  }

 private:
  struct Slot {
    uint32_t tag = 0;    // the hash's upper half
    uint32_t index = 0;  // into values_ and entries_, plus one; 0: empty
  };
  struct Entry {
    uint32_t offset;  // into keys_
    uint32_t length;
  };

  static uint32_t Tag(uint64_t hash) {
    return static_cast<uint32_t>(hash >> 32);
  }

  // The slot holding `key`, else the empty one where it would go.
  size_t Locate(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return 0;
    const size_t mask = slots_.size() - 1;
    const uint32_t tag = Tag(hash);
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot& slot = slots_[at];
      if (slot.index == 0) return at;
      if (slot.tag != tag) continue;
      const Entry& entry = entries_[slot.index - 1];
      if (entry.length == key.size() &&
          std::memcmp(keys_.data() + entry.offset, key.data(), key.size()) ==
              0) {
        return at;
      }
    }
  }

  void Grow() { Rehash(slots_.empty() ? 16 : 2 * slots_.size()); }

  void Rehash(size_t room) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(room, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == 0) continue;
      const uint64_t hash = HashString(KeyAt(slot.index - 1));
      size_t at = hash & mask;
      while (slots_[at].index != 0) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }

  std::vector<Slot> slots_;  // a power of two of them, or none
  std::vector<Entry> entries_;
  std::string keys_;
  std::vector<V> values_;  // none when V is NoValue
};

// Strings numbered 0, 1, 2... in the order they were first added: Insert
// gives a string's number, IndexOf finds it, KeyAt gives the string back.
using StringIds = StringMap<NoValue>;

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_STRING_MAP_H_
