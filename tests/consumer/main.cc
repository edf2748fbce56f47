// Links against the installed library and checks a CRC64 vector, so the
// test proves the archive and its dependencies really link and run.
#include <ossxfer/client.h>
#include <ossxfer/crc64.h>
#include <ossxfer/version.h>

#include <cstdio>

int main() {
  if (ossxfer::Crc64("123456789") != 0x995dc9bbdf1939faULL) return 1;
  ossxfer::ClientOptions options;
  options.endpoint = "not a valid endpoint";
  if (ossxfer::Client::Create(options).ok()) return 1;
  std::printf("consumer linked ossxfer %s\n",
              std::string(ossxfer::Version()).c_str());
  return 0;
}
