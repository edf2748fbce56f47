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
  std::string text =
      ossxfer::transfer::SealCheckpoint("ossxfer-download", 1, body);
  ossxfer::Result<DownloadCheckpoint> checkpoint =
      ossxfer::transfer::ParseDownloadCheckpoint(text);
  if (!checkpoint.ok()) return 0;
  // What was accepted is written back and read again unchanged.
  ossxfer::Result<DownloadCheckpoint> again =
      ossxfer::transfer::ParseDownloadCheckpoint(
          ossxfer::transfer::SerializeDownloadCheckpoint(*checkpoint));
  if (!again.ok()) Fail("a serialized download checkpoint does not parse");
  if (!(*again == *checkpoint)) Fail("a download checkpoint changed");
  return 0;
}
