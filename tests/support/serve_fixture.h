// The set-ups integration tests share: a real `ossxfer serve` on a port the
// OS picks over a fresh root, and either a signed client with the bucket
// "bucket" already created, or (for tests that look at raw answers)
// serve in --anonymous mode and requests sent by hand.
#ifndef OSSXFER_TESTS_SUPPORT_SERVE_FIXTURE_H_
#define OSSXFER_TESTS_SUPPORT_SERVE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "http/http_connection.h"
#include "ossxfer/client.h"
#include "support/serve_process.h"

namespace ossxfer::testing {

// Serve, a client of it and the bucket "bucket". `Base` is ::testing::Test
// or a ::testing::TestWithParam<...>. SetUp uses a V4 client; a fixture
// that wants another signature overrides SetUp and calls
// StartServeWithBucket(version).
template <typename Base>
class ServedBucketTestOf : public Base {
 protected:
  void SetUp() override { StartServeWithBucket(SignatureVersion::kV4); }

  void StartServeWithBucket(SignatureVersion version) {
    server_ = std::make_unique<ServeProcess>(root_.path());
    ASSERT_TRUE(server_->started())
        << "ossxfer serve did not print its address";
    client_ = std::make_unique<Client>(server_->MakeClient(version));
    Status created = client_->CreateBucket("bucket");
    ASSERT_TRUE(created.ok()) << created;
  }

  TempDir root_;  // serve's --root
  std::unique_ptr<ServeProcess> server_;
  std::unique_ptr<Client> client_;
};

using ServedBucketTest = ServedBucketTestOf<::testing::Test>;

// `ossxfer serve --anonymous` and unsigned requests sent by hand, for tests
// that check the answer as serve wrote it (status, headers, body) rather
// than as a client reads it. No bucket exists yet.
class AnonymousServeTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // `method` on `target` (a path and query: "/bucket/key?acl"), with `body`
  // for a PUT or a POST. A transport failure fails the test and gives an
  // empty response (status 0).
  http::HttpResponse Send(const std::string& method, const std::string& target,
                          const std::string& body, http::Headers headers = {});

  TempDir root_;  // serve's --root
  std::unique_ptr<ServeProcess> server_;
  http::HttpConnection connection_{http::HttpSettings{}};
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_SERVE_FIXTURE_H_
