// The upload callback headers `ossxfer serve` reads on PutObject and
// CompleteMultipartUpload (server/upload_callback.h): x-oss-callback and
// x-oss-callback-var, and the body template they carry.
//
// Input: two lines, the JSON of x-oss-callback, then the JSON of
// x-oss-callback-var (no second line: the header is absent). The target
// base64-encodes them as a client does, so mutations land in the JSON; a
// line starting with '!' is sent as written instead, to reach the base64
// decoding's own errors.
#include <optional>
#include <string>

#include "fuzz_input.h"
#include "server/upload_callback.h"
#include "util/encoding.h"

namespace {

std::string AsHeader(std::string_view line) {
  if (line.starts_with('!')) return std::string(line.substr(1));
  return ossxfer::util::Base64Encode(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace server = ossxfer::server;
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  std::vector<std::string_view> lines = ossxfer::fuzz::SplitLines(text, 2);
  std::optional<std::string> var_header;
  if (text.find('\n') != std::string_view::npos) {
    var_header = AsHeader(lines[1]);
  }
  ossxfer::Result<std::optional<server::UploadCallback>> callback =
      server::ParseUploadCallback(AsHeader(lines[0]), var_header);
  if (!callback.ok() || !*callback) return 0;
  server::StoredObject object;
  object.bucket = "examplebucket";
  object.key = "dir/a b.txt";
  object.size = 1024;
  object.etag = "\"0123456789ABCDEF0123456789ABCDEF\"";
  object.attributes.content_type = "text/plain";
  (void)server::SubstituteCallbackBody(**callback, object);
  return 0;
}
