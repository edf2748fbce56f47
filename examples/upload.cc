// Uploads one file with ossxfer::Upload(): resumable, parallel, verified.
// Ctrl-C (SIGINT) cancels cleanly; running it again resumes. The tests also
// run it as a real process to kill it with signals. Prints
// "progress <transferred> <total>" per progress event, "notice: ..." lines,
// then "done transferred=<n> reused=<n> verified=<0|1> etag=<etag>" or
// "error: <status>".
//
// upload ENDPOINT SOURCE BUCKET KEY [--part-size N] [--parallel N]
//   [--no-checkpoint] [--checkpoint PATH] [--no-verify] [--rate
//   BYTES_PER_SECOND]
//   [--content-type TYPE] [--meta NAME=VALUE] [--discard-on-cancel]
// Credentials: OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET.
#include "ossxfer/upload.h"

#include <signal.h>

#include <cstdio>
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
                 "usage: upload ENDPOINT SOURCE BUCKET KEY [options]\n");
    return 2;
  }
  ossxfer::ClientOptions options;
  options.endpoint = argv[1];
  options.region = "cn-hangzhou";
  ossxfer::UploadRequest request;
  request.source = argv[2];
  request.bucket = argv[3];
  request.key = argv[4];
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
    else if (flag == "--rate")
      request.rate_limit_bytes_per_second = std::stoull(value());
    else if (flag == "--content-type")
      request.attributes.content_type = value();
    else if (flag == "--discard-on-cancel")
      request.discard_on_cancel = true;
    else if (flag == "--meta") {
      std::string pair = value();
      size_t equals = pair.find('=');
      request.attributes.user_metadata[pair.substr(0, equals)] =
          pair.substr(equals + 1);
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
  ossxfer::Result<ossxfer::UploadResult> result =
      ossxfer::Upload(*client, request);
  if (!result.ok()) {
    std::printf("error: %s\n", result.status().ToString().c_str());
    return result.status().code() == ossxfer::StatusCode::kCancelled ? 130 : 1;
  }
  for (const std::string& notice : result->notices)
    std::printf("notice: %s\n", notice.c_str());
  std::printf("done transferred=%llu reused=%llu verified=%d etag=%s\n",
              static_cast<unsigned long long>(result->bytes_transferred),
              static_cast<unsigned long long>(result->bytes_reused),
              result->crc64_verified ? 1 : 0, result->etag.c_str());
  return 0;
}
