#include "cli/error_report.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/terminal_text.h"
#include "ossxfer/service_error.h"

namespace ossxfer::cli {
namespace {

// What a user can do next, by kind of failure. Empty when the message
// itself already says it (the library's own errors name their fix).
std::string_view Advice(const Status& status) {
  const ServiceError* service = status.service_error();
  switch (status.code()) {
    case StatusCode::kNotFound:
      if (service != nullptr && service->code == "NoSuchBucket") {
        return "check the bucket name and endpoint (ossxfer ls lists your "
               "buckets)";
      }
      if (service != nullptr && service->code == "NoSuchUpload") {
        return "the multipart upload is gone (ossxfer uploads ls shows the "
               "unfinished ones)";
      }
      return "check the name (ossxfer ls of the bucket or a prefix lists its "
             "keys)";
    case StatusCode::kPermissionDenied:
      return "check the access key (for oss:// OSS_ACCESS_KEY_ID / "
             "OSS_ACCESS_KEY_SECRET or the config profile, for s3:// "
             "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile) "
             "and that the key may access this bucket";
    case StatusCode::kNetworkError:
      return "check the endpoint and the network; running the same command "
             "again resumes";
    case StatusCode::kPreconditionFailed:
      return "the object changed during the transfer; run the command again";
    case StatusCode::kBusy:
      return "another ossxfer process is running this transfer: wait for it "
             "to finish or stop it, then run the command again";
    default:
      return {};
  }
}

}  // namespace

ExitCode ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kPermissionDenied:
      return kExitAccessDenied;
    case StatusCode::kDataCorruption:
    case StatusCode::kPreconditionFailed:
      return kExitVerificationFailed;
    case StatusCode::kCancelled:
      return kExitInterrupted;
    case StatusCode::kBusy:
      return kExitBusy;
    default:
      return kExitFailure;
  }
}

std::string ErrorLine(std::string_view what, const Status& status) {
  std::string line = fmt::format("{}: {}", what, status.ToString());
  std::string_view advice = Advice(status);
  if (!advice.empty()) line += fmt::format(" ({})", advice);
  return line;
}

ExitCode ReportError(std::string_view what, const Status& status) {
  fmt::print(stderr, "ossxfer: error: {}\n",
             TerminalSafe(ErrorLine(what, status)));
  return ExitCodeFor(status);
}

ExitCode ReportUsageError(std::string_view message) {
  fmt::print(stderr, "ossxfer: {}\n", TerminalSafe(message));
  return kExitUsage;
}

}  // namespace ossxfer::cli
