// Idle keep-alive connections shared by the threads of one client. A
// thread takes one for a request and gives it back after, so N workers
// doing requests one after another use N connections, each kept open.
#ifndef OSSXFER_HTTP_CONNECTION_POOL_H_
#define OSSXFER_HTTP_CONNECTION_POOL_H_

#include <memory>
#include <mutex>
#include <vector>

#include "http/http_connection.h"

namespace ossxfer::http {

class ConnectionPool {
 public:
  explicit ConnectionPool(HttpSettings settings)
      : settings_(std::move(settings)) {}

  // Returns the connection to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<HttpConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    HttpConnection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<HttpConnection> connection_;
  };

  Lease Acquire();

 private:
  void Release(std::unique_ptr<HttpConnection> connection);

  HttpSettings settings_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<HttpConnection>> idle_;
};

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_CONNECTION_POOL_H_
