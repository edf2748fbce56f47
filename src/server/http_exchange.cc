#include "server/http_exchange.h"

#include <fmt/format.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <thread>
#include <vector>

#include "server/error_codes.h"
#include "server/s3_wire.h"
#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/time_format.h"

namespace ossxfer::server {
namespace http = boost::beast::http;

namespace {

constexpr size_t kChunk = 1 << 20;

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 203:
      return "Non-Authoritative Information";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 416:
      return "Requested Range Not Satisfiable";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace

HttpExchange::HttpExchange(boost::asio::ip::tcp::socket& socket,
                           boost::beast::flat_buffer& buffer, Parser& parser,
                           const ServerRequest& request, FaultInjector& faults)
    : socket_(socket),
      buffer_(buffer),
      parser_(parser),
      request_(request),
      faults_(faults),
      keep_alive_(parser.get().keep_alive()) {}

Status HttpExchange::ReadBody(DataWriter& writer,
                              std::optional<uint64_t> cut_after) {
  std::vector<char> chunk(kChunk);
  uint64_t received = 0;
  while (!parser_.is_done()) {
    if (cut_after && received >= *cut_after) {
      faults_.CountFired(FaultAction::kReset);
      keep_alive_ = false;
      ::shutdown(socket_.native_handle(), SHUT_RDWR);
      return Status::NetworkError("connection cut by a reset fault");
    }
    size_t room = chunk.size();
    if (cut_after)
      room =
          static_cast<size_t>(std::min<uint64_t>(room, *cut_after - received));
    parser_.get().body().data = chunk.data();
    parser_.get().body().size = room;
    boost::beast::error_code error;
    http::read(socket_, buffer_, parser_, error);
    if (error == http::error::need_buffer) error = {};
    if (error) {
      keep_alive_ = false;
      return OssError(400, "RequestTimeout",
                      "Your socket connection to the server was not read from "
                      "or written to "
                      "within the timeout period: " +
                          error.message());
    }
    size_t got = room - parser_.get().body().size;
    received += got;
    if (got > 0) {
      Status appended = writer.Append(chunk.data(), got);
      if (!appended.ok()) {
        keep_alive_ = false;
        return appended;
      }
    }
  }
  return Status();
}

Result<std::string> HttpExchange::ReadSmallBody(size_t limit) {
  class StringWriter : public DataWriter {
   public:
    explicit StringWriter(size_t max) : max_(max) {}
    Status Append(const char* data, size_t size) override {
      if (text.size() + size > max_) {
        return OssError(400, "InvalidArgument",
                        "The request body is too large.");
      }
      text.append(data, size);
      return Status();
    }
    uint64_t bytes_written() const override { return text.size(); }
    std::string text;

   private:
    size_t max_;
  } writer(limit);
  Status read = ReadBody(writer);
  if (!read.ok()) return read;
  return std::move(writer.text);
}

void HttpExchange::DiscardBody() {
  class NullWriter : public DataWriter {
   public:
    Status Append(const char*, size_t size) override {
      bytes_ += size;
      return Status();
    }
    uint64_t bytes_written() const override { return bytes_; }

   private:
    uint64_t bytes_ = 0;
  } writer;
  // A large unread body is not worth draining: close instead.
  if (parser_.content_length() && *parser_.content_length() > (64 << 20)) {
    keep_alive_ = false;
    return;
  }
  if (!ReadBody(writer).ok()) keep_alive_ = false;
}

bool HttpExchange::WriteAll(const char* data, size_t size) {
  boost::system::error_code error;
  boost::asio::write(socket_, boost::asio::buffer(data, size), error);
  if (error) keep_alive_ = false;
  return !error;
}

void HttpExchange::SendHead(int status, const ResponseHeaders& headers,
                            uint64_t content_length) {
  std::string head = fmt::format("HTTP/1.1 {} {}\r\n", status, Reason(status));
  auto now = std::chrono::system_clock::now();
  head +=
      fmt::format("Server: ossxfer\r\nDate: {}\r\n", util::FormatHttpDate(now));
  ResponseHeaders all = {
      {"x-oss-request-id", request_.request_id},
      {"x-oss-server-time",
       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch())
                          .count())}};
  all.insert(all.end(), headers.begin(), headers.end());
  if (request_.dialect == WireDialect::kS3) all = S3ResponseHeaders(all);
  for (const auto& [name, value] : all) head += name + ": " + value + "\r\n";
  head += fmt::format("Content-Length: {}\r\n", content_length);
  if (!keep_alive_) head += "Connection: close\r\n";
  head += "\r\n";
  WriteAll(head.data(), head.size());
}

void HttpExchange::SendError(const Status& status, const XmlFields& extra,
                             const ResponseHeaders& extra_headers) {
  ServiceError error =
      status.service_error()
          ? *status.service_error()
          : ServiceError{500, "InternalError", status.ToString(), "", "", ""};
  error.request_id = request_.request_id;
  error.host_id = request_.host;
  if (request_.dialect == WireDialect::kS3) {
    error = S3Error(std::move(error));
    error.host_id = S3HostId(request_.request_id);
  } else if (error.ec.empty()) {
    error.ec = DefaultErrorEc(error.code, error.http_status);
  }
  std::string xml = ErrorXml(error, extra);
  ResponseHeaders headers = {{"Content-Type", "application/xml"}};
  if (!error.ec.empty()) headers.emplace_back("x-oss-ec", error.ec);
  headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
  if (!parser_.is_done()) DiscardBody();
  if (request_.method == "HEAD") {
    headers.emplace_back("x-oss-err", util::Base64Encode(xml));
    SendHead(error.http_status, headers, 0);
    return;
  }
  SendHead(error.http_status, headers, xml.size());
  WriteAll(xml.data(), xml.size());
}

void HttpExchange::SendXml(int status, const std::string& xml,
                           const ResponseHeaders& headers) {
  SendBytes(status, request_.dialect == WireDialect::kS3 ? S3Xml(xml) : xml,
            "application/xml", headers);
}

void HttpExchange::SendBytes(int status, const std::string& body,
                             const std::string& content_type,
                             const ResponseHeaders& headers) {
  ResponseHeaders all = headers;
  all.emplace_back("Content-Type", content_type);
  SendHead(status, all, body.size());
  if (request_.method != "HEAD") WriteAll(body.data(), body.size());
}

void HttpExchange::SendEmpty(int status, const ResponseHeaders& headers) {
  SendHead(status, headers, 0);
}

void HttpExchange::SendBody(int status, ResponseHeaders headers,
                            BodyReader& reader, uint64_t offset,
                            uint64_t length, const FaultPlan& plan,
                            const std::function<void(uint64_t)>& on_progress) {
  SendHead(status, headers, length);
  if (request_.method == "HEAD") return;
  if (plan.bytes_per_second > 0) faults_.CountFired(FaultAction::kThrottle);
  uint64_t sent = 0;
  // Fast path: no faults to apply; each span of the body that one file
  // holds goes out with sendfile(). Where there is no file (generated
  // bytes), the loop below takes over.
  if (!plan.TouchesBody()) {
    while (sent < length) {
      const BodySpan span = reader.Locate(offset + sent);
      if (span.fd < 0 || span.size == 0) break;
      off_t file_offset = static_cast<off_t>(span.file_offset);
      ssize_t n =
          ::sendfile(socket_.native_handle(), span.fd, &file_offset,
                     static_cast<size_t>(std::min<uint64_t>(
                         {length - sent, span.size, uint64_t{1} << 30})));
      if (n <= 0) {
        keep_alive_ = false;
        faults_.CountBytesServed(sent);
        return;
      }
      sent += static_cast<uint64_t>(n);
    }
    faults_.CountBytesServed(sent);
    if (sent == length) return;
  }
  std::vector<char> chunk(kChunk);
  auto started = std::chrono::steady_clock::now();
  bool flipped = false;
  while (sent < length) {
    uint64_t limit = length;
    // Cut the chunk at the next point where a fault fires.
    for (std::optional<uint64_t> at :
         {plan.reset_after, plan.stall_after, plan.replace_after}) {
      if (at && *at > sent) limit = std::min(limit, *at);
    }
    if (plan.reset_after && sent >= *plan.reset_after) {
      faults_.CountFired(FaultAction::kReset);
      // FIN right after the N bytes, then wait for the client to hang up: it
      // gets exactly N bytes of a longer body. (An RST would also discard
      // bytes still in flight, making the cut point random.)
      keep_alive_ = false;
      ::shutdown(socket_.native_handle(), SHUT_WR);
      char drain[4096];
      while (::recv(socket_.native_handle(), drain, sizeof(drain), 0) > 0) {
      }
      return;
    }
    if (plan.stall_after && sent >= *plan.stall_after) {
      faults_.CountFired(FaultAction::kStall);
      keep_alive_ = false;
      // Wait until the client gives up and closes (or the server stops).
      char probe;
      ::recv(socket_.native_handle(), &probe, 1, 0);
      return;
    }
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(limit - sent, chunk.size()));
    if (plan.bytes_per_second > 0) {
      count = static_cast<size_t>(std::min<uint64_t>(
          count, std::max<uint64_t>(1, plan.bytes_per_second / 20)));
    }
    Status read = reader.Read(offset + sent, chunk.data(), count);
    if (!read.ok()) {
      keep_alive_ = false;
      return;
    }
    if (plan.flip_at && !flipped && *plan.flip_at >= sent &&
        *plan.flip_at < sent + count) {
      chunk[*plan.flip_at - sent] ^= 0x01;
      flipped = true;
      faults_.CountFired(FaultAction::kFlip);
    }
    if (!WriteAll(chunk.data(), count)) return;
    sent += count;
    faults_.CountBytesServed(count);
    if (on_progress) on_progress(sent);
    if (plan.bytes_per_second > 0) {
      auto due = started + std::chrono::microseconds(sent * 1'000'000 /
                                                     plan.bytes_per_second);
      std::this_thread::sleep_until(due);
    }
  }
}

ServerRequest RequestFromHeader(const HttpExchange::Parser& parser) {
  const auto& header = parser.get();
  ServerRequest request;
  request.method = std::string(header.method_string());
  request.target = std::string(header.target());
  for (const auto& field : header) {
    request.headers.emplace_back(std::string(field.name_string()),
                                 std::string(field.value()));
  }
  request.host = request.Header("Host").value_or("");
  return request;
}

}  // namespace ossxfer::server
