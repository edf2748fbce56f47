#include "support/faulty_file_system.h"

#include <string>
#include <utility>

#include "util/file.h"

namespace ossxfer::testing {

std::string_view FileOpName(FileOp op) {
  switch (op) {
    case FileOp::kRead:
      return "pread";
    case FileOp::kWrite:
      return "pwrite";
    case FileOp::kDataSync:
      return "fdatasync";
    case FileOp::kSync:
      return "fsync";
    case FileOp::kTruncate:
      return "ftruncate";
    case FileOp::kAllocate:
      return "fallocate";
    case FileOp::kRename:
      return "rename";
  }
  return "?";
}

void FaultyFileSystem::Add(FileFault fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(ArmedFault{std::move(fault)});
}

int FaultyFileSystem::calls(FileOp op) const {
  std::lock_guard lock(mutex_);
  auto found = calls_.find(op);
  return found == calls_.end() ? 0 : found->second;
}

int FaultyFileSystem::failures(FileOp op) const {
  std::lock_guard lock(mutex_);
  auto found = failures_.find(op);
  return found == failures_.end() ? 0 : found->second;
}

std::vector<FaultyFileSystem::Event> FaultyFileSystem::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

FaultyFileSystem::Decision FaultyFileSystem::Decide(const FileCall& call) {
  Decision decided;
  std::function<void(const FileCall&)> on_failure;
  {
    std::lock_guard lock(mutex_);
    ++calls_[call.op];
    for (ArmedFault& armed : faults_) {
      const FileFault& fault = armed.fault;
      if (fault.op != call.op || (fault.matches && !fault.matches(call))) {
        continue;
      }
      const int number = ++armed.seen;
      const bool fires =
          number >= fault.nth && (fault.times == FileFault::kEveryLater ||
                                  number < fault.nth + fault.times);
      if (!fires) continue;
      decided = Decision{fault.error, fault.loses_unsynced_writes};
      on_failure = fault.on_failure;
      ++failures_[call.op];
      break;
    }
  }
  // Outside the lock: the hook may read files, even through this object.
  if (decided.error != 0 && on_failure) on_failure(call);
  return decided;
}

int FaultyFileSystem::Record(FileCall call, int error, bool injected) {
  std::lock_guard lock(mutex_);
  events_.push_back(Event{std::move(call), error, injected});
  return error;
}

int FaultyFileSystem::EndSync(const util::File& file, FileCall call,
                              Decision decided, int real_error) {
  std::vector<Range> written;
  {
    std::lock_guard lock(mutex_);
    if (decided.error == 0 && real_error != 0) {
      // A real failure: nothing is known to be durable.
    } else if (decided.error == 0 || decided.loses_unsynced_writes) {
      written.swap(unsynced_[file.path()]);
    }
  }
  if (decided.error != 0 && decided.loses_unsynced_writes) {
    for (const Range& range : written) {
      const std::string zeros(range.size, '\0');
      size_t done = 0;
      // Through the real file system: this is the fault's doing, not a
      // call of the code under test.
      while (done < range.size) {
        size_t n = 0;
        if (real_.WriteAt(file, zeros.data() + done, range.size - done,
                          range.offset + done, n) != 0 ||
            n == 0) {
          break;
        }
        done += n;
      }
    }
  }
  const bool injected = decided.error != 0;
  return Record(std::move(call), injected ? decided.error : real_error,
                injected);
}

int FaultyFileSystem::ReadAt(const util::File& file, void* buffer, size_t size,
                             uint64_t offset, size_t& done) {
  FileCall call{FileOp::kRead, file.path(), {}, offset, size};
  done = 0;
  if (int error = Decide(call).error) {
    return Record(std::move(call), error, true);
  }
  return Record(std::move(call), real_.ReadAt(file, buffer, size, offset, done),
                false);
}

int FaultyFileSystem::WriteAt(const util::File& file, const void* data,
                              size_t size, uint64_t offset, size_t& done) {
  FileCall call{FileOp::kWrite, file.path(), {}, offset, size};
  done = 0;
  if (int error = Decide(call).error) {
    return Record(std::move(call), error, true);
  }
  int error = real_.WriteAt(file, data, size, offset, done);
  if (done > 0) {
    std::lock_guard lock(mutex_);
    unsynced_[file.path()].push_back(Range{offset, done});
  }
  return Record(std::move(call), error, false);
}

int FaultyFileSystem::DataSync(const util::File& file) {
  FileCall call{FileOp::kDataSync, file.path()};
  Decision decided = Decide(call);
  int real_error = decided.error == 0 ? real_.DataSync(file) : 0;
  return EndSync(file, std::move(call), decided, real_error);
}

int FaultyFileSystem::Sync(const util::File& file) {
  FileCall call{FileOp::kSync, file.path()};
  Decision decided = Decide(call);
  int real_error = decided.error == 0 ? real_.Sync(file) : 0;
  return EndSync(file, std::move(call), decided, real_error);
}

int FaultyFileSystem::Truncate(const util::File& file, uint64_t size) {
  FileCall call{FileOp::kTruncate, file.path(), {}, size};
  if (int error = Decide(call).error) {
    return Record(std::move(call), error, true);
  }
  return Record(std::move(call), real_.Truncate(file, size), false);
}

int FaultyFileSystem::Allocate(const util::File& file, uint64_t size) {
  FileCall call{FileOp::kAllocate, file.path(), {}, size};
  if (int error = Decide(call).error) {
    return Record(std::move(call), error, true);
  }
  return Record(std::move(call), real_.Allocate(file, size), false);
}

int FaultyFileSystem::Rename(const std::filesystem::path& from,
                             const std::filesystem::path& to) {
  FileCall call{FileOp::kRename, from, to};
  if (int error = Decide(call).error) {
    return Record(std::move(call), error, true);
  }
  return Record(std::move(call), real_.Rename(from, to), false);
}

}  // namespace ossxfer::testing
