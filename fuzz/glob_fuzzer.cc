// The --include/--exclude glob patterns (util/glob.h): compiling any text,
// and matching any path with it. Invariant: a path written as an anchored
// pattern with every special character escaped matches exactly itself.
#include <string>

#include "fuzz_input.h"
#include "util/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::util::Glob;
  std::vector<std::string_view> lines =
      ossxfer::fuzz::SplitLines(ossxfer::fuzz::AsText(data, size), 2);
  const std::string_view pattern = lines[0];
  const std::string_view path = lines[1];
  ossxfer::Result<Glob> glob = Glob::Compile(pattern);
  if (glob.ok()) (void)glob->Matches(path);

  if (path.empty() || path.back() == '/') return 0;
  std::string literal = "/";
  for (char c : path) {
    if (std::string_view("\\*?[]{},").find(c) != std::string_view::npos)
      literal += '\\';
    literal += c;
  }
  ossxfer::Result<Glob> exact = Glob::Compile(literal);
  if (!exact.ok()) ossxfer::fuzz::Fail("an escaped path is not a pattern");
  if (!exact->Matches(path)) {
    ossxfer::fuzz::Fail("an escaped path does not match itself");
  }
  if (exact->Matches(std::string(path) + "x")) {
    ossxfer::fuzz::Fail("an escaped path matches a longer one");
  }
  return 0;
}
