#include "oss/xml_responses.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <initializer_list>
#include <ostream>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/checksum_values.h"

namespace ossxfer::oss {
namespace {

using ::ossxfer::testing::Crc64Value;

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Built from the calendar, not with util/time_format, so that the parser is
// checked against an independent computation.
SystemTime Utc(int year, unsigned month, unsigned day, int hour, int minute,
               int second, int millis = 0) {
  return std::chrono::sys_days{std::chrono::year{year} /
                               std::chrono::month{month} /
                               std::chrono::day{day}} +
         hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis);
}

// The documented example with one substring changed. Aborts when `from` is
// not in `document`: the case would silently test the valid document.
std::string Replace(std::string document, std::string_view from,
                    std::string_view to) {
  size_t position = document.find(from);
  if (position == std::string::npos) std::abort();
  return document.replace(position, from.size(), to);
}

::testing::AssertionResult IsMalformed(const Status& status,
                                       std::string_view root,
                                       std::string_view fragment) {
  if (status.ok()) return ::testing::AssertionFailure() << "parsed OK";
  if (status.code() != StatusCode::kServiceError ||
      status.service_error() != nullptr) {
    return ::testing::AssertionFailure() << "wrong kind: " << status;
  }
  std::string prefix = "malformed " + std::string(root) + ": ";
  if (status.message().rfind(prefix, 0) != 0) {
    return ::testing::AssertionFailure()
           << "message does not start with \"" << prefix << "\": " << status;
  }
  if (status.message().find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message lacks \"" << fragment << "\": " << status;
  }
  return ::testing::AssertionSuccess();
}

// §7.2.
constexpr std::string_view kInitiateExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult>
    <Bucket>oss-example</Bucket>
    <Key>multipart.data</Key>
    <UploadId>0004B9894A22E5B1888A1E29F823****</UploadId>
</InitiateMultipartUploadResult>
)";

// §7.4.
constexpr std::string_view kCompleteExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUploadResult>
  <EncodingType>url</EncodingType>
  <Location>http://oss-example.oss-cn-hangzhou.aliyuncs.com/multipart.data</Location>
  <Bucket>oss-example</Bucket>
  <Key>demo%2Fmultipart.data</Key>
  <ETag>"097DE458AD02B5F89F9D0530231876****"</ETag>
</CompleteMultipartUploadResult>
)";

// §7.5.
constexpr std::string_view kListPartsExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult>
  <EncodingType>url</EncodingType>
  <Bucket>oss-bucket</Bucket>
  <Key>demo%2Fgp-%0C%0A%0B</Key>
  <UploadId>D4E111D4EA834F3ABCE4877B2779****</UploadId>
  <StorageClass>Standard</StorageClass>
  <PartNumberMarker>0</PartNumberMarker>
  <NextPartNumberMarker>1</NextPartNumberMarker>
  <MaxParts>1000</MaxParts>
  <IsTruncated>false</IsTruncated>
  <Part>
    <PartNumber>1</PartNumber>
    <LastModified>2023-11-22T05:42:34.000Z</LastModified>
    <ETag>"CF3F46D505093571E916FCDD4967****"</ETag>
    <HashCrc64ecma>12066172435287683848</HashCrc64ecma>
    <Size>96316</Size>
  </Part>
</ListPartsResult>
)";

// §7.5.
constexpr std::string_view kListUploadsExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult>
    <Bucket>oss-example</Bucket>
    <KeyMarker></KeyMarker>
    <UploadIdMarker></UploadIdMarker>
    <NextKeyMarker>oss.avi</NextKeyMarker>
    <NextUploadIdMarker>0004B99B8E707874FC2D692FA5D77D3F</NextUploadIdMarker>
    <Delimiter></Delimiter>
    <Prefix></Prefix>
    <MaxUploads>1000</MaxUploads>
    <IsTruncated>false</IsTruncated>
    <Upload>
        <Key>multipart.data</Key>
        <UploadId>0004B999EF518A1FE585B0C9360DC4C8</UploadId>
        <Initiated>2012-02-23T04:18:23.000Z</Initiated>
    </Upload>
</ListMultipartUploadsResult>
)";

constexpr std::string_view kListObjectsExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult>
  <Name>examplebucket</Name>
  <Prefix>photos/</Prefix>
  <MaxKeys>2</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>CgJiYw--</NextContinuationToken>
  <KeyCount>4</KeyCount>
  <Contents>
    <Key>photos/a.jpg</Key>
    <LastModified>2020-06-22T11:42:32.000Z</LastModified>
    <ETag>"5B3C1A2E053D763E1B002CC607C5A0FE1****"</ETag>
    <Type>Normal</Type>
    <Size>344606</Size>
    <StorageClass>Standard</StorageClass>
  </Contents>
  <Contents>
    <Key>photos/big.bin</Key>
    <LastModified>2021-01-02T03:04:05.678Z</LastModified>
    <ETag>"3E1372A912B4BC86E8A51234AEC0CA0C-400"</ETag>
    <Type>Multipart</Type>
    <Size>18446744073709551615</Size>
    <StorageClass>IA</StorageClass>
  </Contents>
  <CommonPrefixes><Prefix>photos/2019/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>photos/2020/</Prefix></CommonPrefixes>
</ListBucketResult>
)";

constexpr std::string_view kListBucketsExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult>
  <Owner><ID>512**</ID><DisplayName>51264</DisplayName></Owner>
  <Buckets>
    <Bucket>
      <CreationDate>2014-02-17T18:12:43.000Z</CreationDate>
      <ExtranetEndpoint>oss-cn-shanghai.aliyuncs.com</ExtranetEndpoint>
      <Location>oss-cn-shanghai</Location>
      <Name>app-base-oss</Name>
      <Region>cn-shanghai</Region>
      <StorageClass>Standard</StorageClass>
    </Bucket>
    <Bucket>
      <CreationDate>2014-02-25T11:21:04.000Z</CreationDate>
      <Location>oss-cn-hangzhou</Location>
      <Name>mybucket</Name>
      <StorageClass>IA</StorageClass>
    </Bucket>
  </Buckets>
</ListAllMyBucketsResult>
)";

// oss-protocol-2.md §3.3 (a real capture).
constexpr std::string_view kCopyObjectExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<CopyObjectResult>
  <ETag>"164F32EF262006C5EE6C8D1AA30DD2CD"</ETag>
  <LastModified>2015-12-12T00:37:53.000Z</LastModified>
</CopyObjectResult>
)";

// §4.3.
constexpr std::string_view kCopyPartExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<CopyPartResult>
  <LastModified>2014-07-17T06:27:54.000Z</LastModified>
  <ETag>"5B3C1A2E053D763E1B002CC607C5****"</ETag>
</CopyPartResult>
)";

// §5.2.
constexpr std::string_view kAclExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy>
  <Owner>
    <ID>1234513715092****</ID>
    <DisplayName>1234513715092****</DisplayName>
  </Owner>
  <AccessControlList>
    <Grant>private</Grant>
  </AccessControlList>
</AccessControlPolicy>
)";

// §6.2.
constexpr std::string_view kTaggingExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Tagging>
  <TagSet>
    <Tag>
      <Key>a</Key>
      <Value>1</Value>
    </Tag>
    <Tag>
      <Key>b</Key>
      <Value>2</Value>
    </Tag>
  </TagSet>
</Tagging>
)";

// §9.1 (the GO2 fixture, shortened by the elements no field reads).
constexpr std::string_view kBucketInfoExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<BucketInfo>
  <Bucket>
    <AccessMonitor>Enabled</AccessMonitor>
    <CreationDate>2013-07-31T10:56:21.000Z</CreationDate>
    <ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>
    <Location>oss-cn-hangzhou</Location>
    <StorageClass>IA</StorageClass>
    <Name>oss-example</Name>
    <Owner>
      <DisplayName>username</DisplayName>
      <ID>27183473914****</ID>
    </Owner>
    <AccessControlList>
      <Grant>public-read</Grant>
    </AccessControlList>
  </Bucket>
</BucketInfo>
)";

// §9.2.
constexpr std::string_view kLocationExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint>oss-cn-hangzhou</LocationConstraint>
)";

// ---------------------------------------------------------------------------
// InitiateMultipartUpload

TEST(InitiateMultipartUploadResultTest, DocumentedExample) {
  auto result = ParseInitiateMultipartUploadResult(kInitiateExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bucket, "oss-example");
  EXPECT_EQ(result->key, "multipart.data");
  EXPECT_EQ(result->upload_id, "0004B9894A22E5B1888A1E29F823****");
}

TEST(InitiateMultipartUploadResultTest, WireExampleWithoutIndentation) {
  // §12: no spaces between the elements, a line break inside the root.
  auto result = ParseInitiateMultipartUploadResult(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<InitiateMultipartUploadResult><Bucket>examplebucket</Bucket>"
      "<Key>big.bin</Key>\n"
      "<UploadId>0004B9894A22E5B1888A1E29F8230000</UploadId>"
      "</InitiateMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bucket, "examplebucket");
  EXPECT_EQ(result->key, "big.bin");
  EXPECT_EQ(result->upload_id, "0004B9894A22E5B1888A1E29F8230000");
}

TEST(InitiateMultipartUploadResultTest, UrlEncodedKeyIsDecoded) {
  auto result = ParseInitiateMultipartUploadResult(Replace(
      Replace(std::string(kInitiateExample), "<Key>multipart.data</Key>",
              "<Key>demo%2Fgp-%0C%0A%0B</Key>"),
      "<Bucket>", "<EncodingType>url</EncodingType><Bucket>"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "demo/gp-\f\n\v");
}

TEST(InitiateMultipartUploadResultTest, PlusIsNotASpace) {
  auto result = ParseInitiateMultipartUploadResult(
      "<InitiateMultipartUploadResult><EncodingType>url</EncodingType>"
      "<Key>a+b%20c%2B</Key><UploadId>U</UploadId>"
      "</InitiateMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "a+b c+");
}

TEST(InitiateMultipartUploadResultTest, KeyIsLiteralWithoutEncodingType) {
  auto result = ParseInitiateMultipartUploadResult(
      "<InitiateMultipartUploadResult><Key>100%25 a%2Fb+c</Key>"
      "<UploadId>U</UploadId></InitiateMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "100%25 a%2Fb+c");
}

TEST(InitiateMultipartUploadResultTest, EntitiesAndCdataAreDecoded) {
  auto result = ParseInitiateMultipartUploadResult(
      "<InitiateMultipartUploadResult><Key>a&amp;b&lt;c&#62;&#x41;"
      "<![CDATA[<raw>]]></Key><UploadId>U</UploadId>"
      "</InitiateMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "a&b<c>A<raw>");
}

TEST(InitiateMultipartUploadResultTest, KeyOfSpacesIsKept) {
  auto result = ParseInitiateMultipartUploadResult(
      "<InitiateMultipartUploadResult><Key>  </Key><UploadId>U</UploadId>"
      "</InitiateMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "  ");
}

// ---------------------------------------------------------------------------
// CompleteMultipartUpload

TEST(CompleteMultipartUploadResultTest, DocumentedExample) {
  auto result = ParseCompleteMultipartUploadResult(kCompleteExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->location,
            "http://oss-example.oss-cn-hangzhou.aliyuncs.com/multipart.data");
  EXPECT_EQ(result->bucket, "oss-example");
  EXPECT_EQ(result->key, "demo/multipart.data");
  EXPECT_EQ(result->etag, "\"097DE458AD02B5F89F9D0530231876****\"");
  // These come from headers, not from the XML.
  EXPECT_FALSE(Crc64Value(result->checksum).has_value());
  EXPECT_EQ(result->version_id, "");
}

TEST(CompleteMultipartUploadResultTest, EtagQuotesAsCharacterReferences) {
  auto result = ParseCompleteMultipartUploadResult(
      "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
      "<ETag>&#34;3E1372A912B4BC86E8A51234AEC0CA0C-400&#34;</ETag>"
      "</CompleteMultipartUploadResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->etag, "\"3E1372A912B4BC86E8A51234AEC0CA0C-400\"");
  EXPECT_EQ(result->key, "k");
}

// ---------------------------------------------------------------------------
// ListParts

TEST(ListPartsResultTest, DocumentedExample) {
  auto result = ParseListPartsResult(kListPartsExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bucket, "oss-bucket");
  EXPECT_EQ(result->key, "demo/gp-\f\n\v");
  EXPECT_EQ(result->upload_id, "D4E111D4EA834F3ABCE4877B2779****");
  EXPECT_FALSE(result->is_truncated);
  EXPECT_EQ(result->next_part_number_marker, 1);
  ASSERT_EQ(result->parts.size(), 1u);
  const PartSummary& part = result->parts[0];
  EXPECT_EQ(part.part_number, 1);
  EXPECT_EQ(part.etag, "\"CF3F46D505093571E916FCDD4967****\"");
  EXPECT_EQ(part.size, 96316u);
  ASSERT_TRUE(Crc64Value(part.checksum).has_value());
  EXPECT_EQ(*Crc64Value(part.checksum), 12066172435287683848u);
  ASSERT_TRUE(part.last_modified.has_value());
  EXPECT_EQ(*part.last_modified, Utc(2023, 11, 22, 5, 42, 34));
}

TEST(ListPartsResultTest, TruncatedPageWithSeveralParts) {
  auto result = ParseListPartsResult(
      "<ListPartsResult><Bucket>b</Bucket><Key>dir/k+1</Key>"
      "<UploadId>U</UploadId><IsTruncated>true</IsTruncated>"
      "<NextPartNumberMarker>5</NextPartNumberMarker>"
      "<Part><PartNumber>2</PartNumber><ETag>&#34;A&#34;</ETag>"
      "<Size>102400</Size><LastModified>2023-11-22T05:42:34.5Z</LastModified>"
      "</Part>"
      "<Part><PartNumber>5</PartNumber><ETag>B</ETag><Size>0</Size>"
      "<HashCrc64ecma>0</HashCrc64ecma></Part>"
      "</ListPartsResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->key, "dir/k+1");
  EXPECT_TRUE(result->is_truncated);
  EXPECT_EQ(result->next_part_number_marker, 5);
  ASSERT_EQ(result->parts.size(), 2u);
  EXPECT_EQ(result->parts[0].part_number, 2);
  EXPECT_EQ(result->parts[0].etag, "\"A\"");
  EXPECT_EQ(result->parts[0].size, 102400u);
  EXPECT_FALSE(Crc64Value(result->parts[0].checksum).has_value());
  EXPECT_EQ(result->parts[0].last_modified, Utc(2023, 11, 22, 5, 42, 34, 500));
  EXPECT_EQ(result->parts[1].part_number, 5);
  EXPECT_EQ(result->parts[1].etag, "B");
  EXPECT_EQ(result->parts[1].size, 0u);
  EXPECT_EQ(Crc64Value(result->parts[1].checksum), 0u);
  EXPECT_FALSE(result->parts[1].last_modified.has_value());
}

TEST(ListPartsResultTest, NoParts) {
  auto result = ParseListPartsResult(
      "<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>U</UploadId>"
      "<IsTruncated>false</IsTruncated></ListPartsResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->parts.empty());
  EXPECT_FALSE(result->is_truncated);
  EXPECT_EQ(result->next_part_number_marker, 0);
}

TEST(ListPartsResultTest, LargestValues) {
  auto result = ParseListPartsResult(
      "<ListPartsResult><NextPartNumberMarker>10000</NextPartNumberMarker>"
      "<Part><PartNumber>10000</PartNumber><ETag>E</ETag>"
      "<Size>18446744073709551615</Size>"
      "<HashCrc64ecma>18446744073709551615</HashCrc64ecma></Part>"
      "</ListPartsResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->next_part_number_marker, 10000);
  ASSERT_EQ(result->parts.size(), 1u);
  EXPECT_EQ(result->parts[0].part_number, 10000);
  EXPECT_EQ(result->parts[0].size, UINT64_MAX);
  EXPECT_EQ(Crc64Value(result->parts[0].checksum), UINT64_MAX);
}

// ---------------------------------------------------------------------------
// ListMultipartUploads

TEST(ListMultipartUploadsResultTest, DocumentedExample) {
  auto result = ParseListMultipartUploadsResult(kListUploadsExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bucket, "oss-example");
  EXPECT_FALSE(result->is_truncated);
  EXPECT_EQ(result->next_key_marker, "oss.avi");
  EXPECT_EQ(result->next_upload_id_marker, "0004B99B8E707874FC2D692FA5D77D3F");
  EXPECT_TRUE(result->common_prefixes.empty());
  ASSERT_EQ(result->uploads.size(), 1u);
  EXPECT_EQ(result->uploads[0].key, "multipart.data");
  EXPECT_EQ(result->uploads[0].upload_id, "0004B999EF518A1FE585B0C9360DC4C8");
  EXPECT_EQ(result->uploads[0].initiated, Utc(2012, 2, 23, 4, 18, 23));
}

TEST(ListMultipartUploadsResultTest, UrlEncodedPageWithPrefixes) {
  auto result = ParseListMultipartUploadsResult(
      "<ListMultipartUploadsResult><EncodingType>url</EncodingType>"
      "<Bucket>b</Bucket><Prefix>a%2F</Prefix><Delimiter>%2F</Delimiter>"
      "<KeyMarker>a%2F0</KeyMarker>"
      "<NextKeyMarker>a%2Fx%20y+z</NextKeyMarker>"
      "<NextUploadIdMarker>ID2</NextUploadIdMarker>"
      "<IsTruncated>true</IsTruncated>"
      "<Upload><Key>a%2Fgp-%0C%0A%0B</Key><UploadId>ID1</UploadId></Upload>"
      "<Upload><Key>a%2Fx%20y+z</Key><UploadId>ID2</UploadId>"
      "<Initiated>2012-02-23T04:18:23Z</Initiated></Upload>"
      "<CommonPrefixes><Prefix>a%2Fdir%2F</Prefix></CommonPrefixes>"
      "<CommonPrefixes><Prefix>a%2F%E4%B8%AD%2F</Prefix></CommonPrefixes>"
      "</ListMultipartUploadsResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->is_truncated);
  EXPECT_EQ(result->next_key_marker, "a/x y+z");
  EXPECT_EQ(result->next_upload_id_marker, "ID2");
  ASSERT_EQ(result->uploads.size(), 2u);
  EXPECT_EQ(result->uploads[0].key, "a/gp-\f\n\v");
  EXPECT_EQ(result->uploads[0].upload_id, "ID1");
  EXPECT_FALSE(result->uploads[0].initiated.has_value());
  EXPECT_EQ(result->uploads[1].key, "a/x y+z");
  EXPECT_EQ(result->uploads[1].initiated, Utc(2012, 2, 23, 4, 18, 23));
  EXPECT_EQ(result->common_prefixes,
            (std::vector<std::string>{"a/dir/", "a/\xE4\xB8\xAD/"}));
}

// ---------------------------------------------------------------------------
// ListObjectsV2

TEST(ListObjectsV2ResultTest, FullPage) {
  auto result = ParseListObjectsV2Result(kListObjectsExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bucket, "examplebucket");
  EXPECT_EQ(result->prefix, "photos/");
  EXPECT_TRUE(result->is_truncated);
  EXPECT_EQ(result->next_continuation_token, "CgJiYw--");
  ASSERT_EQ(result->objects.size(), 2u);
  const ObjectSummary& first = result->objects[0];
  EXPECT_EQ(first.key, "photos/a.jpg");
  EXPECT_EQ(first.size, 344606u);
  EXPECT_EQ(first.etag, "\"5B3C1A2E053D763E1B002CC607C5A0FE1****\"");
  EXPECT_EQ(first.last_modified, Utc(2020, 6, 22, 11, 42, 32));
  EXPECT_EQ(first.storage_class, "Standard");
  EXPECT_EQ(first.type, "Normal");
  const ObjectSummary& second = result->objects[1];
  EXPECT_EQ(second.key, "photos/big.bin");
  EXPECT_EQ(second.size, UINT64_MAX);
  EXPECT_EQ(second.last_modified, Utc(2021, 1, 2, 3, 4, 5, 678));
  EXPECT_EQ(second.storage_class, "IA");
  EXPECT_EQ(second.type, "Multipart");
  EXPECT_EQ(result->common_prefixes,
            (std::vector<std::string>{"photos/2019/", "photos/2020/"}));
}

TEST(ListObjectsV2ResultTest, LastPageWithMinimalContents) {
  auto result = ParseListObjectsV2Result(
      "<ListBucketResult><Name>b</Name><Prefix></Prefix>"
      "<IsTruncated>false</IsTruncated><KeyCount>1</KeyCount>"
      "<Contents><Key>only-key</Key></Contents></ListBucketResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->prefix, "");
  EXPECT_FALSE(result->is_truncated);
  EXPECT_EQ(result->next_continuation_token, "");
  ASSERT_EQ(result->objects.size(), 1u);
  EXPECT_EQ(result->objects[0].key, "only-key");
  EXPECT_EQ(result->objects[0].size, 0u);
  EXPECT_FALSE(result->objects[0].last_modified.has_value());
  EXPECT_EQ(result->objects[0].etag, "");
  EXPECT_TRUE(result->common_prefixes.empty());
}

TEST(ListObjectsV2ResultTest, UrlEncodedFieldsAreDecoded) {
  auto result = ParseListObjectsV2Result(
      "<ListBucketResult><EncodingType>url</EncodingType><Name>b</Name>"
      "<Prefix>demo%2F</Prefix><Delimiter>%2F</Delimiter>"
      "<StartAfter>demo%2Fa</StartAfter>"
      "<IsTruncated>true</IsTruncated>"
      "<NextContinuationToken>Cg%2Bx</NextContinuationToken>"
      "<Contents><Key>demo%2Fgp-%0C%0A%0B</Key><Size>3</Size></Contents>"
      "<Contents><Key>demo%2Fa+b</Key><Size>4</Size></Contents>"
      "<CommonPrefixes><Prefix>demo%2Fsub%20dir%2F</Prefix></CommonPrefixes>"
      "</ListBucketResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->prefix, "demo/");
  ASSERT_EQ(result->objects.size(), 2u);
  EXPECT_EQ(result->objects[0].key, "demo/gp-\f\n\v");
  EXPECT_EQ(result->objects[1].key, "demo/a+b");
  EXPECT_EQ(result->common_prefixes,
            (std::vector<std::string>{"demo/sub dir/"}));
  // The token is opaque: it is sent back exactly as received.
  EXPECT_EQ(result->next_continuation_token, "Cg%2Bx");
}

// ---------------------------------------------------------------------------
// ListBuckets

TEST(ListAllMyBucketsResultTest, TwoBuckets) {
  auto result = ParseListAllMyBucketsResult(kListBucketsExample);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].name, "app-base-oss");
  EXPECT_EQ((*result)[0].creation_date, Utc(2014, 2, 17, 18, 12, 43));
  EXPECT_EQ((*result)[0].location, "oss-cn-shanghai");
  EXPECT_EQ((*result)[0].storage_class, "Standard");
  EXPECT_EQ((*result)[1].name, "mybucket");
  EXPECT_EQ((*result)[1].creation_date, Utc(2014, 2, 25, 11, 21, 4));
  EXPECT_EQ((*result)[1].location, "oss-cn-hangzhou");
  EXPECT_EQ((*result)[1].storage_class, "IA");
}

TEST(ListAllMyBucketsResultTest, NoBuckets) {
  for (std::string_view xml :
       {"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>",
        "<ListAllMyBucketsResult></ListAllMyBucketsResult>"}) {
    auto result = ParseListAllMyBucketsResult(xml);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result->empty());
  }
}

TEST(ListAllMyBucketsResultTest, OptionalFieldsMayBeAbsent) {
  auto result = ParseListAllMyBucketsResult(
      "<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name></Bucket>"
      "</Buckets></ListAllMyBucketsResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 1u);
  EXPECT_EQ((*result)[0].name, "b");
  EXPECT_FALSE((*result)[0].creation_date.has_value());
  EXPECT_EQ((*result)[0].location, "");
}

// ---------------------------------------------------------------------------
// CopyObject and UploadPartCopy

TEST(CopyObjectResultTest, RealCapture) {
  auto result = ParseCopyObjectResult(kCopyObjectExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->etag, "\"164F32EF262006C5EE6C8D1AA30DD2CD\"");
  EXPECT_EQ(result->last_modified, Utc(2015, 12, 12, 0, 37, 53));
}

TEST(CopyObjectResultTest, LastModifiedMayBeAbsent) {
  auto result = ParseCopyObjectResult(
      "<CopyObjectResult><ETag>&quot;E&quot;</ETag></CopyObjectResult>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->etag, "\"E\"");
  EXPECT_FALSE(result->last_modified.has_value());
}

TEST(CopyPartResultTest, DocumentedExample) {
  auto result = ParseCopyPartResult(kCopyPartExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->etag, "\"5B3C1A2E053D763E1B002CC607C5****\"");
  EXPECT_FALSE(
      Crc64Value(result->checksum).has_value());  // a header, not in the XML
}

// ---------------------------------------------------------------------------
// AccessControlPolicy

TEST(AccessControlPolicyTest, DocumentedExample) {
  auto result = ParseAccessControlPolicy(kAclExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->grant, "private");
  EXPECT_EQ(result->owner_id, "1234513715092****");
  EXPECT_EQ(result->owner_display_name, "1234513715092****");
}

TEST(AccessControlPolicyTest, EveryGrantAndNoOwner) {
  for (std::string_view grant :
       {"private", "public-read", "public-read-write", "default"}) {
    auto result = ParseAccessControlPolicy(
        "<AccessControlPolicy><AccessControlList><Grant>" + std::string(grant) +
        "</Grant></AccessControlList></AccessControlPolicy>");
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->grant, grant);
    EXPECT_EQ(result->owner_id, "");
  }
}

// ---------------------------------------------------------------------------
// Tagging

TEST(TaggingTest, DocumentedExample) {
  auto result = ParseTagging(kTaggingExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, (std::vector<ObjectTag>{{"a", "1"}, {"b", "2"}}));
}

TEST(TaggingTest, NoTags) {
  for (std::string_view xml :
       {"<Tagging><TagSet/></Tagging>", "<Tagging><TagSet></TagSet></Tagging>",
        "<Tagging/>"}) {
    auto result = ParseTagging(xml);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result->empty()) << xml;
  }
}

TEST(TaggingTest, EmptyValuesSpacesAndEntities) {
  auto result = ParseTagging(
      "<Tagging><TagSet><Tag><Key>key3:/</Key><Value></Value></Tag>"
      "<Tag><Key>k</Key></Tag><Tag><Key> a b </Key><Value>  </Value></Tag>"
      "<Tag><Key>x&amp;y</Key><Value>&lt;1&gt;</Value></Tag>"
      "</TagSet></Tagging>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result,
            (std::vector<ObjectTag>{
                {"key3:/", ""}, {"k", ""}, {" a b ", "  "}, {"x&y", "<1>"}}));
}

// oss-protocol-2.md §6.1 and §13.3: GO2's exact body and its Content-MD5.
TEST(BuildTaggingXmlTest, ProtocolVector) {
  std::string xml = BuildTaggingXml({{"k1", "v1"}});
  EXPECT_EQ(xml,
            "<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag>"
            "</TagSet></Tagging>");
  EXPECT_EQ(xml.size(), 77u);
}

TEST(BuildTaggingXmlTest, ReadsBackTheSameTags) {
  std::vector<ObjectTag> tags = {{"key1=", "value 1+"},
                                 {"key3:/", ""},
                                 {"a<b>&c\"d'e]]>f", "\xE4\xB8\xAD"},
                                 {" ", "  "}};
  std::string xml = BuildTaggingXml(tags);
  EXPECT_NE(xml.find("<Value></Value>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<b>"), std::string::npos) << xml;
  auto result = ParseTagging(xml);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, tags);
  EXPECT_EQ(BuildTaggingXml({}), "<Tagging><TagSet></TagSet></Tagging>");
}

// ---------------------------------------------------------------------------
// BucketInfo and LocationConstraint

TEST(BucketInfoTest, DocumentedExample) {
  auto result = ParseBucketInfo(kBucketInfoExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->name, "oss-example");
  EXPECT_EQ(result->location, "oss-cn-hangzhou");
  EXPECT_EQ(result->creation_date, Utc(2013, 7, 31, 10, 56, 21));
  EXPECT_EQ(result->acl, "public-read");
  EXPECT_EQ(result->storage_class, "IA");
}

TEST(BucketInfoTest, OnlyTheNameIsRequired) {
  auto result = ParseBucketInfo(
      "<BucketInfo><Bucket><Name>b</Name></Bucket></BucketInfo>");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->name, "b");
  EXPECT_EQ(result->location, "");
  EXPECT_FALSE(result->creation_date.has_value());
  EXPECT_EQ(result->acl, "");
}

TEST(LocationConstraintTest, DocumentedExample) {
  auto result = ParseLocationConstraint(kLocationExample);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "oss-cn-hangzhou");
}

// ---------------------------------------------------------------------------
// Malformed input, every parser.

using Parser = Status (*)(std::string_view);

struct MalformedCase {
  const char* name;  // the test name suffix
  Parser parse;
  std::string_view root;
  std::string xml;
  std::string_view fragment;  // expected in the message
};

Status ParseInitiate(std::string_view xml) {
  return ParseInitiateMultipartUploadResult(xml).status();
}
Status ParseComplete(std::string_view xml) {
  return ParseCompleteMultipartUploadResult(xml).status();
}
Status ParseParts(std::string_view xml) {
  return ParseListPartsResult(xml).status();
}
Status ParseUploads(std::string_view xml) {
  return ParseListMultipartUploadsResult(xml).status();
}
Status ParseObjects(std::string_view xml) {
  return ParseListObjectsV2Result(xml).status();
}
Status ParseBuckets(std::string_view xml) {
  return ParseListAllMyBucketsResult(xml).status();
}

Status ParseCopy(std::string_view xml) {
  return ParseCopyObjectResult(xml).status();
}
Status ParseCopyPart(std::string_view xml) {
  return ParseCopyPartResult(xml).status();
}
Status ParseAcl(std::string_view xml) {
  return ParseAccessControlPolicy(xml).status();
}
Status ParseTags(std::string_view xml) { return ParseTagging(xml).status(); }
Status ParseInfo(std::string_view xml) { return ParseBucketInfo(xml).status(); }
Status ParseLocation(std::string_view xml) {
  return ParseLocationConstraint(xml).status();
}

constexpr std::string_view kInitiateRoot = "InitiateMultipartUploadResult";
constexpr std::string_view kCompleteRoot = "CompleteMultipartUploadResult";
constexpr std::string_view kPartsRoot = "ListPartsResult";
constexpr std::string_view kUploadsRoot = "ListMultipartUploadsResult";
constexpr std::string_view kObjectsRoot = "ListBucketResult";
constexpr std::string_view kBucketsRoot = "ListAllMyBucketsResult";

constexpr std::string_view kCopyRoot = "CopyObjectResult";
constexpr std::string_view kCopyPartRoot = "CopyPartResult";
constexpr std::string_view kAclRoot = "AccessControlPolicy";
constexpr std::string_view kTagsRoot = "Tagging";
constexpr std::string_view kInfoRoot = "BucketInfo";
constexpr std::string_view kLocationRoot = "LocationConstraint";

constexpr std::string_view kNotXml = "not a well-formed XML document";

std::string HalfOf(std::string_view document) {
  return std::string(document.substr(0, document.size() / 2));
}

using Edits =
    std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::string Edit(std::string_view document, Edits edits) {
  std::string out(document);
  for (auto [from, to] : edits) out = Replace(std::move(out), from, to);
  return out;
}

std::string Initiate(Edits edits) { return Edit(kInitiateExample, edits); }
std::string Complete(Edits edits) { return Edit(kCompleteExample, edits); }
std::string Parts(Edits edits) { return Edit(kListPartsExample, edits); }
std::string Uploads(Edits edits) { return Edit(kListUploadsExample, edits); }
std::string Objects(Edits edits) { return Edit(kListObjectsExample, edits); }
std::string Buckets(Edits edits) { return Edit(kListBucketsExample, edits); }
std::string Copy(Edits edits) { return Edit(kCopyObjectExample, edits); }
std::string CopyPart(Edits edits) { return Edit(kCopyPartExample, edits); }
std::string Acl(Edits edits) { return Edit(kAclExample, edits); }
std::string Tags(Edits edits) { return Edit(kTaggingExample, edits); }
std::string Info(Edits edits) { return Edit(kBucketInfoExample, edits); }
std::string Location(Edits edits) { return Edit(kLocationExample, edits); }

// Inserted before <Bucket> to turn on EncodingType=url.
constexpr std::string_view kUrlBucket =
    "<EncodingType>url</EncodingType><Bucket>";

std::vector<MalformedCase> MalformedCases() {
  return {
      // InitiateMultipartUpload, and the checks common to every parser.
      {"InitiateEmpty", ParseInitiate, kInitiateRoot, "", kNotXml},
      {"InitiateNotXml", ParseInitiate, kInitiateRoot, "not xml", kNotXml},
      {"InitiateHalf", ParseInitiate, kInitiateRoot, HalfOf(kInitiateExample),
       kNotXml},
      {"InitiateUnclosedRoot", ParseInitiate, kInitiateRoot,
       Initiate({{"</InitiateMultipartUploadResult>", ""}}), kNotXml},
      {"InitiateBinary", ParseInitiate, kInitiateRoot,
       std::string("\x00\xff\xfe<\x01", 5), kNotXml},
      {"InitiateWrongRoot", ParseInitiate, kInitiateRoot,
       "<Error><Code>NoSuchKey</Code></Error>", "the root element is <Error>"},
      {"InitiateTwoRoots", ParseInitiate, kInitiateRoot,
       std::string(kInitiateExample) + "<InitiateMultipartUploadResult/>",
       "expected one root element, found 2"},
      {"InitiateMissingUploadId", ParseInitiate, kInitiateRoot,
       Initiate(
           {{"<UploadId>0004B9894A22E5B1888A1E29F823****</UploadId>", ""}}),
       "<UploadId> is missing"},
      {"InitiateEmptyUploadId", ParseInitiate, kInitiateRoot,
       Initiate({{"0004B9894A22E5B1888A1E29F823****", ""}}),
       "<UploadId> is empty"},
      {"InitiateBadEscape", ParseInitiate, kInitiateRoot,
       Initiate({{"<Bucket>", kUrlBucket}, {"multipart.data", "a%G1"}}),
       "<Key> has a bad percent-escape: \"a%G1\""},
      {"InitiateTrailingPercent", ParseInitiate, kInitiateRoot,
       Initiate({{"<Bucket>", kUrlBucket}, {"multipart.data", "a%2"}}),
       "<Key> has a bad percent-escape"},
      {"InitiateUnknownEncodingType", ParseInitiate, kInitiateRoot,
       Initiate({{"<Key>", "<EncodingType>base64</EncodingType><Key>"}}),
       "unsupported <EncodingType> \"base64\""},

      // CompleteMultipartUpload.
      {"CompleteEmpty", ParseComplete, kCompleteRoot, "", kNotXml},
      {"CompleteJsonBody", ParseComplete, kCompleteRoot, "{\"callback\":1}",
       kNotXml},
      {"CompleteHalf", ParseComplete, kCompleteRoot, HalfOf(kCompleteExample),
       kNotXml},
      {"CompleteWrongRoot", ParseComplete, kCompleteRoot,
       std::string(kInitiateExample),
       "the root element is <InitiateMultipartUploadResult>"},
      {"CompleteBadEscape", ParseComplete, kCompleteRoot,
       Complete({{"demo%2Fmultipart", "demo%zzmultipart"}}),
       "<Key> has a bad percent-escape"},
      {"CompleteUnclosedComment", ParseComplete, kCompleteRoot,
       Complete({{"<Bucket>", "<!-- <Bucket>"}}), kNotXml},

      // ListParts.
      {"PartsEmpty", ParseParts, kPartsRoot, "", kNotXml},
      {"PartsNotXml", ParseParts, kPartsRoot, "not xml", kNotXml},
      {"PartsHalf", ParseParts, kPartsRoot, HalfOf(kListPartsExample), kNotXml},
      {"PartsCutInTag", ParseParts, kPartsRoot,
       std::string(
           kListPartsExample.substr(0, kListPartsExample.find("<Size>") + 3)),
       kNotXml},
      {"PartsMismatchedTags", ParseParts, kPartsRoot,
       Parts({{"</Size>", "</Siz>"}}), kNotXml},
      {"PartsWrongRoot", ParseParts, kPartsRoot,
       std::string(kListUploadsExample),
       "the root element is <ListMultipartUploadsResult>"},
      {"PartsMissingPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1</PartNumber>", ""}}), "<PartNumber> is missing"},
      {"PartsMissingEtag", ParseParts, kPartsRoot,
       Parts({{"<ETag>\"CF3F46D505093571E916FCDD4967****\"</ETag>", ""}}),
       "<ETag> is missing"},
      {"PartsMissingSize", ParseParts, kPartsRoot,
       Parts({{"<Size>96316</Size>", ""}}), "<Size> is missing"},
      {"PartsEmptySize", ParseParts, kPartsRoot,
       Parts({{"<Size>96316</Size>", "<Size/>"}}), "<Size> is empty"},
      {"PartsNonNumericPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>one<"}}),
       "<PartNumber> is not a number: \"one\""},
      {"PartsNegativePartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>-1<"}}),
       "<PartNumber> is not a number: \"-1\""},
      {"PartsPlusPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>+1<"}}),
       "<PartNumber> is not a number"},
      {"PartsSpacedPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber> 1<"}}),
       "<PartNumber> is not a number"},
      {"PartsPartNumberTrailingJunk", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>1x<"}}),
       "<PartNumber> is not a number"},
      {"PartsHexPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>0x1<"}}),
       "<PartNumber> is not a number"},
      {"PartsZeroPartNumber", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>0<"}}), "<PartNumber> is 0"},
      {"PartsPartNumberTooLarge", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>10001<"}}),
       "<PartNumber> is out of range"},
      {"PartsPartNumberOverflow", ParseParts, kPartsRoot,
       Parts({{"<PartNumber>1<", "<PartNumber>99999999999999999999999<"}}),
       "<PartNumber> is out of range"},
      {"PartsSizeOverflow", ParseParts, kPartsRoot,
       Parts({{"96316", "99999999999999999999999"}}), "<Size> is out of range"},
      {"PartsSizeJustOverUint64", ParseParts, kPartsRoot,
       Parts({{"96316", "18446744073709551616"}}), "<Size> is out of range"},
      {"PartsNegativeSize", ParseParts, kPartsRoot,
       Parts({{"96316", "-96316"}}), "<Size> is not a number"},
      {"PartsFractionalSize", ParseParts, kPartsRoot,
       Parts({{"96316", "963.16"}}), "<Size> is not a number"},
      {"PartsHexCrc", ParseParts, kPartsRoot,
       Parts({{"12066172435287683848", "A77D6C1B2F3E4D50"}}),
       "<HashCrc64ecma> is not a number"},
      {"PartsCrcOverflow", ParseParts, kPartsRoot,
       Parts({{"12066172435287683848", "18446744073709551616"}}),
       "<HashCrc64ecma> is out of range"},
      {"PartsNegativeCrc", ParseParts, kPartsRoot,
       Parts({{"12066172435287683848", "-1"}}),
       "<HashCrc64ecma> is not a number"},
      {"PartsHttpDateLastModified", ParseParts, kPartsRoot,
       Parts({{"2023-11-22T05:42:34.000Z", "Wed, 22 Nov 2023 05:42:34 GMT"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"PartsMonth13", ParseParts, kPartsRoot,
       Parts({{"2023-11-22T05:42:34.000Z", "2023-13-22T05:42:34.000Z"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"PartsYearTooEarly", ParseParts, kPartsRoot,
       Parts({{"2023-11-22T05:42:34.000Z", "0023-11-22T05:42:34.000Z"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"PartsYearTooLate", ParseParts, kPartsRoot,
       Parts({{"2023-11-22T05:42:34.000Z", "9999-12-31T23:59:59.000Z"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"PartsUnpaddedYear", ParseParts, kPartsRoot,
       Parts({{"2023-11-22T05:42:34.000Z", " 2023-11-22T05:42:34.000Z"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"PartsBadIsTruncated", ParseParts, kPartsRoot,
       Parts({{"<IsTruncated>false<", "<IsTruncated>yes<"}}),
       "<IsTruncated> is not true or false"},
      {"PartsBadNextMarker", ParseParts, kPartsRoot,
       Parts({{"<NextPartNumberMarker>1<", "<NextPartNumberMarker>x<"}}),
       "<NextPartNumberMarker> is not a number"},
      {"PartsNegativeNextMarker", ParseParts, kPartsRoot,
       Parts({{"<NextPartNumberMarker>1<", "<NextPartNumberMarker>-1<"}}),
       "<NextPartNumberMarker> is not a number"},
      {"PartsTruncatedWithoutMarker", ParseParts, kPartsRoot,
       Parts({{"<NextPartNumberMarker>1</NextPartNumberMarker>", ""},
              {"<IsTruncated>false<", "<IsTruncated>true<"}}),
       "<NextPartNumberMarker> is missing"},
      {"PartsBadEscape", ParseParts, kPartsRoot, Parts({{"%0B", "%0"}}),
       "<Key> has a bad percent-escape"},

      // ListMultipartUploads.
      {"UploadsEmpty", ParseUploads, kUploadsRoot, "", kNotXml},
      {"UploadsNotXml", ParseUploads, kUploadsRoot, "not xml", kNotXml},
      {"UploadsHalf", ParseUploads, kUploadsRoot, HalfOf(kListUploadsExample),
       kNotXml},
      {"UploadsWrongRoot", ParseUploads, kUploadsRoot,
       std::string(kListPartsExample), "the root element is <ListPartsResult>"},
      {"UploadsMissingKey", ParseUploads, kUploadsRoot,
       Uploads({{"<Key>multipart.data</Key>", ""}}), "<Key> is missing"},
      {"UploadsMissingUploadId", ParseUploads, kUploadsRoot,
       Uploads({{"<UploadId>0004B999EF518A1FE585B0C9360DC4C8</UploadId>", ""}}),
       "<UploadId> is missing"},
      {"UploadsBadInitiated", ParseUploads, kUploadsRoot,
       Uploads({{"2012-02-23T04:18:23.000Z", "2012-02-23 04:18:23"}}),
       "<Initiated> is not an ISO 8601 time"},
      {"UploadsTruncatedWithoutMarker", ParseUploads, kUploadsRoot,
       Uploads({{"<NextKeyMarker>oss.avi</NextKeyMarker>", ""},
                {"<IsTruncated>false<", "<IsTruncated>true<"}}),
       "<NextKeyMarker> is missing"},
      {"UploadsBadEscapeInNextKeyMarker", ParseUploads, kUploadsRoot,
       Uploads({{"<Bucket>", kUrlBucket}, {"oss.avi", "oss%.avi"}}),
       "<NextKeyMarker> has a bad percent-escape"},
      {"UploadsBadEscapeInKey", ParseUploads, kUploadsRoot,
       Uploads({{"<Bucket>", kUrlBucket}, {"multipart.data", "multipart%"}}),
       "<Key> has a bad percent-escape"},

      // ListObjectsV2.
      {"ObjectsEmpty", ParseObjects, kObjectsRoot, "", kNotXml},
      {"ObjectsNotXml", ParseObjects, kObjectsRoot, "not xml", kNotXml},
      {"ObjectsHalf", ParseObjects, kObjectsRoot, HalfOf(kListObjectsExample),
       kNotXml},
      {"ObjectsV1Root", ParseObjects, kObjectsRoot,
       "<ListBucketResultV1></ListBucketResultV1>", "the root element is"},
      {"ObjectsMissingKey", ParseObjects, kObjectsRoot,
       Objects({{"<Key>photos/a.jpg</Key>", ""}}), "<Key> is missing"},
      {"ObjectsEmptyKey", ParseObjects, kObjectsRoot,
       Objects({{"<Key>photos/a.jpg</Key>", "<Key></Key>"}}), "<Key> is empty"},
      {"ObjectsSizeOverflow", ParseObjects, kObjectsRoot,
       Objects({{"344606", "99999999999999999999999"}}),
       "<Size> is out of range"},
      {"ObjectsNegativeSize", ParseObjects, kObjectsRoot,
       Objects({{"344606", "-1"}}), "<Size> is not a number"},
      {"ObjectsBadLastModified", ParseObjects, kObjectsRoot,
       Objects({{"2020-06-22T11:42:32.000Z", "2020-06-22T11:42:32.000ZZ"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"ObjectsTruncatedWithoutToken", ParseObjects, kObjectsRoot,
       Objects(
           {{"<NextContinuationToken>CgJiYw--</NextContinuationToken>", ""}}),
       "<NextContinuationToken> is missing"},
      {"ObjectsBadEscapeInPrefix", ParseObjects, kObjectsRoot,
       Objects({{"<Name>", "<EncodingType>url</EncodingType><Name>"},
                {"<Prefix>photos/</Prefix>", "<Prefix>%E4%B8%</Prefix>"}}),
       "<Prefix> has a bad percent-escape"},
      {"ObjectsBadEscapeInCommonPrefix", ParseObjects, kObjectsRoot,
       Objects({{"<Name>", "<EncodingType>url</EncodingType><Name>"},
                {"photos/2020/", "photos%2x2020/"}}),
       "<Prefix> has a bad percent-escape"},

      // ListBuckets.
      {"BucketsEmpty", ParseBuckets, kBucketsRoot, "", kNotXml},
      {"BucketsNotXml", ParseBuckets, kBucketsRoot, "not xml", kNotXml},
      {"BucketsHalf", ParseBuckets, kBucketsRoot, HalfOf(kListBucketsExample),
       kNotXml},
      {"BucketsWrongRoot", ParseBuckets, kBucketsRoot,
       std::string(kListObjectsExample),
       "the root element is <ListBucketResult>"},
      {"BucketsMissingName", ParseBuckets, kBucketsRoot,
       Buckets({{"<Name>mybucket</Name>", ""}}), "<Name> is missing"},
      {"BucketsBadCreationDate", ParseBuckets, kBucketsRoot,
       Buckets({{"2014-02-25T11:21:04.000Z", "yesterday"}}),
       "<CreationDate> is not an ISO 8601 time"},

      // CopyObject and UploadPartCopy.
      {"CopyEmpty", ParseCopy, kCopyRoot, "", kNotXml},
      {"CopyHalf", ParseCopy, kCopyRoot, HalfOf(kCopyObjectExample), kNotXml},
      {"CopyErrorBody", ParseCopy, kCopyRoot,
       "<Error><Code>NoSuchKey</Code></Error>", "the root element is <Error>"},
      {"CopyPartBodyForObject", ParseCopy, kCopyRoot,
       std::string(kCopyPartExample), "the root element is <CopyPartResult>"},
      {"CopyMissingEtag", ParseCopy, kCopyRoot,
       Copy({{"<ETag>\"164F32EF262006C5EE6C8D1AA30DD2CD\"</ETag>", ""}}),
       "<ETag> is missing"},
      {"CopyEmptyEtag", ParseCopy, kCopyRoot,
       Copy({{"\"164F32EF262006C5EE6C8D1AA30DD2CD\"", ""}}), "<ETag> is empty"},
      {"CopyBadLastModified", ParseCopy, kCopyRoot,
       Copy({{"2015-12-12T00:37:53.000Z", "Sat, 12 Dec 2015 00:37:53 GMT"}}),
       "<LastModified> is not an ISO 8601 time"},
      {"CopyPartEmpty", ParseCopyPart, kCopyPartRoot, "", kNotXml},
      {"CopyPartObjectBodyForPart", ParseCopyPart, kCopyPartRoot,
       std::string(kCopyObjectExample),
       "the root element is <CopyObjectResult>"},
      {"CopyPartMissingEtag", ParseCopyPart, kCopyPartRoot,
       CopyPart({{"<ETag>\"5B3C1A2E053D763E1B002CC607C5****\"</ETag>", ""}}),
       "<ETag> is missing"},
      {"CopyPartBadLastModified", ParseCopyPart, kCopyPartRoot,
       CopyPart({{"2014-07-17T06:27:54.000Z", "9999-07-17T06:27:54.000Z"}}),
       "<LastModified> is not an ISO 8601 time"},

      // AccessControlPolicy.
      {"AclEmpty", ParseAcl, kAclRoot, "", kNotXml},
      {"AclHalf", ParseAcl, kAclRoot, HalfOf(kAclExample), kNotXml},
      {"AclWrongRoot", ParseAcl, kAclRoot, std::string(kTaggingExample),
       "the root element is <Tagging>"},
      {"AclMissingList", ParseAcl, kAclRoot,
       Acl({{"<AccessControlList>", "<Other>"},
            {"</AccessControlList>", "</Other>"}}),
       "<AccessControlList> is missing"},
      {"AclMissingGrant", ParseAcl, kAclRoot,
       Acl({{"<Grant>private</Grant>", ""}}), "<Grant> is missing"},
      {"AclEmptyGrant", ParseAcl, kAclRoot, Acl({{"private", ""}}),
       "<Grant> is empty"},

      // Tagging.
      {"TagsEmpty", ParseTags, kTagsRoot, "", kNotXml},
      {"TagsHalf", ParseTags, kTagsRoot, HalfOf(kTaggingExample), kNotXml},
      {"TagsWrongRoot", ParseTags, kTagsRoot, std::string(kAclExample),
       "the root element is <AccessControlPolicy>"},
      {"TagsMissingKey", ParseTags, kTagsRoot, Tags({{"<Key>b</Key>", ""}}),
       "<Key> is missing"},
      {"TagsEmptyKey", ParseTags, kTagsRoot,
       Tags({{"<Key>b</Key>", "<Key></Key>"}}), "<Key> is empty"},
      {"TagsDuplicateKey", ParseTags, kTagsRoot,
       Tags({{"<Key>b</Key>", "<Key>a</Key>"}}),
       "the tag key \"a\" is given twice"},

      // BucketInfo.
      {"InfoEmpty", ParseInfo, kInfoRoot, "", kNotXml},
      {"InfoHalf", ParseInfo, kInfoRoot, HalfOf(kBucketInfoExample), kNotXml},
      {"InfoListBucketsBody", ParseInfo, kInfoRoot,
       std::string(kListBucketsExample),
       "the root element is <ListAllMyBucketsResult>"},
      {"InfoMissingBucket", ParseInfo, kInfoRoot,
       "<BucketInfo><Name>b</Name></BucketInfo>", "<Bucket> is missing"},
      {"InfoMissingName", ParseInfo, kInfoRoot,
       Info({{"<Name>oss-example</Name>", ""}}), "<Name> is missing"},
      {"InfoBadCreationDate", ParseInfo, kInfoRoot,
       Info({{"2013-07-31T10:56:21.000Z", "2013-07-31"}}),
       "<CreationDate> is not an ISO 8601 time"},

      // LocationConstraint.
      {"LocationEmpty", ParseLocation, kLocationRoot, "", kNotXml},
      {"LocationHalf", ParseLocation, kLocationRoot, HalfOf(kLocationExample),
       kNotXml},
      {"LocationWrongRoot", ParseLocation, kLocationRoot,
       std::string(kBucketInfoExample), "the root element is <BucketInfo>"},
      {"LocationEmptyText", ParseLocation, kLocationRoot,
       Location({{"oss-cn-hangzhou", ""}}), "the location is empty"},
  };
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const MalformedCase& test_case, std::ostream* out) {
  *out << test_case.name;
}

class MalformedResponseTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedResponseTest, IsRejectedWithAMessage) {
  const MalformedCase& test_case = GetParam();
  EXPECT_TRUE(IsMalformed(test_case.parse(test_case.xml), test_case.root,
                          test_case.fragment));
}

INSTANTIATE_TEST_SUITE_P(
    AllParsers, MalformedResponseTest, ::testing::ValuesIn(MalformedCases()),
    [](const ::testing::TestParamInfo<MalformedCase>& info) {
      return std::string(info.param.name);
    });

// Every prefix of a valid document is either rejected or, once the root is
// closed, parsed: a body cut anywhere by a dropped connection never crashes
// and never passes for a shorter valid answer.
TEST(TruncatedDocumentTest, EveryPrefixOfEveryExample) {
  struct Example {
    std::string_view xml;
    Parser parse;
  };
  for (const Example& example :
       {Example{kInitiateExample, ParseInitiate},
        Example{kCompleteExample, ParseComplete},
        Example{kListPartsExample, ParseParts},
        Example{kListUploadsExample, ParseUploads},
        Example{kListObjectsExample, ParseObjects},
        Example{kListBucketsExample, ParseBuckets},
        Example{kCopyObjectExample, ParseCopy},
        Example{kCopyPartExample, ParseCopyPart},
        Example{kAclExample, ParseAcl}, Example{kTaggingExample, ParseTags},
        Example{kBucketInfoExample, ParseInfo},
        Example{kLocationExample, ParseLocation}}) {
    size_t root_end = example.xml.rfind('>') + 1;
    for (size_t length = 0; length <= example.xml.size(); ++length) {
      Status status = example.parse(example.xml.substr(0, length));
      if (length < root_end) {
        EXPECT_FALSE(status.ok()) << "cut at " << length << " of\n"
                                  << example.xml;
      } else {
        EXPECT_TRUE(status.ok()) << status;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// BuildCompleteMultipartUploadXml

using NumberedEtags = std::vector<std::pair<int, std::string>>;

// CompletedPart has no operator==; compare what matters.
NumberedEtags Numbered(const std::vector<CompletedPart>& parts) {
  NumberedEtags out;
  for (const CompletedPart& part : parts) {
    out.emplace_back(part.part_number, part.etag);
  }
  return out;
}

// What a server would read from the body.
NumberedEtags ReadBack(const std::string& xml) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_string(xml.c_str());
  EXPECT_TRUE(parsed) << parsed.description() << " in " << xml;
  pugi::xml_node root = document.document_element();
  EXPECT_STREQ(root.name(), "CompleteMultipartUpload");
  NumberedEtags parts;
  for (pugi::xml_node part : root.children()) {
    EXPECT_STREQ(part.name(), "Part");
    parts.emplace_back(part.child("PartNumber").text().as_int(),
                       part.child("ETag").text().get());
  }
  return parts;
}

TEST(BuildCompleteMultipartUploadXmlTest, DocumentedParts) {
  std::vector<CompletedPart> parts = {
      {1, "\"8EFDA8BE206636A695359836FE0A****\""},
      {2, "\"8C315065167132444177411FDA14****\""},
      {3, "\"3349DC700140D7F86A0784842780****\""},
  };
  std::string xml = BuildCompleteMultipartUploadXml(parts);
  EXPECT_EQ(xml.rfind("<CompleteMultipartUpload><Part><PartNumber>1</"
                      "PartNumber><ETag>",
                      0),
            0u)
      << xml;
  EXPECT_EQ(ReadBack(xml), Numbered(parts));
}

TEST(BuildCompleteMultipartUploadXmlTest, GivenOrderIsKept) {
  std::vector<CompletedPart> parts = {{10000, "C"}, {1, "A"}, {5, "B"}};
  EXPECT_EQ(ReadBack(BuildCompleteMultipartUploadXml(parts)), Numbered(parts));
}

TEST(BuildCompleteMultipartUploadXmlTest, SpecialCharactersAreEscaped) {
  std::vector<CompletedPart> parts = {
      {1, "a<b>&c\"d'e]]>f"}, {2, "&amp;"}, {3, "\xE4\xB8\xAD"}, {4, ""}};
  std::string xml = BuildCompleteMultipartUploadXml(parts);
  EXPECT_EQ(xml.find("<b>"), std::string::npos) << xml;
  EXPECT_EQ(ReadBack(xml), Numbered(parts));
}

TEST(BuildCompleteMultipartUploadXmlTest, NoParts) {
  std::string xml = BuildCompleteMultipartUploadXml({});
  EXPECT_TRUE(ReadBack(xml).empty());
}

}  // namespace
}  // namespace ossxfer::oss
