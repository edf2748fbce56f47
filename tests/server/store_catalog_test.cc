// The catalog's side of multipart objects stored as segments: ownership of
// part files passing to the object in Complete's transaction, the checks
// that guard it, and the files each change releases.
#include "server/store_catalog.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace ossxfer::server {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Sorted(const std::unordered_set<std::string>& names) {
  return Sorted(std::vector<std::string>(names.begin(), names.end()));
}

class StoreCatalogTest : public ::testing::Test {
 protected:
  // The catalog sets the version of the row it stores: these take a copy.
  Result<ReleasedFiles> CompleteUpload(const std::string& upload_id,
                                       ObjectRow row, bool forbid_overwrite) {
    return catalog_->CompleteUpload(upload_id, row, forbid_overwrite);
  }
  Result<ReleasedFiles> DeleteObject(const std::string& bucket,
                                     const std::string& key) {
    Result<DeletedVersion> deleted =
        catalog_->DeleteObject(bucket, key, std::nullopt, 0);
    if (!deleted.ok()) return deleted.status();
    return deleted->released;
  }

  void SetUp() override {
    char pattern[] = "/tmp/store_catalog_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    Result<std::unique_ptr<StoreCatalog>> opened =
        StoreCatalog::Open(dir_ / "store.db");
    ASSERT_TRUE(opened.ok()) << opened.status();
    catalog_ = std::move(opened).value();
    ASSERT_TRUE(catalog_->CreateBucket("bucket", 1).ok());
    ASSERT_TRUE(catalog_->InsertUpload("bucket", "k", kUpload, {}, {}, 1).ok());
    for (int number = 1; number <= 3; ++number) {
      PartRow part;
      part.part.part_number = number;
      part.part.size = 100 * number;
      part.md5 = std::string(16, static_cast<char>(number));
      part.data_file = "part" + std::to_string(number);
      ASSERT_TRUE(catalog_->PutPart("bucket", "k", kUpload, part).ok());
    }
  }

  void TearDown() override {
    catalog_.reset();
    std::error_code error;
    fs::remove_all(dir_, error);
  }

  static ObjectRow Segmented(std::vector<SegmentRow> segments) {
    ObjectRow row;
    row.object.bucket = "bucket";
    row.object.key = "k";
    row.object.etag = "\"E-2\"";
    row.object.object_type = "Multipart";
    for (const SegmentRow& segment : segments) {
      row.object.size += segment.size;
    }
    row.data_file = "segments-id";
    row.segments = std::move(segments);
    return row;
  }

  static constexpr char kUpload[] = "0123456789ABCDEF0123456789ABCDEF";
  fs::path dir_;
  std::unique_ptr<StoreCatalog> catalog_;
};

TEST_F(StoreCatalogTest, CompleteMovesThePartFilesToTheObject) {
  Result<ReleasedFiles> released = CompleteUpload(
      kUpload, Segmented({{"part1", 100}, {"part3", 300}}), false);
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_TRUE(released->data.empty());
  // Part 2 was left out: its file is released, the others are kept.
  EXPECT_EQ(released->parts, std::vector<std::string>{"part2"});

  Result<ObjectRow> row = catalog_->GetObject("bucket", "k");
  ASSERT_TRUE(row.ok()) << row.status();
  ASSERT_EQ(row->segments.size(), 2u);
  EXPECT_EQ(row->segments[0].data_file, "part1");
  EXPECT_EQ(row->segments[0].size, 100u);
  EXPECT_EQ(row->segments[1].data_file, "part3");
  EXPECT_EQ(row->segments[1].size, 300u);
  EXPECT_EQ(row->object.size, 400u);

  Result<ReferencedFiles> referenced = catalog_->ListReferencedFiles();
  ASSERT_TRUE(referenced.ok());
  EXPECT_EQ(Sorted(referenced->parts),
            (std::vector<std::string>{"part1", "part3"}));
  // The segmented object's id names no file in data/.
  EXPECT_TRUE(referenced->data.empty());
  // The upload is gone.
  EXPECT_EQ(catalog_->GetUpload("bucket", "k", kUpload).status().code(),
            StatusCode::kNotFound);
}

TEST_F(StoreCatalogTest, CompleteRefusesFilesThatAreNotPartsOfTheUpload) {
  // A part replaced or dropped since it was listed: its old file name.
  Result<ReleasedFiles> stale = CompleteUpload(
      kUpload, Segmented({{"part1", 100}, {"gone", 200}}), false);
  ASSERT_FALSE(stale.ok());
  ASSERT_NE(stale.status().service_error(), nullptr);
  EXPECT_EQ(stale.status().service_error()->code, "InvalidPart");
  // A size that is not the part's.
  Result<ReleasedFiles> resized = CompleteUpload(
      kUpload, Segmented({{"part1", 100}, {"part2", 201}}), false);
  ASSERT_FALSE(resized.ok());
  EXPECT_EQ(resized.status().service_error()->code, "InvalidPart");
  // A part file of another upload.
  ASSERT_TRUE(catalog_->InsertUpload("bucket", "k", "OTHER", {}, {}, 2).ok());
  PartRow foreign;
  foreign.part.part_number = 1;
  foreign.part.size = 5;
  foreign.md5 = std::string(16, 'x');
  foreign.data_file = "foreign";
  ASSERT_TRUE(catalog_->PutPart("bucket", "k", "OTHER", foreign).ok());
  Result<ReleasedFiles> other =
      CompleteUpload(kUpload, Segmented({{"foreign", 5}}), false);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().service_error()->code, "InvalidPart");

  // Nothing changed: no object, every part still a part.
  EXPECT_EQ(catalog_->GetObject("bucket", "k").status().code(),
            StatusCode::kNotFound);
  Result<ReferencedFiles> referenced = catalog_->ListReferencedFiles();
  ASSERT_TRUE(referenced.ok());
  EXPECT_EQ(Sorted(referenced->parts),
            (std::vector<std::string>{"foreign", "part1", "part2", "part3"}));
  Result<std::vector<PartRow>> parts =
      catalog_->ListParts("bucket", "k", kUpload, 0, 10);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->size(), 3u);
}

// The object store refuses a forbidden overwrite before it gets here; the
// catalog must still refuse one that raced in between, inside the
// transaction, and leave the upload as it was.
TEST_F(StoreCatalogTest, CompleteWithForbidOverwriteOverAnObjectMovesNothing) {
  ObjectRow plain;
  plain.object.bucket = "bucket";
  plain.object.key = "k";
  plain.object.size = 4;
  plain.data_file = "plain-file";
  ASSERT_TRUE(catalog_->PutObject(plain, false).ok());
  Result<ReleasedFiles> refused =
      CompleteUpload(kUpload, Segmented({{"part1", 100}}), true);
  ASSERT_FALSE(refused.ok());
  ASSERT_NE(refused.status().service_error(), nullptr);
  EXPECT_EQ(refused.status().service_error()->code, "FileAlreadyExists");
  Result<std::vector<PartRow>> parts =
      catalog_->ListParts("bucket", "k", kUpload, 0, 10);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->size(), 3u);
  Result<ObjectRow> row = catalog_->GetObject("bucket", "k");
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_TRUE(row->segments.empty());
  EXPECT_EQ(row->data_file, "plain-file");
}

TEST_F(StoreCatalogTest, ReplacingOrDeletingASegmentedObjectReleasesItsFiles) {
  ASSERT_TRUE(CompleteUpload(
                  kUpload,
                  Segmented({{"part1", 100}, {"part2", 200}, {"part3", 300}}),
                  false)
                  .ok());
  ObjectRow plain;
  plain.object.bucket = "bucket";
  plain.object.key = "k";
  plain.object.size = 4;
  plain.data_file = "plain-file";
  EXPECT_EQ(catalog_->PutObject(plain, true).status().service_error()->code,
            "FileAlreadyExists");
  Result<ReleasedFiles> replaced = catalog_->PutObject(plain, false);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_TRUE(replaced->data.empty());
  EXPECT_EQ(Sorted(replaced->parts),
            (std::vector<std::string>{"part1", "part2", "part3"}));
  Result<ReferencedFiles> referenced = catalog_->ListReferencedFiles();
  ASSERT_TRUE(referenced.ok());
  EXPECT_TRUE(referenced->parts.empty());
  EXPECT_EQ(Sorted(referenced->data), std::vector<std::string>{"plain-file"});
  Result<ObjectRow> row = catalog_->GetObject("bucket", "k");
  ASSERT_TRUE(row.ok());
  EXPECT_TRUE(row->segments.empty());
  EXPECT_EQ(row->data_file, "plain-file");

  Result<ReleasedFiles> deleted = DeleteObject("bucket", "k");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->data, std::vector<std::string>{"plain-file"});
  EXPECT_TRUE(deleted->parts.empty());
}

TEST_F(StoreCatalogTest, DeletingASegmentedObjectReleasesItsSegments) {
  ASSERT_TRUE(CompleteUpload(kUpload,
                             Segmented({{"part1", 100}, {"part2", 200}}), false)
                  .ok());
  Result<ReleasedFiles> deleted = DeleteObject("bucket", "k");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_TRUE(deleted->data.empty());
  EXPECT_EQ(Sorted(deleted->parts),
            (std::vector<std::string>{"part1", "part2"}));
  Result<ReferencedFiles> referenced = catalog_->ListReferencedFiles();
  ASSERT_TRUE(referenced.ok());
  EXPECT_TRUE(referenced->parts.empty());
  EXPECT_TRUE(referenced->data.empty());
  // Deleting again releases nothing.
  Result<ReleasedFiles> again = DeleteObject("bucket", "k");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->data.empty() && again->parts.empty());
}

}  // namespace
}  // namespace ossxfer::server
