#include "server/object_data_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "server/store_errors.h"

namespace ossxfer::server {
namespace {

Status OpenError(const std::filesystem::path& path, int error) {
  if (error == ENOENT) {
    return Status::NotFound("open " + path.string() +
                            ": the object's data is gone (replaced or "
                            "deleted since it was looked up)");
  }
  if (error == EMFILE || error == ENFILE) {
    // A passing shortage (other requests hold many segment files): the
    // client may retry, as after any 503.
    return OssError(503, "ServiceUnavailable",
                    "The server has too many files open; retry.");
  }
  return ErrnoError("open", path, error);
}

}  // namespace

Result<std::unique_ptr<ObjectDataReader>> ObjectDataReader::Open(
    const std::vector<DataSegment>& segments, uint64_t begin, uint64_t end) {
  std::vector<Segment> opened;
  opened.reserve(segments.size());
  uint64_t start = 0;
  for (const DataSegment& segment : segments) {
    Segment entry;
    entry.start = start;
    entry.size = segment.size;
    entry.file_offset = segment.file_offset;
    start += segment.size;
    const bool needed = entry.size > 0 && entry.start < end && begin < start;
    if (needed) {
      const int fd = ::open(segment.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return OpenError(segment.path, errno);
      entry.fd = UniqueFd(fd);
    }
    opened.push_back(std::move(entry));
  }
  return std::unique_ptr<ObjectDataReader>(
      new ObjectDataReader(std::move(opened)));
}

const ObjectDataReader::Segment* ObjectDataReader::Find(uint64_t offset) const {
  // The last segment starting at or before `offset`: an empty segment
  // shares its start with the next one and comes before it, so it is never
  // the one found for a byte.
  auto after = std::upper_bound(segments_.begin(), segments_.end(), offset,
                                [](uint64_t value, const Segment& segment) {
                                  return value < segment.start;
                                });
  if (after == segments_.begin()) return nullptr;
  const Segment& segment = *std::prev(after);
  if (offset - segment.start >= segment.size || !segment.fd.valid()) {
    return nullptr;
  }
  return &segment;
}

BodySpan ObjectDataReader::Locate(uint64_t offset) const {
  const Segment* segment = Find(offset);
  if (segment == nullptr) return BodySpan{};
  const uint64_t within = offset - segment->start;
  return BodySpan{segment->fd.get(), segment->file_offset + within,
                  segment->size - within};
}

Status ObjectDataReader::Read(uint64_t offset, char* out, size_t length) {
  while (length > 0) {
    const BodySpan span = Locate(offset);
    if (span.fd < 0) {
      return Status::Internal("no open segment holds object byte " +
                              std::to_string(offset));
    }
    const size_t count =
        static_cast<size_t>(std::min<uint64_t>(length, span.size));
    const ssize_t got =
        ::pread(span.fd, out, count, static_cast<off_t>(span.file_offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return Status::IoError(std::string("pread: ") + std::strerror(errno));
    }
    if (got == 0) {
      return Status::DataCorruption(
          "a segment file ends before the size its metadata records (object "
          "byte " +
          std::to_string(offset) + ")");
    }
    out += got;
    offset += static_cast<uint64_t>(got);
    length -= static_cast<size_t>(got);
  }
  return Status::Ok();
}

size_t ObjectDataReader::open_files() const {
  return static_cast<size_t>(
      std::count_if(segments_.begin(), segments_.end(),
                    [](const Segment& segment) { return segment.fd.valid(); }));
}

}  // namespace ossxfer::server
