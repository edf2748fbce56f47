// What a store's protocol spells its own way outside the operations
// themselves: header prefixes, the whole-object checksum, the headers of an
// error answer, how a region is found, and the V4 signature's parameters.
// A client chooses one dialect when it is built (DESIGN.md: "two dialects,
// one engine"); src/transfer never names one. There are two: OSS's and
// S3's.
#ifndef OSSXFER_OSS_DIALECT_H_
#define OSSXFER_OSS_DIALECT_H_

#include <string>
#include <string_view>

#include "auth/v4_parameters.h"
#include "ossxfer/checksum.h"
#include "ossxfer/client_options.h"

namespace ossxfer::oss {

// Every field views a string literal or names a function: a dialect is a
// constant of the program, referred to for the life of a client.
struct Dialect {
  // Which one it is, as the public API names it.
  StoreDialect kind;
  // The store's name in messages ("OSS") and the scheme of its URLs
  // ("oss" in oss://bucket/key).
  std::string_view store_name;
  std::string_view url_scheme;
  // Of the store's own request and response headers: "x-oss-".
  std::string_view header_prefix;
  // Of user metadata headers: "x-oss-meta-<name>".
  std::string_view user_metadata_prefix;
  // The canned ACL of an object: x-oss-object-acl, x-amz-acl.
  std::string_view object_acl_header;
  // The whole object's checksum, and how it is computed and written. OSS:
  // CRC-64/ECMA as a decimal number in x-oss-hash-crc64ecma
  // (oss-protocol.md §10). S3 computes no CRC-64 (its checksums are
  // opt-in per object, s3-protocol.md §5.5), so ossxfer records the
  // object's CRC-64 itself, as user metadata (recorded_checksum_metadata),
  // and a HEAD answers it as x-amz-meta-ossxfer-crc64ecma: ossxfer's
  // uploads are then verified by ossxfer's downloads on any S3 store.
  std::string_view checksum_header;
  ChecksumAlgorithm checksum_algorithm;
  // The user metadata name under which an upload records the object's
  // checksum (decimal), when the store computes none itself; empty for
  // OSS, which computes and returns its own.
  std::string_view recorded_checksum_metadata;
  // The request header that asks the store for the checksum it keeps of an
  // object ("x-amz-checksum-mode", value ENABLED: S3's additional
  // checksums, s3-protocol.md §5.5, read by oss/stored_checksum.h); empty
  // for OSS, which always answers its own.
  std::string_view checksum_mode_header;
  // Whether HEAD ?partNumber=N tells a part's size (S3, §3.1; OSS has no
  // such read).
  bool has_part_number_reads;
  // Whether PutObject and UploadPart carry Content-MD5, which the store
  // checks against the bytes it received (S3: its one check of a part's
  // bytes that every S3 store makes; OSS returns its CRC-64 of them, which
  // the client compares instead).
  bool sends_content_md5;
  // Whether a multipart object's ETag is the MD5 of its parts' MD5s and
  // "-N" (S3, s3-protocol.md §5.2; OSS documents no formula): the client
  // then checks every completed upload's ETag against its parts'.
  bool composite_multipart_etag;
  // Whether a 200 may end in an <Error> document instead of its result
  // (S3: CompleteMultipartUpload and copies answer 200 when they start and
  // report a failure in the body, s3-protocol.md §3.13). Such an answer is
  // judged a 500, and retried, as botocore does.
  bool may_fail_after_200;
  // The request id of any answer; of an error answer the EC (OSS's
  // pointer into its error documentation) and the error document itself,
  // base64, which is how a HEAD (no body) says what went wrong. S3 has
  // neither of the last two (empty): its HEAD errors say only their status.
  std::string_view request_id_header;
  std::string_view error_ec_header;
  std::string_view error_document_header;
  // The region named by a host such as "oss-cn-hangzhou.aliyuncs.com";
  // empty when the host does not name one.
  std::string (*region_from_host)(std::string_view host);
  // A region as a user may write it ("oss-cn-hangzhou") in the bare form
  // signatures name ("cn-hangzhou").
  std::string (*normalize_region)(std::string_view region);
  // The region when neither the options nor the host name one; empty when
  // the user must give it (OSS has no default region).
  std::string_view default_region;
  // The endpoint for a region when the options name none ("" when the
  // user must give one).
  std::string (*endpoint_for_region)(std::string_view region);
  auth::V4Parameters signature_v4;
  // Whether a client may sign with the V1 (HMAC-SHA1) scheme of
  // oss-protocol.md §3. S3's counterpart, SigV2, is deprecated by AWS and
  // not spoken by ossxfer's client (serve still verifies it).
  bool has_signature_v1;
  // OSS's extensions, which S3 lacks: AppendObject, symlinks, upload
  // callbacks, HEAD ?objectMeta, x-oss-range-behavior, x-oss-traffic-limit,
  // x-oss-forbid-overwrite, complete-all, restore. A request that needs one
  // is refused before it is sent when this is false.
  bool has_oss_extensions;
  // Bucket names may hold '.' (S3's rule, s3-protocol.md §1.1); OSS's are
  // [a-z0-9-] only.
  bool bucket_names_may_have_dots;

  // Whether the store computes the checksum of what it stores and answers
  // it (OSS), rather than keeping one the client recorded (S3).
  bool ReturnsChecksums() const { return recorded_checksum_metadata.empty(); }

  // The store's own header of that name: Header("version-id") is
  // "x-oss-version-id".
  std::string Header(std::string_view name) const {
    return std::string(header_prefix) + std::string(name);
  }
};

// Alibaba Cloud OSS (oss-protocol.md).
extern const Dialect kOssDialect;
// Amazon S3 and the stores that speak its protocol (s3-protocol.md).
extern const Dialect kS3Dialect;

const Dialect& DialectOf(StoreDialect dialect);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_DIALECT_H_
