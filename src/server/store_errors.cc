#include "server/store_errors.h"

#include <string>
#include <utility>

#include "ossxfer/service_error.h"

namespace ossxfer::server {
Status OssError(int http_status, std::string code, std::string message) {
  return Status::FromServiceError(ServiceError{http_status, std::move(code),
                                               std::move(message), "", "", ""});
}

Status InvalidArgumentError(std::string message) {
  return OssError(400, "InvalidArgument", std::move(message));
}

Status NoSuchBucketError() {
  return OssError(404, "NoSuchBucket", "The specified bucket does not exist.");
}

Status NoSuchKeyError() {
  return OssError(404, "NoSuchKey", "The specified key does not exist.");
}

Status NoSuchVersionError() {
  return OssError(404, "NoSuchVersion",
                  "The specified version does not exist.");
}

Status DeleteMarkerError() {
  return OssError(405, "MethodNotAllowed",
                  "The specified method is not allowed against this "
                  "resource: the version is a delete marker.");
}

Status NoSuchUploadError() {
  return OssError(404, "NoSuchUpload",
                  "The specified upload does not exist. The upload ID may be "
                  "invalid, or the upload may have been aborted or "
                  "completed.");
}

// Not an OSS code: only DropPart (fault injection) answers it.
Status NoSuchPartError() {
  return OssError(404, "NoSuchPart", "The specified part does not exist.");
}

Status BucketAlreadyExistsError() {
  return OssError(409, "BucketAlreadyExists",
                  "The requested bucket name is not available. The bucket "
                  "namespace is shared by all users of the system. Please "
                  "select a different name and try again.");
}

Status BucketNotEmptyError() {
  return OssError(409, "BucketNotEmpty",
                  "The bucket you tried to delete is not empty.");
}

Status FileAlreadyExistsError() {
  return OssError(409, "FileAlreadyExists",
                  "The object you specified already exists and can not be "
                  "overwritten.");
}

Status InvalidPartError() {
  return OssError(400, "InvalidPart",
                  "One or more of the specified parts could not be found or "
                  "the specified entity tag might not have matched the "
                  "part's entity tag.");
}

Status InvalidPartOrderError() {
  return OssError(400, "InvalidPartOrder",
                  "The list of parts was not in ascending order. The parts "
                  "list must be specified in order by part number.");
}

Status EntityTooSmallError() {
  return OssError(400, "EntityTooSmall",
                  "Your proposed upload is smaller than the minimum allowed "
                  "size.");
}

Status MalformedXmlError() {
  return OssError(400, "MalformedXML",
                  "The XML you provided was not well-formed or did not "
                  "validate against our published schema.");
}

Status InvalidPartNumberError() {
  return OssError(400, "InvalidArgument",
                  "Part number must be an integer between 1 and 10000, "
                  "inclusive.");
}

Status InvalidObjectNameError() {
  return OssError(400, "InvalidObjectName",
                  "The specified object is not valid.");
}

Status NotArchiveObjectError() {
  return OssError(400, "InvalidObjectState",
                  "The object is not an archive object; restore applies to "
                  "Archive and ColdArchive objects.");
}

Status ObjectNotAppendableError() {
  return OssError(409, "ObjectNotAppendable",
                  "The object is not appendable: only an object created by "
                  "AppendObject can be appended to.");
}

Status StillChangingError(const std::string& what) {
  return OssError(503, "ServiceUnavailable",
                  what + " is being overwritten; retry.");
}

Status PositionNotEqualToLengthError() {
  return OssError(409, "PositionNotEqualToLength",
                  "Position is not equal to file length");
}

}  // namespace ossxfer::server
