#include "server/hashed_body.h"

#include <utility>

#include "ossxfer/crc64.h"
#include "server/store_errors.h"

namespace ossxfer::server {

Result<std::unique_ptr<HashedBody>> HashedBody::Create(
    const std::filesystem::path& tmp_dir) {
  Result<std::unique_ptr<TempFile>> file = TempFile::Create(tmp_dir);
  if (!file.ok()) return file.status();
  return std::unique_ptr<HashedBody>(new HashedBody(std::move(file).value()));
}

Status HashedBody::Append(const char* data, size_t size) {
  if (!failure_.ok()) return failure_;
  if (published_) return Status::Internal("append to a committed body");
  if (size == 0) return Status::Ok();
  Status written = file_->Write(data, size);
  if (!written.ok()) {
    failure_ = written;
    return written;
  }
  md5_.Update(data, size);
  crc64_ = Crc64(data, size, crc64_);
  size_ += size;
  return Status::Ok();
}

Result<PublishedBody> HashedBody::Publish(
    const std::filesystem::path& dir,
    const std::optional<std::string>& expected_md5) {
  if (!failure_.ok()) return failure_;
  if (published_) return Status::Internal("body committed twice");
  // The digest is checked before the file becomes visible: a body that
  // fails Content-MD5 is never stored.
  std::string md5 = md5_.Finish();
  published_ = true;
  if (expected_md5 && *expected_md5 != md5) {
    failure_ =
        OssError(400, "InvalidDigest", std::string(kDigestMismatchMessage));
    return failure_;
  }
  Result<std::string> name = file_->Publish(dir);
  if (!name.ok()) {
    failure_ = name.status();
    return failure_;
  }
  return PublishedBody{std::move(name).value(), std::move(md5), crc64_, size_};
}

}  // namespace ossxfer::server
