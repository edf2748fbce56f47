#include "ossxfer/credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace ossxfer {
namespace {

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CredentialsTest, EnvironmentProviderReadsAllThree) {
  ScopedEnv id("OSS_ACCESS_KEY_ID", "ak-id");
  ScopedEnv secret("OSS_ACCESS_KEY_SECRET", "ak-secret");
  ScopedEnv token("OSS_SESSION_TOKEN", "sts-token");
  Result<Credentials> credentials =
      MakeEnvironmentCredentialsProvider()->GetCredentials();
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  EXPECT_EQ(credentials->access_key_id, "ak-id");
  EXPECT_EQ(credentials->access_key_secret, "ak-secret");
  EXPECT_EQ(credentials->security_token, "sts-token");
  EXPECT_FALSE(credentials->anonymous());
}

TEST(CredentialsTest, EnvironmentProviderNamesTheMissingVariable) {
  {
    ScopedEnv id("OSS_ACCESS_KEY_ID", nullptr);
    ScopedEnv secret("OSS_ACCESS_KEY_SECRET", "ak-secret");
    Result<Credentials> credentials =
        MakeEnvironmentCredentialsProvider()->GetCredentials();
    ASSERT_FALSE(credentials.ok());
    EXPECT_EQ(credentials.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(credentials.status().message().find("OSS_ACCESS_KEY_ID"),
              std::string::npos);
  }
  {
    ScopedEnv id("OSS_ACCESS_KEY_ID", "ak-id");
    ScopedEnv secret("OSS_ACCESS_KEY_SECRET", "");
    Result<Credentials> credentials =
        MakeEnvironmentCredentialsProvider()->GetCredentials();
    ASSERT_FALSE(credentials.ok());
    EXPECT_NE(credentials.status().message().find("OSS_ACCESS_KEY_SECRET"),
              std::string::npos);
    // The error must not print the secret-bearing parts; the id is fine.
  }
}

TEST(CredentialsTest, StaticProviderRejectsHalfAPair) {
  Result<Credentials> id_only =
      MakeStaticCredentialsProvider(Credentials{"id", "", ""})
          ->GetCredentials();
  EXPECT_FALSE(id_only.ok());
  Result<Credentials> secret_only =
      MakeStaticCredentialsProvider(Credentials{"", "TopSecretValue", ""})
          ->GetCredentials();
  ASSERT_FALSE(secret_only.ok());
  EXPECT_EQ(secret_only.status().ToString().find("TopSecretValue"),
            std::string::npos);
  EXPECT_TRUE(MakeStaticCredentialsProvider(Credentials{"id", "s", ""})
                  ->GetCredentials()
                  .ok());
}

TEST(CredentialsTest, AnonymousProviderGivesNoKey) {
  Result<Credentials> credentials =
      MakeAnonymousCredentialsProvider()->GetCredentials();
  ASSERT_TRUE(credentials.ok());
  EXPECT_TRUE(credentials->anonymous());
}

}  // namespace
}  // namespace ossxfer
