#include "util/time_format.h"

#include <gtest/gtest.h>

namespace ossxfer::util {
namespace {

TEST(TimeFormatTest, HttpDateRoundTrip) {
  SystemTime time = FromUnixSeconds(1672223261);  // 2022-12-28 10:27:41 UTC
  EXPECT_EQ(FormatHttpDate(time), "Wed, 28 Dec 2022 10:27:41 GMT");
  EXPECT_EQ(ParseHttpDate("Wed, 28 Dec 2022 10:27:41 GMT"), time);
}

TEST(TimeFormatTest, Iso8601Basic) {
  SystemTime time = FromUnixSeconds(1702743657);
  EXPECT_EQ(FormatIso8601Basic(time), "20231216T162057Z");
  EXPECT_EQ(ParseIso8601Basic("20231216T162057Z"), time);
}

TEST(TimeFormatTest, Iso8601ExtendedWithAndWithoutFraction) {
  EXPECT_EQ(ToUnixSeconds(*ParseIso8601Extended("2012-02-23T04:18:23.000Z")),
            1329970703);
  EXPECT_EQ(ToUnixSeconds(*ParseIso8601Extended("2012-02-23T04:18:23Z")),
            1329970703);
  auto with_millis = ParseIso8601Extended("2012-02-23T04:18:23.250Z");
  ASSERT_TRUE(with_millis);
  EXPECT_EQ(FormatIso8601Extended(*with_millis), "2012-02-23T04:18:23.250Z");
}

TEST(TimeFormatTest, RejectsMalformedTimes) {
  EXPECT_FALSE(ParseHttpDate(""));
  EXPECT_FALSE(ParseHttpDate("yesterday"));
  EXPECT_FALSE(ParseHttpDate("Wed, 28 Dec 2022 10:27:41 GMT trailing"));
  EXPECT_FALSE(ParseIso8601Basic("20231216T162057"));
  EXPECT_FALSE(ParseIso8601Extended("2012-02-23T04:18:23.abcZ"));
  EXPECT_FALSE(ParseIso8601Extended("2012-02-23"));
}

}  // namespace
}  // namespace ossxfer::util

namespace ossxfer::util {
namespace {

TEST(TimeFormatTest, YearsTheClockCannotHoldAreRejected) {
  EXPECT_FALSE(ParseIso8601Extended("0023-01-01T00:00:00.000Z"));
  EXPECT_FALSE(ParseIso8601Extended("9999-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseHttpDate("Fri, 31 Dec 9999 23:59:59 GMT"));
  EXPECT_TRUE(ParseIso8601Extended("2099-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace ossxfer::util
