// Body wrappers that count the bytes going by: how many reached a sink, or
// left a source since its last Rewind. How the sender knows whether a
// failed attempt may be retried (nothing delivered, nothing sent).
#ifndef OSSXFER_HTTP_COUNTING_BODY_H_
#define OSSXFER_HTTP_COUNTING_BODY_H_

#include <cstdint>

#include "ossxfer/body.h"

namespace ossxfer::http {

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

}  // namespace ossxfer::http

#endif  // OSSXFER_HTTP_COUNTING_BODY_H_
