// The envelope every checkpoint shares (download .dcp, upload .ucp): JSON
// with a format name, a version and a checksum of the content, so a file
// that was truncated, edited, or belongs to something else is recognised
// and discarded instead of trusted.
//
//   {"format": "ossxfer-download", "version": 1,
//    "checksum": "<hex SHA-256 of the body's canonical dump>",
//    "body": { ... }}
#ifndef OSSXFER_TRANSFER_CHECKPOINT_FILE_H_
#define OSSXFER_TRANSFER_CHECKPOINT_FILE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::transfer {

std::string SealCheckpoint(std::string_view format, int version,
                           const nlohmann::json& body);

// The body, or kDataCorruption with a one-line reason: "not JSON",
// "not an ossxfer-download checkpoint (format ...)", "version 2 is not
// supported (this ossxfer reads version 1)", "checksum mismatch (the file
// was changed or cut short)". Never throws.
Result<nlohmann::json> OpenCheckpoint(std::string_view text,
                                      std::string_view format, int version);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_FILE_H_
