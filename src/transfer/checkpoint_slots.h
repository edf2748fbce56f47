// A checkpoint file that is rewritten in place rather than replaced: two
// slots, written in turn, so a flush costs one pwrite instead of a temp
// file, an fsync, a rename and a directory fsync (a download of 2 GiB made
// about 450 such replacements, serial, and they bounded its speed:
// bench/results/download.md).
//
//   ossxfer-checkpoint-slots 1 <slot size>\n   (padded to 64 bytes)
//   slot 0 at 64:              <sequence> <length>\n<envelope>
//   slot 1 at 64 + slot size:  the same
//
// An envelope is a whole sealed checkpoint (checkpoint_file.h), whose
// checksum tells a slot torn by a crash from a whole one; the slot with
// the higher sequence number among the whole ones is the checkpoint. A
// write only ever touches the slot not holding the newest checkpoint, so
// the newest one that was whole before a crash is whole after it.
//
// Why a slot needs no fsync of its own: a checkpoint claims only bytes made
// durable before its slot is written (CheckpointKeeper), so whenever the
// kernel writes the slot back, what it claims is already on disk; a power
// loss before then leaves the older slot, which claims less. To bound what
// a power loss can undo, a slot is synced when the last sync is a second
// old, and on request (an upload's intent record, which must be durable
// before the upload exists).
//
// A file of one envelope (what ossxfer wrote before the slots, and what
// Save*Checkpoint still write) is read as well.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_SLOTS_H_
#define OSSXFER_TRANSFER_CHECKPOINT_SLOTS_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"
#include "util/file.h"
#include "util/file_system.h"

namespace ossxfer::transfer {

// The envelopes in a checkpoint file's text, newest first: the whole text
// for a file of one envelope; for a slotted file, the slots whose header
// reads (which may still fail their checksum), none when no slot does.
// Never reads outside `text`.
std::vector<std::string_view> CheckpointEnvelopesIn(std::string_view text);

// Writes one transfer's checkpoint into a slotted file. Not thread-safe:
// the keeper writes under its flush lock.
class CheckpointSlots {
 public:
  CheckpointSlots(std::filesystem::path path, util::FileSystem& file_system)
      : path_(std::move(path)), file_system_(file_system) {}

  // Makes `envelope` the checkpoint. The first write (after Reset too)
  // and one that outgrows its slot replace the file atomically and
  // durably; the others overwrite the older slot in place, synced as
  // above, or at once with `sync_now`. After a failure the next write
  // replaces the file again.
  Status Write(std::string_view envelope, bool sync_now = false);

  // Forgets the open file (it was removed): the next write starts anew.
  void Reset() { file_.reset(); }

 private:
  Status Replace(std::string_view envelope);
  Status WriteInPlace(std::string_view slot, bool sync_now);

  const std::filesystem::path path_;
  util::FileSystem& file_system_;
  std::optional<util::File> file_;
  uint64_t slot_size_ = 0;
  uint64_t sequence_ = 0;  // of the newest slot written
  std::chrono::steady_clock::time_point synced_at_{};
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_SLOTS_H_
