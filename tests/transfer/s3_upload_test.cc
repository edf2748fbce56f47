// Upload() through a Client built for S3, against an in-test responder
// that answers as S3 does (ETag = MD5, no CRC-64): every part and a single
// PutObject carry the Content-MD5 of exactly their bytes, and the object
// carries the file's CRC-64 in x-amz-meta-ossxfer-crc64ecma from the start.
// The same uploads against Ceph RGW and moto, checked with boto3, are
// tests/compat/s3_peers/ossxfer_checks.py.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "ossxfer/client.h"
#include "ossxfer/crc64.h"
#include "ossxfer/upload.h"
#include "support/http_responder.h"
#include "support/serve_process.h"
#include "support/test_sizes.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::kMiB;
using ::ossxfer::testing::RecordedRequest;
using ::ossxfer::testing::TempDir;

// Answers as S3 does: an ETag that is the MD5 of the body received, no
// checksum header, and (as Ceph RGW 16) an empty <ETag> from Complete, so
// that the client asks HEAD, whose ETag is the parts' composite one, or
// `head_etag` when set.
class S3Responder {
 public:
  CannedResponse Answer(const RecordedRequest& request) {
    const std::string query = request.Query();
    std::lock_guard lock(mutex_);
    if (request.method == "POST" && query.starts_with("uploads")) {
      return CannedResponse{
          200,
          {{"Content-Type", "application/xml"}},
          "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>"
          "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>"};
    }
    if (request.method == "POST" && completed_) {
      // The upload is gone once completed, as on AWS.
      return CannedResponse{
          404,
          {{"Content-Type", "application/xml"}},
          "<Error><Code>NoSuchUpload</Code><Message>The specified upload "
          "does not exist.</Message><RequestId>R2</RequestId></Error>"};
    }
    if (request.method == "POST") {
      if (lose_complete_answer) {
        // Completed, and the answer lost on the way: the headers come,
        // then the connection closes before the body.
        completed_ = true;
        return CannedResponse{200,
                              {{"Content-Type", "application/xml"}},
                              "<CompleteMultipartUploadResult/>",
                              /*truncate_body_at=*/0};
      }
      return CannedResponse{
          200,
          {{"Content-Type", "application/xml"}},
          "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>"
          "<ETag></ETag></CompleteMultipartUploadResult>"};
    }
    if (request.method == "PUT") {
      const std::string md5 = util::Md5(request.body);
      const size_t number = query.find("partNumber=");
      if (number != std::string::npos) {
        const int part = std::stoi(query.substr(number + 11));
        part_md5s_[part] = md5;
        part_sizes_[part] = request.body.size();
      }
      return CannedResponse{200, {{"ETag", "\"" + util::HexLower(md5) + "\""}}};
    }
    if (request.method == "HEAD") {
      std::string digests;
      for (const auto& [number, md5] : part_md5s_) digests += md5;
      const std::string etag = head_etag.empty()
                                   ? util::HexLower(util::Md5(digests)) + "-" +
                                         std::to_string(part_md5s_.size())
                                   : head_etag;
      uint64_t size = 0;
      for (const auto& [number, part_size] : part_sizes_) size += part_size;
      return CannedResponse{200,
                            {{"ETag", "\"" + etag + "\""},
                             {"Content-Length", std::to_string(size)}}};
    }
    return CannedResponse{404, {}};
  }

  std::string head_etag;
  // The first Complete completes the upload but its answer never arrives.
  bool lose_complete_answer = false;

 private:
  std::mutex mutex_;
  std::map<int, std::string> part_md5s_;
  std::map<int, uint64_t> part_sizes_;
  bool completed_ = false;
};

class S3UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.resize(12 * kMiB + 12345);
    for (size_t i = 0; i < data_.size(); ++i) {
      data_[i] = static_cast<char>((i * 2654435761u) >> 13);
    }
    source_ = dir_.path() / "source.bin";
    std::ofstream(source_, std::ios::binary) << data_;
  }

  Client S3Client(const HttpResponder* responder = nullptr) const {
    ClientOptions options;
    options.dialect = StoreDialect::kS3;
    options.endpoint = (responder ? *responder : responder_).endpoint();
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(5);
    options.use_path_style = true;
    options.credentials =
        MakeStaticCredentialsProvider(Credentials{"AKID", "secret", ""});
    Result<Client> client = Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return std::move(client).value();
  }

  UploadRequest Request(uint64_t part_size) const {
    UploadRequest request;
    request.source = source_;
    request.bucket = "bkt";
    request.key = "k";
    request.part_size = part_size;
    request.parallel = 2;
    request.checkpoint = false;
    return request;
  }

  std::string Crc64Text() const {
    return std::to_string(Crc64(data_.data(), data_.size()));
  }

  TempDir dir_;
  std::filesystem::path source_;
  std::string data_;
  S3Responder s3_;
  HttpResponder responder_{
      [this](const RecordedRequest& request) { return s3_.Answer(request); }};
};

TEST_F(S3UploadTest, EveryPartCarriesTheMd5OfItsBytesAndTheObjectItsCrc64) {
  Result<UploadResult> uploaded = Upload(S3Client(), Request(5 * kMiB));
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->parts, 3u);

  int parts = 0;
  for (const RecordedRequest& request : responder_.requests()) {
    if (request.method == "POST" && request.Query().starts_with("uploads")) {
      EXPECT_EQ(request.Header("x-amz-meta-ossxfer-crc64ecma"), Crc64Text());
    }
    if (request.method != "PUT") continue;
    ++parts;
    ASSERT_TRUE(request.Header("Content-MD5").has_value()) << request.target;
    EXPECT_EQ(*request.Header("Content-MD5"),
              util::Base64Encode(util::Md5(request.body)))
        << request.target;
    EXPECT_FALSE(request.Header("x-amz-meta-ossxfer-crc64ecma").has_value())
        << "a part carries no metadata";
  }
  EXPECT_EQ(parts, 3);
  // Complete's ETag was empty: the client took the HEAD's, after checking
  // it is the one the parts give.
  EXPECT_TRUE(uploaded->etag.ends_with("-3\"")) << uploaded->etag;
}

TEST_F(S3UploadTest, AnObjectWhoseEtagIsNotItsPartsIsCorruption) {
  s3_.head_etag = "0a97f1336a2298a6c3e9adaa562a9eec-3";
  Result<UploadResult> uploaded = Upload(S3Client(), Request(5 * kMiB));
  ASSERT_FALSE(uploaded.ok());
  EXPECT_EQ(uploaded.status().code(), StatusCode::kDataCorruption)
      << uploaded.status();
  EXPECT_NE(uploaded.status().message().find("is not the one its 3 parts give"),
            std::string::npos)
      << uploaded.status();
}

TEST_F(S3UploadTest, ASinglePutCarriesBothToo) {
  Result<UploadResult> uploaded = Upload(S3Client(), Request(64 * kMiB));
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->parts, 0u);
  std::vector<RecordedRequest> seen = responder_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].Header("Content-MD5"),
            util::Base64Encode(util::Md5(data_)));
  EXPECT_EQ(seen[0].Header("x-amz-meta-ossxfer-crc64ecma"), Crc64Text());
}

TEST_F(S3UploadTest, ARetriedCompleteAnsweredNoSuchUploadIsSettledByHead) {
  // The first Complete completed the upload and its answer was cut; the
  // client's retry is answered 404 NoSuchUpload (as AWS may); the object's
  // ETag and size are the parts', so the upload succeeded.
  s3_.lose_complete_answer = true;
  Result<UploadResult> uploaded = Upload(S3Client(), Request(5 * kMiB));
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_TRUE(uploaded->etag.ends_with("-3\"")) << uploaded->etag;
  bool noted = false;
  for (const std::string& notice : uploaded->notices)
    noted |= notice.find("answered NoSuchUpload, but s3://bkt/k is") !=
             std::string::npos;
  EXPECT_TRUE(noted);
  int completes = 0;
  for (const RecordedRequest& request : responder_.requests())
    completes +=
        request.method == "POST" && !request.Query().starts_with("uploads");
  EXPECT_EQ(completes, 2);

  // The same, but the object at the key is not these parts: the error
  // stands.
  S3Responder other;
  other.lose_complete_answer = true;
  other.head_etag = "0a97f1336a2298a6c3e9adaa562a9eec-3";
  HttpResponder responder([&other](const RecordedRequest& request) {
    return other.Answer(request);
  });
  Result<UploadResult> failed = Upload(S3Client(&responder), Request(5 * kMiB));
  ASSERT_FALSE(failed.ok());
  ASSERT_NE(failed.status().service_error(), nullptr) << failed.status();
  EXPECT_EQ(failed.status().service_error()->code, "NoSuchUpload");
}

}  // namespace
}  // namespace ossxfer
