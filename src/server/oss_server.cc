#include "server/oss_server.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <fstream>
#include <limits>
#include <list>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "server/error_codes.h"
#include "server/fault_injector.h"
#include "server/http_exchange.h"
#include "server/object_store.h"
#include "server/request_router.h"
#include "server/s3_wire.h"
#include "server/server_xml.h"

namespace ossxfer::server {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// The most Beast asks the socket for in one read.
constexpr size_t kReceiveBytes = 64 << 10;

// 24 uppercase hex characters, like OSS's: the time, then a counter, so ids
// are unique and sortable within a run.
std::string NextRequestId() {
  static std::atomic<uint64_t> counter{std::random_device{}()};
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return fmt::format("{:08X}{:016X}", static_cast<uint32_t>(seconds),
                     counter++);
}

class ServerImpl : public OssServer {
 public:
  ServerImpl(ServerOptions options, std::unique_ptr<ObjectStore> store)
      : options_(std::move(options)),
        store_(std::move(store)),
        router_(options_, *store_, faults_),
        acceptor_(io_) {}

  ~ServerImpl() override { Stop(); }

  Status Listen() {
    boost::system::error_code error;
    auto address = asio::ip::make_address(options_.listen_host, error);
    if (error) {
      return Status::InvalidArgument("invalid listen address \"" +
                                     options_.listen_host +
                                     "\": " + error.message());
    }
    tcp::endpoint endpoint(address, options_.listen_port);
    acceptor_.open(endpoint.protocol(), error);
    if (!error)
      acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error)
      acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return Status::IoError(
          fmt::format("cannot listen on {}:{}: {}", options_.listen_host,
                      options_.listen_port, error.message()));
    }
    tcp::endpoint bound = acceptor_.local_endpoint();
    std::string host = bound.address().is_v6()
                           ? "[" + bound.address().to_string() + "]"
                           : bound.address().to_string();
    endpoint_ = fmt::format("http://{}:{}", host, bound.port());
    acceptor_thread_ = std::thread([this] { AcceptLoop(); });
    return Status();
  }

  Status LoadFaults() {
    if (options_.faults_file.empty()) return Status();
    std::ifstream file(options_.faults_file);
    if (!file) {
      return Status::IoError("cannot read the fault rules file " +
                             options_.faults_file.string());
    }
    std::stringstream text;
    text << file.rdbuf();
    Status loaded = faults_.Load(text.str());
    return loaded.ok() ? loaded
                       : loaded.WithContext(options_.faults_file.string());
  }

  std::string endpoint() const override { return endpoint_; }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    // shutdown() wakes the thread blocked in accept(); close() alone does
    // not, and afterwards the descriptor is gone.
    boost::system::error_code ignored;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    if (acceptor_thread_.joinable()) acceptor_thread_.join();
    acceptor_.close(ignored);
    std::list<Connection> connections;
    {
      std::lock_guard lock(mutex_);
      for (Connection& connection : connections_) {
        connection.socket->shutdown(tcp::socket::shutdown_both, ignored);
      }
      connections.swap(connections_);
    }
    for (Connection& connection : connections) connection.thread.join();
  }

 private:
  struct Connection {
    std::shared_ptr<tcp::socket> socket;
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void AcceptLoop() {
    while (!stopped_) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code error;
      acceptor_.accept(*socket, error);
      if (error) {
        if (stopped_) return;
        continue;
      }
      socket->set_option(tcp::no_delay(true), error);
      std::lock_guard lock(mutex_);
      ReapFinishedLocked();
      auto done = std::make_shared<std::atomic<bool>>(false);
      faults_.CountConnectionOpened();
      connections_.push_back(Connection{socket,
                                        std::thread([this, socket, done] {
                                          Serve(*socket);
                                          faults_.CountConnectionClosed();
                                          *done = true;
                                        }),
                                        done});
    }
  }

  void ReapFinishedLocked() {
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (*it->done) {
        it->thread.join();
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // A request whose header cannot be parsed gets an answer before the
  // connection closes, as OSS gives one, rather than a silent close that
  // clients retry as a network failure. What OSS says exactly is
  // UNVERIFIED; serve chooses 431 for a header over its 64 KiB limit and
  // 400 InvalidArgument for the rest (a Content-Length of -1, 1e9 or given
  // twice, a malformed request line or field). A connection that merely
  // ended says nothing.
  void AnswerUnreadableRequest(tcp::socket& socket,
                               const boost::system::error_code& error) {
    if (error.category() !=
            http::make_error_code(http::error::header_limit).category() ||
        error == http::error::end_of_stream ||
        error == http::error::partial_message) {
      return;
    }
    const bool too_large = error == http::error::header_limit;
    const std::string request_id = NextRequestId();
    ServiceError service{
        too_large ? 431 : 400,
        too_large ? "RequestHeaderFieldsTooLarge" : "InvalidArgument",
        too_large ? "the request's header is larger than 64 KiB"
                  : "malformed HTTP request: " + error.message(),
        request_id,
        "",
        ""};
    service.ec = DefaultErrorEc(service.code, service.http_status);
    const std::string body = ErrorXml(service, {});
    const std::string answer = fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: application/xml\r\n"
        "Content-Length: {}\r\nConnection: close\r\n"
        "x-oss-request-id: {}\r\n\r\n{}",
        service.http_status,
        too_large ? "Request Header Fields Too Large" : "Bad Request",
        body.size(), request_id, body);
    boost::system::error_code ignored;
    asio::write(socket, asio::buffer(answer), ignored);
  }

  void Serve(tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    // Beast receives at most the buffer's free capacity at a time (and at
    // most 64 KiB): left at the few KiB a request's header needed, a 2 GiB
    // upload took a million recv calls of 2 KiB, which cost serve more CPU
    // than anything else it did with the body.
    buffer.reserve(kReceiveBytes);
    boost::system::error_code error;
    bool loopback = socket.remote_endpoint(error).address().is_loopback();
    while (!stopped_) {
      HttpExchange::Parser parser;
      parser.header_limit(64 * 1024);
      // No limit here (PutObject checks its 5 GiB itself); Boost 1.74 reads
      // body_limit(none) as a limit of zero, hence the explicit maximum.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      http::read_header(socket, buffer, parser, error);
      if (error) {
        AnswerUnreadableRequest(socket, error);
        break;
      }
      ServerRequest request = RequestFromHeader(parser);
      request.from_loopback = loopback;
      request.request_id = NextRequestId();
      if (request.Header("Expect") == "100-continue") {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::write(socket, asio::buffer(kContinue, sizeof(kContinue) - 1),
                    error);
      }
      HttpExchange exchange(socket, buffer, parser, request, faults_);
      Status resolved = ResolveAddress(options_.domain, request);
      request.dialect = DetectWireDialect(request, options_.dialect_rule);
      if (!resolved.ok()) {
        exchange.SendError(resolved);
      } else {
        router_.Handle(request, exchange);
      }
      if (!parser.is_done()) exchange.DiscardBody();
      if (!exchange.keep_alive() || !socket.is_open()) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, error);
  }

  ServerOptions options_;
  std::unique_ptr<ObjectStore> store_;
  FaultInjector faults_;
  RequestRouter router_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::string endpoint_;
  std::thread acceptor_thread_;
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::list<Connection> connections_;
};

// A GET holds every segment file of the bytes it sends open for its whole
// duration, and a multipart object can have 10000 segments: the usual
// soft limit of 1024 descriptors would refuse such a GET. Best effort; a
// shortage is answered with 503 and the client retries.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur == limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

Result<std::unique_ptr<OssServer>> OssServer::Start(ServerOptions options) {
  if (options.root.empty()) {
    return Status::InvalidArgument(
        "serve needs --root DIR: where objects are stored");
  }
  if (!options.anonymous && (options.credentials.access_key_id.empty() ||
                             options.credentials.access_key_secret.empty())) {
    return Status::InvalidArgument(
        "serve needs credentials to check signatures: --access-key-id and "
        "--access-key-secret (or OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET), "
        "or --anonymous");
  }
  RaiseOpenFileLimit();
  Result<std::unique_ptr<ObjectStore>> store = ObjectStore::Open(options.root);
  if (!store.ok()) return store.status();
  auto server =
      std::make_unique<ServerImpl>(std::move(options), std::move(*store));
  Status faults = server->LoadFaults();
  if (!faults.ok()) return faults;
  Status listening = server->Listen();
  if (!listening.ok()) return listening;
  return std::unique_ptr<OssServer>(std::move(server));
}

}  // namespace ossxfer::server
