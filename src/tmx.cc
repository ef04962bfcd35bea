#include "sverka/tmx.h"

namespace sverka {}  // namespace sverka
