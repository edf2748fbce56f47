// Downloads one object with ossxfer::Download(): resumable, parallel,
// verified. Ctrl-C (SIGINT) cancels cleanly; running it again resumes.
// The tests also run it as a real process to kill it with signals. Prints
// "progress <transferred> <total>" per progress event, "notice: ..." lines,
// then "done transferred=<n> reused=<n> verified=<0|1>" or "error: <status>".
// SIGINT cancels (exit 130).
//
// download ENDPOINT BUCKET KEY DEST [--part-size N] [--parallel N]
//   [--no-checkpoint] [--checkpoint PATH] [--no-verify] [--no-temp]
//   [--range FIRST-LAST] [--rate BYTES_PER_SECOND]
// Credentials: OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET.
#include "ossxfer/download.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
ossxfer::CancellationToken* g_token = nullptr;
void OnSigint(int) {
  if (g_token) g_token->Cancel();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: download ENDPOINT BUCKET KEY DEST [options]\n");
    return 2;
  }
  ossxfer::ClientOptions options;
  options.endpoint = argv[1];
  options.region = "cn-hangzhou";
  ossxfer::DownloadRequest request;
  request.bucket = argv[2];
  request.key = argv[3];
  request.destination = argv[4];
  for (int i = 5; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--part-size")
      request.part_size = std::stoull(value());
    else if (flag == "--parallel")
      request.parallel = std::stoi(value());
    else if (flag == "--no-checkpoint")
      request.checkpoint = false;
    else if (flag == "--checkpoint")
      request.checkpoint_path = value();
    else if (flag == "--no-verify")
      request.verify_crc64 = false;
    else if (flag == "--no-temp")
      request.use_temp_file = false;
    else if (flag == "--rate")
      request.rate_limit_bytes_per_second = std::stoull(value());
    else if (flag == "--range") {
      std::string range = value();
      size_t dash = range.find('-');
      request.range = ossxfer::ByteRange{std::stoull(range.substr(0, dash))};
      if (dash + 1 < range.size())
        request.range->last = std::stoull(range.substr(dash + 1));
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  request.progress = [](const ossxfer::TransferProgress& progress) {
    std::printf("progress %llu %llu\n",
                static_cast<unsigned long long>(progress.transferred),
                static_cast<unsigned long long>(progress.total));
    std::fflush(stdout);
  };
  g_token = &request.cancellation;
  signal(SIGINT, OnSigint);

  ossxfer::Result<ossxfer::Client> client = ossxfer::Client::Create(options);
  if (!client.ok()) {
    std::printf("error: %s\n", client.status().ToString().c_str());
    return 1;
  }
  ossxfer::Result<ossxfer::DownloadResult> result =
      ossxfer::Download(*client, request);
  if (!result.ok()) {
    std::printf("error: %s\n", result.status().ToString().c_str());
    return result.status().code() == ossxfer::StatusCode::kCancelled ? 130 : 1;
  }
  for (const std::string& notice : result->notices)
    std::printf("notice: %s\n", notice.c_str());
  std::printf("done transferred=%llu reused=%llu verified=%d\n",
              static_cast<unsigned long long>(result->bytes_transferred),
              static_cast<unsigned long long>(result->bytes_reused),
              result->crc64_verified ? 1 : 0);
  return 0;
}
