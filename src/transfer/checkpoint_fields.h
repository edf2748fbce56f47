// Typed, checked reads of a checkpoint body's fields, shared by every
// checkpoint kind (download .dcp, upload .ucp) so they reject a mistyped
// or missing field with the same wording.
//
// Each returns kDataCorruption with a one-line reason ("missing field
// \"key\"", "field \"size\" is negative", ...) and never throws.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_FIELDS_H_
#define OSSXFER_TRANSFER_CHECKPOINT_FIELDS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "ossxfer/checksum.h"
#include "ossxfer/result.h"

namespace ossxfer::transfer::checkpoint_fields {

// The field `name` of `object` (which must be a JSON object), or why it is
// missing. The pointer is into `object`.
Result<const nlohmann::json*> Field(const nlohmann::json& object,
                                    std::string_view name);

Result<std::string> GetString(const nlohmann::json& object,
                              std::string_view name);

// `value` as an unsigned 64-bit number; `name` is only for the reason.
// Negative and fractional numbers are rejected, never converted.
Result<uint64_t> ToUint64(const nlohmann::json& value, std::string_view name);

Result<uint64_t> GetUint64(const nlohmann::json& object, std::string_view name);

Result<int64_t> GetInt64(const nlohmann::json& object, std::string_view name);

// A JSON null reads as nullopt; the field itself must be present.
Result<std::optional<uint64_t>> GetOptionalUint64(const nlohmann::json& object,
                                                  std::string_view name);

// A field added in a later release: `absent` when the body has none (a
// checkpoint written before it existed), otherwise it must be a boolean.
Result<bool> GetBoolOr(const nlohmann::json& object, std::string_view name,
                       bool absent);
Result<uint64_t> GetUint64Or(const nlohmann::json& object,
                             std::string_view name, uint64_t absent);
Result<std::string> GetStringOr(const nlohmann::json& object,
                                std::string_view name, std::string absent);

// A checksum algorithm by its stable name ("crc32c"); null reads as
// nullopt. A name this ossxfer does not know is refused, naming it and the
// known ones: a value in an unknown algorithm can be neither checked nor
// combined.
Result<std::optional<ChecksumAlgorithm>> GetOptionalAlgorithm(
    const nlohmann::json& object, std::string_view name);

// A Checksum written as {"algorithm": "<name>", "value": <number>}; null
// reads as nullopt.
Result<std::optional<Checksum>> GetOptionalChecksum(
    const nlohmann::json& object, std::string_view name);

// How the two above are written.
nlohmann::json AlgorithmJson(const std::optional<ChecksumAlgorithm>& algorithm);
nlohmann::json ChecksumJson(const std::optional<Checksum>& checksum);

}  // namespace ossxfer::transfer::checkpoint_fields

#endif  // OSSXFER_TRANSFER_CHECKPOINT_FIELDS_H_
