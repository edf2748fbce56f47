#include "cli/tree_journal.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <cstring>
#include <system_error>

#include "util/digest.h"
#include "util/encoding.h"
#include "util/state_directory.h"
#include "util/status_macros.h"

namespace ossxfer::cli {
namespace {

constexpr size_t kLineBytes = 33;  // 32 hex digits and '\n'
constexpr size_t kBatchLines = 512;
constexpr auto kBatchInterval = std::chrono::seconds(1);

}  // namespace

TreeJournal::Entry TreeJournal::EntryOf(std::string_view path,
                                        std::string_view version) {
  std::string named(path);
  named.push_back('\0');  // no path or version holds one
  named.append(version);
  const std::string digest = util::Sha256(named);
  Entry entry;
  std::memcpy(entry.data(), digest.data(), entry.size());
  return entry;
}

Result<std::unique_ptr<TreeJournal>> TreeJournal::Open(
    const std::string& job, std::function<Status()> before_write) {
  const std::filesystem::path state = util::OssxferStateDirectory();
  if (state.empty()) {
    return Status::InvalidArgument(
        "cp -r keeps its journal under $XDG_STATE_HOME or $HOME, and neither "
        "is set");
  }
  const std::filesystem::path directory = state / "journal";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Status::IoError(fmt::format("cannot create {}: {}",
                                       directory.string(), error.message()));
  }
  const std::filesystem::path path =
      directory /
      (util::HexLower(util::Sha256(job)).substr(0, 32) + ".journal");
  ASSIGN_OR_RETURN(util::File file,
                   util::File::OpenWorkFile(path, O_RDWR | O_CREAT, 0600));
  Status locked = file.TryLock();
  if (locked.code() == StatusCode::kBusy) {
    return Status::Busy(
        fmt::format("the same copy is running already (it holds {}); wait "
                    "for it to end",
                    path.string()));
  }
  RETURN_IF_ERROR(locked);
  ASSIGN_OR_RETURN(uint64_t size, file.Size());
  std::string text(size, '\0');
  if (size > 0) RETURN_IF_ERROR(file.ReadAt(text.data(), size, 0));
  std::unique_ptr<TreeJournal> journal(
      new TreeJournal(std::move(file), path, std::move(before_write)));
  // Whole lines only: a line torn by a crash, and anything after it, is
  // dropped (and written over).
  size_t whole = 0;
  for (; whole + kLineBytes <= text.size(); whole += kLineBytes) {
    const std::string_view line(text.data() + whole, kLineBytes);
    std::optional<std::string> bytes =
        util::HexDecode(line.substr(0, kLineBytes - 1));
    if (line.back() != '\n' || !bytes || bytes->size() != 16) break;
    Entry entry;
    std::memcpy(entry.data(), bytes->data(), entry.size());
    journal->finished_.insert(entry);
  }
  journal->size_ = whole;
  if (whole < text.size()) RETURN_IF_ERROR(journal->file_.Allocate(whole));
  return journal;
}

bool TreeJournal::Finished(std::string_view path,
                           std::string_view version) const {
  return finished_.contains(EntryOf(path, version));
}

Status TreeJournal::Record(std::string_view path, std::string_view version) {
  const Entry entry = EntryOf(path, version);
  std::lock_guard lock(mutex_);
  pending_ += util::HexLower(std::string_view(
      reinterpret_cast<const char*>(entry.data()), entry.size()));
  pending_ += '\n';
  if (pending_.size() < kBatchLines * kLineBytes &&
      std::chrono::steady_clock::now() - last_write_ < kBatchInterval) {
    return Status();
  }
  return FlushLocked();
}

Status TreeJournal::Flush() {
  std::lock_guard lock(mutex_);
  return FlushLocked();
}

Status TreeJournal::FlushLocked() {
  last_write_ = std::chrono::steady_clock::now();
  if (!failure_.ok() || pending_.empty()) return failure_;
  // A line may vouch only for what is durable: the renames first.
  Status written = before_write_ ? before_write_() : Status();
  if (written.ok())
    written = file_.WriteAt(pending_.data(), pending_.size(), size_);
  if (written.ok()) written = file_.DataSync();
  if (!written.ok()) {
    failure_ = written.WithContext("the journal " + path_.string());
    return failure_;
  }
  size_ += pending_.size();
  pending_.clear();
  return Status();
}

void TreeJournal::Remove() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace ossxfer::cli
