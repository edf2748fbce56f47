// Turns each authenticated request into a store operation and its OSS
// response: bucket, object, multipart and admin handlers (one file each).
#ifndef OSSXFER_SERVER_REQUEST_ROUTER_H_
#define OSSXFER_SERVER_REQUEST_ROUTER_H_

#include <map>
#include <string>

#include "auth/v4_parameters.h"
#include "server/fault_injector.h"
#include "server/http_exchange.h"
#include "server/object_store.h"
#include "server/operation.h"
#include "server/request_authenticator.h"
#include "server/server_options.h"
#include "server/server_request.h"

namespace ossxfer::server {

// encoding-type=url (any case) asks for percent-encoded names in answers.
bool IsUrlEncoding(const ServerRequest& request);

class RequestRouter {
 public:
  RequestRouter(const ServerOptions& options, ObjectStore& store,
                FaultInjector& faults)
      : options_(options),
        store_(store),
        faults_(faults),
        authenticator_(options.credentials, options.anonymous,
                       auth::kOssV4Parameters),
        s3_authenticator_(options.credentials, options.anonymous,
                          auth::kAwsV4Parameters, auth::kAwsV2Parameters) {}

  // Authenticates `request` in its dialect, translates an S3 request to
  // OSS terms (server/s3_wire.h) and runs the operation it names.
  void Handle(const ServerRequest& request, HttpExchange& exchange);

 private:
  void HandleOperation(const ServerRequest& request, HttpExchange& exchange);
  Status NotImplementedError(const RoutedRequest& routed) const;
  // admin_handlers.cc: /_ossxfer/... (loopback only, no signature).
  void HandleAdmin(const ServerRequest& request, HttpExchange& exchange);
  // bucket_handlers.cc
  void ListBuckets(const ServerRequest& request, HttpExchange& exchange);
  void CreateBucket(const ServerRequest& request, HttpExchange& exchange);
  void DeleteBucket(const ServerRequest& request, HttpExchange& exchange);
  void ListObjects(const ServerRequest& request, HttpExchange& exchange);
  void ListUploads(const ServerRequest& request, HttpExchange& exchange);
  void DeleteMultipleObjects(const ServerRequest& request,
                             HttpExchange& exchange);
  void GetBucketInfo(const ServerRequest& request, HttpExchange& exchange);
  void GetBucketVersioning(const ServerRequest& request,
                           HttpExchange& exchange);
  void PutBucketVersioning(const ServerRequest& request,
                           HttpExchange& exchange);
  void ListObjectVersions(const ServerRequest& request, HttpExchange& exchange);
  void GetBucketLocation(const ServerRequest& request, HttpExchange& exchange);
  // object_handlers.cc
  void GetObject(const ServerRequest& request, HttpExchange& exchange);
  void GetSyntheticObject(const ServerRequest& request, HttpExchange& exchange);
  void PutObject(const ServerRequest& request, HttpExchange& exchange);
  void DeleteObject(const ServerRequest& request, HttpExchange& exchange);
  void RestoreObject(const ServerRequest& request, HttpExchange& exchange);
  void AppendObject(const ServerRequest& request, HttpExchange& exchange);
  // What GET and HEAD of a link serve: its target, under the link's type,
  // user metadata and Last-Modified if later (one level: a link to a link
  // is 400 InvalidTargetType; a missing target 404 SymlinkTargetNotExist).
  Result<StoredObject> ResolveSymlink(const StoredObject& link);
  // Answers a failed lookup of the object a request names: a NoSuchKey
  // because of a delete marker carries x-oss-delete-marker and its id.
  void SendObjectLookupError(const ServerRequest& request, const Status& status,
                             HttpExchange& exchange);
  // object_subresource_handlers.cc
  void GetObjectAcl(const ServerRequest& request, HttpExchange& exchange);
  void PutObjectAcl(const ServerRequest& request, HttpExchange& exchange);
  void GetBucketAcl(const ServerRequest& request, HttpExchange& exchange);
  void PutBucketAcl(const ServerRequest& request, HttpExchange& exchange);
  void GetObjectTagging(const ServerRequest& request, HttpExchange& exchange);
  void PutObjectTagging(const ServerRequest& request, HttpExchange& exchange);
  void DeleteObjectTagging(const ServerRequest& request,
                           HttpExchange& exchange);
  void PutSymlink(const ServerRequest& request, HttpExchange& exchange);
  void GetSymlink(const ServerRequest& request, HttpExchange& exchange);
  // The version ?versionId names (or the current one) for a sub-resource
  // of an object: a delete marker is 405 MethodNotAllowed.
  Result<StoredObject> VersionForSubResource(const ServerRequest& request);
  Status UpdateAttributesOf(
      const ServerRequest& request,
      const std::function<void(ObjectAttributes&)>& change);
  // copy_handlers.cc
  void CopyObject(const ServerRequest& request, HttpExchange& exchange);
  // The object x-oss-copy-source names, once its x-oss-copy-source-if-*
  // conditions hold; an error is the answer (a 304 NotModified included,
  // which SendCopySourceError sends as such).
  Result<StoredObject> LookUpCopySource(const ServerRequest& request);
  static void SendCopySourceError(const Status& status, HttpExchange& exchange);
  // multipart_handlers.cc
  void InitiateUpload(const ServerRequest& request, HttpExchange& exchange);
  void UploadPart(const ServerRequest& request, HttpExchange& exchange,
                  const FaultPlan& plan);
  void CompleteUpload(const ServerRequest& request, HttpExchange& exchange);
  // The part checksums a Complete lists (S3's <ChecksumCRC32>, ...) must be
  // those stored with the parts: 400 InvalidPart otherwise.
  Status CheckListedChecksums(const ServerRequest& request,
                              const std::string& upload_id,
                              const std::map<int, std::string>& listed);
  void ListParts(const ServerRequest& request, HttpExchange& exchange);
  void AbortUpload(const ServerRequest& request, HttpExchange& exchange);
  void UploadPartCopy(const ServerRequest& request, HttpExchange& exchange);

  // Writes a new object whose content is the old one with its first byte
  // changed: the "replace" fault (a writer elsewhere changed the object).
  void ReplaceContent(const StoredObject& object);

  const ServerOptions& options_;
  ObjectStore& store_;
  FaultInjector& faults_;
  RequestAuthenticator authenticator_;
  RequestAuthenticator s3_authenticator_;
};

// The versionId of a request: none when absent; 400 InvalidArgument when
// empty or not made of the characters version ids use.
Result<std::optional<std::string>> VersionIdOf(const ServerRequest& request);

// x-oss-version-id for an answer about `object`: sent for every version a
// versioned bucket wrote, not for the "null" version of a bucket that never
// had versioning.
void AddVersionHeader(const StoredObject& object, ResponseHeaders& headers);
// x-oss-copy-source-version-id: the source version a copy read.
void AddSourceVersionHeader(const StoredObject& source,
                            ResponseHeaders& headers);

// Object attributes from the headers of a write that creates an object
// (PutObject, InitiateMultipartUpload, AppendObject, CopyObject with
// REPLACE, PutSymlink): 400 for an invalid x-oss-object-acl or
// x-oss-tagging. The tags are kept in canonical form.
Result<ObjectAttributes> AttributesFromHeaders(const ServerRequest& request);

// An ACL header's value: 400 InvalidArgument when absent or not one of
// private, public-read, public-read-write (or default, for objects).
Result<std::string> CheckedAcl(const std::optional<std::string>& value,
                               const char* header, bool allow_default);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_REQUEST_ROUTER_H_
