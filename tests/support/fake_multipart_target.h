// A MultipartTarget (src/transfer/multipart_target.h) in memory, for
// deterministic tests of the multipart session: it can lose a part it
// acknowledged (InvalidPart at Complete), forget an upload (NoSuchUpload)
// or lose the answer of a Complete that succeeded, exactly when a test
// says.
#ifndef OSSXFER_TESTS_SUPPORT_FAKE_MULTIPART_TARGET_H_
#define OSSXFER_TESTS_SUPPORT_FAKE_MULTIPART_TARGET_H_

#include <map>
#include <mutex>
#include <string>

#include "ossxfer/checksum.h"
#include "transfer/multipart_target.h"

namespace ossxfer::testing {

class FakeMultipartTarget : public transfer::MultipartTarget {
 public:
  // The first Complete answers InvalidPart after dropping this part.
  mutable int lose_part_at_complete = 0;
  // The first Complete completes the upload and then answers NoSuchUpload,
  // as the client's retry of it does when its first answer was lost.
  mutable bool lose_complete_answer = false;
  // The checksum the server keeps of parts and objects.
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kCrc64Ecma;
  // False: the server keeps no checksum of a part, only its ETag (S3).
  bool keeps_part_checksums = true;

  // A part arriving (what the transfer kind's send_part does on a real
  // server).
  PartSummary Store(const std::string& upload_id, int number,
                    const std::string& bytes) {
    std::lock_guard lock(mutex_);
    PartSummary part{
        number, bytes.size(), "\"etag-" + std::to_string(++etags_) + "\"",
        keeps_part_checksums ? std::optional(ComputeChecksum(algorithm, bytes))
                             : std::nullopt,
        std::nullopt};
    uploads_[upload_id].parts[number] = part;
    uploads_[upload_id].bytes[number] = bytes;
    return part;
  }
  // The upload disappears (aborted by someone else, or expired).
  void Forget(const std::string& upload_id) {
    std::lock_guard lock(mutex_);
    uploads_.erase(upload_id);
  }
  size_t open_uploads() const {
    std::lock_guard lock(mutex_);
    return uploads_.size();
  }
  const std::string& object() const { return object_; }
  // Another writer's object at the key.
  void ReplaceObject(std::string bytes) {
    std::lock_guard lock(mutex_);
    object_ = std::move(bytes);
    has_object_ = true;
  }
  int completes() const { return completes_; }

  std::string endpoint() const override { return "fake://target"; }
  std::string ObjectUrl(const std::string& bucket,
                        const std::string& key) const override {
    return "fake://" + bucket + "/" + key;
  }

  Result<InitiateMultipartUploadResult> Initiate(
      const InitiateMultipartUploadRequest& request) const override {
    std::lock_guard lock(mutex_);
    std::string id = "upload-" + std::to_string(++ids_);
    uploads_[id].key = request.key;
    return InitiateMultipartUploadResult{request.bucket, request.key, id};
  }

  Result<ListPartsResult> ListParts(
      const ListPartsRequest& request) const override {
    std::lock_guard lock(mutex_);
    auto upload = uploads_.find(request.upload_id);
    if (upload == uploads_.end()) return NoSuchUpload();
    ListPartsResult result;
    for (const auto& [number, part] : upload->second.parts)
      result.parts.push_back(part);
    return result;
  }

  Result<ListMultipartUploadsResult> ListUploads(
      const ListMultipartUploadsRequest&) const override {
    std::lock_guard lock(mutex_);
    ListMultipartUploadsResult result;
    for (const auto& [id, upload] : uploads_)
      result.uploads.push_back({upload.key, id, std::nullopt});
    return result;
  }

  Result<CompleteMultipartUploadResult> Complete(
      const CompleteMultipartUploadRequest& request) const override {
    std::lock_guard lock(mutex_);
    ++completes_;
    auto upload = uploads_.find(request.upload_id);
    if (upload == uploads_.end()) return NoSuchUpload();
    if (lose_part_at_complete != 0) {
      upload->second.parts.erase(lose_part_at_complete);
      upload->second.bytes.erase(lose_part_at_complete);
      lose_part_at_complete = 0;
    }
    std::string object;
    for (const CompletedPart& listed : request.parts) {
      auto part = upload->second.parts.find(listed.part_number);
      if (part == upload->second.parts.end() ||
          part->second.etag != listed.etag) {
        return Status::FromServiceError(ServiceError{
            400, "InvalidPart",
            "part " + std::to_string(listed.part_number) + " is missing", "",
            "", ""});
      }
      object += upload->second.bytes.at(listed.part_number);
    }
    object_ = object;
    has_object_ = true;
    uploads_.erase(upload);
    if (lose_complete_answer) {
      lose_complete_answer = false;
      return NoSuchUpload();
    }
    CompleteMultipartUploadResult result;
    result.etag = "\"complete\"";
    result.checksum = ComputeChecksum(algorithm, object);
    return result;
  }

  Status Abort(const AbortMultipartUploadRequest& request) const override {
    std::lock_guard lock(mutex_);
    uploads_.erase(request.upload_id);
    return Status();
  }

  Result<ObjectMetadata> Head(const std::string&,
                              const std::string&) const override {
    std::lock_guard lock(mutex_);
    if (!has_object_) {
      return Status::FromServiceError(
          ServiceError{404, "NoSuchKey", "", "", "", ""});
    }
    ObjectMetadata metadata;
    metadata.size = object_.size();
    metadata.etag = "\"complete\"";
    metadata.checksum = ComputeChecksum(algorithm, object_);
    return metadata;
  }

 private:
  struct Upload {
    std::string key;
    std::map<int, PartSummary> parts;
    std::map<int, std::string> bytes;
  };
  static Status NoSuchUpload() {
    return Status::FromServiceError(
        ServiceError{404, "NoSuchUpload",
                     "The specified upload does not exist.", "", "", ""});
  }

  mutable std::mutex mutex_;
  mutable std::map<std::string, Upload> uploads_;
  mutable int ids_ = 0;
  int etags_ = 0;
  mutable std::string object_;
  mutable bool has_object_ = false;
  mutable int completes_ = 0;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_FAKE_MULTIPART_TARGET_H_
