#include "util/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ossxfer::util {
namespace {

std::string Digest(const EVP_MD* algorithm, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &length, algorithm, nullptr);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string Hmac(const EVP_MD* algorithm, std::string_view key,
                 std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(algorithm, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

}  // namespace

std::string Md5(std::string_view bytes) { return Digest(EVP_md5(), bytes); }
std::string Sha256(std::string_view bytes) {
  return Digest(EVP_sha256(), bytes);
}
std::string HmacSha1(std::string_view key, std::string_view message) {
  return Hmac(EVP_sha1(), key, message);
}
std::string HmacSha256(std::string_view key, std::string_view message) {
  return Hmac(EVP_sha256(), key, message);
}

struct DigestStream::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

DigestStream::DigestStream(DigestAlgorithm algorithm)
    : context_(std::make_unique<Context>()) {
  const EVP_MD* md = algorithm == DigestAlgorithm::kMd5    ? EVP_md5()
                     : algorithm == DigestAlgorithm::kSha1 ? EVP_sha1()
                                                           : EVP_sha256();
  EVP_DigestInit_ex(context_->ctx, md, nullptr);
}

DigestStream::~DigestStream() = default;

void DigestStream::Update(const void* data, size_t size) {
  EVP_DigestUpdate(context_->ctx, data, size);
}

std::string DigestStream::Finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx, out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

}  // namespace ossxfer::util
