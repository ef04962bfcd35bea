// SRX 2.0 for the segmenter's rules: read with libxml2's xmlTextReader,
// written with xmlTextWriter (segmenter_rules.h has the rule model).
//
// Reading keeps what segmentation needs: the <languagerule>s with their
// <rule>s in order, the <languagemap>s in order and the header's cascade
// flag. Format handles and segmentsubflows are about inline codes, which
// plain text has none of, so they are accepted and left alone. Every
// before-break and after-break pattern is compiled with ICU as it is read,
// so a pattern ICU refuses is reported with the file and the rule's line.
#include <libxml/xmlreader.h>
#include <unicode/regex.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "internal/libxml_util.h"
#include "segmenter_rules.h"

namespace sverka {
namespace {

constexpr char kSrxNamespace[] = "http://www.lisa.org/srx20";

// The break rule that stands for ICU's fallback. Sverka's rules only correct
// ICU's sentence BreakIterator, which breaks wherever no rule matches; an SRX
// engine such as OmegaT or Okapi has no such fallback (no rule: no break), so
// the export ends every languagerule with this explicit break rule, after
// all no-break rules as SRX's first-match order requires: sentence
// punctuation (closing quotes or brackets may follow) before white space and
// an upper-case letter or a digit, an opening quote, bracket or dialogue dash
// allowed in between.
//
// Sverka recognises the rule when it reads a file back by its two patterns,
// exactly as written here, and drops it, so that ICU's own breaks stay in
// charge and export -> import segments as the built-in rules do. The
// patterns, not the XML comment before the rule, are the mark: OmegaT and
// Ratel drop comments when they save a file. A rule a translator has edited
// no longer matches and is read as the ordinary break rule it then is.
constexpr char kFallbackBefore[] = "[.?!\u2026]+[\"'\u201D\u00BB)]*";
constexpr char kFallbackAfter[] =
    "\\s+[\"'\u201C\u201E\u00AB(\u2013\u2014-]*\\s*[\\p{Lu}\\p{N}]";
constexpr char kFallbackComment[] =
    " Sverka: stands for ICU's sentence break where no rule above matches; "
    "Sverka itself skips this rule (keep it last) ";

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const char* C(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

// The first error libxml2 reported while reading, with its line.
struct XmlErrorSink {
  std::string message;
  int line = 0;
};

void OnXmlError(void* data, xmlErrorPtr error) {
  auto* sink = static_cast<XmlErrorSink*>(data);
  if (error == nullptr || error->level < XML_ERR_ERROR ||
      !sink->message.empty()) {
    return;
  }
  std::string message = error->message != nullptr ? error->message : "";
  while (!message.empty() &&
         (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  sink->message = message.empty() ? "parse error" : message;
  sink->line = error->line;
}

struct XmlTextReaderFree {
  void operator()(xmlTextReaderPtr reader) const { xmlFreeTextReader(reader); }
};
using XmlTextReaderPtr = std::unique_ptr<xmlTextReader, XmlTextReaderFree>;

// Case-insensitive groups for Java. ICU's "(?i:" folds case in all of
// Unicode; Java's (OmegaT, Okapi) only in ASCII unless the group also says
// "u", so there "(?i:проф)" missed "Проф." and "(?i:май)" missed "Май". ICU
// accepts and ignores "u" (it always folds Unicode case), so the export
// writes "(?iu:" and the reader turns it back into "(?i:", which keeps the
// round trip exact and the abbreviation words recognisable.
std::string ReplaceGroupFlag(const std::string& regex, std::string_view from,
                             std::string_view to) {
  std::string out;
  size_t backslashes = 0;  // an escaped "(" is a literal, not a group
  for (size_t i = 0; i < regex.size(); ++i) {
    if (backslashes % 2 == 0 && regex.compare(i, from.size(), from) == 0) {
      out += to;
      i += from.size() - 1;
      backslashes = 0;
      continue;
    }
    backslashes = regex[i] == '\\' ? backslashes + 1 : 0;
    out += regex[i];
  }
  return out;
}

// A <rule> as read, with the line it starts on.
struct ReadRule {
  SegmentRule rule;
  int line = 0;
  bool icu_fallback = false;  // the exported kFallback* rule, not applied
};

struct LanguageMap {
  std::string pattern;
  std::string rule_name;
  int line = 0;
};

// Undoes Escape() in segmenter_rules.cc for one alternative of an
// abbreviation list; false when it holds regex syntax, not a literal word.
bool UnescapeWord(std::string_view escaped, std::string* word) {
  word->clear();
  for (size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (c == '\\') {
      if (++i == escaped.size()) return false;
      const char e = escaped[i];
      if (std::strchr(".-()[]\\|?*+{}^$", e) == nullptr) return false;
      *word += e;
    } else if (std::strchr(".()[]|?*+{}^$", c) != nullptr) {
      return false;
    } else {
      *word += c;
    }
  }
  return !word->empty();
}

// A before-break pattern of AbbreviationRule's shape, "\b(?i:w1|w2)\.",
// gives back its words, so the rule is looked up as a table again.
std::vector<std::string> AbbreviationWords(const std::string& before) {
  constexpr std::string_view kHead = "\\b(?i:", kTail = ")\\.";
  std::string_view body(before);
  if (!body.starts_with(kHead) || !body.ends_with(kTail)) return {};
  body = body.substr(kHead.size(), body.size() - kHead.size() - kTail.size());
  std::vector<std::string> words;
  std::string word;
  size_t start = 0;
  for (size_t i = 0; i <= body.size(); ++i) {
    if (i < body.size() && body[i] == '\\') {
      ++i;  // an escaped character, "\|" included
      continue;
    }
    if (i < body.size() && body[i] != '|') continue;
    if (!UnescapeWord(body.substr(start, i - start), &word)) return {};
    words.push_back(word);
    start = i + 1;
  }
  return words;
}

class SrxReader {
 public:
  explicit SrxReader(std::string path) : path_(std::move(path)) {}

  Result<LanguageRules> Read(const std::string& language) {
    if (FILE* f = std::fopen(path_.c_str(), "rb")) {
      const int first = std::fgetc(f);
      std::fclose(f);
      if (first == EOF) {
        return Error("the file is empty", 0,
                     "pass an SRX 2.0 segmentation rules file");
      }
    } else {
      return Status::NotFound(std::string("cannot read the SRX file: ") +
                              std::strerror(errno))
          .At(path_)
          .WithHint("check the path given to --srx");
    }
    // No network, no DTD loading, no entity substitution.
    reader_.reset(xmlReaderForFile(path_.c_str(), nullptr,
                                   XML_PARSE_NONET | XML_PARSE_BIG_LINES));
    if (!reader_) {
      return Status::IoError("libxml2 cannot open the file").At(path_);
    }
    xmlTextReaderSetStructuredErrorHandler(reader_.get(), OnXmlError, &errors_);
    RETURN_IF_ERROR(Parse());
    return Select(language);
  }

 private:
  Status Error(const std::string& message, int line,
               const std::string& hint) const {
    Status s = Status::InvalidInput(message).At(path_);
    if (line > 0) s = s.AtLine(line);
    return s.WithHint(hint);
  }

  int Line() const {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader_.get());
    const long line = node != nullptr ? xmlGetLineNo(node) : -1;
    if (line > 0) return static_cast<int>(line);
    return std::max(0, xmlTextReaderGetParserLineNumber(reader_.get()));
  }

  Result<bool> Next() {
    const int rc = xmlTextReaderRead(reader_.get());
    if (rc < 0 || !errors_.message.empty()) {
      return Error("not well-formed XML: " + (errors_.message.empty()
                                                  ? std::string("parse error")
                                                  : errors_.message),
                   errors_.line > 0 ? errors_.line : Line(),
                   "the SRX file is damaged; export it again from the tool "
                   "that wrote it");
    }
    return rc == 1;
  }

  std::string Attribute(const char* name) const {
    internal::XmlCharPtr value(
        xmlTextReaderGetAttribute(reader_.get(), X(name)));
    return internal::ToString(value);
  }

  std::string LocalName() const {
    const xmlChar* name = xmlTextReaderConstLocalName(reader_.get());
    return name != nullptr ? C(name) : "";
  }

  // The text of the current element (a <beforebreak> or <afterbreak>).
  std::string ElementText() const {
    if (xmlTextReaderIsEmptyElement(reader_.get())) return "";
    internal::XmlCharPtr text(xmlTextReaderReadString(reader_.get()));
    return internal::ToString(text);
  }

  // The segmenter puts each pattern inside a group ("(?=after)",
  // "(?<=before)"), so it is checked there too: a pattern that ends in an
  // unfinished escape ("\\c") compiles alone but takes the group's ")".
  Status CheckPattern(const std::string& regex, const char* which,
                      const std::string& rule_name, int line) const {
    for (const std::string& form : {regex, "(?:" + regex + ")"}) {
      UParseError parse{};
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
          icu::UnicodeString::fromUTF8(form), 0, parse, status));
      if (U_SUCCESS(status)) continue;
      return Error(std::string("languagerule \"") + rule_name + "\": the " +
                       which + " regex /" + regex + "/ does not compile" +
                       (form == regex ? "" : " inside a group") + ": " +
                       u_errorName(status) + " at offset " +
                       std::to_string(parse.offset),
                   line,
                   "SRX patterns are ICU regular expressions (close to "
                   "Java's); fix this pattern");
    }
    return Status::Ok();
  }

  Status Parse() {
    bool root_seen = false;
    std::string rule_name;  // the open <languagerule>
    ReadRule* rule = nullptr;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, Next());
      if (!more) break;
      const int type = xmlTextReaderNodeType(reader_.get());
      if (type == XML_READER_TYPE_END_ELEMENT) {
        const std::string name = LocalName();
        if (name == "languagerule") {
          rule_name.clear();
        } else if (name == "rule" && rule != nullptr) {
          RETURN_IF_ERROR(CloseRule(*rule, rule_name));
          rule = nullptr;
        }
        continue;
      }
      if (type != XML_READER_TYPE_ELEMENT) continue;
      const std::string name = LocalName();
      const bool empty = xmlTextReaderIsEmptyElement(reader_.get());
      if (!root_seen) {
        root_seen = true;
        if (name != "srx") {
          return Error("the root element is <" + name + ">, not <srx>", Line(),
                       "pass an SRX 2.0 segmentation rules file");
        }
        version_ = Attribute("version");
        const std::string& version = version_;
        if (!version.empty() && version != "2.0" && version != "1.0") {
          return Error("SRX version " + version + " is not 1.0 or 2.0", Line(),
                       "save the rules as SRX 2.0");
        }
        continue;
      }
      if (name == "header") {
        // SRX 2.0 makes cascade a required attribute (no default); files
        // without it are common all the same, OmegaT's own defaultRules.srx
        // among them, and OmegaT always cascades. So a missing cascade
        // reads as OmegaT reads it, "yes", in SRX 2.0; SRX 1.0 had no
        // cascading (only the first matching map applies).
        const std::string cascade = Attribute("cascade");
        if (!cascade.empty() && cascade != "yes" && cascade != "no") {
          return Error("cascade=\"" + cascade + "\" is not \"yes\" or \"no\"",
                       Line(), "fix the header's cascade attribute");
        }
        cascade_ = cascade.empty() ? version_ != "1.0" : cascade == "yes";
      } else if (name == "languagerule") {
        rule_name = Attribute("languagerulename");
        if (rule_name.empty()) {
          return Error("<languagerule> without a languagerulename", Line(),
                       "give every languagerule a name");
        }
        if (languages_.count(rule_name) > 0) {
          return Error("languagerule \"" + rule_name + "\" defined twice",
                       Line(), "rename or merge one of them");
        }
        languages_[rule_name];
        if (empty) rule_name.clear();
      } else if (name == "rule") {
        if (rule_name.empty()) {
          return Error("<rule> outside a <languagerule>", Line(),
                       "put rules inside a languagerule");
        }
        std::vector<ReadRule>& rules = languages_[rule_name];
        rules.emplace_back();
        rule = &rules.back();
        rule->line = Line();
        const std::string value = Attribute("break");
        if (value != "" && value != "yes" && value != "no") {
          return Error("break=\"" + value + "\" is not \"yes\" or \"no\"",
                       rule->line, "fix the rule's break attribute");
        }
        rule->rule.is_break = value != "no";
        if (empty) {
          RETURN_IF_ERROR(CloseRule(*rule, rule_name));
          rule = nullptr;
        }
      } else if (name == "beforebreak" || name == "afterbreak") {
        if (rule == nullptr) {
          return Error("<" + name + "> outside a <rule>", Line(),
                       "put it inside a rule");
        }
        (name == "beforebreak" ? rule->rule.before : rule->rule.after) =
            ReplaceGroupFlag(ElementText(), "(?iu:", "(?i:");
      } else if (name == "languagemap") {
        LanguageMap map{Attribute("languagepattern"),
                        Attribute("languagerulename"), Line()};
        if (map.rule_name.empty()) {
          return Error("<languagemap> without a languagerulename", map.line,
                       "name the languagerule it maps to");
        }
        maps_.push_back(std::move(map));
      }
    }
    if (!root_seen) {
      return Error("no XML element in the file", Line(),
                   "pass an SRX 2.0 segmentation rules file");
    }
    for (const LanguageMap& map : maps_) {
      if (languages_.count(map.rule_name) == 0) {
        return Error("<languagemap> names languagerule \"" + map.rule_name +
                         "\", which the file does not define",
                     map.line, "add the languagerule or fix the name");
      }
      UParseError parse{};
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexPattern> pattern(
          icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(map.pattern),
                                     UREGEX_CASE_INSENSITIVE, parse, status));
      if (U_FAILURE(status)) {
        return Error("the languagepattern /" + map.pattern +
                         "/ does not compile: " + u_errorName(status),
                     map.line, "fix the languagemap's pattern");
      }
      patterns_.push_back(std::move(pattern));
    }
    return Status::Ok();
  }

  Status CloseRule(ReadRule& rule, const std::string& rule_name) const {
    RETURN_IF_ERROR(
        CheckPattern(rule.rule.before, "beforebreak", rule_name, rule.line));
    RETURN_IF_ERROR(
        CheckPattern(rule.rule.after, "afterbreak", rule_name, rule.line));
    if (!rule.rule.is_break)
      rule.rule.words = AbbreviationWords(rule.rule.before);
    rule.icu_fallback = rule.rule.is_break &&
                        rule.rule.before == kFallbackBefore &&
                        rule.rule.after == kFallbackAfter;
    return Status::Ok();
  }

  // The rules of every languagemap whose pattern matches `language` (only
  // the first unless the header says cascade="yes"), in the file's order.
  Result<LanguageRules> Select(const std::string& language) const {
    LanguageRules rules = BuiltinRules(language);
    rules.rules.clear();
    const icu::UnicodeString code = icu::UnicodeString::fromUTF8(language);
    bool matched = false;
    for (size_t i = 0; i < maps_.size(); ++i) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> matcher(
          patterns_[i]->matcher(code, status));
      if (U_FAILURE(status) || !matcher->matches(status) || U_FAILURE(status)) {
        continue;
      }
      matched = true;
      for (const ReadRule& rule : languages_.at(maps_[i].rule_name)) {
        if (rule.icu_fallback) continue;  // ICU's own breaks stand instead
        rules.rules.push_back(rule.rule);
      }
      if (!cascade_) break;
    }
    if (!matched) {
      return Status::NotFound("no <languagemap> matches the language '" +
                              language + "'")
          .At(path_)
          .WithHint(
              "add a languagemap for it (or a last one with "
              "languagepattern=\".*\"), or pass another --lang");
    }
    return rules;
  }

  std::string path_;
  XmlTextReaderPtr reader_;
  XmlErrorSink errors_;
  bool cascade_ = false;
  std::string version_;  // the <srx> version attribute
  std::map<std::string, std::vector<ReadRule>> languages_;
  std::vector<LanguageMap> maps_;
  std::vector<std::unique_ptr<icu::RegexPattern>> patterns_;
};

// Text for an XML comment: no "--" inside and no "-" at the end.
std::string CommentText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  if (!out.empty() && out.back() == '-') out += ' ';
  return " " + out + " ";
}

class SrxWriter {
 public:
  Result<std::string> Write(const std::vector<LanguageRules>& languages) {
    buffer_.reset(xmlBufferCreate());
    if (!buffer_) return Status::Internal("libxml2 buffer failed");
    writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
    if (!writer_) return Status::Internal("libxml2 text writer failed");
    xmlTextWriterPtr w = writer_.get();
    RETURN_IF_ERROR(
        Check(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nullptr)));
    RETURN_IF_ERROR(Check(xmlTextWriterSetIndent(w, 1)));
    RETURN_IF_ERROR(Check(xmlTextWriterSetIndentString(w, X("  "))));
    RETURN_IF_ERROR(Check(
        xmlTextWriterStartElementNS(w, nullptr, X("srx"), X(kSrxNamespace))));
    RETURN_IF_ERROR(
        Check(xmlTextWriterWriteAttribute(w, X("version"), X("2.0"))));
    RETURN_IF_ERROR(Check(xmlTextWriterWriteComment(
        w, X(" Sverka's built-in segmentation rules. Rules are tried in "
             "order at each candidate break; the first that matches "
             "decides. Patterns are ICU regular expressions. "))));
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("header"))));
    RETURN_IF_ERROR(Attribute("segmentsubflows", "yes"));
    RETURN_IF_ERROR(Attribute("cascade", "no"));
    for (const char* type : {"start", "end", "isolated"}) {
      RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("formathandle"))));
      RETURN_IF_ERROR(Attribute("type", type));
      RETURN_IF_ERROR(
          Attribute("include", std::strcmp(type, "end") == 0 ? "yes" : "no"));
      RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));
    }
    RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));  // header
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("body"))));
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("languagerules"))));
    for (const LanguageRules& language : languages) {
      RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("languagerule"))));
      RETURN_IF_ERROR(Attribute("languagerulename", RuleName(language)));
      for (const SegmentRule& rule : language.rules) {
        if (!rule.comment.empty()) {
          RETURN_IF_ERROR(Check(xmlTextWriterWriteComment(
              w, X(CommentText(rule.comment).c_str()))));
        }
        RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("rule"))));
        RETURN_IF_ERROR(Attribute("break", rule.is_break ? "yes" : "no"));
        // Both patterns, even when empty: SRX 2.0 lets either be left
        // out, but OmegaT 3.6 then drops every rule of the file (its
        // loader dereferences the missing <beforebreak>).
        const std::string before =
            ReplaceGroupFlag(rule.before, "(?i:", "(?iu:");
        const std::string after = ReplaceGroupFlag(rule.after, "(?i:", "(?iu:");
        RETURN_IF_ERROR(Check(
            xmlTextWriterWriteElement(w, X("beforebreak"), X(before.c_str()))));
        RETURN_IF_ERROR(Check(
            xmlTextWriterWriteElement(w, X("afterbreak"), X(after.c_str()))));
        RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));  // rule
      }
      RETURN_IF_ERROR(Check(xmlTextWriterWriteComment(w, X(kFallbackComment))));
      RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("rule"))));
      RETURN_IF_ERROR(Attribute("break", "yes"));
      RETURN_IF_ERROR(Check(
          xmlTextWriterWriteElement(w, X("beforebreak"), X(kFallbackBefore))));
      RETURN_IF_ERROR(Check(
          xmlTextWriterWriteElement(w, X("afterbreak"), X(kFallbackAfter))));
      RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));  // rule
      RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));  // languagerule
    }
    RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));  // languagerules
    RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("maprules"))));
    for (const LanguageRules& language : languages) {
      RETURN_IF_ERROR(Check(xmlTextWriterStartElement(w, X("languagemap"))));
      RETURN_IF_ERROR(Attribute("languagepattern", language.language + ".*"));
      RETURN_IF_ERROR(Attribute("languagerulename", RuleName(language)));
      RETURN_IF_ERROR(Check(xmlTextWriterEndElement(w)));
    }
    RETURN_IF_ERROR(Check(xmlTextWriterEndDocument(w)));  // closes them all
    RETURN_IF_ERROR(Check(xmlTextWriterFlush(w)));
    return std::string(C(xmlBufferContent(buffer_.get())),
                       static_cast<size_t>(xmlBufferLength(buffer_.get())));
  }

 private:
  struct XmlBufferFree {
    void operator()(xmlBufferPtr buffer) const { xmlBufferFree(buffer); }
  };

  static std::string RuleName(const LanguageRules& language) {
    if (language.language == "bg") return "Bulgarian";
    if (language.language == "en") return "English";
    return language.language;
  }

  static Status Check(int rc) {
    if (rc >= 0) return Status::Ok();
    return Status::Internal("libxml2 could not write the SRX document: " +
                            internal::LastXmlError());
  }

  Status Attribute(const char* name, const std::string& value) {
    return Check(
        xmlTextWriterWriteAttribute(writer_.get(), X(name), X(value.c_str())));
  }

  // Declared before the writer, which writes into it when freed.
  std::unique_ptr<xmlBuffer, XmlBufferFree> buffer_;
  internal::XmlTextWriterPtr writer_;
};

}  // namespace

Result<LanguageRules> ReadSrx(const std::string& path,
                              const std::string& language) {
  return SrxReader(path).Read(language);
}

Result<std::string> WriteSrx(const std::vector<LanguageRules>& languages) {
  return SrxWriter().Write(languages);
}

}  // namespace sverka
