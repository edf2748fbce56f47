#include "server/temp_file.h"

#include <fcntl.h>

#include <system_error>
#include <utility>

#include "server/posix_file.h"
#include "server/random_id.h"
#include "util/status_macros.h"

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
    Result<util::File> file =
        util::File::Open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (file.ok()) {
      return std::unique_ptr<TempFile>(
          new TempFile(std::move(file).value(), std::move(path)));
    }
    last = file.status();
    std::error_code error;
    if (!std::filesystem::exists(path, error)) break;  // not a collision
  }
  return last;
}

TempFile::TempFile(util::File file, std::filesystem::path path)
    : path_(std::move(path)), file_(std::move(file)) {
  direct_ = util::DirectFile::Open(*file_);
  writer_.emplace(*file_, direct_ ? &*direct_ : nullptr, kBlockBytes,
                  /*offset=*/0, [](const char*, size_t) {});
}

TempFile::~TempFile() {
  writer_.reset();
  direct_.reset();
  file_.reset();
  if (!published_) (void)RemoveFile(path_);  // nothing to report it to
}

uint64_t TempFile::direct_bytes() const {
  return writer_ ? writer_->direct_bytes() : published_direct_bytes_;
}

Status TempFile::Write(const char* data, size_t size) {
  // No writer: published, or a Publish that failed after closing it.
  if (!writer_) return Status::Internal("write to a published file");
  return writer_->Write(data, size);
}

Result<std::string> TempFile::Publish(const std::filesystem::path& dir) {
  if (!writer_) return Status::Internal("file published twice");
  RETURN_IF_ERROR(writer_->Finish());
  // The block goes back to the pool and the second descriptor closes: the
  // body is all in the file.
  published_direct_bytes_ = writer_->direct_bytes();
  writer_.reset();
  direct_.reset();
  Status synced = file_->Sync();
  if (!synced.ok()) return synced;
  Status last;
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    std::string name = RandomHexId();
    bool exists = false;
    Status renamed = RenameNoReplace(path_, dir / name, &exists);
    if (renamed.ok()) {
      published_ = true;
      file_.reset();
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
