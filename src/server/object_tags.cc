#include "server/object_tags.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <unordered_set>

#include "oss/xml_responses.h"
#include "ossxfer/service_error.h"
#include "server/request_xml.h"
#include "server/store_errors.h"
#include "server/text_excerpt.h"
#include "util/encoding.h"
#include "util/status_macros.h"

namespace ossxfer::server {
namespace {

// The two ways tags arrive; real OSS words some errors differently for
// each (oss-protocol-2.md §6.4).
enum class TagSource { kHeader, kXml };

constexpr std::string_view kAllowed =
    "letters, digits, spaces and + - = . _ : /";

Status TagError(std::string code, std::string message, std::string ec = {}) {
  ServiceError error{400, std::move(code), std::move(message), "", "", ""};
  error.ec = std::move(ec);
  return Status::FromServiceError(std::move(error));
}

// OSS's MalformedXML text, then what exactly is wrong and the form to send.
Status MalformedTagging(std::string_view detail) {
  ServiceError error = *MalformedXmlError().service_error();
  error.message += fmt::format(
      " Problem in the Tagging body: {}; send <Tagging><TagSet><Tag><Key>k"
      "</Key><Value>v</Value></Tag>...</TagSet></Tagging>.",
      detail);
  return Status::FromServiceError(std::move(error));
}

Status HeaderFormatError(std::string message) {
  return TagError("InvalidArgument",
                  std::move(message) +
                      "; write x-oss-tagging as key1=value1&key2=value2 (a "
                      "bare key for an empty value), every key and value "
                      "URL-encoded",
                  "0010-00000219");
}

// The byte length of the UTF-8 sequence at text[i] when it is well-formed
// (no overlong form, no surrogate, nothing above U+10FFFF) and encodes a
// code point from U+00A0 up; 0 otherwise. U+0080..U+009F are the C1
// control characters, not letters. Written here because the one UTF-8
// check of the project (oss/names.cc) is private to it and answers only
// valid/invalid, while this needs the code point.
size_t NonAsciiLetterLength(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length;
  uint32_t code_point;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kShortest[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point < 0xA0) {
    return 0;
  }
  return length;
}

bool IsAllowedAscii(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' ||
         c == '=' || c == '.' || c == '_' || c == ':' || c == '/';
}

// What the first character a tag may not hold is, or nullopt when all are
// allowed.
std::optional<std::string> FirstRefusedCharacter(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsAllowedAscii(c)) {
      ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      size_t length = NonAsciiLetterLength(text, i);
      if (length == 0) {
        return fmt::format(
            "byte 0x{:02X} at offset {}, which starts no "
            "UTF-8 letter",
            static_cast<unsigned char>(c), i);
      }
      i += length;
    } else if (c >= 0x21 && c < 0x7F) {
      return fmt::format("'{}'", c);
    } else {
      return fmt::format("the control character 0x{:02X}",
                         static_cast<unsigned char>(c));
    }
  }
  return std::nullopt;
}

Status ValidateKey(std::string_view key, size_t number) {
  constexpr std::string_view kInvalid =
      "The TagKey you have provided is invalid";
  if (key.empty()) {
    return TagError("InvalidTag",
                    fmt::format("{}: tag {} has an empty key; a key has 1 to "
                                "{} bytes of {}",
                                kInvalid, number, kMaxTagKeyBytes, kAllowed));
  }
  if (key.size() > kMaxTagKeyBytes) {
    return TagError(
        "InvalidTag",
        fmt::format("{}: the key \"{}\" is {} bytes long; a key has 1 to {} "
                    "bytes",
                    kInvalid, TextExcerpt(key), key.size(), kMaxTagKeyBytes),
        "0010-00000209");
  }
  if (std::optional<std::string> refused = FirstRefusedCharacter(key)) {
    return TagError(
        "InvalidTag",
        fmt::format("{}: the key \"{}\" holds {}; a key may hold "
                    "only {}",
                    kInvalid, TextExcerpt(key), *refused, kAllowed));
  }
  return Status::Ok();
}

Status ValidateValue(std::string_view key, std::string_view value) {
  constexpr std::string_view kInvalid =
      "The TagValue you have provided is invalid";
  if (value.size() > kMaxTagValueBytes) {
    return TagError("InvalidTag",
                    fmt::format("{}: the value of \"{}\" is {} bytes long; a "
                                "value has at most {} bytes",
                                kInvalid, TextExcerpt(key), value.size(),
                                kMaxTagValueBytes));
  }
  if (std::optional<std::string> refused = FirstRefusedCharacter(value)) {
    return TagError(
        "InvalidTag",
        fmt::format("{}: the value of \"{}\" holds {}; a value "
                    "may hold only {}",
                    kInvalid, TextExcerpt(key), *refused, kAllowed));
  }
  return Status::Ok();
}

// The rules of §6.4, in the order: count, then each tag's key and value,
// then whether its key came before.
Status ValidateTags(const TagSet& tags, TagSource source) {
  if (tags.size() > kMaxObjectTags) {
    const std::string message = fmt::format(
        "Object tags cannot be greater than {}: {} tags were given; put at "
        "most {} tags on an object",
        kMaxObjectTags, tags.size(), kMaxObjectTags);
    return source == TagSource::kHeader ? TagError("BadRequest", message)
                                        : TagError("InvalidTag", message);
  }
  std::unordered_set<std::string_view> keys;
  for (size_t i = 0; i < tags.size(); ++i) {
    const auto& [key, value] = tags[i];
    RETURN_IF_ERROR(ValidateKey(key, i + 1));
    RETURN_IF_ERROR(ValidateValue(key, value));
    if (!keys.insert(key).second) {
      return source == TagSource::kHeader
                 ? TagError("InvalidArgument",
                            fmt::format("query parameters without tag name "
                                        "duplicates: the key \"{}\" is given "
                                        "more than once; give each key once",
                                        TextExcerpt(key)))
                 : TagError("InvalidTag",
                            fmt::format("Cannot provide multiple Tags with "
                                        "the same key: \"{}\" is given more "
                                        "than once; give each key once",
                                        TextExcerpt(key)));
    }
  }
  return Status::Ok();
}

Result<ObjectTag> ParseHeaderItem(std::string_view item, size_t number) {
  if (item.empty()) {
    return HeaderFormatError(
        fmt::format("item {} of x-oss-tagging is empty "
                    "(two '&' in a row, or one at an "
                    "end)",
                    number));
  }
  const size_t equals = item.find('=');
  if (equals != std::string_view::npos &&
      item.find('=', equals + 1) != std::string_view::npos) {
    return HeaderFormatError(fmt::format(
        "the x-oss-tagging item \"{}\" has more than one '=' (a '=' inside a "
        "key or value is written %3D)",
        TextExcerpt(item)));
  }
  const std::string_view key_text = item.substr(0, equals);
  const std::string_view value_text = equals == std::string_view::npos
                                          ? std::string_view()
                                          : item.substr(equals + 1);
  std::optional<std::string> key = util::UriDecode(key_text);
  std::optional<std::string> value = util::UriDecode(value_text);
  if (!key || !value) {
    return HeaderFormatError(fmt::format(
        "the x-oss-tagging item \"{}\" has a '%' not followed by two hex "
        "digits",
        TextExcerpt(item)));
  }
  return ObjectTag{std::move(*key), std::move(*value)};
}

// Reads <Tag>: one <Key>, at most one <Value>, nothing else.
Result<ObjectTag> ParseTagElement(pugi::xml_node tag) {
  std::optional<std::string> key;
  std::optional<std::string> value;
  for (pugi::xml_node child : tag.children()) {
    if (IsWhitespaceText(child)) continue;
    const std::string_view name = child.name();
    std::optional<std::string>* slot = nullptr;
    if (child.type() == pugi::node_element && name == "Key") {
      slot = &key;
    } else if (child.type() == pugi::node_element && name == "Value") {
      slot = &value;
    } else if (child.type() == pugi::node_element) {
      return MalformedTagging(
          fmt::format("<{}> in a <Tag>, which holds only <Key> and <Value>",
                      TextExcerpt(name)));
    } else {
      return MalformedTagging("text in a <Tag> outside <Key> and <Value>");
    }
    if (*slot) {
      return MalformedTagging(
          fmt::format("a <Tag> with two <{}> elements", name));
    }
    Result<std::string> text = ElementText(child);
    if (!text.ok()) return MalformedTagging(text.status().message());
    *slot = std::move(*text);
  }
  if (!key) return MalformedTagging("a <Tag> without <Key>");
  return ObjectTag{std::move(*key), std::move(value).value_or("")};
}

}  // namespace

Result<TagSet> ParseTaggingHeader(std::string_view header) {
  TagSet tags;
  if (header.empty()) return tags;
  size_t start = 0;
  for (size_t number = 1;; ++number) {
    const size_t amp = header.find('&', start);
    ASSIGN_OR_RETURN(
        auto tag, ParseHeaderItem(header.substr(start, amp - start), number));
    tags.push_back(std::move(tag));
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  RETURN_IF_ERROR(ValidateTags(tags, TagSource::kHeader));
  return tags;
}

Result<TagSet> ParseTaggingXml(std::string_view body) {
  if (body.size() > kMaxTaggingXmlBytes) {
    return MalformedTagging(
        fmt::format("{} bytes, more than the {} it may have", body.size(),
                    kMaxTaggingXmlBytes));
  }
  pugi::xml_document document;
  Result<pugi::xml_node> root = LoadRequestXml(body, document);
  if (!root.ok()) return MalformedTagging(root.status().message());
  if (std::string_view(root->name()) != "Tagging") {
    return MalformedTagging(fmt::format("the root element <{}>, not <Tagging>",
                                        TextExcerpt(root->name())));
  }
  pugi::xml_node tag_set;
  for (pugi::xml_node child : root->children()) {
    if (IsWhitespaceText(child)) continue;
    if (child.type() != pugi::node_element ||
        std::string_view(child.name()) != "TagSet") {
      return MalformedTagging(
          "something other than <TagSet> in <Tagging>, which holds exactly "
          "one <TagSet>");
    }
    if (tag_set) return MalformedTagging("two <TagSet> elements");
    tag_set = child;
  }
  if (!tag_set) return MalformedTagging("no <TagSet>");
  TagSet tags;
  for (pugi::xml_node child : tag_set.children()) {
    if (IsWhitespaceText(child)) continue;
    if (child.type() != pugi::node_element ||
        std::string_view(child.name()) != "Tag") {
      return MalformedTagging(
          "something other than <Tag> elements in <TagSet>");
    }
    ASSIGN_OR_RETURN(auto tag, ParseTagElement(child));
    tags.push_back(std::move(tag));
  }
  RETURN_IF_ERROR(ValidateTags(tags, TagSource::kXml));
  return tags;
}

std::string TaggingXml(const TagSet& tags) {
  // The declaration is written by hand: pugixml's format_raw would put no
  // newline after it, and OSS's answers have one (oss-protocol-2.md §0.3).
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
         oss::BuildTaggingXml(tags);
}

}  // namespace ossxfer::server
