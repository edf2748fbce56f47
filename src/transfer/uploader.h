// The upload behind Upload() (ossxfer/upload.h), with the file system it
// reads the source and writes the checkpoint through made explicit, so that
// tests can make those calls fail (util/file_system.h).
#ifndef OSSXFER_TRANSFER_UPLOADER_H_
#define OSSXFER_TRANSFER_UPLOADER_H_

#include "ossxfer/client.h"
#include "ossxfer/result.h"
#include "ossxfer/upload.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

// Upload(client, request), every read of the source file and every write,
// sync and rename of the checkpoint going through `file_system`.
Result<UploadResult> RunUpload(
    const Client& client, const UploadRequest& request,
    util::FileSystem& file_system = util::FileSystem::Posix());

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_UPLOADER_H_
