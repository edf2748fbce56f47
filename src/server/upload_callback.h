// OSS upload callbacks (x-oss-callback / x-oss-callback-var) for PutObject
// and CompleteMultipartUpload: after the object is stored, the server POSTs
// a templated body to the caller's URL and relays the answer.
//
// Deliberate simplifications of `ossxfer serve`, compared with real OSS:
// - Only http:// URLs on a loopback host (127.0.0.1, localhost, [::1]) are
//   called, so a local server cannot be turned into a request forwarder.
// - Placeholders are substituted raw: values are neither URL-encoded for
//   form bodies nor JSON-escaped for JSON bodies. An unknown ${x:name}
//   becomes empty; any other unknown ${...} stays as written.
// - One URL only (no ';'-separated list), no retry, no signature header.
#ifndef OSSXFER_SERVER_UPLOAD_CALLBACK_H_
#define OSSXFER_SERVER_UPLOAD_CALLBACK_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "ossxfer/result.h"
#include "server/http_exchange.h"
#include "server/object_store.h"

namespace ossxfer::server {

inline constexpr char kFormBodyType[] = "application/x-www-form-urlencoded";

struct UploadCallback {
  std::string url;        // http://<loopback host>[:port][/path]
  std::string host;       // callbackHost: the Host header; empty: from url
  std::string body;       // callbackBody, placeholders not yet substituted
  std::string body_type;  // the Content-Type of the POST
  // From x-oss-callback-var: "x:name" -> value.
  std::map<std::string, std::string> vars;
};

// What the callback receiver answered with 200.
struct CallbackReply {
  std::string content_type;
  std::string body;
};

// Decodes and validates the two headers. No x-oss-callback header gives
// nullopt (a var header alone is ignored, as OSS does); anything invalid
// gives 400 InvalidArgument, to be answered before the body is stored.
Result<std::optional<UploadCallback>> ParseUploadCallback(
    const std::optional<std::string>& callback_header,
    const std::optional<std::string>& var_header);

// callback.body with ${bucket} ${object} ${etag} ${size} ${mimeType}
// ${crc64} and ${x:name} filled in for `object`.
std::string SubstituteCallbackBody(const UploadCallback& callback,
                                   const StoredObject& object);

// POSTs the substituted body, giving up after `timeout`. Anything but a
// 200 answer is a 203 CallbackFailed error naming the reason.
Result<CallbackReply> PerformUploadCallback(
    const UploadCallback& callback, const StoredObject& object,
    std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Runs the callback for a stored object and answers the client: 200 with
// the receiver's body plus `headers` (ETag, CRC), or 203 CallbackFailed.
void AnswerWithCallback(HttpExchange& exchange, const UploadCallback& callback,
                        const StoredObject& object,
                        const ResponseHeaders& headers);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_UPLOAD_CALLBACK_H_
