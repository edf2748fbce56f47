// Directories created inside a destination tree that someone else may have
// prepared: a symbolic link planted in it must not carry a write (or a new
// directory) outside.
#ifndef OSSXFER_CLI_LOCAL_TREE_H_
#define OSSXFER_CLI_LOCAL_TREE_H_

#include <filesystem>

#include "ossxfer/status.h"

namespace ossxfer::cli {

// Makes `root`/`relative` a directory, creating what is missing one
// component at a time relative to the directory above it (mkdirat, then
// openat with O_NOFOLLOW), so that no component is ever a symbolic link
// followed or a directory made outside `root`. `root` itself is taken as
// given (it is the user's argument); `relative` must hold no "..", "." or
// empty component (SafeLocalPath guarantees it). kInvalidArgument naming
// the component that is a link or not a directory; kIoError otherwise.
Status MakeDirectoriesInside(const std::filesystem::path& root,
                             const std::filesystem::path& relative);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_LOCAL_TREE_H_
