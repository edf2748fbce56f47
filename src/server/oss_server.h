// `ossxfer serve`: listens, and answers each connection on its own thread
// (blocking I/O keeps stall, throttle and reset faults simple and exact).
#ifndef OSSXFER_SERVER_OSS_SERVER_H_
#define OSSXFER_SERVER_OSS_SERVER_H_

#include <memory>
#include <string>

#include "ossxfer/result.h"
#include "server/server_options.h"

namespace ossxfer::server {

class OssServer {
 public:
  // Opens the store under options.root, loads fault rules, binds and starts
  // accepting. Fails with a message naming the root, the address or the
  // rules file.
  static Result<std::unique_ptr<OssServer>> Start(ServerOptions options);
  virtual ~OssServer() = default;

  // "http://127.0.0.1:PORT": the bound address (the real port for port 0).
  virtual std::string endpoint() const = 0;
  // Stops accepting, closes every connection, waits for their threads.
  virtual void Stop() = 0;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OSS_SERVER_H_
