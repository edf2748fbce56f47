#include "server/s3_checksums.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/server_request.h"
#include "util/encoding.h"

namespace ossxfer::server {
namespace {

constexpr uint64_t kPartSize = 5242880;

std::vector<PartChecksum> PartsOf(const std::vector<std::string>& base64) {
  // s3-protocol.md §5.2's parts: 5242880 x 'a', 5242880 x 'b', then "c".
  const uint64_t sizes[] = {kPartSize, kPartSize, 1};
  std::vector<PartChecksum> parts;
  for (size_t i = 0; i < base64.size(); ++i) {
    parts.push_back({sizes[i], *util::Base64Decode(base64[i])});
  }
  return parts;
}

// s3-protocol.md §5.5's worked example: what moto returned for the same
// parts, COMPOSITE and FULL_OBJECT.
TEST(S3ChecksumsTest, TheObjectChecksumIsFormedAsTheUploadAsks) {
  const std::vector<PartChecksum> crc32 =
      PartsOf({"r/zBbw==", "yG5QvA==", "Brnfbw=="});
  EXPECT_EQ(ObjectChecksumOfParts({"CRC32", "COMPOSITE"}, crc32).value,
            "efOKxQ==-3");
  const StoredChecksum full =
      ObjectChecksumOfParts({"CRC32", "FULL_OBJECT"}, crc32);
  EXPECT_EQ(full.value, "PADLLA==");
  EXPECT_EQ(full.type, "FULL_OBJECT");
  EXPECT_EQ(full.algorithm, "CRC32");
  const std::vector<PartChecksum> crc32c =
      PartsOf({"WpuOeg==", "JtMBsw==", "IOszxw=="});
  EXPECT_EQ(ObjectChecksumOfParts({"CRC32C", "COMPOSITE"}, crc32c).value,
            "BE1M2w==-3");
  EXPECT_EQ(ObjectChecksumOfParts({"CRC32C", "FULL_OBJECT"}, crc32c).value,
            "Cimm6g==");
}

TEST(S3ChecksumsTest, NoChecksumWhenAPartHasNoneOrTheUploadAsksNone) {
  std::vector<PartChecksum> parts =
      PartsOf({"r/zBbw==", "yG5QvA==", "Brnfbw=="});
  EXPECT_TRUE(ObjectChecksumOfParts({}, parts).algorithm.empty());
  parts[1].checksum.clear();  // a copied part
  EXPECT_TRUE(
      ObjectChecksumOfParts({"CRC32", "COMPOSITE"}, parts).algorithm.empty());
}

ServerRequest S3Create(auth::NameValueList headers) {
  ServerRequest request;
  request.method = "POST";
  request.dialect = WireDialect::kS3;
  request.headers = std::move(headers);
  return request;
}

TEST(S3ChecksumsTest, AnUploadsAlgorithmAndTypeAreChecked) {
  Result<UploadChecksum> plain = UploadChecksumOf(S3Create({}), 501);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->algorithm.empty());
  Result<UploadChecksum> defaulted =
      UploadChecksumOf(S3Create({{"x-amz-checksum-algorithm", "crc32c"}}), 501);
  ASSERT_TRUE(defaulted.ok());
  EXPECT_EQ(defaulted->algorithm, "CRC32C");
  EXPECT_EQ(defaulted->type, "COMPOSITE");
  struct Case {
    auth::NameValueList headers;
    int status;
  };
  const std::vector<Case> refused = {
      {{{"x-amz-checksum-algorithm", "MD5"}}, 400},
      {{{"x-amz-checksum-type", "COMPOSITE"}}, 400},
      {{{"x-amz-checksum-algorithm", "CRC32"},
        {"x-amz-checksum-type", "WHOLE"}},
       400},
      // SHA digests do not combine: COMPOSITE only.
      {{{"x-amz-checksum-algorithm", "SHA256"},
        {"x-amz-checksum-type", "FULL_OBJECT"}},
       400},
      // S3 has it; serve does not compute it.
      {{{"x-amz-checksum-algorithm", "CRC64NVME"}}, 501},
  };
  for (const Case& c : refused) {
    Result<UploadChecksum> checksum =
        UploadChecksumOf(S3Create(c.headers), 501);
    ASSERT_FALSE(checksum.ok()) << c.headers.front().second;
    EXPECT_EQ(checksum.status().service_error()->http_status, c.status)
        << c.headers.front().second;
  }
  // An OSS request's x-amz-* headers mean nothing to OSS.
  ServerRequest oss = S3Create({{"x-amz-checksum-algorithm", "MD5"}});
  oss.dialect = WireDialect::kOss;
  EXPECT_TRUE(UploadChecksumOf(oss, 501).ok());
}

TEST(S3ChecksumsTest, ChecksumsAreReturnedOnlyWhenAskedByS3) {
  ServerRequest request = S3Create({{"x-amz-checksum-mode", "enabled"}});
  EXPECT_TRUE(WantsChecksums(request));
  request.dialect = WireDialect::kOss;
  EXPECT_FALSE(WantsChecksums(request));
  EXPECT_FALSE(WantsChecksums(S3Create({})));
  const ResponseHeaders headers =
      ChecksumResponseHeaders({"CRC32C", "FULL_OBJECT", "Cimm6g=="});
  EXPECT_EQ(headers, (ResponseHeaders{{"x-amz-checksum-crc32c", "Cimm6g=="},
                                      {"x-amz-checksum-type", "FULL_OBJECT"}}));
  EXPECT_TRUE(ChecksumResponseHeaders({}).empty());
}

}  // namespace
}  // namespace ossxfer::server
