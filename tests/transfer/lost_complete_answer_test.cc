// A CompleteMultipartUpload whose answer is lost after the store completed
// the upload, against a real `ossxfer serve` in both dialects: the target
// sends the Complete, drops serve's answer and sends it again, as the
// client's retry does after a broken connection; serve answers the retry
// NoSuchUpload (its upload is gone), and the session must settle it by
// serve's HEAD.
// serve has no fault that cuts a Complete's answer after the commit, so the
// loss is made behind the library's own seam (MultipartTarget).
#include <gtest/gtest.h>

#include "ossxfer/client.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/multipart_session.h"
#include "transfer/multipart_target.h"
#include "util/digest.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::kPart;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using transfer::MultipartOutcome;
using transfer::PartRange;
using transfer::UploadCheckpoint;

// The client's target, except that the first Complete's answer never
// arrives: the same Complete is sent again and its answer is the one kept.
class AnswerLosingTarget : public transfer::ClientMultipartTarget {
 public:
  explicit AnswerLosingTarget(const Client& client)
      : ClientMultipartTarget(client) {}
  Result<CompleteMultipartUploadResult> Complete(
      const CompleteMultipartUploadRequest& request) const override {
    if (!lost_) {
      lost_ = true;
      Result<CompleteMultipartUploadResult> first =
          ClientMultipartTarget::Complete(request);
      if (!first.ok()) return first;
    }
    return ClientMultipartTarget::Complete(request);
  }

 private:
  mutable bool lost_ = false;
};

class LostCompleteAnswerTest : public ::testing::TestWithParam<StoreDialect> {
 protected:
  Client MakeStoreClient() const {
    ClientOptions options = serve_.ClientOptionsFor();
    if (GetParam() == StoreDialect::kS3) {
      options.dialect = StoreDialect::kS3;
      options.region = "us-east-1";
      options.use_path_style = true;
    }
    return std::move(Client::Create(options)).value();
  }

  TempDir dir_;
  ServeProcess serve_{dir_.path() / "root"};
  std::string data_ = TestBytes(2 * kPart + 11, 5);
};

TEST_P(LostCompleteAnswerTest, TheRetrysNoSuchUploadIsSettledByTheHead) {
  ASSERT_TRUE(serve_.started());
  const Client client = MakeStoreClient();
  ASSERT_TRUE(client.CreateBucket("bucket").ok());
  transfer::MultipartSource source;
  source.description = "test upload";
  source.describe = [](UploadCheckpoint& checkpoint) {
    checkpoint.source_path = "memory";
  };
  source.compare = [](const UploadCheckpoint&,
                      transfer::CheckpointComparison&) {};
  source.send_part =
      [&](const std::string& upload_id, int number,
          const PartRange& range) -> Result<UploadCheckpoint::Part> {
    const std::string bytes = data_.substr(range.first, range.size);
    UploadPartRequest part;
    part.bucket = "bucket";
    part.key = "key";
    part.upload_id = upload_id;
    part.part_number = number;
    if (client.ChecksContentMd5()) part.content_md5 = util::Md5(bytes);
    StringSource body(bytes);
    Result<UploadPartResult> sent = client.UploadPart(part, body);
    if (!sent.ok()) return sent.status();
    return UploadCheckpoint::Part{number, range.size, sent->etag,
                                  sent->checksum};
  };
  AnswerLosingTarget target(client);
  transfer::TransferSettings settings;
  settings.parallel = 1;
  transfer::TransferCore core(settings);
  transfer::MultipartSession session(target, core, {"bucket", "key"},
                                     std::move(source),
                                     dir_.path() / "upload.ucp");
  Result<transfer::MultipartPlan> plan =
      session.Plan(data_.size(), kPart, kPart);
  ASSERT_TRUE(plan.ok()) << plan.status();
  Result<MultipartOutcome> outcome = session.Run(std::move(*plan));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  // Settled by the ETag of the parts in both: serve gives an OSS multipart
  // object S3's MD5(part MD5s)-N too (upper case), which comes first. The
  // CRC-64 settles it where the ETag follows another rule
  // (MultipartSessionTest).
  const std::string proof = "its ETag";
  bool settled = false;
  for (const std::string& notice : core.notices()) {
    settled |= notice.find("answered NoSuchUpload, but") != std::string::npos &&
               notice.find(proof) != std::string::npos;
  }
  EXPECT_TRUE(settled) << ::testing::PrintToString(core.notices());
  EXPECT_TRUE(outcome->completed.etag.ends_with("-3\""))
      << outcome->completed.etag;

  StringSink stored;
  GetObjectRequest get;
  get.bucket = "bucket";
  get.key = "key";
  ASSERT_TRUE(client.GetObject(get, stored).ok());
  EXPECT_TRUE(stored.data() == data_);
}

INSTANTIATE_TEST_SUITE_P(BothDialects, LostCompleteAnswerTest,
                         ::testing::Values(StoreDialect::kOss,
                                           StoreDialect::kS3),
                         [](const auto& info) {
                           return info.param == StoreDialect::kS3
                                      ? std::string("S3")
                                      : std::string("Oss");
                         });

}  // namespace
}  // namespace ossxfer
