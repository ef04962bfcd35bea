#include "sverka/aligner.h"

namespace sverka {

std::string Bead::Type() const {
  return std::to_string(source.size()) + "-" + std::to_string(target.size());
}

}  // namespace sverka
