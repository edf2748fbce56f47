// The checkpoint envelope (transfer/checkpoint_file.h) and both checkpoint
// parsers on raw file contents: a checkpoint is read back from disk, where
// anything may have happened to it.
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_input.h"
#include "transfer/checkpoint_file.h"
#include "transfer/download_checkpoint.h"
#include "transfer/upload_checkpoint.h"

namespace {

using ossxfer::fuzz::Fail;

// An envelope that opens must seal back to one that opens to the same body:
// the writer and the reader agree on the canonical bytes.
void CheckEnvelope(std::string_view text, std::string_view format) {
  ossxfer::Result<nlohmann::json> body =
      ossxfer::transfer::OpenCheckpoint(text, format, 1);
  if (!body.ok()) return;
  std::string sealed = ossxfer::transfer::SealCheckpoint(format, 1, *body);
  ossxfer::Result<nlohmann::json> reopened =
      ossxfer::transfer::OpenCheckpoint(sealed, format, 1);
  if (!reopened.ok()) Fail("a sealed body does not open");
  if (*reopened != *body) Fail("a sealed body opens to another body");
  // Opened for a range of versions, the same file gives the same body and
  // names its version.
  ossxfer::Result<ossxfer::transfer::OpenedCheckpoint> ranged =
      ossxfer::transfer::OpenCheckpoint(
          text, format, ossxfer::transfer::CheckpointVersions{1, 2});
  if (!ranged.ok() || ranged->version != 1 || ranged->body != *body) {
    Fail("a version-1 envelope opens differently for versions 1 to 2");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  CheckEnvelope(text, "ossxfer-download");
  CheckEnvelope(text, "ossxfer-upload");
  (void)ossxfer::transfer::ParseDownloadCheckpoint(text);
  (void)ossxfer::transfer::ParseUploadCheckpoint(text);
  return 0;
}
