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

// MD5 over data that arrives in pieces (an object body being stored or a
// part being uploaded), without holding it all.
class Md5Stream {
 public:
  Md5Stream();
  ~Md5Stream();
  Md5Stream(const Md5Stream&) = delete;
  Md5Stream& operator=(const Md5Stream&) = delete;

  void Update(const void* data, size_t size);
  // The 16-byte digest; the stream is spent afterwards.
  std::string Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_DIGEST_H_
