#include "util/state_directory.h"

#include <cstdlib>

namespace ossxfer::util {

std::filesystem::path OssxferStateDirectory() {
  if (const char* state = std::getenv("XDG_STATE_HOME");
      state != nullptr && *state == '/') {
    return std::filesystem::path(state) / "ossxfer";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
    return std::filesystem::path(home) / ".local" / "state" / "ossxfer";
  }
  return {};
}

}  // namespace ossxfer::util
