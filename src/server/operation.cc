#include "server/operation.h"

#include <strings.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

namespace ossxfer::server {
namespace {

// Names that select an operation (oss-protocol-2.md §11.1-§11.3): at the
// bucket level, at the object level and at the service level. A name is
// recognised at every level; where it means nothing serve implements, the
// request is NotImplemented.
const std::vector<std::string>& OperationNames() {
  static const std::vector<std::string> kNames = {
      // bucket
      "acl", "bucketInfo", "location", "stat", "versioning", "versions",
      "uploads", "delete", "tagging", "cors", "lifecycle", "logging", "website",
      "referer", "policy", "policyStatus", "encryption", "replication",
      "replicationLocation", "replicationProgress", "worm", "wormId",
      "wormExtend", "inventory", "inventoryId", "qos", "qosInfo",
      "requesterQosInfo", "qosRequester", "resourcePool", "resourcePoolBuckets",
      "resourcePoolInfo", "resourcePoolRequester",
      "resourcePoolRequesterQosInfo", "requestPayment", "transferAcceleration",
      "cname", "resourceGroup", "accessmonitor", "bucketArchiveDirectRead",
      "httpsConfig", "redundancyTransition", "publicAccessBlock", "accessPoint",
      "accessPointPolicy", "accessPointForObjectProcess",
      "accessPointPolicyForObjectProcess", "accessPointConfigForObjectProcess",
      "objectWorm", "overwriteConfig", "style", "styleName", "metaQuery",
      "userDefinedLogFieldsConfig", "rtc", "asyncFetch", "live", "vod", "img",
      "udf", "udfName", "udfImage", "udfId", "udfImageDesc", "udfApplication",
      "udfApplicationLog", "processConfiguration", "vip", "vpcip",
      // object
      "symlink", "append", "seal", "restore", "cleanRestoredObject",
      "objectMeta", "uploadId", "x-oss-process", "x-oss-async-process",
      "retention", "legalHold", "x-oss-dir", "x-oss-rename", "x-oss-delete",
      // service
      "regions", "regionList", "cloudboxes", "x-oss-write-get-object-response"};
  return kNames;
}

// Names that modify an operation. Implemented ones are read by the
// handlers; the rest make the request NotImplemented.
const std::vector<std::string>& ImplementedModifiers() {
  static const std::vector<std::string> kNames = {
      "partNumber",
      "position",
      "versionId",
      "x-oss-traffic-limit",
      "security-token",
      "response-content-type",
      "response-content-language",
      "response-expires",
      "response-cache-control",
      "response-content-disposition",
      "response-content-encoding"};
  return kNames;
}
const std::vector<std::string>& UnimplementedModifiers() {
  static const std::vector<std::string> kNames = {
      "callback",
      "callback-var",
      "sequential",
      "comp",
      "rule-id",
      "status",
      "startTime",
      "endTime",
      "x-oss-target-redundancy-type",
      "x-oss-redundancy-transition-taskid",
      "action"};
  return kNames;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Feature headers serve does not implement. OSS answers a header implying
// functionality it lacks with 400 NotImplemented and <Header> (§11.5); a
// server that ignored these would store something other than what was
// asked for (an unencrypted object).
const std::vector<std::string>& UnimplementedHeaders() {
  static const std::vector<std::string> kNames = {
      "x-oss-server-side-encryption", "x-oss-server-side-data-encryption",
      "x-oss-server-side-encryption-key-id"};
  return kNames;
}

RoutedRequest NotImplemented(std::string what, bool header = false) {
  return RoutedRequest{Operation::kNotImplemented, std::move(what), header};
}

RoutedRequest To(Operation operation) { return RoutedRequest{operation}; }

bool HasHeader(const ServerRequest& request, std::string_view name) {
  return request.Header(name).has_value();
}

}  // namespace

const std::vector<std::string>& KnownSubResources() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> all = OperationNames();
    for (const auto* list :
         {&ImplementedModifiers(), &UnimplementedModifiers()})
      all.insert(all.end(), list->begin(), list->end());
    return all;
  }();
  return kAll;
}

RoutedRequest RouteRequest(const ServerRequest& request) {
  std::set<std::string> operations;
  for (const auto& [name, value] : request.query) {
    if (Contains(OperationNames(), name)) operations.insert(name);
    if (Contains(UnimplementedModifiers(), name)) return NotImplemented(name);
  }
  const std::string& method = request.method;
  auto only = [&operations](std::string_view name) {
    return operations.size() == 1 && *operations.begin() == name;
  };

  if (request.bucket.empty()) {
    if (!operations.empty()) return NotImplemented(*operations.begin());
    return To(method == "GET" ? Operation::kListBuckets
                              : Operation::kMethodNotAllowed);
  }

  if (request.key.empty()) {
    if (operations.empty()) {
      if (method == "GET") return To(Operation::kListObjects);
      if (method == "PUT") return To(Operation::kCreateBucket);
      if (method == "DELETE") return To(Operation::kDeleteBucket);
      if (method == "POST") return NotImplemented("PostObject");
      return To(Operation::kMethodNotAllowed);
    }
    if (only("uploads")) {
      return To(method == "GET" ? Operation::kListUploads
                                : Operation::kMethodNotAllowed);
    }
    if (only("delete")) {
      return To(method == "POST" ? Operation::kDeleteMultipleObjects
                                 : Operation::kMethodNotAllowed);
    }
    if (only("acl")) {
      if (method == "GET") return To(Operation::kGetBucketAcl);
      if (method == "PUT") return To(Operation::kPutBucketAcl);
      return NotImplemented("acl");
    }
    if (only("bucketInfo") && method == "GET") {
      return To(Operation::kGetBucketInfo);
    }
    if (only("location") && method == "GET") {
      return To(Operation::kGetBucketLocation);
    }
    if (only("versioning")) {
      if (method == "GET") return To(Operation::kGetBucketVersioning);
      if (method == "PUT") return To(Operation::kPutBucketVersioning);
      return NotImplemented("versioning");
    }
    if (only("versions") && method == "GET") {
      return To(Operation::kListObjectVersions);
    }
    return NotImplemented(*operations.begin());
  }

  // An object. The copy source is an action only on a plain PUT and a
  // part PUT; the C++ SDK also sends it on InitiateMultipartUpload, where
  // OSS ignores it, and so does serve.
  const bool put_object = method == "PUT" && operations.empty();
  const bool put_part = method == "PUT" && only("uploadId");
  const bool copy = HasHeader(request, "x-oss-copy-source");
  // The writes that create an object: where an encryption header would
  // be obeyed by OSS.
  const bool creates = put_object || (method == "POST" && only("uploads")) ||
                       (method == "POST" && only("append")) ||
                       (method == "PUT" && only("symlink"));
  if (creates) {
    for (const std::string& header : UnimplementedHeaders()) {
      if (HasHeader(request, header)) return NotImplemented(header, true);
    }
  }
  if (put_part && copy) return To(Operation::kUploadPartCopy);
  if (put_object && copy && !request.HasQuery("partNumber")) {
    return To(Operation::kCopyObject);
  }
  const bool part_number = request.HasQuery("partNumber");
  if (operations.empty()) {
    // A part number belongs to a multipart upload: a part PUT without its
    // upload id is UploadPart's error to give; GetObject by part is S3's,
    // not OSS's.
    if (part_number) {
      if (method == "PUT") return To(Operation::kUploadPart);
      const bool read = method == "GET" || method == "HEAD";
      return read && request.dialect == WireDialect::kS3
                 ? To(Operation::kGetObject)
                 : NotImplemented("partNumber");
    }
    if (method == "GET" || method == "HEAD") return To(Operation::kGetObject);
    if (method == "PUT") return To(Operation::kPutObject);
    if (method == "DELETE") return To(Operation::kDeleteObject);
    if (method == "POST") return NotImplemented("PostObject");
    return To(Operation::kMethodNotAllowed);
  }
  if (only("objectMeta")) {
    return To(method == "HEAD" ? Operation::kGetObject
                               : Operation::kMethodNotAllowed);
  }
  if (only("uploads")) {
    return To(method == "POST" ? Operation::kInitiateUpload
                               : Operation::kMethodNotAllowed);
  }
  if (only("restore")) {
    return To(method == "POST" ? Operation::kRestoreObject
                               : Operation::kMethodNotAllowed);
  }
  if (only("append")) {
    return To(method == "POST" ? Operation::kAppendObject
                               : Operation::kMethodNotAllowed);
  }
  if (only("acl")) {
    if (method == "GET") return To(Operation::kGetObjectAcl);
    if (method == "PUT") return To(Operation::kPutObjectAcl);
    return NotImplemented("acl");
  }
  if (only("tagging")) {
    if (method == "GET") return To(Operation::kGetObjectTagging);
    if (method == "PUT") return To(Operation::kPutObjectTagging);
    if (method == "DELETE") return To(Operation::kDeleteObjectTagging);
    return NotImplemented("tagging");
  }
  if (only("symlink")) {
    if (method == "GET") return To(Operation::kGetSymlink);
    if (method == "PUT") return To(Operation::kPutSymlink);
    return NotImplemented("symlink");
  }
  if (only("uploadId")) {
    // UploadPart itself answers a missing or bad partNumber (400).
    if (method == "PUT") return To(Operation::kUploadPart);
    if (part_number) return NotImplemented("partNumber");
    if (method == "POST") return To(Operation::kCompleteUpload);
    if (method == "GET") return To(Operation::kListParts);
    if (method == "DELETE") return To(Operation::kAbortUpload);
    return To(Operation::kMethodNotAllowed);
  }
  return NotImplemented(*operations.begin());
}

}  // namespace ossxfer::server
