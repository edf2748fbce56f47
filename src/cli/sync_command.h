// `ossxfer sync SRC DST`: makes DST hold what SRC holds, transferring only
// what differs (cli/sync_rules.h) and, with --delete, removing what SRC
// lacks (cli/sync_delete.h). A local directory to oss:// or s3:// and
// back; the transfers are cp -r's (resumable, verified, --jobs at once).
#ifndef OSSXFER_CLI_SYNC_COMMAND_H_
#define OSSXFER_CLI_SYNC_COMMAND_H_

#include <CLI/CLI.hpp>

#include "cli/global_flags.h"

namespace ossxfer::cli {

void AddSyncCommand(CLI::App& app, GlobalFlags& global, int* exit_code);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SYNC_COMMAND_H_
