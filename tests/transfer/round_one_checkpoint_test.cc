// Checkpoints written by the previous release (round 1, commit 84dd0a9)
// still resume: the texts below were written by that release's serializers
// (built from that commit), and today's parsers must read them to the same
// values, and today's serializers must write the same bytes for them.
#include <gtest/gtest.h>

#include "transfer/download_checkpoint.h"
#include "transfer/upload_checkpoint.h"

namespace ossxfer::transfer {
namespace {

constexpr char kRoundOneUpload[] =
    R"ck({"format":"ossxfer-upload","version":1,"checksum":"ea88416600e3badd13f6c47fa7382c1856b483e15406feaadaaf316c84dd7bb4","body":{"bucket":"bucket","endpoint":"http://127.0.0.1:9000","key":"archive.tar","part_size":102400,"parts":[{"crc64":12345678901234567890,"etag":"\"5B3C1A2E053D763E1B002CC607C5A0FE\"","number":1,"size":102400}],"source_inode":4242,"source_mtime_ns":1700000000123456789,"source_path":"/data/archive.tar","source_size":250000,"upload_id":"0004B9894A22E5B1888A1E29F8230000"}})ck";

constexpr char kRoundOneDownload[] =
    R"ck({"format":"ossxfer-download","version":1,"checksum":"7e455ec4ee7b775f4993cf984f4c1f9739203214e0c9049bcd8e8ef06f86ff4e","body":{"bucket":"bucket","destination":"/data/object","endpoint":"http://127.0.0.1:9000","etag":"\"A1B2C3D4E5F60718293A4B5C6D7E8F90\"","key":"object","last_modified_unix":1700000000,"object_crc64":9876543210987654321,"object_size":250000,"part_size":102400,"parts":[{"crc64":111,"done":102400},{"crc64":222,"done":5000},{"crc64":0,"done":0}],"parts_have_crc64":true,"range_first":0,"range_last":249999,"version_id":""}})ck";

TEST(RoundOneCheckpointTest, AnUploadCheckpointReadsAndWritesTheSame) {
  Result<UploadCheckpoint> parsed = ParseUploadCheckpoint(kRoundOneUpload);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->source_path, "/data/archive.tar");
  EXPECT_EQ(parsed->source_size, 250000u);
  EXPECT_EQ(parsed->source_mtime_ns, 1700000000123456789);
  EXPECT_EQ(parsed->source_inode, 4242u);
  EXPECT_EQ(parsed->upload_id, "0004B9894A22E5B1888A1E29F8230000");
  EXPECT_EQ(parsed->source_etag, "");  // added for copies; absent here
  ASSERT_EQ(parsed->parts.size(), 1u);
  // Round 1 knew one algorithm: its values read as CRC-64/ECMA.
  EXPECT_EQ(parsed->parts[0].checksum,
            (Checksum{ChecksumAlgorithm::kCrc64Ecma, 12345678901234567890u}));
  EXPECT_EQ(SerializeUploadCheckpoint(*parsed), kRoundOneUpload);
}

TEST(RoundOneCheckpointTest, ADownloadCheckpointReadsAndWritesTheSame) {
  Result<DownloadCheckpoint> parsed =
      ParseDownloadCheckpoint(kRoundOneDownload);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->destination, "/data/object");
  EXPECT_EQ(parsed->object_checksum,
            (Checksum{ChecksumAlgorithm::kCrc64Ecma, 9876543210987654321u}));
  EXPECT_EQ(parsed->parts_algorithm, ChecksumAlgorithm::kCrc64Ecma);
  ASSERT_EQ(parsed->parts.size(), 3u);
  EXPECT_EQ(parsed->parts[1].done, 5000u);
  EXPECT_EQ(parsed->parts[1].checksum, 222u);
  EXPECT_EQ(SerializeDownloadCheckpoint(*parsed), kRoundOneDownload);
}

}  // namespace
}  // namespace ossxfer::transfer
