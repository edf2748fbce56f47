#include "cli/checksum_json.h"

#include <string>

namespace ossxfer::cli {

nlohmann::json ChecksumJson(const std::optional<Checksum>& checksum) {
  if (!checksum) return nullptr;
  return {
      {"algorithm", std::string(ChecksumAlgorithmName(checksum->algorithm))},
      {"value", std::to_string(checksum->value)}};
}

}  // namespace ossxfer::cli
