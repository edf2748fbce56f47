// The download checkpoint's schema (transfer/download_checkpoint.h). The
// input is the body; the target seals it, so every input gets past the
// checksum and reaches the field checks, as a checkpoint written by an
// older or buggy ossxfer (or edited and re-sealed by hand) would.
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_input.h"
#include "transfer/checkpoint_file.h"
#include "transfer/download_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::fuzz::Fail;
  using ossxfer::transfer::DownloadCheckpoint;
  // Depth is bounded as the envelope bounds it, so the target's own dump
  // cannot overflow the stack before the parser under test is reached.
  nlohmann::json body = nlohmann::json::parse(
      ossxfer::fuzz::AsText(data, size),
      [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        return depth < 32;
      },
      /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  // The body as each version this ossxfer reads (1: CRC-64/ECMA only;
  // 2: algorithms named): the same input reaches both readers.
  for (int version : {1, 2}) {
    std::string text =
        ossxfer::transfer::SealCheckpoint("ossxfer-download", version, body);
    ossxfer::Result<DownloadCheckpoint> checkpoint =
        ossxfer::transfer::ParseDownloadCheckpoint(text);
    if (!checkpoint.ok()) continue;
    // What was accepted is written back (in whichever version can say it)
    // and read again unchanged.
    ossxfer::Result<DownloadCheckpoint> again =
        ossxfer::transfer::ParseDownloadCheckpoint(
            ossxfer::transfer::SerializeDownloadCheckpoint(*checkpoint));
    if (!again.ok()) Fail("a serialized download checkpoint does not parse");
    if (!(*again == *checkpoint)) Fail("a download checkpoint changed");
  }
  return 0;
}
