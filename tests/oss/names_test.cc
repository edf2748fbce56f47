#include "oss/names.h"

#include <gtest/gtest.h>

namespace ossxfer::oss {
namespace {

TEST(NamesTest, ValidBucketNames) {
  for (std::string name : {std::string("abc"), std::string("my-bucket-1"),
                           std::string("0bucket9"), std::string(63, 'a')}) {
    EXPECT_TRUE(ValidateBucketName(name).ok()) << name;
  }
}

TEST(NamesTest, InvalidBucketNamesNameTheRule) {
  for (std::string name :
       {std::string(""), std::string("ab"), std::string(64, 'a'),
        std::string("My-Bucket"), std::string("-abc"), std::string("abc-"),
        std::string("a_b_c"), std::string("a.b.c"), std::string("abc/")}) {
    Status status = ValidateBucketName(name);
    ASSERT_FALSE(status.ok()) << "accepted \"" << name << "\"";
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("3 to 63 characters"), std::string::npos)
        << status;
  }
}

TEST(NamesTest, ValidKeys) {
  for (std::string key :
       {std::string("a"), std::string("dir/a b+c.txt"), std::string("../x"),
        std::string("a//b"), std::string("\xe4\xb8\xad\xe6\x96\x87.txt"),
        std::string(1023, 'k')}) {
    EXPECT_TRUE(ValidateObjectKey(key).ok()) << key;
  }
}

TEST(NamesTest, InvalidKeys) {
  EXPECT_NE(ValidateObjectKey("").message().find("empty"), std::string::npos);
  Status too_long = ValidateObjectKey(std::string(1024, 'k'));
  EXPECT_NE(too_long.message().find("1024 bytes"), std::string::npos)
      << too_long;
  EXPECT_NE(too_long.message().find("1023"), std::string::npos);
  EXPECT_FALSE(ValidateObjectKey("/leading").ok());
  EXPECT_FALSE(ValidateObjectKey("\\leading").ok());
  EXPECT_FALSE(ValidateObjectKey("bad\xff").ok());       // not UTF-8
  EXPECT_FALSE(ValidateObjectKey("\xc0\xaf").ok());      // overlong '/'
  EXPECT_FALSE(ValidateObjectKey("\xed\xa0\x80").ok());  // surrogate
  EXPECT_FALSE(ValidateObjectKey("\xe4\xb8").ok());      // truncated sequence
}

}  // namespace
}  // namespace ossxfer::oss
