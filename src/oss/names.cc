#include "oss/names.h"

#include <string>

namespace ossxfer::oss {
namespace {

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Checks UTF-8 structure: lead bytes, continuation bytes, no overlong
// forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code_point;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// Four dot-separated groups of digits: "192.168.5.4".
bool LooksLikeIpv4(std::string_view name) {
  int groups = 0;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    std::string_view group = name.substr(start, dot - start);
    if (group.empty() || group.size() > 3 ||
        group.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    ++groups;
    start = dot + 1;
  }
  return groups == 4;
}

}  // namespace

Status ValidateBucketName(std::string_view bucket, bool dots_allowed) {
  auto invalid = [bucket, dots_allowed](std::string_view why) {
    return Status::InvalidArgument(
        "invalid bucket name \"" + std::string(bucket) +
        "\": " + std::string(why) +
        (dots_allowed ? " (a bucket name has 3 to 63 characters: lowercase "
                        "letters, digits, '-' and '.', starting and ending "
                        "with a letter or digit)"
                      : " (a bucket name has 3 to 63 characters: lowercase "
                        "letters, digits and '-', starting and ending with a "
                        "letter or digit)"));
  };
  if (bucket.empty()) return invalid("it is empty");
  if (bucket.size() < 3 || bucket.size() > 63) {
    return invalid("it has " + std::to_string(bucket.size()) + " characters");
  }
  for (char c : bucket) {
    if (!IsLowerAlnum(c) && c != '-' && !(dots_allowed && c == '.')) {
      return invalid(std::string("it contains '") + c + "'");
    }
  }
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) {
    return invalid(
        std::string("it starts or ends with '") +
        (IsLowerAlnum(bucket.front()) ? bucket.back() : bucket.front()) + "'");
  }
  for (std::string_view pair : {"..", ".-", "-."}) {
    if (bucket.find(pair) != std::string_view::npos) {
      return invalid("it contains \"" + std::string(pair) + "\"");
    }
  }
  if (dots_allowed && LooksLikeIpv4(bucket)) {
    return invalid("it looks like an IPv4 address");
  }
  return Status();
}

Status ValidateObjectKey(std::string_view key) {
  if (key.empty()) {
    return Status::InvalidArgument("invalid object key: it is empty");
  }
  if (key.size() > 1023) {
    return Status::InvalidArgument(
        "invalid object key: it is " + std::to_string(key.size()) +
        " bytes long; OSS allows at most 1023 bytes");
  }
  if (key.front() == '/' || key.front() == '\\') {
    return Status::InvalidArgument("invalid object key \"" + std::string(key) +
                                   "\": it must not start with '/' or '\\'");
  }
  if (!IsValidUtf8(key)) {
    return Status::InvalidArgument("invalid object key: it is not valid UTF-8");
  }
  return Status();
}

}  // namespace ossxfer::oss
