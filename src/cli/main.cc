// The `ossxfer` command. Until the transfer commands land it offers
// --version and --help; it only ever calls the public API.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "ossxfer/version.h"

int main(int argc, char** argv) {
  CLI::App app{
      "ossxfer: resumable, parallel, verified transfers for Alibaba Cloud OSS",
      "ossxfer"};
  app.set_version_flag("--version",
                       fmt::format("ossxfer {}", ossxfer::Version()),
                       "Print the version and exit");
  app.require_subcommand(0);
  CLI11_PARSE(app, argc, argv);
  if (argc == 1) {
    fmt::print("{}", app.help());
  }
  return 0;
}
