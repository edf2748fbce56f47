#include "http/connection_pool.h"

#include <algorithm>
#include <chrono>

namespace ossxfer::http {

namespace {

// A waiting thread looks at its cancellation this often: a Ctrl-C ends a
// wait for a connection well under 100 ms, as it ends a retry's backoff.
constexpr std::chrono::milliseconds kCancelCheck{20};

}  // namespace

std::optional<ConnectionPool::Lease> ConnectionPool::Acquire(
    const std::function<bool()>& cancelled) {
  std::unique_ptr<HttpConnection> connection;
  {
    std::unique_lock lock(mutex_);
    while (max_leased_ != 0 && leased_ >= max_leased_) {
      if (cancelled && cancelled()) return std::nullopt;
      returned_.wait_for(lock, kCancelCheck);
    }
    ++leased_;
    peak_leased_ = std::max(peak_leased_, leased_);
    if (!idle_.empty()) {
      // The most recently used connection is the likeliest to still be
      // open on the server side.
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!connection) connection = std::make_unique<HttpConnection>(settings_);
  return Lease(this, std::move(connection));
}

void ConnectionPool::Release(std::unique_ptr<HttpConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
    --leased_;
  }
  returned_.notify_one();
}

size_t ConnectionPool::leased() const {
  std::lock_guard lock(mutex_);
  return leased_;
}

size_t ConnectionPool::peak_leased() const {
  std::lock_guard lock(mutex_);
  return peak_leased_;
}

}  // namespace ossxfer::http
