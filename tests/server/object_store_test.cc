#include <gtest/gtest.h>

#include "object_store_fixture.h"

namespace ossxfer::server {
namespace {

// ---- Objects ----

TEST_F(ObjectStoreTest, PutThenGetReturnsDataEtagCrcAndAttributes) {
  ObjectAttributes attributes;
  attributes.content_type = "text/plain";
  attributes.cache_control = "no-cache";
  attributes.acl = "public-read";
  attributes.storage_class = "IA";
  attributes.user_metadata = {{"color", "blue"}, {"empty", ""}};
  const std::string data = "hello, object store";

  Result<StoredObject> put = Put("greeting.txt", data, attributes);
  ASSERT_OK(put);
  EXPECT_EQ(put->etag, QuotedMd5(data));
  EXPECT_EQ(put->crc64, Crc64(data));
  EXPECT_EQ(put->size, data.size());
  EXPECT_EQ(put->object_type, "Normal");

  Result<StoredObject> got = store_->GetObject("bucket", "greeting.txt");
  ASSERT_OK(got);
  EXPECT_EQ(got->bucket, "bucket");
  EXPECT_EQ(got->key, "greeting.txt");
  EXPECT_EQ(got->etag, put->etag);
  EXPECT_EQ(got->crc64, put->crc64);
  EXPECT_EQ(got->size, data.size());
  EXPECT_EQ(got->last_modified_ms, put->last_modified_ms);
  EXPECT_EQ(OnlyFile(*got), OnlyFile(*put));
  EXPECT_EQ(OnlyFile(*got).parent_path(), root_ / "data");
  EXPECT_EQ(got->segments[0].size, data.size());
  EXPECT_EQ(got->attributes.content_type, "text/plain");
  EXPECT_EQ(got->attributes.cache_control, "no-cache");
  EXPECT_EQ(got->attributes.acl, "public-read");
  EXPECT_EQ(got->attributes.storage_class, "IA");
  EXPECT_EQ(got->attributes.user_metadata, attributes.user_metadata);
  EXPECT_FALSE(got->restore_ready_ms.has_value());
  EXPECT_EQ(ReadWholeFile(OnlyFile(*got)), data);
  // The data file is named by a random id, not by the key.
  EXPECT_EQ(OnlyFile(*got).filename().string().size(), 32u);
}

TEST_F(ObjectStoreTest, EmptyObjectHasTheMd5AndCrcOfNothing) {
  Result<StoredObject> put = Put("empty", "");
  ASSERT_OK(put);
  EXPECT_EQ(put->etag, "\"D41D8CD98F00B204E9800998ECF8427E\"");
  EXPECT_EQ(put->crc64, 0u);
  EXPECT_EQ(put->size, 0u);
  EXPECT_EQ(Read("empty"), "");
}

TEST_F(ObjectStoreTest, BodyAppendedInPiecesHashesLikeTheWhole) {
  const std::string data = Bytes(300000, 1);
  Result<std::unique_ptr<ObjectWriter>> writer =
      store_->BeginPut("bucket", "pieces", {});
  ASSERT_OK(writer);
  size_t offset = 0;
  for (size_t piece = 1; offset < data.size(); piece = piece * 3 + 1) {
    const size_t size = std::min(piece, data.size() - offset);
    ASSERT_OK((*writer)->Append(data.data() + offset, size));
    offset += size;
    EXPECT_EQ((*writer)->bytes_written(), offset);
  }
  Result<StoredObject> put = (*writer)->Commit(false, std::nullopt);
  ASSERT_OK(put);
  EXPECT_EQ(put->etag, QuotedMd5(data));
  EXPECT_EQ(put->crc64, Crc64(data));
  EXPECT_EQ(Read("pieces"), data);
}

TEST_F(ObjectStoreTest, OverwriteUnlinksOldFileButAnOpenReaderKeepsIt) {
  Result<StoredObject> first = Put("key", "old bytes");
  ASSERT_OK(first);
  // A GET in progress: it opened the data file before the overwrite.
  const int reader = open(OnlyFile(*first).c_str(), O_RDONLY);
  ASSERT_GE(reader, 0);

  Result<StoredObject> second = Put("key", "new bytes, longer");
  ASSERT_OK(second);
  EXPECT_NE(OnlyFile(*second), OnlyFile(*first));
  EXPECT_FALSE(fs::exists(OnlyFile(*first)));
  EXPECT_EQ(FilesIn(root_ / "data"),
            std::vector<std::string>{OnlyFile(*second).filename().string()});

  char buffer[64] = {};
  const ssize_t n = pread(reader, buffer, sizeof(buffer), 0);
  close(reader);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0),
            "old bytes");
  EXPECT_EQ(Read("key"), "new bytes, longer");
  EXPECT_EQ(store_->GetObject("bucket", "key")->etag,
            QuotedMd5("new bytes, longer"));
}

TEST_F(ObjectStoreTest, ForbidOverwriteRefusesAnExistingKeyAndChangesNothing) {
  ASSERT_OK(Put("key", "original"));
  EXPECT_TRUE(IsServiceError(Put("key", "replacement", {}, true), 409,
                             "FileAlreadyExists"));
  EXPECT_EQ(Read("key"), "original");
  EXPECT_EQ(FilesIn(root_ / "data").size(), 1u);
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
  // A new key is fine with the flag.
  EXPECT_OK(Put("other", "x", {}, true));
}

TEST_F(ObjectStoreTest, WriterDestroyedWithoutCommitLeavesNothing) {
  {
    Result<std::unique_ptr<ObjectWriter>> writer =
        store_->BeginPut("bucket", "abandoned", {});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Append("partial", 7));
    EXPECT_EQ(FilesIn(root_ / "tmp").size(), 1u);
  }
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_TRUE(IsServiceError(store_->GetObject("bucket", "abandoned"), 404,
                             "NoSuchKey"));
}

TEST_F(ObjectStoreTest, CommitTwiceFailsTheSecondTime) {
  Result<std::unique_ptr<ObjectWriter>> writer =
      store_->BeginPut("bucket", "once", {});
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Commit(false, std::nullopt));
  EXPECT_FALSE((*writer)->Commit(false, std::nullopt).ok());
  EXPECT_FALSE((*writer)->Append("x", 1).ok());
  EXPECT_EQ(FilesIn(root_ / "data").size(), 1u);
}

TEST_F(ObjectStoreTest, CommitIntoABucketDeletedMeanwhileFailsCleanly) {
  ASSERT_OK(store_->CreateBucket("short-lived"));
  Result<std::unique_ptr<ObjectWriter>> writer =
      store_->BeginPut("short-lived", "key", {});
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Append("data", 4));
  ASSERT_OK(store_->DeleteBucket("short-lived"));
  EXPECT_TRUE(IsServiceError((*writer)->Commit(false, std::nullopt), 404,
                             "NoSuchBucket"));
  writer->reset();
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
}

TEST_F(ObjectStoreTest, DeleteRemovesObjectAndFileAndMissingKeyIsFine) {
  Result<StoredObject> put = Put("doomed", "bytes");
  ASSERT_OK(put);
  EXPECT_OK(store_->DeleteObject("bucket", "doomed"));
  EXPECT_FALSE(fs::exists(OnlyFile(*put)));
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("bucket", "doomed"), 404, "NoSuchKey"));
  EXPECT_OK(store_->DeleteObject("bucket", "doomed"));
  EXPECT_OK(store_->DeleteObject("bucket", "never-existed"));
  EXPECT_TRUE(IsServiceError(store_->DeleteObject("nobucket", "k"), 404,
                             "NoSuchBucket"));
}

TEST_F(ObjectStoreTest, KeysMustBeOneTo1023Bytes) {
  EXPECT_OK(Put(std::string(1023, 'k'), "max"));
  EXPECT_EQ(Read(std::string(1023, 'k')), "max");
  EXPECT_TRUE(IsServiceError(Put(std::string(1024, 'k'), "x"), 400,
                             "InvalidObjectName"));
  EXPECT_TRUE(IsServiceError(Put("", "x"), 400, "InvalidObjectName"));
  EXPECT_TRUE(IsServiceError(store_->InitiateUpload("bucket", "", {}), 400,
                             "InvalidObjectName"));
}

TEST_F(ObjectStoreTest, PathLikeKeysNeverNameAFileOutsideTheRoot) {
  const std::vector<std::string> keys = {
      "../x",      "../../etc/passwd",
      "a//b",      "/leading",
      " spaces ",  "..",
      ".",         "./.",
      "a/../../b", "tab\there",
      "new\nline", "\xe4\xb8\xad\xe6\x96\x87/\xe6\x96\x87\xe4\xbb\xb6"};
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_OK(Put(keys[i], "content " + std::to_string(i)));
  }
  const std::string upload = Initiate("../../upload");
  ASSERT_OK(UploadPart("../../upload", upload, 1, "part"));
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(Read(keys[i]), "content " + std::to_string(i)) << keys[i];
  }
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(AllKeys(), sorted);

  // Nothing next to the root, and inside it only the database and files
  // directly in the three data directories.
  EXPECT_EQ(FilesIn(base_), std::vector<std::string>{"root"});
  for (const auto& entry : fs::recursive_directory_iterator(root_)) {
    const fs::path relative = fs::relative(entry.path(), root_);
    const std::string top = relative.begin()->string();
    if (entry.is_directory()) {
      EXPECT_TRUE(top == "data" || top == "parts" || top == "tmp") << relative;
      EXPECT_EQ(std::distance(relative.begin(), relative.end()), 1) << relative;
      continue;
    }
    const bool database = top.rfind("store.db", 0) == 0;
    const bool data_file = (top == "data" || top == "parts" || top == "tmp") &&
                           std::distance(relative.begin(), relative.end()) == 2;
    EXPECT_TRUE(database || data_file) << relative;
  }
}

// ---- Buckets ----

TEST_F(ObjectStoreTest, BucketsAreCreatedListedCheckedAndDeleted) {
  EXPECT_TRUE(IsServiceError(store_->CreateBucket("bucket"), 409,
                             "BucketAlreadyExists"));
  ASSERT_OK(store_->CreateBucket("alpha"));
  ASSERT_OK(store_->CreateBucket("zeta"));
  Result<std::vector<BucketInfo>> buckets = store_->ListBuckets();
  ASSERT_OK(buckets);
  std::vector<std::string> names;
  for (const BucketInfo& bucket : *buckets) {
    names.push_back(bucket.name);
    EXPECT_GT(bucket.created_ms, 0);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"alpha", "bucket", "zeta"}));

  EXPECT_OK(store_->CheckBucket("alpha"));
  EXPECT_TRUE(
      IsServiceError(store_->CheckBucket("missing"), 404, "NoSuchBucket"));
  EXPECT_TRUE(
      IsServiceError(store_->DeleteBucket("missing"), 404, "NoSuchBucket"));
  EXPECT_OK(store_->DeleteBucket("zeta"));
  EXPECT_TRUE(IsServiceError(store_->CheckBucket("zeta"), 404, "NoSuchBucket"));
}

TEST_F(ObjectStoreTest, BucketWithObjectsOrUploadsIsNotEmpty) {
  ASSERT_OK(Put("key", "x"));
  EXPECT_TRUE(
      IsServiceError(store_->DeleteBucket("bucket"), 409, "BucketNotEmpty"));
  ASSERT_OK(store_->DeleteObject("bucket", "key"));
  const std::string upload = Initiate("pending");
  EXPECT_TRUE(
      IsServiceError(store_->DeleteBucket("bucket"), 409, "BucketNotEmpty"));
  ASSERT_OK(store_->AbortUpload("bucket", "pending", upload));
  EXPECT_OK(store_->DeleteBucket("bucket"));
}

TEST_F(ObjectStoreTest, MissingBucketIsNoSuchBucketEverywhere) {
  EXPECT_TRUE(IsServiceError(store_->BeginPut("nobucket", "k", {}), 404,
                             "NoSuchBucket"));
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("nobucket", "k"), 404, "NoSuchBucket"));
  EXPECT_TRUE(IsServiceError(store_->ListObjects("nobucket", "", "", "", 10),
                             404, "NoSuchBucket"));
  EXPECT_TRUE(IsServiceError(store_->InitiateUpload("nobucket", "k", {}), 404,
                             "NoSuchBucket"));
  EXPECT_TRUE(
      IsServiceError(store_->ListUploads("nobucket", "", "", "", "", 10), 404,
                     "NoSuchBucket"));
  EXPECT_TRUE(IsServiceError(store_->SetRestore("nobucket", "k", 1, 2), 404,
                             "NoSuchBucket"));
}

// ---- ListObjects ----

// Every entry of a listing, paged with `max_keys`, objects as keys and
// common prefixes marked with a leading "P:".
std::vector<std::string> ListAllPaged(ObjectStore& store,
                                      const std::string& prefix,
                                      const std::string& delimiter,
                                      int max_keys) {
  std::vector<std::string> entries;
  std::string marker;
  for (int pages = 0; pages < 10000; ++pages) {
    Result<ObjectListPage> page =
        store.ListObjects("bucket", prefix, delimiter, marker, max_keys);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) break;
    const size_t count = page->objects.size() + page->common_prefixes.size();
    EXPECT_LE(count, static_cast<size_t>(max_keys));
    // Merge the two lists back into key order.
    std::vector<std::string> merged;
    for (const StoredObject& object : page->objects)
      merged.push_back(object.key);
    for (const std::string& common : page->common_prefixes) {
      merged.push_back("P:" + common);
    }
    std::sort(merged.begin(), merged.end(),
              [](const std::string& a, const std::string& b) {
                auto bare = [](const std::string& s) {
                  return s.rfind("P:", 0) == 0 ? s.substr(2) : s;
                };
                return bare(a) < bare(b);
              });
    entries.insert(entries.end(), merged.begin(), merged.end());
    if (!page->is_truncated) {
      EXPECT_TRUE(page->next_marker.empty());
      break;
    }
    EXPECT_EQ(count, static_cast<size_t>(max_keys));
    const std::string& last = merged.back();
    EXPECT_EQ(page->next_marker,
              last.rfind("P:", 0) == 0 ? last.substr(2) : last);
    marker = page->next_marker;
  }
  return entries;
}

TEST_F(ObjectStoreTest, ListObjectsFiltersByPrefixInByteOrder) {
  for (const char* key : {"b", "a/2", "a/1", "ab", "a", "c/x"}) {
    ASSERT_OK(Put(key, key));
  }
  Result<ObjectListPage> page = store_->ListObjects("bucket", "a", "", "", 100);
  ASSERT_OK(page);
  std::vector<std::string> keys;
  for (const StoredObject& object : page->objects) {
    keys.push_back(object.key);
    EXPECT_TRUE(object.segments.empty());
    EXPECT_EQ(object.etag, QuotedMd5(object.key));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "a/1", "a/2", "ab"}));
  EXPECT_TRUE(page->common_prefixes.empty());
  EXPECT_FALSE(page->is_truncated);

  // The marker is exclusive.
  page = store_->ListObjects("bucket", "", "", "a/2", 100);
  ASSERT_OK(page);
  keys.clear();
  for (const StoredObject& object : page->objects) keys.push_back(object.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"ab", "b", "c/x"}));
}

TEST_F(ObjectStoreTest, ListObjectsRollsUpCommonPrefixes) {
  for (const char* key :
       {"a/1", "a/2", "a/deep/3", "b/c/d", "b/e", "c", "d/", "e"}) {
    ASSERT_OK(Put(key, key));
  }
  EXPECT_EQ(ListAllPaged(*store_, "", "/", 1000),
            (std::vector<std::string>{"P:a/", "P:b/", "c", "P:d/", "e"}));
  EXPECT_EQ(ListAllPaged(*store_, "b/", "/", 1000),
            (std::vector<std::string>{"P:b/c/", "b/e"}));
  EXPECT_EQ(ListAllPaged(*store_, "a/", "/", 1000),
            (std::vector<std::string>{"a/1", "a/2", "P:a/deep/"}));
  // A multi-character delimiter.
  EXPECT_EQ(ListAllPaged(*store_, "", "/d", 1000),
            (std::vector<std::string>{"a/1", "a/2", "P:a/d", "P:b/c/d", "b/e",
                                      "c", "d/", "e"}));
}

TEST_F(ObjectStoreTest, ListObjectsPagesThroughEverythingAcrossPrefixes) {
  std::vector<std::string> keys;
  for (int dir = 0; dir < 4; ++dir) {
    for (int file = 0; file < 7; ++file) {
      keys.push_back("d" + std::to_string(dir) + "/f" + std::to_string(file));
    }
    keys.push_back("top" + std::to_string(dir));
  }
  for (const std::string& key : keys) ASSERT_OK(Put(key, key));
  std::sort(keys.begin(), keys.end());

  const std::vector<std::string> rolled = {"P:d0/", "P:d1/", "P:d2/", "P:d3/",
                                           "top0",  "top1",  "top2",  "top3"};
  for (int max_keys : {1, 2, 3, 5, 8, 1000}) {
    SCOPED_TRACE(max_keys);
    EXPECT_EQ(ListAllPaged(*store_, "", "", max_keys), keys);
    EXPECT_EQ(ListAllPaged(*store_, "", "/", max_keys), rolled);
    EXPECT_EQ(ListAllPaged(*store_, "d2/", "/", max_keys),
              std::vector<std::string>(keys.begin() + 14, keys.begin() + 21));
  }
  Result<ObjectListPage> empty = store_->ListObjects("bucket", "", "", "", 0);
  ASSERT_OK(empty);
  EXPECT_TRUE(empty->objects.empty());
  EXPECT_FALSE(empty->is_truncated);
}

TEST_F(ObjectStoreTest, ListObjectsHandlesLikeWildcardsAndHighBytes) {
  const std::vector<std::string> keys = {"a%b",
                                         "a%c/1",
                                         "a_b",
                                         "aXb",
                                         "a\\b",
                                         "a\xc3\xa9",
                                         "a\xff",
                                         "a\xff\xff",
                                         "a\xff"
                                         "z",
                                         "b",
                                         "\xe4\xb8\xad"};
  for (const std::string& key : keys) ASSERT_OK(Put(key, key));

  EXPECT_EQ(ListAllPaged(*store_, "a%", "", 1000),
            (std::vector<std::string>{"a%b", "a%c/1"}));
  EXPECT_EQ(ListAllPaged(*store_, "a_", "", 1000),
            (std::vector<std::string>{"a_b"}));
  EXPECT_EQ(ListAllPaged(*store_, "a%", "/", 1000),
            (std::vector<std::string>{"a%b", "P:a%c/"}));
  // A prefix ending in 0xFF has no same-length successor.
  EXPECT_EQ(ListAllPaged(*store_, "a\xff", "", 1000),
            (std::vector<std::string>{"a\xff",
                                      "a\xff"
                                      "z",
                                      "a\xff\xff"}));
  EXPECT_EQ(ListAllPaged(*store_, "\xe4", "", 1000),
            (std::vector<std::string>{"\xe4\xb8\xad"}));
  // Byte order, as unsigned bytes: 0xC3 and 0xFF sort after ASCII.
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(AllKeys(), sorted);
  EXPECT_EQ(ListAllPaged(*store_, "", "", 2), sorted);
}

TEST_F(ObjectStoreTest, ListObjectsWithPathLikeKeys) {
  for (const char* key : {"../x", "../../etc/passwd", "./a", "a//b", "a/b"}) {
    ASSERT_OK(Put(key, key));
  }
  EXPECT_EQ(ListAllPaged(*store_, "", "/", 1),
            (std::vector<std::string>{"P:../", "P:./", "P:a/"}));
  EXPECT_EQ(ListAllPaged(*store_, "../", "/", 1),
            (std::vector<std::string>{"P:../../", "../x"}));
  EXPECT_EQ(ListAllPaged(*store_, "a/", "/", 1),
            (std::vector<std::string>{"P:a//", "a/b"}));
}

// ---- Multipart ----

TEST_F(ObjectStoreTest, CompleteConcatenatesPartsWithMultipartEtagAndCrc) {
  ObjectAttributes attributes;
  attributes.content_type = "video/mp4";
  attributes.user_metadata = {{"origin", "test"}};
  const std::string upload = Initiate("big.bin", attributes);
  const std::vector<std::string> data = {Bytes(kMinPart, 1),
                                         Bytes(kMinPart + 7, 2), Bytes(10, 3)};
  std::vector<CompletedPart> list;
  for (int i = 0; i < 3; ++i) {
    Result<StoredPart> part = UploadPart("big.bin", upload, i + 1, data[i]);
    ASSERT_OK(part);
    EXPECT_EQ(part->etag, QuotedMd5(data[i]));
    EXPECT_EQ(part->crc64, Crc64(data[i]));
    EXPECT_EQ(part->size, data[i].size());
    list.push_back({i + 1, part->etag});
  }
  // ETags arrive with or without quotes.
  list[1].etag = UnquotedEtag(list[1].etag);

  Result<StoredObject> object =
      store_->CompleteUpload("bucket", "big.bin", upload, list, false, false);
  ASSERT_OK(object);
  const std::string whole = data[0] + data[1] + data[2];
  const std::string expected_etag =
      "\"" +
      util::HexUpper(util::Md5(util::Md5(data[0]) + util::Md5(data[1]) +
                               util::Md5(data[2]))) +
      "-3\"";
  EXPECT_EQ(object->etag, expected_etag);
  EXPECT_EQ(object->crc64, Crc64(whole));
  EXPECT_EQ(object->size, whole.size());
  EXPECT_EQ(object->object_type, "Multipart");
  EXPECT_EQ(object->attributes.content_type, "video/mp4");
  EXPECT_EQ(object->attributes.user_metadata, attributes.user_metadata);
  EXPECT_EQ(Read("big.bin"), whole);
  Result<StoredObject> got = store_->GetObject("bucket", "big.bin");
  ASSERT_OK(got);
  EXPECT_EQ(got->etag, expected_etag);
  EXPECT_EQ(got->crc64, Crc64(whole));

  // The upload is gone; its part files are now the object's segments.
  EXPECT_EQ(FilesIn(root_ / "parts"), SegmentNames(*object));
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
  bool truncated = false;
  EXPECT_TRUE(IsServiceError(
      store_->ListParts("bucket", "big.bin", upload, 0, 100, &truncated), 404,
      "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(store_->BeginPart("bucket", "big.bin", upload, 4),
                             404, "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "big.bin", upload, list, false, false),
      404, "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(store_->AbortUpload("bucket", "big.bin", upload),
                             404, "NoSuchUpload"));
}

TEST_F(ObjectStoreTest, CompleteWithAnEmptyLastPart) {
  const std::string upload = Initiate("k");
  const std::string first = Bytes(kMinPart, 4);
  Result<StoredPart> one = UploadPart("k", upload, 1, first);
  Result<StoredPart> two = UploadPart("k", upload, 2, "");
  ASSERT_OK(one);
  ASSERT_OK(two);
  Result<StoredObject> object = store_->CompleteUpload(
      "bucket", "k", upload, {{1, one->etag}, {2, two->etag}}, false, false);
  ASSERT_OK(object);
  EXPECT_EQ(object->crc64, Crc64(first));
  EXPECT_EQ(Read("k"), first);
}

TEST_F(ObjectStoreTest, CompleteRejectsPartsOutOfOrder) {
  const std::string upload = Initiate("k");
  Result<StoredPart> one = UploadPart("k", upload, 1, Bytes(kMinPart, 1));
  Result<StoredPart> two = UploadPart("k", upload, 2, "tail");
  ASSERT_OK(one);
  ASSERT_OK(two);
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload,
                             {{2, two->etag}, {1, one->etag}}, false, false),
      400, "InvalidPartOrder"));
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload,
                             {{1, one->etag}, {1, one->etag}}, false, false),
      400, "InvalidPartOrder"));
  // The upload survives a rejected completion.
  EXPECT_OK(store_->CompleteUpload(
      "bucket", "k", upload, {{1, one->etag}, {2, two->etag}}, false, false));
}

TEST_F(ObjectStoreTest, CompleteRejectsMissingPartsAndWrongEtags) {
  const std::string upload = Initiate("k");
  Result<StoredPart> one = UploadPart("k", upload, 1, Bytes(kMinPart, 1));
  Result<StoredPart> two = UploadPart("k", upload, 2, "tail");
  ASSERT_OK(one);
  ASSERT_OK(two);
  const std::string wrong = QuotedMd5("something else");
  for (const std::vector<CompletedPart>& list :
       std::vector<std::vector<CompletedPart>>{
           {{1, one->etag}, {2, wrong}},
           {{1, UnquotedEtag(wrong)}, {2, two->etag}},
           {{1, one->etag}, {3, two->etag}},
           {{1, one->etag}, {2, ""}},
           {{0, one->etag}}}) {
    EXPECT_TRUE(IsServiceError(
        store_->CompleteUpload("bucket", "k", upload, list, false, false), 400,
        "InvalidPart"));
  }
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload, {}, false, false), 400,
      "MalformedXML"));
  // Quotes are optional and the hex case does not matter.
  std::string lower = UnquotedEtag(two->etag);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  EXPECT_OK(store_->CompleteUpload("bucket", "k", upload,
                                   {{1, UnquotedEtag(one->etag)}, {2, lower}},
                                   false, false));
}

TEST_F(ObjectStoreTest, OnlyTheLastPartMayBeSmall) {
  const std::string upload = Initiate("k");
  Result<StoredPart> small = UploadPart("k", upload, 1, Bytes(kMinPart - 1, 1));
  Result<StoredPart> big = UploadPart("k", upload, 2, Bytes(kMinPart, 2));
  ASSERT_OK(small);
  ASSERT_OK(big);
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload,
                             {{1, small->etag}, {2, big->etag}}, false, false),
      400, "EntityTooSmall"));
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload, {}, true, false), 400,
      "EntityTooSmall"));
  // A single small part is the last part: fine.
  Result<StoredObject> object = store_->CompleteUpload(
      "bucket", "k", upload, {{1, small->etag}}, false, false);
  ASSERT_OK(object);
  EXPECT_EQ(object->size, kMinPart - 1);
  // Part 2 was not listed: discarded with the upload.
  EXPECT_EQ(FilesIn(root_ / "parts"), SegmentNames(*object));
  EXPECT_EQ(object->segments.size(), 1u);
}

TEST_F(ObjectStoreTest, AllPartsUsesEveryStoredPartInOrder) {
  const std::string upload = Initiate("k");
  const std::string p1 = Bytes(kMinPart, 1);
  const std::string p5 = Bytes(kMinPart + 1, 5);
  const std::string p9 = Bytes(33, 9);
  // Uploaded out of order; the list given is ignored.
  ASSERT_OK(UploadPart("k", upload, 9, p9));
  ASSERT_OK(UploadPart("k", upload, 1, p1));
  ASSERT_OK(UploadPart("k", upload, 5, p5));
  Result<StoredObject> object = store_->CompleteUpload(
      "bucket", "k", upload, {{7, "\"bogus\""}}, true, false);
  ASSERT_OK(object);
  EXPECT_EQ(Read("k"), p1 + p5 + p9);
  EXPECT_EQ(object->crc64, Crc64(p1 + p5 + p9));
  EXPECT_EQ(object->etag,
            "\"" +
                util::HexUpper(
                    util::Md5(util::Md5(p1) + util::Md5(p5) + util::Md5(p9))) +
                "-3\"");

  const std::string empty_upload = Initiate("nothing");
  EXPECT_TRUE(
      IsServiceError(store_->CompleteUpload("bucket", "nothing", empty_upload,
                                            {}, true, false),
                     400, "InvalidPart"));
}

TEST_F(ObjectStoreTest, UnlistedPartsAreDiscarded) {
  const std::string upload = Initiate("k");
  const std::string p1 = Bytes(kMinPart, 1);
  const std::string p2 = Bytes(kMinPart, 2);
  const std::string p3 = Bytes(100, 3);
  Result<StoredPart> one = UploadPart("k", upload, 1, p1);
  ASSERT_OK(UploadPart("k", upload, 2, p2));
  Result<StoredPart> three = UploadPart("k", upload, 3, p3);
  ASSERT_OK(one);
  ASSERT_OK(three);
  const std::vector<std::string> before = FilesIn(root_ / "parts");
  EXPECT_EQ(before.size(), 3u);
  Result<StoredObject> object = store_->CompleteUpload(
      "bucket", "k", upload, {{1, one->etag}, {3, three->etag}}, false, false);
  ASSERT_OK(object);
  EXPECT_EQ(Read("k"), p1 + p3);
  EXPECT_EQ(object->crc64, Crc64(p1 + p3));
  // Parts 1 and 3 are the object's segments; part 2's file is gone.
  ASSERT_EQ(object->segments.size(), 2u);
  EXPECT_EQ(ReadWholeFile(object->segments[0].path), p1);
  EXPECT_EQ(ReadWholeFile(object->segments[1].path), p3);
  const std::vector<std::string> after = FilesIn(root_ / "parts");
  EXPECT_EQ(after, SegmentNames(*object));
  for (const std::string& name : after) {
    EXPECT_NE(std::find(before.begin(), before.end(), name), before.end());
  }
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
}

TEST_F(ObjectStoreTest, CompleteOverwritesAndHonoursForbidOverwrite) {
  Result<StoredObject> old = Put("k", "old");
  ASSERT_OK(old);
  const std::string upload = Initiate("k");
  Result<StoredPart> part = UploadPart("k", upload, 1, "new");
  ASSERT_OK(part);
  EXPECT_TRUE(
      IsServiceError(store_->CompleteUpload("bucket", "k", upload,
                                            {{1, part->etag}}, false, true),
                     409, "FileAlreadyExists"));
  // Nothing moved: the part is still a part, the old object still whole.
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 1u);
  EXPECT_EQ(FilesIn(root_ / "data").size(), 1u);
  EXPECT_EQ(Read("k"), "old");
  Result<std::vector<StoredPart>> parts =
      store_->ListParts("bucket", "k", upload, 0, 10, nullptr);
  ASSERT_OK(parts);
  EXPECT_EQ(parts->size(), 1u);
  ASSERT_OK(store_->CompleteUpload("bucket", "k", upload, {{1, part->etag}},
                                   false, false));
  EXPECT_EQ(Read("k"), "new");
  EXPECT_FALSE(fs::exists(OnlyFile(*old)));
  // The new object is its one part file.
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 1u);
}

TEST_F(ObjectStoreTest, ReuploadingAPartNumberReplacesIt) {
  const std::string upload = Initiate("k");
  ASSERT_OK(UploadPart("k", upload, 1, "first version"));
  Result<StoredPart> second = UploadPart("k", upload, 1, "second");
  ASSERT_OK(second);
  bool truncated = true;
  Result<std::vector<StoredPart>> parts =
      store_->ListParts("bucket", "k", upload, 0, 100, &truncated);
  ASSERT_OK(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].etag, QuotedMd5("second"));
  EXPECT_EQ((*parts)[0].size, 6u);
  EXPECT_EQ((*parts)[0].crc64, Crc64("second"));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 1u);
  ASSERT_OK(store_->CompleteUpload("bucket", "k", upload, {{1, second->etag}},
                                   false, false));
  EXPECT_EQ(Read("k"), "second");
}

TEST_F(ObjectStoreTest, ListPartsPagesWithMarkerAndMax) {
  const std::string upload = Initiate("k");
  for (int number : {5, 1, 3, 2, 4}) {
    ASSERT_OK(UploadPart("k", upload, number, "part" + std::to_string(number)));
  }
  std::vector<int> seen;
  int marker = 0;
  bool truncated = true;
  int pages = 0;
  while (truncated) {
    Result<std::vector<StoredPart>> parts =
        store_->ListParts("bucket", "k", upload, marker, 2, &truncated);
    ASSERT_OK(parts);
    ASSERT_FALSE(parts->empty());
    for (const StoredPart& part : *parts) {
      seen.push_back(part.part_number);
      EXPECT_EQ(part.etag,
                QuotedMd5("part" + std::to_string(part.part_number)));
      EXPECT_GT(part.last_modified_ms, 0);
    }
    marker = parts->back().part_number;
    ++pages;
  }
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(pages, 3);
  Result<std::vector<StoredPart>> rest =
      store_->ListParts("bucket", "k", upload, 5, 2, nullptr);
  ASSERT_OK(rest);
  EXPECT_TRUE(rest->empty());
  // The same upload id under another key is not that upload.
  EXPECT_TRUE(IsServiceError(
      store_->ListParts("bucket", "other", upload, 0, 2, nullptr), 404,
      "NoSuchUpload"));
}

TEST_F(ObjectStoreTest, PartNumbersOutsideOneTo10000AreRefused) {
  const std::string upload = Initiate("k");
  for (int number : {0, -1, 10001}) {
    EXPECT_TRUE(IsServiceError(store_->BeginPart("bucket", "k", upload, number),
                               400, "InvalidArgument"));
  }
  EXPECT_OK(UploadPart("k", upload, 10000, "last"));
}

TEST_F(ObjectStoreTest, AbortRemovesPartsAndTheUpload) {
  const std::string upload = Initiate("k");
  ASSERT_OK(UploadPart("k", upload, 1, "a"));
  ASSERT_OK(UploadPart("k", upload, 2, "b"));
  EXPECT_TRUE(IsServiceError(store_->AbortUpload("bucket", "other", upload),
                             404, "NoSuchUpload"));
  EXPECT_OK(store_->AbortUpload("bucket", "k", upload));
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
  EXPECT_TRUE(IsServiceError(store_->AbortUpload("bucket", "k", upload), 404,
                             "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload, {}, true, false), 404,
      "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(store_->BeginPart("bucket", "k", upload, 1), 404,
                             "NoSuchUpload"));
  EXPECT_TRUE(IsServiceError(
      store_->AbortUpload("bucket", "k", "0123456789ABCDEF0123456789ABCDEF"),
      404, "NoSuchUpload"));
}

TEST_F(ObjectStoreTest, PartCommittedAfterAbortIsRefusedAndRemoved) {
  const std::string upload = Initiate("k");
  Result<std::unique_ptr<UploadPartWriter>> writer =
      store_->BeginPart("bucket", "k", upload, 1);
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Append("late", 4));
  ASSERT_OK(store_->AbortUpload("bucket", "k", upload));
  EXPECT_TRUE(
      IsServiceError((*writer)->Commit(std::nullopt), 404, "NoSuchUpload"));
  writer->reset();
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
}

TEST_F(ObjectStoreTest, UploadIdsAre32UppercaseHexAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    const std::string id = Initiate("k");
    ASSERT_EQ(id.size(), 32u);
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    })) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 50u);
}

TEST_F(ObjectStoreTest, DropPartForgetsAStoredPart) {
  const std::string upload = Initiate("k");
  Result<StoredPart> one = UploadPart("k", upload, 1, Bytes(kMinPart, 1));
  Result<StoredPart> two = UploadPart("k", upload, 2, "two");
  ASSERT_OK(one);
  ASSERT_OK(two);
  EXPECT_OK(store_->DropPart(upload, 2));
  Result<std::vector<StoredPart>> parts =
      store_->ListParts("bucket", "k", upload, 0, 100, nullptr);
  ASSERT_OK(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].part_number, 1);
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 1u);
  EXPECT_TRUE(IsServiceError(
      store_->CompleteUpload("bucket", "k", upload,
                             {{1, one->etag}, {2, two->etag}}, false, false),
      400, "InvalidPart"));
  Status again = store_->DropPart(upload, 2);
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DropPart("unknown", 1).code(), StatusCode::kNotFound);
}

// ---- Multipart objects stored as their part files ----

TEST_F(ObjectStoreTest, CompleteMakesThePartFilesTheSegmentsWithoutACopy) {
  const std::vector<std::string> data = {Bytes(kMinPart, 11),
                                         Bytes(kMinPart + 3, 12), Bytes(5, 13)};
  const std::string upload = Initiate("segmented");
  std::vector<CompletedPart> list;
  for (int i = 0; i < 3; ++i) {
    Result<StoredPart> part = UploadPart("segmented", upload, i + 1, data[i]);
    ASSERT_OK(part);
    list.push_back({i + 1, part->etag});
  }
  // The inode of each part file: the segments must be these very files.
  std::map<ino_t, std::string> part_by_inode;
  for (const std::string& name : FilesIn(root_ / "parts")) {
    struct stat info {};
    ASSERT_EQ(stat((root_ / "parts" / name).c_str(), &info), 0);
    part_by_inode[info.st_ino] = *ReadWholeFile(root_ / "parts" / name);
  }
  ASSERT_EQ(part_by_inode.size(), 3u);

  Result<StoredObject> object =
      store_->CompleteUpload("bucket", "segmented", upload, list, false, false);
  ASSERT_OK(object);
  ASSERT_EQ(object->segments.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const DataSegment& segment = object->segments[i];
    EXPECT_EQ(segment.path.parent_path(), root_ / "parts");
    EXPECT_EQ(segment.size, data[i].size());
    struct stat info {};
    ASSERT_EQ(stat(segment.path.c_str(), &info), 0);
    ASSERT_EQ(part_by_inode.count(info.st_ino), 1u) << segment.path;
    EXPECT_EQ(part_by_inode[info.st_ino], data[i]);
  }
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());

  // A lookup gives the same segments, in the same order.
  Result<StoredObject> got = store_->GetObject("bucket", "segmented");
  ASSERT_OK(got);
  ASSERT_EQ(got->segments.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got->segments[i].path, object->segments[i].path);
    EXPECT_EQ(got->segments[i].size, object->segments[i].size);
  }
  EXPECT_EQ(got->size, data[0].size() + data[1].size() + data[2].size());
  EXPECT_EQ(Read("segmented"), data[0] + data[1] + data[2]);
  // A listing carries no segments.
  Result<ObjectListPage> page = store_->ListObjects("bucket", "", "", "", 10);
  ASSERT_OK(page);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_TRUE(page->objects[0].segments.empty());
  EXPECT_EQ(page->objects[0].size, got->size);
}

TEST_F(ObjectStoreTest, OverwritingAMultipartObjectRemovesItsSegmentFiles) {
  const std::vector<std::string> old_parts = {Bytes(kMinPart, 1),
                                              Bytes(kMinPart, 2), Bytes(9, 3)};
  Result<StoredObject> first = PutMultipart("k", old_parts);
  ASSERT_OK(first);
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 3u);

  // Multipart over multipart: only the new object's segments remain.
  const std::vector<std::string> new_parts = {Bytes(kMinPart, 4), Bytes(7, 5)};
  Result<StoredObject> second = PutMultipart("k", new_parts);
  ASSERT_OK(second);
  EXPECT_EQ(FilesIn(root_ / "parts"), SegmentNames(*second));
  for (const DataSegment& segment : first->segments) {
    EXPECT_FALSE(fs::exists(segment.path)) << segment.path;
  }
  EXPECT_EQ(Read("k"), new_parts[0] + new_parts[1]);

  // A single PUT over multipart: its segments go, one data file remains.
  Result<StoredObject> third = Put("k", "plain");
  ASSERT_OK(third);
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
  EXPECT_EQ(FilesIn(root_ / "data"),
            std::vector<std::string>{OnlyFile(*third).filename().string()});
  EXPECT_EQ(Read("k"), "plain");

  // And multipart over a single PUT: the data file goes.
  Result<StoredObject> fourth = PutMultipart("k", old_parts);
  ASSERT_OK(fourth);
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_EQ(FilesIn(root_ / "parts"), SegmentNames(*fourth));
  EXPECT_EQ(Read("k"), old_parts[0] + old_parts[1] + old_parts[2]);
}

TEST_F(ObjectStoreTest, DeletingAMultipartObjectRemovesItsSegmentFiles) {
  ASSERT_OK(Put("other", "unrelated"));
  Result<StoredObject> object =
      PutMultipart("k", {Bytes(kMinPart, 1), Bytes(kMinPart, 2), Bytes(1, 3)});
  ASSERT_OK(object);
  EXPECT_EQ(FilesIn(root_ / "parts").size(), 3u);
  EXPECT_OK(store_->DeleteObject("bucket", "k"));
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
  EXPECT_EQ(FilesIn(root_ / "data").size(), 1u);  // "other"
  EXPECT_TRUE(
      IsServiceError(store_->GetObject("bucket", "k"), 404, "NoSuchKey"));
  EXPECT_EQ(Read("other"), "unrelated");
}

TEST_F(ObjectStoreTest, MultipartObjectSurvivesAReopen) {
  const std::vector<std::string> parts = {Bytes(kMinPart, 1),
                                          Bytes(kMinPart + 1, 2), Bytes(2, 3)};
  Result<StoredObject> object = PutMultipart("k", parts);
  ASSERT_OK(object);
  const std::vector<std::string> files = FilesIn(root_ / "parts");

  Reopen();

  EXPECT_EQ(FilesIn(root_ / "parts"), files);
  Result<StoredObject> got = store_->GetObject("bucket", "k");
  ASSERT_OK(got);
  EXPECT_EQ(got->etag, object->etag);
  EXPECT_EQ(got->crc64, object->crc64);
  EXPECT_EQ(got->size, object->size);
  EXPECT_EQ(got->object_type, "Multipart");
  EXPECT_EQ(Read("k"), parts[0] + parts[1] + parts[2]);
  // And it is still removed whole after the reopen.
  EXPECT_OK(store_->DeleteObject("bucket", "k"));
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
}

TEST_F(ObjectStoreTest, OpenKeepsReferencedSegmentsAndRemovesOrphans) {
  const std::vector<std::string> parts = {Bytes(kMinPart, 1),
                                          Bytes(kMinPart, 2), Bytes(3, 3)};
  Result<StoredObject> object = PutMultipart("k", parts);
  ASSERT_OK(object);
  const std::string pending = Initiate("pending");
  const std::string first_part = Bytes(kMinPart, 4);
  ASSERT_OK(UploadPart("pending", pending, 1, first_part));
  const std::vector<std::string> referenced = FilesIn(root_ / "parts");
  ASSERT_EQ(referenced.size(), 4u);
  store_.reset();

  // A segment file of a replaced object whose removal never happened (a
  // crash right after the commit): no row references it.
  WriteWholeFile(root_ / "parts" / "0123456789ABCDEF0123456789ABCDEF",
                 "released segment");
  WriteWholeFile(root_ / "data" / "FEDCBA9876543210FEDCBA9876543210", "orphan");

  Reopen();

  // The object's segments and the pending upload's part are kept.
  EXPECT_EQ(FilesIn(root_ / "parts"), referenced);
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
  EXPECT_EQ(Read("k"), parts[0] + parts[1] + parts[2]);
  ASSERT_OK(UploadPart("pending", pending, 2, "more"));
  ASSERT_OK(
      store_->CompleteUpload("bucket", "pending", pending, {}, true, false));
  EXPECT_EQ(Read("pending"), first_part + "more");
}

// Turns the objects and buckets tables of a current store back into their
// schema 1 shape (before copies, symlinks, ACLs and versions).
constexpr char kObjectsOfSchemaOne[] =
    "CREATE TABLE objects_1 (bucket TEXT NOT NULL COLLATE BINARY, key BLOB "
    "NOT NULL CHECK (typeof(key) = 'blob'), size INTEGER NOT NULL, etag TEXT "
    "NOT NULL, crc64 INTEGER NOT NULL, last_modified_ms INTEGER NOT NULL, "
    "object_type TEXT NOT NULL, attributes BLOB NOT NULL, data_file TEXT NOT "
    "NULL UNIQUE, restore_ready_ms INTEGER, restore_expiry_ms INTEGER, "
    "PRIMARY KEY (bucket, key)) WITHOUT ROWID; INSERT INTO objects_1 SELECT "
    "bucket, key, size, etag, crc64, last_modified_ms, object_type, "
    "attributes, data_file, restore_ready_ms, restore_expiry_ms FROM "
    "objects; DROP TABLE objects; ALTER TABLE objects_1 RENAME TO objects; "
    "ALTER TABLE buckets DROP COLUMN acl; ALTER TABLE buckets DROP COLUMN "
    "versioning; ALTER TABLE uploads DROP COLUMN checksum_algorithm; ALTER "
    "TABLE uploads DROP COLUMN checksum_type; ALTER TABLE parts DROP COLUMN "
    "checksum; ";

TEST_F(ObjectStoreTest, AStoreFromBeforeSegmentsKeepsWorking) {
  Result<StoredObject> old = Put("old", "a single data file");
  ASSERT_OK(old);
  store_.reset();
  {
    // The schema of a store written before objects could have segments.
    Result<SqliteDatabase> db = SqliteDatabase::Open(root_ / "store.db");
    ASSERT_OK(db);
    ASSERT_OK(db->Exec(std::string(kObjectsOfSchemaOne) +
                       "DROP TABLE object_segments; PRAGMA user_version = 0;"));
  }
  Reopen();
  EXPECT_EQ(Read("old"), "a single data file");
  EXPECT_EQ(FilesIn(root_ / "data"),
            std::vector<std::string>{OnlyFile(*old).filename().string()});
  // New multipart objects work in it, and replace old objects cleanly.
  Result<StoredObject> object =
      PutMultipart("old", {Bytes(kMinPart, 1), Bytes(4, 2)});
  ASSERT_OK(object);
  EXPECT_EQ(Read("old"), Bytes(kMinPart, 1) + Bytes(4, 2));
  EXPECT_TRUE(FilesIn(root_ / "data").empty());
}

TEST_F(ObjectStoreTest, AStoreOfSchemaOneIsMigrated) {
  const std::vector<std::string> parts = {Bytes(kMinPart, 3), Bytes(9, 4)};
  ASSERT_OK(PutMultipart("multi", parts));
  ASSERT_OK(Put("single", "one file"));
  store_.reset();
  {
    // Schema 1: segments owned by one object each, all in parts/, no ACL
    // or symlink columns.
    Result<SqliteDatabase> db = SqliteDatabase::Open(root_ / "store.db");
    ASSERT_OK(db);
    ASSERT_OK(db->Exec(
        "CREATE TABLE segments_1 (object_file TEXT NOT NULL, seq INTEGER NOT "
        "NULL, data_file TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, "
        "PRIMARY KEY (object_file, seq)) WITHOUT ROWID; INSERT INTO "
        "segments_1 SELECT object_file, seq, data_file, size FROM "
        "object_segments; DROP TABLE object_segments; ALTER TABLE segments_1 "
        "RENAME TO object_segments; " +
        std::string(kObjectsOfSchemaOne) + "PRAGMA user_version = 0;"));
  }
  Reopen();
  EXPECT_TRUE(Read("multi") == parts[0] + parts[1]);
  EXPECT_EQ(Read("single"), "one file");
  EXPECT_EQ(store_->GetBucket("bucket")->acl, "private");
  // Copies share the migrated segments; deleting both frees them.
  Result<StoredObject> multi = store_->GetObject("bucket", "multi");
  ASSERT_OK(multi);
  StoredObject copy;
  copy.bucket = "bucket";
  copy.key = "copy";
  ASSERT_OK(store_->CopyObject(*multi, copy, false));
  ASSERT_OK(store_->DeleteObject("bucket", "multi"));
  EXPECT_TRUE(Read("copy") == parts[0] + parts[1]);
  ASSERT_OK(store_->DeleteObject("bucket", "copy"));
  EXPECT_TRUE(FilesIn(root_ / "parts").empty());
  // A store of a newer schema is refused, not misread.
  store_.reset();
  {
    Result<SqliteDatabase> db = SqliteDatabase::Open(root_ / "store.db");
    ASSERT_OK(db);
    ASSERT_OK(db->Exec("PRAGMA user_version = 99;"));
  }
  Result<std::unique_ptr<ObjectStore>> newer = ObjectStore::Open(root_);
  EXPECT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos)
      << newer.status();
}

// ---- ListUploads ----

TEST_F(ObjectStoreTest, ListUploadsOrdersByKeyThenInitiationWithMarkers) {
  const std::string b1 = Initiate("b");
  const std::string a1 = Initiate("a");
  const std::string b2 = Initiate("b");
  const std::string c1 = Initiate("c");
  const std::string b3 = Initiate("b");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"a", a1}, {"b", b1}, {"b", b2}, {"b", b3}, {"c", c1}};

  auto ids = [](const UploadListPage& page) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const UploadInfo& upload : page.uploads) {
      out.emplace_back(upload.key, upload.upload_id);
      EXPECT_GT(upload.initiated_ms, 0);
    }
    return out;
  };

  Result<UploadListPage> all =
      store_->ListUploads("bucket", "", "", "", "", 100);
  ASSERT_OK(all);
  EXPECT_EQ(ids(*all), expected);
  EXPECT_FALSE(all->is_truncated);

  // Page through one at a time with the returned markers.
  for (int max : {1, 2, 4}) {
    std::vector<std::pair<std::string, std::string>> seen;
    std::string key_marker;
    std::string id_marker;
    for (int guard = 0; guard < 20; ++guard) {
      Result<UploadListPage> page =
          store_->ListUploads("bucket", "", "", key_marker, id_marker, max);
      ASSERT_OK(page);
      auto got = ids(*page);
      seen.insert(seen.end(), got.begin(), got.end());
      if (!page->is_truncated) break;
      EXPECT_EQ(page->next_key_marker, got.back().first);
      EXPECT_EQ(page->next_upload_id_marker, got.back().second);
      key_marker = page->next_key_marker;
      id_marker = page->next_upload_id_marker;
    }
    EXPECT_EQ(seen, expected) << max;
  }

  // A key marker alone skips the whole key; with an id, the uploads of that
  // key initiated after it follow.
  Result<UploadListPage> after_b =
      store_->ListUploads("bucket", "", "", "b", "", 100);
  ASSERT_OK(after_b);
  EXPECT_EQ(ids(*after_b),
            (std::vector<std::pair<std::string, std::string>>{{"c", c1}}));
  Result<UploadListPage> after_b1 =
      store_->ListUploads("bucket", "", "", "b", b1, 100);
  ASSERT_OK(after_b1);
  EXPECT_EQ(ids(*after_b1), (std::vector<std::pair<std::string, std::string>>{
                                {"b", b2}, {"b", b3}, {"c", c1}}));
}

TEST_F(ObjectStoreTest, ListUploadsWithPrefixAndDelimiter) {
  const std::string x1 = Initiate("dir/x");
  const std::string y1 = Initiate("dir/sub/y");
  const std::string z1 = Initiate("dir/sub/z");
  const std::string top = Initiate("top");
  Result<UploadListPage> page =
      store_->ListUploads("bucket", "", "/", "", "", 100);
  ASSERT_OK(page);
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"dir/"});
  ASSERT_EQ(page->uploads.size(), 1u);
  EXPECT_EQ(page->uploads[0].upload_id, top);

  page = store_->ListUploads("bucket", "dir/", "/", "", "", 1);
  ASSERT_OK(page);
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"dir/sub/"});
  EXPECT_TRUE(page->uploads.empty());
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_key_marker, "dir/sub/");
  EXPECT_EQ(page->next_upload_id_marker, "");
  page = store_->ListUploads("bucket", "dir/", "/", page->next_key_marker,
                             page->next_upload_id_marker, 1);
  ASSERT_OK(page);
  EXPECT_TRUE(page->common_prefixes.empty());
  ASSERT_EQ(page->uploads.size(), 1u);
  EXPECT_EQ(page->uploads[0].upload_id, x1);
  EXPECT_FALSE(page->is_truncated);
}

// ---- Restore ----

TEST_F(ObjectStoreTest, SetRestoreOnlyAppliesToArchiveClasses) {
  ObjectAttributes archive;
  archive.storage_class = "Archive";
  ObjectAttributes cold;
  cold.storage_class = "ColdArchive";
  ObjectAttributes lowercase;
  lowercase.storage_class = "archive";
  ASSERT_OK(Put("frozen", "data", archive));
  ASSERT_OK(Put("colder", "data", cold));
  ASSERT_OK(Put("standard", "data"));
  ASSERT_OK(Put("lower", "data", lowercase));

  EXPECT_OK(store_->SetRestore("bucket", "frozen", 1000, 2000));
  Result<StoredObject> frozen = store_->GetObject("bucket", "frozen");
  ASSERT_OK(frozen);
  EXPECT_EQ(frozen->restore_ready_ms, 1000);
  EXPECT_EQ(frozen->restore_expiry_ms, 2000);
  EXPECT_OK(store_->SetRestore("bucket", "colder", 3, 4));

  EXPECT_TRUE(IsServiceError(store_->SetRestore("bucket", "standard", 1, 2),
                             400, "InvalidObjectState"));
  EXPECT_TRUE(IsServiceError(store_->SetRestore("bucket", "lower", 1, 2), 400,
                             "InvalidObjectState"));
  EXPECT_TRUE(IsServiceError(store_->SetRestore("bucket", "missing", 1, 2), 404,
                             "NoSuchKey"));

  // A new object under the key starts frozen again.
  ASSERT_OK(Put("frozen", "new data", archive));
  frozen = store_->GetObject("bucket", "frozen");
  ASSERT_OK(frozen);
  EXPECT_FALSE(frozen->restore_ready_ms.has_value());
  EXPECT_FALSE(frozen->restore_expiry_ms.has_value());
}

// ---- Durability ----

TEST_F(ObjectStoreTest, EverythingSurvivesAReopen) {
  ObjectAttributes attributes;
  attributes.storage_class = "Archive";
  attributes.user_metadata = {{"k", "v"}};
  ASSERT_OK(store_->CreateBucket("second"));
  Result<StoredObject> put = Put("kept", "kept data", attributes);
  ASSERT_OK(put);
  ASSERT_OK(store_->SetRestore("bucket", "kept", 10, 20));
  const std::string upload = Initiate("multi");
  const std::string p1 = Bytes(kMinPart, 1);
  Result<StoredPart> one = UploadPart("multi", upload, 1, p1);
  ASSERT_OK(one);

  Reopen();

  Result<std::vector<BucketInfo>> buckets = store_->ListBuckets();
  ASSERT_OK(buckets);
  EXPECT_EQ(buckets->size(), 2u);
  Result<StoredObject> got = store_->GetObject("bucket", "kept");
  ASSERT_OK(got);
  EXPECT_EQ(got->etag, put->etag);
  EXPECT_EQ(got->crc64, put->crc64);
  EXPECT_EQ(got->last_modified_ms, put->last_modified_ms);
  EXPECT_EQ(got->attributes.user_metadata, attributes.user_metadata);
  EXPECT_EQ(got->restore_ready_ms, 10);
  EXPECT_EQ(Read("kept"), "kept data");

  Result<UploadListPage> uploads =
      store_->ListUploads("bucket", "", "", "", "", 10);
  ASSERT_OK(uploads);
  ASSERT_EQ(uploads->uploads.size(), 1u);
  EXPECT_EQ(uploads->uploads[0].upload_id, upload);
  Result<StoredPart> two = UploadPart("multi", upload, 2, "end");
  ASSERT_OK(two);
  Result<StoredObject> object =
      store_->CompleteUpload("bucket", "multi", upload,
                             {{1, one->etag}, {2, two->etag}}, false, false);
  ASSERT_OK(object);
  EXPECT_EQ(Read("multi"), p1 + "end");
  EXPECT_EQ(object->crc64, Crc64(p1 + "end"));
}

TEST_F(ObjectStoreTest, OpenRemovesCrashLeftovers) {
  Result<StoredObject> kept = Put("kept", "kept data");
  ASSERT_OK(kept);
  const std::string upload = Initiate("multi");
  ASSERT_OK(UploadPart("multi", upload, 1, "part"));
  const std::vector<std::string> parts_before = FilesIn(root_ / "parts");
  store_.reset();

  // A write in progress, a file renamed into place whose metadata never
  // committed, and the same for a part.
  WriteWholeFile(root_ / "tmp" / "0123456789ABCDEF0123456789ABCDEF", "temp");
  WriteWholeFile(root_ / "tmp" / "another", "temp");
  fs::create_directory(root_ / "tmp" / "subdir");
  WriteWholeFile(root_ / "tmp" / "subdir" / "f", "temp");
  WriteWholeFile(root_ / "data" / "FEDCBA9876543210FEDCBA9876543210", "orphan");
  WriteWholeFile(root_ / "parts" / "00000000000000000000000000000000",
                 "orphan");

  Reopen();

  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
  EXPECT_EQ(FilesIn(root_ / "data"),
            std::vector<std::string>{OnlyFile(*kept).filename().string()});
  EXPECT_EQ(FilesIn(root_ / "parts"), parts_before);
  EXPECT_EQ(Read("kept"), "kept data");
}

TEST_F(ObjectStoreTest, OneStorePerRootAtATime) {
  Result<std::unique_ptr<ObjectStore>> second = ObjectStore::Open(root_);
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kIoError);
}

// ---- Concurrency ----

TEST_F(ObjectStoreTest, ManyThreadsWriteAndReadAtOnce) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int round = 0; round < kRounds; ++round) {
        const std::string key =
            "t" + std::to_string(t) + "/k" + std::to_string(round % 5);
        const std::string data = Bytes(1000 + round * 37, t * 100 + round);
        Result<StoredObject> put = Put(key, data);
        if (!put.ok() || put->crc64 != Crc64(data)) ++failures;
        if (Read(key) != data) ++failures;
        // Everyone also overwrites one shared key.
        if (!Put("shared", data).ok()) ++failures;
        if (!store_->ListObjects("bucket", "", "/", "", 100).ok()) ++failures;
        const std::string upload = Initiate(key + ".mp");
        if (!UploadPart(key + ".mp", upload, 1, data).ok()) ++failures;
        if (!store_
                 ->CompleteUpload("bucket", key + ".mp", upload, {}, true,
                                  false)
                 .ok()) {
          ++failures;
        }
        if (round % 5 == 4 && !store_->DeleteObject("bucket", key).ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  // Every overwrite removed the files it replaced: one file per object,
  // in data/ for a PutObject, in parts/ for a one-part multipart object.
  const std::vector<std::string> keys = AllKeys();
  // "shared", k0..k3 of each thread (k4 was deleted last), k0..k4.mp.
  EXPECT_EQ(keys.size(), 1u + kThreads * (4 + 5));
  EXPECT_EQ(FilesIn(root_ / "data").size(), 1u + kThreads * 4);
  EXPECT_EQ(FilesIn(root_ / "parts").size(), kThreads * 5u);
  EXPECT_TRUE(FilesIn(root_ / "tmp").empty());
  EXPECT_TRUE(Read("shared").has_value());
}

// ---- Listing helpers ----

TEST(KeyListingTest, PrefixSuccessorIsTheFirstStringAfterThePrefix) {
  EXPECT_EQ(PrefixSuccessor("a"), "b");
  EXPECT_EQ(PrefixSuccessor("a/"), "a0");
  EXPECT_EQ(PrefixSuccessor("a\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("a\xfe"), "a\xff");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), std::nullopt);
  EXPECT_EQ(PrefixSuccessor(""), std::nullopt);
}

TEST(KeyListingTest, CommonPrefixIsUpToTheFirstDelimiterAfterThePrefix) {
  EXPECT_EQ(CommonPrefixFor("a/b/c", "", "/"), "a/");
  EXPECT_EQ(CommonPrefixFor("a/b/c", "a/", "/"), "a/b/");
  EXPECT_EQ(CommonPrefixFor("a/b", "a/", "/"), std::nullopt);
  EXPECT_EQ(CommonPrefixFor("a/b", "", ""), std::nullopt);
  EXPECT_EQ(CommonPrefixFor("x--y--z", "x", "--"), "x--");
}

}  // namespace
}  // namespace ossxfer::server
