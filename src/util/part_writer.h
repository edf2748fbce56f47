// Writes the bytes of one part of a file in order, as they arrive: a
// download's part into its temp file, serve's upload body into its own.
// Given the file opened a second time with O_DIRECT, it gathers them into
// aligned blocks and writes those past the page cache, so that a download
// of many GiB neither waits behind the kernel's write-back of its own dirty
// pages at every checkpoint (each one must fdatasync) nor evicts the rest
// of the machine's cache, and serve does not copy every upload into the
// page cache (30 % of its CPU in a 2 GiB upload, bench/results/s3.md). The
// bytes that cannot be aligned (a part's last block, the start of a part
// resumed mid-block) and every byte on a file system that refuses O_DIRECT
// go through the ordinary descriptor.
#ifndef OSSXFER_UTIL_PART_WRITER_H_
#define OSSXFER_UTIL_PART_WRITER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "ossxfer/status.h"
#include "util/block_pool.h"
#include "util/file.h"

namespace ossxfer::util {

// The temp file's O_DIRECT descriptor, shared by a download's workers.
class DirectFile {
 public:
  static constexpr size_t kAlignment = kDirectIoAlignment;

  // `file` opened a second time, with O_DIRECT (File::Reopen: the
  // same file, whatever its path names by now). nullopt where the file
  // system refuses O_DIRECT (tmpfs, some FUSE).
  static std::optional<DirectFile> Open(const File& file);

  // Writes `size` aligned bytes at the aligned `offset` and returns how many
  // went to the file. Fewer than `size` only when the kernel refused direct
  // I/O for this file after all (EINVAL): it is then off for every writer,
  // and the caller writes the rest through the ordinary descriptor.
  Result<size_t> Write(const char* data, size_t size, uint64_t offset);
  bool enabled() const { return enabled_->load(); }

 private:
  explicit DirectFile(File file)
      : file_(std::move(file)),
        enabled_(std::make_unique<std::atomic<bool>>(true)) {}
  File file_;
  std::unique_ptr<std::atomic<bool>> enabled_;  // movable
};

class PartWriter {
 public:
  // The part's next byte goes to `offset` in `file`. `direct` may be null.
  // Direct writes gather up to `block_bytes` (see BlockBytesFor).
  // `on_written` sees every byte once it is in the file, in order, from the
  // writing thread.
  PartWriter(File& file, DirectFile* direct, size_t block_bytes,
             uint64_t offset,
             std::function<void(const char*, size_t)> on_written);

  // A quarter of the part (what a crash may lose before it reaches the
  // file stays a small share of the parts in flight), in whole alignment
  // units, at most 512 KiB: large enough for big sequential requests to
  // the disk, small enough that each worker holds little memory (1 MiB
  // blocks were no faster and left more in the writers' hands at a kill).
  static size_t BlockBytesFor(uint64_t part_size);

  Status Write(const char* data, size_t size);
  // Writes whatever is gathered: call it when the fetch ends, however it
  // ends, so that every byte received is on file.
  Status Finish();
  // Received but not yet in the file (at most the block size).
  size_t gathered() const { return gathered_; }
  // Written with O_DIRECT so far.
  uint64_t direct_bytes() const { return direct_bytes_; }

 private:
  bool Direct() const;
  Status WriteThrough(const char* data, size_t size);
  Status WriteGathered();

  File& file_;
  DirectFile* direct_;
  size_t block_bytes_;
  uint64_t offset_;  // where the next byte not yet in the file goes
  std::function<void(const char*, size_t)> on_written_;
  BlockPool::Block block_;  // taken from the shared pool when first needed
  size_t gathered_ = 0;
  uint64_t direct_bytes_ = 0;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_PART_WRITER_H_
