// The download machinery behind Download() and DownloadUrl(): parts,
// checkpoint, temp file, verification, restart on a changed object. What
// differs between an OSS object and a URL is behind ObjectSource.
#ifndef OSSXFER_TRANSFER_DOWNLOADER_H_
#define OSSXFER_TRANSFER_DOWNLOADER_H_

#include "ossxfer/download.h"
#include "ossxfer/result.h"
#include "transfer/object_source.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

// Checks the request's transfer parameters (part size, parallel, range;
// not what names the object, which is the caller's), resolves the paths,
// locks the temp file and downloads from `source`. Each part retries by
// `retry` (the contract is in ossxfer/retry_policy.h). The temp file and
// the checkpoint are written, synced and renamed through `file_system`.
Result<DownloadResult> RunDownload(
    const ObjectSource& source, const DownloadRequest& request,
    const RetryPolicy& retry,
    util::FileSystem& file_system = util::FileSystem::Posix());

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_DOWNLOADER_H_
