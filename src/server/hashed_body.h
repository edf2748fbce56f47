// A request body received piece by piece into a temp file, with its MD5,
// CRC64 and size computed as it arrives: what PutObject and UploadPart
// store and answer with, without ever holding the whole body.
#ifndef OSSXFER_SERVER_HASHED_BODY_H_
#define OSSXFER_SERVER_HASHED_BODY_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ossxfer/result.h"
#include "ossxfer/status.h"
#include "server/temp_file.h"
#include "util/digest.h"

namespace ossxfer::server {

struct PublishedBody {
  std::string file_name;  // inside the directory it was published to
  std::string md5;        // 16 raw bytes
  uint64_t crc64 = 0;
  uint64_t size = 0;
};

class HashedBody {
 public:
  static Result<std::unique_ptr<HashedBody>> Create(
      const std::filesystem::path& tmp_dir);

  // After a failed Append the body is broken: later calls return the same
  // error, so a Commit cannot store a body with a hole in it.
  Status Append(const char* data, size_t size);
  uint64_t size() const { return size_; }

  // Publishes the file into `dir` (see TempFile::Publish). Once only. With
  // `expected_md5` (16 raw bytes) a different digest is 400 InvalidDigest
  // and nothing is published.
  Result<PublishedBody> Publish(
      const std::filesystem::path& dir,
      const std::optional<std::string>& expected_md5 = std::nullopt);

 private:
  explicit HashedBody(std::unique_ptr<TempFile> file)
      : file_(std::move(file)) {}

  std::unique_ptr<TempFile> file_;
  util::Md5Stream md5_;
  uint64_t crc64_ = 0;
  uint64_t size_ = 0;
  Status failure_;  // the first error; the body is unusable once set
  bool published_ = false;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_HASHED_BODY_H_
