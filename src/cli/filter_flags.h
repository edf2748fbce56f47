// The filter flags of the tree commands (--include, --exclude,
// --files-from, --min-size, --max-size, --min-age, --max-age), as typed
// and as checked into a PathFilter (path_filter.h).
#ifndef OSSXFER_CLI_FILTER_FLAGS_H_
#define OSSXFER_CLI_FILTER_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/path_filter.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

struct FilterFlags {
  // --include and --exclude in the order typed: that order decides.
  std::vector<FilterRule> rules;
  std::string files_from;
  std::string min_size, max_size;
  std::string min_age, max_age;
  std::string partition;  // "I/N"

  bool given() const {
    return !rules.empty() || !files_from.empty() || !min_size.empty() ||
           !max_size.empty() || !min_age.empty() || !max_age.empty() ||
           !partition.empty();
  }
};

void AddFilterFlags(CLI::App& command, FilterFlags& flags);

// nullptr when no filter flag was given. kInvalidArgument naming the flag
// and the value (a bad glob, size or duration, contradicting limits);
// kNotFound or kIoError for a --files-from file that cannot be read.
Result<std::shared_ptr<const PathFilter>> CheckFilterFlags(
    const FilterFlags& flags, SystemTime now);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_FILTER_FLAGS_H_
