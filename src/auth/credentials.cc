#include "ossxfer/credentials.h"

#include <cstdlib>
#include <utility>

#include "util/redaction.h"

namespace ossxfer {
namespace {

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

class EnvironmentCredentialsProvider : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override {
    Credentials credentials{EnvOrEmpty("OSS_ACCESS_KEY_ID"),
                            EnvOrEmpty("OSS_ACCESS_KEY_SECRET"),
                            EnvOrEmpty("OSS_SESSION_TOKEN")};
    if (credentials.access_key_id.empty()) {
      return Status::PermissionDenied(
          "no credentials: OSS_ACCESS_KEY_ID is not set (set "
          "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or use anonymous "
          "access)");
    }
    if (credentials.access_key_secret.empty()) {
      return Status::PermissionDenied(
          "no credentials: OSS_ACCESS_KEY_SECRET is not set while "
          "OSS_ACCESS_KEY_ID is; set both");
    }
    return credentials;
  }
};

class StaticCredentialsProvider : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}

  Result<Credentials> GetCredentials() override {
    if (credentials_.access_key_id.empty() !=
        credentials_.access_key_secret.empty()) {
      return Status::PermissionDenied(
          credentials_.access_key_id.empty()
              ? "incomplete credentials: an AccessKey secret was given "
                "without an AccessKey id"
              : "incomplete credentials: AccessKey id " +
                    credentials_.access_key_id +
                    " was given without its secret");
    }
    return credentials_;
  }

 private:
  Credentials credentials_;
};

class AnonymousCredentialsProvider : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override { return Credentials{}; }
};

}  // namespace

std::string Redact(std::string_view secret) {
  return util::RedactSecret(secret);
}

std::ostream& operator<<(std::ostream& out, const Credentials& credentials) {
  if (credentials.anonymous()) return out << "Credentials{anonymous}";
  out << "Credentials{access_key_id=" << credentials.access_key_id
      << ", access_key_secret=" << Redact(credentials.access_key_secret);
  if (!credentials.security_token.empty()) {
    out << ", security_token=" << Redact(credentials.security_token);
  }
  return out << "}";
}

std::shared_ptr<CredentialsProvider> MakeEnvironmentCredentialsProvider() {
  return std::make_shared<EnvironmentCredentialsProvider>();
}

std::shared_ptr<CredentialsProvider> MakeStaticCredentialsProvider(
    Credentials credentials) {
  return std::make_shared<StaticCredentialsProvider>(std::move(credentials));
}

std::shared_ptr<CredentialsProvider> MakeAnonymousCredentialsProvider() {
  return std::make_shared<AnonymousCredentialsProvider>();
}

}  // namespace ossxfer
