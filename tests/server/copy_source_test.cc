// The source of a copy: x-oss-copy-source (oss-protocol-2.md §3.1) and
// x-oss-copy-source-range (§4.1).
#include "server/copy_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace ossxfer::server {
namespace {

using ::testing::HasSubstr;

void ExpectInvalidArgument(const Status& status, const std::string& input,
                           std::string_view message_part, std::string_view ec) {
  SCOPED_TRACE("input: " + input);
  ASSERT_FALSE(status.ok());
  const ServiceError* error = status.service_error();
  ASSERT_NE(error, nullptr) << status;
  EXPECT_EQ(error->http_status, 400);
  EXPECT_EQ(error->code, "InvalidArgument");
  EXPECT_THAT(error->message, HasSubstr(message_part));
  EXPECT_EQ(error->ec, ec);
  // Sent back in an XML error body: printable ASCII, whatever the input.
  for (char c : error->message) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7F)
        << "byte " << static_cast<int>(static_cast<unsigned char>(c));
  }
}

// ---------------------------------------------------------------- source

TEST(ParseCopySourceTest, EverySdkEncodingOfTheSameKey) {
  // §3.1: GO2 and PY2 keep '/', CPP, PY1 and NODE encode it.
  const CopySource expected{"bkt", "dir/a b+c", std::nullopt};
  for (const char* header :
       {"/bkt/dir/a%20b%2Bc", "/bkt/dir%2Fa%20b%2Bc", "/bkt/dir%2fa%20b%2bc"}) {
    Result<CopySource> source = ParseCopySource(header);
    ASSERT_TRUE(source.ok()) << header << ": " << source.status();
    EXPECT_EQ(*source, expected) << header;
  }
}

TEST(ParseCopySourceTest, AcceptedHeaders) {
  struct Case {
    const char* header;
    CopySource expected;
  };
  const Case cases[] = {
      {"/bkt/key", {"bkt", "key", std::nullopt}},
      // '+' is literal: every SDK sends %2B for a '+'.
      {"/bkt/a+b", {"bkt", "a+b", std::nullopt}},
      {"/bkt/a%3Fb%26c%3D", {"bkt", "a?b&c=", std::nullopt}},
      {"/bkt/%25", {"bkt", "%", std::nullopt}},
      {"/bkt/dir/", {"bkt", "dir/", std::nullopt}},
      {"/bkt/a//b", {"bkt", "a//b", std::nullopt}},
      {"/bkt/%E4%B8%AD%E6%96%87",
       {"bkt", "\xE4\xB8\xAD\xE6\x96\x87", std::nullopt}},
      {"/bkt/raw \xE4\xB8\xAD", {"bkt", "raw \xE4\xB8\xAD", std::nullopt}},
      {"/my-bucket-01/k", {"my-bucket-01", "k", std::nullopt}},
      {"/bkt/key?versionId=CAEQFxiBgIC.oPmDtRgi_Ab-9",
       {"bkt", "key", "CAEQFxiBgIC.oPmDtRgi_Ab-9"}},
      {"/bkt/dir%2Fa%20b?versionId=null", {"bkt", "dir/a b", "null"}},
  };
  for (const Case& c : cases) {
    Result<CopySource> source = ParseCopySource(c.header);
    ASSERT_TRUE(source.ok()) << c.header << ": " << source.status();
    EXPECT_EQ(*source, c.expected) << c.header;
  }
}

TEST(ParseCopySourceTest, RefusedHeaders) {
  struct Case {
    std::string header;
    const char* message_part;
    const char* ec = "";
  };
  const Case cases[] = {
      {"", "is empty"},
      {"bkt/key", "does not start with '/'"},
      {" /bkt/key", "does not start with '/'"},
      {"//key", "names no bucket"},
      {"/", "names no object key after the bucket"},
      {"/bkt", "names no object key after the bucket"},
      {"/bkt/", "names no object key"},
      {"/bkt?versionId=v1", "names no object key after the bucket"},
      {"/bkt/?versionId=v1", "names no object key"},
      // Bad percent escapes.
      {"/bkt/a%2", "'%' in its key not followed by two hex digits"},
      {"/bkt/a%", "'%' in its key"},
      {"/bkt/a%ZZ", "'%' in its key"},
      {"/bkt/%%41", "'%' in its key"},
      // The query: only versionId=<id>.
      {"/bkt/key?versionId=", "an empty versionId", "0016-00000305"},
      {"/bkt/key?versionId", "an empty versionId", "0016-00000305"},
      {"/bkt/key?unknown=xxx", "a query other than versionId", "0016-00000304"},
      {"/bkt/key?", "a query other than versionId", "0016-00000304"},
      {"/bkt/key?versionid=v1", "a query other than versionId",
       "0016-00000304"},
      {"/bkt/key?x=1&versionId=v1", "a query other than versionId",
       "0016-00000304"},
      {"/bkt/key?versionId=v1&x=1", "other than one versionId",
       "0016-00000304"},
      {"/bkt/key?versionId=v1&versionId=v2", "other than one versionId",
       "0016-00000304"},
      {"/bkt/key?versionId==", "a versionId with a character other than",
       "0012-00000202"},
      {"/bkt/key?versionId=a%2Bb", "a versionId with a character",
       "0012-00000202"},
      {"/bkt/key?versionId=a b", "a versionId with a character",
       "0012-00000202"},
      {"/bkt/key?versionId=a?b", "a versionId with a character",
       "0012-00000202"},
      {"/bkt/key?versionId=a/b", "a versionId with a character",
       "0012-00000202"},
      // Names that no bucket or object can have.
      {"/BKT/key", "names an invalid bucket name"},
      {"/b/key", "names an invalid bucket name"},
      {"/bk_t/key", "names an invalid bucket name"},
      {"/-bkt/key", "names an invalid bucket name"},
      {"/bkt%2Fx/key", "names an invalid bucket name"},
      {"/" + std::string(64, 'b') + "/key", "names an invalid bucket name"},
      {"/bkt//abs", "names an invalid object key"},
      {"/bkt/%2Fabs", "must not start with '/'"},
      {"/bkt/%5Cabs", "must not start with '/'"},
      {"/bkt/%FF", "not valid UTF-8"},
      {"/bkt/%C0%AF", "not valid UTF-8"},
      {"/bkt/%ED%A0%80", "not valid UTF-8"},
      {"/bkt/" + std::string(1024, 'k'), "1024 bytes long"},
      {"/bkt/%2F\xFF\x01", "names an invalid object key"},
  };
  for (const Case& c : cases) {
    Result<CopySource> source = ParseCopySource(c.header);
    ExpectInvalidArgument(source.status(), c.header, c.message_part, c.ec);
    if (!source.ok()) {
      // Every message says which header and what form it must have.
      const std::string& message = source.status().service_error()->message;
      EXPECT_THAT(message, HasSubstr("x-oss-copy-source"));
      EXPECT_THAT(message,
                  HasSubstr("/<bucket>/<url-encoded key>[?versionId=<id>]"));
    }
  }
}

TEST(ParseCopySourceTest, LongestKeyIsAccepted) {
  const std::string key(1023, 'k');
  Result<CopySource> source = ParseCopySource("/bkt/" + key);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(source->key, key);
}

// ---------------------------------------------------------------- range

TEST(ParseCopySourceRangeTest, AcceptedRanges) {
  struct Case {
    std::optional<std::string_view> header;
    uint64_t source_size;
    ByteRange expected;
  };
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const Case cases[] = {
      {std::nullopt, 1000, {0, 1000}},
      {std::nullopt, 0, {0, 0}},
      {"bytes=0-9", 1000, {0, 10}},
      {"bytes=0-0", 1000, {0, 1}},
      {"bytes=0-999", 1000, {0, 1000}},
      {"bytes=999-999", 1000, {999, 1}},
      {"bytes=100-199", 1000, {100, 100}},
      {"bytes=00-09", 1000, {0, 10}},
      // Open-ended, as the C++ SDK sends a range ending at byte 0.
      {"bytes=0-", 1000, {0, 1000}},
      {"bytes=500-", 1000, {500, 500}},
      {"bytes=999-", 1000, {999, 1}},
      {"bytes=0-", 1, {0, 1}},
      // An empty source has one range: bytes=0-, nothing.
      {"bytes=0-", 0, {0, 0}},
      {"bytes=0-", kMax, {0, kMax}},
      {"bytes=0-18446744073709551614", kMax, {0, kMax}},
      {"bytes=18446744073709551614-", kMax, {kMax - 1, 1}},
  };
  for (const Case& c : cases) {
    const std::string label(c.header.value_or("(absent)"));
    Result<ByteRange> range = ParseCopySourceRange(c.header, c.source_size);
    ASSERT_TRUE(range.ok()) << label << ": " << range.status();
    EXPECT_EQ(range->first, c.expected.first) << label;
    EXPECT_EQ(range->size, c.expected.size) << label;
  }
}

TEST(ParseCopySourceRangeTest, RefusedRanges) {
  struct Case {
    std::string header;
    uint64_t source_size;
    const char* message_part;
    const char* ec = "";
  };
  constexpr const char* kPastEnd = "0042-00000306";
  const Case cases[] = {
      {"bytes=9-3", 1000, "ends before it starts"},
      {"bytes=1-0", 1000, "ends before it starts"},
      {"bytes=1000-", 1000, "runs past the end", kPastEnd},
      {"bytes=1000-1000", 1000, "runs past the end", kPastEnd},
      {"bytes=0-1000", 1000, "runs past the end", kPastEnd},
      {"bytes=999-1000", 1000, "runs past the end", kPastEnd},
      {"bytes=0-18446744073709551615", 1000, "runs past the end", kPastEnd},
      {"bytes=0-0", 0, "runs past the end", kPastEnd},
      {"bytes=1-", 0, "runs past the end", kPastEnd},
      // Syntax.
      {"", 1000, "does not start with bytes="},
      {"bytes", 1000, "does not start with bytes="},
      {"Bytes=0-1", 1000, "does not start with bytes="},
      {"byte=0-1", 1000, "does not start with bytes="},
      {" bytes=0-1", 1000, "does not start with bytes="},
      {"bytes=", 1000, "has no '-'"},
      {"bytes=5", 1000, "has no '-'"},
      {"bytes=-", 1000, "not a single range"},
      {"bytes=-5", 1000, "not a single range"},
      {"bytes=a-b", 1000, "not a single range"},
      {"bytes=1-2,3-4", 1000, "not a single range"},
      {"bytes=1-2-3", 1000, "not a single range"},
      {"bytes=1--2", 1000, "not a single range"},
      {"bytes=+1-2", 1000, "not a single range"},
      {"bytes=1-+2", 1000, "not a single range"},
      {"bytes= 1-2", 1000, "not a single range"},
      {"bytes=1 -2", 1000, "not a single range"},
      {"bytes=1-2 ", 1000, "not a single range"},
      {"bytes=0x1-2", 1000, "not a single range"},
      {"bytes=18446744073709551616-", 1000, "not a single range"},
      {"bytes=0-18446744073709551616", 1000, "not a single range"},
      {"bytes=0-99999999999999999999999", 1000, "not a single range"},
  };
  for (const Case& c : cases) {
    Result<ByteRange> range = ParseCopySourceRange(c.header, c.source_size);
    ExpectInvalidArgument(range.status(), c.header, c.message_part, c.ec);
    if (!range.ok()) {
      // The message names the header, the range and the source's size.
      const std::string& message = range.status().service_error()->message;
      EXPECT_THAT(message, HasSubstr("x-oss-copy-source-range \"" +
                                     c.header.substr(0, 64) + "\""));
      EXPECT_THAT(message, HasSubstr("a source object of " +
                                     std::to_string(c.source_size) + " bytes"));
    }
  }
}

TEST(ParseCopySourceRangeTest, MessagesGiveTheValidRange) {
  Result<ByteRange> range = ParseCopySourceRange("bytes=0-1000", 1000);
  ASSERT_FALSE(range.ok());
  EXPECT_THAT(range.status().service_error()->message,
              HasSubstr("first <= last <= 999"));
  Result<ByteRange> empty = ParseCopySourceRange("bytes=0-0", 0);
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().service_error()->message,
              HasSubstr("the source is empty"));
}

}  // namespace
}  // namespace ossxfer::server
