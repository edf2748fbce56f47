// One request and its response on a server connection: the request body is
// streamed in (to a store writer, never buffered whole); the response head
// is written by hand and object bodies go out with sendfile or large
// writes, with the body faults of a FaultPlan applied on the way.
#ifndef OSSXFER_SERVER_HTTP_EXCHANGE_H_
#define OSSXFER_SERVER_HTTP_EXCHANGE_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <functional>
#include <string>

#include "server/body_reader.h"
#include "server/fault_injector.h"
#include "server/object_store.h"
#include "server/server_request.h"
#include "server/server_xml.h"

namespace ossxfer::server {

class HttpExchange {
 public:
  using Parser =
      boost::beast::http::request_parser<boost::beast::http::buffer_body>;

  HttpExchange(boost::asio::ip::tcp::socket& socket,
               boost::beast::flat_buffer& buffer, Parser& parser,
               const ServerRequest& request, FaultInjector& faults);

  // The request body, streamed into `writer`.
  // With `cut_after` (a reset fault on an upload), the connection is cut
  // once that many bytes have arrived and the read fails.
  Status ReadBody(DataWriter& writer,
                  std::optional<uint64_t> cut_after = std::nullopt);
  // A small request body (XML), at most `limit` bytes.
  Result<std::string> ReadSmallBody(size_t limit);
  // Reads and drops whatever body is left, so the connection can be reused.
  void DiscardBody();

  // An OSS error: XML body (or x-oss-err on HEAD), RequestId/HostId set.
  // `extra` adds elements to the error XML, `headers` response headers.
  void SendError(const Status& status, const XmlFields& extra = {},
                 const ResponseHeaders& headers = {});
  void SendXml(int status, const std::string& xml,
               const ResponseHeaders& headers = {});
  void SendBytes(int status, const std::string& body,
                 const std::string& content_type,
                 const ResponseHeaders& headers = {});
  void SendEmpty(int status, const ResponseHeaders& headers = {});
  // Headers (Content-Length = length), then bytes [offset, offset+length)
  // from `reader` unless this is a HEAD: with sendfile() span by span when
  // no fault touches the body and the reader has files, else through a
  // buffer. `on_progress(sent)` runs between chunks (the "replace" fault
  // uses it).
  void SendBody(int status, ResponseHeaders headers, BodyReader& reader,
                uint64_t offset, uint64_t length, const FaultPlan& plan,
                const std::function<void(uint64_t sent)>& on_progress = {});

  // False once the connection must be closed (reset fault, write error,
  // unread body, Connection: close).
  bool keep_alive() const { return keep_alive_; }

 private:
  bool WriteAll(const char* data, size_t size);
  void SendHead(int status, const ResponseHeaders& headers,
                uint64_t content_length);

  boost::asio::ip::tcp::socket& socket_;
  boost::beast::flat_buffer& buffer_;
  Parser& parser_;
  const ServerRequest& request_;
  FaultInjector& faults_;
  bool keep_alive_;
};

// The request line and headers a parser has read, as the handlers see them
// (method, target, headers, Host); the caller adds where it came from and
// its request id.
ServerRequest RequestFromHeader(const HttpExchange::Parser& parser);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_HTTP_EXCHANGE_H_
