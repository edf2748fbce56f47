// A small real HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) that
// answers each request with what a test's handler returns, and records
// what it received. Keep-alive, truncated bodies and stalls are supported,
// so the client's transport handling is tested over real sockets.
#ifndef OSSXFER_TESTS_SUPPORT_HTTP_RESPONDER_H_
#define OSSXFER_TESTS_SUPPORT_HTTP_RESPONDER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ossxfer::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  HeaderList headers;
  std::string body;

  std::optional<std::string> Header(const std::string& name) const;
  std::string Path() const;   // target before '?'
  std::string Query() const;  // target after '?', or empty
  // The query's name=value pairs in the order sent, percent-decoded (a
  // bare name has an empty value): what a server signs them from.
  HeaderList DecodedQuery() const;
};

struct CannedResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  // Send only this many body bytes (with the full Content-Length), then
  // close the connection: a connection that breaks mid-body.
  std::optional<size_t> truncate_body_at;
  // After sending the headers and `truncate_body_at` bytes (or none), wait
  // without sending anything until the responder stops: a stalled server.
  bool stall = false;
};

class HttpResponder {
 public:
  using Handler = std::function<CannedResponse(const RecordedRequest&)>;

  explicit HttpResponder(Handler handler);
  ~HttpResponder();
  HttpResponder(const HttpResponder&) = delete;
  HttpResponder& operator=(const HttpResponder&) = delete;

  uint16_t port() const { return port_; }
  std::string endpoint() const;  // "http://127.0.0.1:<port>"
  std::vector<RecordedRequest> requests() const;
  int connections_accepted() const { return connections_accepted_; }

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_accepted_{0};
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  std::vector<RecordedRequest> requests_;
  std::vector<int> client_fds_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_HTTP_RESPONDER_H_
