// `ossxfer cp -r`: every object under a prefix to a directory or to another
// prefix, or every file under a directory to a prefix. Files run --jobs at a
// time, each resumable with its own checkpoint, as the listing produces them
// (cli/item_stream.h); one file's failure is reported and the rest
// continue; a summary (done / skipped / failed) ends the run.
#ifndef OSSXFER_CLI_RECURSIVE_COPY_H_
#define OSSXFER_CLI_RECURSIVE_COPY_H_

#include <filesystem>
#include <string>

#include "cli/command_output.h"
#include "cli/exit_codes.h"
#include "cli/store_url.h"
#include "cli/transfer_runner.h"
#include "cli/transfer_settings.h"

namespace ossxfer::cli {

// Keys that would land outside `directory` (`../`, absolute) are refused
// and counted as failed, never written.
ExitCode CopyPrefixToDirectory(const TransferContext& context,
                               const TransferSettings& settings,
                               const StoreUrl& source,
                               const std::filesystem::path& directory,
                               CommandOutput& output);

// Server-side: every object under `source` to the same relative key under
// `destination`, each a resumable Copy(). A destination inside the source
// has the whole listing taken before the first copy, so that it never
// copies its own copies; every other tree streams (cli/item_stream.h).
ExitCode CopyPrefixToPrefix(const TransferContext& context,
                            const TransferSettings& settings,
                            const StoreUrl& source, const StoreUrl& destination,
                            CommandOutput& output);

ExitCode CopyDirectoryToPrefix(const TransferContext& context,
                               const TransferSettings& settings,
                               const std::filesystem::path& directory,
                               const StoreUrl& destination,
                               CommandOutput& output);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_RECURSIVE_COPY_H_
