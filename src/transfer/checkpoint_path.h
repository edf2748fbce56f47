// Where a transfer keeps its checkpoint (and, in a shared work directory,
// its temp file), for downloads and uploads alike.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_PATH_H_
#define OSSXFER_TRANSFER_CHECKPOINT_PATH_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::transfer {

// "<anchor name>-<16 hex of SHA-256(identity)><extension>": the name of a
// transfer's file in a directory that many transfers share, so that they
// never collide. The anchor's name is cut to 200 bytes so that the whole
// stays within the 255 bytes a file name may have.
std::string SharedDirectoryFileName(const std::filesystem::path& anchor,
                                    std::string_view identity,
                                    std::string_view extension);

// `given` empty: "<anchor><extension>" beside the local file. `given` a
// directory (existing, or written with a trailing '/'): created if missing,
// and the checkpoint is SharedDirectoryFileName inside it. Otherwise `given`
// itself, with its directory created. Whatever the path, something there
// that is not a regular file (a directory, a symbolic link, a FIFO) is
// refused with kInvalidArgument naming it: no run could ever write its
// checkpoint.
Result<std::filesystem::path> ResolveCheckpointPath(
    const std::filesystem::path& given, const std::filesystem::path& anchor,
    std::string_view identity, std::string_view extension);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_PATH_H_
