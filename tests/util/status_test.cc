#include "ossxfer/status.h"

#include <gtest/gtest.h>

#include "ossxfer/result.h"

namespace ossxfer {
namespace {

ServiceError NoSuchKey() {
  return ServiceError{404,
                      "NoSuchKey",
                      "The specified key does not exist.",
                      "6556E3AED11E553933CCDEDF",
                      "b.oss-cn-hangzhou.aliyuncs.com",
                      "0026-00000001"};
}

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.ToString(), "OK");
  EXPECT_EQ(status.service_error(), nullptr);
}

TEST(StatusTest, ServiceErrorPrintsEveryField) {
  Status status = Status::FromServiceError(NoSuchKey(), "HeadObject oss://b/k");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  std::string text = status.ToString();
  for (const char* part :
       {"NotFound", "HeadObject oss://b/k", "NoSuchKey", "HTTP 404",
        "The specified key does not exist.", "6556E3AED11E553933CCDEDF",
        "b.oss-cn-hangzhou.aliyuncs.com", "0026-00000001"}) {
    EXPECT_NE(text.find(part), std::string::npos)
        << part << " missing in " << text;
  }
  ASSERT_NE(status.service_error(), nullptr);
  EXPECT_EQ(status.service_error()->request_id, "6556E3AED11E553933CCDEDF");
}

TEST(StatusTest, CodesFollowTheHttpStatus) {
  auto code_of = [](int http, const char* code) {
    return Status::FromServiceError(ServiceError{http, code, "", "", "", ""})
        .code();
  };
  EXPECT_EQ(code_of(403, "AccessDenied"), StatusCode::kPermissionDenied);
  EXPECT_EQ(code_of(403, "SignatureDoesNotMatch"),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(code_of(403, "InvalidObjectState"), StatusCode::kServiceError);
  EXPECT_EQ(code_of(412, "PreconditionFailed"),
            StatusCode::kPreconditionFailed);
  EXPECT_EQ(code_of(503, "SlowDown"), StatusCode::kServiceError);
}

TEST(StatusTest, WithContextPrefixesAndKeepsDetails) {
  Status status = Status::FromServiceError(NoSuchKey(), "HeadObject")
                      .WithContext("download");
  EXPECT_EQ(status.message(), "download: HeadObject");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  ASSERT_NE(status.service_error(), nullptr);
  EXPECT_TRUE(Status().WithContext("x").ok());
}

TEST(ResultTest, HoldsAValueOrAnError) {
  Result<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  EXPECT_TRUE(value.status().ok());

  Result<int> error = Status::IoError("disk full");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kIoError);
  EXPECT_EQ(error.value_or(3), 3);
}

TEST(ResultTest, AnOkStatusWithoutValueBecomesAnInternalError) {
  Result<int> result = Status();
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
}

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  Result<int> error = Status::IoError("disk full");
  EXPECT_DEATH((void)error.value(), "");
}

}  // namespace
}  // namespace ossxfer
