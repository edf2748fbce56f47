// `ossxfer sync --delete`: what the destination has and the source lacks
// goes, once every file of the sync was compared and transferred without
// a failure (a failed listing or comparison never deletes anything).
// Entries the filters leave out stay, as with rclone.
#ifndef OSSXFER_CLI_SYNC_DELETE_H_
#define OSSXFER_CLI_SYNC_DELETE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "cli/command_output.h"
#include "cli/destination_cursor.h"
#include "cli/exit_codes.h"
#include "cli/path_filter.h"
#include "cli/store_url.h"
#include "cli/sync_rules.h"
#include "ossxfer/client.h"

namespace ossxfer::cli {

// `extraneous`: the destination's entries the source lacks (paths below
// the destination's root, with their facts).
// Returns `code` when it is not kExitOk (nothing deleted, said on
// stderr), else kExitPartialFailure if a deletion failed.
ExitCode DeleteExtraneousObjects(
    const Client& client, const SyncRules& rules, const PathFilter* filter,
    StoreDialect dialect, const std::string& bucket, const std::string& prefix,
    const std::vector<DestinationEntry>& extraneous, ExitCode code,
    CommandOutput& output);
ExitCode DeleteExtraneousFiles(const SyncRules& rules, const PathFilter* filter,
                               const std::filesystem::path& directory,
                               const std::vector<DestinationEntry>& extraneous,
                               ExitCode code, CommandOutput& output);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SYNC_DELETE_H_
