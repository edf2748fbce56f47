// Where ossxfer keeps what belongs to no tree of the user's: server-side
// copy checkpoints, sync locks, cp -r journals. $XDG_STATE_HOME/ossxfer when
// that is an absolute path, else $HOME/.local/state/ossxfer (the XDG default);
// empty when neither is set.
#ifndef OSSXFER_UTIL_STATE_DIRECTORY_H_
#define OSSXFER_UTIL_STATE_DIRECTORY_H_

#include <filesystem>
#include <string_view>

#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::util {

std::filesystem::path OssxferStateDirectory();

// A file of ossxfer's own in the state directory's `subdirectory` (made
// if missing), named by a hash of `identity` plus `extension` (".lock"),
// opened read-write (created 0600) and flock'ed for as long as the File
// lives. kBusy, naming the file, when another holds it; `what` says in
// messages what the file is for ("sync keeps its lock").
Result<File> OpenLockedStateFile(std::string_view subdirectory,
                                 std::string_view identity,
                                 std::string_view extension,
                                 std::string_view what);

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_STATE_DIRECTORY_H_
