// DownloadUrl (ossxfer/url_download.h): the shared downloader over a URL
// source.
#include "ossxfer/url_download.h"

#include "transfer/downloader.h"
#include "transfer/url_object_source.h"
#include "util/status_macros.h"

namespace ossxfer {

Result<DownloadResult> DownloadUrl(const std::string& url,
                                   const DownloadRequest& request,
                                   const HttpOptions& options) {
  if (!request.bucket.empty() || !request.key.empty() ||
      !request.version_id.empty()) {
    return Status::InvalidArgument(
        "a URL download takes its object from the URL: leave the request's "
        "bucket, key and version_id empty");
  }
  if (request.traffic_limit_bits_per_second != 0) {
    return Status::InvalidArgument(
        "traffic_limit_bits_per_second (x-oss-traffic-limit) cannot be sent "
        "with a URL (a presigned signature does not cover it): use "
        "rate_limit_bytes_per_second");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<transfer::UrlObjectSource> source,
                   transfer::UrlObjectSource::Create(url, options));
  return transfer::RunDownload(*source, request, options.retry);
}

}  // namespace ossxfer
