// The small decoders every protocol parser leans on (util/): HTTP dates,
// ISO 8601 times, percent-, base64- and hex-decoding, strict decimal
// numbers. Each is checked against its encoder where one exists.
#include <optional>
#include <string>

#include "fuzz_input.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/time_format.h"

namespace {

using ossxfer::fuzz::Fail;
namespace util = ossxfer::util;

void CheckTimes(std::string_view text) {
  if (auto time = util::ParseHttpDate(text)) {
    if (util::ParseHttpDate(util::FormatHttpDate(*time)) != time) {
      Fail("an HTTP date does not survive formatting");
    }
  }
  if (auto time = util::ParseIso8601Basic(text)) {
    if (util::ParseIso8601Basic(util::FormatIso8601Basic(*time)) != time) {
      Fail("an ISO 8601 basic time does not survive formatting");
    }
  }
  (void)util::ParseIso8601Extended(text);
}

void CheckEncodings(std::string_view text) {
  if (auto decoded = util::Base64Decode(text)) {
    (void)util::Base64Encode(*decoded);
  }
  if (util::Base64Decode(util::Base64Encode(text)) != std::string(text)) {
    Fail("base64 does not round-trip");
  }
  if (auto decoded = util::HexDecode(text)) (void)util::HexLower(*decoded);
  if (util::HexDecode(util::HexUpper(text)) != std::string(text)) {
    Fail("hex does not round-trip");
  }
  (void)util::UriDecode(text);
  if (util::UriDecode(util::UriEncode(text)) != std::string(text)) {
    Fail("percent-encoding does not round-trip");
  }
  if (auto number = util::ParseUint64(text)) {
    if (util::ParseUint64(std::to_string(*number)) != number) {
      Fail("a number does not round-trip");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  CheckTimes(text);
  CheckEncodings(text);
  return 0;
}
