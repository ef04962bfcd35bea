// Edge sets of ICU regular expressions (segmenter_regex.h): the pattern is
// parsed into a small tree of what it can match (sets of one code point,
// sequences, alternatives, repeats, zero-width assertions); anything else
// is "unknown", which ends a list of sets wherever it is reached.
#include "segmenter_regex.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace sverka {
namespace {

struct Node {
  enum Kind { kSet, kEmpty, kSequence, kAlternatives, kRepeat, kUnknown };
  Kind kind = kUnknown;
  bool text_start = false;  // kEmpty: "^" or "\\A"
  icu::UnicodeSet set;      // kSet: the code points it matches
  std::vector<Node> children;
  int min = 0, max = 0;  // kRepeat; max < 0: unbounded
};

constexpr size_t kMaxSets = 12;  // enough for every pre-check

const icu::UnicodeSet& WhiteSpace() {
  static const icu::UnicodeSet* set = [] {
    UErrorCode status = U_ZERO_ERROR;
    auto* s = new icu::UnicodeSet(UNICODE_STRING_SIMPLE("[\\p{White_Space}]"),
                                  status);
    s->freeze();
    return s;
  }();
  return *set;
}

class Parser {
 public:
  explicit Parser(const std::string& regex)
      : text_(icu::UnicodeString::fromUTF8(regex)) {
    // Case-insensitive anywhere: every set is closed over case (a superset
    // of what a part outside the flag's scope matches, so still sound).
    // Other inline flags change the syntax or "."; no analysis then.
    for (int32_t i = text_.indexOf(u"(?"); i >= 0;
         i = text_.indexOf(u"(?", i + 2)) {
      int32_t backslashes = 0;
      while (i - backslashes > 0 && text_.charAt(i - 1 - backslashes) == '\\') {
        ++backslashes;
      }
      if (backslashes % 2 == 1) continue;  // "\(?" is a literal "("
      const UChar c = text_.charAt(i + 2);
      if (c == ':' || c == '=' || c == '!' || c == '<') continue;
      int32_t k = i + 2;
      while (k < text_.length() && text_.charAt(k) == 'i') ++k;
      if (k > i + 2 && (text_.charAt(k) == ')' || text_.charAt(k) == ':')) {
        case_insensitive_ = true;
        continue;
      }
      failed_ = true;
    }
  }

  bool Parse(Node* out) {
    if (failed_) return false;
    *out = Alternatives();
    return !failed_ && pos_ == text_.length();
  }

 private:
  bool AtEnd() const { return pos_ >= text_.length(); }
  UChar32 Peek() const { return AtEnd() ? U_SENTINEL : text_.char32At(pos_); }
  UChar32 Take() {
    const UChar32 c = Peek();
    pos_ = text_.moveIndex32(pos_, 1);
    return c;
  }
  bool Lookahead(const char16_t* s) const {
    return text_.compare(pos_,
                         static_cast<int32_t>(std::u16string_view(s).size()),
                         icu::UnicodeString(s)) == 0;
  }

  static Node Unknown() { return Node{}; }
  static Node Empty() {
    Node n;
    n.kind = Node::kEmpty;
    return n;
  }
  Node SetNode(icu::UnicodeSet set) {
    Node n;
    n.kind = Node::kSet;
    if (case_insensitive_) set.closeOver(USET_CASE_INSENSITIVE);
    set.removeAllStrings();
    n.set = std::move(set);
    return n;
  }
  static Node AnyCodePoint() {
    Node n;
    n.kind = Node::kSet;
    n.set.add(0, 0x10FFFF);
    return n;
  }

  Node Alternatives() {
    Node first = Sequence();
    if (Peek() != '|') return first;
    Node alt;
    alt.kind = Node::kAlternatives;
    alt.children.push_back(std::move(first));
    while (!failed_ && Peek() == '|') {
      Take();
      alt.children.push_back(Sequence());
    }
    return alt;
  }

  Node Sequence() {
    Node seq;
    seq.kind = Node::kSequence;
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Node atom = Atom();
      if (failed_) break;
      Quantify(&atom);
      seq.children.push_back(std::move(atom));
    }
    return seq;
  }

  // A quantifier after an atom, with its lazy "?" or possessive "+" (both
  // match a subset of what the greedy form matches).
  void Quantify(Node* atom) {
    int min = 1, max = 1;
    const UChar32 c = Peek();
    if (c == '?' || c == '*' || c == '+') {
      Take();
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
    } else if (c == '{') {
      Take();
      if (!Number(&min)) return Fail();
      max = min;
      if (Peek() == ',') {
        Take();
        max = -1;
        if (Peek() != '}' && !Number(&max)) return Fail();
      }
      if (Take() != '}') return Fail();
    } else {
      return;
    }
    if (Peek() == '?' || Peek() == '+') Take();
    Node repeat;
    repeat.kind = Node::kRepeat;
    repeat.min = min;
    repeat.max = max;
    repeat.children.push_back(std::move(*atom));
    *atom = std::move(repeat);
  }

  bool Number(int* n) {
    int value = 0, digits = 0;
    while (Peek() >= '0' && Peek() <= '9' && digits < 6) {
      value = value * 10 + (Take() - '0');
      ++digits;
    }
    *n = value;
    return digits > 0;
  }

  void Fail() { failed_ = true; }

  Node Atom() {
    const UChar32 c = Take();
    switch (c) {
      case '(':
        return Group();
      case '[':
        return Class();
      case '\\':
        return Escape();
      case '^': {
        Node start = Empty();
        start.text_start = true;
        return start;
      }
      case '$':
        return Empty();
      case '.':
        return AnyCodePoint();  // one code point: no (?s) here
      case '*':
      case '+':
      case '?':
      case '{':
        Fail();
        return Unknown();
      default:
        return Literal(c);
    }
  }

  Node Literal(UChar32 c) {
    // Under (?i) a cased literal may match more than one code point.
    if (case_insensitive_ &&
        (u_hasBinaryProperty(c, UCHAR_CASED) ||
         u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED))) {
      return Unknown();
    }
    return SetNode(icu::UnicodeSet(c, c));
  }

  Node Group() {
    bool zero_width = false;
    if (Lookahead(u"?:")) {
      pos_ += 2;
    } else if (Lookahead(u"?=") || Lookahead(u"?!")) {
      pos_ += 2;
      zero_width = true;
    } else if (Lookahead(u"?<=") || Lookahead(u"?<!")) {
      pos_ += 3;
      zero_width = true;
    } else if (Peek() == '?') {
      // (?i) or (?i:...): the constructor checked the flags.
      while (Peek() == '?' || Peek() == 'i') Take();
      if (Peek() == ')') {
        Take();
        return Empty();
      }
      if (Take() != ':') Fail();
    }
    Node inner = Alternatives();
    if (Take() != ')') Fail();
    return zero_width ? Empty() : inner;
  }

  // "[...]" as a UnicodeSet, rewritten where the two syntaxes differ: "{",
  // "}", "$", "&" and white space are literals to the regex, so they are
  // escaped. Nested classes, "&&" and escapes other than punctuation,
  // \uXXXX and \p{..} are not analysed: the class is then one code point
  // of any kind.
  Node Class() {
    icu::UnicodeString pattern(u'[');
    bool plain = true;
    for (;;) {
      if (AtEnd()) {
        Fail();
        return Unknown();
      }
      const UChar32 c = Take();
      if (c == '\\') {
        const UChar32 e = Take();
        const bool letter = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
        if (letter && e != 'u' && e != 'p' && e != 'P') plain = false;
        pattern.append(c).append(e);
        if ((e == 'p' || e == 'P') && Peek() == '{') {
          while (!AtEnd()) {
            const UChar32 d = Take();
            pattern.append(d);
            if (d == '}') break;
          }
        }
      } else if (c == '[') {
        plain = false;
        int depth = 1;
        while (!AtEnd() && depth > 0) {
          const UChar32 d = Take();
          if (d == '\\') {
            Take();
          } else if (d == '[') {
            ++depth;
          } else if (d == ']') {
            --depth;
          }
        }
      } else if (c == ']') {
        pattern.append(c);
        break;
      } else if (c == '&' && Peek() == '&') {
        plain = false;
      } else if (c == '{' || c == '}' || c == '$' || c == '&' ||
                 u_isWhitespace(c)) {
        pattern.append(u'\\').append(c);
      } else {
        pattern.append(c);
      }
    }
    if (!plain) return AnyCodePoint();
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(pattern, 0, nullptr, status);
    if (U_FAILURE(status)) return AnyCodePoint();
    return SetNode(std::move(set));
  }

  Node Property(bool negated) {
    // \p{Name}, \pL
    icu::UnicodeString pattern(negated ? u"[\\P" : u"[\\p");
    if (Peek() == '{') {
      const int32_t end = text_.indexOf(u'}', pos_);
      if (end < 0) {
        Fail();
        return Unknown();
      }
      pattern.append(text_, pos_, end + 1 - pos_);
      pos_ = end + 1;
    } else {
      pattern.append(Take());
    }
    pattern.append(u']');
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(pattern, status);
    if (U_FAILURE(status)) return AnyCodePoint();
    return SetNode(std::move(set));
  }

  Node Escape() {
    if (AtEnd()) {
      Fail();
      return Unknown();
    }
    const UChar32 e = Take();
    switch (e) {
      case 'p':
        return Property(false);
      case 'P':
        return Property(true);
      case 'A': {
        Node start = Empty();
        start.text_start = true;
        return start;
      }
      case 'b':
      case 'B':
      case 'z':
      case 'Z':
      case 'G':
        return Empty();
      case 's':
        return SetNode(WhiteSpace());
      case 'd': {
        UErrorCode status = U_ZERO_ERROR;
        return SetNode(icu::UnicodeSet(u"[\\p{Nd}]", status));
      }
      case 'S':
      case 'D':
      case 'w':
      case 'W':
      case 'h':
      case 'H':
      case 'v':
      case 'V':
        return AnyCodePoint();
      case 't':
        return Literal('\t');
      case 'n':
        return Literal('\n');
      case 'r':
        return Literal('\r');
      case 'f':
        return Literal('\f');
      case 'u': {
        UChar32 c = 0;
        for (int k = 0; k < 4; ++k) {
          const int digit = u_digit(Take(), 16);
          if (digit < 0) {
            Fail();
            return Unknown();
          }
          c = c * 16 + digit;
        }
        return Literal(c);
      }
      case 'e':
        return Literal(0x1B);
      case 'a':
        return Literal(0x07);
      case 'x': {
        // \xhh or \x{h...}
        UChar32 c = 0;
        const bool braces = Peek() == '{';
        if (braces) Take();
        int digits = 0;
        while (u_digit(Peek(), 16) >= 0 && digits < (braces ? 6 : 2)) {
          c = c * 16 + u_digit(Take(), 16);
          ++digits;
        }
        if (digits == 0 || (braces && Take() != '}') || c > 0x10FFFF) {
          Fail();
          return Unknown();
        }
        return Literal(c);
      }
      case 'N':  // \N{NAME}: one code point
        if (Take() != '{') break;
        while (!AtEnd() && Take() != '}') {
        }
        return AnyCodePoint();
      case 'c':  // \cX: a control character
        Take();
        return AnyCodePoint();
      case 'Q': {  // literal text up to \E
        Node seq;
        seq.kind = Node::kSequence;
        while (!AtEnd() && !Lookahead(u"\\E")) {
          seq.children.push_back(Literal(Take()));
        }
        if (!AtEnd()) pos_ += 2;
        return seq;
      }
      case 'R':  // a line break, "\r\n" included
      case 'X':  // a grapheme cluster
        return Unknown();
      default:
        if (e >= '0' && e <= '9') {  // a back reference or an octal
          while (Peek() >= '0' && Peek() <= '9') Take();
          return Unknown();
        }
        break;
    }
    if (u_isalnum(e)) {
      Fail();  // an escape this parser does not know: no analysis
      return Unknown();
    }
    return Literal(e);  // escaped punctuation
  }

  icu::UnicodeString text_;
  int32_t pos_ = 0;
  bool case_insensitive_ = false;
  bool failed_ = false;
};

// The sets at one edge of a node's matches; `exact` when every match has
// exactly sets.size() code points, so the next node's sets follow on.
struct Edge {
  std::vector<icu::UnicodeSet> sets;
  bool exact = true;
};

Edge EdgeOf(const Node& node, bool from_end) {
  Edge edge;
  switch (node.kind) {
    case Node::kSet:
      edge.sets.push_back(node.set);
      return edge;
    case Node::kEmpty:
      return edge;
    case Node::kUnknown:
      edge.exact = false;
      return edge;
    case Node::kSequence: {
      const size_t n = node.children.size();
      for (size_t k = 0; k < n; ++k) {
        const Node& child = node.children[from_end ? n - 1 - k : k];
        Edge part = EdgeOf(child, from_end);
        for (auto& set : part.sets) edge.sets.push_back(std::move(set));
        if (!part.exact || edge.sets.size() > kMaxSets) {
          edge.exact = false;
          break;
        }
      }
      return edge;
    }
    case Node::kAlternatives: {
      std::vector<Edge> parts;
      size_t common = kMaxSets;
      for (const Node& child : node.children) {
        parts.push_back(EdgeOf(child, from_end));
        common = std::min(common, parts.back().sets.size());
      }
      for (size_t k = 0; k < common; ++k) {
        icu::UnicodeSet set;
        for (const Edge& part : parts) set.addAll(part.sets[k]);
        edge.sets.push_back(std::move(set));
      }
      for (const Edge& part : parts) {
        if (!part.exact || part.sets.size() != common) edge.exact = false;
      }
      return edge;
    }
    case Node::kRepeat: {
      if (node.max == 0) return edge;
      const Edge once = EdgeOf(node.children[0], from_end);
      if (node.min == 0) {
        edge.exact = false;
        return edge;
      }
      if (!once.exact) return once;
      for (int k = 0; k < node.min && edge.sets.size() <= kMaxSets; ++k) {
        edge.sets.insert(edge.sets.end(), once.sets.begin(), once.sets.end());
      }
      edge.exact = node.min == node.max && edge.sets.size() <= kMaxSets;
      return edge;
    }
  }
  edge.exact = false;
  return edge;
}

// The set of the first code point of a node's matches (the last one when
// `from_end`), and whether the node can match the empty string; `known` is
// false when an unknown part decides.
struct FirstSet {
  icu::UnicodeSet set;
  bool nullable = false;
  bool known = true;
};

FirstSet FirstOf(const Node& node, bool from_end) {
  FirstSet first;
  switch (node.kind) {
    case Node::kSet:
      first.set = node.set;
      return first;
    case Node::kEmpty:
      first.nullable = true;
      return first;
    case Node::kUnknown:
      first.known = false;
      return first;
    case Node::kSequence: {
      const size_t n = node.children.size();
      for (size_t k = 0; k < n; ++k) {
        const FirstSet part =
            FirstOf(node.children[from_end ? n - 1 - k : k], from_end);
        if (!part.known) return part;
        first.set.addAll(part.set);
        if (!part.nullable) return first;
      }
      first.nullable = true;
      return first;
    }
    case Node::kAlternatives:
      for (const Node& child : node.children) {
        const FirstSet part = FirstOf(child, from_end);
        if (!part.known) return part;
        first.set.addAll(part.set);
        first.nullable = first.nullable || part.nullable;
      }
      return first;
    case Node::kRepeat: {
      if (node.max == 0) {
        first.nullable = true;
        return first;
      }
      first = FirstOf(node.children[0], from_end);
      first.nullable = first.nullable || node.min == 0;
      return first;
    }
  }
  first.known = false;
  return first;
}

EdgeSets Finish(Edge edge, const FirstSet& first) {
  if (edge.sets.size() > kMaxSets) edge.sets.resize(kMaxSets);
  // The first code point: what both analyses say.
  if (first.known && !first.nullable) {
    if (edge.sets.empty()) {
      edge.sets.push_back(first.set);
    } else {
      edge.sets[0].retainAll(first.set);
    }
  }
  EdgeSets out;
  for (auto& set : edge.sets) {
    set.freeze();
    out.sets.push_back(std::move(set));
  }
  // A set of every code point checks nothing at the end of the list.
  while (!out.sets.empty() && out.sets.back().size() == 0x110000) {
    out.sets.pop_back();
  }
  return out;
}

EdgeSets EdgeSetsOf(const Node& node, bool from_end) {
  return Finish(EdgeOf(node, from_end), FirstOf(node, from_end));
}

}  // namespace

EdgeSets LastCodePoints(const std::string& regex) {
  Node root;
  if (!Parser(regex).Parse(&root)) return {};
  return EdgeSetsOf(root, /*from_end=*/true);
}

EdgeSets FirstCodePoints(const std::string& regex) {
  Node root;
  if (!Parser(regex).Parse(&root)) return {};
  return EdgeSetsOf(root, /*from_end=*/false);
}

namespace {

// Whether every match of `node` starts with "^" (or "\\A").
bool StartsAtTextStart(const Node& node) {
  switch (node.kind) {
    case Node::kEmpty:
      return node.text_start;
    case Node::kSequence:
      return !node.children.empty() && StartsAtTextStart(node.children[0]);
    case Node::kAlternatives:
      return std::all_of(node.children.begin(), node.children.end(),
                         StartsAtTextStart);
    default:
      return false;
  }
}

}  // namespace

bool AnchoredAtTextStart(const std::string& regex) {
  Node root;
  return Parser(regex).Parse(&root) && StartsAtTextStart(root);
}

EdgeSets FirstCodePointsAfterSpaces(const std::string& regex) {
  Node root;
  if (!Parser(regex).Parse(&root)) return {};
  if (root.kind != Node::kSequence || root.children.empty()) return {};
  const Node& head = root.children[0];
  if (head.kind != Node::kRepeat || head.max != -1 || head.min > 1 ||
      head.children[0].kind != Node::kSet ||
      !WhiteSpace().containsAll(head.children[0].set)) {
    return {};
  }
  Node rest;
  rest.kind = Node::kSequence;
  rest.children.assign(root.children.begin() + 1, root.children.end());
  EdgeSets out = EdgeSetsOf(rest, /*from_end=*/false);
  if (out.sets.empty() || out.sets[0].containsSome(WhiteSpace())) return {};
  return out;
}

}  // namespace sverka
