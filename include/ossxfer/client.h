// The OSS client: one function per operation. Thread-safe: one Client is
// meant to be shared by every worker of a transfer, each request taking a
// keep-alive connection from the client's pool.
#ifndef OSSXFER_CLIENT_H_
#define OSSXFER_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ossxfer/access_control.h"
#include "ossxfer/body.h"
#include "ossxfer/bucket_info.h"
#include "ossxfer/client_options.h"
#include "ossxfer/copy_operations.h"
#include "ossxfer/listing.h"
#include "ossxfer/multipart_operations.h"
#include "ossxfer/object_metadata.h"
#include "ossxfer/object_operations.h"
#include "ossxfer/object_tagging.h"
#include "ossxfer/result.h"
#include "ossxfer/status.h"

namespace ossxfer {

struct PresignRequest {
  std::string method = "GET";
  std::string bucket;
  std::string key;
  std::string version_id;
  // 1 second to 7 days.
  std::chrono::seconds expires{900};
  // Headers the user of the URL will send and that must be signed
  // (Content-Type for a PUT, x-oss-* headers).
  std::vector<std::pair<std::string, std::string>> headers;
};

class Client {
 public:
  // Validates the options (endpoint form, region for V4, retry policy) and
  // fails with kInvalidArgument naming the problem. Credentials are read
  // per request, so missing ones surface at the first request.
  static Result<Client> Create(ClientOptions options);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  Result<ObjectMetadata> HeadObject(const HeadObjectRequest& request) const;
  // S3's HEAD ?partNumber=N (see HeadObjectPartRequest). kInvalidArgument
  // before sending for OSS, which has no such read, and for a part number
  // outside 1..10000. A store that lacks it answers as it does (serve:
  // 501, kServiceError; RGW 16: the whole object, which the caller tells
  // by the missing parts count).
  Result<ObjectPartHead> HeadObjectPart(
      const HeadObjectPartRequest& request) const;
  // The lighter HEAD ?objectMeta: size, ETag, Last-Modified, CRC64, version.
  Result<ObjectMetadata> GetObjectMeta(const HeadObjectRequest& request) const;
  // Streams the body into `sink`. Retries only while no byte has reached
  // the sink; after that a failure is returned to the caller, which knows
  // how far it got (the downloader resumes from there).
  Result<GetObjectResult> GetObject(const GetObjectRequest& request,
                                    BodySink& sink) const;
  Result<PutObjectResult> PutObject(const PutObjectRequest& request,
                                    BodySource& body) const;
  Status DeleteObject(const DeleteObjectRequest& request) const;
  // One POST /?delete with Content-MD5 (OSS requires it): keys that do not
  // exist count as deleted. kInvalidArgument for no keys, more than 1000,
  // or an invalid key, before anything is sent.
  Result<DeleteObjectsResult> DeleteObjects(
      const DeleteObjectsRequest& request) const;
  // One page; see ListObjectsV2Result::next_continuation_token.
  Result<ListObjectsV2Result> ListObjectsV2(
      const ListObjectsV2Request& request) const;

  // A server-side copy (no byte passes through the client). A missing
  // source is kNotFound; a failed source condition kPreconditionFailed
  // (412, or 304 for if_none_match / if_modified_since), and then nothing
  // was copied.
  Result<CopyObjectResult> CopyObject(const CopyObjectRequest& request) const;

  // Appends the body at request.position. Never retried once any of the
  // body may have reached the server: a second append of the same bytes
  // would store them twice. A failure after that point (a reset, a 5xx)
  // is returned; whether the bytes went in is then told by the object's
  // length (HeadObject's size), or by the next append's 409, whose message
  // names the position to append at.
  Result<AppendObjectResult> AppendObject(const AppendObjectRequest& request,
                                          BodySource& body) const;

  // ?acl. ACL values are checked before sending (access_control.h).
  Status PutObjectAcl(const PutObjectAclRequest& request) const;
  Result<AccessControlPolicy> GetObjectAcl(
      const GetObjectAclRequest& request) const;

  // ?tagging. PutObjectTagging sends the tag set as XML with Content-MD5;
  // the server checks OSS's limits (object_tagging.h).
  Status PutObjectTagging(const PutObjectTaggingRequest& request) const;
  Result<std::vector<ObjectTag>> GetObjectTagging(
      const ObjectTaggingRequest& request) const;
  Status DeleteObjectTagging(const ObjectTaggingRequest& request) const;

  // ?symlink. GetSymlink gives the target key, decoded.
  Status PutSymlink(const PutSymlinkRequest& request) const;
  Result<std::string> GetSymlink(const GetSymlinkRequest& request) const;

  Result<InitiateMultipartUploadResult> InitiateMultipartUpload(
      const InitiateMultipartUploadRequest& request) const;
  Result<UploadPartResult> UploadPart(const UploadPartRequest& request,
                                      BodySource& body) const;
  Result<CompleteMultipartUploadResult> CompleteMultipartUpload(
      const CompleteMultipartUploadRequest& request) const;
  // One page; see ListPartsResult::next_part_number_marker.
  Result<ListPartsResult> ListParts(const ListPartsRequest& request) const;
  Status AbortMultipartUpload(const AbortMultipartUploadRequest& request) const;
  Result<ListMultipartUploadsResult> ListMultipartUploads(
      const ListMultipartUploadsRequest& request) const;
  // A part whose bytes are copied on the server from request.source.
  // kInvalidArgument before sending for a part number outside 1..10000, an
  // empty range or one whose end overflows.
  Result<UploadPartResult> UploadPartCopy(
      const UploadPartCopyRequest& request) const;

  Status CreateBucket(const std::string& bucket) const;
  Status DeleteBucket(const std::string& bucket) const;
  Result<std::vector<BucketSummary>> ListBuckets() const;
  Result<BucketInfo> GetBucketInfo(const std::string& bucket) const;
  // The bucket's region as OSS writes it: "oss-cn-hangzhou".
  Result<std::string> GetBucketLocation(const std::string& bucket) const;
  // ?acl of a bucket: private, public-read or public-read-write (checked
  // before sending).
  Status PutBucketAcl(const std::string& bucket, const std::string& acl) const;
  Result<AccessControlPolicy> GetBucketAcl(const std::string& bucket) const;

  // A URL that lets anyone holding it perform the request until it
  // expires, signed with the client's signature version.
  Result<std::string> PresignUrl(const PresignRequest& request) const;

  // Bucket versioning: "Enabled" or "Suspended" (kInvalidArgument
  // otherwise, before sending); Get answers "" for a bucket never set.
  Status PutBucketVersioning(const std::string& bucket,
                             const std::string& status) const;
  Result<std::string> GetBucketVersioning(const std::string& bucket) const;
  // One page of versions and delete markers; see
  // ListObjectVersionsResult::next_key_marker.
  Result<ListObjectVersionsResult> ListObjectVersions(
      const ListObjectVersionsRequest& request) const;

  // The endpoint and region actually used ("http://127.0.0.1:9000").
  std::string endpoint() const;
  std::string region() const;
  StoreDialect dialect() const;
  // How users write an object of this store: "oss://bucket/key",
  // "s3://bucket/key".
  std::string ObjectUrl(std::string_view bucket, std::string_view key) const;
  // The user metadata an upload must carry for the object's CRC-64 to be
  // known to later readers ("ossxfer-crc64ecma", as a decimal number): set
  // for stores that compute no CRC-64 themselves (S3), empty for OSS.
  // Upload() sets it; a HEAD then reports it as ObjectMetadata::checksum.
  std::string RecordedChecksumMetadata() const;
  // Whether the store's own check of uploaded bytes is Content-MD5 (S3,
  // which returns no checksum of a part) rather than a checksum it returns
  // (OSS's CRC-64). Upload() then sends the MD5 of every part.
  bool ChecksContentMd5() const;
  // The policy every request retries by (ClientOptions::retry); the
  // transfer engine retries its parts by it too.
  const RetryPolicy& retry_policy() const;

 private:
  class Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ossxfer

#endif  // OSSXFER_CLIENT_H_
