#include "sverka/text_input.h"

#include <algorithm>

namespace sverka {

int64_t Document::LineOfOffset(size_t offset) const {
  if (line_starts.empty()) return 1;
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<int64_t>(it - line_starts.begin());
}

}  // namespace sverka
