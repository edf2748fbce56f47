// Runs one file's transfer through the library (Download, DownloadUrl,
// Upload or Copy) with the command's progress display and cancellation, and
// reports it as a TransferOutcome. Shared by single and recursive copies.
#ifndef OSSXFER_CLI_TRANSFER_RUNNER_H_
#define OSSXFER_CLI_TRANSFER_RUNNER_H_

#include <string>

#include "cli/progress_display.h"
#include "cli/transfer_outcome.h"
#include "ossxfer/client.h"
#include "ossxfer/copy.h"
#include "ossxfer/download.h"
#include "ossxfer/transfer_control.h"
#include "ossxfer/upload.h"

namespace ossxfer::cli {

struct TransferContext {
  const Client* client = nullptr;      // unset for plain URL downloads
  HttpOptions http_options;            // for plain URL downloads
  ProgressDisplay* display = nullptr;  // no bar when unset
  CancellationToken cancellation;
};

TransferOutcome RunDownload(const TransferContext& context,
                            DownloadRequest request, std::string source);
TransferOutcome RunUrlDownload(const TransferContext& context,
                               const std::string& url, DownloadRequest request);
TransferOutcome RunUpload(const TransferContext& context, UploadRequest request,
                          std::string destination);
TransferOutcome RunCopy(const TransferContext& context, CopyRequest request,
                        std::string source, std::string destination);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TRANSFER_RUNNER_H_
