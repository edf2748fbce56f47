#include "util/encoding.h"

#include <gtest/gtest.h>

#include "util/digest.h"

namespace ossxfer::util {
namespace {

TEST(EncodingTest, HexBothCases) {
  EXPECT_EQ(HexLower("\x01\xab\xff"), "01abff");
  EXPECT_EQ(HexUpper("\x01\xab\xff"), "01ABFF");
  EXPECT_EQ(HexLower(""), "");
}

TEST(EncodingTest, HexDecode) {
  EXPECT_EQ(HexDecode("01abFF"), std::string("\x01\xab\xff"));
  EXPECT_EQ(HexDecode(""), "");
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

TEST(EncodingTest, Base64RoundTripsAndMatchesContentMd5Vector) {
  // oss-protocol.md §2: Content-MD5 of "0123456789".
  EXPECT_EQ(Base64Encode(Md5("0123456789")), "eB5eJF1ptWaXm4bijSPyxw==");
  for (std::string text : {"", "a", "ab", "abc", "abcd", "\x00\xff\x10"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(text)), text);
  }
}

TEST(EncodingTest, Base64RejectsMalformedInput) {
  EXPECT_FALSE(Base64Decode("abc"));   // length not a multiple of 4
  EXPECT_FALSE(Base64Decode("ab c"));  // whitespace
  EXPECT_FALSE(Base64Decode("ab!c"));  // not in the alphabet
  EXPECT_FALSE(Base64Decode("<Err"));
}

TEST(EncodingTest, EmptyMd5IsTheDocumentedEtag) {
  EXPECT_EQ(HexUpper(Md5("")), "D41D8CD98F00B204E9800998ECF8427E");
}

TEST(EncodingTest, UriEncodeMatchesCppSdkVectors) {
  // oss-protocol.md §1.2: the "encode everything" form.
  EXPECT_EQ(UriEncode("`!@#$%^&*()+={}[]:;'\\|<>,?/ \""),
            "%60%21%40%23%24%25%5E%26%2A%28%29%2B%3D%7B%7D%5B%5D%3A%3B%27%5C%"
            "7C%3C%3E%2C%3F%2F%20%22");
  EXPECT_EQ(UriEncode("hello world!"), "hello%20world%21");
}

TEST(EncodingTest, UriEncodeKeepsSlashInKeys) {
  EXPECT_EQ(UriEncode("key+ 123/test.data", true), "key%2B%20123/test.data");
  EXPECT_EQ(UriEncode("test-key/123/456+/1.txt", true),
            "test-key/123/456%2B/1.txt");
  EXPECT_EQ(UriEncode("a~b-c_d.e", true), "a~b-c_d.e");
  EXPECT_EQ(UriEncode("\xe4\xb8\xad", true), "%E4%B8%AD");
}

TEST(EncodingTest, UriDecode) {
  EXPECT_EQ(UriDecode("demo%2Fgp-%0C%0A%0B"), "demo/gp-\f\n\v");
  EXPECT_EQ(UriDecode("a+b"), "a+b");
  EXPECT_EQ(UriDecode("a+b", /*plus_as_space=*/true), "a b");
  EXPECT_EQ(UriDecode("%e4%B8%ad"), "\xe4\xb8\xad");
}

TEST(EncodingTest, UriDecodeRejectsMalformedEscapes) {
  EXPECT_FALSE(UriDecode("%"));
  EXPECT_FALSE(UriDecode("abc%2"));
  EXPECT_FALSE(UriDecode("%G1"));
  EXPECT_FALSE(UriDecode("%1G"));
}

}  // namespace
}  // namespace ossxfer::util

namespace ossxfer::util {
namespace {

TEST(EncodingTest, Base64RejectsPaddingAnywhereButTheEnd) {
  EXPECT_FALSE(Base64Decode("=AAA"));
  EXPECT_FALSE(Base64Decode("===="));
  EXPECT_FALSE(Base64Decode("A=AA"));
  EXPECT_FALSE(Base64Decode("AA=A"));
  EXPECT_EQ(Base64Decode("YQ=="), "a");
  EXPECT_EQ(Base64Decode("YWI="), "ab");
}

}  // namespace
}  // namespace ossxfer::util
