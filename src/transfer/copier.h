// The server-side copy behind Copy() (ossxfer/copy.h), with the file system
// its checkpoint is written through made explicit, so that tests can make
// those calls fail (util/file_system.h).
#ifndef OSSXFER_TRANSFER_COPIER_H_
#define OSSXFER_TRANSFER_COPIER_H_

#include "ossxfer/client.h"
#include "ossxfer/copy.h"
#include "ossxfer/result.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

// Copy(client, request), every write, sync and rename of the checkpoint
// going through `file_system`.
Result<CopyResult> RunCopy(
    const Client& client, const CopyRequest& request,
    util::FileSystem& file_system = util::FileSystem::Posix());

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_COPIER_H_
