// What the signer tests share: the keys their vectors are signed with, and
// the part of a string to sign that the published vectors quote.
#ifndef OSSXFER_TESTS_AUTH_SIGNING_TEST_VALUES_H_
#define OSSXFER_TESTS_AUTH_SIGNING_TEST_VALUES_H_

#include <string>

#include "ossxfer/credentials.h"

namespace ossxfer::auth::testing {

inline Credentials AkSk() { return Credentials{"ak", "sk", ""}; }
inline Credentials AkSkToken() { return Credentials{"ak", "sk", "token"}; }

// The last line of a string to sign: the hex SHA-256 of the canonical
// request, which is what the published vectors quote.
inline std::string CanonicalHash(const std::string& string_to_sign) {
  return string_to_sign.substr(string_to_sign.rfind('\n') + 1);
}

}  // namespace ossxfer::auth::testing

#endif  // OSSXFER_TESTS_AUTH_SIGNING_TEST_VALUES_H_
