// Every XML answer the client parses (oss/xml_responses.h): Initiate and
// Complete multipart upload, ListParts, ListMultipartUploads,
// ListObjectsV2, ListAllMyBuckets, DeleteResult, CopyObjectResult,
// CopyPartResult, AccessControlPolicy, Tagging, BucketInfo and
// LocationConstraint. Each parser sees every input: they share their
// element readers, and a body of one kind sent where another is expected
// is exactly what a wrong or hostile server does. A tag set that parses
// (without control characters, which PutObjectTagging refuses) is built
// back into a PutObjectTagging body, which must read back the same. The
// ETags of a ListParts answer go into CompositeMultipartEtag (S3's
// multipart ETag), whose answer, if any, must end in "-<part count>".
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "oss/multipart_etag.h"
#include "oss/xml_responses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml = ossxfer::fuzz::AsText(data, size);
  (void)ossxfer::oss::ParseInitiateMultipartUploadResult(xml);
  (void)ossxfer::oss::ParseCompleteMultipartUploadResult(xml);
  ossxfer::Result<ossxfer::ListPartsResult> parts =
      ossxfer::oss::ParseListPartsResult(xml);
  if (parts.ok()) {
    std::vector<ossxfer::CompletedPart> completed;
    for (const ossxfer::PartSummary& part : parts->parts) {
      completed.push_back({part.part_number, part.etag});
    }
    std::optional<std::string> etag =
        ossxfer::oss::CompositeMultipartEtag(completed);
    if (etag && !etag->ends_with("-" + std::to_string(completed.size()))) {
      ossxfer::fuzz::Fail("a composite ETag does not end in its part count");
    }
  }
  (void)ossxfer::oss::ParseListMultipartUploadsResult(xml);
  (void)ossxfer::oss::ParseListObjectsV2Result(xml);
  (void)ossxfer::oss::ParseListAllMyBucketsResult(xml);
  (void)ossxfer::oss::ParseDeleteResult(xml);
  (void)ossxfer::oss::ParseCopyObjectResult(xml);
  (void)ossxfer::oss::ParseCopyPartResult(xml);
  (void)ossxfer::oss::ParseAccessControlPolicy(xml);
  (void)ossxfer::oss::ParseBucketInfo(xml);
  (void)ossxfer::oss::ParseLocationConstraint(xml);
  (void)ossxfer::oss::ParseListVersionsResult(xml);
  (void)ossxfer::oss::ParseVersioningConfiguration(xml);
  ossxfer::Result<std::vector<ossxfer::ObjectTag>> tags =
      ossxfer::oss::ParseTagging(xml);
  // PutObjectTagging refuses control characters before building a body
  // (XML cannot carry a carriage return), so only the others must survive.
  auto sendable = [](const std::vector<ossxfer::ObjectTag>& set) {
    for (const ossxfer::ObjectTag& tag : set) {
      for (const std::string* text : {&tag.key, &tag.value}) {
        for (char c : *text) {
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
        }
      }
    }
    return true;
  };
  if (tags.ok() && sendable(*tags)) {
    ossxfer::Result<std::vector<ossxfer::ObjectTag>> again =
        ossxfer::oss::ParseTagging(ossxfer::oss::BuildTaggingXml(*tags));
    if (!again.ok() || *again != *tags) {
      ossxfer::fuzz::Fail("a parsed tag set does not survive BuildTaggingXml");
    }
  }
  return 0;
}
