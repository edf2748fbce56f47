// The modification time an object's metadata records (x-oss-meta-mtime /
// x-amz-meta-mtime, written by ossxfer or rclone or anyone): ParseMtime on
// any text. Invariant: a time it accepts formats back to a text that
// parses to the same time (so a sync compares what was recorded).
#include <string>

#include "cli/sync_rules.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = ossxfer::fuzz::AsText(data, size);
  std::optional<ossxfer::SystemTime> parsed = ossxfer::cli::ParseMtime(text);
  if (!parsed) return 0;
  const std::string formatted = ossxfer::cli::FormatMtime(*parsed);
  std::optional<ossxfer::SystemTime> again =
      ossxfer::cli::ParseMtime(formatted);
  if (!again || *again != *parsed) {
    ossxfer::fuzz::Fail("a parsed mtime does not survive its own format");
  }
  return 0;
}
