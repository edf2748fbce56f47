// Body wrappers that watch the bytes going by: how many reached a sink or
// left a source, and the CRC64 of what a source sent.
#ifndef OSSXFER_OSS_CHECKSUM_BODY_H_
#define OSSXFER_OSS_CHECKSUM_BODY_H_

#include <cstdint>

#include "ossxfer/body.h"
#include "ossxfer/crc64.h"

namespace ossxfer::oss {

class CountingSink : public BodySink {
 public:
  explicit CountingSink(BodySink* inner) : inner_(inner) {}
  Status Write(const char* data, size_t size) override {
    bytes_ += size;
    return inner_->Write(data, size);
  }
  uint64_t bytes() const { return bytes_; }

 private:
  BodySink* inner_;
  uint64_t bytes_ = 0;
};

// Counts the bytes read since the last Rewind: none means none of the body
// can have reached the server.
class CountingSource : public BodySource {
 public:
  explicit CountingSource(BodySource* inner) : inner_(inner) {}
  uint64_t Size() const override { return inner_->Size(); }
  Result<size_t> Read(char* buffer, size_t capacity) override {
    Result<size_t> read = inner_->Read(buffer, capacity);
    if (read.ok()) bytes_ += *read;
    return read;
  }
  Status Rewind() override {
    bytes_ = 0;
    return inner_->Rewind();
  }
  uint64_t bytes() const { return bytes_; }

 private:
  BodySource* inner_;
  uint64_t bytes_ = 0;
};

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
