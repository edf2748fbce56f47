// A tree command's filter over one tree as it is listed or walked: which
// entries it takes, how many it left out, and the --files-from paths the
// tree turned out to lack. cp -r, rm -r and ls share it, so each counts and
// reports the same way.
#ifndef OSSXFER_CLI_TREE_SELECTION_H_
#define OSSXFER_CLI_TREE_SELECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/path_filter.h"
#include "ossxfer/status.h"

namespace ossxfer::cli {

class TreeSelection {
 public:
  // `filter` may be null: everything is taken.
  explicit TreeSelection(const PathFilter* filter);

  bool Takes(const std::string& relative, uint64_t size,
             std::optional<SystemTime> modified);

  uint64_t left_out() const { return left_out_; }
  bool filtering() const { return filter_ != nullptr; }

  // The --files-from paths no entry matched, in the file's order: a list
  // names what the user expects to be there.
  std::vector<std::string> Missing() const;

  // kNotFound naming the missing paths (the first ten) under `where`, or
  // OK when none is missing.
  Status MissingAsError(const std::string& where) const;

 private:
  const PathFilter* filter_;
  std::unordered_set<std::string> missing_;
  uint64_t left_out_ = 0;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TREE_SELECTION_H_
