// TLS against a real HTTPS server with a self-signed certificate:
// verification is on by default and refuses it; trusting the certificate
// (ca_file) or turning verification off lets the request through.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "http/http_connection.h"
#include "support/child_process.h"

namespace ossxfer::http {
namespace {

class TlsVerificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ossxfer-tls-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    cert_ = dir_ + "/cert.pem";
    std::string key = dir_ + "/key.pem";
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert_ + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
    server_ = std::make_unique<ossxfer::testing::ChildProcess>(
        std::vector<std::string>{
            "python3",
            std::string(OSSXFER_SOURCE_DIR) + "/tests/support/tls_server.py",
            cert_, key});
    std::optional<std::string> port =
        server_->ReadLine(std::chrono::seconds(20));
    ASSERT_TRUE(port) << "the HTTPS server did not print its port";
    url_ = "https://127.0.0.1:" + *port + "/b/k";
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_, cert_, url_;
  std::unique_ptr<ossxfer::testing::ChildProcess> server_;
};

TEST_F(TlsVerificationTest,
       VerificationIsOnByDefaultAndRefusesAnUntrustedCertificate) {
  HttpSettings settings;
  ASSERT_TRUE(settings.verify_tls);
  HttpConnection connection(settings);
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", url_}, nullptr);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetworkError);
  EXPECT_NE(response.status().message().find("certificate"), std::string::npos)
      << response.status();
}

TEST_F(TlsVerificationTest, ATrustedCertificateFileIsAccepted) {
  HttpSettings settings;
  settings.ca_file = cert_;
  HttpConnection connection(settings);
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", url_}, nullptr);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "secure");
}

TEST_F(TlsVerificationTest, TurningVerificationOffAcceptsAnything) {
  HttpSettings settings;
  settings.verify_tls = false;
  HttpConnection connection(settings);
  Result<HttpResponse> response =
      connection.Send(HttpRequest{"GET", url_}, nullptr);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "secure");
}

}  // namespace
}  // namespace ossxfer::http
