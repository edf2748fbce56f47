#include "support/serve_fixture.h"

#include <utility>
#include <vector>

#include "ossxfer/body.h"

namespace ossxfer::testing {

void AnonymousServeTest::SetUp() {
  server_ = std::make_unique<ServeProcess>(
      root_.path(), std::vector<std::string>{"--anonymous"});
  ASSERT_TRUE(server_->started()) << "ossxfer serve did not print its address";
}

http::HttpResponse AnonymousServeTest::Send(const std::string& method,
                                            const std::string& target,
                                            const std::string& body,
                                            http::Headers headers) {
  StringSource source(body);
  http::HttpRequest request{
      method, server_->endpoint() + target, std::move(headers),
      method == "PUT" || method == "POST" ? &source : nullptr};
  Result<http::HttpResponse> response = connection_.Send(request, nullptr);
  EXPECT_TRUE(response.ok())
      << method << " " << target << ": " << response.status();
  return response.ok() ? *response : http::HttpResponse{};
}

}  // namespace ossxfer::testing
