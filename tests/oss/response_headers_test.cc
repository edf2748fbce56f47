#include "oss/response_headers.h"

#include <gtest/gtest.h>

namespace ossxfer::oss {
namespace {

TEST(ResponseHeadersTest, ContentRange) {
  std::optional<ContentRange> range = ParseContentRange("bytes 100-900/34460");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, 100u);
  EXPECT_EQ(range->last, 900u);
  EXPECT_EQ(range->total, 34460u);
  for (const char* bad :
       {"", "bytes", "bytes 1-2", "bytes 5-1/10", "bytes 0-10/10",
        "bytes -1-2/3", "items 0-1/2", "bytes 0-1/x", "bytes 0-1/2 "}) {
    EXPECT_FALSE(ParseContentRange(bad)) << bad;
  }
}

TEST(ResponseHeadersTest, MetadataFromA206UsesTheWholeObjectSize) {
  http::HttpResponse response{
      206, {{"Content-Length", "10"}, {"Content-Range", "bytes 0-9/500"}}};
  Result<ObjectMetadata> metadata = ParseObjectMetadata(response);
  ASSERT_TRUE(metadata.ok());
  EXPECT_EQ(metadata->size, 500u);
}

TEST(ResponseHeadersTest, MalformedHeadersAreErrors) {
  for (auto header : std::vector<std::pair<std::string, std::string>>{
           {"Content-Length", "-5"},
           {"Content-Length", "12x"},
           {"x-oss-hash-crc64ecma", "99999999999999999999999"},
           {"x-oss-hash-crc64ecma", ""},
           {"Last-Modified", "not a date"},
           {"Content-Range", "bytes 9-1/5"}}) {
    http::HttpResponse response{200, {header}};
    EXPECT_FALSE(ParseObjectMetadata(response).ok())
        << header.first << ": " << header.second;
  }
}

TEST(ResponseHeadersTest, AbsentCrcIsNotAnError) {
  http::HttpResponse response{200, {{"Content-Length", "1"}}};
  Result<ObjectMetadata> metadata = ParseObjectMetadata(response);
  ASSERT_TRUE(metadata.ok());
  EXPECT_FALSE(metadata->crc64);
}

}  // namespace
}  // namespace ossxfer::oss
