// Versions in the store (oss-protocol-2.md §10): what each write, delete
// and listing does in a bucket never versioned, Enabled and Suspended, and
// that a version's files live exactly as long as the version.
#include <gtest/gtest.h>

#include "object_store_fixture.h"

namespace ossxfer::server {
namespace {

class ObjectStoreVersionsTest : public ObjectStoreTest {
 protected:
  size_t FileCount() { return FilesIn(root_ / "data").size(); }

  std::string VersionOf(const Result<StoredObject>& object) {
    EXPECT_TRUE(object.ok()) << object.status();
    return object.ok() ? object->version_id : "";
  }

  // (key, version, latest, marker) of every entry of a one-page listing.
  std::vector<std::tuple<std::string, std::string, bool, bool>> Versions(
      const std::string& key_marker = "", const std::string& id_marker = "",
      int max_keys = 1000, bool* truncated = nullptr) {
    Result<VersionListPage> page = store_->ListObjectVersions(
        "bucket", "", "", key_marker, id_marker, max_keys);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::tuple<std::string, std::string, bool, bool>> out;
    if (!page.ok()) return out;
    if (truncated != nullptr) *truncated = page->is_truncated;
    for (const StoredObject& version : page->versions) {
      out.emplace_back(version.key, version.version_id, version.is_latest,
                       version.delete_marker);
    }
    return out;
  }
};

TEST_F(ObjectStoreVersionsTest, ANeverVersionedBucketKeepsOneNullVersion) {
  EXPECT_EQ(VersionOf(Put("k", "one")), "null");
  EXPECT_EQ(VersionOf(Put("k", "two")), "null");
  EXPECT_EQ(FileCount(), 1u);
  EXPECT_EQ(Versions(),
            (std::vector<std::tuple<std::string, std::string, bool, bool>>{
                {"k", "null", true, false}}));
  Result<DeleteOutcome> deleted = store_->DeleteVersion("bucket", "k", {});
  ASSERT_OK(deleted);
  EXPECT_FALSE(deleted->delete_marker);
  EXPECT_TRUE(Versions().empty());
  EXPECT_EQ(FileCount(), 0u);
}

TEST_F(ObjectStoreVersionsTest, EnabledKeepsEveryVersionAndAddsMarkers) {
  ASSERT_OK(store_->SetBucketVersioning("bucket", "Enabled"));
  const std::string v1 = VersionOf(Put("k", "one"));
  const std::string v2 = VersionOf(Put("k", "two"));
  EXPECT_NE(v1, "null");
  EXPECT_NE(v1, v2);
  EXPECT_EQ(Read("k"), "two");
  Result<StoredObject> old = store_->GetObject("bucket", "k", v1);
  ASSERT_OK(old);
  EXPECT_TRUE(ReadSegments(*old) == "one");
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("bucket", "k", std::string("nope")), 404,
                     "NoSuchVersion"));

  Result<DeleteOutcome> marker = store_->DeleteVersion("bucket", "k", {});
  ASSERT_OK(marker);
  EXPECT_TRUE(marker->delete_marker);
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("bucket", "k"), 404, "NoSuchKey"));
  EXPECT_EQ(store_->CurrentDeleteMarker("bucket", "k")->value_or(""),
            *marker->version_id);
  EXPECT_TRUE(AllKeys().empty()) << "a listing shows a deleted key";
  EXPECT_EQ(FileCount(), 2u) << "a delete marker keeps the data";
  using Row = std::tuple<std::string, std::string, bool, bool>;
  EXPECT_EQ(Versions(),
            (std::vector<Row>{{"k", *marker->version_id, true, true},
                              {"k", v2, false, false},
                              {"k", v1, false, false}}));
  // Paging within the key, newest first.
  bool truncated = false;
  EXPECT_EQ(Versions("", "", 1, &truncated),
            (std::vector<Row>{{"k", *marker->version_id, true, true}}));
  EXPECT_TRUE(truncated);
  EXPECT_EQ(Versions("k", *marker->version_id, 1, &truncated),
            (std::vector<Row>{{"k", v2, false, false}}));
  EXPECT_EQ(Versions("k", v2, 5, &truncated),
            (std::vector<Row>{{"k", v1, false, false}}));
  EXPECT_FALSE(truncated);

  // Removing the marker brings the key back; removing a version frees it.
  ASSERT_OK(store_->DeleteVersion("bucket", "k", marker->version_id));
  EXPECT_EQ(Read("k"), "two");
  ASSERT_OK(store_->DeleteVersion("bucket", "k", v2));
  EXPECT_EQ(Read("k"), "one");
  EXPECT_EQ(FileCount(), 1u);
  Reopen();
  EXPECT_EQ(Read("k"), "one");
  EXPECT_EQ(FileCount(), 1u);
}

TEST_F(ObjectStoreVersionsTest, SuspendedReplacesOnlyTheNullVersion) {
  ASSERT_OK(store_->SetBucketVersioning("bucket", "Enabled"));
  const std::string kept = VersionOf(Put("k", "kept"));
  ASSERT_OK(store_->SetBucketVersioning("bucket", "Suspended"));
  EXPECT_EQ(VersionOf(Put("k", "null one")), "null");
  EXPECT_EQ(VersionOf(Put("k", "null two")), "null");
  EXPECT_EQ(FileCount(), 2u);
  Result<DeleteOutcome> marker = store_->DeleteVersion("bucket", "k", {});
  ASSERT_OK(marker);
  EXPECT_EQ(marker->version_id, "null");
  EXPECT_TRUE(marker->delete_marker);
  EXPECT_EQ(FileCount(), 1u) << "the null version went with the marker";
  Result<StoredObject> old = store_->GetObject("bucket", "k", kept);
  ASSERT_OK(old);
  EXPECT_TRUE(ReadSegments(*old) == "kept");
}

TEST_F(ObjectStoreVersionsTest, VersionsWorkWithCopiesAppendsAndAttributes) {
  ASSERT_OK(store_->SetBucketVersioning("bucket", "Enabled"));
  const std::string v1 = VersionOf(Put("src", "first"));
  ASSERT_OK(Put("src", "second"));
  Result<StoredObject> first = store_->GetObject("bucket", "src", v1);
  ASSERT_OK(first);
  StoredObject destination;
  destination.bucket = "bucket";
  destination.key = "copy";
  ASSERT_OK(store_->CopyObject(*first, destination, false));
  EXPECT_EQ(Read("copy"), "first");
  // Attributes of an old version change that version only.
  ASSERT_OK(store_->UpdateAttributes(
      "bucket", "src", v1, [](ObjectAttributes& a) { a.acl = "public-read"; }));
  EXPECT_EQ(store_->GetObject("bucket", "src", v1)->attributes.acl,
            "public-read");
  EXPECT_EQ(store_->GetObject("bucket", "src")->attributes.acl, "");
  // Deleting every version of every key frees every file.
  for (const auto& [key, version, latest, marker] : Versions()) {
    ASSERT_OK(store_->DeleteVersion("bucket", key, version));
  }
  EXPECT_EQ(FileCount(), 0u);
  EXPECT_OK(store_->DeleteBucket("bucket"));
}

}  // namespace
}  // namespace ossxfer::server
