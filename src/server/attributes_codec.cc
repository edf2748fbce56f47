#include "server/attributes_codec.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace ossxfer::server {
namespace {

// 1: without tagging; 2: tagging after the forbid-overwrite byte.
constexpr char kVersion = 2;

void PutLength(uint32_t value, std::string& out) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>(value >> (8 * i)));
}

void PutString(std::string_view value, std::string& out) {
  PutLength(static_cast<uint32_t>(value.size()), out);
  out.append(value);
}

// Reads the encoding front to back; any read past the end fails.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  std::optional<uint32_t> Length() {
    if (rest_.size() < 4) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      value |= static_cast<uint32_t>(static_cast<unsigned char>(rest_[i]))
               << (8 * i);
    }
    rest_.remove_prefix(4);
    return value;
  }

  bool String(std::string& out) {
    std::optional<uint32_t> size = Length();
    if (!size || *size > rest_.size()) return false;
    out.assign(rest_.substr(0, *size));
    rest_.remove_prefix(*size);
    return true;
  }

  bool Byte(char& out) {
    if (rest_.empty()) return false;
    out = rest_.front();
    rest_.remove_prefix(1);
    return true;
  }

  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

// The scalar fields, in their stored order.
template <typename Attributes, typename Visit>
bool ForEachString(Attributes& attributes, Visit&& visit) {
  return visit(attributes.content_type) && visit(attributes.cache_control) &&
         visit(attributes.content_disposition) &&
         visit(attributes.content_encoding) && visit(attributes.expires) &&
         visit(attributes.acl) && visit(attributes.storage_class);
}

}  // namespace

std::string EncodeAttributes(const ObjectAttributes& attributes) {
  std::string out(1, kVersion);
  ForEachString(attributes, [&out](const std::string& value) {
    PutString(value, out);
    return true;
  });
  PutLength(static_cast<uint32_t>(attributes.user_metadata.size()), out);
  for (const auto& [name, value] : attributes.user_metadata) {
    PutString(name, out);
    PutString(value, out);
  }
  out.push_back(attributes.forbid_overwrite ? 1 : 0);
  PutString(attributes.tagging, out);
  return out;
}

Result<ObjectAttributes> DecodeAttributes(std::string_view bytes) {
  const Status corrupt =
      Status::DataCorruption("stored object attributes are malformed");
  Reader reader(bytes);
  char version = 0;
  if (!reader.Byte(version) || version < 1 || version > kVersion) {
    return corrupt;
  }
  ObjectAttributes attributes;
  if (!ForEachString(attributes, [&reader](std::string& value) {
        return reader.String(value);
      })) {
    return corrupt;
  }
  std::optional<uint32_t> count = reader.Length();
  if (!count) return corrupt;
  for (uint32_t i = 0; i < *count; ++i) {
    std::string name;
    std::string value;
    if (!reader.String(name) || !reader.String(value)) return corrupt;
    attributes.user_metadata.emplace(std::move(name), std::move(value));
  }
  char forbid = 0;
  if (!reader.Byte(forbid)) return corrupt;
  attributes.forbid_overwrite = forbid != 0;
  if (version >= 2 && !reader.String(attributes.tagging)) return corrupt;
  if (!reader.done()) return corrupt;
  return attributes;
}

}  // namespace ossxfer::server
