// The Range header as `ossxfer serve` answers it (server/range_request.h),
// in OSS's default mode and with x-oss-range-behavior: standard.
//
// Input: three lines: the object's size (decimal; anything else is 0), "1"
// for the standard behaviour, then the Range header's value.
#include <string_view>

#include "fuzz_input.h"
#include "server/range_request.h"
#include "util/numbers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::server::RangeOutcome;
  std::vector<std::string_view> lines =
      ossxfer::fuzz::SplitLines(ossxfer::fuzz::AsText(data, size), 3);
  const uint64_t object_size = ossxfer::util::ParseUint64(lines[0]).value_or(0);
  const bool standard = lines[1] == "1";
  RangeOutcome outcome =
      ossxfer::server::ResolveRange(lines[2], object_size, standard);
  if (outcome.kind == RangeOutcome::kPartial &&
      (outcome.first > outcome.last || outcome.last >= object_size)) {
    ossxfer::fuzz::Fail("ResolveRange served bytes outside the object");
  }
  return 0;
}
