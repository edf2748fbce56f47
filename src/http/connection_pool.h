// Keep-alive connections shared by the threads of one client. A thread
// takes one for a request and gives it back after, so N workers doing
// requests one after another use N connections, each kept open. With a
// cap, no more than that many are ever leased at once: a thread asking for
// one more waits until another gives one back, which bounds the
// connections of a whole command however many files and parts it runs.
#ifndef OSSXFER_HTTP_CONNECTION_POOL_H_
#define OSSXFER_HTTP_CONNECTION_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "http/http_connection.h"

namespace ossxfer::http {

class ConnectionPool {
 public:
  // max_leased 0: no cap.
  explicit ConnectionPool(HttpSettings settings, size_t max_leased = 0)
      : settings_(std::move(settings)), max_leased_(max_leased) {}

  // Returns the connection to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<HttpConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    HttpConnection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<HttpConnection> connection_;
  };

  // Waits while the cap is reached; nullopt if `cancelled` became true
  // while waiting.
  std::optional<Lease> Acquire(const std::function<bool()>& cancelled = {});

  // Connections leased right now, and the most ever leased at once.
  size_t leased() const;
  size_t peak_leased() const;

 private:
  void Release(std::unique_ptr<HttpConnection> connection);

  HttpSettings settings_;
  const size_t max_leased_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<HttpConnection>> idle_;
  size_t leased_ = 0;
  size_t peak_leased_ = 0;
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_CONNECTION_POOL_H_
