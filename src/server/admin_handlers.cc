// The admin endpoint under the reserved path /_ossxfer/ (no bucket name can
// start with '_'): fault rules and counters, for tests. Loopback only.
#include "server/request_router.h"
#include "server/store_errors.h"

namespace ossxfer::server {

void RequestRouter::HandleAdmin(const ServerRequest& request,
                                HttpExchange& exchange) {
  auto fail = [&](int status, const char* code, std::string message) {
    exchange.SendError(OssError(status, code, std::move(message)));
  };
  if (!request.from_loopback) {
    return fail(403, "AccessDenied",
                "The admin endpoint only answers loopback clients.");
  }
  std::string path = request.target.substr(0, request.target.find('?'));
  if (path == "/_ossxfer/stats" && request.method == "GET") {
    return exchange.SendBytes(200, faults_.StatsJson(), "application/json");
  }
  if (path == "/_ossxfer/faults" && request.method == "PUT") {
    Result<std::string> body = exchange.ReadSmallBody(1 << 20);
    if (!body.ok()) return exchange.SendError(body.status());
    Status loaded = faults_.Load(*body);
    if (!loaded.ok()) return fail(400, "InvalidArgument", loaded.message());
    return exchange.SendEmpty(204);
  }
  if (path == "/_ossxfer/faults" && request.method == "DELETE") {
    faults_.Clear();
    return exchange.SendEmpty(204);
  }
  fail(404, "NoSuchAdminEndpoint",
       "Admin endpoints: GET /_ossxfer/stats, PUT /_ossxfer/faults (JSON "
       "rules), "
       "DELETE /_ossxfer/faults.");
}

}  // namespace ossxfer::server
