// A multipart object put through the client in one call, for tests that
// need an object made of several part files on the server.
#ifndef OSSXFER_TESTS_SUPPORT_MULTIPART_UPLOAD_H_
#define OSSXFER_TESTS_SUPPORT_MULTIPART_UPLOAD_H_

#include <string>
#include <vector>

#include "ossxfer/client.h"

namespace ossxfer::testing {

// Initiate, one UploadPart per element of `parts` (numbered from 1),
// Complete; the first failure is returned.
inline Result<CompleteMultipartUploadResult> PutMultipart(
    const Client& client, const std::string& bucket, const std::string& key,
    const std::vector<std::string>& parts) {
  Result<InitiateMultipartUploadResult> upload =
      client.InitiateMultipartUpload({bucket, key});
  if (!upload.ok()) return upload.status();
  std::vector<CompletedPart> completed;
  for (size_t i = 0; i < parts.size(); ++i) {
    StringSource source(parts[i]);
    const int number = static_cast<int>(i) + 1;
    Result<UploadPartResult> part =
        client.UploadPart({bucket, key, upload->upload_id, number}, source);
    if (!part.ok()) return part.status();
    completed.push_back({number, part->etag});
  }
  return client.CompleteMultipartUpload(
      {bucket, key, upload->upload_id, completed});
}

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_MULTIPART_UPLOAD_H_
