// Who is asking: an AccessKey pair, an STS token, or nobody (anonymous).
#ifndef OSSXFER_CREDENTIALS_H_
#define OSSXFER_CREDENTIALS_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer {

struct Credentials {
  std::string access_key_id;
  std::string access_key_secret;
  std::string security_token;  // STS; empty for a long-term AccessKey

  // No key id means no signature: requests go out unsigned.
  bool anonymous() const { return access_key_id.empty(); }
};

// Prints the key id and redacted secret and token, never the secrets.
std::ostream& operator<<(std::ostream& out, const Credentials& credentials);

// "LTAI****" style: the first 4 characters of a long value, then ****.
// Values of 8 characters or fewer are shown as **** only.
std::string Redact(std::string_view secret);

// Where credentials come from. Called before each request is signed, so a
// provider may refresh (an STS token that rotates).
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> GetCredentials() = 0;
};

// OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and, optionally,
// OSS_SESSION_TOKEN, read at each call. Fails with kPermissionDenied naming
// the missing variable when the id or the secret is unset or empty.
std::shared_ptr<CredentialsProvider> MakeEnvironmentCredentialsProvider();

// Fixed credentials given in code. Fails, naming the problem, when exactly
// one of id and secret is empty.
std::shared_ptr<CredentialsProvider> MakeStaticCredentialsProvider(
    Credentials credentials);

// No credentials: requests are sent unsigned (public-read objects, or an
// `ossxfer serve --anonymous` server).
std::shared_ptr<CredentialsProvider> MakeAnonymousCredentialsProvider();

}  // namespace ossxfer

#endif  // OSSXFER_CREDENTIALS_H_
