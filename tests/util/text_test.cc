#include "util/text.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::util {
namespace {

TEST(TextTest, TrimRemovesOnlyTheCharactersOfTheSet) {
  EXPECT_EQ(Trim(" \t a b \t ", kHttpWhitespace), "a b");
  EXPECT_EQ(Trim("\r\na\r\n", kHttpWhitespace), "\r\na\r\n");
  EXPECT_EQ(Trim(" \t\n\v\f\ra\r\f\v\n\t ", kAsciiWhitespace), "a");
  EXPECT_EQ(Trim("\ta ", " "), "\ta");
  EXPECT_EQ(Trim("abc", kAsciiWhitespace), "abc");
}

TEST(TextTest, TrimOfNothingButTheSetIsEmpty) {
  EXPECT_EQ(Trim("", kHttpWhitespace), "");
  EXPECT_EQ(Trim(" \t \t", kHttpWhitespace), "");
  EXPECT_EQ(TrimLeading(" \t", kHttpWhitespace), "");
  EXPECT_EQ(TrimTrailing(" \t", kHttpWhitespace), "");
}

TEST(TextTest, LeadingAndTrailingTrimOneEnd) {
  EXPECT_EQ(TrimLeading("  a  ", " "), "a  ");
  EXPECT_EQ(TrimTrailing("  a  ", " "), "  a");
  EXPECT_EQ(TrimTrailing("v \t\r\n", " \t\r\n"), "v");
}

TEST(TextTest, TheResultViewsTheInput) {
  const std::string text = "  key  ";
  std::string_view trimmed = Trim(text, " ");
  EXPECT_EQ(trimmed.data(), text.data() + 2);
  EXPECT_EQ(trimmed.size(), 3u);
}

TEST(TextTest, AsciiLowerFoldsOnlyAToZ) {
  EXPECT_EQ(AsciiLower("Content-MD5"), "content-md5");
  EXPECT_EQ(AsciiLower("X-OSS-Meta-A1_@[`{"), "x-oss-meta-a1_@[`{");
  // UTF-8 bytes (here "Ä", C3 84) and other high bytes stay as they are.
  EXPECT_EQ(AsciiLower("\xC3\x84Z\xFF"), "\xC3\x84z\xFF");
  EXPECT_EQ(AsciiLower(""), "");
}

}  // namespace
}  // namespace ossxfer::util
