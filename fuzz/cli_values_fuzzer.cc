// The values people type on the command line (cli/byte_size.h,
// cli/transfer_settings.h): sizes ("8MiB", "1.5GiB"), durations ("1h30m"),
// byte ranges ("0-1023"), rates ("50MiB/s"), and the `cp` flags checked
// together.
//
// Input: every parser reads the whole input; then each line is one `cp`
// flag in turn: --part-size, --range, --limit-rate, --traffic-limit,
// --meta, --callback, --checkpoint-dir.
#include <string>

#include "cli/byte_size.h"
#include "cli/transfer_settings.h"
#include "fuzz_input.h"

namespace {

using ossxfer::fuzz::Fail;
namespace cli = ossxfer::cli;

void CheckSize(std::string_view text) {
  ossxfer::Result<uint64_t> size = cli::ParseByteSize(text);
  if (!size.ok()) return;
  // Whatever is accepted can be shown.
  (void)cli::FormatBytes(*size);
}

void CheckDuration(std::string_view text) {
  ossxfer::Result<std::chrono::seconds> duration = cli::ParseDuration(text);
  if (!duration.ok()) return;
  if (duration->count() <= 0) Fail("ParseDuration accepted a zero duration");
  (void)cli::FormatDuration(*duration);
}

void CheckRange(std::string_view text) {
  ossxfer::Result<ossxfer::ByteRange> range = cli::ParseByteRange(text);
  if (range.ok() && range->last && *range->last < range->first) {
    Fail("ParseByteRange accepted a range that ends before it starts");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  CheckSize(text);
  CheckDuration(text);
  CheckRange(text);
  std::vector<std::string_view> lines = ossxfer::fuzz::SplitLines(text, 7);
  cli::CpFlags flags;
  flags.part_size = lines[0];
  flags.range = lines[1];
  flags.limit_rate = lines[2];
  flags.traffic_limit = lines[3];
  if (!lines[4].empty()) flags.meta.emplace_back(lines[4]);
  flags.callback = lines[5];
  flags.checkpoint_dir = lines[6];
  (void)cli::CheckCpFlags(flags);
  return 0;
}
