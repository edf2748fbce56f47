// A file being written in the store's tmp/ directory. It becomes durable
// only through Publish (fsync, rename into its final directory under a
// fresh random name, fsync of that directory); until then destroying it
// removes it, so an abandoned write leaves nothing behind.
#ifndef OSSXFER_SERVER_TEMP_FILE_H_
#define OSSXFER_SERVER_TEMP_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "server/posix_file.h"

namespace ossxfer::server {

class TempFile {
 public:
  // A new empty file, mode 0600, with a random name in `tmp_dir`.
  static Result<std::unique_ptr<TempFile>> Create(
      const std::filesystem::path& tmp_dir);

  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  Status Write(const char* data, size_t size);

  // Makes the file durable as `dir`/<random id> and returns that name. After
  // success the file belongs to `dir` (the caller removes it if the metadata
  // that should point at it cannot be committed); after failure it is still
  // a temp file, removed by the destructor.
  Result<std::string> Publish(const std::filesystem::path& dir);

  const std::filesystem::path& path() const { return path_; }

 private:
  TempFile(UniqueFd fd, std::filesystem::path path)
      : fd_(std::move(fd)), path_(std::move(path)) {}

  UniqueFd fd_;
  std::filesystem::path path_;
  bool published_ = false;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_TEMP_FILE_H_
