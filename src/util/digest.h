// Message digests and HMACs (OpenSSL EVP). Results are raw bytes; use
// util/encoding.h to print them.
#ifndef OSSXFER_UTIL_DIGEST_H_
#define OSSXFER_UTIL_DIGEST_H_

#include <memory>
#include <string>
#include <string_view>

namespace ossxfer::util {

std::string Md5(std::string_view bytes);
std::string Sha256(std::string_view bytes);
std::string HmacSha1(std::string_view key, std::string_view message);
std::string HmacSha256(std::string_view key, std::string_view message);

enum class DigestAlgorithm { kMd5, kSha1, kSha256 };

// A digest over data that arrives in pieces (an object body being stored or
// a part being uploaded), without holding it all.
class DigestStream {
 public:
  explicit DigestStream(DigestAlgorithm algorithm);
  ~DigestStream();
  DigestStream(const DigestStream&) = delete;
  DigestStream& operator=(const DigestStream&) = delete;

  void Update(const void* data, size_t size);
  // The raw digest (16, 20 or 32 bytes); the stream is spent afterwards.
  std::string Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

class Md5Stream : public DigestStream {
 public:
  Md5Stream() : DigestStream(DigestAlgorithm::kMd5) {}
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_DIGEST_H_
