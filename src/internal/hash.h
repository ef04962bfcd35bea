// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// Hashing bytes eight at a step. The memory's pair hash (PairHash,
// translation_memory.cc) is built from these and stored in memory files, so
// what they compute may never change; the in-memory string maps
// (string_map.h) use the same mixing with a faster, unstored, HashString.
//
//   uint64_t h = internal::MixBytes(internal::kHashSeed, "Враца");
//   h = internal::MixBytes(h, "Vratsa");  // ("ab", "c") differs from ("a",
//   "bc") const uint64_t hash = internal::FinishHash(h);
#ifndef SVERKA_INTERNAL_HASH_H_
#define SVERKA_INTERNAL_HASH_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sverka::internal {

// The fractional digits of pi: any odd constant with mixed bits would do.
inline constexpr uint64_t kHashSeed = 0x243F6A8885A308D3ull;

// Eight bytes as a little-endian number on every machine (stored hashes
// must not depend on the byte order).
inline uint64_t LoadLittleEndian(const unsigned char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::big) {
    word = __builtin_bswap64(word);
  }
  return word;
}

// The last 1 to 7 bytes of a field, the same way.
inline uint64_t LoadLittleEndian(const unsigned char* p, size_t n) {
  uint64_t word = 0;
  for (size_t i = 0; i < n; ++i) word |= uint64_t{p[i]} << (8 * i);
  return word;
}

inline uint64_t MixWord(uint64_t hash, uint64_t word) {
  hash ^= word * 0x9E3779B97F4A7C15ull;
  hash = (hash << 31) | (hash >> 33);
  return hash * 0xC2B2AE3D27D4EB4Full;
}

// `bytes`' length, then its bytes eight at a step.
inline uint64_t MixBytes(uint64_t hash, std::string_view bytes) {
  hash = MixWord(hash, bytes.size());
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8)
    hash = MixWord(hash, LoadLittleEndian(p + i));
  if (i < bytes.size()) {
    hash = MixWord(hash, LoadLittleEndian(p + i, bytes.size() - i));
  }
  return hash;
}

// SplitMix64's finalizer: every bit of the state reaches every bit of the
// hash.
inline uint64_t FinishHash(uint64_t hash) {
  hash ^= hash >> 30;
  hash *= 0xBF58476D1CE4E5B9ull;
  hash ^= hash >> 27;
  hash *= 0x94D049BB133111EBull;
  hash ^= hash >> 31;
  return hash;
}

// For in-memory tables only (string_map.h): the words of a text are short,
// and MixBytes' byte loop for the last 1 to 7 bytes was most of a word's
// hashing; here the tail is read with overlapping loads (four bytes in the
// machine's order), so the value may differ between machines and versions:
// never store it.
inline uint64_t HashString(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const auto load4 = [](const unsigned char* at) {
    uint32_t word;
    std::memcpy(&word, at, sizeof word);
    return uint64_t{word};
  };
  uint64_t hash = MixWord(kHashSeed, n);
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      hash = MixWord(hash, LoadLittleEndian(p + i));
    }
    hash = MixWord(hash, LoadLittleEndian(p + n - 8));  // the last 8, again
  } else if (n >= 4) {
    hash = MixWord(hash, (load4(p) << 32) | load4(p + n - 4));
  } else if (n > 0) {
    hash = MixWord(
        hash, (uint64_t{p[0]} << 16) | (uint64_t{p[n / 2]} << 8) | p[n - 1]);
  }
  return FinishHash(hash);
}

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_HASH_H_
