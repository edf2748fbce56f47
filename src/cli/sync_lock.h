// One sync of a destination at a time (on this machine): two at once
// would each --delete what the other is uploading, or compare against
// files the other is half-way through. The second fails fast with kBusy
// (exit 7), naming the lock.
#ifndef OSSXFER_CLI_SYNC_LOCK_H_
#define OSSXFER_CLI_SYNC_LOCK_H_

#include <string>

#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::cli {

// Locks `destination` (its URL with the endpoint, or its absolute path)
// until the returned File is closed: flock on a file named by a hash of it
// under the state directory's sync/ (util/state_directory.h). Another
// machine's sync of the same prefix is not seen.
Result<util::File> LockSyncDestination(const std::string& destination);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SYNC_LOCK_H_
