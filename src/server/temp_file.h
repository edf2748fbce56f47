// A file being written in the store's tmp/ directory. It becomes durable
// only through Publish (fsync, rename into its final directory under a
// fresh random name, fsync of that directory); until then destroying it
// removes it, so an abandoned write leaves nothing behind.
//
// The bytes go through a util::PartWriter: whole blocks of kBlockBytes
// with O_DIRECT, past the page cache (copying a large upload into it was
// the biggest single cost of serve's receiving end), the rest the ordinary
// way, so a small body is one ordinary write.
#ifndef OSSXFER_SERVER_TEMP_FILE_H_
#define OSSXFER_SERVER_TEMP_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "util/file.h"
#include "util/part_writer.h"

namespace ossxfer::server {

class TempFile {
 public:
  // The size of the blocks written with O_DIRECT: the downloads' block
  // size, so that both share the process's idle blocks.
  static constexpr size_t kBlockBytes = 512 << 10;

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
  // Bytes written with O_DIRECT so far.
  uint64_t direct_bytes() const;

 private:
  TempFile(util::File file, std::filesystem::path path);

  std::filesystem::path path_;
  std::optional<util::File> file_;          // closed once published
  std::optional<util::DirectFile> direct_;  // none where O_DIRECT is refused
  std::optional<util::PartWriter> writer_;  // until Publish
  uint64_t published_direct_bytes_ = 0;     // writer_'s, once it is gone
  bool published_ = false;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_TEMP_FILE_H_
