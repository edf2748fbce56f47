// S3 on serve's port (../shared/s3-protocol.md): how a request's dialect is
// told, and S3 spoken as a translation of the OSS that serve's handlers
// implement. S3 was OSS's model: the operations, sub-resources, status
// codes and XML documents are the same, under other header names and with
// a few rules of their own. So an S3 request is checked against its own
// signature (AWS SigV4, over the headers the client sent), then its headers
// are renamed to the OSS ones the handlers read; the answer's headers,
// error body and XML are rewritten on the way out. Everything S3 has that
// serve does not implement is refused here, before a handler runs, so it
// can never be taken for the plain operation the same method would mean.
//
// The rule (documented in README, "serve for S3 clients"): with
// --dialect auto, a request signed the AWS way (Authorization
// "AWS4-HMAC-SHA256 ..." or "AWS ...", or a presigned URL with
// X-Amz-Signature or AWSAccessKeyId) is S3, every other request OSS.
#ifndef OSSXFER_SERVER_S3_WIRE_H_
#define OSSXFER_SERVER_S3_WIRE_H_

#include <string>
#include <string_view>

#include "ossxfer/service_error.h"
#include "ossxfer/status.h"
#include "server/server_options.h"
#include "server/server_request.h"

namespace ossxfer::server {

WireDialect DetectWireDialect(const ServerRequest& request, DialectRule rule);

// Rewrites an authenticated S3 request in OSS terms: x-amz-meta-*, ACL,
// storage class, copy source and its conditions, metadata directive and
// tagging get their x-oss- names; If-None-Match: * on a PutObject or
// CompleteMultipartUpload becomes x-oss-forbid-overwrite; ListObjects and
// ListBuckets page by S3's 1000 unless max-keys is given; aws-chunked
// leaves Content-Encoding (it is how the body travels). The signature's
// headers are dropped once checked; the integrity and framing headers
// (x-amz-content-sha256, x-amz-checksum-*, x-amz-trailer,
// x-amz-decoded-content-length) stay for the body (server/upload_body.h).
// Fails, with nothing changed on the server, on:
//   501 NotImplemented: an x-amz-* header, a canned ACL, a storage class,
//       a sub-resource or an aws-chunked variant (SigV4a's) serve does not
//       implement;
//   400 InvalidArgument: an x-oss-* header (OSS's, in an S3 request).
// `not_implemented_status` is ServerOptions::not_implemented_status.
Status TranslateS3Request(ServerRequest& request, int not_implemented_status);

// The S3 form of an answer's headers: x-oss-request-id becomes
// x-amz-request-id and x-amz-id-2; the x-oss- headers S3 has (version id,
// delete marker, storage class, metadata, ...) take their x-amz- names;
// the OSS-only ones (CRC-64, object type, server time, error code, ...)
// are dropped; ETags are in S3's lower-case hex.
ResponseHeaders S3ResponseHeaders(const ResponseHeaders& headers);

// The S3 form of an error: the code S3 gives where it differs from OSS's
// (a failed If-None-Match: * is 412 PreconditionFailed, a wrong
// Content-MD5 400 BadDigest), without OSS's EC.
ServiceError S3Error(ServiceError error);

// The S3 form of an XML document serve wrote: S3's namespace on the root
// (not on <Error>, as S3 sends it), ETags in lower case, storage classes
// by S3's names. A document that does not parse is returned as it is.
std::string S3Xml(std::string_view oss_xml);

// x-amz-id-2 of an answer: S3's host id, here derived from the request id.
std::string S3HostId(std::string_view request_id);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_S3_WIRE_H_
