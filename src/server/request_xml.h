// Reading the XML bodies that clients send to `ossxfer serve`.
//
// pugixml parses, but character references are decoded here, not by
// pugixml: pugixml hands out NUL-terminated strings, so with its own
// decoding "a&#0;b" (or "a&#x100000000;b", which its decoder wraps to 0)
// silently reads as "a": a different key or tag than the client sent.
// Decoding here refuses those, lets through GO2's "&#x01;"-style references
// to control characters (oss-protocol-2.md §0.3: the emulator must decode
// them itself), and refuses what no client sends: a DTD, an unknown entity,
// a bare '&'.
#ifndef OSSXFER_SERVER_REQUEST_XML_H_
#define OSSXFER_SERVER_REQUEST_XML_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::server {

// Parses `body` into `document` and returns its root element. Fails with
// InvalidArgument, whose message says what is wrong (for the caller to put
// into its MalformedXML answer), when the body is not well-formed, holds a
// NUL byte or a DOCTYPE, or has no root element or more than one. The
// caller checks the root's name.
Result<pugi::xml_node> LoadRequestXml(std::string_view body,
                                      pugi::xml_document& document);

// The text of a leaf element of a document read by LoadRequestXml: its text
// and CDATA children joined (pugixml splits text around comments and CDATA
// sections), with the predefined entities and numeric references decoded.
// InvalidArgument when the element has child elements, or holds an unknown
// entity, a bare '&', or a reference to no character (0, a surrogate, above
// U+10FFFF).
Result<std::string> ElementText(pugi::xml_node element);

// True for a text node of only XML whitespace: the indentation between
// elements of a pretty-printed body, which carries nothing.
bool IsWhitespaceText(pugi::xml_node node);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_REQUEST_XML_H_
