// A util::FileSystem (src/util/file_system.h) that makes chosen calls fail
// with a chosen errno and passes every other call to the POSIX one: a full
// disk (ENOSPC) from some write on, an fdatasync that reports a lost
// write-back (EIO), a rename that fails while a checkpoint is replaced.
// Deterministic: a fault fires on the nth call it matches, counted from
// when it was added, and for as many matching calls as asked; nothing
// depends on time. A failed sync can also lose what it failed to write, as
// a real one does: it tracks what was written to each file since the last
// sync that succeeded. It counts every call and keeps a log of them, so a test
// can say what happened after a failure (no checkpoint published, say).
#ifndef OSSXFER_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_
#define OSSXFER_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

#include "util/file_system.h"

namespace ossxfer::testing {

enum class FileOp {
  kRead,      // pread
  kWrite,     // pwrite
  kDataSync,  // fdatasync
  kSync,      // fsync (files and directories)
  kTruncate,  // ftruncate
  kAllocate,  // fallocate
  kRename,    // rename
};

std::string_view FileOpName(FileOp op);

// One call as the fault sees it.
struct FileCall {
  FileOp op;
  std::filesystem::path path;  // the file; for a rename, where it comes from
  std::filesystem::path to;    // a rename's destination; else empty
  uint64_t offset = 0;         // reads and writes: where; resizes: the size
  size_t size = 0;             // reads and writes: how many bytes
  // For a rename: whether either path is `path`; else whether the file is.
  bool Touches(const std::filesystem::path& what) const {
    return path == what || (op == FileOp::kRename && to == what);
  }
};

struct FileFault {
  static constexpr int kEveryLater = -1;

  FileOp op;
  int error;  // ENOSPC, EIO, ...
  // Which calls of `op` count: empty, all of them.
  std::function<bool(const FileCall&)> matches;
  int nth = 1;    // the first matching call that fails, from 1
  int times = 1;  // how many matching calls fail from there; kEveryLater
  // Called (on the calling thread) just before each failure is returned:
  // a test can look at the files as they are at that moment.
  std::function<void(const FileCall&)> on_failure;
  // For a kDataSync or kSync fault: the bytes written to the file since its
  // last successful sync are overwritten with zeros when the fault fires.
  // That is the worst a failed write-back does (Linux marks the pages clean
  // and drops them later; what is on disk may be what was there before),
  // so a checkpoint that claims those bytes is caught by their CRC64.
  bool loses_unsynced_writes = false;
};

class FaultyFileSystem : public util::FileSystem {
 public:
  // One call as it happened.
  struct Event {
    FileCall call;
    int error = 0;  // what the caller got: injected, real, or 0
    bool injected = false;
  };

  // Faults are checked in the order they were added; the first that fires
  // decides the call.
  void Add(FileFault fault);

  int calls(FileOp op) const;     // made, failed or not
  int failures(FileOp op) const;  // injected
  std::vector<Event> events() const;

  int ReadAt(const util::File& file, void* buffer, size_t size, uint64_t offset,
             size_t& done) override;
  int WriteAt(const util::File& file, const void* data, size_t size,
              uint64_t offset, size_t& done) override;
  int DataSync(const util::File& file) override;
  int Sync(const util::File& file) override;
  int Truncate(const util::File& file, uint64_t size) override;
  int Allocate(const util::File& file, uint64_t size) override;
  int Rename(const std::filesystem::path& from,
             const std::filesystem::path& to) override;

 private:
  struct ArmedFault {
    FileFault fault;
    int seen = 0;  // matching calls so far
  };
  struct Decision {
    int error = 0;  // 0: make the real call
    bool loses_unsynced_writes = false;
  };
  struct Range {
    uint64_t offset;
    size_t size;
  };

  // Whether and how `call` fails (its on_failure already called).
  Decision Decide(const FileCall& call);
  // Logs the call and returns `error`.
  int Record(FileCall call, int error, bool injected);
  // A sync of `file` ended: forget what was written (it is durable), or
  // zero it (a fault that loses it).
  int EndSync(const util::File& file, FileCall call, Decision decided,
              int real_error);

  util::FileSystem& real_ = util::FileSystem::Posix();
  mutable std::mutex mutex_;  // guards everything below
  std::vector<ArmedFault> faults_;
  std::map<FileOp, int> calls_;
  std::map<FileOp, int> failures_;
  std::vector<Event> events_;
  std::map<std::filesystem::path, std::vector<Range>> unsynced_;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_
