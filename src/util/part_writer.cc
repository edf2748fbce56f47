#include "util/part_writer.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/status_macros.h"

namespace ossxfer::util {

std::optional<DirectFile> DirectFile::Open(const File& file_to_share) {
  Result<File> file = file_to_share.Reopen(O_WRONLY | O_DIRECT);
  if (!file.ok()) return std::nullopt;
  return DirectFile(std::move(*file));
}

Result<size_t> DirectFile::Write(const char* data, size_t size,
                                 uint64_t offset) {
  size_t done = 0;
  while (done < size && enabled()) {
    // Through the temp file's FileSystem, like the ordinary descriptor's
    // writes: a failing disk fails both alike.
    size_t n = 0;
    int error = file_.file_system().WriteAt(file_, data + done, size - done,
                                            offset + done, n);
    if (error == 0 && n > 0 && n % kAlignment == 0) {
      done += n;
      continue;
    }
    if (error != 0 && error != EINVAL) {
      return ErrnoStatus(error,
                         fmt::format("write at offset {} of", offset + done),
                         file_.path());
    }
    // EINVAL (an alignment this file system does not accept) or a short
    // write that left the rest unaligned: the ordinary descriptor takes
    // over, for this write and every later one.
    done += n;
    enabled_->store(false);
  }
  return done;
}

size_t PartWriter::BlockBytesFor(uint64_t part_size) {
  constexpr uint64_t kMaxBlockBytes = 512 << 10;
  uint64_t quarter =
      part_size / 4 / DirectFile::kAlignment * DirectFile::kAlignment;
  return static_cast<size_t>(
      std::clamp<uint64_t>(quarter, DirectFile::kAlignment, kMaxBlockBytes));
}

PartWriter::PartWriter(File& file, DirectFile* direct, size_t block_bytes,
                       uint64_t offset,
                       std::function<void(const char*, size_t)> on_written)
    : file_(file),
      direct_(direct),
      block_bytes_(block_bytes),
      offset_(offset),
      on_written_(std::move(on_written)) {}

bool PartWriter::Direct() const {
  return direct_ != nullptr && direct_->enabled();
}

Status PartWriter::WriteThrough(const char* data, size_t size) {
  RETURN_IF_ERROR(file_.WriteAt(data, size, offset_));
  offset_ += size;
  on_written_(data, size);
  return Status();
}

Status PartWriter::Write(const char* data, size_t size) {
  while (size > 0) {
    if (!Direct()) {
      RETURN_IF_ERROR(WriteGathered());
      return WriteThrough(data, size);
    }
    size_t misaligned = offset_ % DirectFile::kAlignment;
    if (gathered_ == 0 && misaligned != 0) {
      // A part resumed mid-block: up to the next block boundary the
      // ordinary way.
      size_t head = std::min(size, DirectFile::kAlignment - misaligned);
      RETURN_IF_ERROR(WriteThrough(data, head));
      data += head;
      size -= head;
      continue;
    }
    if (!block_) {
      block_ = BlockPool::Shared().Take(block_bytes_);
      if (!block_) return Status::IoError("out of memory for a write block");
    }
    size_t take = std::min(size, block_bytes_ - gathered_);
    std::memcpy(block_.get() + gathered_, data, take);
    gathered_ += take;
    data += take;
    size -= take;
    if (gathered_ == block_bytes_) RETURN_IF_ERROR(WriteGathered());
  }
  return Status();
}

Status PartWriter::WriteGathered() {
  if (gathered_ == 0) return Status();
  size_t aligned = 0;
  if (Direct()) {
    ASSIGN_OR_RETURN(aligned,
                     direct_->Write(block_.get(),
                                    gathered_ / DirectFile::kAlignment *
                                        DirectFile::kAlignment,
                                    offset_));
    offset_ += aligned;
    direct_bytes_ += aligned;
    if (aligned > 0) on_written_(block_.get(), aligned);
  }
  size_t rest = gathered_ - aligned;
  gathered_ = 0;
  if (rest > 0) RETURN_IF_ERROR(WriteThrough(block_.get() + aligned, rest));
  return Status();
}

Status PartWriter::Finish() { return WriteGathered(); }

}  // namespace ossxfer::util
