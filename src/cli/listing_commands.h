// Listing commands: `ls` (buckets, keys, -r) and `uploads ls|abort` for
// unfinished multipart uploads.
#ifndef OSSXFER_CLI_LISTING_COMMANDS_H_
#define OSSXFER_CLI_LISTING_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli/global_flags.h"

namespace ossxfer::cli {

void AddListingCommands(CLI::App& app, GlobalFlags& global, int* exit_code);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_LISTING_COMMANDS_H_
