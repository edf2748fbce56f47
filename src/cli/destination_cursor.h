// The destination side of a sync, read in step with the source instead of
// held whole: both sides come in the byte order of their paths below the
// root (a listing as OSS and S3 give it; a directory through
// SortedTreeWalk), so the destination's entry for a source path is found
// by reading past the smaller ones, which the source lacks. Memory is one
// listing page (or one directory per level) plus, with --delete, the
// entries to delete. A source or destination out of order is an error:
// nothing is deleted after it.
#ifndef OSSXFER_CLI_DESTINATION_CURSOR_H_
#define OSSXFER_CLI_DESTINATION_CURSOR_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/sync_rules.h"
#include "ossxfer/client.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

struct DestinationEntry {
  std::string relative;  // below the destination's root
  EntryFacts facts;
};

class DestinationCursor {
 public:
  // The destination's entries in order; nullopt at the end.
  using Read = std::function<Result<std::optional<DestinationEntry>>()>;

  // `keep_extraneous`: remember what the source lacks (for --delete).
  DestinationCursor(Read read, bool keep_extraneous);

  // The objects under `prefix` (directory markers and keys the listing
  // should not have given left out), page by page; a page's error names
  // `label` (the prefix's URL).
  static std::unique_ptr<DestinationCursor> OfObjects(const Client& client,
                                                      std::string bucket,
                                                      std::string prefix,
                                                      std::string label,
                                                      bool keep_extraneous);
  // The regular files under `directory` (links, cp -r's work files and
  // its work directory left out: never compared, never deleted).
  static std::unique_ptr<DestinationCursor> OfFiles(
      const std::filesystem::path& directory, bool keep_extraneous);

  // The destination's facts for the source's `relative`, which must come
  // after every path asked for before. An error (a read failed, or either
  // side out of order) stays: every later call returns it.
  Result<std::optional<EntryFacts>> Take(const std::string& relative);

  // Once the source has ended: reads the rest, which the source lacks.
  Status Finish();

  // What the source lacks, in order (kept only when asked for).
  const std::vector<DestinationEntry>& extraneous() const {
    return extraneous_;
  }

 private:
  // Reads the next entry into pending_ (checking the order).
  Status Advance();

  Read read_;
  const bool keep_extraneous_;
  Status failed_;
  bool ended_ = false;
  std::optional<DestinationEntry> pending_;
  std::string last_read_;
  bool read_any_ = false;
  std::string last_taken_;
  bool taken_any_ = false;
  std::vector<DestinationEntry> extraneous_;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_DESTINATION_CURSOR_H_
