// S3's stored checksums as ObjectMetadata::checksum (oss/stored_checksum.h):
// only a whole object's CRC is taken, with the values of s3-protocol.md
// §5.5 and §5.7, and moto's untyped COMPOSITE value on a HEAD is not.
#include "oss/stored_checksum.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::oss {
namespace {

http::HttpResponse Answer(http::Headers headers) {
  http::HttpResponse response;
  response.status = 200;
  response.headers = std::move(headers);
  return response;
}

constexpr char kSinglePartEtag[] = "\"8197442490d042888e3848a0de8dc2ed\"";
constexpr char kMultipartEtag[] = "\"0a97f1336a2298a6c3e9adaa562a9eec-3\"";

TEST(StoredChecksumTest, AFullObjectCrcIsTheWholeObjects) {
  // §5.5's example object: CRC32C FULL_OBJECT Cimm6g==.
  Result<std::optional<Checksum>> crc32c =
      ParseStoredChecksum(Answer({{"x-amz-checksum-crc32c", "Cimm6g=="},
                                  {"x-amz-checksum-type", "FULL_OBJECT"}}),
                          kMultipartEtag);
  ASSERT_TRUE(crc32c.ok()) << crc32c.status();
  ASSERT_TRUE(crc32c->has_value());
  EXPECT_EQ(**crc32c, (Checksum{ChecksumAlgorithm::kCrc32c, 0x0a29a6ea}));

  // CRC32 FULL_OBJECT PADLLA== of the same bytes.
  Result<std::optional<Checksum>> crc32 =
      ParseStoredChecksum(Answer({{"X-Amz-Checksum-Crc32", "PADLLA=="},
                                  {"X-Amz-Checksum-Type", "FULL_OBJECT"}}),
                          kMultipartEtag);
  ASSERT_TRUE(crc32.ok()) << crc32.status();
  ASSERT_TRUE(crc32->has_value());
  EXPECT_EQ(**crc32, (Checksum{ChecksumAlgorithm::kCrc32, 0x3c00cb2c}));
}

TEST(StoredChecksumTest, AnUntypedCrcCountsOnlyForASinglePartObject) {
  // The check value of "123456789" (§5.7), big-endian in base64.
  Result<std::optional<Checksum>> single = ParseStoredChecksum(
      Answer({{"x-amz-checksum-crc32c", "4waSgw=="}}), kSinglePartEtag);
  ASSERT_TRUE(single.ok()) << single.status();
  ASSERT_TRUE(single->has_value());
  EXPECT_EQ(**single, (Checksum{ChecksumAlgorithm::kCrc32c, 0xe3069283}));

  // moto's HEAD of a multipart object: the COMPOSITE value without its -N
  // and without a type. Taken as the whole object's, it would fail every
  // good download.
  Result<std::optional<Checksum>> moto = ParseStoredChecksum(
      Answer({{"x-amz-checksum-crc32c", "BE1M2w=="}}), kMultipartEtag);
  ASSERT_TRUE(moto.ok()) << moto.status();
  EXPECT_FALSE(moto->has_value());
}

TEST(StoredChecksumTest, CompositeValuesAreNotTaken) {
  for (const http::Headers& headers : std::vector<http::Headers>{
           {{"x-amz-checksum-crc32c", "BE1M2w==-3"},
            {"x-amz-checksum-type", "COMPOSITE"}},
           {{"x-amz-checksum-crc32c", "BE1M2w=="},
            {"x-amz-checksum-type", "COMPOSITE"}},
           // A "-N" tells a composite value even without its type.
           {{"x-amz-checksum-crc32", "efOKxQ==-3"}},
           // Algorithms ossxfer does not compute.
           {{"x-amz-checksum-crc64nvme", "8ivC2dk3VUw="},
            {"x-amz-checksum-type", "FULL_OBJECT"}},
           {{"x-amz-checksum-sha256",
             "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}},
           {}}) {
    Result<std::optional<Checksum>> parsed =
        ParseStoredChecksum(Answer(headers), kSinglePartEtag);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_FALSE(parsed->has_value())
        << (headers.empty() ? "none" : headers.front().second);
  }
}

TEST(StoredChecksumTest, AMalformedValueThatWouldBeTakenIsAnError) {
  for (const char* bad : {"not base64!", "AAAAAAAA", "AAA="}) {
    Result<std::optional<Checksum>> parsed =
        ParseStoredChecksum(Answer({{"x-amz-checksum-crc32c", bad},
                                    {"x-amz-checksum-type", "FULL_OBJECT"}}),
                            kMultipartEtag);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kServiceError) << bad;
    EXPECT_NE(parsed.status().message().find("x-amz-checksum-crc32c"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace ossxfer::oss
