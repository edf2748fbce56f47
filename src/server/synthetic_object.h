// Objects that exist without being stored: deterministic pseudo-random
// content of any size (up to 1 TiB and beyond), so a client can be tested
// on sizes the disk cannot hold.
//
// The content repeats a fixed block whose length (kPeriod) is prime, so it
// never lines up with power-of-two part sizes: a part written at the wrong
// offset changes the file and fails the CRC64 check.
#ifndef OSSXFER_SERVER_SYNTHETIC_OBJECT_H_
#define OSSXFER_SERVER_SYNTHETIC_OBJECT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ossxfer::server {

class SyntheticObject {
 public:
  static constexpr uint64_t kPeriod = 1048573;  // the largest prime < 1 MiB

  // "1073741824" or "1073741824.bin", optionally under a prefix ("big/...")
  // and after a name and a dash ("f00000012-65536", as a synthetic tree
  // lists them): the size in bytes. nullopt for anything else.
  static std::optional<SyntheticObject> FromKey(std::string_view key);
  explicit SyntheticObject(uint64_t size);

  uint64_t size() const { return size_; }
  // Quoted, stable for a size, multipart-shaped: "\"<32 hex>-1\"".
  const std::string& etag() const { return etag_; }
  // The CRC64 of the whole content, computed in O(log size).
  uint64_t crc64() const { return crc64_; }

  // Copies bytes [offset, offset + length) of the content into `out`.
  void Read(uint64_t offset, char* out, size_t length) const;

 private:
  uint64_t size_;
  std::string etag_;
  uint64_t crc64_;
};

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SYNTHETIC_OBJECT_H_
