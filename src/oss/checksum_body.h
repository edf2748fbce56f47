// A body wrapper that keeps the checksum of what a source sent, in the
// dialect's algorithm (the counting wrappers are in http/counting_body.h).
#ifndef OSSXFER_OSS_CHECKSUM_BODY_H_
#define OSSXFER_OSS_CHECKSUM_BODY_H_

#include <cstdint>

#include "ossxfer/body.h"
#include "ossxfer/checksum.h"

namespace ossxfer::oss {

// The checksum is of the bytes read since the last Rewind, so after a
// retried request it covers exactly the body the server got last.
class ChecksumSource : public BodySource {
 public:
  ChecksumSource(BodySource* inner, ChecksumAlgorithm algorithm)
      : inner_(inner), algorithm_(algorithm) {}
  uint64_t Size() const override { return inner_->Size(); }
  Result<size_t> Read(char* buffer, size_t capacity) override {
    Result<size_t> read = inner_->Read(buffer, capacity);
    if (read.ok()) value_ = ChecksumUpdate(algorithm_, buffer, *read, value_);
    return read;
  }
  Status Rewind() override {
    value_ = 0;
    return inner_->Rewind();
  }
  Checksum checksum() const { return {algorithm_, value_}; }

 private:
  BodySource* inner_;
  const ChecksumAlgorithm algorithm_;
  uint64_t value_ = 0;
};

}  // namespace ossxfer::oss

#endif  // OSSXFER_OSS_CHECKSUM_BODY_H_
