// The `ossxfer` command.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/cp_command.h"
#include "cli/exit_codes.h"
#include "cli/global_flags.h"
#include "cli/listing_commands.h"
#include "cli/object_commands.h"
#include "cli/serve_command.h"
#include "cli/sync_command.h"
#include "ossxfer/version.h"

int main(int argc, char** argv) {
  using namespace ossxfer::cli;
  CLI::App app{
      "ossxfer: resumable, parallel, verified transfers for Alibaba Cloud OSS",
      "ossxfer"};
  app.set_version_flag("--version",
                       fmt::format("ossxfer {}", ossxfer::Version()),
                       "Print the version and exit");
  app.require_subcommand(0, 1);
  app.fallthrough();
  GlobalFlags global;
  global.argv.assign(argv, argv + argc);
  AddGlobalFlags(app, global);
  int exit_code = kExitOk;
  AddCpCommand(app, global, &exit_code);
  AddSyncCommand(app, global, &exit_code);
  AddObjectCommands(app, global, &exit_code);
  AddListingCommands(app, global, &exit_code);
  AddServeCommand(app, &exit_code);
  app.footer(
      "Examples:\n"
      "  ossxfer cp oss://bucket/big.iso ./       download; Ctrl-C and run "
      "again to resume\n"
      "  ossxfer cp big.iso oss://bucket/isos/    upload\n"
      "  ossxfer cp -r oss://bucket/photos/ ./photos\n"
      "  ossxfer ls oss://bucket/   ossxfer stat oss://bucket/big.iso\n"
      "  ossxfer serve --root /tmp/oss --anonymous   a local OSS server\n"
      "Run 'ossxfer COMMAND --help' for a command's flags and examples.\n"
      "\n"
      "Settings: --endpoint/--region, or OSS_ENDPOINT/OSS_REGION, or the "
      "config file\n"
      "(~/.config/ossxfer/config, INI with [default] and [profile NAME]).\n"
      "Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, "
      "OSS_SESSION_TOKEN,\n"
      "or access_key_id/access_key_secret/session_token in the config "
      "file.\n"
      "\n"
      "Exit codes: 0 ok, 1 failure (network, server, disk), 2 usage error,\n"
      "3 not found, 4 access denied, 5 verification failed (CRC64 or the\n"
      "object changed), 6 some files of a recursive copy failed, 7 busy\n"
      "(another ossxfer is running the same transfer), 130 interrupted\n"
      "(the checkpoint is kept: run the same command again to resume).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (app.get_subcommands().empty()) fmt::print("{}", app.help());
  return exit_code;
}
