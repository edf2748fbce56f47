// How --json output writes a checksum: the algorithm's stable name and the
// value as a decimal string (JSON numbers above 2^53 lose digits in most
// parsers), as the x-oss-hash-crc64ecma header writes it.
#ifndef OSSXFER_CLI_CHECKSUM_JSON_H_
#define OSSXFER_CLI_CHECKSUM_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>

#include "ossxfer/checksum.h"

namespace ossxfer::cli {

// {"algorithm": "crc64ecma", "value": "11051210869376104954"}, or null.
nlohmann::json ChecksumJson(const std::optional<Checksum>& checksum);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_CHECKSUM_JSON_H_
