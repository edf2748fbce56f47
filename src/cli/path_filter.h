// Which entries of a tree a command takes (`cp -r`, and the tree commands
// to come): --include/--exclude glob rules (util/glob.h), --files-from,
// and size and age limits, all of which an entry must pass.
//
// Rules are tried in the order given and the first whose glob matches the
// entry's relative path decides; when none matches, the entry is taken
// unless some rule is an --include (then only what an include matches is
// taken, as with rclone). So `--include '*.jpg' --exclude 'tmp/'` takes
// every .jpg, even one under tmp/, while `--exclude 'tmp/' --include
// '*.jpg'` takes the .jpg files outside tmp/.
#ifndef OSSXFER_CLI_PATH_FILTER_H_
#define OSSXFER_CLI_PATH_FILTER_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ossxfer/object_metadata.h"
#include "ossxfer/result.h"
#include "util/glob.h"

namespace ossxfer::cli {

struct FilterRule {
  bool include = false;
  std::string pattern;
};

struct FilterOptions {
  std::vector<FilterRule> rules;  // in command-line order
  // --files-from: the text of the file (one path a line; blank lines and
  // lines starting with '#' or ';' are skipped; a leading "./" or "/" is
  // dropped) and its name for messages.
  std::optional<std::string> files_from_text;
  std::string files_from_name;
  std::optional<uint64_t> min_size, max_size;  // bytes, inclusive
  // --min-age: modified at least this long ago; --max-age: at most.
  std::optional<std::chrono::seconds> min_age, max_age;
  // --partition I/N: only the I-th (1-based) of N shares of the paths, by
  // PartitionOf.
  std::optional<std::pair<uint64_t, uint64_t>> partition;
};

// The share (0..count-1) a path belongs to: FNV-1a 64 of its bytes, mixed
// by MurmurHash3's fmix64, modulo `count`. Fixed forever: machines running the
// shares of one job must agree on it whatever their version.
uint64_t PartitionOf(std::string_view relative_path, uint64_t count);

// One entry of a tree, as a listing or a directory walk gives it.
struct TreeEntry {
  std::string_view relative_path;  // '/'-separated, no leading '/'
  uint64_t size = 0;
  std::optional<SystemTime> modified;  // unknown: age limits do not apply
};

class PathFilter {
 public:
  // kInvalidArgument naming the bad pattern, or min > max.
  static Result<PathFilter> Make(const FilterOptions& options, SystemTime now);

  bool Takes(const TreeEntry& entry) const;
  // No rule, list or limit: every entry is taken.
  bool TakesEverything() const { return takes_everything_; }

  // The --files-from paths, in file order (to report those the tree does
  // not have).
  const std::vector<std::string>& files_from() const { return listed_; }

 private:
  struct CompiledRule {
    bool include;
    util::Glob glob;
  };
  std::vector<CompiledRule> rules_;
  bool any_include_ = false;
  bool has_files_from_ = false;
  std::vector<std::string> listed_;
  std::unordered_set<std::string> listed_set_;
  std::optional<uint64_t> min_size_, max_size_;
  // --min-age and --max-age as times against the `now` Make was given.
  std::optional<SystemTime> modified_at_or_before_, modified_at_or_after_;
  std::optional<std::pair<uint64_t, uint64_t>> partition_;  // (I-1, N)
  bool takes_everything_ = true;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_PATH_FILTER_H_
