// An HTTP request for the serve targets, read from the wire bytes with the
// parser `ossxfer serve` uses and turned into a ServerRequest the way
// OssServer does (oss_server.cc, Serve): a Beast request_parser over a
// buffer_body, a 64 KiB header limit, no body limit.
#ifndef OSSXFER_FUZZ_SERVER_REQUEST_INPUT_H_
#define OSSXFER_FUZZ_SERVER_REQUEST_INPUT_H_

#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_exchange.h"
#include "server/server_request.h"

namespace ossxfer::fuzz {

struct WireRequest {
  server::ServerRequest request;
  std::string body;  // what arrived of it, at most kMaxBody bytes
};

// Parses `bytes` as one request. nullopt when its header is incomplete or
// malformed (the server would wait for more, or drop the connection).
inline std::optional<WireRequest> ReadWireRequest(std::string_view bytes) {
  namespace http = boost::beast::http;
  constexpr size_t kMaxBody = 64 * 1024;
  server::HttpExchange::Parser parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  boost::beast::error_code error;
  while (!parser.is_header_done()) {
    size_t used =
        parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    bytes.remove_prefix(used);
    if (error || used == 0) return std::nullopt;
  }
  WireRequest wire;
  wire.request = server::RequestFromHeader(parser);
  server::ServerRequest& request = wire.request;
  request.from_loopback = true;
  request.request_id = "FUZZ";
  // The body as HttpExchange::ReadBody takes it: chunk by chunk through the
  // same parser, so chunked framing is decoded by the code that serves it.
  char chunk[4096];
  while (!parser.is_done() && !bytes.empty() && wire.body.size() < kMaxBody) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof(chunk);
    size_t used =
        parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    if (error == http::error::need_buffer) error = {};
    bytes.remove_prefix(used);
    wire.body.append(chunk, sizeof(chunk) - parser.get().body().size);
    if (error || used == 0) break;
  }
  return wire;
}

}  // namespace ossxfer::fuzz

#endif  // OSSXFER_FUZZ_SERVER_REQUEST_INPUT_H_
