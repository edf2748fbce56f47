// Copies, copied parts and appends: objects whose segments reference bytes
// other objects also hold. What must hold: the bytes read are the right
// ones, no byte is written twice, and a file lives exactly as long as
// something references it.
#include <gtest/gtest.h>

#include "object_store_fixture.h"
#include "server/store_catalog.h"

namespace ossxfer::server {
namespace {

class ObjectStoreSharingTest : public ObjectStoreTest {
 protected:
  // Every data and part file on disk.
  size_t FileCount() {
    return FilesIn(root_ / "data").size() + FilesIn(root_ / "parts").size();
  }

  Result<StoredObject> Copy(const std::string& from, const std::string& to,
                            bool forbid_overwrite = false) {
    Result<StoredObject> source = store_->GetObject("bucket", from);
    if (!source.ok()) return source.status();
    StoredObject destination;
    destination.bucket = "bucket";
    destination.key = to;
    destination.attributes = source->attributes;
    return store_->CopyObject(*source, destination, forbid_overwrite);
  }

  Result<StoredObject> Append(const std::string& key, uint64_t position,
                              const std::string& data) {
    Result<std::unique_ptr<AppendWriter>> writer =
        store_->BeginAppend("bucket", key, {});
    if (!writer.ok()) return writer.status();
    Status appended = (*writer)->Append(data.data(), data.size());
    if (!appended.ok()) return appended;
    return (*writer)->Commit(position, std::nullopt);
  }
};

TEST_F(ObjectStoreSharingTest, ACopyReferencesTheSourceBytesAndOutlivesIt) {
  const std::string data = Bytes(300000, 1);
  ASSERT_OK(Put("source", data));
  const size_t files = FileCount();
  Result<StoredObject> copy = Copy("source", "copy");
  ASSERT_OK(copy);
  EXPECT_EQ(copy->etag, QuotedMd5(data));
  EXPECT_EQ(copy->crc64, Crc64(data));
  EXPECT_EQ(FileCount(), files) << "a copy wrote bytes";
  EXPECT_TRUE(Read("copy") == data);
  // The source goes; its file stays for the copy, and goes with it.
  ASSERT_OK(store_->DeleteObject("bucket", "source"));
  EXPECT_EQ(FileCount(), files);
  EXPECT_TRUE(Read("copy") == data);
  Reopen();  // Open removes unreferenced files: this one is referenced
  EXPECT_TRUE(Read("copy") == data);
  ASSERT_OK(store_->DeleteObject("bucket", "copy"));
  EXPECT_EQ(FileCount(), 0u);
}

TEST_F(ObjectStoreSharingTest, ASelfCopyKeepsTheBytesAndChangesMetadata) {
  const std::string data = Bytes(1000, 2);
  ASSERT_OK(Put("k", data));
  Result<StoredObject> source = store_->GetObject("bucket", "k");
  ASSERT_OK(source);
  StoredObject destination;
  destination.bucket = "bucket";
  destination.key = "k";
  destination.attributes.content_type = "text/plain";
  destination.attributes.user_metadata["new"] = "1";
  ASSERT_OK(store_->CopyObject(*source, destination, false));
  Result<StoredObject> after = store_->GetObject("bucket", "k");
  ASSERT_OK(after);
  EXPECT_EQ(after->attributes.content_type, "text/plain");
  EXPECT_EQ(after->attributes.user_metadata.at("new"), "1");
  EXPECT_EQ(after->etag, source->etag);
  EXPECT_TRUE(ReadSegments(*after) == data);
  EXPECT_EQ(FileCount(), 1u);
}

TEST_F(ObjectStoreSharingTest, ACopyOfAMultipartObjectSharesItsSegments) {
  const std::vector<std::string> parts = {Bytes(kMinPart, 3),
                                          Bytes(kMinPart + 7, 4)};
  ASSERT_OK(PutMultipart("multi", parts));
  const size_t files = FileCount();
  Result<StoredObject> copy = Copy("multi", "copy");
  ASSERT_OK(copy);
  EXPECT_EQ(FileCount(), files);
  EXPECT_TRUE(Read("copy") == parts[0] + parts[1]);
  // Overwriting the source keeps the copy whole.
  ASSERT_OK(Put("multi", "new"));
  EXPECT_TRUE(Read("copy") == parts[0] + parts[1]);
  ASSERT_OK(store_->DeleteObject("bucket", "copy"));
  EXPECT_EQ(FileCount(), 1u);  // "new"
}

TEST_F(ObjectStoreSharingTest, AReplacedSourceIsNotCopied) {
  ASSERT_OK(Put("source", "first"));
  Result<StoredObject> seen = store_->GetObject("bucket", "source");
  ASSERT_OK(seen);
  ASSERT_OK(Put("source", "second"));
  StoredObject destination;
  destination.bucket = "bucket";
  destination.key = "copy";
  Result<StoredObject> copy = store_->CopyObject(*seen, destination, false);
  EXPECT_EQ(copy.status().code(), StatusCode::kNotFound) << copy.status();
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("bucket", "copy"), 404, "NoSuchKey"));
}

TEST_F(ObjectStoreSharingTest, ForbidOverwriteRefusesAnExistingDestination) {
  ASSERT_OK(Put("source", "s"));
  ASSERT_OK(Put("taken", "t"));
  EXPECT_TRUE(
      IsServiceError(Copy("source", "taken", true), 409, "FileAlreadyExists"));
  EXPECT_TRUE(Read("taken") == "t");
}

TEST_F(ObjectStoreSharingTest, CopiedPartsReferenceRangesOfTheSource) {
  const std::string data = Bytes(3 * kMinPart + 11, 5);
  ASSERT_OK(PutMultipart(
      "source", {data.substr(0, 2 * kMinPart), data.substr(2 * kMinPart)}));
  Result<StoredObject> source = store_->GetObject("bucket", "source");
  ASSERT_OK(source);
  const size_t files = FileCount();
  const std::string upload = Initiate("assembled");
  // Ranges that start and end inside segments and straddle their border.
  const std::vector<std::pair<uint64_t, uint64_t>> ranges = {
      {5, kMinPart}, {5 + kMinPart, kMinPart + 3}, {2 * kMinPart + 8, 3}};
  std::vector<CompletedPart> list;
  std::string expected;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const auto [first, size] = ranges[i];
    const std::string bytes = data.substr(first, size);
    Result<StoredPart> part =
        store_->CopyPart("bucket", "assembled", upload, static_cast<int>(i + 1),
                         *source, first, size);
    ASSERT_OK(part);
    EXPECT_EQ(part->etag, QuotedMd5(bytes));
    EXPECT_EQ(part->crc64, Crc64(bytes));
    EXPECT_EQ(part->size, size);
    list.push_back({static_cast<int>(i + 1), part->etag});
    expected += bytes;
  }
  EXPECT_EQ(FileCount(), files) << "a copied part wrote bytes";
  Result<StoredObject> assembled =
      store_->CompleteUpload("bucket", "assembled", upload, list, false, false);
  ASSERT_OK(assembled);
  EXPECT_EQ(assembled->crc64, Crc64(expected));
  EXPECT_TRUE(Read("assembled") == expected);
  ASSERT_OK(store_->DeleteObject("bucket", "source"));
  EXPECT_TRUE(Read("assembled") == expected);
  Reopen();
  EXPECT_TRUE(Read("assembled") == expected);
  ASSERT_OK(store_->DeleteObject("bucket", "assembled"));
  EXPECT_EQ(FileCount(), 0u);
}

TEST_F(ObjectStoreSharingTest, AnAbortedUploadReleasesOnlyWhatNothingElseUses) {
  const std::string data = Bytes(2 * kMinPart, 6);
  ASSERT_OK(Put("source", data));
  Result<StoredObject> source = store_->GetObject("bucket", "source");
  ASSERT_OK(source);
  const std::string upload = Initiate("target");
  ASSERT_OK(
      store_->CopyPart("bucket", "target", upload, 1, *source, 0, kMinPart));
  ASSERT_OK(UploadPart("target", upload, 2, "own bytes"));
  // Replacing a copied part by a copy of another range, then dropping it.
  ASSERT_OK(store_->CopyPart("bucket", "target", upload, 1, *source, 1, 10));
  ASSERT_OK(store_->AbortUpload("bucket", "target", upload));
  EXPECT_EQ(FileCount(), 1u);
  EXPECT_TRUE(Read("source") == data);
}

TEST_F(ObjectStoreSharingTest, AppendsChainTheirCrcAndCheckThePosition) {
  Result<StoredObject> first = Append("log", 0, "12345");
  ASSERT_OK(first);
  EXPECT_EQ(first->object_type, "Appendable");
  EXPECT_EQ(first->size, 5u);
  EXPECT_EQ(first->crc64, 6748440630437108969u);  // oss-protocol-2.md §8.4
  Result<StoredObject> second = Append("log", 5, "67890");
  ASSERT_OK(second);
  EXPECT_EQ(second->crc64, 12811388247244714686u);
  EXPECT_NE(second->etag, first->etag);
  EXPECT_TRUE(Read("log") == "1234567890");
  EXPECT_TRUE(
      IsServiceError(Append("log", 5, "x"), 409, "PositionNotEqualToLength"));
  EXPECT_TRUE(
      IsServiceError(Append("other", 3, "x"), 409, "PositionNotEqualToLength"));
  // An empty append at the right position changes nothing.
  Result<StoredObject> empty = Append("log", 10, "");
  ASSERT_OK(empty);
  EXPECT_EQ(empty->etag, second->etag);
  EXPECT_EQ(FileCount(), 2u) << "failed and empty appends leave no file";
  ASSERT_OK(Put("normal", "n"));
  EXPECT_TRUE(
      IsServiceError(Append("normal", 1, "x"), 409, "ObjectNotAppendable"));
  EXPECT_TRUE(Read("normal") == "n");
  Reopen();
  EXPECT_TRUE(Read("log") == "1234567890");
  // A PutObject replaces an appendable object with a normal one.
  ASSERT_OK(Put("log", "over"));
  EXPECT_EQ(FileCount(), 2u);
}

TEST_F(ObjectStoreSharingTest,
       ASnapshotOfAnAppendableObjectKeepsItsBytesAsItGrows) {
  // The store copies what it is given; refusing Appendable sources is the
  // handler's rule (oss-protocol-2.md §3.2). Here: its bytes stay shared
  // and right after further appends to the source.
  ASSERT_OK(Append("log", 0, "abc"));
  ASSERT_OK(Copy("log", "snapshot"));
  ASSERT_OK(Append("log", 3, "def"));
  EXPECT_TRUE(Read("snapshot") == "abc");
  EXPECT_TRUE(Read("log") == "abcdef");
}

TEST_F(ObjectStoreSharingTest, SymlinksHaveNoBytesAndCopyAsLinks) {
  ASSERT_OK(Put("target", "bytes"));
  ObjectAttributes attributes;
  attributes.user_metadata["m"] = "v";
  Result<StoredObject> link =
      store_->PutSymlink("bucket", "link", "target", attributes, false);
  ASSERT_OK(link);
  EXPECT_EQ(link->object_type, "Symlink");
  ASSERT_OK(Copy("link", "link2"));
  Result<StoredObject> copied = store_->GetObject("bucket", "link2");
  ASSERT_OK(copied);
  EXPECT_EQ(copied->object_type, "Symlink");
  EXPECT_EQ(copied->symlink_target, "target");
  EXPECT_EQ(copied->size, 0u);
  EXPECT_TRUE(
      IsServiceError(store_->PutSymlink("bucket", "link", "x", {}, true), 409,
                     "FileAlreadyExists"));
  Reopen();
  EXPECT_EQ(store_->GetObject("bucket", "link")->symlink_target, "target");
  EXPECT_EQ(FileCount(), 1u);
}

TEST_F(ObjectStoreSharingTest, AclAndTagsChangeInPlace) {
  ASSERT_OK(Put("k", "data"));
  Result<StoredObject> before = store_->GetObject("bucket", "k");
  ASSERT_OK(before);
  ASSERT_OK(store_->UpdateAttributes("bucket", "k", std::nullopt,
                                     [](ObjectAttributes& a) {
                                       a.acl = "public-read";
                                       a.tagging = "a=1&b=2";
                                     }));
  Result<StoredObject> after = store_->GetObject("bucket", "k");
  ASSERT_OK(after);
  EXPECT_EQ(after->attributes.acl, "public-read");
  EXPECT_EQ(after->attributes.tagging, "a=1&b=2");
  EXPECT_EQ(after->last_modified_ms, before->last_modified_ms);
  EXPECT_EQ(after->etag, before->etag);
  EXPECT_TRUE(
      IsServiceError(store_->UpdateAttributes("bucket", "missing", std::nullopt,
                                              [](ObjectAttributes&) {}),
                     404, "NoSuchKey"));
  ASSERT_OK(store_->SetBucketAcl("bucket", "public-read-write"));
  EXPECT_EQ(store_->GetBucket("bucket")->acl, "public-read-write");
  EXPECT_TRUE(IsServiceError(store_->SetBucketAcl("nobucket", "private"), 404,
                             "NoSuchBucket"));
}

}  // namespace
}  // namespace ossxfer::server
