// The slotted checkpoint file (transfer/checkpoint_slots.h) on raw file
// contents: its header and slot headers are read back from disk, where a
// crash or anyone may have left anything.
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "transfer/checkpoint_slots.h"
#include "transfer/download_checkpoint.h"

namespace {

using ossxfer::fuzz::Fail;

bool Inside(std::string_view part, std::string_view whole) {
  return part.data() >= whole.data() &&
         part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  std::vector<std::string_view> envelopes =
      ossxfer::transfer::CheckpointEnvelopesIn(text);
  if (envelopes.size() > 2) Fail("more envelopes than a file has slots");
  for (std::string_view envelope : envelopes) {
    if (!Inside(envelope, text)) Fail("an envelope outside the file's text");
    (void)ossxfer::transfer::ParseDownloadCheckpoint(envelope);
  }
  return 0;
}
