// Where ossxfer keeps what belongs to no tree of the user's: server-side
// copy checkpoints, sync locks. $XDG_STATE_HOME/ossxfer when that is an
// absolute path, else $HOME/.local/state/ossxfer (the XDG default); empty
// when neither is set.
#ifndef OSSXFER_UTIL_STATE_DIRECTORY_H_
#define OSSXFER_UTIL_STATE_DIRECTORY_H_

#include <filesystem>

namespace ossxfer::util {

std::filesystem::path OssxferStateDirectory();

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_STATE_DIRECTORY_H_
