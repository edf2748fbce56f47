#include "util/state_directory.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <system_error>

#include "util/digest.h"
#include "util/encoding.h"
#include "util/status_macros.h"

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

Result<File> OpenLockedStateFile(std::string_view subdirectory,
                                 std::string_view identity,
                                 std::string_view extension,
                                 std::string_view what) {
  const std::filesystem::path state = OssxferStateDirectory();
  if (state.empty()) {
    return Status::InvalidArgument(fmt::format(
        "{} under $XDG_STATE_HOME or $HOME, and neither is set", what));
  }
  const std::filesystem::path directory = state / subdirectory;
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Status::IoError(fmt::format("cannot create {}: {}",
                                       directory.string(), error.message()));
  }
  const std::filesystem::path path =
      directory /
      (HexLower(Sha256(identity)).substr(0, 32) + std::string(extension));
  ASSIGN_OR_RETURN(File file, File::OpenWorkFile(path, O_RDWR | O_CREAT, 0600));
  Status locked = file.TryLock();
  if (locked.code() == StatusCode::kBusy) {
    return Status::Busy(
        fmt::format("{} is held by another process", path.string()));
  }
  RETURN_IF_ERROR(locked);
  return file;
}

}  // namespace ossxfer::util
