// The INI config file of the command line (cli/config_file.h): sections,
// profiles, comments, keys and values, repeated keys and sections.
#include <string>

#include "cli/config_file.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ossxfer::Result<ossxfer::cli::ConfigFile> config =
      ossxfer::cli::ParseConfigFile(ossxfer::fuzz::AsText(data, size),
                                    "/home/user/.config/ossxfer/config");
  if (!config.ok()) return 0;
  for (const auto& [profile, values] : config->profiles) {
    for (const auto& [key, value] : values) {
      if (value.line < 1) ossxfer::fuzz::Fail("a value has no line number");
    }
  }
  return 0;
}
