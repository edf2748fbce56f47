#include "cli/recursive_copy.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/error_report.h"
#include "cli/interrupt.h"
#include "cli/local_tree.h"
#include "cli/tree_selection.h"
#include "ossxfer/listing.h"
#include "ossxfer/work_files.h"

namespace ossxfer::cli {
namespace {

// One file of the copy: either settled while planning (skipped, refused)
// or a transfer to run.
struct CopyItem {
  std::optional<TransferOutcome> settled;
  std::function<TransferOutcome()> transfer;
  uint64_t size = 0;
};

struct Tally {
  std::atomic<uint64_t> done{0}, skipped{0}, failed{0}, finished{0};
  std::atomic<uint64_t> bytes_done{0};
};

TransferOutcome Settled(std::string direction, std::string source,
                        std::string destination, TransferOutcome::State state,
                        std::string reason, Status error = Status::Ok()) {
  TransferOutcome outcome;
  outcome.direction = std::move(direction);
  outcome.source = std::move(source);
  outcome.destination = std::move(destination);
  outcome.state = state;
  outcome.skip_reason = std::move(reason);
  outcome.error = std::move(error);
  return outcome;
}

// A failed outcome for each --files-from path the tree lacked.
void AddMissing(
    const TreeSelection& selection, std::vector<CopyItem>& items,
    const std::string& direction,
    const std::function<std::string(const std::string&)>& source_label) {
  for (const std::string& path : selection.Missing()) {
    CopyItem item;
    item.settled = Settled(
        direction, source_label(path), "", TransferOutcome::State::kFailed, "",
        Status::NotFound("listed in --files-from but not in the source"));
    items.push_back(std::move(item));
  }
}

// Runs the items --jobs at a time and prints each outcome as it comes;
// after Ctrl-C no new transfer starts. `left_out` entries of the tree were
// not taken by the filters.
ExitCode RunItems(std::vector<CopyItem>& items, int jobs,
                  const TransferContext& context, CommandOutput& output,
                  bool json, uint64_t left_out = 0) {
  Tally tally;
  uint64_t bytes_total = 0;
  for (const CopyItem& item : items) bytes_total += item.size;
  std::atomic<size_t> next{0};
  std::mutex print_mutex;
  auto record = [&](const TransferOutcome& outcome, uint64_t size) {
    switch (outcome.state) {
      case TransferOutcome::State::kDone:
        ++tally.done;
        break;
      case TransferOutcome::State::kSkipped:
        ++tally.skipped;
        break;
      case TransferOutcome::State::kFailed:
        ++tally.failed;
        break;
    }
    tally.bytes_done += size;
    const uint64_t finished = ++tally.finished;
    std::lock_guard lock(print_mutex);
    output.Report(outcome);
    if (outcome.state == TransferOutcome::State::kFailed && !json &&
        outcome.error.code() != StatusCode::kCancelled) {
      output.Error("ossxfer: error: " +
                   ErrorLine(fmt::format("{} -> {}", outcome.source,
                                         outcome.destination),
                             outcome.error));
    }
    if (context.display != nullptr) {
      context.display->SetOverall(finished, items.size(), tally.bytes_done,
                                  bytes_total);
    }
  };
  auto worker = [&] {
    for (size_t index = next++; index < items.size(); index = next++) {
      CopyItem& item = items[index];
      if (item.settled) {
        record(*item.settled, 0);
        continue;
      }
      if (context.cancellation.cancelled()) continue;
      record(item.transfer(), item.size);
    }
  };
  std::vector<std::thread> workers;
  const size_t count = std::min<size_t>(static_cast<size_t>(jobs),
                                        std::max<size_t>(1, items.size()));
  for (size_t i = 0; i < count; ++i) workers.emplace_back(worker);
  for (std::thread& thread : workers) thread.join();

  const uint64_t not_started = items.size() - tally.finished;
  if (json) {
    nlohmann::json summary = {{"type", "summary"},
                              {"done", tally.done.load()},
                              {"skipped", tally.skipped.load()},
                              {"failed", tally.failed.load()},
                              {"not_started", not_started},
                              {"filtered_out", left_out},
                              {"interrupted", Interrupted()}};
    output.PrintJson(summary);
  } else {
    output.Error(fmt::format(
        "ossxfer: {} done, {} skipped, {} failed{}{}", tally.done.load(),
        tally.skipped.load(), tally.failed.load(),
        not_started > 0 ? fmt::format(", {} not started", not_started) : "",
        left_out > 0 ? fmt::format(", {} left out by the filters", left_out)
                     : ""));
  }
  if (Interrupted()) return kExitInterrupted;
  return tally.failed > 0 ? kExitPartialFailure : kExitOk;
}

// The tree's work directory (temp files and checkpoints of every transfer),
// made safely under `root`.
Result<std::filesystem::path> MakeWorkDirectory(
    const std::filesystem::path& root) {
  Status made = MakeDirectoriesInside(root, kWorkDirectoryName);
  if (!made.ok()) {
    return made.WithContext("cp -r keeps its temp files and checkpoints in " +
                            (root / kWorkDirectoryName).string());
  }
  return root / kWorkDirectoryName;
}

// Removes the work directory once nothing is left in it (a failed file
// keeps its checkpoint there, and the directory with it).
void RemoveWorkDirectoryIfEmpty(const std::filesystem::path& work) {
  ::rmdir(work.c_str());
}

// True when the listed key's path under the prefix starts in the work
// directory: no key may name a temp file or checkpoint of the copy.
bool NamesWorkDirectory(std::string_view relative_key) {
  return relative_key.substr(0, relative_key.find('/')) == kWorkDirectoryName;
}

}  // namespace

// Calls `each` for every object the listing of `prefix` in `bucket` gives,
// page by page; the error of the first page that cannot be listed.
Status ForEachListedObject(
    const Client& client, const std::string& bucket, const std::string& prefix,
    const std::function<void(const ObjectSummary&)>& each) {
  ListObjectsV2Request list;
  list.bucket = bucket;
  list.prefix = prefix;
  do {
    Result<ListObjectsV2Result> page = client.ListObjectsV2(list);
    if (!page.ok()) return page.status();
    for (const ObjectSummary& object : page->objects) each(object);
    list.continuation_token = page->next_continuation_token;
    if (!page->is_truncated) break;
  } while (!list.continuation_token.empty());
  return Status::Ok();
}

// The message for a key the listing gave that does not start with the
// prefix it was asked for: a listing is the server's word, not a fact, and
// such a key is reported, never copied anywhere.
Status StrayKey(const std::string& prefix) {
  return Status::InvalidArgument(fmt::format(
      "refused: the server listed it for prefix \"{}\", which it does not "
      "start with",
      prefix));
}

ExitCode CopyPrefixToDirectory(const TransferContext& context,
                               const TransferSettings& settings,
                               const StoreUrl& source,
                               const std::filesystem::path& directory,
                               CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(source.key);
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return ReportError("cp -r", Status::IoError(fmt::format(
                                    "cannot create {}: {}", directory.string(),
                                    error.message())));
  }
  Result<std::filesystem::path> work = MakeWorkDirectory(directory);
  if (!work.ok()) return ReportError("cp -r", work.status());
  std::vector<CopyItem> items;
  TreeSelection selection(settings.filter.get());
  Status listed = ForEachListedObject(
      *context.client, source.bucket, prefix, [&](const ObjectSummary& object) {
        const std::string label =
            FormatStoreUrl({source.dialect, source.bucket, object.key});
        CopyItem item;
        auto refuse = [&](std::string reason) {
          item.settled =
              Settled("download", label, "", TransferOutcome::State::kFailed,
                      "", Status::InvalidArgument("refused: " + reason));
        };
        if (!object.key.starts_with(prefix)) {
          item.settled =
              Settled("download", label, "", TransferOutcome::State::kFailed,
                      "", StrayKey(prefix));
          items.push_back(std::move(item));
          return;
        }
        const std::string relative = object.key.substr(prefix.size());
        if (!selection.Takes(relative, object.size, object.last_modified)) {
          return;
        }
        if (IsDirectoryMarker(object.key)) {
          item.settled =
              Settled("download", label, "", TransferOutcome::State::kSkipped,
                      "a directory marker, not a file");
          items.push_back(std::move(item));
          return;
        }
        if (NamesWorkDirectory(relative)) {
          refuse(
              fmt::format("{} is where cp -r keeps its temp files and "
                          "checkpoints; copy this key with a single cp",
                          kWorkDirectoryName));
          items.push_back(std::move(item));
          return;
        }
        Result<std::filesystem::path> path = SafeLocalPath(directory, relative);
        if (!path.ok()) {
          refuse(path.status().message());
          items.push_back(std::move(item));
          return;
        }
        if (settings.skip_existing &&
            std::filesystem::file_size(*path, error) == object.size && !error) {
          item.settled = Settled("download", label, path->string(),
                                 TransferOutcome::State::kSkipped,
                                 "exists with the same size");
          items.push_back(std::move(item));
          return;
        }
        item.size = object.size;
        item.transfer = [&context, &settings, &directory, work = *work,
                         bucket = source.bucket, key = object.key, label,
                         relative, target = *path] {
          const std::filesystem::path parent =
              std::filesystem::path(relative).parent_path();
          Status made = MakeDirectoriesInside(directory, parent);
          if (!made.ok()) {
            return Settled("download", label, target.string(),
                           TransferOutcome::State::kFailed, "", made);
          }
          DownloadRequest request =
              MakeDownloadRequest(settings, bucket, key, target);
          // Every temp file and checkpoint in the work directory: keys are
          // any names, so none may sit where a key can land.
          request.temp_directory = work;
          if (request.checkpoint_path.empty()) request.checkpoint_path = work;
          return RunDownload(context, request, label);
        };
        items.push_back(std::move(item));
      });
  if (!listed.ok()) {
    RemoveWorkDirectoryIfEmpty(*work);
    return ReportError(
        fmt::format("cp -r: listing {}",
                    FormatStoreUrl({source.dialect, source.bucket, prefix})),
        listed);
  }
  AddMissing(selection, items, "download", [&](const std::string& path) {
    return FormatStoreUrl({source.dialect, source.bucket, prefix + path});
  });
  ExitCode code = RunItems(items, settings.jobs, context, output, output.json(),
                           selection.left_out());
  RemoveWorkDirectoryIfEmpty(*work);
  return code;
}

ExitCode CopyPrefixToPrefix(const TransferContext& context,
                            const TransferSettings& settings,
                            const StoreUrl& source, const StoreUrl& destination,
                            CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(source.key);
  const std::string target_prefix = AsDirectoryPrefix(destination.key);
  if (source.bucket == destination.bucket && prefix == target_prefix) {
    return ReportUsageError(
        fmt::format("cp -r: {} is both the source and the destination",
                    FormatStoreUrl({source.dialect, source.bucket, prefix})));
  }
  std::vector<CopyItem> items;
  TreeSelection selection(settings.filter.get());
  Status listed = ForEachListedObject(
      *context.client, source.bucket, prefix, [&](const ObjectSummary& object) {
        const std::string label =
            FormatStoreUrl({source.dialect, source.bucket, object.key});
        CopyItem item;
        if (!object.key.starts_with(prefix)) {
          item.settled =
              Settled("copy", label, "", TransferOutcome::State::kFailed, "",
                      StrayKey(prefix));
          items.push_back(std::move(item));
          return;
        }
        const std::string relative = object.key.substr(prefix.size());
        if (!selection.Takes(relative, object.size, object.last_modified)) {
          return;
        }
        const std::string key = target_prefix + relative;
        const std::string target =
            FormatStoreUrl({destination.dialect, destination.bucket, key});
        if (settings.skip_existing) {
          HeadObjectRequest head;
          head.bucket = destination.bucket;
          head.key = key;
          Result<ObjectMetadata> there = context.client->HeadObject(head);
          if (there.ok() && there->size == object.size) {
            item.settled =
                Settled("copy", label, target, TransferOutcome::State::kSkipped,
                        "exists with the same size");
            items.push_back(std::move(item));
            return;
          }
        }
        item.size = object.size;
        item.transfer = [&context, &settings, bucket = source.bucket,
                         from = object.key, to_bucket = destination.bucket, key,
                         label, target] {
          return RunCopy(
              context, MakeCopyRequest(settings, bucket, from, to_bucket, key),
              label, target);
        };
        items.push_back(std::move(item));
      });
  if (!listed.ok()) {
    return ReportError(
        fmt::format("cp -r: listing {}",
                    FormatStoreUrl({source.dialect, source.bucket, prefix})),
        listed);
  }
  AddMissing(selection, items, "copy", [&](const std::string& path) {
    return FormatStoreUrl({source.dialect, source.bucket, prefix + path});
  });
  return RunItems(items, settings.jobs, context, output, output.json(),
                  selection.left_out());
}

ExitCode CopyDirectoryToPrefix(const TransferContext& context,
                               const TransferSettings& settings,
                               const std::filesystem::path& directory,
                               const StoreUrl& destination,
                               CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(destination.key);
  std::vector<CopyItem> items;
  std::error_code error;
  // Symbolic links to files are followed; links to directories are not
  // entered (a loop would never end).
  std::filesystem::recursive_directory_iterator walk(directory, error);
  if (error) {
    return ReportError("cp -r", Status::IoError(fmt::format(
                                    "cannot read {}: {}", directory.string(),
                                    error.message())));
  }
  std::vector<std::filesystem::path> files;
  for (; walk != std::filesystem::recursive_directory_iterator();
       walk.increment(error)) {
    if (error) break;
    if (walk->path().filename() == kWorkDirectoryName) {
      // The temp files and checkpoints of copies into or out of this tree.
      walk.disable_recursion_pending();
      continue;
    }
    files.push_back(walk->path());
  }
  if (error) {
    return ReportError("cp -r", Status::IoError(fmt::format(
                                    "cannot read {}: {}", directory.string(),
                                    error.message())));
  }
  std::filesystem::path work;
  if (settings.checkpoint && settings.checkpoint_dir.empty()) {
    Result<std::filesystem::path> made = MakeWorkDirectory(directory);
    if (!made.ok()) {
      return ReportError(
          "cp -r", made.status().WithContext(
                       "use --checkpoint-dir DIR or --no-checkpoint for a "
                       "tree ossxfer cannot write in"));
    }
    work = *made;
  }
  std::sort(files.begin(), files.end());
  TreeSelection selection(settings.filter.get());
  for (const std::filesystem::path& file : files) {
    std::error_code status_error;
    const auto status = std::filesystem::status(file, status_error);
    if (std::filesystem::is_directory(status)) continue;
    const std::string relative =
        std::filesystem::relative(file, directory).generic_string();
    if (settings.filter != nullptr) {
      // What cannot be read is taken, and fails (or is skipped) below with
      // its reason.
      std::error_code stat_error;
      uint64_t size = std::filesystem::file_size(file, stat_error);
      if (stat_error) size = 0;
      std::optional<SystemTime> modified;
      const auto written = std::filesystem::last_write_time(file, stat_error);
      if (!stat_error) {
        modified = std::chrono::time_point_cast<SystemTime::duration>(
            std::chrono::file_clock::to_sys(written));
      }
      if (!selection.Takes(relative, size, modified)) continue;
    }
    const StoreUrl target{destination.dialect, destination.bucket,
                          prefix + relative};
    const std::string label = FormatStoreUrl(target);
    CopyItem item;
    if (!std::filesystem::is_regular_file(status)) {
      item.settled = Settled(
          "upload", file.string(), label, TransferOutcome::State::kSkipped,
          status_error ? "cannot be read: " + status_error.message()
                       : "not a regular file");
    } else if (IsTransferWorkFile(file)) {
      item.settled = Settled("upload", file.string(), label,
                             TransferOutcome::State::kSkipped,
                             "an ossxfer checkpoint or temp file");
    } else {
      item.size = std::filesystem::file_size(file, status_error);
      item.transfer = [&context, &settings, file, target, label, work] {
        if (settings.skip_existing) {
          HeadObjectRequest head;
          head.bucket = target.bucket;
          head.key = target.key;
          std::error_code size_error;
          Result<ObjectMetadata> existing = context.client->HeadObject(head);
          if (existing.ok() &&
              existing->size == std::filesystem::file_size(file, size_error) &&
              !size_error) {
            return Settled("upload", file.string(), label,
                           TransferOutcome::State::kSkipped,
                           "exists with the same size");
          }
        }
        UploadRequest request =
            MakeUploadRequest(settings, file, target.bucket, target.key);
        // The checkpoints in the work directory, not among the files.
        if (!work.empty()) request.checkpoint_path = work;
        return RunUpload(context, request, label);
      };
    }
    items.push_back(std::move(item));
  }
  AddMissing(selection, items, "upload", [&](const std::string& path) {
    return (directory / path).string();
  });
  ExitCode code = RunItems(items, settings.jobs, context, output, output.json(),
                           selection.left_out());
  if (!work.empty()) RemoveWorkDirectoryIfEmpty(work);
  return code;
}

}  // namespace ossxfer::cli
