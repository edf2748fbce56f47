#include "ossxfer/directory_sync_batch.h"

#include "util/file.h"

namespace ossxfer {

void DirectorySyncBatch::Add(const std::filesystem::path& directory) {
  std::lock_guard lock(mutex_);
  directories_.insert(directory);
}

Status DirectorySyncBatch::SyncAll() {
  std::set<std::filesystem::path> directories;
  {
    std::lock_guard lock(mutex_);
    directories.swap(directories_);
  }
  Status first;
  for (const std::filesystem::path& directory : directories) {
    Status synced = util::SyncDirectory(directory);
    if (!synced.ok() && synced.code() != StatusCode::kNotFound && first.ok()) {
      first = synced;
    }
  }
  return first;
}

size_t DirectorySyncBatch::pending() const {
  std::lock_guard lock(mutex_);
  return directories_.size();
}

}  // namespace ossxfer
