// `ossxfer serve`: runs the local OSS-compatible server until SIGINT/SIGTERM.
#ifndef OSSXFER_CLI_SERVE_COMMAND_H_
#define OSSXFER_CLI_SERVE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ossxfer::cli {

// Adds the subcommand; when it is chosen, `*exit_code` receives the result.
void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SERVE_COMMAND_H_
