// The few system calls on files whose failure can lose a transfer's data,
// behind one interface: LevelDB's Env idea, narrowed to what ossxfer needs.
// util::File and the atomic-replace functions (file.h) make every such call
// through the FileSystem they were given, so a test can hand them one that
// fails a chosen call with a chosen errno (ENOSPC, EIO) and check that
// nothing is lost. The seam is passed, never installed globally: the
// transfer entry points in src/transfer take one, the public API passes
// Posix().
//
// Each method is one system call, made again on EINTR, that returns 0 or
// the errno it failed with. Everything above the call (short writes, the
// message naming the path, what a failure means) stays in util::File, so a
// failure injected here reaches the caller exactly as a real one would.
// Calls not behind the seam (open, stat, unlink, flock, directory reads)
// either cannot lose data or fail before any data exists.
//
// Implementations must be safe to call from any thread: a download's
// workers write through one at once.
#ifndef OSSXFER_UTIL_FILE_SYSTEM_H_
#define OSSXFER_UTIL_FILE_SYSTEM_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace ossxfer::util {

class File;

class FileSystem {
 public:
  // The real one: the POSIX calls themselves. Lives for the whole process.
  static FileSystem& Posix();

  virtual ~FileSystem() = default;

  // pread(2) at `offset` into `buffer`: `done` is set to the bytes read
  // (0 at the end of the file). An upload's source is read through it.
  virtual int ReadAt(const File& file, void* buffer, size_t size,
                     uint64_t offset, size_t& done) = 0;
  // pwrite(2) of `data` at `offset`: `done` is set to the bytes written,
  // which may be fewer than `size`. A download's temp file (through both
  // of its descriptors) and every atomically replaced file are written so.
  virtual int WriteAt(const File& file, const void* data, size_t size,
                      uint64_t offset, size_t& done) = 0;
  // fdatasync(2): what a checkpoint claims must be durable first.
  virtual int DataSync(const File& file) = 0;
  // fsync(2), of a file or of a directory opened read-only (which makes a
  // rename or create in it durable).
  virtual int Sync(const File& file) = 0;
  // ftruncate(2): a temp file is cut to exactly its size.
  virtual int Truncate(const File& file, uint64_t size) = 0;
  // fallocate(2) of [0, size) (posix_fallocate where there is none): a full
  // disk shows before the download, not in the middle. EOPNOTSUPP and the
  // like mean "not here", which File::Allocate accepts.
  virtual int Allocate(const File& file, uint64_t size) = 0;
  // rename(2): how a checkpoint is replaced and a download put in place.
  virtual int Rename(const std::filesystem::path& from,
                     const std::filesystem::path& to) = 0;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_FILE_SYSTEM_H_
