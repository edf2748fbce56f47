#include "cli/sync_delete.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <vector>

namespace ossxfer::cli {
namespace {

// The paths --delete removes: what the filters would have taken, in byte
// order (the cursor's; a stable report).
std::vector<std::string> Doomed(
    const PathFilter* filter, const std::vector<DestinationEntry>& extraneous) {
  std::vector<std::string> paths;
  for (const auto& [path, facts] : extraneous) {
    if (filter == nullptr ||
        filter->Takes(TreeEntry{path, facts.size, facts.modified})) {
      paths.push_back(path);
    }
  }
  return paths;
}

void Report(CommandOutput& output, const std::string& target, bool dry_run,
            const Status& failure) {
  const char* state = !failure.ok() ? "failed" : dry_run ? "dry_run" : "done";
  if (output.json()) {
    nlohmann::json line = {
        {"type", "delete"}, {"target", target}, {"state", state}};
    if (!failure.ok()) line["error"] = failure.message();
    return output.PrintJson(line);
  }
  if (!failure.ok()) {
    return output.Error(fmt::format("ossxfer: error: deleting {}: {}", target,
                                    failure.message()));
  }
  output.Print(fmt::format("{} {} (not in the source)",
                           dry_run ? "would delete" : "deleted", target));
}

// Whether --delete may run after the transfers ended with `code`.
bool MayDelete(const SyncRules& rules, ExitCode code, CommandOutput& output) {
  if (!rules.delete_extraneous) return false;
  if (code == kExitOk) return true;
  output.Error(
      "ossxfer: sync: --delete deleted nothing: not every file was compared "
      "and transferred; run the sync again once it succeeds");
  return false;
}

}  // namespace

ExitCode DeleteExtraneousObjects(
    const Client& client, const SyncRules& rules, const PathFilter* filter,
    StoreDialect dialect, const std::string& bucket, const std::string& prefix,
    const std::vector<DestinationEntry>& extraneous, ExitCode code,
    CommandOutput& output) {
  if (!MayDelete(rules, code, output)) return code;
  const std::vector<std::string> paths = Doomed(filter, extraneous);
  bool failed = false;
  for (size_t first = 0; first < paths.size(); first += kMaxDeleteObjectsKeys) {
    DeleteObjectsRequest batch;
    batch.bucket = bucket;
    batch.quiet = true;
    const size_t end = std::min(paths.size(), first + kMaxDeleteObjectsKeys);
    for (size_t i = first; i < end; ++i)
      batch.keys.push_back(prefix + paths[i]);
    Status deleted;
    if (!rules.dry_run) deleted = client.DeleteObjects(batch).status();
    failed = failed || !deleted.ok();
    for (const std::string& key : batch.keys) {
      Report(output, FormatStoreUrl({dialect, bucket, key}), rules.dry_run,
             deleted);
    }
  }
  return failed ? kExitPartialFailure : kExitOk;
}

ExitCode DeleteExtraneousFiles(const SyncRules& rules, const PathFilter* filter,
                               const std::filesystem::path& directory,
                               const std::vector<DestinationEntry>& extraneous,
                               ExitCode code, CommandOutput& output) {
  if (!MayDelete(rules, code, output)) return code;
  bool failed = false;
  for (const std::string& path : Doomed(filter, extraneous)) {
    const std::filesystem::path file = directory / path;
    Status removed;
    if (!rules.dry_run) {
      // remove() takes a link itself, never what it points to.
      std::error_code error;
      std::filesystem::remove(file, error);
      if (error) removed = Status::IoError(error.message());
    }
    failed = failed || !removed.ok();
    Report(output, file.string(), rules.dry_run, removed);
  }
  return failed ? kExitPartialFailure : kExitOk;
}

}  // namespace ossxfer::cli
