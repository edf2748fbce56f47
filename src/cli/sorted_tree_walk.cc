#include "cli/sorted_tree_walk.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "ossxfer/work_files.h"

namespace ossxfer::cli {

namespace fs = std::filesystem;

SortedTreeWalk::SortedTreeWalk(fs::path root) : root_(std::move(root)) {}

Status SortedTreeWalk::Enter(const fs::path& directory, std::string relative) {
  std::error_code error;
  fs::directory_iterator it(directory, error);
  std::vector<std::pair<std::string, bool>> children;
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    std::error_code status_error;
    const bool is_directory =
        fs::is_directory(it->symlink_status(status_error)) && !status_error;
    std::string name = it->path().filename().string();
    if (is_directory && name == kWorkDirectoryName) continue;
    // Every path below a directory starts with its name and a '/', so the
    // directory sorts among its siblings as that.
    if (is_directory) name += '/';
    children.emplace_back(std::move(name), is_directory);
  }
  if (error) {
    return Status::IoError(
        fmt::format("cannot read {}: {}", directory.string(), error.message()));
  }
  std::sort(children.begin(), children.end());
  Level level{directory, std::move(relative), {}, {}, 0};
  level.names.reserve(children.size());
  level.is_directory.reserve(children.size());
  for (auto& [name, is_directory] : children) {
    if (is_directory) name.pop_back();
    level.names.push_back(std::move(name));
    level.is_directory.push_back(is_directory);
  }
  levels_.push_back(std::move(level));
  return Status::Ok();
}

Result<std::optional<SortedTreeWalk::Entry>> SortedTreeWalk::Next() {
  if (!started_) {
    started_ = true;
    std::error_code error;
    if (!fs::exists(root_, error)) return std::optional<Entry>();
    Status entered = Enter(root_, "");
    if (!entered.ok()) return entered;
  }
  while (!levels_.empty()) {
    Level& level = levels_.back();
    if (level.next == level.names.size()) {
      levels_.pop_back();
      continue;
    }
    const size_t i = level.next++;
    fs::path path = level.directory / level.names[i];
    std::string relative = level.relative + level.names[i];
    if (level.is_directory[i]) {
      Status entered = Enter(path, relative + "/");
      if (!entered.ok()) {
        levels_.clear();
        return entered;
      }
      continue;
    }
    Entry entry{std::move(relative), path, {}, {}, {}};
    std::error_code own_error;
    entry.own_status = fs::symlink_status(path, own_error);
    entry.status = fs::status(path, entry.status_error);
    // A link to a directory is not entered (a loop would never end).
    if (fs::is_directory(entry.status)) continue;
    return std::optional<Entry>(std::move(entry));
  }
  return std::optional<Entry>();
}

}  // namespace ossxfer::cli
