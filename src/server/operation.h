// Which OSS operation a request asks for, decided before anything touches
// the store: from the level (service, bucket, object), the method, the
// sub-resources in the query and the action headers (oss-protocol-2.md
// §11). A request naming a sub-resource, a modifier or an action header
// that serve does not implement is NotImplemented, never mistaken for the
// plain operation that the same method would mean without it (a
// `PUT /k?acl` is not a PutObject of an empty body).
#ifndef OSSXFER_SERVER_OPERATION_H_
#define OSSXFER_SERVER_OPERATION_H_

#include <string>

#include "server/server_request.h"

namespace ossxfer::server {

enum class Operation {
  kListBuckets,
  kCreateBucket,
  kDeleteBucket,
  kListObjects,
  kListUploads,
  kDeleteMultipleObjects,
  kGetBucketAcl,
  kPutBucketAcl,
  kGetBucketInfo,
  kGetBucketLocation,
  kGetBucketVersioning,
  kPutBucketVersioning,
  kListObjectVersions,
  kGetObject,  // GET and HEAD (?objectMeta included)
  kPutObject,
  kCopyObject,
  kAppendObject,
  kDeleteObject,
  kRestoreObject,
  kGetObjectAcl,
  kPutObjectAcl,
  kGetObjectTagging,
  kPutObjectTagging,
  kDeleteObjectTagging,
  kGetSymlink,
  kPutSymlink,
  kInitiateUpload,
  kUploadPart,
  kUploadPartCopy,
  kCompleteUpload,
  kListParts,
  kAbortUpload,
  // Recognised, not implemented: a sub-resource or modifier (`what` is its
  // name) or an action header (`header` is set).
  kNotImplemented,
  kMethodNotAllowed,
};

struct RoutedRequest {
  Operation operation = Operation::kMethodNotAllowed;
  std::string what;     // kNotImplemented: the sub-resource or header named
  bool header = false;  // kNotImplemented: `what` is a request header
};

// Pure: looks at the request only. Query parameters that are not OSS
// sub-resources or modifiers (prefix, max-keys, encoding-type, the
// presigned signature's fields, anything unknown) are ignored, as OSS does.
RoutedRequest RouteRequest(const ServerRequest& request);

// Every OSS sub-resource and modifier name serve recognises (§11.1-§11.3),
// for tests that try them all.
const std::vector<std::string>& KnownSubResources();

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OPERATION_H_
