#include "transfer/checkpoint_fields.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "util/status_macros.h"

namespace ossxfer::transfer::checkpoint_fields {
namespace {

using nlohmann::json;

Status Corrupt(std::string reason) {
  return Status::DataCorruption(std::move(reason));
}

}  // namespace

Result<const json*> Field(const json& object, std::string_view name) {
  auto found = object.find(name);
  if (found == object.end()) {
    return Corrupt(fmt::format("missing field \"{}\"", name));
  }
  return &*found;
}

Result<std::string> GetString(const json& object, std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  if (!value->is_string()) {
    return Corrupt(fmt::format("field \"{}\" is not a string", name));
  }
  return value->get<std::string>();
}

// JSON numbers are checked by kind, never converted: a negative or
// fractional value in a size or a CRC means the file is not ours, and a
// conversion would silently wrap or truncate it.
Result<uint64_t> ToUint64(const json& value, std::string_view name) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer()) {
    return Corrupt(fmt::format("field \"{}\" is negative", name));
  }
  if (value.is_number_float()) {
    return Corrupt(fmt::format("field \"{}\" is not a whole number", name));
  }
  return Corrupt(fmt::format("field \"{}\" is not a number", name));
}

Result<uint64_t> GetUint64(const json& object, std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  return ToUint64(*value, name);
}

Result<int64_t> GetInt64(const json& object, std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  // The parser stores every non-negative integer as unsigned, so a
  // positive int64 arrives here as one.
  if (value->is_number_unsigned()) {
    uint64_t unsigned_value = value->get<uint64_t>();
    if (unsigned_value >
        static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Corrupt(fmt::format("field \"{}\" is out of range", name));
    }
    return static_cast<int64_t>(unsigned_value);
  }
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_number_float()) {
    return Corrupt(fmt::format("field \"{}\" is not a whole number", name));
  }
  return Corrupt(fmt::format("field \"{}\" is not a number", name));
}

Result<std::optional<uint64_t>> GetOptionalUint64(const json& object,
                                                  std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  if (value->is_null()) return std::optional<uint64_t>();
  ASSIGN_OR_RETURN(uint64_t number, ToUint64(*value, name));
  return std::optional<uint64_t>(number);
}

Result<bool> GetBoolOr(const json& object, std::string_view name, bool absent) {
  if (!object.is_object() || !object.contains(name)) return absent;
  const json& value = object.at(name);
  if (!value.is_boolean()) {
    return Status::DataCorruption(
        fmt::format("field \"{}\" is not true or false", name));
  }
  return value.get<bool>();
}

Result<uint64_t> GetUint64Or(const json& object, std::string_view name,
                             uint64_t absent) {
  if (!object.is_object() || !object.contains(name)) return absent;
  return ToUint64(object.at(name), name);
}

Result<std::string> GetStringOr(const json& object, std::string_view name,
                                std::string absent) {
  if (!object.is_object() || !object.contains(name)) return absent;
  return GetString(object, name);
}

namespace {

Result<ChecksumAlgorithm> ToAlgorithm(const json& value,
                                      std::string_view name) {
  if (!value.is_string()) {
    return Corrupt(fmt::format("field \"{}\" is not a string", name));
  }
  const std::string& text = value.get_ref<const std::string&>();
  std::optional<ChecksumAlgorithm> algorithm = ParseChecksumAlgorithm(text);
  if (!algorithm) {
    return Corrupt(fmt::format(
        "field \"{}\" names the checksum algorithm {}, which this ossxfer "
        "does not know (it knows {}, {} and {})",
        name, value.dump(-1, ' ', false, json::error_handler_t::replace),
        ChecksumAlgorithmName(ChecksumAlgorithm::kCrc64Ecma),
        ChecksumAlgorithmName(ChecksumAlgorithm::kCrc32c),
        ChecksumAlgorithmName(ChecksumAlgorithm::kCrc32)));
  }
  return *algorithm;
}

}  // namespace

Result<std::optional<ChecksumAlgorithm>> GetOptionalAlgorithm(
    const json& object, std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  if (value->is_null()) return std::optional<ChecksumAlgorithm>();
  ASSIGN_OR_RETURN(ChecksumAlgorithm algorithm, ToAlgorithm(*value, name));
  return std::optional<ChecksumAlgorithm>(algorithm);
}

Result<std::optional<Checksum>> GetOptionalChecksum(const json& object,
                                                    std::string_view name) {
  ASSIGN_OR_RETURN(const json* value, Field(object, name));
  if (value->is_null()) return std::optional<Checksum>();
  if (!value->is_object()) {
    return Corrupt(fmt::format("field \"{}\" is not an object", name));
  }
  Checksum checksum;
  ASSIGN_OR_RETURN(const json* algorithm, Field(*value, "algorithm"));
  ASSIGN_OR_RETURN(checksum.algorithm, ToAlgorithm(*algorithm, "algorithm"));
  ASSIGN_OR_RETURN(checksum.value, GetUint64(*value, "value"));
  return std::optional<Checksum>(checksum);
}

json AlgorithmJson(const std::optional<ChecksumAlgorithm>& algorithm) {
  if (!algorithm) return json(nullptr);
  return json(std::string(ChecksumAlgorithmName(*algorithm)));
}

json ChecksumJson(const std::optional<Checksum>& checksum) {
  if (!checksum) return json(nullptr);
  return json{
      {"algorithm", std::string(ChecksumAlgorithmName(checksum->algorithm))},
      {"value", checksum->value}};
}

}  // namespace ossxfer::transfer::checkpoint_fields
