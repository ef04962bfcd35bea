#include "sverka/language.h"

namespace sverka {}  // namespace sverka
