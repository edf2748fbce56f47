#include "ossxfer/retry_policy.h"

#include <gtest/gtest.h>

#include "ossxfer/http_options.h"

namespace ossxfer {
namespace {

Status Service(int http, const char* code) {
  return Status::FromServiceError(ServiceError{http, code, "", "", "", ""});
}

TEST(RetryPolicyTest, RetriesTransientFailures) {
  RetryPolicy policy;
  EXPECT_TRUE(policy.IsRetryable(Status::NetworkError("connection reset")));
  EXPECT_TRUE(policy.IsRetryable(Service(500, "InternalError")));
  EXPECT_TRUE(policy.IsRetryable(Service(502, "")));
  EXPECT_TRUE(policy.IsRetryable(Service(503, "SlowDown")));
  EXPECT_TRUE(policy.IsRetryable(Service(429, "")));
  EXPECT_TRUE(policy.IsRetryable(Service(408, "")));
  EXPECT_TRUE(policy.IsRetryable(Service(403, "RequestTimeTooSkewed")));
  EXPECT_TRUE(policy.IsRetryable(Service(400, "RequestTimeout")));
}

TEST(RetryPolicyTest, DoesNotRetryAnswersAboutTheRequest) {
  RetryPolicy policy;
  EXPECT_FALSE(policy.IsRetryable(Status()));
  EXPECT_FALSE(policy.IsRetryable(Service(403, "SignatureDoesNotMatch")));
  EXPECT_FALSE(policy.IsRetryable(Service(403, "AccessDenied")));
  EXPECT_FALSE(policy.IsRetryable(Service(404, "NoSuchKey")));
  EXPECT_FALSE(policy.IsRetryable(Service(412, "PreconditionFailed")));
  EXPECT_FALSE(policy.IsRetryable(Service(416, "InvalidRange")));
  // The server lacks the operation: asking again cannot change that.
  EXPECT_FALSE(policy.IsRetryable(Service(501, "NotImplemented")));
  EXPECT_FALSE(policy.IsRetryable(Service(501, "")));
  EXPECT_FALSE(policy.IsRetryable(Status::IoError("disk full")));
  EXPECT_FALSE(policy.IsRetryable(Status::Cancelled("stop")));
  EXPECT_FALSE(policy.IsRetryable(Status::DataCorruption("crc")));
  EXPECT_FALSE(policy.IsRetryable(Status::InvalidArgument("bad")));
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderAnExponentialCeiling) {
  RetryPolicy policy;
  policy.base_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(1000);
  EXPECT_EQ(policy.Backoff(1, 0.999999).count(), 99);
  EXPECT_EQ(policy.Backoff(2, 0.5).count(), 100);  // ceiling 200
  EXPECT_EQ(policy.Backoff(3, 0.5).count(), 200);  // ceiling 400
  EXPECT_EQ(policy.Backoff(5, 0.5).count(),
            500);  // ceiling 1600 capped to 1000
  EXPECT_EQ(policy.Backoff(1000, 0.5).count(), 500);  // no overflow
  EXPECT_EQ(policy.Backoff(3, 0.0).count(), 0);
  EXPECT_EQ(policy.Backoff(0, 0.5).count(), 0);
}

TEST(RetryPolicyTest, ValidateNamesTheRange) {
  RetryPolicy policy;
  EXPECT_TRUE(policy.Validate().ok());
  policy.max_attempts = 0;
  EXPECT_NE(policy.Validate().message().find("between 1 and 100"),
            std::string::npos);
  policy = RetryPolicy();
  policy.base_delay = std::chrono::milliseconds(5000);
  policy.max_delay = std::chrono::milliseconds(10);
  EXPECT_FALSE(policy.Validate().ok());
}

TEST(HttpOptionsTest, MaxConnectionsIsAtMost4096) {
  HttpOptions options;
  EXPECT_TRUE(options.Validate().ok());  // 0: no cap
  options.max_connections = 4096;
  EXPECT_TRUE(options.Validate().ok());
  options.max_connections = 4097;
  Status refused = options.Validate();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("max_connections"), std::string::npos)
      << refused;
}

}  // namespace
}  // namespace ossxfer
