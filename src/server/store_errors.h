// The OSS errors serve answers, as Status values carrying a ServiceError
// (HTTP status, Code, Message): OssError for any of them, and one function
// for each the object store answers. RequestId and HostId are left for the
// HTTP layer to fill in.
#ifndef OSSXFER_SERVER_STORE_ERRORS_H_
#define OSSXFER_SERVER_STORE_ERRORS_H_

#include <string>
#include <string_view>

#include "ossxfer/status.h"

namespace ossxfer::server {

// The Message of the 400 InvalidDigest that a Content-MD5 of other bytes
// gets (OSS's; S3 answers it as BadDigest, s3_wire.cc).
inline constexpr std::string_view kDigestMismatchMessage =
    "The Content-MD5 you specified did not match what we received.";

// Any OSS error: the HTTP status, the Code and the Message.
Status OssError(int http_status, std::string code, std::string message);
// 400 InvalidArgument: a parameter or header out of its range or form.
Status InvalidArgumentError(std::string message);

Status NoSuchBucketError();
Status NoSuchKeyError();
Status NoSuchVersionError();
// 405: a delete marker named by its version id has no content or ACL.
Status DeleteMarkerError();
Status NoSuchUploadError();
Status NoSuchPartError();
Status BucketAlreadyExistsError();
Status BucketNotEmptyError();
Status FileAlreadyExistsError();
Status InvalidPartError();
Status InvalidPartOrderError();
Status EntityTooSmallError();
Status MalformedXmlError();
Status InvalidPartNumberError();
Status InvalidObjectNameError();
Status NotArchiveObjectError();
Status ObjectNotAppendableError();
Status PositionNotEqualToLengthError();
// 503: `what` kept changing under three attempts to read it ("The object",
// "The copy source"); the client retries, as after any 503.
Status StillChangingError(const std::string& what);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_STORE_ERRORS_H_
