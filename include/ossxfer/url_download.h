// Resumable, parallel, verified download of any HTTP(S) URL that honours
// Range requests: an OSS presigned URL, a file on a web server.
//
// The same machinery as Download() (ossxfer/download.h): parallel ranged
// GETs streamed into a temp file with a CRC64 per part, a checkpoint for
// resuming, a rename at the end, a lock against a second process. The
// object is probed with "GET Range: bytes=0-0" (a presigned GET URL does
// not allow HEAD). Every ranged GET carries a precondition on the version
// seen at the start: If-Match with a strong ETag, else If-Unmodified-Since
// with Last-Modified; and every answer must be a 206 for exactly the bytes
// asked for, of the same size, ETag and Last-Modified, before any of its
// body is written. A server that ignores Range (200) is downloaded in one
// stream, without parallel parts or resume.
#ifndef OSSXFER_URL_DOWNLOAD_H_
#define OSSXFER_URL_DOWNLOAD_H_

#include <string>

#include "ossxfer/download.h"
#include "ossxfer/http_options.h"
#include "ossxfer/result.h"

namespace ossxfer {

// Downloads `url` with the Download() machinery. `request.bucket`, `key`,
// `version_id` must be empty and traffic_limit 0 (kInvalidArgument
// otherwise); everything else (destination, part_size, parallel,
// checkpoint, checkpoint_path, use_temp_file, verify_crc64, range, rate
// limit, progress, cancellation) applies. `options` are the HTTP settings
// (timeouts, TLS verification, ca_file, retry policy, user agent, log); a
// ClientOptions passes its own, and nothing else of it is used.
//
// - Only http:// and https:// (kInvalidArgument naming the problem
//   otherwise); TLS is verified unless options.verify_tls is off.
// - The checkpoint names the object by scheme, host, port and path, not the
//   query: a freshly presigned URL for the same object resumes a download
//   that an expired one started. It also records the ETag (or Last-Modified
//   and size); when they changed it is discarded with a notice.
// - crc64_verified is true when the server sent x-oss-hash-crc64ecma (OSS
//   does) and the combined part CRCs match it; without it a notice says so
//   and integrity rests on the lengths and the validator.
// - Up to 5 redirects are followed by the probe (never from https to
//   http); the parts are then fetched from the final URL.
// - The query string (a presigned URL's signature) never appears in
//   errors, notices or the request log: it is shown as "?<query hidden>".
//
// Errors: the server's, naming the HTTP status (and the OSS Code and
// Message when the body is OSS XML), kNotFound for 404,
// kPermissionDenied for 401/403; kPreconditionFailed when the object
// changed twice; kServiceError for an answer that is not the range asked
// for; the rest as for Download().
Result<DownloadResult> DownloadUrl(const std::string& url,
                                   const DownloadRequest& request,
                                   const HttpOptions& options = {});

}  // namespace ossxfer

#endif  // OSSXFER_URL_DOWNLOAD_H_
