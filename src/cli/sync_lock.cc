#include "cli/sync_lock.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <system_error>

#include "util/digest.h"
#include "util/encoding.h"
#include "util/state_directory.h"

namespace ossxfer::cli {

Result<util::File> LockSyncDestination(const std::string& destination) {
  const std::filesystem::path state = util::OssxferStateDirectory();
  if (state.empty()) {
    return Status::InvalidArgument(
        "sync keeps its lock under $XDG_STATE_HOME or $HOME, and neither is "
        "set");
  }
  const std::filesystem::path directory = state / "sync";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Status::IoError(fmt::format("cannot create {}: {}",
                                       directory.string(), error.message()));
  }
  const std::filesystem::path path =
      directory /
      (util::HexLower(util::Sha256(destination)).substr(0, 32) + ".lock");
  Result<util::File> lock =
      util::File::OpenWorkFile(path, O_RDWR | O_CREAT, 0600);
  if (!lock.ok()) return lock.status();
  Status locked = lock->TryLock();
  if (locked.code() == StatusCode::kBusy) {
    return Status::Busy(fmt::format(
        "another sync of {} is running (it holds {}); wait for it to end",
        destination, path.string()));
  }
  if (!locked.ok()) return locked;
  return lock;
}

}  // namespace ossxfer::cli
