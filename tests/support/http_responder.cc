#include "support/http_responder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "util/encoding.h"

namespace ossxfer::testing {
namespace {

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
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
    case 412:
      return "Precondition Failed";
    case 416:
      return "Range Not Satisfiable";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

std::optional<std::string> RecordedRequest::Header(
    const std::string& name) const {
  for (const auto& [header, value] : headers) {
    if (strcasecmp(header.c_str(), name.c_str()) == 0) return value;
  }
  return std::nullopt;
}

std::string RecordedRequest::Path() const {
  return target.substr(0, target.find('?'));
}

std::string RecordedRequest::Query() const {
  size_t question = target.find('?');
  return question == std::string::npos ? "" : target.substr(question + 1);
}

HeaderList RecordedRequest::DecodedQuery() const {
  const std::string query = Query();
  HeaderList pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const size_t equals = pair.find('=');
    pairs.emplace_back(
        util::UriDecode(pair.substr(0, equals)).value_or(""),
        equals == std::string::npos
            ? ""
            : util::UriDecode(pair.substr(equals + 1)).value_or(""));
    start = end + 1;
  }
  return pairs;
}

HttpResponder::HttpResponder(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the OS picks a free port
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address),
             sizeof(address)) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error(std::string("responder bind/listen: ") +
                             std::strerror(errno));
  }
  socklen_t length = sizeof(address);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpResponder::~HttpResponder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  stopped_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  for (std::thread& worker : workers_) worker.join();
  for (int fd : client_fds_) ::close(fd);
}

std::string HttpResponder::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<RecordedRequest> HttpResponder::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void HttpResponder::AcceptLoop() {
  while (true) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;  // shut down
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    ++connections_accepted_;
    client_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void HttpResponder::Serve(int fd) {
  std::string buffer;
  char chunk[64 * 1024];
  auto read_more = [&]() {
    ssize_t got = ::recv(fd, chunk, sizeof(chunk), 0);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
    return true;
  };
  while (!stopping_) {
    size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!read_more()) {
        ::shutdown(fd, SHUT_RDWR);
        return;
      }
    }
    RecordedRequest request;
    std::string head = buffer.substr(0, header_end);
    buffer.erase(0, header_end + 4);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t first_space = request_line.find(' ');
    size_t second_space = request_line.find(' ', first_space + 1);
    request.method = request_line.substr(0, first_space);
    request.target =
        request_line.substr(first_space + 1, second_space - first_space - 1);
    size_t position =
        line_end == std::string::npos ? head.size() : line_end + 2;
    while (position < head.size()) {
      size_t end = head.find("\r\n", position);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(position, end - position);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        size_t value_start = line.find_first_not_of(' ', colon + 1);
        request.headers.emplace_back(
            line.substr(0, colon),
            value_start == std::string::npos ? "" : line.substr(value_start));
      }
      position = end + 2;
    }
    size_t content_length = 0;
    if (auto length = request.Header("Content-Length"))
      content_length = std::stoul(*length);
    while (buffer.size() < content_length) {
      if (!read_more()) {
        ::shutdown(fd, SHUT_RDWR);
        return;
      }
    }
    request.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }

    CannedResponse response = handler_(request);
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                      ReasonPhrase(response.status) + "\r\n";
    bool has_length = false;
    for (const auto& [name, value] : response.headers) {
      if (strcasecmp(name.c_str(), "Content-Length") == 0) has_length = true;
      out += name + ": " + value + "\r\n";
    }
    if (!has_length)
      out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    out += "\r\n";
    bool send_body = request.method != "HEAD";
    size_t body_bytes = send_body ? response.body.size() : 0;
    if (response.truncate_body_at)
      body_bytes = std::min(body_bytes, *response.truncate_body_at);
    out.append(response.body, 0, body_bytes);
    if (!SendAll(fd, out.data(), out.size())) break;
    if (response.stall) {
      std::unique_lock lock(mutex_);
      stopped_.wait(lock, [this] { return stopping_.load(); });
      break;
    }
    if (response.truncate_body_at) break;
  }
  // Shut down, not closed: the destructor closes every descriptor after the
  // workers are joined, so a descriptor number is never reused while
  // another thread may still shut it down.
  ::shutdown(fd, SHUT_RDWR);
}

}  // namespace ossxfer::testing
