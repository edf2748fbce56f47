// Parsing of the XML bodies OSS answers with, and building of the XML
// bodies a client sends (CompleteMultipartUpload, Delete, Tagging).
// pugixml underneath. Reference: ../shared/oss-protocol.md §1.3, §7, §8;
// oss-protocol-2.md §2-§9.
#ifndef OSSXFER_OSS_XML_RESPONSES_H_
#define OSSXFER_OSS_XML_RESPONSES_H_

#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/access_control.h"
#include "ossxfer/bucket_info.h"
#include "ossxfer/copy_operations.h"
#include "ossxfer/listing.h"
#include "ossxfer/multipart_operations.h"
#include "ossxfer/object_tagging.h"
#include "ossxfer/result.h"

namespace ossxfer::oss {

// A body that is not XML, is truncated, has the wrong root element, or
// lacks a required element (UploadId, PartNumber, ...) gives
// Status::MalformedResponse with a message naming the response and what is
// wrong
// ("malformed ListPartsResult: <PartNumber> is not a number"); a parser
// never crashes on any input.
//
// When the document has <EncodingType>url</EncodingType>, the key-like
// fields (Key, Prefix, Delimiter, KeyMarker, NextKeyMarker, StartAfter)
// are percent-decoded.
Result<InitiateMultipartUploadResult> ParseInitiateMultipartUploadResult(
    std::string_view xml);
Result<CompleteMultipartUploadResult> ParseCompleteMultipartUploadResult(
    std::string_view xml);
Result<ListPartsResult> ParseListPartsResult(std::string_view xml);
Result<ListMultipartUploadsResult> ParseListMultipartUploadsResult(
    std::string_view xml);
Result<ListObjectsV2Result> ParseListObjectsV2Result(std::string_view xml);
// <DeleteResult>: the <Deleted><Key>s (none in quiet mode; the body may be
// empty then).
Result<DeleteObjectsResult> ParseDeleteResult(std::string_view xml);
std::string BuildDeleteXml(const DeleteObjectsRequest& request);
Result<std::vector<BucketSummary>> ParseListAllMyBucketsResult(
    std::string_view xml);

// CopyObject's and UploadPartCopy's answers: <ETag> required,
// <LastModified> checked when present.
Result<CopyObjectResult> ParseCopyObjectResult(std::string_view xml);
Result<UploadPartResult> ParseCopyPartResult(std::string_view xml);
// GetObjectAcl's and GetBucketAcl's answer: <AccessControlList><Grant>
// required, <Owner> optional.
Result<AccessControlPolicy> ParseAccessControlPolicy(std::string_view xml);
// GetObjectTagging's answer: every <TagSet><Tag> in order (none when the
// TagSet is empty or absent); a Tag needs a <Key>, its <Value> may be
// empty, and a key given twice is malformed.
Result<std::vector<ObjectTag>> ParseTagging(std::string_view xml);
// The PutObjectTagging body: <Tagging><TagSet><Tag><Key>k</Key><Value>v
// </Value></Tag>...</TagSet></Tagging> on one line, no declaration.
std::string BuildTaggingXml(const std::vector<ObjectTag>& tags);
// GetBucketInfo's answer: <Bucket><Name> required.
Result<BucketInfo> ParseBucketInfo(std::string_view xml);
// GetBucketLocation's answer: the text of <LocationConstraint>, not empty.
Result<std::string> ParseLocationConstraint(std::string_view xml);
// <ListVersionsResult>: Version and DeleteMarker elements in document order.
Result<ListObjectVersionsResult> ParseListVersionsResult(std::string_view xml);
// <VersioningConfiguration>: "Enabled", "Suspended", or "" (never set).
Result<std::string> ParseVersioningConfiguration(std::string_view xml);
std::string BuildVersioningConfigurationXml(const std::string& status);

// <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."
// </ETag></Part>...</CompleteMultipartUpload>, parts in the given order.
std::string BuildCompleteMultipartUploadXml(
    const std::vector<CompletedPart>& parts);

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_XML_RESPONSES_H_
