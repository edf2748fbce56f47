#include "http/http_connection.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <strings.h>

#include <algorithm>
#include <mutex>

#include "util/redaction.h"
#include "util/text.h"

namespace ossxfer::http {
namespace {

// Larger than any XML answer OSS gives (a 1000-entry listing is < 1 MiB);
// a bigger non-streamed body means something is wrong, not that we should
// keep buffering it.
constexpr size_t kMaxBufferedBody = 64 << 20;

// Large buffers cut per-callback overhead on multi-GiB transfers.
constexpr long kTransferBufferSize = 512 * 1024;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::optional<std::string> FindHeader(const Headers& headers,
                                      std::string_view name) {
  for (const auto& [header, value] : headers) {
    if (header.size() == name.size() &&
        strncasecmp(header.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

// The state of one Send, reachable from the curl callbacks.
struct HttpConnection::Exchange {
  const HttpRequest* request = nullptr;
  BodySource* body = nullptr;  // never null for PUT/POST: empty when none
  BodySink* sink = nullptr;
  const HttpConnection::BodyCheck* accept_body = nullptr;
  bool body_accepted = false;  // accept_body said yes
  uint64_t body_bytes_sent = 0;
  HttpResponse response;
  Status callback_error;  // why a callback stopped the transfer
};

HttpConnection::HttpConnection(HttpSettings settings)
    : settings_(std::move(settings)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpConnection::~HttpConnection() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

size_t HttpConnection::OnHeader(char* data, size_t size, size_t count,
                                void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line: an interim 100 Continue or a redirect came first,
    // so forget what was collected.
    exchange->response.headers.clear();
    size_t space = line.find(' ');
    exchange->response.status = space == std::string_view::npos
                                    ? 0
                                    : std::atoi(line.data() + space + 1);
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    // Optional whitespace around both, and the CRLF that ends the line.
    exchange->response.headers.emplace_back(
        std::string(util::Trim(line.substr(0, colon), " \t\r\n")),
        std::string(util::Trim(line.substr(colon + 1), " \t\r\n")));
  }
  return size * count;
}

size_t HttpConnection::OnBody(char* data, size_t size, size_t count,
                              void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  int status = exchange->response.status;
  if (exchange->sink != nullptr && status >= 200 && status < 300) {
    if (!exchange->body_accepted && exchange->accept_body != nullptr &&
        *exchange->accept_body) {
      Status accepted = (*exchange->accept_body)(exchange->response);
      if (!accepted.ok()) {
        exchange->callback_error = accepted;
        return 0;
      }
    }
    exchange->body_accepted = true;
    Status written = exchange->sink->Write(data, bytes);
    if (!written.ok()) {
      exchange->callback_error = written;
      return 0;  // tells curl to abort with CURLE_WRITE_ERROR
    }
    return bytes;
  }
  if (exchange->response.body.size() + bytes > kMaxBufferedBody) {
    exchange->callback_error = Status::MalformedResponse(
        fmt::format("response body larger than {} MiB without a sink",
                    kMaxBufferedBody >> 20));
    return 0;
  }
  exchange->response.body.append(data, bytes);
  return bytes;
}

size_t HttpConnection::OnRead(char* buffer, size_t size, size_t count,
                              void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const uint64_t declared = exchange->body->Size();
  const uint64_t remaining = declared - exchange->body_bytes_sent;
  Result<size_t> read = exchange->body->Read(
      buffer, static_cast<size_t>(std::min<uint64_t>(size * count, remaining)));
  if (!read.ok()) {
    exchange->callback_error = read.status();
    return CURL_READFUNC_ABORT;
  }
  // A source that ends before its declared size would leave the server
  // waiting for bytes that never come: fail at once, saying why.
  if (*read == 0 && remaining > 0) {
    exchange->callback_error = Status::IoError(
        fmt::format("request body ended after {} of its {} bytes (was the file "
                    "truncated while being sent?)",
                    exchange->body_bytes_sent, declared));
    return CURL_READFUNC_ABORT;
  }
  exchange->body_bytes_sent += *read;
  return *read;
}

int HttpConnection::OnProgress(void* user, int64_t, int64_t, int64_t, int64_t) {
  auto* exchange = static_cast<Exchange*>(user);
  if (exchange->request->cancelled && exchange->request->cancelled()) {
    exchange->callback_error = Status::Cancelled("transfer cancelled");
    return 1;
  }
  return 0;
}

Result<HttpResponse> HttpConnection::Send(const HttpRequest& request,
                                          BodySink* sink,
                                          const BodyCheck& accept_body) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  // Reset clears the options of the previous request but keeps the
  // connection cache: that is what makes the next request reuse the socket.
  curl_easy_reset(curl);
  StringSource empty_body("");
  Exchange exchange;
  exchange.request = &request;
  exchange.body = request.body ? request.body : &empty_body;
  exchange.sink = sink;
  exchange.accept_body = &accept_body;

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Object keys may contain "." and ".." segments ("a/../b" is a valid key
  // distinct from "b"): curl must send the path exactly as built.
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(
      curl, CURLOPT_LOW_SPEED_LIMIT,
      static_cast<long>(settings_.low_speed_limit_bytes_per_second));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(settings_.low_speed_time.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER,
                   settings_.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST,
                   settings_.verify_tls ? 2L : 0L);
  if (!settings_.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_USERAGENT, settings_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, kTransferBufferSize);
  curl_easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, kTransferBufferSize);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &HttpConnection::OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &HttpConnection::OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &HttpConnection::OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &exchange);

  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    // UPLOAD sends PUT; the custom request turns it into POST where needed
    // while keeping the streaming read callback and exact length.
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(exchange.body->Size()));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &HttpConnection::OnRead);
    curl_easy_setopt(curl, CURLOPT_READDATA, &exchange);
    if (request.method == "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "POST");
    }
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : request.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    header_list = curl_slist_append(header_list, line.c_str());
  }
  // No "Expect: 100-continue" round trip before every part upload, and no
  // Content-Type that curl would invent: the signature covers Content-Type.
  header_list = curl_slist_append(header_list, "Expect:");
  if (!FindHeader(request.headers, "Content-Type")) {
    header_list = curl_slist_append(header_list, "Content-Type:");
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);

  if (settings_.log) {
    settings_.log(
        fmt::format("> {} {}", request.method, util::RedactUrl(request.url)));
    for (const auto& [name, value] : request.headers) {
      settings_.log(
          fmt::format("> {}: {}", name, util::RedactHeaderValue(name, value)));
    }
  }

  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(header_list);

  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += connects;

  if (code != CURLE_OK) {
    if (!exchange.callback_error.ok()) return exchange.callback_error;
    return Status::NetworkError(
        fmt::format("{} {}: {} (curl error {})", request.method,
                    util::RedactUrl(request.url), curl_easy_strerror(code),
                    static_cast<int>(code)));
  }
  if (settings_.log) {
    settings_.log(fmt::format("< HTTP {}", exchange.response.status));
    for (const auto& [name, value] : exchange.response.headers) {
      settings_.log(
          fmt::format("< {}: {}", name, util::RedactHeaderValue(name, value)));
    }
  }
  return std::move(exchange.response);
}

}  // namespace ossxfer::http
