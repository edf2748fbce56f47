// Any http:// or https:// URL as a download source: an OSS presigned URL,
// a file on a web server. Probed with GET and "Range: bytes=0-0" (not
// HEAD: a presigned GET URL's signature covers the method), fetched with
// ranged GETs that carry a precondition on the version seen at the probe.
#ifndef OSSXFER_TRANSFER_URL_OBJECT_SOURCE_H_
#define OSSXFER_TRANSFER_URL_OBJECT_SOURCE_H_

#include <memory>
#include <string>

#include "http/sender.h"
#include "ossxfer/http_options.h"
#include "transfer/object_source.h"
#include "transfer/source_url.h"

namespace ossxfer::transfer {

// Redirects (301, 302, 303, 307, 308) followed by the probe before giving
// up; ranged GETs then go straight to where the last one pointed.
inline constexpr int kMaxRedirects = 5;

class UrlObjectSource : public ObjectSource {
 public:
  // kInvalidArgument for a URL that is not http(s) (see ParseSourceUrl) or
  // options out of range (retry policy, low_speed_time).
  static Result<std::unique_ptr<UrlObjectSource>> Create(
      std::string_view url, const HttpOptions& options);

  // The validator is the ETag when it is strong (If-Match on every ranged
  // GET); otherwise Last-Modified (If-Unmodified-Since) with the length;
  // every answer's Content-Range total, ETag and Last-Modified are checked
  // against the probe's as well. A 200 answer means Range is ignored (one
  // stream); 416 with "bytes */0", or a 200 of no bytes, an empty object.
  Result<SourceObject> Probe(
      const std::function<bool()>& cancelled) const override;
  Status Fetch(const SourceObject& seen, uint64_t first, uint64_t last,
               BodySink& sink,
               const std::function<bool()>& cancelled) const override;
  SourceIdentity Identity() const override;
  std::string CheckpointKey() const override;
  std::string Describe() const override;

 private:
  UrlObjectSource(SourceUrl url, const HttpOptions& options);

  // One GET bytes=0-0 to `url`: the answer's status and headers (the
  // body of a 200 is not read), and the byte a 206 carried.
  Result<http::HttpResponse> ProbeOnce(
      const SourceUrl& url, std::string* first_byte,
      const std::function<bool()>& cancelled) const;
  // The object a 206, 200 or 416 answer to the probe describes.
  Result<SourceObject> Interpret(const SourceUrl& url,
                                 const http::HttpResponse& response,
                                 const std::string& first_byte) const;

  SourceUrl url_;
  http::Sender sender_;  // its requests retried by the options' policy
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_URL_OBJECT_SOURCE_H_
