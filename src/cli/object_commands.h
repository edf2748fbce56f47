// The small remote commands: stat, rm, presign, mb, rb.
#ifndef OSSXFER_CLI_OBJECT_COMMANDS_H_
#define OSSXFER_CLI_OBJECT_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli/global_flags.h"

namespace ossxfer::cli {

void AddObjectCommands(CLI::App& app, GlobalFlags& global, int* exit_code);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_OBJECT_COMMANDS_H_
