// `ossxfer cp SRC DST`: oss:// <-> local in both directions, https:// URLs
// to local files, and -r for prefixes and directories.
#ifndef OSSXFER_CLI_CP_COMMAND_H_
#define OSSXFER_CLI_CP_COMMAND_H_

#include <CLI/CLI.hpp>

#include "cli/global_flags.h"

namespace ossxfer::cli {

void AddCpCommand(CLI::App& app, GlobalFlags& global, int* exit_code);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_CP_COMMAND_H_
