// The fixture and helpers of the ObjectStore tests (object_store_test.cc,
// object_store_sharing_test.cc): a store in a fresh temp directory with one
// bucket, and readers that check what is on disk.
#ifndef OSSXFER_TESTS_SERVER_OBJECT_STORE_FIXTURE_H_
#define OSSXFER_TESTS_SERVER_OBJECT_STORE_FIXTURE_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ossxfer/crc64.h"
#include "server/key_listing.h"
#include "server/object_store.h"
#include "server/sqlite_database.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::server {

namespace fs = std::filesystem;

constexpr size_t kMinPart = 102400;

inline Status StatusOf(const Status& status) { return status; }
template <typename T>
inline Status StatusOf(const Result<T>& result) {
  return result.status();
}

#define ASSERT_OK(expr)                                  \
  do {                                                   \
    const ::ossxfer::Status assert_ok_ = StatusOf(expr); \
    ASSERT_TRUE(assert_ok_.ok()) << assert_ok_;          \
  } while (false)

#define EXPECT_OK(expr)                                  \
  do {                                                   \
    const ::ossxfer::Status expect_ok_ = StatusOf(expr); \
    EXPECT_TRUE(expect_ok_.ok()) << expect_ok_;          \
  } while (false)

// The status carries exactly this OSS error.
inline ::testing::AssertionResult IsServiceError(const Status& status, int http,
                                                 const std::string& code) {
  if (status.ok()) return ::testing::AssertionFailure() << "status is OK";
  const ServiceError* error = status.service_error();
  if (error == nullptr) {
    return ::testing::AssertionFailure() << "no service error: " << status;
  }
  if (error->http_status != http || error->code != code) {
    return ::testing::AssertionFailure()
           << "got " << error->http_status << " " << error->code << ", want "
           << http << " " << code;
  }
  return ::testing::AssertionSuccess();
}

template <typename T>
inline ::testing::AssertionResult IsServiceError(const Result<T>& result,
                                                 int http,
                                                 const std::string& code) {
  return IsServiceError(result.status(), http, code);
}

inline std::string QuotedMd5(const std::string& data) {
  return "\"" + util::HexUpper(util::Md5(data)) + "\"";
}

// Deterministic bytes that differ by seed and position.
inline std::string Bytes(size_t size, int seed) {
  std::string bytes(size, '\0');
  uint32_t state = static_cast<uint32_t>(seed) * 2654435761u + 1;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

inline std::optional<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteWholeFile(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// The one data file of a single-file (PutObject) object.
inline fs::path OnlyFile(const StoredObject& object) {
  EXPECT_EQ(object.segments.size(), 1u);
  return object.segments.empty() ? fs::path() : object.segments[0].path;
}

// An object's content, its segments' bytes one after the other; nullopt if
// a file is missing or shorter than its segments say.
inline std::optional<std::string> ReadSegments(const StoredObject& object) {
  std::string content;
  for (const DataSegment& segment : object.segments) {
    std::optional<std::string> bytes = ReadWholeFile(segment.path);
    if (!bytes || bytes->size() < segment.file_offset + segment.size) {
      return std::nullopt;
    }
    content += bytes->substr(segment.file_offset, segment.size);
  }
  if (content.size() != object.size) return std::nullopt;
  return content;
}

inline std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The file names of an object's segments, sorted like FilesIn.
inline std::vector<std::string> SegmentNames(const StoredObject& object) {
  std::vector<std::string> names;
  for (const DataSegment& segment : object.segments) {
    names.push_back(segment.path.filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/object_store_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    base_ = pattern;
    // The root is one level down, so that anything escaping it would show
    // up next to it in base_.
    root_ = base_ / "root";
    Reopen();
    ASSERT_OK(store_->CreateBucket("bucket"));
  }

  void TearDown() override {
    store_.reset();
    std::error_code error;
    fs::remove_all(base_, error);
  }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<ObjectStore>> opened = ObjectStore::Open(root_);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(opened).value();
  }

  Result<StoredObject> Put(const std::string& key, const std::string& data,
                           const ObjectAttributes& attributes = {},
                           bool forbid_overwrite = false,
                           const std::string& bucket = "bucket") {
    Result<std::unique_ptr<ObjectWriter>> writer =
        store_->BeginPut(bucket, key, attributes);
    if (!writer.ok()) return writer.status();
    Status appended = (*writer)->Append(data.data(), data.size());
    if (!appended.ok()) return appended;
    return (*writer)->Commit(forbid_overwrite, std::nullopt);
  }

  // The content of a stored object, read through its data files.
  std::optional<std::string> Read(const std::string& key,
                                  const std::string& bucket = "bucket") {
    Result<StoredObject> object = store_->GetObject(bucket, key);
    if (!object.ok()) return std::nullopt;
    return ReadSegments(*object);
  }

  Result<StoredPart> UploadPart(const std::string& key,
                                const std::string& upload_id, int number,
                                const std::string& data) {
    Result<std::unique_ptr<UploadPartWriter>> writer =
        store_->BeginPart("bucket", key, upload_id, number);
    if (!writer.ok()) return writer.status();
    Status appended = (*writer)->Append(data.data(), data.size());
    if (!appended.ok()) return appended;
    return (*writer)->Commit(std::nullopt);
  }

  std::string Initiate(const std::string& key,
                       const ObjectAttributes& attributes = {}) {
    Result<std::string> id = store_->InitiateUpload("bucket", key, attributes);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(std::string());
  }

  // A multipart object made of `parts`, all listed, in order.
  Result<StoredObject> PutMultipart(const std::string& key,
                                    const std::vector<std::string>& parts) {
    const std::string upload = Initiate(key);
    std::vector<CompletedPart> list;
    for (size_t i = 0; i < parts.size(); ++i) {
      const int number = static_cast<int>(i) + 1;
      Result<StoredPart> part = UploadPart(key, upload, number, parts[i]);
      if (!part.ok()) return part.status();
      list.push_back({number, part->etag});
    }
    return store_->CompleteUpload("bucket", key, upload, list, false, false);
  }

  // All object keys, through one unpaged listing.
  std::vector<std::string> AllKeys() {
    Result<ObjectListPage> page =
        store_->ListObjects("bucket", "", "", "", 1000);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> keys;
    if (!page.ok()) return keys;
    for (const StoredObject& object : page->objects) keys.push_back(object.key);
    return keys;
  }

  fs::path base_;
  fs::path root_;
  std::unique_ptr<ObjectStore> store_;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_TESTS_SERVER_OBJECT_STORE_FIXTURE_H_
