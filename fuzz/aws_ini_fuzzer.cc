// The AWS shared config and credentials files (cli/aws_config.h): sections,
// keys, nested settings under a key with no value, comments.
#include <string>

#include "cli/aws_config.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ossxfer::Result<ossxfer::cli::AwsIniFile> file =
      ossxfer::cli::ParseAwsIniFile(ossxfer::fuzz::AsText(data, size),
                                    "/home/user/.aws/config");
  if (!file.ok()) return 0;
  for (const auto& [name, values] : file->sections) {
    if (name.empty()) ossxfer::fuzz::Fail("a section has no name");
    for (const auto& [key, value] : values) {
      if (key.empty()) ossxfer::fuzz::Fail("a key is empty");
    }
  }
  return 0;
}
