// A file being written in the store's tmp/ directory. It becomes durable
// only through Publish (fsync, rename into its final directory under a
// fresh random name, fsync of that directory); until then destroying it
// removes it, so an abandoned write leaves nothing behind.
//
// Bodies are gathered into blocks of kBlockBytes (util::BlockPool's, on
// huge pages where the kernel gives them) and each whole block is written
// with O_DIRECT, past the page cache: copying a large upload into the page
// cache was the biggest single cost of serve's receiving end (30 % of its
// CPU in one 2 GiB upload, bench/results/s3.md), and the fsync before
// Publish then has no dirty pages to wait for. The last, partial block and
// every byte on a file system that refuses O_DIRECT go through the
// ordinary descriptor, so a small body is one ordinary write.
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
#include "util/block_pool.h"

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
  uint64_t direct_bytes() const { return direct_bytes_; }

 private:
  TempFile(UniqueFd fd, UniqueFd direct_fd, std::filesystem::path path)
      : fd_(std::move(fd)),
        direct_fd_(std::move(direct_fd)),
        path_(std::move(path)) {}

  // The whole gathered block, with O_DIRECT.
  Status WriteBlock();
  // Whatever is gathered, through the ordinary descriptor.
  Status WriteGathered();
  Status WriteThrough(const char* data, size_t size);

  UniqueFd fd_;
  UniqueFd direct_fd_;  // invalid where O_DIRECT is refused
  std::filesystem::path path_;
  util::BlockPool::Block block_;  // taken when the first byte comes
  size_t gathered_ = 0;           // bytes in block_ not yet in the file
  uint64_t written_ = 0;          // bytes in the file
  uint64_t direct_bytes_ = 0;
  bool published_ = false;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_TEMP_FILE_H_
