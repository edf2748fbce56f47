// Reading the text of an XML element, shared by the parsers of OSS's
// answers (xml_responses.h) and of its error bodies
// (service_error_parser.h).
#ifndef OSSXFER_OSS_XML_TEXT_H_
#define OSSXFER_OSS_XML_TEXT_H_

#include <pugixml.hpp>
#include <string>

namespace ossxfer::oss {

// All the text and CDATA children of `element` together: pugixml splits
// text around comments and CDATA sections into several nodes, and a value
// is all of them. "" for an empty element and for a null node (an element
// that is absent).
std::string ElementText(pugi::xml_node element);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_XML_TEXT_H_
