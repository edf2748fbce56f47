#include "cli/tree_selection.h"

#include <fmt/format.h>

#include "cli/terminal_text.h"

namespace ossxfer::cli {

TreeSelection::TreeSelection(const PathFilter* filter) : filter_(filter) {
  if (filter_ == nullptr) return;
  for (const std::string& path : filter_->files_from()) missing_.insert(path);
}

bool TreeSelection::Takes(const std::string& relative, uint64_t size,
                          std::optional<SystemTime> modified) {
  if (filter_ == nullptr) return true;
  missing_.erase(relative);
  if (filter_->Takes(TreeEntry{relative, size, modified})) return true;
  ++left_out_;
  return false;
}

std::vector<std::string> TreeSelection::Missing() const {
  std::vector<std::string> missing;
  if (filter_ == nullptr) return missing;
  for (const std::string& path : filter_->files_from()) {
    if (missing_.contains(path)) missing.push_back(path);
  }
  return missing;
}

Status TreeSelection::MissingAsError(const std::string& where) const {
  const std::vector<std::string> missing = Missing();
  if (missing.empty()) return Status::Ok();
  constexpr size_t kShown = 10;
  std::string names;
  for (size_t i = 0; i < missing.size() && i < kShown; ++i) {
    names += (i == 0 ? "" : ", ") + TerminalSafe(missing[i]);
  }
  if (missing.size() > kShown) {
    names += fmt::format(" and {} more", missing.size() - kShown);
  }
  return Status::NotFound(
      fmt::format("{} path(s) listed in --files-from are not under {}: {}",
                  missing.size(), where, names));
}

}  // namespace ossxfer::cli
