// Reads a stored object's bytes from its segment files (StoredObject::
// segments) for a response body. The files a request needs are opened up
// front: an overwrite or delete that unlinks them afterwards cannot cut a
// body short, since an open file lives on until it is closed.
#ifndef OSSXFER_SERVER_OBJECT_DATA_READER_H_
#define OSSXFER_SERVER_OBJECT_DATA_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "ossxfer/result.h"
#include "server/body_reader.h"
#include "server/object_store.h"
#include "server/posix_file.h"

namespace ossxfer::server {

class ObjectDataReader : public BodyReader {
 public:
  // Opens the segments holding object bytes [begin, end) (none when the
  // range is empty); the reader serves only those bytes. Errors:
  // kNotFound when a file is gone (the object was replaced or deleted since
  // it was looked up: look it up again), a 503 ServiceUnavailable when the
  // process is out of file descriptors, kIoError otherwise.
  static Result<std::unique_ptr<ObjectDataReader>> Open(
      const std::vector<DataSegment>& segments, uint64_t begin, uint64_t end);

  BodySpan Locate(uint64_t offset) const override;
  Status Read(uint64_t offset, char* out, size_t length) override;

  // How many segment files are open (for tests).
  size_t open_files() const;

 private:
  struct Segment {
    uint64_t start = 0;  // object offset of its first byte
    uint64_t size = 0;
    uint64_t file_offset = 0;  // of its first byte in the file
    UniqueFd fd;               // invalid for a segment outside [begin, end)
  };

  explicit ObjectDataReader(std::vector<Segment> segments)
      : segments_(std::move(segments)) {}

  // The segment holding object byte `offset`, or null.
  const Segment* Find(uint64_t offset) const;

  std::vector<Segment> segments_;  // by start
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OBJECT_DATA_READER_H_
