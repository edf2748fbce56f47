// An ObjectSource (src/transfer/object_source.h) in memory, for
// deterministic tests of the download engine: each fetch can be scripted to
// corrupt a byte, end its body early, break the connection, or find the
// object replaced; the source can ignore Range and tell a part layout. The real
// sources (OSS, URL) are tested against real servers; this one reaches the
// paths those make rare.
#ifndef OSSXFER_TESTS_SUPPORT_FAKE_OBJECT_SOURCE_H_
#define OSSXFER_TESTS_SUPPORT_FAKE_OBJECT_SOURCE_H_

#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "ossxfer/checksum.h"
#include "transfer/object_source.h"

namespace ossxfer::testing {

// What one fetch does instead of delivering its range faithfully.
struct FetchFault {
  enum class Kind {
    kFlipByte,       // deliver everything, one byte inverted at `at`
    kShortBody,      // deliver `at` bytes, then end as if complete
    kBreak,          // deliver `at` bytes, then a network error
    kReplaceObject,  // the object becomes `replacement` before this fetch
  };
  Kind kind;
  uint64_t at = 0;  // bytes into this fetch's range
  std::string replacement;
};

class FakeObjectSource : public transfer::ObjectSource {
 public:
  explicit FakeObjectSource(std::string data) { SetData(std::move(data)); }

  // The server ignores Range: every fetch is the whole object.
  bool ignores_range = false;
  // The object's checksum algorithm, and the value the server claims
  // (unset: the true one). No algorithm: the server sends no checksum.
  std::optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm::kCrc64Ecma;
  std::optional<uint64_t> claimed_checksum;
  // x-*-server-side-encryption as the server would send it.
  std::string server_side_encryption;
  // Whether the ETag is a store's (SourceObject::store_etag).
  bool store_etag = true;
  // The answer to HEAD ?partNumber=1 (unset: the source has no such read).
  std::optional<ObjectPartHead> first_part;

  // The ETag the server gives the current object (a new one replaces it
  // when the object is replaced): S3's MD5 forms, for the ETag check.
  void SetEtag(std::string etag) {
    std::lock_guard lock(mutex_);
    etag_ = std::move(etag);
  }

  // The next fetches, in order, each take the next fault.
  void Script(FetchFault fault) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(fault));
  }
  int fetches() const {
    std::lock_guard lock(mutex_);
    return fetches_;
  }
  std::string data() const {
    std::lock_guard lock(mutex_);
    return data_;
  }

  Result<transfer::SourceObject> Probe(
      const std::function<bool()>&) const override {
    std::lock_guard lock(mutex_);
    transfer::SourceObject object;
    object.metadata.size = data_.size();
    object.metadata.etag = etag_;
    object.metadata.server_side_encryption = server_side_encryption;
    if (algorithm) {
      object.metadata.checksum =
          Checksum{*algorithm, claimed_checksum
                                   ? *claimed_checksum
                                   : ComputeChecksum(*algorithm, data_).value};
    }
    object.ranges = !ignores_range;
    object.validator = "ETag " + etag_;
    object.store_etag = store_etag;
    return object;
  }

  Status Fetch(const transfer::SourceObject& seen, uint64_t first,
               uint64_t last, BodySink& sink,
               const std::function<bool()>&) const override {
    std::optional<FetchFault> fault;
    std::string bytes;
    {
      std::lock_guard lock(mutex_);
      ++fetches_;
      if (!script_.empty()) {
        fault = std::move(script_.front());
        script_.pop_front();
      }
      if (fault && fault->kind == FetchFault::Kind::kReplaceObject) {
        SetDataLocked(fault->replacement);
      }
      if (seen.metadata.etag != etag_) {
        return Status::PreconditionFailed("the object changed (If-Match)");
      }
      if (ignores_range) {
        first = 0;
        last = data_.size() - 1;
      }
      bytes = data_.substr(first, last - first + 1);
    }
    if (fault && fault->kind == FetchFault::Kind::kFlipByte &&
        fault->at < bytes.size()) {
      bytes[fault->at] = static_cast<char>(~bytes[fault->at]);
    }
    bool cut = fault && (fault->kind == FetchFault::Kind::kShortBody ||
                         fault->kind == FetchFault::Kind::kBreak);
    if (cut) bytes.resize(std::min<uint64_t>(fault->at, bytes.size()));
    if (!bytes.empty()) {
      Status written = sink.Write(bytes.data(), bytes.size());
      if (!written.ok()) return written;
    }
    if (fault && fault->kind == FetchFault::Kind::kBreak) {
      return Status::NetworkError("connection reset by the fake source");
    }
    return Status();
  }

  Result<std::optional<ObjectPartHead>> HeadFirstPart(
      const transfer::SourceObject&,
      const std::function<bool()>&) const override {
    std::lock_guard lock(mutex_);
    ++part_heads_;
    return first_part;
  }
  int part_heads() const {
    std::lock_guard lock(mutex_);
    return part_heads_;
  }

  transfer::SourceIdentity Identity() const override {
    return transfer::SourceIdentity{"fake://", "bucket", "key", ""};
  }
  std::string CheckpointKey() const override { return "fake"; }
  std::string Describe() const override { return "fake://bucket/key"; }

 private:
  void SetData(std::string data) {
    std::lock_guard lock(mutex_);
    SetDataLocked(std::move(data));
  }
  void SetDataLocked(std::string data) const {
    data_ = std::move(data);
    etag_ = "\"" + std::to_string(++version_) + "\"";
  }

  mutable std::mutex mutex_;
  mutable std::string data_;
  mutable std::string etag_;
  mutable int version_ = 0;
  mutable std::deque<FetchFault> script_;
  mutable int fetches_ = 0;
  mutable int part_heads_ = 0;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_FAKE_OBJECT_SOURCE_H_
