#include "server/temp_file.h"

#include <system_error>
#include <utility>

#include "server/random_id.h"

namespace ossxfer::server {
namespace {

// Random 128-bit names collide only by a bug; a few retries make even that
// survivable instead of fatal.
constexpr int kNameAttempts = 4;

}  // namespace

Result<std::unique_ptr<TempFile>> TempFile::Create(
    const std::filesystem::path& tmp_dir) {
  Status last;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    std::filesystem::path path = tmp_dir / RandomHexId();
    Result<UniqueFd> fd = CreateExclusive(path);
    if (fd.ok()) {
      return std::unique_ptr<TempFile>(
          new TempFile(std::move(fd).value(), std::move(path)));
    }
    last = fd.status();
    std::error_code error;
    if (!std::filesystem::exists(path, error)) break;  // not a collision
  }
  return last;
}

TempFile::~TempFile() {
  fd_.Reset();
  if (!published_) (void)RemoveFile(path_);  // nothing to report it to
}

Status TempFile::Write(const char* data, size_t size) {
  if (published_) return Status::Internal("write to a published file");
  return WriteFully(fd_.get(), data, size, path_);
}

Result<std::string> TempFile::Publish(const std::filesystem::path& dir) {
  if (published_) return Status::Internal("file published twice");
  Status synced = SyncFile(fd_.get(), path_);
  if (!synced.ok()) return synced;
  Status last;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    std::string name = RandomHexId();
    bool exists = false;
    Status renamed = RenameNoReplace(path_, dir / name, &exists);
    if (renamed.ok()) {
      published_ = true;
      fd_.Reset();
      // The rename is durable only once the directory is: without this a
      // crash could lose a file whose metadata is already committed.
      Status dir_synced = SyncDirectory(dir);
      if (!dir_synced.ok()) {
        (void)RemoveFile(dir / name);
        return dir_synced;
      }
      path_ = dir / name;
      return name;
    }
    last = renamed;
    if (!exists) break;
  }
  return last;
}

}  // namespace ossxfer::server
