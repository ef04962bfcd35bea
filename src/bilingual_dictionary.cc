#include "sverka/bilingual_dictionary.h"

namespace sverka {}  // namespace sverka
