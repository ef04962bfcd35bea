// PRIVATE to Sverka: may change at any time; not part of the public API.
//
// RAII owners for libxml2 handles: each frees itself with the matching
// libxml2 function, so no error path leaks a writer, a document or a DTD.
//
//   internal::XmlTextWriterPtr writer(xmlNewTextWriter(out));
//   if (!writer) return Status::Internal("...");
//   // xmlFreeTextWriter runs when `writer` goes out of scope
#ifndef SVERKA_INTERNAL_LIBXML_UTIL_H_
#define SVERKA_INTERNAL_LIBXML_UTIL_H_

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include <memory>
#include <string>

namespace sverka::internal {

struct XmlTextWriterFree {
  void operator()(xmlTextWriterPtr writer) const { xmlFreeTextWriter(writer); }
};
// Freeing the writer also closes (flushes) the output buffer it was made on.
using XmlTextWriterPtr = std::unique_ptr<xmlTextWriter, XmlTextWriterFree>;

struct XmlDocFree {
  void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

struct XmlDtdFree {
  void operator()(xmlDtdPtr dtd) const { xmlFreeDtd(dtd); }
};
using XmlDtdPtr = std::unique_ptr<xmlDtd, XmlDtdFree>;

struct XmlValidCtxtFree {
  void operator()(xmlValidCtxtPtr context) const { xmlFreeValidCtxt(context); }
};
using XmlValidCtxtPtr = std::unique_ptr<xmlValidCtxt, XmlValidCtxtFree>;

struct XmlFree {
  void operator()(xmlChar* text) const { xmlFree(text); }
};
// A string libxml2 allocated (xmlGetProp, xmlNodeGetContent, ...).
using XmlCharPtr = std::unique_ptr<xmlChar, XmlFree>;

inline std::string ToString(const XmlCharPtr& text) {
  return text ? std::string(reinterpret_cast<const char*>(text.get())) : "";
}

// The message of libxml2's last error on this thread, trimmed, or "".
inline std::string LastXmlError() {
  const xmlError* error = xmlGetLastError();
  if (error == nullptr || error->message == nullptr) return "";
  std::string message = error->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

// The first libxml2 error on this thread since QuietXmlErrors(), trimmed.
inline std::string& FirstXmlError() {
  thread_local std::string first;
  return first;
}

// From now on libxml2's errors on this thread are kept (FirstXmlError)
// instead of printed to stderr: a library must not print, and Sverka reports
// them in its own messages. The first is the one worth saying: on a full
// disk libxml2 says "No space left on device" first, then "write error".
// xmlGetLastError still works. Parsers with their own handler (the TMX
// reader's) are not affected.
inline void QuietXmlErrors() {
  FirstXmlError().clear();
  xmlSetStructuredErrorFunc(nullptr, [](void*, xmlErrorPtr error) {
    std::string& first = FirstXmlError();
    if (!first.empty() || error == nullptr || error->message == nullptr) return;
    first = error->message;
    while (!first.empty() && (first.back() == '\n' || first.back() == ' ')) {
      first.pop_back();
    }
  });
}

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_LIBXML_UTIL_H_
