// How a client signs: one Signer, chosen when the client is built (V1 or
// V4, and for V4 the dialect's parameters and the region), so that no
// request path asks again which signature it is using.
#ifndef OSSXFER_AUTH_SIGNER_H_
#define OSSXFER_AUTH_SIGNER_H_

#include <chrono>
#include <memory>

#include "auth/signable_request.h"
#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "util/time_format.h"

namespace ossxfer::auth {

// Thread safety: const and stateless after construction; one Signer serves
// every worker of a client at once.
class Signer {
 public:
  virtual ~Signer() = default;

  // Adds the headers that authenticate `request` as made at `now` (a date
  // header, Authorization, a token header with temporary credentials).
  // Anonymous credentials leave the request as is.
  virtual void SignHeaders(SignableRequest& request,
                           const Credentials& credentials,
                           util::SystemTime now) const = 0;

  // Adds the query parameters that make `request` valid without headers
  // from `now` for `expires`. Callers check the lifetime first: a signer
  // only keeps it within what the server accepts. Anonymous credentials
  // leave the request as is.
  virtual void Presign(SignableRequest& request, const Credentials& credentials,
                       util::SystemTime now,
                       std::chrono::seconds expires) const = 0;
};

// OSS signature V1 (SignerV1).
std::unique_ptr<Signer> MakeSignerV1();

// Signature V4 with `parameters` (kOssV4Parameters, kAwsV4Parameters), for
// the region and service of `scope`.
std::unique_ptr<Signer> MakeSignerV4(const V4Parameters& parameters,
                                     SignerV4Scope scope);

}  // namespace ossxfer::auth

#endif  // OSSXFER_AUTH_SIGNER_H_
