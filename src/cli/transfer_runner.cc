#include "cli/transfer_runner.h"

#include <chrono>
#include <memory>

#include "ossxfer/url_download.h"

namespace ossxfer::cli {
namespace {

// Registers the transfer with the display at its first progress event,
// when the total is known (a download learns it from the HEAD). A
// transfer makes its progress calls one at a time, and Finish comes after
// the transfer returned: no lock of its own.
class ProgressLine {
 public:
  ProgressLine(ProgressDisplay* display, std::string label)
      : display_(display), label_(std::move(label)) {}

  ProgressCallback Callback() {
    if (display_ == nullptr) return {};
    return [this](const TransferProgress& progress) {
      if (id_ < 0) id_ = display_->AddTransfer(label_, progress.total);
      display_->Update(id_, progress.transferred);
    };
  }

  void Finish(bool ok) {
    if (display_ != nullptr && id_ >= 0) display_->Finish(id_, ok);
  }

 private:
  ProgressDisplay* display_;
  std::string label_;
  int id_ = -1;
};

// Times `transfer` (which returns a Result<DownloadResult|UploadResult>)
// and records it in an outcome.
template <typename Transfer>
TransferOutcome Run(std::string direction, std::string source,
                    std::string destination, ProgressLine& line,
                    Transfer&& transfer) {
  TransferOutcome outcome;
  outcome.direction = std::move(direction);
  outcome.source = std::move(source);
  outcome.destination = std::move(destination);
  const auto start = std::chrono::steady_clock::now();
  auto result = transfer();
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  line.Finish(result.ok());
  if (!result.ok()) {
    outcome.state = TransferOutcome::State::kFailed;
    outcome.error = result.status();
    return outcome;
  }
  FillFrom(*result, outcome);
  return outcome;
}

}  // namespace

TransferOutcome RunDownload(const TransferContext& context,
                            DownloadRequest request, std::string source) {
  std::string destination = request.destination.string();
  ProgressLine line(context.display, source);
  request.progress = line.Callback();
  request.cancellation = context.cancellation;
  return Run("download", std::move(source), std::move(destination), line,
             [&] { return Download(*context.client, request); });
}

TransferOutcome RunUrlDownload(const TransferContext& context,
                               const std::string& url,
                               DownloadRequest request) {
  // A presigned URL's query string is its signature: never print it.
  std::string source = url.substr(0, url.find('?'));
  if (source.size() < url.size()) source += "?<query hidden>";
  std::string destination = request.destination.string();
  ProgressLine line(context.display, source);
  request.progress = line.Callback();
  request.cancellation = context.cancellation;
  return Run("download", std::move(source), std::move(destination), line,
             [&] { return DownloadUrl(url, request, context.http_options); });
}

TransferOutcome RunUpload(const TransferContext& context, UploadRequest request,
                          std::string destination) {
  std::string source = request.source.string();
  ProgressLine line(context.display, source);
  request.progress = line.Callback();
  request.cancellation = context.cancellation;
  return Run("upload", std::move(source), std::move(destination), line,
             [&] { return Upload(*context.client, request); });
}

TransferOutcome RunCopy(const TransferContext& context, CopyRequest request,
                        std::string source, std::string destination) {
  ProgressLine line(context.display, source);
  request.progress = line.Callback();
  request.cancellation = context.cancellation;
  return Run("copy", std::move(source), std::move(destination), line,
             [&] { return Copy(*context.client, request); });
}

}  // namespace ossxfer::cli
