#include "cli/sync_lock.h"

#include <fmt/format.h>

#include "util/state_directory.h"

namespace ossxfer::cli {

Result<util::File> LockSyncDestination(const std::string& destination) {
  Result<util::File> lock = util::OpenLockedStateFile(
      "sync", destination, ".lock", "sync keeps its lock");
  if (lock.status().code() == StatusCode::kBusy) {
    return Status::Busy(
        fmt::format("another sync of {} is running ({}); wait for it to end",
                    destination, lock.status().message()));
  }
  return lock;
}

}  // namespace ossxfer::cli
