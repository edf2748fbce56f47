// http(s):// source URLs of `ossxfer cp URL FILE` and the Location of a
// redirect, which a server picks (transfer/source_url.h).
//
// Input: two lines: the URL, then the Location header of a redirect from it.
#include <string>

#include "fuzz_input.h"
#include "transfer/source_url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::fuzz::Fail;
  using ossxfer::transfer::SourceUrl;
  std::vector<std::string_view> lines =
      ossxfer::fuzz::SplitLines(ossxfer::fuzz::AsText(data, size), 2);
  ossxfer::Result<SourceUrl> url = ossxfer::transfer::ParseSourceUrl(lines[0]);
  if (!url.ok()) return 0;
  (void)url->Identity();
  (void)url->Display();
  // What is sent is itself a URL that means the same.
  ossxfer::Result<SourceUrl> again =
      ossxfer::transfer::ParseSourceUrl(url->ToString());
  if (!again.ok() || again->ToString() != url->ToString()) {
    Fail("SourceUrl::ToString does not parse back to itself");
  }
  ossxfer::Result<SourceUrl> redirected =
      ossxfer::transfer::ResolveRedirect(*url, lines[1]);
  if (redirected.ok()) {
    (void)redirected->ToString();
    (void)redirected->Display();
  }
  return 0;
}
