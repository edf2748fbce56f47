// Every XML answer the client parses (oss/xml_responses.h): Initiate and
// Complete multipart upload, ListParts, ListMultipartUploads,
// ListObjectsV2, ListAllMyBuckets and DeleteResult. Each parser sees every
// input: they share their element readers, and a body of one kind sent where
// another is expected is exactly what a wrong or hostile server does.
#include "fuzz_input.h"
#include "oss/xml_responses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml = ossxfer::fuzz::AsText(data, size);
  (void)ossxfer::oss::ParseInitiateMultipartUploadResult(xml);
  (void)ossxfer::oss::ParseCompleteMultipartUploadResult(xml);
  (void)ossxfer::oss::ParseListPartsResult(xml);
  (void)ossxfer::oss::ParseListMultipartUploadsResult(xml);
  (void)ossxfer::oss::ParseListObjectsV2Result(xml);
  (void)ossxfer::oss::ParseListAllMyBucketsResult(xml);
  (void)ossxfer::oss::ParseDeleteResult(xml);
  return 0;
}
