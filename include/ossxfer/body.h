// Streaming request and response bodies: object data is never buffered
// whole, whatever its size.
#ifndef OSSXFER_BODY_H_
#define OSSXFER_BODY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ossxfer/result.h"
#include "ossxfer/status.h"

namespace ossxfer {

// Receives a response body as it arrives. Returning an error aborts the
// transfer; the operation then fails with that error.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Status Write(const char* data, size_t size) = 0;
};

// Supplies a request body. Size() is sent as Content-Length; Rewind()
// starts over for a retry.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual uint64_t Size() const = 0;
  // Fills up to `capacity` bytes; 0 means the end.
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;
  virtual Status Rewind() = 0;
};

// A sink that keeps everything in memory: for small objects and tests.
class StringSink : public BodySink {
 public:
  Status Write(const char* data, size_t size) override {
    data_.append(data, size);
    return Status();
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

// A source over bytes the caller keeps alive for the request.
class StringSource : public BodySource {
 public:
  explicit StringSource(std::string_view data) : data_(data) {}
  uint64_t Size() const override { return data_.size(); }
  Result<size_t> Read(char* buffer, size_t capacity) override;
  Status Rewind() override {
    offset_ = 0;
    return Status();
  }

 private:
  std::string_view data_;
  size_t offset_ = 0;
};

}  // namespace ossxfer

#endif  // OSSXFER_BODY_H_
