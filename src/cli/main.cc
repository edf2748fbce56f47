// The `ossxfer` command.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/serve_command.h"
#include "ossxfer/version.h"

int main(int argc, char** argv) {
  CLI::App app{
      "ossxfer: resumable, parallel, verified transfers for Alibaba Cloud OSS",
      "ossxfer"};
  app.set_version_flag("--version",
                       fmt::format("ossxfer {}", ossxfer::Version()),
                       "Print the version and exit");
  int exit_code = 0;
  ossxfer::cli::AddServeCommand(app, &exit_code);
  CLI11_PARSE(app, argc, argv);
  if (argc == 1) fmt::print("{}", app.help());
  return exit_code;
}
