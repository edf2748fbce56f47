#include "cli/tree_journal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

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
  Result<util::File> opened = util::OpenLockedStateFile(
      "journal", job, ".journal", "cp -r keeps its journal");
  if (opened.status().code() == StatusCode::kBusy) {
    return Status::Busy(
        fmt::format("the same copy is running already ({}); wait for it to end",
                    opened.status().message()));
  }
  RETURN_IF_ERROR(opened.status());
  util::File file = std::move(*opened);
  const std::filesystem::path path = file.path();
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
    journal->finished_.push_back(entry);
  }
  std::sort(journal->finished_.begin(), journal->finished_.end());
  journal->size_ = whole;
  if (whole < text.size()) RETURN_IF_ERROR(journal->file_.Allocate(whole));
  return journal;
}

bool TreeJournal::Finished(std::string_view path,
                           std::string_view version) const {
  return std::binary_search(finished_.begin(), finished_.end(),
                            EntryOf(path, version));
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
