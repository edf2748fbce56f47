#include "server/request_xml.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

#include "server/text_excerpt.h"

namespace ossxfer::server {
namespace {

// No parse_escapes: references are decoded by DecodeReferences (see the
// header). parse_ws_pcdata keeps whitespace text, so that " " is a value
// and " a " keeps its spaces around a CDATA section; the indentation it
// also keeps between elements is skipped by the callers
// (IsWhitespaceText). parse_doctype only makes a DOCTYPE visible, to
// refuse it.
constexpr unsigned kParseOptions =
    (pugi::parse_default & ~pugi::parse_escapes) | pugi::parse_ws_pcdata |
    pugi::parse_doctype;

bool IsXmlWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// The code point of "#123" or "#x7B" (a reference without '&' and ';');
// nullopt for anything else, and for 0, surrogates and values above
// U+10FFFF. Digits are consumed one at a time and stop past U+10FFFF, so
// no length of input can overflow.
std::optional<uint32_t> ReferencedCodePoint(std::string_view reference) {
  if (reference.size() < 2 || reference[0] != '#') return std::nullopt;
  const bool hex = reference[1] == 'x';
  std::string_view digits = reference.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  uint32_t value = 0;
  for (char c : digits) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
    if (value > 0x10FFFF) return std::nullopt;
  }
  if (value == 0 || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

Status DecodeReferences(std::string_view raw, std::string& out) {
  size_t i = 0;
  while (i < raw.size()) {
    size_t amp = raw.find('&', i);
    out.append(raw.substr(i, amp - i));
    if (amp == std::string_view::npos) break;
    size_t semicolon = raw.find(';', amp);
    // Real references are short; a bound keeps the excerpt below useful.
    constexpr size_t kLongestReference = 16;
    if (semicolon == std::string_view::npos ||
        semicolon - amp > kLongestReference) {
      return Status::InvalidArgument(fmt::format(
          "a '&' that starts no entity or character reference, at \"{}\"",
          TextExcerpt(raw.substr(amp), 16)));
    }
    std::string_view name = raw.substr(amp + 1, semicolon - amp - 1);
    if (name == "lt") {
      out.push_back('<');
    } else if (name == "gt") {
      out.push_back('>');
    } else if (name == "amp") {
      out.push_back('&');
    } else if (name == "apos") {
      out.push_back('\'');
    } else if (name == "quot") {
      out.push_back('"');
    } else if (std::optional<uint32_t> code_point = ReferencedCodePoint(name)) {
      AppendUtf8(*code_point, out);
    } else {
      return Status::InvalidArgument(
          fmt::format("\"&{};\" is not a predefined entity or a reference to a "
                      "character from U+0001 to U+10FFFF",
                      TextExcerpt(name, 16)));
    }
    i = semicolon + 1;
  }
  return Status::Ok();
}

}  // namespace

Result<pugi::xml_node> LoadRequestXml(std::string_view body,
                                      pugi::xml_document& document) {
  if (size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return Status::InvalidArgument(
        fmt::format("a NUL byte at byte {} (XML cannot hold one)", nul));
  }
  pugi::xml_parse_result parsed = document.load_buffer(
      body.data(), body.size(), kParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    return Status::InvalidArgument(
        fmt::format("not well-formed XML ({} at byte {})", parsed.description(),
                    parsed.offset));
  }
  pugi::xml_node root;
  for (pugi::xml_node child : document.children()) {
    if (child.type() == pugi::node_doctype) {
      return Status::InvalidArgument("a DOCTYPE, which serve does not accept");
    }
    if (child.type() == pugi::node_element) {
      if (root) return Status::InvalidArgument("more than one root element");
      root = child;
    } else if (!IsWhitespaceText(child)) {
      return Status::InvalidArgument("text outside the root element");
    }
  }
  if (!root) return Status::InvalidArgument("no root element");
  return root;
}

Result<std::string> ElementText(pugi::xml_node element) {
  std::string text;
  for (pugi::xml_node child : element.children()) {
    switch (child.type()) {
      case pugi::node_pcdata: {
        Status decoded = DecodeReferences(child.value(), text);
        if (!decoded.ok()) {
          return decoded.WithContext(
              fmt::format("<{}>", TextExcerpt(element.name())));
        }
        break;
      }
      case pugi::node_cdata:
        text += child.value();
        break;
      case pugi::node_element:
        return Status::InvalidArgument(fmt::format(
            "<{}> holds the element <{}> where text belongs",
            TextExcerpt(element.name()), TextExcerpt(child.name())));
      default:  // comments and processing instructions are not kept
        break;
    }
  }
  return text;
}

bool IsWhitespaceText(pugi::xml_node node) {
  if (node.type() != pugi::node_pcdata) return false;
  for (const char* c = node.value(); *c != '\0'; ++c) {
    if (!IsXmlWhitespace(*c)) return false;
  }
  return true;
}

}  // namespace ossxfer::server
