#include "transfer/checkpoint_slots.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "util/status_macros.h"

namespace ossxfer::transfer {
namespace {

constexpr std::string_view kMagic = "ossxfer-checkpoint-slots 1 ";
constexpr uint64_t kHeaderSize = 64;
// Slots are whole pages, so an in-place write never shares a page with the
// other slot.
constexpr uint64_t kSlotAlignment = 4096;
// A second, as the download's own flush interval: what a power loss can
// undo beyond the crash budget.
constexpr auto kSyncInterval = std::chrono::seconds(1);

// Reads a decimal number at the front of `text` up to `end`, consuming
// it and the delimiter; nullopt for anything else.
std::optional<uint64_t> TakeNumber(std::string_view& text, char end) {
  uint64_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [stop, error] = std::from_chars(first, last, value);
  if (error != std::errc() || stop == first || stop == last || *stop != end) {
    return std::nullopt;
  }
  text.remove_prefix(static_cast<size_t>(stop - first) + 1);
  return value;
}

struct Slot {
  uint64_t sequence = 0;
  std::string_view envelope;
};

// The slot at the front of `region`, if its header reads and its length
// fits.
std::optional<Slot> ReadSlot(std::string_view region) {
  std::optional<uint64_t> sequence = TakeNumber(region, ' ');
  if (!sequence) return std::nullopt;
  std::optional<uint64_t> length = TakeNumber(region, '\n');
  if (!length || *length > region.size()) return std::nullopt;
  return Slot{*sequence, region.substr(0, static_cast<size_t>(*length))};
}

std::string SlotText(uint64_t sequence, std::string_view envelope) {
  return fmt::format("{} {}\n{}", sequence, envelope.size(), envelope);
}

std::string FileHeader(uint64_t slot_size) {
  std::string header = fmt::format("{}{}\n", kMagic, slot_size);
  header.resize(kHeaderSize, ' ');
  header.back() = '\n';
  return header;
}

uint64_t SlotOffset(uint64_t sequence, uint64_t slot_size) {
  return kHeaderSize + (sequence % 2) * slot_size;
}

}  // namespace

std::vector<std::string_view> CheckpointEnvelopesIn(std::string_view text) {
  if (!text.starts_with(kMagic)) return {text};
  std::string_view rest = text.substr(kMagic.size());
  std::optional<uint64_t> slot_size = TakeNumber(rest, '\n');
  if (!slot_size || *slot_size == 0 || text.size() < kHeaderSize ||
      text.size() - rest.size() > kHeaderSize) {
    return {};
  }
  std::vector<Slot> slots;
  for (uint64_t index = 0; index < 2; ++index) {
    // Checked first, so the offset cannot wrap around.
    if (index == 1 && *slot_size >= text.size()) break;
    const uint64_t offset = kHeaderSize + index * *slot_size;
    if (offset >= text.size()) break;
    std::string_view region = text.substr(static_cast<size_t>(offset));
    region = region.substr(
        0, static_cast<size_t>(std::min<uint64_t>(region.size(), *slot_size)));
    if (std::optional<Slot> slot = ReadSlot(region)) slots.push_back(*slot);
  }
  std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return a.sequence > b.sequence;
  });
  std::vector<std::string_view> envelopes;
  for (const Slot& slot : slots) envelopes.push_back(slot.envelope);
  return envelopes;
}

Status CheckpointSlots::Write(std::string_view envelope, bool sync_now) {
  if (!file_) return Replace(envelope);
  const std::string slot = SlotText(sequence_ + 1, envelope);
  if (slot.size() > slot_size_) return Replace(envelope);
  Status written = WriteInPlace(slot, sync_now);
  if (!written.ok()) file_.reset();
  return written;
}

Status CheckpointSlots::WriteInPlace(std::string_view slot, bool sync_now) {
  RETURN_IF_ERROR(file_->WriteAt(slot.data(), slot.size(),
                                 SlotOffset(sequence_ + 1, slot_size_)));
  ++sequence_;
  const auto now = std::chrono::steady_clock::now();
  if (sync_now || now - synced_at_ >= kSyncInterval) {
    RETURN_IF_ERROR(file_->DataSync());
    synced_at_ = now;
  }
  return Status::Ok();
}

Status CheckpointSlots::Replace(std::string_view envelope) {
  file_.reset();
  ++sequence_;
  const std::string slot = SlotText(sequence_, envelope);
  // Room to grow (an upload's checkpoint gains an ETag a part) without a
  // replace each time, within what a checkpoint may weigh when read
  // (util::ReadWholeFile's limit).
  uint64_t slot_size =
      (2 * slot.size() + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment;
  if (kHeaderSize + 2 * slot_size > util::kMaxWholeFileSize) {
    slot_size =
        (slot.size() + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment;
  }
  // Both slots exist from the start, so an in-place write never changes
  // the file's size (and needs no metadata written back with it).
  std::string content = FileHeader(slot_size);
  content.append(slot_size * 2, '\n');
  content.replace(static_cast<size_t>(SlotOffset(sequence_, slot_size)),
                  slot.size(), slot);
  RETURN_IF_ERROR(util::WriteFileAtomically(path_, content, file_system_));
  ASSIGN_OR_RETURN(util::File file,
                   util::File::OpenWorkFile(path_, O_RDWR, 0644, file_system_));
  file_ = std::move(file);
  slot_size_ = slot_size;
  synced_at_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

}  // namespace ossxfer::transfer
