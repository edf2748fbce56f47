#include "http/connection_pool.h"

namespace ossxfer::http {

ConnectionPool::Lease ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      // The most recently used connection is the likeliest to still be
      // open on the server side.
      std::unique_ptr<HttpConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  return Lease(this, std::make_unique<HttpConnection>(settings_));
}

void ConnectionPool::Release(std::unique_ptr<HttpConnection> connection) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace ossxfer::http
