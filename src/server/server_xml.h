// The XML `ossxfer serve` writes (oss-protocol.md §7, §8) and the bodies it
// parses (CompleteMultipartUpload, DeleteMultipleObjects).
#ifndef OSSXFER_SERVER_SERVER_XML_H_
#define OSSXFER_SERVER_SERVER_XML_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ossxfer/multipart_operations.h"
#include "ossxfer/result.h"
#include "ossxfer/service_error.h"
#include "server/object_store.h"

namespace ossxfer::server {

using XmlFields = std::vector<std::pair<std::string, std::string>>;

// <Error><Code/><Message/><RequestId/><HostId/>...extra...<EC/></Error>
std::string ErrorXml(const ServiceError& error, const XmlFields& extra);

// ListBuckets (oss-protocol-2.md §11.3): `buckets` is the page, in name
// order; NextMarker is its last name when truncated.
struct ListBucketsEcho {
  std::string region;  // without the oss- prefix
  bool paged = false;  // prefix, marker or max-keys was given
  std::string prefix, marker;
  int max_keys = 100;
};
std::string ListBucketsXml(const ListBucketsEcho& echo,
                           const std::vector<BucketInfo>& buckets,
                           bool truncated);

// ListObjects, v1 and v2 (<ListBucketResult>, oss-protocol-2.md §1.3,
// §1.5). With url_encode, names are percent-encoded and
// <EncodingType>url</EncodingType> is added. v1 echoes Marker (always) and
// gives NextMarker when truncated, and every entry has an Owner; v2 echoes
// StartAfter and ContinuationToken, gives KeyCount and
// NextContinuationToken, and an Owner only with fetch-owner=true.
struct ListObjectsEcho {
  bool v2 = true;
  std::string bucket, prefix, delimiter;
  std::string marker;  // v1: marker; v2: start-after
  std::string continuation_token;
  int max_keys = 100;
  bool url_encode = false;
  bool fetch_owner = false;  // v2
};
std::string ListObjectsXml(const ListObjectsEcho& echo,
                           const ObjectListPage& page);

// ListObjectVersions (oss-protocol-2.md §10.5).
struct ListVersionsEcho {
  std::string bucket, prefix, delimiter, key_marker, version_id_marker;
  int max_keys = 100;
  bool url_encode = false;
};
std::string ListVersionsXml(const ListVersionsEcho& echo,
                            const VersionListPage& page);
// GetBucketVersioning: no Status when versioning was never set (§10.1).
std::string VersioningConfigurationXml(const std::string& status);
// PutBucketVersioning's body: Enabled or Suspended, else 400 MalformedXML.
Result<std::string> ParseVersioningConfiguration(std::string_view body);

// GetObjectAcl / GetBucketAcl (oss-protocol-2.md §5.2, §5.3).
std::string AccessControlPolicyXml(const std::string& grant);
// GetBucketInfo (§9.1) and GetBucketLocation (§9.2); `region` without the
// oss- prefix.
std::string BucketInfoXml(const BucketInfo& bucket, const std::string& region);
std::string LocationConstraintXml(const std::string& region);
// CopyObject (<CopyObjectResult>) and UploadPartCopy (<CopyPartResult>).
std::string CopyResultXml(const char* root, const std::string& etag,
                          int64_t last_modified_ms);

std::string InitiateMultipartUploadXml(const std::string& bucket,
                                       const std::string& key,
                                       const std::string& upload_id,
                                       bool url_encode);
std::string CompleteMultipartUploadXml(const StoredObject& object,
                                       const std::string& location,
                                       bool url_encode);

struct ListPartsEcho {
  std::string bucket, key, upload_id, storage_class = "Standard";
  int part_number_marker = 0;
  int max_parts = 1000;
  bool url_encode = false;
};
std::string ListPartsXml(const ListPartsEcho& echo,
                         const std::vector<StoredPart>& parts, bool truncated);

struct ListUploadsEcho {
  std::string bucket, prefix, delimiter, key_marker, upload_id_marker;
  int max_uploads = 1000;
  bool url_encode = false;
};
std::string ListMultipartUploadsXml(const ListUploadsEcho& echo,
                                    const UploadListPage& page);

// Parses <CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...;
// fails with 400 MalformedXML naming the problem. With `checksums`, also
// S3's <ChecksumCRC32> (or another algorithm's) of each part that has one,
// by part number, as sent (base64).
Result<std::vector<CompletedPart>> ParseCompleteMultipartUploadBody(
    std::string_view xml, std::map<int, std::string>* checksums = nullptr);

// DeleteMultipleObjects (POST /?delete, oss-protocol-2.md §2.2-§2.3).
inline constexpr size_t kMaxDeleteKeys = 1000;
struct DeleteRequestBody {
  bool quiet = false;
  std::vector<std::string> keys;  // in request order, as given
};
// The whole body checked before any key is deleted: 400 MalformedXML (with
// OSS's EC: 0016-00000608 for another root, 0016-00000609 for more than
// 1000 objects) for anything but <Delete>[<Quiet>true|false</Quiet>]
// <Object><Key>..</Key></Object>... with 1 to 1000 objects, each with a
// valid key (400 InvalidObjectName otherwise). A <VersionId> is
// NotImplemented: serve keeps no versions.
Result<DeleteRequestBody> ParseDeleteRequestBody(std::string_view xml);
// <DeleteResult>: every key in verbose mode, none in quiet mode (there are
// no per-key failures to report); names percent-encoded with url_encode.
std::string DeleteResultXml(const DeleteRequestBody& request, bool url_encode);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SERVER_XML_H_
