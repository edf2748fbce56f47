// The body of a CompleteMultipartUpload as `ossxfer serve` reads it
// (server_xml.h), and the rules that pick the stored parts it names
// (multipart_rules.h): order, ETag matching (quotes optional, hex case
// ignored), sizes, then the multipart ETag and CRC64 of the selection.
//
// Stored parts: numbers 1, 2, 3 and 5, each with 16 bytes of its number as
// MD5 (ETag "01010101010101010101010101010101" for part 1), 100 KiB each
// but part 5, which is 1 byte; the seeds name them.
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "server/multipart_rules.h"
#include "server/server_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace server = ossxfer::server;
  static const std::vector<server::PartFacts> kStored = [] {
    std::vector<server::PartFacts> parts;
    for (int number : {1, 2, 3, 5}) {
      parts.push_back(server::PartFacts{
          number, number == 5 ? 1 : server::kMinPartSize,
          std::string(16, static_cast<char>(number)),
          static_cast<uint64_t>(number) * 0x9E3779B97F4A7C15u});
    }
    return parts;
  }();
  ossxfer::Result<std::vector<ossxfer::CompletedPart>> listed =
      server::ParseCompleteMultipartUploadBody(
          ossxfer::fuzz::AsText(data, size));
  if (!listed.ok()) return 0;
  ossxfer::Result<std::vector<server::PartFacts>> chosen =
      server::SelectParts(kStored, *listed, /*all_parts=*/false);
  if (!chosen.ok()) return 0;
  if (chosen->size() != listed->size()) {
    ossxfer::fuzz::Fail("SelectParts chose other parts than were listed");
  }
  (void)server::MultipartEtag(*chosen);
  (void)server::MultipartCrc64(*chosen);
  return 0;
}
