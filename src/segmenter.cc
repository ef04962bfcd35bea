#include "sverka/segmenter.h"

namespace sverka {

std::vector<Sentence> SplitLines(const Document& doc) {
  std::vector<Sentence> out;
  const std::string& t = doc.text;
  int paragraph = 0;
  bool blank_run = false;
  size_t pos = 0;
  while (pos <= t.size()) {
    size_t nl = t.find('\n', pos);
    if (nl == std::string::npos) nl = t.size();
    size_t b = pos, e = nl;
    while (b < e && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r')) ++b;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) --e;
    if (b == e) {
      blank_run = true;
    } else {
      if (blank_run && !out.empty()) ++paragraph;
      blank_run = false;
      out.push_back({b, e, paragraph});
    }
    pos = nl + 1;
  }
  return out;
}

}  // namespace sverka
