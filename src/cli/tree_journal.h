// What an interrupted `cp -r` had finished, so that the same command run
// again skips it: the resume of a whole tree. Without it a re-run copies
// every file again (cp -r overwrites; only sync compares), and comparing
// sizes alone would trust a half-written object of the right size.
//
// One journal per job (its direction, source and destination), under the
// state directory's journal/ (util/state_directory.h). Each finished file
// adds one line: 32 hex digits, half a SHA-256 of its path under the tree
// and its version (the object's size and ETag; the file's size, mtime and
// inode), so 33 bytes a file whatever its name, and a changed source is
// never taken for the finished one. Lines are written and fdatasynced in
// batches (at least once a second): a crash forgets at most the last
// second's files, which the next run copies again; a torn last line is
// ignored. A journal is read whole at the start (16 bytes a file in
// memory) and removed when the job ends with nothing left to do. While a
// job runs its journal is locked: the same job started twice fails fast.
#ifndef OSSXFER_CLI_TREE_JOURNAL_H_
#define OSSXFER_CLI_TREE_JOURNAL_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"
#include "util/file.h"

namespace ossxfer::cli {

class TreeJournal {
 public:
  // Opens, or creates, the journal of `job` (the text that names it:
  // direction, source, destination) and reads what it holds. `before_write`
  // runs before each batch is made durable: what a line vouches for must be
  // durable first (DirectorySyncBatch::SyncAll). kBusy when the same job
  // runs already.
  static Result<std::unique_ptr<TreeJournal>> Open(
      const std::string& job, std::function<Status()> before_write);

  // Whether an earlier run of the job finished `path` at this `version`.
  bool Finished(std::string_view path, std::string_view version) const;
  // `path` is finished at `version`; durable within about a second.
  // Thread-safe.
  Status Record(std::string_view path, std::string_view version);
  // Writes what is recorded and not yet durable.
  Status Flush();
  // The job is done: the journal goes.
  void Remove();

  // Entries an earlier run left.
  size_t finished_before() const { return finished_.size(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  using Entry = std::array<uint8_t, 16>;
  static Entry EntryOf(std::string_view path, std::string_view version);

  TreeJournal(util::File file, std::filesystem::path path,
              std::function<Status()> before_write)
      : file_(std::move(file)),
        path_(std::move(path)),
        before_write_(std::move(before_write)) {}
  Status FlushLocked();

  util::File file_;
  std::filesystem::path path_;
  std::function<Status()> before_write_;
  std::vector<Entry> finished_;  // sorted at Open, never changed after

  std::mutex mutex_;     // guards what follows
  uint64_t size_ = 0;    // where the next line goes
  std::string pending_;  // lines recorded, not yet written
  std::chrono::steady_clock::time_point last_write_ =
      std::chrono::steady_clock::now();
  Status failure_;  // the first failed write: the journal stops there
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TREE_JOURNAL_H_
