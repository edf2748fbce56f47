// Where a multipart session's upload lives: the few operations on a
// multipart upload that the session itself sends (the parts are the
// transfer kind's), and the HEAD that settles a Complete whose answer was
// lost. OSS or S3 through a Client in production; tests put a fake behind
// it to reach a lost part, a vanished upload or a lost answer on cue.
#ifndef OSSXFER_TRANSFER_MULTIPART_TARGET_H_
#define OSSXFER_TRANSFER_MULTIPART_TARGET_H_

#include <string>

#include "ossxfer/client.h"
#include "ossxfer/result.h"

namespace ossxfer::transfer {

class MultipartTarget {
 public:
  virtual ~MultipartTarget() = default;
  // Names the service in checkpoints ("http://127.0.0.1:9000").
  virtual std::string endpoint() const = 0;
  // "oss://bucket/key" or "s3://bucket/key", for messages.
  virtual std::string ObjectUrl(const std::string& bucket,
                                const std::string& key) const = 0;
  virtual Result<InitiateMultipartUploadResult> Initiate(
      const InitiateMultipartUploadRequest& request) const = 0;
  virtual Result<ListPartsResult> ListParts(
      const ListPartsRequest& request) const = 0;
  virtual Result<ListMultipartUploadsResult> ListUploads(
      const ListMultipartUploadsRequest& request) const = 0;
  virtual Result<CompleteMultipartUploadResult> Complete(
      const CompleteMultipartUploadRequest& request) const = 0;
  virtual Status Abort(const AbortMultipartUploadRequest& request) const = 0;
  // The object as it is now: what a Complete answered NoSuchUpload is
  // checked against (its first answer may have been lost).
  virtual Result<ObjectMetadata> Head(const std::string& bucket,
                                      const std::string& key) const = 0;
};

// The target as OSS: each call is the Client's operation of that name.
class ClientMultipartTarget : public MultipartTarget {
 public:
  explicit ClientMultipartTarget(const Client& client) : client_(client) {}
  std::string endpoint() const override { return client_.endpoint(); }
  std::string ObjectUrl(const std::string& bucket,
                        const std::string& key) const override {
    return client_.ObjectUrl(bucket, key);
  }
  Result<InitiateMultipartUploadResult> Initiate(
      const InitiateMultipartUploadRequest& request) const override {
    return client_.InitiateMultipartUpload(request);
  }
  Result<ListPartsResult> ListParts(
      const ListPartsRequest& request) const override {
    return client_.ListParts(request);
  }
  Result<ListMultipartUploadsResult> ListUploads(
      const ListMultipartUploadsRequest& request) const override {
    return client_.ListMultipartUploads(request);
  }
  Result<CompleteMultipartUploadResult> Complete(
      const CompleteMultipartUploadRequest& request) const override {
    return client_.CompleteMultipartUpload(request);
  }
  Status Abort(const AbortMultipartUploadRequest& request) const override {
    return client_.AbortMultipartUpload(request);
  }
  Result<ObjectMetadata> Head(const std::string& bucket,
                              const std::string& key) const override {
    return client_.HeadObject({bucket, key, ""});
  }

 private:
  const Client& client_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_MULTIPART_TARGET_H_
