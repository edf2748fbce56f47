#include "cli/recursive_copy.h"

#include <fmt/format.h>
#include <unistd.h>

#include <functional>
#include <system_error>
#include <vector>

#include "cli/destination_cursor.h"
#include "cli/error_report.h"
#include "cli/file_crc_cache.h"
#include "cli/interrupt.h"
#include "cli/item_stream.h"
#include "cli/listing_pages.h"
#include "cli/local_tree.h"
#include "cli/sorted_tree_walk.h"
#include "cli/sync_delete.h"
#include "cli/sync_pairing.h"
#include "cli/sync_rules.h"
#include "cli/tree_journal.h"
#include "cli/tree_selection.h"
#include "ossxfer/listing.h"
#include "ossxfer/work_files.h"
#include "util/status_macros.h"

namespace ossxfer::cli {
namespace {

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
    const TreeSelection& selection, const EmitItem& emit,
    const std::string& direction,
    const std::function<std::string(const std::string&)>& source_label) {
  for (const std::string& path : selection.Missing()) {
    CopyItem item;
    item.settled = Settled(
        direction, source_label(path), "", TransferOutcome::State::kFailed, "",
        Status::NotFound("listed in --files-from but not in the source"));
    emit(std::move(item));
  }
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

// The time an upload recorded with the object, if any.
std::optional<SystemTime> RecordedModified(const ObjectMetadata& metadata) {
  auto recorded = metadata.user_metadata.find(kMtimeMetadataKey);
  if (recorded == metadata.user_metadata.end()) return std::nullopt;
  return ParseMtime(recorded->second);
}

bool DryRun(const TransferSettings& settings) {
  return settings.sync != nullptr && settings.sync->dry_run;
}

// A sync's skip without the object's HEAD (cli/sync_pairing.h).
constexpr const char* kPairedBefore =
    "unchanged since a sync found it the same (file and ETag as then)";

constexpr const char* kFinishedBefore =
    "finished by an earlier run of this command";

// cp -r's journal of the job named `job` (cli/tree_journal.h); a sync
// (a dry run too) compares instead and keeps none. Null, with a notice, where
// none can be kept: a re-run then copies everything again. kBusy (the same job
// runs) is the caller's to report.
Result<std::unique_ptr<TreeJournal>> OpenJournal(
    const TransferSettings& settings, const std::string& job,
    std::function<Status()> before_write, CommandOutput& output) {
  if (settings.sync) return std::unique_ptr<TreeJournal>();
  Result<std::unique_ptr<TreeJournal>> journal =
      TreeJournal::Open(job, std::move(before_write));
  if (journal.ok() || journal.status().code() == StatusCode::kBusy) {
    return journal;
  }
  output.Notice("ossxfer: " +
                ErrorLine("no journal of finished files is kept (if this run "
                          "is interrupted, running it again copies every "
                          "file again)",
                          journal.status()));
  return std::unique_ptr<TreeJournal>();
}

// Notes a finished transfer in the journal.
void RecordFinished(TreeJournal* journal, std::string_view path,
                    std::string_view version, TransferOutcome& outcome) {
  if (journal == nullptr || outcome.state != TransferOutcome::State::kDone) {
    return;
  }
  Status recorded = journal->Record(path, version);
  if (!recorded.ok()) {
    outcome.notices.push_back(
        "not recorded as finished (running the command again copies it "
        "again): " +
        recorded.ToString());
  }
}

// The job's end: a complete job needs its journal no more; any other keeps
// what it recorded for the next run.
void CloseJournal(TreeJournal* journal, ExitCode code, const Status& produced) {
  if (journal == nullptr) return;
  if (code == kExitOk && produced.ok()) {
    journal->Remove();
  } else {
    (void)journal->Flush();
  }
}

// A directory as a journal's job names it.
std::string AbsolutePathText(const std::filesystem::path& directory) {
  std::error_code ignored;
  return std::filesystem::absolute(directory, ignored)
      .lexically_normal()
      .string();
}

// A sync's verdict on one entry once the times it needs are known: the
// transfer, or the outcome that settles it (skipped, or a dry run's
// "would").
// `found_same` hears what a verdict of "the same" rested on (not in a
// dry run, which changes nothing).
std::optional<TransferOutcome> SettleBySync(
    const TransferSettings& settings, const std::string& direction,
    const std::string& source, const std::string& destination,
    const EntryFacts& here, const std::optional<EntryFacts>& there,
    const std::function<void(SameBy)>& found_same = {}) {
  const SyncVerdict verdict = DecideSync(here, there, *settings.sync);
  if (!verdict.transfer) {
    if (verdict.same && found_same && !settings.sync->dry_run) {
      found_same(*verdict.same);
    }
    return Settled(direction, source, destination,
                   TransferOutcome::State::kSkipped, verdict.reason);
  }
  if (settings.sync->dry_run) {
    return Settled(
        direction, source, destination, TransferOutcome::State::kSkipped,
        fmt::format("dry run: would {} ({})", direction, verdict.reason));
  }
  return std::nullopt;
}

// The object's facts with the time its upload recorded and its CRC-64,
// when the comparison needs them (a HEAD): nullopt when it is gone
// meanwhile.
Result<std::optional<EntryFacts>> WithObjectDetails(
    const TransferContext& context, const TransferSettings& settings,
    const std::string& bucket, const std::string& key, const EntryFacts& here,
    EntryFacts there) {
  if (!SyncNeedsDetails(here, there, *settings.sync)) {
    return std::optional<EntryFacts>(there);
  }
  HeadObjectRequest head;
  head.bucket = bucket;
  head.key = key;
  Result<ObjectMetadata> metadata = context.client->HeadObject(head);
  if (!metadata.ok() && metadata.status().code() == StatusCode::kNotFound) {
    return std::optional<EntryFacts>();
  }
  if (!metadata.ok()) return metadata.status();
  there.size = metadata->size;
  if (std::optional<SystemTime> recorded = RecordedModified(*metadata)) {
    there.modified = recorded;
    there.exact_time = true;
  }
  if (metadata->checksum &&
      metadata->checksum->algorithm == ChecksumAlgorithm::kCrc64Ecma) {
    there.crc64 = metadata->checksum->value;
  }
  return std::optional<EntryFacts>(there);
}

// A local file's facts with its CRC-64 when --checksum compares it with a
// same-sized object's.
Result<EntryFacts> WithFileCrc(const TransferSettings& settings,
                               const std::filesystem::path& file,
                               EntryFacts facts, const EntryFacts& object) {
  if (settings.sync->compare != SyncCompare::kChecksum ||
      facts.size != object.size || !object.crc64) {
    return facts;
  }
  ASSIGN_OR_RETURN(FileCrc crc, FileCrc64(file));
  facts.crc64 = crc.crc64;
  return facts;
}

// A sync's destination, read in step with the source
// (cli/destination_cursor.h); null for cp -r, which compares nothing.
using Destination = std::unique_ptr<DestinationCursor>;

// A sync's destination prefix, read in step with the source; null for
// cp -r.
Destination ObjectsToSync(const TransferContext& context,
                          const TransferSettings& settings,
                          const StoreUrl& destination,
                          const std::string& prefix) {
  if (!settings.sync) return nullptr;
  return DestinationCursor::OfObjects(
      *context.client, destination.bucket, prefix,
      FormatStoreUrl({destination.dialect, destination.bucket, prefix}),
      settings.sync->delete_extraneous);
}

// The destination's facts for the source's `relative` (nullopt for cp -r,
// or where the destination has none). Taken before the filter: an entry
// the filters leave out is not the sync's to delete. An error goes to
// `stopped`, which ends the walk of the source.
std::optional<EntryFacts> TakeFromDestination(const Destination& destination,
                                              const std::string& relative,
                                              Status& stopped) {
  if (destination == nullptr) return std::nullopt;
  Result<std::optional<EntryFacts>> taken = destination->Take(relative);
  if (!taken.ok()) {
    stopped = taken.status();
    return std::nullopt;
  }
  return std::move(*taken);
}

// Ctrl-C ends the listing too, not only the transfers: the rest of a
// million-object tree is not listed to be skipped. True (with `stopped`
// set) once interrupted.
bool StopListingOnInterrupt(const TransferContext& context, Status& stopped) {
  if (!context.cancellation.cancelled()) return false;
  if (stopped.ok()) stopped = Status::Cancelled("interrupted while listing");
  return true;
}

// How a tree's listing ended, once its transfers have: the source's
// listing (`source_label`) failing part way, or the destination read
// beside it failing (or either out of order), is reported and ends the run
// with its exit code, and nothing is deleted; kExitOk when the source
// ended and a sync's destination was read to its end (what is left is
// what the source lacks).
ExitCode ReportUnfinishedListing(const char* command,
                                 const std::string& source_label,
                                 const Status& produced, const Status& stopped,
                                 const Destination& destination) {
  // Ctrl-C ended the listing as it ended the transfers: the command says
  // so (and how to resume) itself.
  if (produced.code() == StatusCode::kCancelled) return kExitInterrupted;
  if (!produced.ok() && stopped.ok()) {
    // Part of the tree was never listed: what was is copied.
    return ReportError(fmt::format("{}: listing {}", command, source_label),
                       produced);
  }
  if (!stopped.ok()) return ReportError(command, stopped);
  if (destination == nullptr) return kExitOk;
  Status finished = destination->Finish();
  return finished.ok() ? kExitOk : ReportError(command, finished);
}

}  // namespace

// Calls `each` for every object the listing of `prefix` in `bucket` gives,
// page by page; the error of the first page that cannot be listed. `each`
// ends the listing early by setting `*stop` to an error, which is
// returned.
Status ForEachListedObject(
    const Client& client, const std::string& bucket, const std::string& prefix,
    const std::function<void(const ObjectSummary&)>& each,
    const Status* stop = nullptr) {
  ListObjectsV2Request list;
  list.bucket = bucket;
  list.prefix = prefix;
  ListingPages pages(client, std::move(list));
  while (true) {
    ASSIGN_OR_RETURN(std::optional<ListObjectsV2Result> page, pages.Next());
    if (!page) return Status::Ok();
    for (const ObjectSummary& object : page->objects) {
      each(object);
      if (stop != nullptr && !stop->ok()) return *stop;
    }
  }
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

namespace {

// A sync's verdict on one object of a prefix-to-prefix sync: both sides'
// recorded times and CRC-64s when the sizes are equal (two HEADs). A
// server-side copy keeps the source's metadata, so recorded times agree;
// when neither side has one, a destination written after the source was
// is taken for its copy (its Last-Modified is the copy's, never the
// source's). nullopt: copy it.
Result<std::optional<TransferOutcome>> SettleCopyBySync(
    const TransferContext& context, const TransferSettings& settings,
    const std::string& bucket, const std::string& from,
    const std::string& to_bucket, const std::string& key,
    const std::string& label, const std::string& target, EntryFacts source,
    std::optional<EntryFacts> there) {
  if (there && SyncNeedsDetails(source, *there, *settings.sync)) {
    ASSIGN_OR_RETURN(
        std::optional<EntryFacts> read,
        WithObjectDetails(context, settings, bucket, from, *there, source));
    if (!read) {
      return std::optional<TransferOutcome>(
          Settled("copy", label, target, TransferOutcome::State::kSkipped,
                  "deleted from the source meanwhile"));
    }
    source = *read;
    ASSIGN_OR_RETURN(there, WithObjectDetails(context, settings, to_bucket, key,
                                              source, *there));
    if (there && !source.exact_time && !there->exact_time && source.modified &&
        there->modified && *there->modified >= *source.modified) {
      there->modified = source.modified;
    }
  }
  return SettleBySync(settings, "copy", label, target, source, there);
}

}  // namespace

ExitCode CopyPrefixToDirectory(const TransferContext& context,
                               const TransferSettings& settings,
                               const StoreUrl& source,
                               const std::filesystem::path& directory,
                               CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(source.key);
  const char* command = settings.sync ? "sync" : "cp -r";
  const Destination local =
      settings.sync ? DestinationCursor::OfFiles(
                          directory, settings.sync->delete_extraneous)
                    : nullptr;
  Status stopped;
  std::error_code error;
  Result<std::filesystem::path> work = std::filesystem::path();
  if (!DryRun(settings)) {
    std::filesystem::create_directories(directory, error);
    if (error) {
      return ReportError(command, Status::IoError(fmt::format(
                                      "cannot create {}: {}",
                                      directory.string(), error.message())));
    }
    work = MakeWorkDirectory(directory);
    if (!work.ok()) return ReportError(command, work.status());
  }
  TreeSelection selection(settings.filter.get());
  // Each directory that receives files is fsynced once, at the end.
  auto directory_syncs = std::make_shared<DirectorySyncBatch>();
  Result<std::unique_ptr<TreeJournal>> opened = OpenJournal(
      settings,
      fmt::format("download\n{}\n{}\n{}", context.client->endpoint(),
                  FormatStoreUrl({source.dialect, source.bucket, prefix}),
                  AbsolutePathText(directory)),
      [&] { return directory_syncs->SyncAll(); }, output);
  if (!opened.ok()) {
    if (!work->empty()) RemoveWorkDirectoryIfEmpty(*work);
    return ReportError(command, opened.status());
  }
  const std::unique_ptr<TreeJournal> journal = std::move(*opened);
  auto produce = [&](const EmitItem& emit) -> Status {
    RETURN_IF_ERROR(ForEachListedObject(
        *context.client, source.bucket, prefix,
        [&](const ObjectSummary& object) {
          if (StopListingOnInterrupt(context, stopped)) return;
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
            emit(std::move(item));
            return;
          }
          const std::string relative = object.key.substr(prefix.size());
          const std::optional<EntryFacts> there =
              TakeFromDestination(local, relative, stopped);
          if (!stopped.ok()) return;
          if (!selection.Takes(relative, object.size, object.last_modified)) {
            return;
          }
          if (IsDirectoryMarker(object.key)) {
            item.settled =
                Settled("download", label, "", TransferOutcome::State::kSkipped,
                        "a directory marker, not a file");
            emit(std::move(item));
            return;
          }
          if (NamesWorkDirectory(relative)) {
            refuse(
                fmt::format("{} is where cp -r keeps its temp files and "
                            "checkpoints; copy this key with a single cp",
                            kWorkDirectoryName));
            emit(std::move(item));
            return;
          }
          Result<std::filesystem::path> path =
              SafeLocalPath(directory, relative);
          if (!path.ok()) {
            refuse(path.status().message());
            emit(std::move(item));
            return;
          }
          const std::string version =
              fmt::format("{} {}", object.size, object.etag);
          if (journal != nullptr && journal->Finished(relative, version) &&
              std::filesystem::file_size(*path, error) == object.size &&
              !error) {
            item.settled =
                Settled("download", label, path->string(),
                        TransferOutcome::State::kSkipped, kFinishedBefore);
            emit(std::move(item));
            return;
          }
          if (settings.skip_existing &&
              std::filesystem::file_size(*path, error) == object.size &&
              !error) {
            item.settled = Settled("download", label, path->string(),
                                   TransferOutcome::State::kSkipped,
                                   "exists with the same size");
            emit(std::move(item));
            return;
          }
          item.size = object.size;
          item.transfer = [&context, &settings, &directory, work = *work,
                           bucket = source.bucket, key = object.key, label,
                           relative, target = *path, there, summary = object,
                           directory_syncs, version, journal = journal.get(),
                           listed =
                               EntryFacts{object.size, object.last_modified,
                                          /*exact_time=*/false}] {
            if (settings.sync) {
              if (there && SyncNeedsDetails(listed, *there, *settings.sync) &&
                  SyncedWith(target, summary.etag, settings.sync->compare)) {
                return Settled("download", label, target.string(),
                               TransferOutcome::State::kSkipped, kPairedBefore);
              }
              std::optional<EntryFacts> object_facts = listed;
              if (there) {
                Result<std::optional<EntryFacts>> timed = WithObjectDetails(
                    context, settings, bucket, key, *there, listed);
                if (!timed.ok()) {
                  return Settled("download", label, target.string(),
                                 TransferOutcome::State::kFailed, "",
                                 timed.status());
                }
                object_facts = *timed;
              }
              if (!object_facts) {
                return Settled("download", label, target.string(),
                               TransferOutcome::State::kSkipped,
                               "deleted from the source meanwhile");
              }
              std::optional<EntryFacts> file_facts = there;
              if (there) {
                Result<EntryFacts> crc =
                    WithFileCrc(settings, target, *there, *object_facts);
                if (!crc.ok()) {
                  return Settled("download", label, target.string(),
                                 TransferOutcome::State::kFailed, "",
                                 crc.status());
                }
                file_facts = *crc;
              }
              auto pair = [&](SameBy by) {
                if (there && there->modified) {
                  RecordSyncedPair(target, summary.etag, by, there->size,
                                   *there->modified);
                }
              };
              if (std::optional<TransferOutcome> settled =
                      SettleBySync(settings, "download", label, target.string(),
                                   *object_facts, file_facts, pair)) {
                return *settled;
              }
            }
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
            // A small object needs no HEAD: one GET with If-Match.
            request.listed = summary;
            request.directory_syncs = directory_syncs;
            TransferOutcome outcome = RunDownload(context, request, label);
            RecordFinished(journal, relative, version, outcome);
            if (settings.sync &&
                outcome.state == TransferOutcome::State::kDone &&
                outcome.modified) {
              // The next sync finds the file the same as its object.
              std::error_code time_error;
              std::filesystem::last_write_time(
                  target, std::chrono::file_clock::from_sys(*outcome.modified),
                  time_error);
              if (time_error) {
                outcome.notices.push_back(
                    "could not set the file's modification time: " +
                    time_error.message());
              } else {
                RecordSyncedPair(target, outcome.etag, SameBy::kContent,
                                 outcome.size, *outcome.modified);
              }
            }
            return outcome;
          };
          emit(std::move(item));
        },
        &stopped));
    AddMissing(selection, emit, "download", [&](const std::string& path) {
      return FormatStoreUrl({source.dialect, source.bucket, prefix + path});
    });
    return Status();
  };
  const ItemStreamResult run =
      RunItemStream(produce, settings.jobs, context, output,
                    [&] { return selection.left_out(); });
  ExitCode code = run.code;
  if (!work->empty()) RemoveWorkDirectoryIfEmpty(*work);
  if (Status synced = directory_syncs->SyncAll(); !synced.ok()) {
    // The files are complete, but their names may not survive a power
    // loss: not a success, and never the moment to --delete.
    const ExitCode failed = ReportError(
        fmt::format("{}: making the new files' names durable", command),
        synced);
    if (code == kExitOk) code = failed;
  }
  CloseJournal(journal.get(), code, run.produced);
  if (const ExitCode unfinished = ReportUnfinishedListing(
          command, FormatStoreUrl({source.dialect, source.bucket, prefix}),
          run.produced, stopped, local);
      unfinished != kExitOk) {
    return unfinished;
  }
  if (local) {
    code = DeleteExtraneousFiles(*settings.sync, settings.filter.get(),
                                 directory, local->extraneous(), code, output);
  }
  return code;
}

ExitCode CopyPrefixToPrefix(const TransferContext& context,
                            const TransferSettings& settings,
                            const StoreUrl& source, const StoreUrl& destination,
                            CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(source.key);
  const std::string target_prefix = AsDirectoryPrefix(destination.key);
  const char* command = settings.sync ? "sync" : "cp -r";
  if (source.bucket == destination.bucket && prefix == target_prefix) {
    return ReportUsageError(
        fmt::format("{}: {} is both the source and the destination", command,
                    FormatStoreUrl({source.dialect, source.bucket, prefix})));
  }
  // cp -r takes its whole listing first, so a destination inside the
  // source is safe for it; a sync would compare the tree with part of
  // itself, and --delete could remove the source.
  if (settings.sync && source.bucket == destination.bucket &&
      (target_prefix.starts_with(prefix) ||
       prefix.starts_with(target_prefix))) {
    return ReportUsageError(fmt::format(
        "sync: {} and {} overlap (one is inside the other); sync between "
        "prefixes that do not",
        FormatStoreUrl({source.dialect, source.bucket, prefix}),
        FormatStoreUrl(
            {destination.dialect, destination.bucket, target_prefix})));
  }
  const Destination remote =
      ObjectsToSync(context, settings, destination, target_prefix);
  Status stopped;
  TreeSelection selection(settings.filter.get());
  Result<std::unique_ptr<TreeJournal>> opened = OpenJournal(
      settings,
      fmt::format("copy\n{}\n{}\n{}", context.client->endpoint(),
                  FormatStoreUrl({source.dialect, source.bucket, prefix}),
                  FormatStoreUrl({destination.dialect, destination.bucket,
                                  target_prefix})),
      nullptr, output);
  if (!opened.ok()) return ReportError(command, opened.status());
  TreeJournal* journal = opened->get();
  auto plan = [&](const ObjectSummary& object, const EmitItem& emit) {
    if (StopListingOnInterrupt(context, stopped)) return;
    const std::string label =
        FormatStoreUrl({source.dialect, source.bucket, object.key});
    CopyItem item;
    if (!object.key.starts_with(prefix)) {
      item.settled = Settled("copy", label, "", TransferOutcome::State::kFailed,
                             "", StrayKey(prefix));
      emit(std::move(item));
      return;
    }
    const std::string relative = object.key.substr(prefix.size());
    const std::optional<EntryFacts> there =
        TakeFromDestination(remote, relative, stopped);
    if (!stopped.ok()) return;
    if (!selection.Takes(relative, object.size, object.last_modified)) {
      return;
    }
    const std::string key = target_prefix + relative;
    const std::string target =
        FormatStoreUrl({destination.dialect, destination.bucket, key});
    const std::string version = fmt::format("{} {}", object.size, object.etag);
    if (journal != nullptr && journal->Finished(relative, version)) {
      item.settled = Settled("copy", label, target,
                             TransferOutcome::State::kSkipped, kFinishedBefore);
      emit(std::move(item));
      return;
    }
    if (settings.skip_existing) {
      HeadObjectRequest head;
      head.bucket = destination.bucket;
      head.key = key;
      Result<ObjectMetadata> there = context.client->HeadObject(head);
      if (there.ok() && there->size == object.size) {
        item.settled =
            Settled("copy", label, target, TransferOutcome::State::kSkipped,
                    "exists with the same size");
        emit(std::move(item));
        return;
      }
    }
    item.size = object.size;
    item.transfer = [&context, &settings, bucket = source.bucket,
                     from = object.key, to_bucket = destination.bucket, key,
                     label, target, there, journal, relative, version,
                     listed = EntryFacts{object.size, object.last_modified,
                                         /*exact_time=*/false}] {
      if (settings.sync) {
        Result<std::optional<TransferOutcome>> settled =
            SettleCopyBySync(context, settings, bucket, from, to_bucket, key,
                             label, target, listed, there);
        if (!settled.ok()) {
          return Settled("copy", label, target, TransferOutcome::State::kFailed,
                         "", settled.status());
        }
        if (*settled) return **settled;
      }
      TransferOutcome outcome = RunCopy(
          context, MakeCopyRequest(settings, bucket, from, to_bucket, key),
          label, target);
      RecordFinished(journal, relative, version, outcome);
      return outcome;
    };
    emit(std::move(item));
  };
  // A destination inside the source (cp -r only) would be listed while it
  // fills: the whole listing comes first there, so that no copy is copied
  // again. Any other tree streams.
  const bool inside_source =
      source.bucket == destination.bucket && target_prefix.starts_with(prefix);
  auto produce = [&](const EmitItem& emit) -> Status {
    if (inside_source) {
      std::vector<ObjectSummary> objects;
      RETURN_IF_ERROR(ForEachListedObject(
          *context.client, source.bucket, prefix,
          [&](const ObjectSummary& object) { objects.push_back(object); }));
      for (const ObjectSummary& object : objects) {
        plan(object, emit);
        if (!stopped.ok()) return stopped;
      }
    } else {
      RETURN_IF_ERROR(ForEachListedObject(
          *context.client, source.bucket, prefix,
          [&](const ObjectSummary& object) { plan(object, emit); }, &stopped));
    }
    AddMissing(selection, emit, "copy", [&](const std::string& path) {
      return FormatStoreUrl({source.dialect, source.bucket, prefix + path});
    });
    return Status();
  };
  const ItemStreamResult run =
      RunItemStream(produce, settings.jobs, context, output,
                    [&] { return selection.left_out(); });
  CloseJournal(journal, run.code, run.produced);
  if (const ExitCode unfinished = ReportUnfinishedListing(
          command, FormatStoreUrl({source.dialect, source.bucket, prefix}),
          run.produced, stopped, remote);
      unfinished != kExitOk) {
    return unfinished;
  }
  ExitCode code = run.code;
  if (remote) {
    code = DeleteExtraneousObjects(*context.client, *settings.sync,
                                   settings.filter.get(), destination.dialect,
                                   destination.bucket, target_prefix,
                                   remote->extraneous(), code, output);
  }
  return code;
}

ExitCode CopyDirectoryToPrefix(const TransferContext& context,
                               const TransferSettings& settings,
                               const std::filesystem::path& directory,
                               const StoreUrl& destination,
                               CommandOutput& output) {
  const std::string prefix = AsDirectoryPrefix(destination.key);
  const char* command = settings.sync ? "sync" : "cp -r";
  const Destination remote =
      ObjectsToSync(context, settings, destination, prefix);
  Status stopped;
  std::error_code error;
  // The walk streams (in the listing's byte order, for the sync's cursor);
  // a directory that cannot be read at all is said before anything runs.
  std::filesystem::directory_iterator readable(directory, error);
  if (error) {
    return ReportError(command, Status::IoError(fmt::format(
                                    "cannot read {}: {}", directory.string(),
                                    error.message())));
  }
  std::filesystem::path work;
  if (settings.checkpoint && settings.checkpoint_dir.empty() &&
      !DryRun(settings)) {
    Result<std::filesystem::path> made = MakeWorkDirectory(directory);
    if (!made.ok()) {
      return ReportError(
          command, made.status().WithContext(
                       "use --checkpoint-dir DIR or --no-checkpoint for a "
                       "tree ossxfer cannot write in"));
    }
    work = *made;
  }
  TreeSelection selection(settings.filter.get());
  Result<std::unique_ptr<TreeJournal>> opened = OpenJournal(
      settings,
      fmt::format(
          "upload\n{}\n{}\n{}", context.client->endpoint(),
          AbsolutePathText(directory),
          FormatStoreUrl({destination.dialect, destination.bucket, prefix})),
      nullptr, output);
  if (!opened.ok()) {
    if (!work.empty()) RemoveWorkDirectoryIfEmpty(work);
    return ReportError(command, opened.status());
  }
  const std::unique_ptr<TreeJournal> journal = std::move(*opened);
  auto produce = [&](const EmitItem& emit) -> Status {
    // Symbolic links to files are followed; links to directories are not
    // entered (a loop would never end).
    SortedTreeWalk walk(directory);
    while (!StopListingOnInterrupt(context, stopped)) {
      ASSIGN_OR_RETURN(std::optional<SortedTreeWalk::Entry> entry, walk.Next());
      if (!entry) break;
      const std::filesystem::path& file = entry->path;
      const std::string& relative = entry->relative;
      const std::filesystem::file_status status = entry->status;
      const std::error_code& status_error = entry->status_error;
      const std::optional<EntryFacts> there =
          TakeFromDestination(remote, relative, stopped);
      if (!stopped.ok()) return stopped;
      if (settings.filter != nullptr) {
        // What cannot be read is taken, and fails (or is skipped) below with
        // its reason.
        std::error_code stat_error;
        uint64_t size = std::filesystem::file_size(file, stat_error);
        if (stat_error) size = 0;
        if (!selection.Takes(relative, size, FileModified(file))) continue;
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
      } else if (std::string version =
                     journal != nullptr ? LocalFileVersion(file) : "";
                 journal != nullptr && journal->Finished(relative, version)) {
        item.settled =
            Settled("upload", file.string(), label,
                    TransferOutcome::State::kSkipped, kFinishedBefore);
      } else {
        std::error_code size_error;  // the transfer reports it
        item.size = std::filesystem::file_size(file, size_error);
        item.transfer = [&context, &settings, file, target, label, work, there,
                         relative, version, journal = journal.get()] {
          std::optional<SystemTime> modified = FileModified(file);
          if (settings.sync) {
            std::error_code size_error;
            const EntryFacts here{std::filesystem::file_size(file, size_error),
                                  modified, /*exact_time=*/true};
            if (size_error) {
              return Settled("upload", file.string(), label,
                             TransferOutcome::State::kFailed, "",
                             Status::IoError("cannot read its size: " +
                                             size_error.message()));
            }
            if (there && SyncNeedsDetails(here, *there, *settings.sync) &&
                SyncedWith(file, there->etag, settings.sync->compare)) {
              return Settled("upload", file.string(), label,
                             TransferOutcome::State::kSkipped, kPairedBefore);
            }
            std::optional<EntryFacts> object = there;
            if (there) {
              Result<std::optional<EntryFacts>> timed = WithObjectDetails(
                  context, settings, target.bucket, target.key, here, *there);
              if (!timed.ok()) {
                return Settled("upload", file.string(), label,
                               TransferOutcome::State::kFailed, "",
                               timed.status());
              }
              object = *timed;
            }
            EntryFacts file_facts = here;
            if (object) {
              Result<EntryFacts> crc =
                  WithFileCrc(settings, file, here, *object);
              if (!crc.ok()) {
                return Settled("upload", file.string(), label,
                               TransferOutcome::State::kFailed, "",
                               crc.status());
              }
              file_facts = *crc;
            }
            auto pair = [&](SameBy by) {
              if (here.modified) {
                RecordSyncedPair(file, there->etag, by, here.size,
                                 *here.modified);
              }
            };
            if (std::optional<TransferOutcome> settled =
                    SettleBySync(settings, "upload", file.string(), label,
                                 file_facts, object, pair)) {
              return *settled;
            }
          }
          if (settings.skip_existing) {
            HeadObjectRequest head;
            head.bucket = target.bucket;
            head.key = target.key;
            std::error_code size_error;
            Result<ObjectMetadata> existing = context.client->HeadObject(head);
            if (existing.ok() &&
                existing->size ==
                    std::filesystem::file_size(file, size_error) &&
                !size_error) {
              return Settled("upload", file.string(), label,
                             TransferOutcome::State::kSkipped,
                             "exists with the same size");
            }
          }
          UploadRequest request =
              MakeUploadRequest(settings, file, target.bucket, target.key);
          // What a later sync compares (and rclone reads): the file's time.
          if (settings.sync && modified) {
            request.attributes.user_metadata[kMtimeMetadataKey] =
                FormatMtime(*modified);
          }
          // The checkpoints in the work directory, not among the files.
          if (!work.empty()) request.checkpoint_path = work;
          TransferOutcome outcome = RunUpload(context, request, label);
          RecordFinished(journal, relative, version, outcome);
          if (settings.sync && outcome.state == TransferOutcome::State::kDone &&
              modified) {
            RecordSyncedPair(file, outcome.etag, SameBy::kContent, outcome.size,
                             *modified);
          }
          return outcome;
        };
      }
      emit(std::move(item));
    }
    if (!stopped.ok()) return stopped;
    AddMissing(selection, emit, "upload", [&](const std::string& path) {
      return (directory / path).string();
    });
    return Status();
  };
  const ItemStreamResult run =
      RunItemStream(produce, settings.jobs, context, output,
                    [&] { return selection.left_out(); });
  ExitCode code = run.code;
  CloseJournal(journal.get(), code, run.produced);
  if (!work.empty()) RemoveWorkDirectoryIfEmpty(work);
  if (const ExitCode unfinished = ReportUnfinishedListing(
          command, directory.string(), run.produced, stopped, remote);
      unfinished != kExitOk) {
    return unfinished;
  }
  if (remote) {
    code = DeleteExtraneousObjects(*context.client, *settings.sync,
                                   settings.filter.get(), destination.dialect,
                                   destination.bucket, prefix,
                                   remote->extraneous(), code, output);
  }
  return code;
}

}  // namespace ossxfer::cli
