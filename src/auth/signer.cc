#include "auth/signer.h"

#include <utility>

#include "auth/signer_v1.h"

namespace ossxfer::auth {
namespace {

class V1Signer final : public Signer {
 public:
  void SignHeaders(SignableRequest& request, const Credentials& credentials,
                   util::SystemTime now) const override {
    SignerV1::SignHeaders(request, credentials, now);
  }

  // V1 URLs carry an absolute expiry time, not a lifetime.
  void Presign(SignableRequest& request, const Credentials& credentials,
               util::SystemTime now,
               std::chrono::seconds expires) const override {
    SignerV1::Presign(request, credentials,
                      util::ToUnixSeconds(now) + expires.count());
  }
};

class V4Signer final : public Signer {
 public:
  V4Signer(const V4Parameters& parameters, SignerV4Scope scope)
      : signer_(parameters), scope_(std::move(scope)) {}

  void SignHeaders(SignableRequest& request, const Credentials& credentials,
                   util::SystemTime now) const override {
    signer_.SignHeaders(request, credentials, scope_, now);
  }

  void Presign(SignableRequest& request, const Credentials& credentials,
               util::SystemTime now,
               std::chrono::seconds expires) const override {
    signer_.Presign(request, credentials, scope_, now, expires.count());
  }

 private:
  SignerV4 signer_;
  SignerV4Scope scope_;
};

}  // namespace

std::unique_ptr<Signer> MakeSignerV1() { return std::make_unique<V1Signer>(); }

std::unique_ptr<Signer> MakeSignerV4(const V4Parameters& parameters,
                                     SignerV4Scope scope) {
  return std::make_unique<V4Signer>(parameters, std::move(scope));
}

}  // namespace ossxfer::auth
