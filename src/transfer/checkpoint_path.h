// Where a transfer keeps its checkpoint, for downloads and uploads alike.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_PATH_H_
#define OSSXFER_TRANSFER_CHECKPOINT_PATH_H_

#include <filesystem>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::transfer {

// `given` empty: "<anchor><extension>" beside the local file. `given` a
// directory (existing, or written with a trailing '/'): created if missing,
// and the checkpoint is "<anchor name>-<16 hex of SHA-256(identity)>
// <extension>" inside it, so transfers sharing a directory never collide.
// Otherwise `given` itself, with its directory created.
Result<std::filesystem::path> ResolveCheckpointPath(
    const std::filesystem::path& given, const std::filesystem::path& anchor,
    std::string_view identity, std::string_view extension);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_PATH_H_
