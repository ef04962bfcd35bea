#include "sverka/pretranslate.h"

#include <fcntl.h>
#include <libxml/xmlwriter.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "internal/libxml_util.h"
#include "internal/match_text.h"
#include "internal/output_file.h"

#ifndef SVERKA_VERSION
#define SVERKA_VERSION "unknown"
#endif

namespace sverka {
namespace {

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

// The XLIFF file being written.
class XliffFile {
 public:
  // The writer goes first: it may still flush into the file.
  ~XliffFile() { writer_.reset(); }

  Status Open(const std::string& path) {
    path_ = path;
    RETURN_IF_ERROR(file_.Open(path, "the XLIFF file"));
    internal::QuietXmlErrors();
    xmlOutputBufferPtr out = xmlOutputBufferCreateFd(file_.fd(), nullptr);
    if (out == nullptr) return Status::Internal("libxml2 output buffer failed");
    writer_.reset(xmlNewTextWriter(out));
    if (!writer_) {
      xmlOutputBufferClose(out);
      return Status::Internal("libxml2 text writer failed");
    }
    RETURN_IF_ERROR(Check(xmlTextWriterSetIndent(writer_.get(), 1)));
    return Check(
        xmlTextWriterStartDocument(writer_.get(), "1.0", "UTF-8", nullptr));
  }

  Status Check(int rc) const {
    if (rc >= 0) return Status::Ok();
    std::string why = internal::FirstXmlError();
    if (why.empty()) why = internal::LastXmlError();
    if (why.empty()) why = std::strerror(errno);
    return Status::IoError("writing the XLIFF file failed: " + why)
        .At(path_)
        .WithHint("check the free disk space");
  }
  Status Start(const char* name) {
    return Check(xmlTextWriterStartElement(writer_.get(), X(name)));
  }
  Status End() { return Check(xmlTextWriterEndElement(writer_.get())); }
  Status Attribute(const char* name, const std::string& value) {
    return Check(
        xmlTextWriterWriteAttribute(writer_.get(), X(name), X(value.c_str())));
  }
  Status Text(const std::string& text) {
    return Check(xmlTextWriterWriteString(writer_.get(), X(text.c_str())));
  }
  Status Element(const char* name, const std::string& text) {
    return Check(
        xmlTextWriterWriteElement(writer_.get(), X(name), X(text.c_str())));
  }

  Status Close() {
    RETURN_IF_ERROR(Check(xmlTextWriterEndDocument(writer_.get())));
    writer_.reset();  // flushes
    return file_.Commit();
  }

 private:
  std::string path_;
  internal::OutputFile file_;  // a temporary beside the target until Close
  internal::XmlTextWriterPtr writer_;
};

// XML 1.0 has no place for most C0 controls; a document may hold them.
std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += (b < 0x20 && b != '\t' && b != '\n' && b != '\r') ? ' ' : c;
  }
  return out;
}

}  // namespace

Result<PretranslateReport> Pretranslate(const Document& document,
                                        const Segmenter& segmenter,
                                        const FuzzyMatcher& matcher,
                                        const std::string& output,
                                        const PretranslateOptions& options) {
  PretranslateReport report;
  XliffFile file;
  RETURN_IF_ERROR(file.Open(output));
  RETURN_IF_ERROR(file.Start("xliff"));
  RETURN_IF_ERROR(file.Attribute("version", "1.2"));
  RETURN_IF_ERROR(
      file.Attribute("xmlns", "urn:oasis:names:tc:xliff:document:1.2"));
  RETURN_IF_ERROR(file.Start("file"));
  RETURN_IF_ERROR(file.Attribute(
      "original", std::filesystem::path(document.name).filename().string()));
  RETURN_IF_ERROR(file.Attribute("source-language", options.source_language));
  RETURN_IF_ERROR(file.Attribute("target-language", options.target_language));
  RETURN_IF_ERROR(file.Attribute("datatype", "plaintext"));
  RETURN_IF_ERROR(file.Start("header"));
  RETURN_IF_ERROR(file.Start("tool"));
  RETURN_IF_ERROR(file.Attribute("tool-id", "sverka"));
  RETURN_IF_ERROR(file.Attribute("tool-name", "Sverka"));
  RETURN_IF_ERROR(file.Attribute("tool-version", SVERKA_VERSION));
  RETURN_IF_ERROR(file.End());  // tool
  RETURN_IF_ERROR(file.End());  // header
  RETURN_IF_ERROR(file.Start("body"));
  int64_t id = 0;
  for (const Sentence& sentence : segmenter.Split(document)) {
    const std::string source = XmlText(sentence.Text(document));
    ASSIGN_OR_RETURN(std::vector<FuzzyMatch> matches, matcher.Lookup(source));
    const int64_t words = internal::CountMatchWords(source);
    ++report.total.sentences;
    report.total.words += words;
    MatchCount* count = &report.no_match;
    if (!matches.empty() && matches[0].score == 100) {
      count = &report.exact;
    } else if (!matches.empty()) {
      count = &report.below_bands;
      for (size_t b = 0; b < report.bands.size(); ++b) {
        if (matches[0].score >= PretranslateReport::kBandFloors[b]) {
          count = &report.bands[b];
          break;
        }
      }
    }
    ++count->sentences;
    count->words += words;

    RETURN_IF_ERROR(file.Start("trans-unit"));
    RETURN_IF_ERROR(file.Attribute("id", std::to_string(++id)));
    RETURN_IF_ERROR(file.Element("source", source));
    if (!matches.empty()) {
      const FuzzyMatch& best = matches[0];
      RETURN_IF_ERROR(file.Start("target"));
      if (best.score == 100) {
        RETURN_IF_ERROR(file.Attribute("state", "translated"));
        RETURN_IF_ERROR(file.Attribute("state-qualifier", "exact-match"));
      } else {
        RETURN_IF_ERROR(file.Attribute("state", "needs-review-translation"));
        RETURN_IF_ERROR(file.Attribute("state-qualifier", "fuzzy-match"));
      }
      RETURN_IF_ERROR(file.Text(best.suggestion));
      RETURN_IF_ERROR(file.End());
    }
    for (const FuzzyMatch& match : matches) {
      RETURN_IF_ERROR(file.Start("alt-trans"));
      RETURN_IF_ERROR(
          file.Attribute("match-quality", std::to_string(match.score)));
      RETURN_IF_ERROR(file.Attribute("tool-id", "sverka"));
      if (!match.unit.origin.empty()) {
        RETURN_IF_ERROR(file.Attribute("origin", match.unit.origin));
      }
      RETURN_IF_ERROR(file.Element("source", match.unit.source_text));
      RETURN_IF_ERROR(file.Element("target", match.suggestion));
      RETURN_IF_ERROR(file.End());  // alt-trans
    }
    RETURN_IF_ERROR(file.End());  // trans-unit
  }
  RETURN_IF_ERROR(file.End());  // body
  RETURN_IF_ERROR(file.End());  // file
  RETURN_IF_ERROR(file.End());  // xliff
  RETURN_IF_ERROR(file.Close());
  return report;
}

}  // namespace sverka
