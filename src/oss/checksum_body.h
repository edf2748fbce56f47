// A body wrapper that keeps the CRC64 of what a source sent (the counting
// wrappers are in http/counting_body.h).
#ifndef OSSXFER_OSS_CHECKSUM_BODY_H_
#define OSSXFER_OSS_CHECKSUM_BODY_H_

#include <cstdint>

#include "ossxfer/body.h"
#include "ossxfer/crc64.h"

namespace ossxfer::oss {

// The CRC is of the bytes read since the last Rewind, so after a retried
// request it covers exactly the body the server got last.
class Crc64Source : public BodySource {
 public:
  explicit Crc64Source(BodySource* inner) : inner_(inner) {}
  uint64_t Size() const override { return inner_->Size(); }
  Result<size_t> Read(char* buffer, size_t capacity) override {
    Result<size_t> read = inner_->Read(buffer, capacity);
    if (read.ok()) crc_ = Crc64(buffer, *read, crc_);
    return read;
  }
  Status Rewind() override {
    crc_ = 0;
    return inner_->Rewind();
  }
  uint64_t crc() const { return crc_; }

 private:
  BodySource* inner_;
  uint64_t crc_ = 0;
};

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_CHECKSUM_BODY_H_
