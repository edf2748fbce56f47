#include "oss/response_headers.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "oss/dialect.h"
#include "support/checksum_values.h"

namespace ossxfer::oss {
namespace {

using ::ossxfer::testing::Crc64Value;

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
  EXPECT_FALSE(Crc64Value(metadata->checksum));
}

// The parsers read the dialect's names, not OSS's: a dialect that spells
// its headers otherwise gets its own facts, and OSS's names mean nothing
// to it.
TEST(ResponseHeadersTest, TheDialectNamesTheHeadersRead) {
  Dialect other = kOssDialect;
  other.header_prefix = "x-other-";
  other.user_metadata_prefix = "x-other-meta-";
  other.checksum_header = "x-other-crc64";
  http::HttpResponse response{200,
                              {{"x-other-version-id", "v1"},
                               {"X-Other-Storage-Class", "IA"},
                               {"x-other-crc64", "42"},
                               {"x-other-tagging-count", "3"},
                               {"x-other-meta-owner", "me"},
                               {"x-other-symlink-target", "a%20b"},
                               {"x-oss-version-id", "oss"},
                               {"x-oss-meta-oss", "oss"}}};
  Result<ObjectMetadata> metadata = ParseObjectMetadata(response, other);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(metadata->version_id, "v1");
  EXPECT_EQ(metadata->storage_class, "IA");
  EXPECT_EQ(Crc64Value(metadata->checksum), 42u);
  EXPECT_EQ(metadata->tagging_count, 3u);
  EXPECT_EQ(metadata->user_metadata,
            (std::map<std::string, std::string>{{"owner", "me"}}));
  EXPECT_EQ(ParseSymlinkTarget(response, other).value_or(""), "a b");

  Result<ObjectMetadata> as_oss = ParseObjectMetadata(response, kOssDialect);
  ASSERT_TRUE(as_oss.ok());
  EXPECT_EQ(as_oss->version_id, "oss");
  EXPECT_FALSE(Crc64Value(as_oss->checksum));
  EXPECT_EQ(as_oss->user_metadata,
            (std::map<std::string, std::string>{{"oss", "oss"}}));
}

}  // namespace
}  // namespace ossxfer::oss
