#include "cli/sync_command.h"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "cli/command_output.h"
#include "cli/error_report.h"
#include "cli/interrupt.h"
#include "cli/recursive_copy.h"
#include "cli/store_url.h"
#include "cli/sync_lock.h"
#include "cli/sync_rules.h"
#include "cli/transfer_runner.h"
#include "cli/transfer_settings.h"

namespace ossxfer::cli {
namespace {

struct SyncArguments {
  std::string source;
  std::string destination;
  CpFlags flags;
  SyncRules rules;
  bool size_only = false;
  bool checksum = false;
};

ExitCode RunSync(const GlobalFlags& global, SyncArguments& arguments) {
  const bool source_remote = IsStoreUrl(arguments.source);
  const bool destination_remote = IsStoreUrl(arguments.destination);
  if (IsHttpUrl(arguments.source) || IsHttpUrl(arguments.destination)) {
    return ReportUsageError(
        "sync: an http(s) URL cannot be listed; sync takes a directory and "
        "oss://bucket/prefix or s3://bucket/prefix");
  }
  if (!source_remote && !destination_remote) {
    return ReportUsageError(
        "sync: one side must be oss://bucket/prefix or s3://bucket/prefix; "
        "both are local paths");
  }
  if (arguments.flags.skip_existing) {
    return ReportUsageError(
        "sync: --skip-existing is cp -r's; sync compares by itself (see "
        "--size-only, --update and --ignore-existing)");
  }
  if (!arguments.flags.range.empty() || !arguments.flags.version_id.empty()) {
    return ReportUsageError(
        "sync: --range and --version-id name one object; sync takes trees");
  }
  arguments.flags.recursive = true;
  Result<TransferSettings> settings = CheckCpFlags(arguments.flags);
  if (!settings.ok()) {
    return ReportUsageError("sync: " + settings.status().message());
  }
  if (arguments.size_only && arguments.checksum) {
    return ReportUsageError(
        "sync: --size-only and --checksum are two rules for the same thing; "
        "give one");
  }
  arguments.rules.compare = arguments.size_only  ? SyncCompare::kSizeOnly
                            : arguments.checksum ? SyncCompare::kChecksum
                                                 : SyncCompare::kSizeAndTime;
  settings->sync = std::make_shared<const SyncRules>(arguments.rules);

  Result<StoreUrl> remote = ParseStoreUrl(
      destination_remote ? arguments.destination : arguments.source);
  if (!remote.ok())
    return ReportUsageError("sync: " + remote.status().message());
  const bool server_side = source_remote && destination_remote;
  std::optional<StoreUrl> source_prefix;
  if (server_side) {
    Result<StoreUrl> from = ParseStoreUrl(arguments.source);
    if (!from.ok()) return ReportUsageError("sync: " + from.status().message());
    if (from->dialect != remote->dialect) {
      return ReportUsageError(
          "sync: between oss:// and s3:// no server can copy; sync down to a "
          "directory, then up");
    }
    if (!arguments.flags.limit_rate.empty() ||
        !arguments.flags.limit_rate_per_file.empty()) {
      return ReportUsageError(
          "sync: --limit-rate does not apply between prefixes: the bytes "
          "move inside the store");
    }
    source_prefix = *from;
  }
  const std::filesystem::path local =
      destination_remote ? arguments.source : arguments.destination;
  if (destination_remote && !server_side) {
    std::error_code error;
    if (!std::filesystem::is_directory(local, error)) {
      return ReportError(
          "sync", Status::NotFound(fmt::format(
                      "{} is not a directory: sync uploads a directory's tree "
                      "(cp uploads one file)",
                      local.string())));
    }
  }
  Result<Client> client = MakeClient(global, remote->dialect);
  if (!client.ok()) return ReportError("sync", client.status());
  // A dry run changes nothing: it may run beside a sync.
  std::optional<util::File> lock;
  if (!arguments.rules.dry_run) {
    const std::string identity =
        destination_remote
            ? fmt::format("{} {}", client->endpoint(),
                          FormatStoreUrl({remote->dialect, remote->bucket,
                                          AsDirectoryPrefix(remote->key)}))
            : std::filesystem::absolute(local).lexically_normal().string();
    Result<util::File> locked = LockSyncDestination(identity);
    if (!locked.ok()) return ReportError("sync", locked.status());
    lock.emplace(std::move(*locked));
  }
  CommandOutput output(global);
  TransferContext context;
  context.client = &*client;
  context.display = output.display();
  context.http_options = MakeHttpOptions(global);
  CancelOnInterrupt(context.cancellation);
  const ExitCode code =
      server_side ? CopyPrefixToPrefix(context, *settings, *source_prefix,
                                       *remote, output)
      : destination_remote
          ? CopyDirectoryToPrefix(context, *settings, local, *remote, output)
          : CopyPrefixToDirectory(context, *settings, *remote, local, output);
  if (code == kExitInterrupted) {
    output.Error(fmt::format(
        "ossxfer: interrupted; run the same command again to finish (files "
        "done are not transferred again):\n  {}",
        ShellCommandLine(global.argv)));
  }
  return code;
}

}  // namespace

void AddSyncCommand(CLI::App& app, GlobalFlags& global, int* exit_code) {
  auto arguments = std::make_shared<SyncArguments>();
  CLI::App* sync = app.add_subcommand(
      "sync",
      "Make DST hold what SRC holds (a directory and a prefix, either way), "
      "transferring only what differs");
  sync->add_option("SRC", arguments->source,
                   "A local directory or oss://bucket/prefix (s3:// too)")
      ->required();
  sync->add_option("DST", arguments->destination,
                   "oss://bucket/prefix or a local directory; between two "
                   "prefixes, the copies are server-side")
      ->required();
  AddCpFlags(*sync, arguments->flags);
  sync->add_flag("--size-only", arguments->size_only,
                 "The same size is the same file (no time compared)");
  sync->add_flag("-c,--checksum", arguments->checksum,
                 "The same size and CRC-64 is the same file (each file's "
                 "CRC-64 is cached in its user.ossxfer.crc64 attribute)");
  sync->add_flag("-u,--update", arguments->rules.update,
                 "Skip what is newer at the destination");
  sync->add_flag("--ignore-existing", arguments->rules.ignore_existing,
                 "Skip whatever exists at the destination");
  sync->add_flag("--delete", arguments->rules.delete_extraneous,
                 "Delete from DST what SRC lacks (never after a failure; "
                 "what the filters leave out stays)");
  sync->add_flag("-n,--dry-run", arguments->rules.dry_run,
                 "Print what would be transferred and deleted; change "
                 "nothing");
  sync->footer(
      "Examples:\n"
      "  ossxfer sync ./site oss://bucket/site/ --delete\n"
      "  ossxfer sync oss://bucket/photos/ ./photos --dry-run\n"
      "  ossxfer sync oss://bucket/data/ oss://backup/data/ --delete\n"
      "  ossxfer sync ./logs s3://bucket/logs/ --size-only --exclude "
      "'*.tmp'\n"
      "Same: size and modification time (an upload records the file's time "
      "as\nmetadata mtime, a download gives the file the object's time).");
  sync->callback([&global, arguments, exit_code] {
    *exit_code = RunSync(global, *arguments);
  });
}

}  // namespace ossxfer::cli
